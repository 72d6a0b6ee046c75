package io.swath.client;

import io.swath.core.table.DatapointTable;
import java.util.stream.Stream;

/** Streams a whole collection page by page and prints how many datapoints it saw; run with a small heap. */
public final class StreamCounterProgram {
  private StreamCounterProgram() {}

  public static void main(String[] args) {
    long count = 0;
    long lastTime = Long.MIN_VALUE;
    long maxHeap = 0;
    try (DatasetsClient client = DatasetsClient.connect(args[0]);
         Stream<DatapointTable> pages = client.dataset(args[1]).collection(args[2]).queryPages(Query.all())) {
      for (DatapointTable page : (Iterable<DatapointTable>) pages::iterator) {
        for (int i = 0; i < page.size(); i++) {
          long t = page.timeMicros(i);
          if (t < lastTime) {
            throw new IllegalStateException("out of order at datapoint " + (count + i));
          }
          lastTime = t;
        }
        count += page.size();
        Runtime rt = Runtime.getRuntime();
        maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
      }
    }
    System.out.println("COUNT " + count + " MAXHEAP " + maxHeap + " XMX " + Runtime.getRuntime().maxMemory());
  }
}
