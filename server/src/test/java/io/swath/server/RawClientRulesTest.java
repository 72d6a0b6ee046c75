package io.swath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.CreateCollectionRequest;
import io.swath.api.v1.CreateDatasetRequest;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.Dataset;
import io.swath.api.v1.DatasetKind;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.DeleteCollectionRequest;
import io.swath.api.v1.Field;
import io.swath.api.v1.FieldType;
import io.swath.api.v1.GetCollectionRequest;
import io.swath.api.v1.GetDatasetRequest;
import io.swath.api.v1.IngestRequest;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.ListCollectionsRequest;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.api.v1.QueryRequest;
import io.swath.api.v1.SpatialFilter;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.api.v1.TaskSpec;
import io.swath.api.v1.TimeRange;
import io.swath.core.geo.Geometries;
import io.swath.core.id.DatapointId;
import io.swath.core.table.ByteSink;
import io.swath.server.db.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

/**
 * The server holds to the storage rules whatever the client: requests come through raw gRPC
 * stubs and plain HTTP, not the SDK, so nothing is checked before they arrive. Bad input answers
 * INVALID_ARGUMENT (HTTP 400) and leaves the dataset working; a bad row written straight into
 * PostgreSQL (as an older version could have stored it) does not break reading.
 */
class RawClientRulesTest {
  static final String SLUG = "rules.raw.scenes";
  static final long T0 = 1_600_000_000_000_000L;
  static SwathServer server;
  static Path dir;
  static ManagedChannel channel;
  static DatasetServiceGrpc.DatasetServiceBlockingStub datasets;
  static CollectionServiceGrpc.CollectionServiceBlockingStub collections;
  static IngestServiceGrpc.IngestServiceBlockingStub ingest;
  static DataAccessServiceGrpc.DataAccessServiceBlockingStub data;
  static JobServiceGrpc.JobServiceBlockingStub jobs;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("swath-rules");
    server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
    channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
    datasets = DatasetServiceGrpc.newBlockingStub(channel);
    collections = CollectionServiceGrpc.newBlockingStub(channel);
    ingest = IngestServiceGrpc.newBlockingStub(channel);
    data = DataAccessServiceGrpc.newBlockingStub(channel);
    jobs = JobServiceGrpc.newBlockingStub(channel);
    // geometry (implied first), cloud float64, meta json, seen timestamp
    datasets.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder().setSlug(SLUG)
        .setKind(DatasetKind.DATASET_KIND_SPATIOTEMPORAL)
        .addFields(Field.newBuilder().setName("cloud").setType(FieldType.FIELD_TYPE_FLOAT64))
        .addFields(Field.newBuilder().setName("meta").setType(FieldType.FIELD_TYPE_JSON))
        .addFields(Field.newBuilder().setName("seen").setType(FieldType.FIELD_TYPE_TIMESTAMP))).build());
    assertThat(ingest.ingest(request("s", T0, row(point(10, 20), 5.0, "{\"a\":1}", T0))).getCreated()).isEqualTo(1);
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  // ------------------------------------------------------------------ raw encoding (no SDK checks)

  /** WKB of a point, written as is: no normalization, no range checks. */
  static byte[] point(double lon, double lat) {
    return Geometries.toWkb(Geometries.FACTORY.createPoint(new Coordinate(lon, lat)));
  }

  /** One row in the storage encoding: varint field count, null bitmap, then the values. */
  static byte[] row(byte[] wkb, double cloud, String metaJson, long seenUs) {
    ByteSink out = new ByteSink(256);
    out.writeVarint(4);
    out.write(0);
    out.writeBytes(wkb);
    out.writeDouble(cloud);
    out.writeString(metaJson);
    out.writeZigzag(seenUs);
    return out.toByteArray();
  }

  static IngestRequest request(String collection, long timeUs, byte[] row) {
    return IngestRequest.newBuilder().setDatasetSlug(SLUG).setCollection(collection).setCreateCollection(true)
        .setDatapoints(DatapointPage.newBuilder().addTimeUs(timeUs).addRowLengths(row.length).setRows(ByteString.copyFrom(row)))
        .build();
  }

  static StatusRuntimeException invalid(Runnable call) {
    StatusRuntimeException[] caught = new StatusRuntimeException[1];
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> caught[0] = e);
    assertThat(caught[0].getStatus().getCode()).as(caught[0].getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(caught[0].getStatus().getDescription()).hasSizeLessThan(2100);
    return caught[0];
  }

  static String message(Runnable call) {
    return invalid(call).getStatus().getDescription();
  }

  static long count(QueryRequest.Builder q) {
    long n = 0;
    for (Iterator<DatapointPage> it = data.query(q.setDatasetSlug(SLUG).setSkipData(true).build()); it.hasNext(); ) {
      n += it.next().getTimeUsCount();
    }
    return n;
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The dataset still answers: info, collections, queries, ingest. */
  static void datasetWorks() {
    assertThat(datasets.getDataset(GetDatasetRequest.newBuilder().setSlug(SLUG).build()).getSlug()).isEqualTo(SLUG);
    assertThat(collections.getCollection(GetCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName("s").build()).getName())
        .isEqualTo("s");
    assertThat(count(QueryRequest.newBuilder().addCollections("s"))).isGreaterThanOrEqualTo(1);
    assertThat(ingest.ingest(request("s", T0, row(point(10, 20), 5.0, "{\"a\":1}", T0))).getExisting()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ writes

  @Test
  void offTheGlobeFootprintsAreRefusedAndTheDatasetKeepsWorking() {
    assertThat(message(() -> ingest.ingest(request("s", T0 + 1, row(point(10, 464), 1, "{}", T0)))))
        .contains("datapoint 0", "field 'geometry'", "latitude 464.0", "[-90, 90]");
    assertThat(message(() -> ingest.ingest(request("s", T0 + 1, row(point(10, 90.0000001), 1, "{}", T0)))))
        .contains("latitude 90.0000001");
    assertThat(message(() -> ingest.ingest(request("s", T0 + 1, row(point(200, 0), 1, "{}", T0)))))
        .contains("longitude 200.0", "[-180, 180]");
    assertThat(message(() -> ingest.ingest(request("s", T0 + 1, row(point(Double.POSITIVE_INFINITY, 0), 1, "{}", T0)))))
        .contains("not finite");
    datasetWorks();
  }

  @Test
  void valuesOutsideTheRulesAreRefused() {
    long year10000 = 253_402_300_800_000_000L;
    assertThat(message(() -> ingest.ingest(request("s", year10000, row(point(1, 1), 1, "{}", T0)))))
        .contains("datapoint 0", "datapoint time", "9999-12-31");
    assertThat(message(() -> ingest.ingest(request("s", -1, row(point(1, 1), 1, "{}", T0))))).contains("1970-01-01");
    assertThat(message(() -> ingest.ingest(request("s", T0 + 2, row(point(1, 1), 1, "{}", year10000)))))
        .contains("field 'seen' (timestamp)", "0001-01-01");
    assertThat(message(() -> ingest.ingest(request("s", T0 + 2, row(point(1, 1), 1, "{\"a\":", T0)))))
        .contains("field 'meta' (json)", "not valid JSON");
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThat(message(() -> ingest.ingest(request("s", T0 + 2, row(point(1, 1), 1, deep, T0)))))
        .contains("field 'meta' (json)", "64 levels");
    String big = "{\"x\":\"" + "a".repeat(1 << 20) + "\"}";
    assertThat(message(() -> ingest.ingest(request("s", T0 + 2, row(point(1, 1), 1, big, T0))))).contains("at most 1048576 bytes");
    datasetWorks();
  }

  @Test
  void catalogNamesAndDescriptionsAreChecked() {
    String longName = "x".repeat(10_000);
    String m = message(() -> collections.createCollection(CreateCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName(longName)
        .build()));
    assertThat(m).contains("collection name 'xxx", "… (10000 characters)").hasSizeLessThan(400);
    assertThat(message(() -> collections.createCollection(CreateCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName("a\u0000b")
        .build()))).contains("'a\\u0000b'");
    assertThat(message(() -> collections.getCollection(GetCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName("a\u0000b")
        .build()))).contains("collection name");
    assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG).addCollections("s\u0000").build()).hasNext()))
        .contains("collection name");
    assertThat(message(() -> datasets.getDataset(GetDatasetRequest.newBuilder().setSlug("a." + "b".repeat(10_000)).build())))
        .hasSizeLessThan(500);
    assertThat(message(() -> collections.createCollection(CreateCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName("c")
        .setDescription("bad\u0000").build()))).contains("control character U+0000");
    Dataset.Builder d = Dataset.newBuilder().setSlug("rules.raw.wide").setKind(DatasetKind.DATASET_KIND_TEMPORAL);
    for (int i = 0; i < 1001; i++) {
      d.addFields(Field.newBuilder().setName("f" + i).setType(FieldType.FIELD_TYPE_INT64));
    }
    assertThat(message(() -> datasets.createDataset(CreateDatasetRequest.newBuilder().setDataset(d).build())))
        .contains("at most 1000 fields, got 1001");
    assertThat(message(() -> datasets.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
        .setSlug("rules.raw.described").setKind(DatasetKind.DATASET_KIND_TEMPORAL).setDescription("d".repeat(10_001))).build())))
        .contains("10001 characters; at most 10000");
    datasetWorks();
  }

  @Test
  void jobSubmissionsAreChecked() {
    TaskSpec ok = TaskSpec.newBuilder().setName("resize").setCluster("default-cluster").setInput("{}").build();
    assertThat(message(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setName("j".repeat(201)).setRoot(ok).build())))
        .contains("job name", "at most 200 characters");
    assertThat(message(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setName("j").setIdempotencyKey("k".repeat(257)).setRoot(ok)
        .build()))).contains("idempotency key", "at most 256");
    assertThat(message(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setName("j").setRoot(ok.toBuilder().setInput("{not json"))
        .build()))).contains("root task", "not valid JSON");
    assertThat(message(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setName("j").setRoot(ok.toBuilder()
        .setInput("\"" + "a".repeat(1 << 20) + "\"")).build()))).contains("at most 1048576 (1 MiB)");
    assertThat(message(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setName("j\u0001k").setRoot(ok).build())))
        .contains("control character U+0001");
  }

  // ------------------------------------------------------------------ requests that used to crash

  @Test
  void hugePageSizesAndTimeBoundsAreInvalidArguments() {
    assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG).setPageSize(-1).build()).hasNext()))
        .contains("page_size 4294967295", "1 to 100000");
    assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG).setPageSize(1 << 31).build()).hasNext()))
        .contains("page_size 2147483648");
    assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG)
        .setTime(TimeRange.newBuilder().setStartUs(Long.MAX_VALUE).setStartExclusive(true)).build()).hasNext()))
        .contains("start_us", "supported range");
    assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG)
        .setTime(TimeRange.newBuilder().setEndUs(Long.MAX_VALUE).setEndInclusive(true)).build()).hasNext()))
        .contains("end_us");
    assertThat(count(QueryRequest.newBuilder().setPageSize(Integer.MAX_VALUE))).isGreaterThanOrEqualTo(1);
  }

  @Test
  void deeplyNestedFiltersAreInvalidArguments() throws Exception {
    String parens = "(".repeat(10_000) + "cloud < 5" + ")".repeat(10_000);
    String nots = "NOT ".repeat(10_000) + "cloud < 5";
    String minus = "cloud < " + "-".repeat(10_000) + "5";
    String power = "cloud < " + "2 ^ ".repeat(10_000) + "1";
    for (String f : new String[] {parens, nots, minus, power}) {
      assertThat(message(() -> data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG).setFilterCql2(f).build()).hasNext()))
          .contains("nested more than 100 levels");
    }
    // a filter nested 50 deep is fine
    assertThat(count(QueryRequest.newBuilder().setFilterCql2("(".repeat(50) + "NOT ".repeat(40) + "cloud < 6" + ")".repeat(50))))
        .isGreaterThanOrEqualTo(1);
    // over GET the request line stays under the HTTP header limit (16 KiB): 1,000 levels; over POST, 10,000
    for (String f : new String[] {"(".repeat(1_000) + "cloud < 5" + ")".repeat(1_000), "NOT ".repeat(1_000) + "cloud < 5"}) {
      HttpResponse<String> r = get("/search?filter-lang=cql2-text&filter=" + enc(f));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("nested more than 100 levels");
    }
    for (String f : new String[] {parens, nots}) {
      HttpResponse<String> r = post("/search", "{\"filter-lang\":\"cql2-text\",\"filter\":\"" + f + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("nested more than 100 levels");
    }
    String jsonNots = "{\"op\":\"not\",\"args\":[".repeat(150) + "{\"op\":\"<\",\"args\":[{\"property\":\"cloud\"},5]}"
        + "]}".repeat(150);
    HttpResponse<String> r = post("/search", "{\"filter-lang\":\"cql2-json\",\"filter\":" + jsonNots + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("nested more than 100 operations");
    String jsonDeep = "{\"op\":\"not\",\"args\":[".repeat(10_000) + "true" + "]}".repeat(10_000);
    r = post("/search", "{\"filter-lang\":\"cql2-json\",\"filter\":" + jsonDeep + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
  }

  @Test
  void nulBytesAreBadRequestsNotDatabaseOutages() throws Exception {
    HttpResponse<String> r = get("/search?collections=" + enc("a\u0000b"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    r = get("/collections/" + enc("a\u0000b"));
    assertThat(r.statusCode()).as(r.body()).isIn(400, 404);
    r = get("/collections/" + enc("a\u0000b") + "/items");
    assertThat(r.statusCode()).as(r.body()).isIn(400, 404);
  }

  // ------------------------------------------------------------------ reading rows that break the rules

  @Test
  void aBadRowWrittenInSqlBreaksNoRead() throws Exception {
    String col = "legacy";
    assertThat(ingest.ingest(request(col, T0, row(point(10, 20), 5.0, "{}", T0))).getCreated()).isEqualTo(1);
    Database.Login login = Database.embeddedLogin(dir);
    try (Connection c = DriverManager.getConnection(login.jdbcUrl(), login.user(), login.password())) {
      long colId;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT c.id FROM collections c JOIN datasets d ON d.id = c.dataset_id WHERE d.slug = ? AND c.name = ?")) {
        ps.setString(1, SLUG);
        ps.setString(2, col);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          colId = rs.getLong(1);
        }
      }
      byte[] bad = row(point(10, 464), 1.0, "{}", T0);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO datapoints VALUES (?, ?, ?, ?, 10, 464, 10, 464, ?)")) {
        ps.setLong(1, colId);
        ps.setObject(2, DatapointId.of(T0 + 5, 42).toUuid());
        ps.setLong(3, T0 + 5);
        ps.setLong(4, T0 + 5);
        ps.setBytes(5, bad);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE collections SET count = count + 1, north = 464, south = -300 WHERE id = ?")) {
        ps.setLong(1, colId);
        ps.executeUpdate();
      }
    }
    // catalog reads: the extent is clamped for display
    var info = collections.getCollection(GetCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName(col).build());
    assertThat(info.getCount()).isEqualTo(2);
    assertThat(collections.listCollections(ListCollectionsRequest.newBuilder().setDatasetSlug(SLUG).build()).getCollectionsCount())
        .isGreaterThanOrEqualTo(2);
    assertThat(datasets.listDatasets(ListDatasetsRequest.newBuilder().build()).getDatasetsCount()).isGreaterThanOrEqualTo(1);
    // queries: all rows by time, the bad one never matches a place
    assertThat(count(QueryRequest.newBuilder().addCollections(col))).isEqualTo(2);
    assertThat(data.query(QueryRequest.newBuilder().setDatasetSlug(SLUG).addCollections(col).build()).next().getTimeUsCount())
        .isEqualTo(2);
    SpatialFilter world = SpatialFilter.newBuilder().setGeometryWkb(ByteString.copyFrom(Geometries.toWkb(
        io.swath.core.geo.BoundingBox.WORLD.toGeometry()))).build();
    assertThat(count(QueryRequest.newBuilder().addCollections(col).setSpatial(world))).isEqualTo(1);
    assertThat(count(QueryRequest.newBuilder().addCollections(col).setFilterCql2("S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))")))
        .isEqualTo(1);
    // writes still work
    assertThat(ingest.ingest(request(col, T0 + 9, row(point(11, 21), 2.0, "{}", T0))).getCreated()).isEqualTo(1);
    // STAC: landing page, collections, search
    String stacId = SLUG + "." + col;
    assertThat(get("/").statusCode()).isEqualTo(200);
    HttpResponse<String> r = get("/collections");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains(stacId);
    r = get("/collections/" + stacId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    r = get("/search?collections=" + stacId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("464");
    r = get("/search?collections=" + stacId + "&bbox=0,0,20,30");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("464");
    r = get("/collections/" + stacId + "/items");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // and deleting the collection works
    assertThat(collections.deleteCollection(DeleteCollectionRequest.newBuilder().setDatasetSlug(SLUG).setName(col).build())
        .getDeletedDatapoints()).isEqualTo(3);
  }
}
