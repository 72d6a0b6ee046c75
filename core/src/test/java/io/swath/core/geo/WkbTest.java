package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

class WkbTest {
  static double[] env(byte[] wkb) {
    double[] e = new double[4];
    Wkb.envelope(wkb, 0, wkb.length, e);
    return e;
  }

  @Test
  void envelopeMatchesJtsForEveryGeometryTypeAndByteOrder() {
    String[] wkts = {"POINT (1 2)", "LINESTRING (0 0, 10 5, -3 7)", "POLYGON ((0 0, 4 0, 4 3, 0 0), (1 1, 2 1, 2 2, 1 1))",
        "MULTIPOINT ((1 1), (-5 9))", "MULTILINESTRING ((0 0, 1 1), (5 5, 6 -6))",
        "MULTIPOLYGON (((170 -10, 180 -10, 180 10, 170 10, 170 -10)), ((-180 -10, -170 -10, -170 10, -180 10, -180 -10)))",
        "GEOMETRYCOLLECTION (POINT (3 3), LINESTRING (-1 -1, 2 8))"};
    for (String wkt : wkts) {
      Geometry g = Geometries.fromWkt(wkt);
      Envelope e = g.getEnvelopeInternal();
      for (int order : new int[] {ByteOrderValues.LITTLE_ENDIAN, ByteOrderValues.BIG_ENDIAN}) {
        assertThat(env(new WKBWriter(2, order).write(g))).as(wkt).containsExactly(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
      }
    }
    assertThat(env(Geometries.toWkb(Geometries.fromWkt("POLYGON EMPTY")))[0]).isNaN();
  }

  @Test
  void rejectsWhatJtsWouldNotRead() {
    byte[] ok = Geometries.toWkb(Geometries.fromWkt("POLYGON ((0 0, 4 0, 4 3, 0 0))"));
    assertThatThrownBy(() -> env(Arrays.copyOf(ok, ok.length - 3))).hasMessageContaining("do not fit");
    byte[] open = ok.clone();
    open[open.length - 1] ^= 0x40; // last y differs from first: ring not closed
    assertThatThrownBy(() -> env(open)).hasMessageContaining("not closed");
    byte[] trailing = Arrays.copyOf(ok, ok.length + 2);
    assertThatThrownBy(() -> env(trailing)).hasMessageContaining("trailing");
    Random r = new Random(1);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = ok.clone();
      junk[r.nextInt(junk.length)] = (byte) r.nextInt();
      boolean jtsReads;
      try {
        Geometry g = Geometries.fromWkb(junk);
        jtsReads = Double.isFinite(g.getEnvelopeInternal().getMinX()) || g.isEmpty();
      } catch (IllegalArgumentException e) {
        jtsReads = false;
      }
      if (!jtsReads) {
        assertThatThrownBy(() -> env(junk)).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
