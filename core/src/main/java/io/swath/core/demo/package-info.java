/**
 * Generated, realistic test and demo data: {@link io.swath.core.demo.LandsatCatalog}, a
 * Landsat-8-like catalog of 2020 on the WRS-2 grid, used by {@code swath demo} and the benchmarks.
 * Everything here is deterministic: the same code gives the same datapoints.
 */
package io.swath.core.demo;
