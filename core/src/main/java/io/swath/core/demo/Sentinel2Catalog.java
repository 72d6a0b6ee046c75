package io.swath.core.demo;

import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded, Sentinel-2-L2A-like catalog of any size for scale benchmarks: granules of about
 * 110 × 110 km over land and ice anywhere between 84° S and 84° N (so some cross the
 * antimeridian, split there, and some lie close to the poles), acquired from 2019 through 2025,
 * each with the metadata a Sentinel-2 L2A STAC item carries (cloud cover, tile, orbit, sun
 * angles, surface class percentages, ...), 18 fields in all.
 *
 * <p>The same {@code (count, seed)} always gives the same rows, in time order: acquisition
 * times step evenly through the seven years with a random jitter, and each granule's place is
 * drawn uniformly on the sphere until it falls on land or ice.
 */
public final class Sentinel2Catalog {
  /** First acquisition instant: 2019-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2019-01-01T00:00:00Z");
  /** End of the acquisitions, exclusive: 2026-01-01T00:00:00Z. */
  public static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  private static final double HALF_SIDE_KM = 54.9;
  private static final double MAX_LATITUDE = 84.0;
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

  private static final Schema SCHEMA = Schema.forKind(DatasetKind.SPATIOTEMPORAL, List.of(
      new Field("geometry", FieldType.GEOMETRY, false, "granule footprint (WGS84), split at the antimeridian"),
      new Field("stac_id", FieldType.STRING, false, "item id, e.g. S2B_MSIL2A_20220612T103629_R008_T31UDQ_20220612T134523"),
      new Field("platform", FieldType.STRING, false, "sentinel-2a or sentinel-2b"),
      new Field("constellation", FieldType.STRING, false, "sentinel-2"),
      new Field("mgrs_tile", FieldType.STRING, false, "MGRS tile, e.g. 31UDQ"),
      new Field("relative_orbit", FieldType.INT64, false, "relative orbit, 1-143"),
      new Field("cloud_cover", FieldType.FLOAT64, false, "cloudy pixels, percent"),
      new Field("nodata_pixel_percentage", FieldType.FLOAT64, false, "percent"),
      new Field("snow_ice_percentage", FieldType.FLOAT64, false, "percent"),
      new Field("vegetation_percentage", FieldType.FLOAT64, false, "percent"),
      new Field("water_percentage", FieldType.FLOAT64, false, "percent"),
      new Field("sun_azimuth", FieldType.FLOAT64, false, "degrees clockwise from north"),
      new Field("sun_elevation", FieldType.FLOAT64, false, "degrees above the horizon"),
      new Field("processing_baseline", FieldType.STRING, false, "e.g. 05.09"),
      new Field("epsg", FieldType.INT64, false, "EPSG code of the granule's UTM zone"),
      new Field("datatake_id", FieldType.STRING, false, "datatake identifier"),
      new Field("processed", FieldType.TIMESTAMP, false, "processing time"),
      new Field("product_uri", FieldType.STRING, false, "SAFE product name")));

  /** Position of {@code geometry} in {@link #schema()}. */
  public static final int GEOMETRY = 0;
  /** Position of {@code stac_id} in {@link #schema()}. */
  public static final int STAC_ID = 1;

  private Sentinel2Catalog() {}

  /** The schema of every row; {@code geometry} first, {@code stac_id} second. */
  public static Schema schema() {
    return SCHEMA;
  }

  /**
   * Hands {@code count} rows to {@code sink} in time order, always the same ones for the same
   * {@code count} and {@code seed}.
   *
   * @throws IllegalArgumentException when {@code count} is negative
   */
  public static void generate(long count, long seed, Consumer<? super RowValues> sink) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    long startUs = Times.micros(START);
    double stepUs = (double) (Times.micros(END) - startUs) / Math.max(1, count);
    for (long i = 0; i < count; i++) {
      long timeUs = startUs + (long) ((i + random.nextDouble()) * stepUs);
      sink.accept(row(timeUs, random));
    }
  }

  private static RowValues row(long timeUs, SplittableRandom r) {
    double lat;
    double lon;
    do {
      // uniform on the sphere between the latitude limits
      double zMax = Math.sin(Math.toRadians(MAX_LATITUDE));
      lat = Math.toDegrees(Math.asin((r.nextDouble() * 2 - 1) * zMax));
      lon = r.nextDouble() * 360 - 180;
    } while (LandMask.at(lon, lat) == LandMask.WATER);
    double heading = 180 - 12 + r.nextDouble() * 2; // descending orbit, about 12° off south
    Object[] v = new Object[SCHEMA.size()];
    v[GEOMETRY] = Wrs2.toGeometry(Wrs2.rectangle(new double[] {lat, lon}, heading, HALF_SIDE_KM, HALF_SIDE_KM));
    boolean b = r.nextBoolean();
    int zone = Math.min(60, (int) Math.floor((lon + 180) / 6) + 1);
    char band = "CDEFGHJKLMNPQRSTUVWXX".charAt((int) Math.min(20, Math.max(0, Math.floor((lat + 80) / 8))));
    String tile = String.format(Locale.ROOT, "%02d%c%c%c", zone, band, (char) ('A' + r.nextInt(24)), (char) ('A' + r.nextInt(20)));
    int orbit = 1 + r.nextInt(143);
    long processedUs = timeUs + 3_600_000_000L + (long) (r.nextDouble() * 20 * 3_600_000_000L);
    String sensed = COMPACT.format(LocalDateTime.ofInstant(Times.fromMicros(timeUs), ZoneOffset.UTC));
    String processed = COMPACT.format(LocalDateTime.ofInstant(Times.fromMicros(processedUs), ZoneOffset.UTC));
    String baseline = timeUs < Times.micros(Instant.parse("2022-01-25T00:00:00Z")) ? "02.14" : "05.09";
    String sat = b ? "S2B" : "S2A";
    v[STAC_ID] = sat + "_MSIL2A_" + sensed + "_R" + String.format(Locale.ROOT, "%03d", orbit) + "_T" + tile + "_" + processed;
    v[2] = b ? "sentinel-2b" : "sentinel-2a";
    v[3] = "sentinel-2";
    v[4] = tile;
    v[5] = (long) orbit;
    double cloud = Math.round(r.nextDouble() * 100 * 1e4) / 1e4;
    v[6] = cloud;
    v[7] = r.nextDouble() < 0.6 ? 0.0 : Math.round(r.nextDouble() * 100 * 1e4) / 1e4;
    double snow = Math.abs(lat) > 60 ? r.nextDouble() * 80 : r.nextDouble() * 5;
    double water = r.nextDouble() * 20;
    v[8] = Math.round(snow * 1e4) / 1e4;
    v[9] = Math.round(Math.max(0, 100 - cloud - snow - water) * r.nextDouble() * 1e4) / 1e4;
    v[10] = Math.round(water * 1e4) / 1e4;
    v[11] = Math.round((120 + r.nextDouble() * 60) * 1e6) / 1e6;
    v[12] = Math.round((90 - Math.abs(lat) * 0.8 + r.nextDouble() * 10 - 5) * 1e6) / 1e6;
    v[13] = baseline;
    v[14] = (lat >= 0 ? 32600L : 32700L) + zone;
    v[15] = "GS2" + sat.charAt(2) + "_" + sensed + "_" + String.format(Locale.ROOT, "%06d", r.nextInt(1_000_000)) + "_N" + baseline;
    v[16] = Times.fromMicros(processedUs);
    v[17] = sat + "_MSIL2A_" + sensed + "_N" + baseline.replace(".", "") + "_R" + String.format(Locale.ROOT, "%03d", orbit) + "_T" + tile
        + "_" + processed + ".SAFE";
    return new RowValues(timeUs, v);
  }
}
