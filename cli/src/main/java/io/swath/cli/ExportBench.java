package io.swath.cli;

import io.swath.columnar.GeoParquetWriter;
import io.swath.columnar.ParquetCompression;
import io.swath.core.demo.LandsatCatalog;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.RowValues;
import io.swath.core.table.TableWriters;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code swath bench export}: the Landsat catalog, repeated year after year up to {@code rows}
 * datapoints, in pages of 10,000 as a query delivers them, written to GeoParquet with each
 * compression and to NDJSON. Only the writers are timed: the pages are built outside the clock.
 */
final class ExportBench {
  private static final int PAGE_ROWS = 10_000;
  private static final long YEAR_US = 366L * 86_400_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ExportBench() {}

  static int run(int rows, boolean json) throws IOException {
    if (rows < 1) {
      throw new IllegalArgumentException("--datapoints must be positive, got " + rows);
    }
    Schema schema = LandsatCatalog.schema();
    List<String> columns = schema.fields().stream().map(Field::name).toList();
    Path dir = Files.createTempDirectory("swath-bench-export");
    Map<ParquetCompression, GeoParquetWriter> writers = new EnumMap<>(ParquetCompression.class);
    Map<ParquetCompression, Long> nanos = new EnumMap<>(ParquetCompression.class);
    Map<ParquetCompression, Long> cpu = new EnumMap<>(ParquetCompression.class);
    for (ParquetCompression c : ParquetCompression.values()) {
      writers.put(c, GeoParquetWriter.open(dir.resolve(c.name().toLowerCase(Locale.ROOT) + ".parquet"), schema, columns, c));
      nanos.put(c, 0L);
      cpu.put(c, 0L);
    }
    long[] ndjsonChars = {0};
    Writer counting = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        ndjsonChars[0] += len;
      }

      @Override
      public void write(String s, int off, int len) {
        ndjsonChars[0] += len;
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    TableWriters.PageWriter ndjson = TableWriters.pages(TableWriters.Format.NDJSON, columns, counting);
    long ndjsonNanos = 0;
    List<RowValues> year = new ArrayList<>(LandsatCatalog.totalSize());
    List<String> yearCollections = new ArrayList<>(LandsatCatalog.totalSize());
    for (String c : LandsatCatalog.collections()) {
      LandsatCatalog.generate(c, r -> {
        year.add(r);
        yearCollections.add(c);
      });
    }
    long written = 0;
    long hash = 0x9E3779B97F4A7C15L;
    while (written < rows) {
      long shift = (written / year.size()) * YEAR_US;
      int from = (int) (written % year.size());
      int n = (int) Math.min(Math.min(PAGE_ROWS, rows - written), year.size() - from);
      DatapointTable.Builder b = DatapointTable.builder(schema, n);
      for (int i = from; i < from + n; i++) {
        RowValues r = year.get(i);
        long t = r.timeMicros() + shift;
        hash = hash * 6364136223846793005L + 1442695040888963407L;
        b.addRow(yearCollections.get(i), DatapointId.of(t, hash >>> 16), t, t + 3_600_000_000L, r.values());
      }
      DatapointTable page = b.build();
      for (ParquetCompression c : ParquetCompression.values()) {
        long s = System.nanoTime();
        long cs = THREADS.getCurrentThreadCpuTime();
        writers.get(c).write(page);
        nanos.merge(c, System.nanoTime() - s, Long::sum);
        cpu.merge(c, THREADS.getCurrentThreadCpuTime() - cs, Long::sum);
      }
      long s = System.nanoTime();
      ndjson.write(page);
      ndjsonNanos += System.nanoTime() - s;
      written += n;
    }
    ndjson.finish();
    Map<ParquetCompression, Long> bytes = new EnumMap<>(ParquetCompression.class);
    for (ParquetCompression c : ParquetCompression.values()) {
      long s = System.nanoTime();
      long cs = THREADS.getCurrentThreadCpuTime();
      writers.get(c).close();
      nanos.merge(c, System.nanoTime() - s, Long::sum);
      cpu.merge(c, THREADS.getCurrentThreadCpuTime() - cs, Long::sum);
      Path f = dir.resolve(c.name().toLowerCase(Locale.ROOT) + ".parquet");
      bytes.put(c, Files.size(f));
      Files.delete(f);
    }
    Files.delete(dir);
    long ndjsonBytes = ndjsonChars[0]; // ASCII: one byte a character
    if (json) {
      StringJoiner parts = new StringJoiner(",");
      for (ParquetCompression c : ParquetCompression.values()) {
        String k = c.name().toLowerCase(Locale.ROOT);
        parts.add(String.format(Locale.ROOT, "\"%s_rows_per_s\":%.0f,\"%s_rows_per_cpu_s\":%.0f,\"%s_bytes\":%d,"
            + "\"%s_ndjson_ratio\":%.1f", k, written / (nanos.get(c) / 1e9), k, written / (cpu.get(c) / 1e9), k, bytes.get(c), k,
            (double) ndjsonBytes / bytes.get(c)));
      }
      System.out.printf(Locale.ROOT, "{\"bench\":\"export.geoparquet\",\"rows\":%d,\"columns\":%d,%s,\"ndjson_bytes\":%d,"
          + "\"ndjson_rows_per_s\":%.0f}%n", written, columns.size(), parts, ndjsonBytes, written / (ndjsonNanos / 1e9));
    } else {
      System.out.printf(Locale.ROOT, "%,d Landsat datapoints, %d fields%n", written, columns.size());
      for (ParquetCompression c : ParquetCompression.values()) {
        System.out.printf(Locale.ROOT, "  parquet %-6s %,12.0f rows/s (%,.0f per CPU second) %,14d bytes (%.1f B/row, NDJSON/%.1f)%n",
            c.name().toLowerCase(Locale.ROOT), written / (nanos.get(c) / 1e9), written / (cpu.get(c) / 1e9), bytes.get(c), (double) bytes.get(c) / written,
            (double) ndjsonBytes / bytes.get(c));
      }
      System.out.printf(Locale.ROOT, "  ndjson         %,12.0f rows/s %,14d bytes (%.1f B/row)%n", written / (ndjsonNanos / 1e9),
          ndjsonBytes, (double) ndjsonBytes / written);
    }
    return Main.OK;
  }
}
