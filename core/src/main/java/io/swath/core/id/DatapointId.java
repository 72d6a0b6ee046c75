package io.swath.core.id;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/**
 * A datapoint's 128-bit, time-ordered identifier, laid out as a UUIDv7: the first 48 bits are
 * the datapoint time in milliseconds since the epoch, the next 12 the sub-millisecond part, and
 * the last 62 bits a hash of the datapoint's content. So ids sort by time (at microsecond
 * precision), a time range is an id range, and ingesting the same datapoint twice yields the same id.
 *
 * @param hi the most significant 64 bits
 * @param lo the least significant 64 bits
 */
public record DatapointId(long hi, long lo) implements Comparable<DatapointId> {
  /** Earliest representable datapoint time: ids start at the epoch. */
  public static final long MIN_TIME_US = 0L;
  /** Latest representable datapoint time (48-bit millisecond counter). */
  public static final long MAX_TIME_US = ((1L << 48) - 1) * 1000L + 999L;

  /**
   * The id of a datapoint at {@code timeUs} (microseconds since the epoch) whose content hashes
   * to {@code contentHash}.
   */
  public static DatapointId of(long timeUs, long contentHash) {
    checkTime(timeUs);
    return new DatapointId(timePrefix(timeUs), (contentHash & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  /** The smallest id of any datapoint at or after {@code timeUs}; time ranges become id ranges with it. */
  public static DatapointId lowerBound(long timeUs) {
    if (timeUs <= MIN_TIME_US) {
      return new DatapointId(0L, 0L);
    }
    if (timeUs > MAX_TIME_US) {
      return new DatapointId(-1L, -1L);
    }
    return new DatapointId(timePrefix(timeUs), 0L);
  }

  /** Throws when a datapoint time cannot be stored. */
  public static void checkTime(long timeUs) {
    if (timeUs < MIN_TIME_US || timeUs > MAX_TIME_US) {
      throw new IllegalArgumentException("datapoint time " + formatUs(timeUs)
          + " is outside the supported range 1970-01-01T00:00:00Z .. 10889-08-02");
    }
  }

  private static String formatUs(long us) {
    try {
      return Instant.EPOCH.plusNanos(0).plusSeconds(Math.floorDiv(us, 1_000_000L))
          .plusNanos(Math.floorMod(us, 1_000_000L) * 1000L).toString();
    } catch (RuntimeException e) {
      return us + "us";
    }
  }

  private static long timePrefix(long timeUs) {
    long ms = timeUs / 1000L;
    long subMs = timeUs % 1000L; // 0..999 -> 12 bits, order preserving
    long frac = (subMs * 4096L) / 1000L;
    return (ms << 16) | 0x7000L | frac;
  }

  /** The millisecond part of the datapoint time encoded in this id. */
  public long timeMillis() {
    return hi >>> 16;
  }

  /** Parses the canonical UUID form, e.g. {@code 0169f1c1-3a00-7000-8f3c-...}. */
  public static DatapointId parse(String s) {
    try {
      UUID u = UUID.fromString(s.trim());
      return new DatapointId(u.getMostSignificantBits(), u.getLeastSignificantBits());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + s + "' is not a datapoint id: expected a UUID like 0169f1c1-3a00-7000-8f3c-1a2b3c4d5e6f");
    }
  }

  /** Reads 16 big-endian bytes at {@code offset}. */
  public static DatapointId fromBytes(byte[] b, int offset) {
    ByteBuffer buf = ByteBuffer.wrap(b, offset, 16);
    return new DatapointId(buf.getLong(), buf.getLong());
  }

  /** The 16 big-endian bytes. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
  }

  /** As a {@link UUID}. */
  public UUID toUuid() {
    return new UUID(hi, lo);
  }

  @Override
  public int compareTo(DatapointId o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return toUuid().toString();
  }
}
