package io.swath.server.catalog;

import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSource;
import io.swath.core.table.RowCodec;
import java.nio.charset.StandardCharsets;

/**
 * Writes the scalar field values of an encoded row as the {@code field_nums} and
 * {@code field_texts} columns of migration V15, which {@link FieldFilterSql} tests. Element
 * {@code k} (1-based) of each array is schema field {@code k - 1}; fields of other types, array
 * fields and null values are NULL elements.
 *
 * <p>{@code field_nums} holds int64 and timestamp (microseconds) values rounded to the nearest
 * float8, float64 values as they are, and bools as 0 or 1. {@code field_texts} holds strings as
 * decoded; one holding a NUL (which PostgreSQL text cannot hold) has it replaced by U+FFFD, and
 * one longer than {@link #MAX_TEXT} characters is stored as U+FFFD alone. Both keep the filters
 * exact: a stored text equals a literal free of U+FFFD and NUL, at most {@link #MAX_TEXT} long,
 * exactly when the value does.
 */
final class FieldValues {
  /** Most characters of a string kept in {@code field_texts}. */
  static final int MAX_TEXT = 24;
  static final char MARK = '\uFFFD';
  /** What stands for every text longer than {@link #MAX_TEXT}: it equals no literal the filters compare. */
  static final String LONG_TEXT = String.valueOf(MARK);
  private static final byte[] LONG_BYTES = LONG_TEXT.getBytes(StandardCharsets.UTF_8);
  private static final int FLOAT8_OID = 701;
  private static final int TEXT_OID = 25;

  private final Schema schema;
  private final int nums;   // array length: 1 + the last numeric field, 0 when none
  private final int texts;  // 1 + the last string field, 0 when none
  private final double[] numValues;
  private final boolean[] numSet;
  private final byte[][] textValues; // per string field: the bytes, at textOffsets, textLengths long
  private final int[] textOffsets;
  private final int[] textLengths;

  FieldValues(Schema schema) {
    this.schema = schema;
    int n = 0;
    int t = 0;
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      if (isNumeric(f)) {
        n = i + 1;
      } else if (isText(f)) {
        t = i + 1;
      }
    }
    this.nums = n;
    this.texts = t;
    this.numValues = new double[n];
    this.numSet = new boolean[n];
    this.textValues = new byte[t][];
    this.textOffsets = new int[t];
    this.textLengths = new int[t];
  }

  /** Whether {@code f} is stored in {@code field_nums}. */
  static boolean isNumeric(Field f) {
    return !f.array() && (f.type() == FieldType.INT64 || f.type() == FieldType.FLOAT64 || f.type() == FieldType.BOOL
        || f.type() == FieldType.TIMESTAMP);
  }

  /** Whether {@code f} is stored in {@code field_texts}. */
  static boolean isText(Field f) {
    return !f.array() && f.type() == FieldType.STRING;
  }

  /** The text stored for string value {@code s}. */
  static String stored(String s) {
    if (s.length() > MAX_TEXT) {
      return LONG_TEXT;
    }
    return s.indexOf('\0') >= 0 ? s.replace('\0', MARK) : s;
  }

  /**
   * Notes the stored text of string field {@code i} at the position of {@code in}: short ASCII
   * text without NUL (the common case) as the row's own bytes, text surely too long as
   * {@link #LONG_TEXT}, anything else decoded, stored and encoded again (which also turns bytes
   * that are no UTF-8 into U+FFFD, as decoding the row does).
   */
  private void text(int i, byte[] rows, ByteSource in) {
    int len = in.readLength();
    int at = in.position();
    in.skip(len);
    boolean ascii = len <= 3 * MAX_TEXT; // longer is long text whatever it holds: no need to look
    for (int k = at; ascii && k < at + len; k++) {
      ascii = rows[k] > 0; // 1..127: ASCII, not NUL
    }
    byte[] b;
    if (ascii && len <= MAX_TEXT) {
      textValues[i] = rows;
      textOffsets[i] = at;
      textLengths[i] = len;
      return;
    } else if (ascii || len > 3 * MAX_TEXT) { // UTF-8 has at least one char for every three bytes
      b = LONG_BYTES;
    } else {
      b = stored(new String(rows, at, len, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
    textValues[i] = b;
    textOffsets[i] = 0;
    textLengths[i] = b.length;
  }

  /** Appends the two columns for the well-formed row at {@code rows[offset, offset + length)}. */
  void write(CopyBinary.Writer w, byte[] rows, int offset, int length) {
    java.util.Arrays.fill(numSet, false);
    java.util.Arrays.fill(textValues, null);
    ByteSource in = new ByteSource(rows, offset, length);
    int n = (int) in.readVarint();
    int bitmapAt = in.position();
    in.skip((n + 7) >>> 3);
    for (int i = 0; i < n; i++) {
      if ((rows[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
        continue;
      }
      Field f = schema.field(i);
      if (f.array()) {
        RowCodec.skip(f, in);
        continue;
      }
      switch (f.type()) {
        case INT64, TIMESTAMP -> {
          numValues[i] = in.readZigzag();
          numSet[i] = true;
        }
        case FLOAT64 -> {
          numValues[i] = in.readDouble();
          numSet[i] = true;
        }
        case BOOL -> {
          numValues[i] = in.read() != 0 ? 1 : 0;
          numSet[i] = true;
        }
        case STRING -> text(i, rows, in);
        default -> RowCodec.skip(f, in);
      }
    }
    int start = w.beginField();
    w.arrayHeader(nums, FLOAT8_OID);
    for (int i = 0; i < nums; i++) {
      if (numSet[i]) {
        w.putInt(8);
        w.putLongRaw(Double.doubleToLongBits(numValues[i]));
      } else {
        w.putInt(-1);
      }
    }
    w.endField(start);
    if (texts == 0) {
      w.putInt(-1);
      return;
    }
    start = w.beginField();
    w.arrayHeader(texts, TEXT_OID);
    for (int i = 0; i < texts; i++) {
      byte[] b = textValues[i];
      if (b == null) {
        w.putInt(-1);
      } else {
        w.bytea(b, textOffsets[i], textLengths[i]);
      }
    }
    w.endField(start);
  }
}
