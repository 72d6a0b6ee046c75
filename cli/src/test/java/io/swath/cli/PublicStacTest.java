package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.server.security.Grant;
import io.swath.server.security.Scope;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The STAC API shows each caller the collections it may read, over real HTTP: public datasets
 * ({@code --public-read}) without a key, exactly its datasets to a key limited to some, all of
 * them to an unlimited key; the others answer 404 as if they did not exist.
 */
class PublicStacTest {
  static SwathServer server;
  static String base;
  static String admin;
  static String limited;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  /** STAC collection ids by dataset slug. */
  static final Map<String, String> COLLECTION = new java.util.HashMap<>();
  static final List<String> SLUGS = List.of("open_data.scenes", "private_data.scenes", "team.scenes");

  @BeforeAll
  static void start() throws Exception {
    server = SwathServer.builder().dataDir(TestServers.tempDir("swath-public-stac")).port(0).httpPort(0).initAdminKey(true)
        .publicRead(List.of("open_data.*")).build().start();
    base = "http://127.0.0.1:" + server.httpPort();
    admin = server.initialAdminKey().orElseThrow();
    limited = server.apiKeys().create("team-reader", "tests", List.of(new Grant(Scope.READ, List.of("team.*"), List.of())), null).secret();
    try (DatasetsClient client = DatasetsClient.builder().target(server.target()).apiKey(admin).buildBlocking()) {
      int n = 0;
      for (String slug : SLUGS) {
        var c = client.createDataset(DatasetSpec.builder(slug).spatioTemporal().field("cloud_cover", FieldType.FLOAT64).build())
            .createCollection("S");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++, n++) {
          rows.add(Map.of("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(3600L * n), "cloud_cover", n * 2.5,
              "geometry", Geometries.fromWkt("POLYGON ((" + i + " 10, " + (i + 1) + " 10, " + (i + 1) + " 11, " + i + " 11, " + i + " 10))")));
        }
        c.ingest(rows);
        COLLECTION.put(slug, c.info().stacId());
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Answer(int status, JsonNode body) {}

  static Answer get(String pathAndQuery, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    boolean json = r.headers().firstValue("Content-Type").orElse("").contains("json");
    return new Answer(r.statusCode(), json && !r.body().isEmpty() ? JSON.readTree(r.body()) : null);
  }

  static Answer post(String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  static Set<String> ids(JsonNode array, String field) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  /** The collections a caller with {@code key} sees, read every way the API offers. */
  static void seesExactly(String key, List<String> slugs) throws Exception {
    Set<String> expected = new HashSet<>();
    slugs.forEach(s -> expected.add(COLLECTION.get(s)));
    String who = key == null ? "no key" : key.equals(limited) ? "the limited key" : "the admin key";

    Answer list = get("/collections", key);
    assertThat(list.status()).as(who + ": /collections").isEqualTo(200);
    assertThat(ids(list.body().get("collections"), "id")).as(who + ": /collections").isEqualTo(expected);

    Set<String> children = new HashSet<>();
    get("/", key).body().get("links").forEach(l -> {
      if (l.get("rel").asText().equals("child")) {
        children.add(l.get("href").asText().replaceAll(".*/collections/", ""));
      }
    });
    assertThat(children).as(who + ": the landing page's children").isEqualTo(expected);

    Answer search = get("/search?limit=100", key);
    assertThat(search.status()).as(who + ": /search").isEqualTo(200);
    assertThat(ids(search.body().get("features"), "collection")).as(who + ": /search").isEqualTo(expected);
    assertThat(search.body().get("features").size()).isEqualTo(5 * slugs.size());
    Answer posted = post("/search", "{\"limit\":100}", key);
    assertThat(ids(posted.body().get("features"), "collection")).as(who + ": POST /search").isEqualTo(expected);

    for (String slug : SLUGS) {
      String id = COLLECTION.get(slug);
      boolean readable = slugs.contains(slug);
      Answer one = get("/collections/" + id, key);
      Answer items = get("/collections/" + id + "/items", key);
      Answer queryables = get("/collections/" + id + "/queryables", key);
      Answer searched = get("/search?collections=" + id, key);
      Answer postedOne = post("/search", "{\"collections\":[\"" + id + "\"]}", key);
      for (Answer a : List.of(one, items, queryables, searched, postedOne)) {
        assertThat(a.status()).as(who + " on " + slug).isEqualTo(readable ? 200 : 404);
      }
      if (readable) {
        assertThat(one.body().get("id").asText()).isEqualTo(id);
        assertThat(items.body().get("features").size()).isEqualTo(5);
        String itemId = items.body().get("features").get(0).get("id").asText();
        assertThat(get("/collections/" + id + "/items/" + itemId, key).status()).isEqualTo(200);
      } else {
        assertThat(one.body().get("description").asText()).as(who + " on " + slug).contains("no ").contains(id);
        // an item id read with a key that may read it stays hidden from one that may not
        String itemId = get("/collections/" + id + "/items", admin).body().get("features").get(0).get("id").asText();
        assertThat(get("/collections/" + id + "/items/" + itemId, key).status()).isEqualTo(404);
        // a collection that does not exist answers alike: nothing tells the two apart
        Answer unknown = get("/collections/no_such_collection", key);
        assertThat(unknown.status()).isEqualTo(404);
      }
    }
    // naming a readable and an unreadable collection together is refused as a whole
    if (slugs.size() < SLUGS.size()) {
      String readable = COLLECTION.get(slugs.get(0));
      String other = SLUGS.stream().filter(s -> !slugs.contains(s)).map(COLLECTION::get).findFirst().orElseThrow();
      Answer mixed = get("/search?collections=" + readable + "," + other, key);
      assertThat(mixed.status()).isEqualTo(404);
      assertThat(mixed.body().get("description").asText()).contains("'" + other + "'");
    }
    Answer queryables = get("/queryables", key);
    assertThat(queryables.status()).isEqualTo(200);
    assertThat(get("/conformance", key).status()).isEqualTo(200);
  }

  @Test
  void withoutAKeyOnlyPublicDatasets() throws Exception {
    seesExactly(null, List.of("open_data.scenes"));
    Answer hidden = get("/collections/" + COLLECTION.get("private_data.scenes"), null);
    assertThat(hidden.body().get("description").asText()).contains("no public collection").contains("API key");
  }

  @Test
  void aKeyLimitedToDatasetsReadsExactlyThem() throws Exception {
    seesExactly(limited, List.of("team.scenes"));
    Answer hidden = get("/collections/" + COLLECTION.get("private_data.scenes"), limited);
    assertThat(hidden.body().get("description").asText()).contains("key 'team-reader' may read");
  }

  @Test
  void anUnlimitedKeyReadsEverything() throws Exception {
    seesExactly(admin, SLUGS);
  }

  @Test
  void routesOutsideTheStacApiStillNeedAKeyWithoutLimits() throws Exception {
    assertThat(get("/health", null).status()).isEqualTo(200);
    for (String path : List.of("/metrics", "/console/api/datasets", "/console/api/jobs")) {
      assertThat(get(path, null).status()).as(path + " without a key").isEqualTo(401);
      assertThat(get(path, limited).status()).as(path + " with a limited key").isEqualTo(403);
      assertThat(get(path, admin).status()).as(path + " with the admin key").isEqualTo(200);
    }
    // a wrong key is no public reader
    assertThat(get("/collections", "swk_000000000000_forged").status()).isEqualTo(401);
  }
}
