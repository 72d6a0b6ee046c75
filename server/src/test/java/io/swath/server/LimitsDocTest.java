package io.swath.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The table of limits in docs/security.md states what the code enforces: each figure is read
 * from the constant or default that sets it, so changing one without the other fails here.
 */
class LimitsDocTest {
  static final Path DOC = Path.of("..", "docs", "security.md");

  /** A static field's value, public or not. */
  static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(null);
  }

  /** A default of the server's builder. */
  static Object builderDefault(String name) throws ReflectiveOperationException {
    Field f = SwathServer.Builder.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(SwathServer.builder());
  }

  static String number(Object n) {
    return String.format(Locale.ROOT, "%,d", ((Number) n).longValue());
  }

  static String bytes(Object n) {
    long v = ((Number) n).longValue();
    return v % (1 << 20) == 0 ? (v >> 20) + " MiB" : v % 1024 == 0 ? (v >> 10) + " KiB" : v + " bytes";
  }

  /** The row of the limits table whose first cell starts with {@code label}. */
  static String row(List<String> lines, String label) {
    return lines.stream().filter(l -> l.startsWith("| " + label)).findFirst()
        .orElseThrow(() -> new AssertionError("no row '" + label + "' in " + DOC));
  }

  @Test
  void theTableOfLimitsMatchesTheCode() throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf("## Every limit, and what a client sees");
    assertThat(start).as("the section of limits").isPositive();
    List<String> table = lines.subList(start, lines.size());

    String perKey = row(table, "reads open per key");
    assertThat(perKey).contains("| " + io.swath.server.security.KeyStreams.DEFAULT_MAX + " |");
    assertThat(row(table, "query streams open, all callers"))
        .contains("| " + number(io.swath.server.grpc.StreamLimits.DEFAULTS.maxStreams()) + " |")
        .contains("the server has " + io.swath.server.grpc.StreamLimits.DEFAULTS.maxStreams() + " query streams open");
    assertThat(row(table, "reads of the database at once")).contains("(" + io.swath.server.catalog.QuerySlots.forPool(16) + " of 16)");
    assertThat(row(table, "a query stream whose client does not read"))
        .contains("| " + io.swath.server.grpc.StreamLimits.DEFAULTS.sendTimeout().toSeconds() + " s |");
    assertThat(row(table, "one gRPC message")).contains("| " + bytes(builderDefault("maxMessageBytes")) + " |");
    assertThat(row(table, "request headers")).contains("| " + bytes(builderDefault("maxHeaderBytes")) + " |");
    assertThat(row(table, "calls at once on one gRPC connection")).contains("| " + number(builderDefault("maxCallsPerConnection")) + " |");
    assertThat(row(table, "HTTP connections open")).contains("| " + number(builderDefault("httpMaxConnections")) + " |");

    Object batch = constant(io.swath.server.catalog.DatapointStore.class, "MAX_INGEST_BATCH");
    assertThat(row(table, "datapoints per ingest request")).contains("| " + number(batch) + " |")
        .contains("at most " + batch + " datapoints");
    assertThat(row(table, "one datapoint, encoded")).contains("| " + bytes(io.swath.core.rules.StorageRules.MAX_ROW_BYTES) + " |")
        .contains("at most " + io.swath.core.rules.StorageRules.MAX_ROW_BYTES);
    Class<?> planner = Class.forName("io.swath.server.grpc.QueryPlanner");
    assertThat(row(table, "datapoints per query page"))
        .contains(number(constant(planner, "DEFAULT_PAGE")) + " by default, at most " + number(constant(planner, "MAX_PAGE")))
        .contains("ends at " + bytes(io.swath.server.catalog.DatapointStore.MAX_PAGE_BYTES) + " of rows");
    Class<?> search = Class.forName("io.swath.server.stac.SearchRequest");
    assertThat(row(table, "STAC items per page"))
        .contains(number(constant(search, "DEFAULT_LIMIT")) + " by default, at most " + number(constant(search, "MAX_LIMIT")));
    assertThat(row(table, "STAC request body"))
        .contains("| " + bytes(constant(Class.forName("io.swath.server.stac.ApiRequest"), "MAX_BODY")) + " |");
    assertThat(row(table, "STAC collection document"))
        .contains("| " + bytes(io.swath.server.catalog.CatalogStore.MAX_STAC_DOCUMENT) + " |");
    assertThat(row(table, "task input")).contains("| " + bytes(io.swath.core.rules.StorageRules.MAX_TASK_INPUT_BYTES) + " of JSON, nested at most "
        + io.swath.core.rules.StorageRules.MAX_JSON_DEPTH + " deep |");
    assertThat(row(table, "CQL2 filter nesting")).contains("| " + io.swath.core.filter.Cql2.MAX_NESTING + " operations deep |");
  }
}
