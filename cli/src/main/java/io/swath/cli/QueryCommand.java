package io.swath.cli;

import io.swath.client.DatasetClient;
import io.swath.columnar.GeoParquetWriter;
import io.swath.columnar.ParquetCompression;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.TableWriters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath query}: load datapoints by time, place and field filter. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Load datapoints of a dataset by time, place and field values, in time order."},
    footer = {"", "Time intervals (UTC) leave their end out: 2020-01-01/2021-01-01 (the year 2020), ../2020-06-01, 2020-06-01/..,",
        "  2020-03-15 (that day), 2020-06 (that month), 2020 (that year), 2019/2021 (two years), 2020-03-15T10:00:00Z (that instant).",
        "Filters are CQL2 text: \"cloud_cover < 20 AND platform = 'landsat-8'\".", "",
        "Examples:", "  swath query open_data.usgs.landsat8_oli_tirs --collection L1TP --time 2020-01-01/2020-02-01",
        "  swath query open_data.usgs.landsat8_oli_tirs --bbox 5.9,45.8,10.5,47.8 --format geojson \\",
        "      --output alps.geojson",
        "  swath query open_data.usgs.landsat8_oli_tirs -t 2020 -f \"cloud_cover < 20\" --format csv --no-progress | head",
        "  swath query open_data.usgs.landsat8_oli_tirs -t 2020 --bbox 5.9,45.8,10.5,47.8 -f \"cloud_cover < 20\" --count"})
final class QueryCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug.")
  String dataset;

  @Mixin
  SelectionOptions selection;

  @Option(names = "--skip-data", description = "Only ids, times and collections.")
  boolean skipData;

  @Option(names = "--format", description = "table, csv, ndjson, geojson or parquet (GeoParquet, needs --output) (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Option(names = "--compression", paramLabel = "CODEC",
      description = "With --format parquet: zstd, snappy or none (default: zstd; docs/analytics.md).")
  String compression;

  @Option(names = "--fields", paramLabel = "NAME", split = ",",
      description = "Only these fields, in this order (time, collection and id always come along), e.g. --fields cloud_cover,wrs_path.")
  List<String> fields = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Option(names = "--count", description = "Print only how many datapoints match, counted by the server (nothing is loaded).")
  boolean count;

  @Override
  public Integer call() throws Exception {
    Query q = selection.query().skipData(skipData).showProgress(!noProgress && System.console() != null);
    String fmt = format.toLowerCase(java.util.Locale.ROOT);
    boolean parquet = fmt.equals("parquet");
    if (parquet && output == null) {
      throw new IllegalArgumentException("--format parquet writes a file: give it --output FILE");
    }
    if (compression != null && !parquet) {
      throw new IllegalArgumentException("--compression is for --format parquet only");
    }
    ParquetCompression codec = compression == null ? ParquetCompression.ZSTD : ParquetCompression.parse(compression);
    if (!fmt.equals("table") && !parquet) {
      try {
        TableWriters.Format.parse(fmt);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--format " + format + " is not a format; use table, csv, ndjson, geojson or parquet");
      }
    }
    if (skipData && !fields.isEmpty()) {
      throw new IllegalArgumentException("--skip-data loads no fields: it takes no --fields");
    }
    if (count && (output != null || !fmt.equals("table"))) {
      throw new IllegalArgumentException("--count prints one number: it takes no --output or --format");
    }
    if (output != null) {
      checkWritable(output);
    }
    try (DatasetsClient c = client.connect()) {
      DatasetClient ds = c.dataset(dataset);
      List<String> schemaFields = ds.info().schema().fields().stream().map(field -> field.name()).toList();
      for (String name : fields) {
        if (!schemaFields.contains(name)) {
          throw new IllegalArgumentException("--fields: " + dataset + " has no field '" + name + "'; its fields are " + schemaFields);
        }
      }
      List<String> columns = skipData ? List.of() : fields.isEmpty() ? schemaFields : List.copyOf(fields);
      if (count) {
        System.out.println(ds.count(q));
        return Main.OK;
      }
      if (fmt.equals("table") && output == null) {
        DatapointTable t = ds.query(q);
        TablePrinter.print(fields.isEmpty() ? t : t.select(fields.toArray(String[]::new)), System.out,
            fields.isEmpty() ? 6 : fields.size());
        return Main.OK;
      }
      if (parquet) {
        try (Stream<DatapointTable> pages = ds.queryPages(q)) {
          long n = GeoParquetWriter.writeAll(pages, output, ds.info().schema(), columns, codec);
          System.err.printf("wrote %,d datapoints to %s%n", n, output);
        }
        return Main.OK;
      }
      TableWriters.Format f = fmt.equals("table") ? TableWriters.Format.CSV : TableWriters.Format.parse(fmt);
      try (Stream<DatapointTable> pages = ds.queryPages(q)) {
        long n = export(pages, f, columns, output);
        if (output != null) {
          System.err.printf("wrote %,d datapoints to %s%n", n, output);
        }
      }
    }
    return Main.OK;
  }

  /** Fails before any query when {@code output} cannot be written: a missing or read-only directory, or a directory. */
  static void checkWritable(Path output) {
    Path dir = output.toAbsolutePath().getParent();
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException("--output " + output + " is a directory; name a file in it");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--output " + output + ": no directory " + dir);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException("--output " + output + ": the directory " + dir + " is not writable");
    }
  }

  /**
   * Writes the pages as they arrive, so memory stays bounded whatever the size of the result. A
   * file is written as {@code FILE.part}, synced and renamed when complete: a failed or interrupted
   * export, or a crash, never leaves a partial {@code FILE}.
   */
  static long export(Stream<DatapointTable> pages, TableWriters.Format format, List<String> columns, Path output) throws IOException {
    if (output == null) {
      Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
      long n = writePages(pages, format, columns, w);
      w.flush();
      return n;
    }
    Path part = output.resolveSibling(output.getFileName() + ".part");
    try {
      long n;
      try (java.io.FileOutputStream file = new java.io.FileOutputStream(part.toFile());
           Writer w = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
        n = writePages(pages, format, columns, w);
        w.flush();
        file.getFD().sync(); // on disk before the rename makes it visible
      }
      try {
        Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, output, StandardCopyOption.REPLACE_EXISTING);
      }
      return n;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
  }

  private static long writePages(Stream<DatapointTable> pages, TableWriters.Format format, List<String> columns, Writer w) {
    TableWriters.PageWriter out = TableWriters.pages(format, columns, w);
    pages.forEach(out::write);
    out.finish();
    return out.rows();
  }

  static double[] parseBbox(String s) {
    String[] p = s.split(",");
    if (p.length != 4) {
      throw new IllegalArgumentException("--bbox needs four numbers west,south,east,north, got '" + s + "'");
    }
    double[] out = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        out[i] = Double.parseDouble(p[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--bbox: '" + p[i] + "' is not a number");
      }
    }
    return out;
  }

  /** Prints {@code t} on standard output in {@code fmt} ({@code table}, csv, ndjson or geojson). */
  static void print(DatapointTable t, String fmt) throws IOException {
    if (fmt.equals("table")) {
      TablePrinter.print(t, System.out, 6);
      return;
    }
    export(Stream.of(t), TableWriters.Format.parse(fmt), t.isSkipData() ? List.of() : t.columnNames(), null);
  }

  /** {@code swath find}: one datapoint by id. */
  @Command(name = "find", mixinStandardHelpOptions = true, description = "Show one datapoint by id (exit code 3 when there is none).")
  static final class Find implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DATASET")
    String dataset;

    @Parameters(index = "1", paramLabel = "COLLECTION")
    String collection;

    @Parameters(index = "2", paramLabel = "ID", description = "Datapoint id (UUID).")
    String id;

    @Option(names = "--format", description = "text, ndjson or geojson (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Override
    public Integer call() throws Exception {
      DatapointId parsed = DatapointId.parse(id);
      try (DatasetsClient c = client.connect()) {
        Datapoint d = c.dataset(dataset).collection(collection).find(parsed);
        if (format.equals("text")) {
          d.toMap().forEach((k, v) -> System.out.println(k + ": " + v));
        } else {
          DatapointTable one = c.dataset(dataset).collection(collection).query(Query.time(d.time(), d.time()).endInclusive());
          print(one, format);
        }
      }
      return Main.OK;
    }
  }
}
