/**
 * STAC Items as Swath datapoints and back, losslessly.
 *
 * <p>{@link io.swath.core.stac.StacSchemas#infer StacSchemas.infer} reads a set of items and
 * returns the {@link io.swath.core.stac.StacSchema} that holds them: a spatio-temporal dataset
 * schema (footprint first, typed fields for the properties, json fields for assets and links) and
 * a {@link io.swath.core.stac.StacMapping} of what the schema cannot say (original property
 * names, timestamp formats). {@link io.swath.core.stac.StacItems} then converts each item to a
 * time and row values, ready for {@link io.swath.core.table.RowCodec}, and rows back to items.
 *
 * <pre>{@code
 * StacSchema stac = StacSchemas.infer(items);
 * RowValues dp = StacItems.toDatapoint(item, stac);
 * RowCodec.encode(stac.schema(), dp.values(), sink);
 * ...
 * ObjectNode again = StacItems.toItem(timeUs, RowCodec.decode(stac.schema(), buf, off, len), stac);
 * }</pre>
 */
package io.swath.core.stac;
