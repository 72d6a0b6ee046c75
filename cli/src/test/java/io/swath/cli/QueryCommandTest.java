package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.error.UnavailableException;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.TableWriters;
import io.swath.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryCommandTest {
  static DatasetsClient client;
  static String slug;
  static Path dir;

  @BeforeAll
  static void load() {
    client = DatasetsClient.connect(TestServers.shared().target());
    slug = TestServers.slug("export");
    DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("n", FieldType.INT64).field("name", FieldType.STRING)
        .field("seen", FieldType.TIMESTAMP).build());
    CollectionClient c = ds.createCollection("c");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      rows.add(Map.of("time", Instant.parse("2021-01-01T00:00:00Z").plusSeconds(i * 7L), "n", (long) i, "name", i % 3 == 0 ? "a, \"b\"" : "c",
          "seen", Instant.parse("2020-01-01T00:00:00.123456Z").plusSeconds(i)));
    }
    c.ingest(rows);
    dir = TestServers.tempDir("export");
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void exportsPageByPageTheDocumentTheWholeTableMakes() throws Exception {
    DatapointTable all = client.dataset(slug).query(Query.all());
    for (TableWriters.Format f : TableWriters.Format.values()) {
      Path out = dir.resolve("all." + f.name().toLowerCase(java.util.Locale.ROOT));
      String[] r = CommandLineTest.capture("query", slug, "--format", f.name().toLowerCase(java.util.Locale.ROOT), "-o", out.toString(),
          "--url", TestServers.shared().target());
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[2]).contains("wrote 25,000 datapoints to " + out);
      StringBuilder whole = new StringBuilder();
      TableWriters.write(all, f, whole);
      assertThat(Files.readString(out)).isEqualTo(whole.toString());
      assertThat(out.resolveSibling(out.getFileName() + ".part")).doesNotExist();
    }
    // standard output, a time window, no data
    String[] r = CommandLineTest.capture("query", slug, "--format", "csv", "-t", "2021-01-01T00:00:00Z/2021-01-01T00:01:00Z", "--skip-data",
        "--url", TestServers.shared().target());
    assertThat(r[1].lines().toList()).hasSize(1 + 9).first().isEqualTo("time,id,ingestion_time,collection");
  }

  @Test
  void fieldsChooseTheColumnsAndTheirOrder() {
    String url = TestServers.shared().target();
    String[] r = CommandLineTest.capture("query", slug, "--format", "csv", "--fields", "name,n", "-t",
        "2021-01-01T00:00:00Z/2021-01-01T00:00:14Z", "--url", url);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    List<String> lines = r[1].lines().toList();
    assertThat(lines).hasSize(1 + 2);
    assertThat(lines.get(0)).isEqualTo("time,id,ingestion_time,collection,name,n");
    assertThat(lines.get(1)).endsWith(",c,\"a, \"\"b\"\"\",0");
    r = CommandLineTest.capture("query", slug, "--fields", "n,cloud", "--url", url);
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("no field 'cloud'").contains("[n, name, seen]");
    r = CommandLineTest.capture("query", slug, "--format", "xml", "--url", url);
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("table, csv, ndjson, geojson or parquet");
    r = CommandLineTest.capture("query", slug, "--format", "parquet", "--url", url);
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("give it --output FILE");
  }

  @Test
  void countPrintsOneNumber() {
    String url = TestServers.shared().target();
    String[] r = CommandLineTest.capture("query", slug, "--count", "--url", url);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).isEqualTo("25000\n");
    r = CommandLineTest.capture("query", slug, "--count", "-t", "2021-01-01T00:00:00Z/2021-01-01T00:01:00Z", "--url", url);
    assertThat(r[1]).isEqualTo("9\n");
    r = CommandLineTest.capture("query", slug, "--count", "-f", "n < 100 AND name = 'c'", "--url", url);
    assertThat(r[1]).isEqualTo("66\n"); // 0..99 without the multiples of 3
    r = CommandLineTest.capture("query", slug, "--count", "--format", "csv", "--url", url);
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--count prints one number");
  }

  @Test
  void aTerminalTableShowsTheFirstRowsAndSaysHowManyMore() {
    DatapointTable all = client.dataset(slug).query(Query.all());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    TablePrinter.print(all, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), 6, 5);
    List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1 + 5 + 2);
    assertThat(lines.get(0)).startsWith("time").contains("collection", "id", "n", "name", "seen");
    assertThat(lines.get(1)).startsWith("2021-01-01T00:00:00Z");
    assertThat(lines.get(6)).startsWith("… 24,995 more rows");
    assertThat(lines.get(7)).isEqualTo("25,000 datapoints");
  }

  @Test
  void anOutputThatCannotBeWrittenIsAUsageErrorBeforeAnyQuery() throws Exception {
    String[] r = CommandLineTest.capture("query", slug, "--format", "csv", "-o", dir.resolve("missing/x.csv").toString(), "--url", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("no directory").contains("missing");
    r = CommandLineTest.capture("query", slug, "--format", "csv", "-o", dir.toString(), "--url", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("is a directory");
    assertThat(Main.message(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/x/y.part"))))
        .isEqualTo("/x/y.part: no such file or directory");
  }

  @Test
  void aFailedExportLeavesTheFormerFileAndNoPart() throws Exception {
    Path out = Files.writeString(dir.resolve("kept.csv"), "former contents\n");
    DatapointTable page = client.dataset(slug).query(Query.all().limit(10));
    Stream<DatapointTable> broken = Stream.concat(Stream.of(page), Stream.<DatapointTable>generate(() -> {
      throw new UnavailableException("connection lost");
    }));
    assertThatThrownBy(() -> QueryCommand.export(broken, TableWriters.Format.CSV, page.columnNames(), out))
        .isInstanceOf(UnavailableException.class);
    assertThat(Files.readString(out)).isEqualTo("former contents\n");
    assertThat(out.resolveSibling("kept.csv.part")).doesNotExist();
  }
}
