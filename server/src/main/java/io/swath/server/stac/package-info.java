/**
 * The STAC API v1.0.0 on the server's HTTP port ({@link io.swath.server.stac.StacApi}): every
 * Swath collection is a STAC collection and every datapoint a STAC item, rendered straight from
 * the stored row encoding; item search with the filter (CQL2), sort and fields extensions, paged
 * by keyset on the time-ordered datapoint ids. Everything but the handler is internal.
 */
package io.swath.server.stac;
