package io.swath.server.stac;

import java.util.UUID;

/**
 * One datapoint found by a query, still in its stored row encoding: the row is the
 * {@code length} bytes at {@code offset} of {@code rows}, shared with the rest of its page.
 *
 * @param target   the STAC collection it belongs to
 * @param hi       the high 64 bits of the datapoint id
 * @param lo       the low 64 bits of the datapoint id
 * @param timeUs   the datapoint time
 * @param rows     the buffer holding the encoded row
 * @param offset   where the row starts
 * @param length   the row's length
 */
record Hit(StacTarget target, long hi, long lo, long timeUs, byte[] rows, int offset, int length) {
  /** Orders by datapoint id (unsigned, as PostgreSQL orders uuids), then STAC collection id. */
  static int compare(Hit a, Hit b) {
    int c = compareId(a.hi, a.lo, b.hi, b.lo);
    return c != 0 ? c : a.target.stacId().compareTo(b.target.stacId());
  }

  static int compareId(long ahi, long alo, long bhi, long blo) {
    int c = Long.compareUnsigned(ahi, bhi);
    return c != 0 ? c : Long.compareUnsigned(alo, blo);
  }

  /** The datapoint id as a uuid. */
  UUID uuid() {
    return new UUID(hi, lo);
  }

  /** A copy whose row no longer shares its page's buffer. */
  Hit detached() {
    byte[] own = java.util.Arrays.copyOfRange(rows, offset, offset + length);
    return new Hit(target, hi, lo, timeUs, own, 0, length);
  }
}
