package io.swath.core.demo;

/**
 * The Sun's position seen from the ground, from the low-precision formulas of the Astronomical
 * Almanac (good to about 0.01°, plenty for scene metadata).
 */
final class Sun {
  private static final double J2000_US = 946_728_000_000_000L; // 2000-01-01T12:00:00Z
  private static final double DAY_US = 86_400e6;
  /** How fast the hour angle grows: one sidereal turn per 23 h 56 min. */
  static final double SIDEREAL_RAD_PER_US = Math.toRadians(360.98564736629) / DAY_US;

  private Sun() {}

  /**
   * Where the Sun is at one time, independent of the observer.
   *
   * @param rightAscension radians
   * @param declination    radians
   * @param sidereal       Greenwich mean sidereal angle, radians
   */
  record Ephemeris(double rightAscension, double declination, double sidereal) {
    /** The Sun's hour angle (radians) at longitude {@code lonRad}, {@code dtUs} after this ephemeris' time. */
    double hourAngle(double lonRad, long dtUs) {
      return sidereal + SIDEREAL_RAD_PER_US * dtUs + lonRad - rightAscension;
    }
  }

  static Ephemeris at(long us) {
    double n = (us - J2000_US) / DAY_US;
    double meanLon = 280.460 + 0.9856474 * n;
    double g = Math.toRadians(357.528 + 0.9856003 * n);
    double eclipticLon = Math.toRadians(meanLon + 1.915 * Math.sin(g) + 0.020 * Math.sin(2 * g));
    double obliquity = Math.toRadians(23.439 - 0.0000004 * n);
    double ra = Math.atan2(Math.cos(obliquity) * Math.sin(eclipticLon), Math.cos(eclipticLon));
    double dec = Math.asin(Math.sin(obliquity) * Math.sin(eclipticLon));
    double gmst = Math.toRadians((280.46061837 + 360.98564736629 * n) % 360.0);
    return new Ephemeris(ra, dec, gmst);
  }

  /** Sine of the Sun's elevation for an observer at a latitude, given the hour angle. */
  static double sinElevation(double sinLat, double cosLat, double declination, double hourAngle) {
    return sinLat * Math.sin(declination) + cosLat * Math.cos(declination) * Math.cos(hourAngle);
  }

  /** The Sun's azimuth in degrees clockwise from north, 0..360. */
  static double azimuth(double sinLat, double cosLat, double declination, double hourAngle) {
    double az = Math.toDegrees(Math.atan2(-Math.cos(declination) * Math.sin(hourAngle),
        Math.sin(declination) * cosLat - Math.cos(declination) * sinLat * Math.cos(hourAngle)));
    return az < 0 ? az + 360 : az;
  }

  /** Earth–Sun distance in astronomical units. */
  static double distanceAu(long us) {
    double n = (us - J2000_US) / DAY_US;
    double g = Math.toRadians(357.528 + 0.9856003 * n);
    return 1.00014 - 0.01671 * Math.cos(g) - 0.00014 * Math.cos(2 * g);
  }
}
