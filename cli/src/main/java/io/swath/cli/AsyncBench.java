package io.swath.cli;

import io.swath.client.AsyncDatasetsClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.testing.LatencyProxy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/** {@code swath bench async}: sequential vs concurrent and single-stream vs sharded loads over a latency proxy. */
final class AsyncBench {
  private AsyncBench() {}

  static int run(String serverTarget, int rttMs, int bandwidthMbps, int connections, int runs, boolean json) throws Exception {
    try (DatasetsClient direct = DatasetsClient.connect(serverTarget)) {
      DemoData.ensureLandsat(direct, !json);
    }
    Query year = Query.time("2020-01-01", "2021-01-01");
    List<String> names = DemoData.landsatCollections();
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", Integer.parseInt(serverTarget.substring(serverTarget.lastIndexOf(':') + 1)))
        .rtt(Duration.ofMillis(rttMs)).bandwidth(bandwidthMbps * 125_000L).start();
         AsyncDatasetsClient async = AsyncDatasetsClient.builder().target(proxy.target()).connections(connections).build()) {
      DatasetsClient blocking = async.blocking();
      long[] total = new long[1];
      // sync: one collection after another, one stream each, through the blocking face
      double sync = best(runs, () -> {
        DatasetClient ds = blocking.dataset(DemoCommand.LANDSAT);
        long n = 0;
        for (String c : names) {
          n += ds.collection(c).query(year.parallelism(1)).size();
        }
        return n;
      }, total);
      long syncCount = total[0];
      // async: all collections at once, each sharded as the client decides; measured in turns with
      // the server streaming the four collections to a client that discards the pages, so that
      // the machine's drift between runs weighs on both alike
      double[] asyncAndNull = bestInTurns(runs,
          () -> DemoCommand.loadConcurrent(async, names, year).values().stream().mapToLong(Integer::longValue).sum(),
          () -> nullSink(proxy.target(), names, connections), total);
      double concurrent = asyncAndNull[0];
      double nullSink = asyncAndNull[1];
      long asyncCount = total[0];
      double single = best(runs, () -> blocking.dataset(DemoCommand.LANDSAT).collection("L1TP").query(year.parallelism(1)).size(), total);
      double sharded = best(runs, () -> blocking.dataset(DemoCommand.LANDSAT).collection("L1TP").query(year).size(), total);
      if (syncCount != asyncCount) {
        throw new IllegalStateException("sequential and concurrent loads returned " + syncCount + " and " + asyncCount + " datapoints");
      }
      if (json) {
        System.out.printf(Locale.ROOT, "{\"bench\":\"async.seed\",\"rtt_ms\":%d,%s\"datapoints\":%d,\"sync_seconds\":%.4f,\"async_seconds\":%.4f,"
            + "\"speedup\":%.2f,\"single_stream_seconds\":%.4f,\"sharded_seconds\":%.4f,\"sharded_speedup\":%.2f,"
            + "\"null_sink_seconds\":%.4f,\"async_vs_null_sink\":%.2f}%n", rttMs,
            "\"bandwidth_mbps\":" + bandwidthMbps + ","
                + (connections != io.swath.client.DatasetsClientBuilder.DEFAULT_CONNECTIONS ? "\"connections\":" + connections + "," : ""),
            asyncCount, sync, concurrent, sync / concurrent, single,
            sharded, single / sharded, nullSink, concurrent / nullSink);
      } else {
        System.out.printf(Locale.ROOT, "rtt %d ms, %s, %,d datapoints%n", rttMs,
            bandwidthMbps > 0 ? bandwidthMbps + " Mbit/s per connection" : "no bandwidth cap", asyncCount);
        System.out.printf(Locale.ROOT, "  four collections, one after another, single streams: %.3f s%n", sync);
        System.out.printf(Locale.ROOT, "  four collections at once, async client:              %.3f s  (%.2fx)%n", concurrent, sync / concurrent);
        System.out.printf(Locale.ROOT, "  L1TP as one stream:                                  %.3f s%n", single);
        System.out.printf(Locale.ROOT, "  L1TP sharded:                                        %.3f s  (%.2fx)%n", sharded, single / sharded);
        System.out.printf(Locale.ROOT, "  server streaming all four to a null sink:            %.3f s  (async = %.2fx of it)%n", nullSink,
            concurrent / nullSink);
      }
    }
    return Main.OK;
  }

  /**
   * Streams every collection at once with raw gRPC calls that discard the pages, over as many
   * connections as the client uses (one stream per collection); returns the datapoint count.
   */
  static long nullSink(String target, List<String> names, int connections) {
    List<io.grpc.ManagedChannel> channels = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(names.size(), connections); i++) {
      channels.add(io.swath.client.DatasetsClientBuilder.channel(target));
    }
    try {
      List<java.util.concurrent.CompletableFuture<Long>> fs = new java.util.ArrayList<>();
      for (String c : names) {
        var stub = io.swath.api.v1.DataAccessServiceGrpc.newStub(channels.get(fs.size() % channels.size()));
        java.util.concurrent.CompletableFuture<Long> f = new java.util.concurrent.CompletableFuture<>();
        long[] n = {0};
        stub.query(io.swath.api.v1.QueryRequest.newBuilder().setDatasetSlug(DemoCommand.LANDSAT).addCollections(c).build(),
            new io.grpc.stub.StreamObserver<io.swath.api.v1.DatapointPage>() {
              @Override
              public void onNext(io.swath.api.v1.DatapointPage p) {
                n[0] += p.getTimeUsCount();
              }

              @Override
              public void onError(Throwable t) {
                f.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                f.complete(n[0]);
              }
            });
        fs.add(f);
      }
      return fs.stream().mapToLong(java.util.concurrent.CompletableFuture::join).sum();
    } finally {
      channels.forEach(io.grpc.ManagedChannel::shutdownNow);
    }
  }

  /** Runs {@code load} once to warm up, then {@code runs} times; returns the best seconds; the count goes to {@code count[0]}. */
  private static double best(int runs, LongSupplier load, long[] count) {
    return bestInTurns(runs, load, null, count)[0];
  }

  /**
   * Runs each load once to warm up, then both in turns {@code runs} times; returns the best
   * seconds of each; the count of the first goes to {@code count[0]}, and the second (if any)
   * must return the same count.
   */
  private static double[] bestInTurns(int runs, LongSupplier first, LongSupplier second, long[] count) {
    LongSupplier[] loads = second == null ? new LongSupplier[] {first} : new LongSupplier[] {first, second};
    double[] best = new double[loads.length];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    for (int i = 0; i <= runs; i++) {
      for (int l = 0; l < loads.length; l++) {
        long t0 = System.nanoTime();
        long n = loads[l].getAsLong();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (l == 0) {
          count[0] = n;
        } else if (n != count[0]) {
          throw new IllegalStateException("the two loads counted " + count[0] + " and " + n + " datapoints");
        }
        if (i > 0) { // the first turn warms up
          best[l] = Math.min(best[l], seconds);
        }
      }
    }
    return best;
  }
}
