package io.swath.cli;

import io.swath.client.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which datapoints of a dataset a command works on: collections, time, place, filter. */
final class SelectionOptions {
  @Option(names = {"-c", "--collection"}, paramLabel = "NAME", split = ",", description = "Collections to read (default: all).")
  List<String> collections = new ArrayList<>();

  @Option(names = {"-t", "--time"}, paramLabel = "INTERVAL", description = "Time interval, e.g. 2024-01-01/2024-08-01.")
  String time;

  @Option(names = "--bbox", paramLabel = "W,S,E,N", description = "Footprints intersecting this lon/lat box (W > E crosses the antimeridian).")
  String bbox;

  @Option(names = {"-f", "--filter"}, paramLabel = "CQL2", description = "CQL2 text filter on fields, e.g. \"cloud_cover < 85\".")
  String filter;

  @Option(names = "--limit", description = "At most this many datapoints (the earliest).")
  long limit;

  Query query() {
    Query q = time == null ? Query.all() : Query.time(time);
    if (bbox != null) {
      double[] b = QueryCommand.parseBbox(bbox);
      q = q.bbox(b[0], b[1], b[2], b[3]);
    }
    if (filter != null) {
      q = q.filter(filter);
    }
    return q.limit(limit).collections(collections.toArray(new String[0]));
  }
}
