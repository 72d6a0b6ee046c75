package io.swath.server.stac;

import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatasetRecord;

/**
 * One STAC collection the API serves: a Swath collection of a dataset, under its STAC id.
 *
 * @param stacId     the STAC collection id
 * @param dataset    the dataset
 * @param collection the collection
 * @param layout     how the dataset's datapoints become items
 */
record StacTarget(String stacId, DatasetRecord dataset, CollectionRecord collection, ItemLayout layout) {}
