/**
 * Columnar files of datapoint tables: GeoParquet 1.1 written page by page in bounded memory,
 * for DuckDB, pandas (pyarrow), Spark and Sedona. See docs/analytics.md.
 */
package io.swath.columnar;
