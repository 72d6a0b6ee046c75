package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.postgresql.copy.CopyOut;

/** The COPY reader must not care how PostgreSQL's messages split the stream. */
class CopyBinaryTest {
  /** Serves a byte stream as CopyData messages of random sizes, as a connection may. */
  static final class Chunked implements CopyOut {
    final List<byte[]> chunks = new ArrayList<>();
    int next;
    boolean cancelled;

    Chunked(byte[] all, Random r) {
      int off = 0;
      while (off < all.length) {
        int n = Math.min(all.length - off, 1 + r.nextInt(r.nextBoolean() ? 7 : 900));
        chunks.add(Arrays.copyOfRange(all, off, off + n));
        off += n;
      }
    }

    @Override
    public byte[] readFromCopy() {
      return next < chunks.size() ? chunks.get(next++) : null;
    }

    @Override
    public byte[] readFromCopy(boolean block) {
      return readFromCopy();
    }

    @Override
    public int getFieldCount() {
      return 3;
    }

    @Override
    public int getFormat() {
      return 1;
    }

    @Override
    public int getFieldFormat(int field) {
      return 1;
    }

    @Override
    public boolean isActive() {
      return next < chunks.size();
    }

    @Override
    public void cancelCopy() {
      cancelled = true;
    }

    @Override
    public long getHandledRowCount() {
      return 0;
    }
  }

  @RepeatedTest(20)
  void readsEveryTupleWhateverTheMessageBoundaries() throws Exception {
    Random r = new Random();
    CopyBinary.Writer w = new CopyBinary.Writer();
    List<byte[]> payloads = new ArrayList<>();
    int rows = 200 + r.nextInt(300);
    for (int i = 0; i < rows; i++) {
      byte[] p = new byte[r.nextInt(r.nextInt(10) == 0 ? 5000 : 60)];
      r.nextBytes(p);
      payloads.add(p);
      w.tuple(3);
      w.int8(i);
      w.uuid(i * 31L, -i);
      w.bytea(p, 0, p.length);
    }
    Chunked copy = new Chunked(w.finish(), r);
    CopyBinary.Reader reader = new CopyBinary.Reader(copy);
    byte[] buf = new byte[8192];
    int n = 0;
    while (reader.next() >= 0) {
      assertThat(reader.int8()).isEqualTo(n);
      reader.expect(16);
      assertThat(reader.rawLong()).isEqualTo(n * 31L);
      assertThat(reader.rawLong()).isEqualTo(-n);
      int len = reader.fieldLength();
      reader.readFully(buf, 0, len);
      assertThat(Arrays.copyOf(buf, len)).isEqualTo(payloads.get(n));
      n++;
    }
    assertThat(n).isEqualTo(rows);
    assertThat(reader.finish(0)).isTrue();
    assertThat(copy.cancelled).isFalse();
  }
}
