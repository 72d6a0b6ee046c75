package io.swath.server.workflows;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Job and task ids: UUIDv7 (48-bit millisecond time, then random bits), so ids sort by creation time. */
final class Ids {
  private Ids() {}

  static UUID next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long ms = System.currentTimeMillis();
    long hi = (ms << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lo = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(hi, lo);
  }
}
