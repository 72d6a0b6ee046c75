/**
 * Columnar files of datapoint tables: GeoParquet 1.1 written page by page in bounded memory
 * ({@link io.swath.columnar.GeoParquetWriter}), for DuckDB, pandas (pyarrow), Spark and Sedona,
 * and GeoParquet files of any writer read row group by row group
 * ({@link io.swath.columnar.GeoParquetReader}) for ingest. See docs/analytics.md.
 */
package io.swath.columnar;
