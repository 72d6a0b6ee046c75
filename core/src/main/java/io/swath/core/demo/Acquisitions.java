package io.swath.core.demo;

import org.locationtech.jts.geom.Geometry;

/**
 * Every scene Landsat 8 could have imaged in 2020 on this model, in time order: orbit after orbit
 * along WRS-2 paths, each daylit row over land or ice with the Sun at least {@link #MIN_SUN_ELEVATION}
 * above the horizon. Each scene gets its cloud cover and processing level from a hash of its orbit
 * and row, so the same scene always looks the same.
 */
final class Acquisitions {
  static final long YEAR_START_US = 1_577_836_800_000_000L; // 2020-01-01T00:00:00Z
  static final long YEAR_END_US = 1_609_459_200_000_000L;   // 2021-01-01T00:00:00Z
  /** Scenes from here on are still in the real-time tier at the end of the year. */
  static final long REAL_TIME_FROM_US = 1_608_163_200_000_000L; // 2020-12-17T00:00:00Z
  static final long SEED = 0x5EED_2020_1A4D_5A78L;
  static final double MIN_SUN_ELEVATION = 5.0;
  private static final double MIN_SIN_ELEVATION = Math.sin(Math.toRadians(MIN_SUN_ELEVATION));
  /** Scenes cloudier than this have too few ground control points for precision correction. */
  static final double HEAVY_CLOUD = 80.0;
  /**
   * The schedule is anchored on a real acquisition, path 45 row 34 at 2016-08-21T18:52:22.63Z
   * (Landsat 8 keeps to the WRS-2 16-day cycle, so its passes repeat exactly): orbit 0 is the pass
   * of path 45 whole 16-day cycles later, on 2020-01-05. Its descending node is at about 10:12
   * local mean solar time, Landsat 8's crossing time.
   */
  static final int ORBIT0_PATH = 45;
  static final long ORBIT0_NODE_US = 1_471_805_542_630_000L - Wrs2.rowOffsetUs(34) + 77 * 16 * 86_400_000_000L;

  /** The processing level a scene gets. */
  enum Level { L1GT, L1T, L1TP }

  // Per cell (path, daylit row), index (path-1)*DAY_ROWS + row-1.
  private static final int CELLS = Wrs2.PATHS * Wrs2.DAY_ROWS;
  static final double[] CELL_LAT = new double[CELLS];
  static final double[] CELL_LON = new double[CELLS];
  static final byte[] CELL_SURFACE = new byte[CELLS];
  static final double[][][] CELL_FOOTPRINT = new double[CELLS][][];
  private static final double[] CELL_SIN_LAT = new double[CELLS];
  private static final double[] CELL_COS_LAT = new double[CELLS];
  private static final double[] CELL_LON_RAD = new double[CELLS];
  /** Exponent of the cloud cover draw, {@code 100 u^k}, from the latitude's mean cloudiness. */
  private static final double[] CELL_CLOUD_EXPONENT = new double[CELLS];
  /** The draw {@code u} above which the cloud cover exceeds {@link #HEAVY_CLOUD}. */
  private static final double[] CELL_HEAVY_CLOUD_DRAW = new double[CELLS];
  private static final long[] ROW_OFFSET_US = new long[Wrs2.DAY_ROWS + 1];

  static {
    for (int row = 1; row <= Wrs2.DAY_ROWS; row++) {
      ROW_OFFSET_US[row] = Wrs2.rowOffsetUs(row);
    }
    for (int path = 1; path <= Wrs2.PATHS; path++) {
      for (int row = 1; row <= Wrs2.DAY_ROWS; row++) {
        int cell = cell(path, row);
        double[] c = Wrs2.centre(path, row);
        CELL_LAT[cell] = c[0];
        CELL_LON[cell] = c[1];
        CELL_SIN_LAT[cell] = Math.sin(Math.toRadians(c[0]));
        CELL_COS_LAT[cell] = Math.cos(Math.toRadians(c[0]));
        CELL_LON_RAD[cell] = Math.toRadians(c[1]);
        double k = 100.0 / meanCloudCover(c[0]) - 1.0;
        CELL_CLOUD_EXPONENT[cell] = k;
        CELL_HEAVY_CLOUD_DRAW[cell] = Math.pow(HEAVY_CLOUD / 100.0, 1.0 / k);
        CELL_SURFACE[cell] = (byte) LandMask.near(c[1], c[0]);
        if (CELL_SURFACE[cell] != LandMask.WATER) {
          CELL_FOOTPRINT[cell] = Wrs2.footprint(path, row);
        }
      }
    }
  }

  private Acquisitions() {}

  static int cell(int path, int row) {
    return (path - 1) * Wrs2.DAY_ROWS + row - 1;
  }

  /** One candidate scene; a visitor gets the same instance again and again, refilled. */
  static final class Scene {
    long orbit;
    int path;
    int row;
    int cell;
    long timeUs;
    long hash;
    double declination;
    double hourAngle;
    Level level;

    /** A number in [0, 1) fixed for this scene and {@code salt}. */
    double unit(long salt) {
      return (mix(hash ^ salt) >>> 11) * 0x1.0p-53;
    }

    /** Cloud cover in percent, two decimals. */
    double cloudCover() {
      return Math.round(100.0 * Math.pow(unit(CLOUD_SALT), CELL_CLOUD_EXPONENT[cell]) * 100.0) / 100.0;
    }

    double sunElevation() {
      return Math.toDegrees(Math.asin(Sun.sinElevation(CELL_SIN_LAT[cell], CELL_COS_LAT[cell], declination, hourAngle)));
    }

    double sunAzimuth() {
      return Sun.azimuth(CELL_SIN_LAT[cell], CELL_COS_LAT[cell], declination, hourAngle);
    }

    double latitude() {
      return CELL_LAT[cell];
    }

    double longitude() {
      return CELL_LON[cell];
    }

    /** A new footprint geometry. */
    Geometry footprint() {
      return Wrs2.toGeometry(CELL_FOOTPRINT[cell]);
    }
  }

  private static final long CLOUD_SALT = 1;
  private static final long LEVEL_SALT = 2;

  interface Visitor {
    void visit(Scene s);
  }

  /** Calls {@code v} for every candidate scene of 2020, in time order. */
  static void walk(Visitor v) {
    long period = (long) Wrs2.PERIOD_US;
    long first = Math.floorDiv(YEAR_START_US - ORBIT0_NODE_US, period) - 1;
    long last = Math.floorDiv(YEAR_END_US - ORBIT0_NODE_US, period) + 1;
    Scene s = new Scene();
    for (long k = first; k <= last; k++) {
      int path = (int) Math.floorMod(ORBIT0_PATH - 1 + 16 * k, (long) Wrs2.PATHS) + 1;
      long node = ORBIT0_NODE_US + Math.round(k * Wrs2.PERIOD_US);
      // the Sun moves little during the 50 minutes of a daylit pass: one ephemeris per orbit
      Sun.Ephemeris sun = Sun.at(node);
      for (int row = 1; row <= Wrs2.DAY_ROWS; row++) {
        int cell = cell(path, row);
        int surface = CELL_SURFACE[cell];
        if (surface == LandMask.WATER) {
          continue;
        }
        long t = node + ROW_OFFSET_US[row];
        if (t < YEAR_START_US || t >= YEAR_END_US) {
          continue;
        }
        double h = sun.hourAngle(CELL_LON_RAD[cell], ROW_OFFSET_US[row]);
        if (Sun.sinElevation(CELL_SIN_LAT[cell], CELL_COS_LAT[cell], sun.declination(), h) < MIN_SIN_ELEVATION) {
          continue;
        }
        s.orbit = k;
        s.path = path;
        s.row = row;
        s.cell = cell;
        s.timeUs = t;
        s.hash = mix(SEED ^ (k * 0x9E37_79B9_7F4A_7C15L) ^ (row * 0xC2B2_AE3D_27D4_EB4FL));
        s.declination = sun.declination();
        s.hourAngle = h;
        s.level = level(surface, s.unit(CLOUD_SALT) > CELL_HEAVY_CLOUD_DRAW[cell], s.unit(LEVEL_SALT));
        v.visit(s);
      }
    }
  }

  /** Mean cloud cover by latitude, percent: cloudy tropics and high latitudes, clear subtropics. */
  static double meanCloudCover(double lat) {
    double a = Math.abs(lat);
    double[][] mean = {{0, 62}, {10, 58}, {20, 35}, {28, 24}, {40, 42}, {55, 62}, {70, 58}, {90, 45}};
    for (int i = 1; i < mean.length; i++) {
      if (a <= mean[i][0]) {
        double f = (a - mean[i - 1][0]) / (mean[i][0] - mean[i - 1][0]);
        return mean[i - 1][1] + f * (mean[i][1] - mean[i - 1][1]);
      }
    }
    return mean[mean.length - 1][1];
  }

  /**
   * The processing level: scenes with too few ground control points (ice sheets, heavy cloud)
   * are systematic terrain corrected (L1GT); a small share is processed as L1T; the rest is
   * precision terrain corrected (L1TP).
   */
  static Level level(int surface, boolean heavyCloud, double u) {
    if (surface == LandMask.ICE || heavyCloud) {
      return Level.L1GT;
    }
    return u < 0.03 ? Level.L1T : Level.L1TP;
  }

  /** SplitMix64's finalizer: a good 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
