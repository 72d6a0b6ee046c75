package io.swath.imagery.cog;

import java.util.Map;

/** One TIFF image file directory: an image (full resolution or an overview) or a mask. */
final class Ifd {
  static final int NEW_SUBFILE_TYPE = 254;
  static final int IMAGE_WIDTH = 256;
  static final int IMAGE_LENGTH = 257;
  static final int BITS_PER_SAMPLE = 258;
  static final int COMPRESSION = 259;
  static final int PHOTOMETRIC = 262;
  static final int STRIP_OFFSETS = 273;
  static final int SAMPLES_PER_PIXEL = 277;
  static final int ROWS_PER_STRIP = 278;
  static final int STRIP_BYTE_COUNTS = 279;
  static final int PLANAR_CONFIG = 284;
  static final int PREDICTOR = 317;
  static final int TILE_WIDTH = 322;
  static final int TILE_LENGTH = 323;
  static final int TILE_OFFSETS = 324;
  static final int TILE_BYTE_COUNTS = 325;
  static final int EXTRA_SAMPLES = 338;
  static final int SAMPLE_FORMAT = 339;
  static final int JPEG_TABLES = 347;
  static final int MODEL_PIXEL_SCALE = 33550;
  static final int MODEL_TIEPOINT = 33922;
  static final int MODEL_TRANSFORMATION = 34264;
  static final int GEO_KEY_DIRECTORY = 34735;
  static final int GEO_DOUBLE_PARAMS = 34736;
  static final int GEO_ASCII_PARAMS = 34737;
  static final int GDAL_NODATA = 42113;

  /** Tag values: long[], double[], String or byte[]. */
  final Map<Integer, Object> tags;
  final int width;
  final int height;
  final int tileWidth;
  final int tileHeight;
  final boolean tiled;
  final int samples;
  final int bits;
  final DataType type;
  final int compression;
  final int predictor;
  final int photometric;
  final boolean planar;
  final long[] offsets;
  final long[] byteCounts;
  final byte[] jpegTables;
  final long subfileType;

  Ifd(Map<Integer, Object> tags) {
    this.tags = tags;
    this.width = (int) first(IMAGE_WIDTH, -1);
    this.height = (int) first(IMAGE_LENGTH, -1);
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("TIFF image without a size");
    }
    this.samples = (int) first(SAMPLES_PER_PIXEL, 1);
    long[] bps = longs(BITS_PER_SAMPLE);
    this.bits = bps == null ? 1 : (int) bps[0];
    if (bps != null) {
      for (long b : bps) {
        if (b != bits) {
          throw new UnsupportedOperationException("bands with different bit depths are not supported");
        }
      }
    }
    this.type = DataType.of(bits, (int) first(SAMPLE_FORMAT, 1));
    this.compression = (int) first(COMPRESSION, 1);
    this.predictor = (int) first(PREDICTOR, 1);
    this.photometric = (int) first(PHOTOMETRIC, 1);
    this.planar = first(PLANAR_CONFIG, 1) == 2;
    this.subfileType = first(NEW_SUBFILE_TYPE, 0);
    this.jpegTables = tags.get(JPEG_TABLES) instanceof byte[] b ? b : null;
    if (tags.containsKey(TILE_WIDTH)) {
      this.tiled = true;
      this.tileWidth = (int) first(TILE_WIDTH, 0);
      this.tileHeight = (int) first(TILE_LENGTH, 0);
      this.offsets = longs(TILE_OFFSETS);
      this.byteCounts = longs(TILE_BYTE_COUNTS);
    } else {
      this.tiled = false;
      this.tileWidth = width;
      this.tileHeight = (int) Math.min(height, first(ROWS_PER_STRIP, height));
      this.offsets = longs(STRIP_OFFSETS);
      this.byteCounts = longs(STRIP_BYTE_COUNTS);
    }
    if (offsets == null || byteCounts == null || offsets.length != byteCounts.length) {
      throw new IllegalArgumentException("TIFF image without tile or strip offsets");
    }
    int expected = tilesAcross() * tilesDown() * (planar ? samples : 1);
    if (offsets.length < expected) {
      throw new IllegalArgumentException("TIFF image has " + offsets.length + " tiles, needs " + expected);
    }
  }

  int tilesAcross() {
    return (width + tileWidth - 1) / tileWidth;
  }

  int tilesDown() {
    return (height + tileHeight - 1) / tileHeight;
  }

  /** Index of the tile (or strip) at (tx, ty) for band {@code band} (only used when planar). */
  int tileIndex(int tx, int ty, int band) {
    return (planar ? band * tilesAcross() * tilesDown() : 0) + ty * tilesAcross() + tx;
  }

  /** Whether this IFD is a transparency mask, not an image. */
  boolean isMask() {
    return (subfileType & 4) != 0;
  }

  long first(int tag, long dflt) {
    Object v = tags.get(tag);
    if (v instanceof long[] l && l.length > 0) {
      return l[0];
    }
    if (v instanceof double[] d && d.length > 0) {
      return (long) d[0];
    }
    return dflt;
  }

  long[] longs(int tag) {
    Object v = tags.get(tag);
    return v instanceof long[] l ? l : null;
  }

  double[] doubles(int tag) {
    Object v = tags.get(tag);
    if (v instanceof double[] d) {
      return d;
    }
    if (v instanceof long[] l) {
      double[] d = new double[l.length];
      for (int i = 0; i < l.length; i++) {
        d[i] = l[i];
      }
      return d;
    }
    return null;
  }

  String string(int tag) {
    Object v = tags.get(tag);
    return v instanceof String s ? s : null;
  }
}
