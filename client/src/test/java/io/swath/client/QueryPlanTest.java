package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.api.v1.Collection;
import io.swath.api.v1.ListCollectionsResponse;
import io.swath.api.v1.QueryRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planning a query from collection statistics: slices, their ends, and the rows each reserves. */
class QueryPlanTest {
  static final long DAY = 86_400_000_000L;
  static final ListCollectionsResponse STATS = ListCollectionsResponse.newBuilder()
      .addCollections(Collection.newBuilder().setName("a").setCount(100_000).setFirstTimeUs(0).setLastTimeUs(100 * DAY - 1)).build();

  @Test
  void automaticShardsCoverTheWholeQueryAndReserveTheirShare() {
    QueryRequest base = QueryRequest.newBuilder().setDatasetSlug("x.y").addCollections("a").build();
    QueryRunner.Plan plan = QueryRunner.plan(base, Query.all(), List.of("a"), STATS, 1);
    int k = plan.shards().size();
    assertThat(k).isEqualTo(5); // 100,000 datapoints, about one stream per 20,000
    assertThat(plan.exactTotal()).isEqualTo(100_000);
    // the outer shards keep the query's own open ends: datapoints outside the statistics are not lost
    assertThat(plan.shards().get(0).getTime().hasStartUs()).isFalse();
    assertThat(plan.shards().get(k - 1).getTime().hasEndUs()).isFalse();
    for (int i = 1; i < k; i++) {
      assertThat(plan.shards().get(i).getTime().getStartUs()).isEqualTo(plan.shards().get(i - 1).getTime().getEndUs());
    }
    long reserved = 0;
    for (int i = 0; i < k; i++) {
      int r = QueryRunner.expectedRows(plan, i);
      assertThat(r).isBetween(20_000, 20_600);
      reserved += r;
    }
    assertThat(reserved).isBetween(100_000L, 103_000L);
  }

  @Test
  void automaticPlansUseEveryConnectionFromTenThousandDatapoints() {
    QueryRequest base = QueryRequest.newBuilder().setDatasetSlug("x.y").addCollections("a").build();
    assertThat(QueryRunner.plan(base, Query.all(), List.of("a"), STATS, 4).shards()).hasSize(5); // more by count
    assertThat(QueryRunner.plan(base, Query.all(), List.of("a"), STATS, 16).shards()).hasSize(QueryRunner.MAX_AUTO_SHARDS);
    // about 12,000 datapoints in the first 12 days: one stream by count, spread over the 4 connections
    assertThat(QueryRunner.plan(base, Query.time(java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(12 * 86_400)), List.of("a"),
        STATS, 4).shards()).hasSize(4);
    // about 5,000: one stream
    assertThat(QueryRunner.plan(base, Query.time(java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(5 * 86_400)), List.of("a"),
        STATS, 4).shards()).hasSize(1);
    // set by hand: as asked
    assertThat(QueryRunner.plan(base, Query.all().parallelism(2), List.of("a"), STATS, 4).shards()).hasSize(2);
  }

  @Test
  void aPlaceWithoutATimeBoundIsOneStreamAndAPlaceWithOneIsSharded() {
    QueryRequest base = QueryRequest.newBuilder().setDatasetSlug("x.y").addCollections("a").build();
    assertThat(QueryRunner.plan(base, Query.all().bbox(2, 48, 3, 49), List.of("a"), STATS, 4).shards()).hasSize(1);
    assertThat(QueryRunner.plan(base, Query.time(java.time.Instant.EPOCH, null).bbox(2, 48, 3, 49), List.of("a"), STATS, 4)
        .shards()).hasSize(1);
    // a bounded time range is sliced by time as before
    assertThat(QueryRunner.plan(base, Query.time(java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(100 * 86_400))
        .bbox(2, 48, 3, 49), List.of("a"), STATS, 4).shards()).hasSize(5);
    // set by hand: as asked
    assertThat(QueryRunner.plan(base, Query.all().bbox(2, 48, 3, 49).parallelism(3), List.of("a"), STATS, 4).shards()).hasSize(3);
  }

  @Test
  void filteredQueriesDoNotReserveFromUnfilteredCounts() {
    QueryRequest base = QueryRequest.newBuilder().setDatasetSlug("x.y").addCollections("a").setFilterCql2("v < 1").build();
    QueryRunner.Plan plan = QueryRunner.plan(base, Query.all().filter("v < 1"), List.of("a"), STATS, 1);
    assertThat(plan.exactTotal()).isZero();
    assertThat(QueryRunner.expectedRows(plan, 0)).isEqualTo(1024);
  }
}
