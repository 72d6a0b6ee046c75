package io.swath.imagery.cog;

import java.net.URI;

/** The GeoTIFF keys Swath needs: the model type, the EPSG code and the raster type. */
record GeoKeys(int modelType, int projected, int geographic, int rasterType) {
  static final int MODEL_TYPE = 1024;
  static final int RASTER_TYPE = 1025;
  static final int GEOGRAPHIC_TYPE = 2048;
  static final int PROJECTED_TYPE = 3072;

  static GeoKeys of(Ifd ifd) {
    long[] d = ifd.longs(Ifd.GEO_KEY_DIRECTORY);
    int model = 0;
    int proj = 0;
    int geo = 0;
    int raster = 1;
    if (d != null && d.length >= 4) {
      int n = (int) d[3];
      for (int i = 0; i < n && 4 + i * 4 + 3 < d.length; i++) {
        int key = (int) d[4 + i * 4];
        int location = (int) d[4 + i * 4 + 1];
        int value = (int) d[4 + i * 4 + 3];
        if (location != 0) {
          continue; // values in other tags: not needed for the keys read here
        }
        switch (key) {
          case MODEL_TYPE -> model = value;
          case RASTER_TYPE -> raster = value;
          case GEOGRAPHIC_TYPE -> geo = value;
          case PROJECTED_TYPE -> proj = value;
          default -> { }
        }
      }
    }
    return new GeoKeys(model, proj, geo, raster);
  }

  boolean pixelIsPoint() {
    return rasterType == 2;
  }

  int epsg(URI uri) {
    int code = modelType == 2 ? geographic : projected != 0 ? projected : geographic;
    if (code == 0 || code == 32767) {
      throw new UnsupportedOperationException(uri + ": the coordinate system is not given as an EPSG code"
          + " (user-defined GeoTIFF CRSs are not supported)");
    }
    return code;
  }
}
