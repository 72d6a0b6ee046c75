package io.swath.imagery.cog;

/** Sample types of raster bands, as TIFF stores them (bits per sample and sample format). */
public enum DataType {
  /** Unsigned 8-bit integers. */
  UINT8(8, 1),
  /** Signed 8-bit integers. */
  INT8(8, 2),
  /** Unsigned 16-bit integers (Sentinel-2 reflectance). */
  UINT16(16, 1),
  /** Signed 16-bit integers. */
  INT16(16, 2),
  /** Unsigned 32-bit integers. */
  UINT32(32, 1),
  /** Signed 32-bit integers. */
  INT32(32, 2),
  /** 32-bit floats. */
  FLOAT32(32, 3),
  /** 64-bit floats. */
  FLOAT64(64, 3);

  private final int bits;
  private final int sampleFormat;

  DataType(int bits, int sampleFormat) {
    this.bits = bits;
    this.sampleFormat = sampleFormat;
  }

  /** Bits per sample. */
  public int bits() {
    return bits;
  }

  /** Bytes per sample. */
  public int bytes() {
    return bits / 8;
  }

  /** The TIFF SampleFormat: 1 unsigned, 2 signed, 3 IEEE float. */
  public int sampleFormat() {
    return sampleFormat;
  }

  /** The type of a TIFF BitsPerSample and SampleFormat. */
  static DataType of(int bits, int sampleFormat) {
    for (DataType t : values()) {
      if (t.bits == bits && t.sampleFormat == sampleFormat) {
        return t;
      }
    }
    throw new UnsupportedOperationException("unsupported sample type: " + bits + " bits, sample format " + sampleFormat);
  }
}
