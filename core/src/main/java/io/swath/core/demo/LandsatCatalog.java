package io.swath.core.demo;

import io.swath.core.demo.Acquisitions.Level;
import io.swath.core.demo.Acquisitions.Scene;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deterministic, Landsat-8-like catalog of 2020 for demos and benchmarks: four collections,
 * {@code L1GT} (19,624 scenes), {@code L1T} (1,281), {@code L1TP} (65,313) and {@code L2SP}
 * (25,375), 111,593 datapoints in all, always the same.
 *
 * <p>Scenes follow the satellite: a sun-synchronous orbit inclined 98.2°, 14.56 orbits a day,
 * crossing the equator southbound at about 10:12 local time, repeating the 233 WRS-2 paths every
 * 16 days; within a day, scene times step along one path after another. Each datapoint is one
 * scene on the WRS-2 path/row grid over land or ice in daylight, with a 185 km × 180 km footprint
 * turned along the ground track (split at the antimeridian where it crosses it), and the metadata
 * USGS publishes for a scene: path and row, cloud cover, sun angles, product and scene ids,
 * processing dates, projection, quality and ground control figures. Level-2 scenes ({@code L2SP})
 * are a subset of the {@code L1TP} scenes, with the same times and footprints.
 *
 * <p>Each collection is a uniform sample of the scenes of its processing level, drawn with a
 * fixed seed in one pass (selection sampling), so rows stream in time order without being held:
 * {@link #generate} hands them to a consumer one at a time.
 */
public final class LandsatCatalog {
  private static final Map<String, Integer> SIZES = new LinkedHashMap<>();

  static {
    SIZES.put("L1GT", 19_624);
    SIZES.put("L1T", 1_281);
    SIZES.put("L1TP", 65_313);
    SIZES.put("L2SP", 25_375);
  }

  private static final List<String> COLLECTIONS = List.copyOf(SIZES.keySet());
  private static final List<String> INSTRUMENTS = List.of("oli", "tirs");

  // field positions
  private static final int GEOMETRY = 0;
  private static final int STAC_ID = 1;
  private static final int PRODUCT_ID = 2;
  private static final int SCENE_ID = 3;
  private static final int PLATFORM = 4;
  private static final int INSTRUMENTS_AT = 5;
  private static final int PROCESSING_LEVEL = 6;
  private static final int CATEGORY = 7;
  private static final int COLLECTION_NUMBER = 8;
  private static final int DATA_TYPE = 9;
  private static final int WRS_PATH = 10;
  private static final int WRS_ROW = 11;
  private static final int DATE_ACQUIRED = 12;
  private static final int DATE_PROCESSED = 13;
  private static final int CLOUD_COVER = 14;
  private static final int CLOUD_COVER_LAND = 15;
  private static final int SUN_AZIMUTH = 16;
  private static final int SUN_ELEVATION = 17;
  private static final int EARTH_SUN_DISTANCE = 18;
  private static final int OFF_NADIR = 19;
  private static final int ROLL_ANGLE = 20;
  private static final int DATUM = 21;
  private static final int MAP_PROJECTION = 22;
  private static final int UTM_ZONE = 23;
  private static final int EPSG = 24;
  private static final int IMAGE_QUALITY_OLI = 25;
  private static final int IMAGE_QUALITY_TIRS = 26;
  private static final int RMSE_MODEL = 27;
  private static final int GCP_MODEL = 28;
  private static final int GCP_VERSION = 29;
  private static final int SOFTWARE = 30;
  private static final int TIRS_SSM_MODEL = 31;
  private static final int STATION_ID = 32;
  private static final int THUMBNAIL = 33;

  private static final Schema SCHEMA = Schema.forKind(DatasetKind.SPATIOTEMPORAL, List.of(
      new Field("geometry", FieldType.GEOMETRY, false, "scene footprint (WGS84)"),
      new Field("stac_id", FieldType.STRING, false, "STAC item id, e.g. LC08_L1TP_044034_20200101_02_T1"),
      new Field("landsat_product_id", FieldType.STRING, false, "USGS product id, e.g. LC08_L1TP_044034_20200101_20200113_02_T1"),
      new Field("landsat_scene_id", FieldType.STRING, false, "USGS scene id, e.g. LC80440342020001LGN00"),
      new Field("platform", FieldType.STRING, false, "satellite"),
      new Field("instruments", FieldType.STRING, true, "sensors"),
      new Field("processing_level", FieldType.STRING, false, "L1GT, L1T, L1TP or L2SP"),
      new Field("collection_category", FieldType.STRING, false, "tier: T1, T2 or RT (real time)"),
      new Field("collection_number", FieldType.STRING, false, "USGS collection"),
      new Field("data_type", FieldType.STRING, false, "sensors and processing level"),
      new Field("wrs_path", FieldType.INT64, false, "WRS-2 path, 1-233"),
      new Field("wrs_row", FieldType.INT64, false, "WRS-2 row, 1-248"),
      new Field("date_acquired", FieldType.TIMESTAMP, false, "acquisition date (start of the UTC day)"),
      new Field("date_processed", FieldType.TIMESTAMP, false, "processing date (start of the UTC day)"),
      new Field("cloud_cover", FieldType.FLOAT64, false, "scene cloud cover, percent"),
      new Field("cloud_cover_land", FieldType.FLOAT64, false, "cloud cover over land, percent"),
      new Field("sun_azimuth", FieldType.FLOAT64, false, "degrees clockwise from north at the scene centre"),
      new Field("sun_elevation", FieldType.FLOAT64, false, "degrees above the horizon at the scene centre"),
      new Field("earth_sun_distance", FieldType.FLOAT64, false, "astronomical units"),
      new Field("view:off_nadir", FieldType.INT64, false, "degrees"),
      new Field("roll_angle", FieldType.FLOAT64, false, "degrees"),
      new Field("datum", FieldType.STRING, false, "geodetic datum"),
      new Field("map_projection", FieldType.STRING, false, "UTM, or PS (polar stereographic) in Antarctica"),
      new Field("utm_zone", FieldType.INT64, false, "UTM zone, null for PS"),
      new Field("epsg", FieldType.INT64, false, "EPSG code of the product projection"),
      new Field("image_quality_oli", FieldType.INT64, false, "0-9, 9 best"),
      new Field("image_quality_tirs", FieldType.INT64, false, "0-9, 9 best"),
      new Field("geometric_rmse_model", FieldType.FLOAT64, false, "metres; null without ground control"),
      new Field("ground_control_points_model", FieldType.INT64, false, "null without ground control"),
      new Field("ground_control_points_version", FieldType.INT64, false, "ground control point set"),
      new Field("processing_software_version", FieldType.STRING, false, "processing system"),
      new Field("tirs_ssm_model", FieldType.STRING, false, "TIRS scene select mirror model"),
      new Field("station_id", FieldType.STRING, false, "ground station"),
      new Field("thumbnail", FieldType.STRING, false, "browse image URL")));

  private LandsatCatalog() {}

  /** The schema of every collection; {@code geometry} first. */
  public static Schema schema() {
    return SCHEMA;
  }

  /** The collection names: {@code L1GT}, {@code L1T}, {@code L1TP}, {@code L2SP}. */
  public static List<String> collections() {
    return COLLECTIONS;
  }

  /**
   * The number of datapoints in a collection.
   *
   * @throws IllegalArgumentException for an unknown collection
   */
  public static int size(String collection) {
    Integer n = SIZES.get(Objects.requireNonNull(collection, "collection"));
    if (n == null) {
      throw new IllegalArgumentException("no collection '" + collection + "' in the Landsat catalog; it has " + COLLECTIONS);
    }
    return n;
  }

  /** The number of datapoints in all collections: 111,593. */
  public static int totalSize() {
    return SIZES.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Generates the datapoints of {@code collection} in time order and hands each to {@code sink}.
   * The output is the same on every call; each row and its values are new objects.
   *
   * @throws IllegalArgumentException for an unknown collection
   */
  public static void generate(String collection, Consumer<? super RowValues> sink) {
    int n = size(collection);
    Objects.requireNonNull(sink, "sink");
    Counts counts = Counts.INSTANCE;
    if (collection.equals("L2SP")) {
      Sampler l1 = new Sampler(SIZES.get("L1TP"), counts.eligible[Level.L1TP.ordinal()], salt(Level.L1TP));
      Sampler l2 = new Sampler(n, counts.levelTwoEligible, LEVEL_TWO_SALT);
      Acquisitions.walk(s -> {
        if (s.level == Level.L1TP && l1.take(s) && hasLevelTwo(s) && l2.take(s)) {
          sink.accept(row(s, "L2SP"));
        }
      });
    } else {
      Level level = Level.valueOf(collection);
      Sampler sampler = new Sampler(n, counts.eligible[level.ordinal()], salt(level));
      Acquisitions.walk(s -> {
        if (s.level == level && sampler.take(s)) {
          sink.accept(row(s, collection));
        }
      });
    }
  }

  /**
   * The sampling stream of a level. L2SP reuses the L1TP stream to pick the same L1TP scenes
   * first, so its scenes are a subset of the L1TP collection.
   */
  private static long salt(Level level) {
    return switch (level) {
      case L1GT -> 13;
      case L1T -> 14;
      case L1TP -> 11;
    };
  }

  private static final long LEVEL_TWO_SALT = 12;

  /** Level-2 products are made for tiered (not real-time) L1TP scenes. */
  static boolean hasLevelTwo(Scene s) {
    return s.timeUs < Acquisitions.REAL_TIME_FROM_US;
  }

  /**
   * Selection sampling (Knuth's algorithm S): takes exactly {@code wanted} of {@code total}
   * candidates seen in order, each subset equally likely, with a per-scene random number.
   */
  static final class Sampler {
    private final long salt;
    private final long wanted;
    private final long total;
    private long seen;
    private long taken;

    Sampler(long wanted, long total, long salt) {
      if (total < wanted) {
        throw new IllegalStateException("only " + total + " candidate scenes for " + wanted + " datapoints");
      }
      this.wanted = wanted;
      this.total = total;
      this.salt = salt * 0xD6E8_FEB8_6659_FD93L;
    }

    boolean take(Scene s) {
      boolean take = s.unit(salt) * (total - seen) < wanted - taken;
      seen++;
      if (take) {
        taken++;
      }
      return take;
    }
  }

  /** How many candidate scenes each level has; computed once, in two passes over the year. */
  static final class Counts {
    static final Counts INSTANCE = new Counts();
    final long[] eligible = new long[Level.values().length];
    final long levelTwoEligible;

    private Counts() {
      Acquisitions.walk(s -> eligible[s.level.ordinal()]++);
      Sampler l1 = new Sampler(SIZES.get("L1TP"), eligible[Level.L1TP.ordinal()], salt(Level.L1TP));
      long[] two = new long[1];
      Acquisitions.walk(s -> {
        if (s.level == Level.L1TP && l1.take(s) && hasLevelTwo(s)) {
          two[0]++;
        }
      });
      levelTwoEligible = two[0];
    }
  }

  static RowValues row(Scene s, String collection) {
    Object[] v = new Object[SCHEMA.size()];
    boolean levelTwo = collection.equals("L2SP");
    long day = Math.floorDiv(s.timeUs, 86_400_000_000L);
    String category = category(s);
    long processedDay = day + (category.equals("RT") ? 1 : 6 + (long) (s.unit(20) * 15)) + (levelTwo ? 1 + (long) (s.unit(21) * 3) : 0);
    String pathRow = pad3(s.path) + pad3(s.row);
    String acquired = yyyymmdd(day);
    String stacId = "LC08_" + collection + "_" + pathRow + "_" + acquired + "_02_" + category;
    String productId = "LC08_" + collection + "_" + pathRow + "_" + acquired + "_" + yyyymmdd(processedDay) + "_02_" + category;
    LocalDate date = LocalDate.ofEpochDay(day);

    v[GEOMETRY] = s.footprint();
    v[STAC_ID] = stacId;
    v[PRODUCT_ID] = productId;
    v[SCENE_ID] = "LC8" + pathRow + date.getYear() + pad3(date.getDayOfYear()) + "LGN00";
    v[PLATFORM] = "landsat-8";
    v[INSTRUMENTS_AT] = INSTRUMENTS;
    v[PROCESSING_LEVEL] = collection;
    v[CATEGORY] = category;
    v[COLLECTION_NUMBER] = "02";
    v[DATA_TYPE] = "OLI_TIRS_" + collection;
    v[WRS_PATH] = (long) s.path;
    v[WRS_ROW] = (long) s.row;
    v[DATE_ACQUIRED] = Times.fromMicros(day * 86_400_000_000L);
    v[DATE_PROCESSED] = Times.fromMicros(processedDay * 86_400_000_000L);
    double cloud = s.cloudCover();
    v[CLOUD_COVER] = cloud;
    double land = cloud + (s.unit(22) - 0.5) * 12.0;
    v[CLOUD_COVER_LAND] = Math.round(Math.max(0, Math.min(100, land)) * 100.0) / 100.0;
    v[SUN_AZIMUTH] = Math.round(s.sunAzimuth() * 1e8) / 1e8;
    v[SUN_ELEVATION] = Math.round(s.sunElevation() * 1e8) / 1e8;
    v[EARTH_SUN_DISTANCE] = Math.round(Sun.distanceAu(s.timeUs) * 1e7) / 1e7;
    v[OFF_NADIR] = 0L;
    v[ROLL_ANGLE] = -0.001;
    v[DATUM] = "WGS84";
    if (s.latitude() < -63.0) {
      v[MAP_PROJECTION] = "PS";
      v[EPSG] = 3031L;
    } else {
      long zone = Math.min(60, (long) Math.floor((s.longitude() + 180.0) / 6.0) + 1);
      v[MAP_PROJECTION] = "UTM";
      v[UTM_ZONE] = zone;
      v[EPSG] = 32600L + zone;
    }
    v[IMAGE_QUALITY_OLI] = s.unit(23) < 0.06 ? 7L : 9L;
    v[IMAGE_QUALITY_TIRS] = s.unit(24) < 0.03 ? 7L : 9L;
    if (s.level != Level.L1GT) {
      v[RMSE_MODEL] = rmse(s);
      v[GCP_MODEL] = 20L + (long) ((1.0 - cloud / 100.0) * (200 + s.unit(26) * 800));
    }
    v[GCP_VERSION] = 5L;
    v[SOFTWARE] = levelTwo ? "LaSRC_1.5.0" : "LPGS_15.3.1c";
    v[TIRS_SSM_MODEL] = category.equals("RT") ? "PRELIMINARY" : "FINAL";
    v[STATION_ID] = "LGN";
    v[THUMBNAIL] = "https://landsatlook.usgs.gov/gen-browse?size=thumb&type=refl&product_id=" + productId;
    return new RowValues(s.timeUs, v);
  }

  /** Geometric RMSE of the ground control model, metres. */
  private static double rmse(Scene s) {
    double u = s.unit(25);
    return Math.round((3.0 + 9.0 * u * u + (s.level == Level.L1T ? 3.0 : 0.0)) * 1000.0) / 1000.0;
  }

  /** The tier: real time for the last two weeks, T2 without ground control or with a poor fit, else T1. */
  static String category(Scene s) {
    if (s.level == Level.L1GT) {
      return "T2";
    }
    if (s.level == Level.L1TP && !hasLevelTwo(s)) {
      return "RT";
    }
    return rmse(s) > 10.5 ? "T2" : "T1";
  }

  private static String pad3(int v) {
    return v < 10 ? "00" + v : v < 100 ? "0" + v : Integer.toString(v);
  }

  private static String yyyymmdd(long epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    int n = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    return Integer.toString(n);
  }

  /** Every row of every collection, for callers that want them all at once (tests, small demos). */
  static List<RowValues> all(String collection) {
    List<RowValues> out = new ArrayList<>(size(collection));
    generate(collection, out::add);
    return out;
  }
}
