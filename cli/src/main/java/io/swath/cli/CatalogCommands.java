package io.swath.cli;

import io.swath.client.CollectionClient;
import io.swath.client.CollectionInfo;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetInfo;
import io.swath.client.DatasetsClient;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that list, describe and delete datasets and collections. */
final class CatalogCommands {
  private CatalogCommands() {}

  @Command(name = "datasets", mixinStandardHelpOptions = true, description = "Show the tree of groups and datasets.")
  static final class Datasets implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
      try (DatasetsClient c = client.connect()) {
        var tree = c.datasets();
        String s = tree.toString();
        System.out.print(s.isEmpty() ? "(no datasets yet: create one by ingesting, e.g. `swath ingest`, or run `swath demo`)\n" : s);
      }
      return Main.OK;
    }
  }

  @Command(name = "collections", mixinStandardHelpOptions = true,
      description = "List the collections of a dataset with their datapoint count and time availability.")
  static final class Collections implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug, e.g. open_data.usgs.landsat8_oli_tirs")
    String dataset;

    @Override
    public Integer call() {
      try (DatasetsClient c = client.connect()) {
        for (CollectionClient col : c.dataset(dataset).collections().values()) {
          System.out.println(col.info() + (col.info().stacId().isEmpty() ? "" : "  STAC id: " + col.info().stacId()));
        }
      }
      return Main.OK;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Describe a dataset (kind, schema, collections) or one collection.")
  static final class Info implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug.")
    String dataset;

    @Parameters(index = "1", arity = "0..1", paramLabel = "COLLECTION", description = "Only this collection.")
    String collection;

    @Override
    public Integer call() {
      try (DatasetsClient c = client.connect()) {
        DatasetClient ds = c.dataset(dataset);
        if (collection != null) {
          System.out.println(ds.collection(collection).info());
          return Main.OK;
        }
        DatasetInfo info = ds.info();
        System.out.println(info.slug());
        System.out.println("  kind:        " + info.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (!info.description().isEmpty()) {
          System.out.println("  description: " + info.description());
        }
        System.out.println("  fields:      time: timestamp, id: uuid, ingestion_time: timestamp");
        for (Field f : info.schema().fields()) {
          System.out.println("               " + f + (f.description().isEmpty() ? "" : "  -- " + f.description()));
        }
        System.out.println("  collections:");
        long total = 0;
        for (CollectionClient col : ds.collections().values()) {
          CollectionInfo ci = col.info();
          total += ci.count();
          System.out.println("    " + ci);
        }
        System.out.println("  total:       " + total + " datapoints");
      }
      return Main.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Delete datapoints by id, a whole collection, or a whole dataset.",
          "Deleting a collection or dataset needs --yes."},
      footer = {"", "Examples:", "  swath delete my.group.ds --collection A --id 0169f1c1-3a00-7000-8f3c-1a2b3c4d5e6f",
          "  swath delete my.group.ds --collection A --yes", "  swath delete my.group.ds --yes"})
  static final class Delete implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug.")
    String dataset;

    @Option(names = "--collection", paramLabel = "NAME", description = "The collection.")
    String collection;

    @Option(names = "--id", paramLabel = "ID", split = ",", description = "Datapoint ids to delete (needs --collection).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--yes", description = "Confirm deleting a whole collection or dataset.")
    boolean yes;

    @Override
    public Integer call() {
      try (DatasetsClient c = client.connect()) {
        if (!ids.isEmpty()) {
          if (collection == null) {
            throw new IllegalArgumentException("--id needs --collection");
          }
          List<DatapointId> parsed = ids.stream().map(DatapointId::parse).toList();
          long n = c.dataset(dataset).collection(collection).delete(parsed);
          System.out.println("deleted " + n + " of " + parsed.size() + " datapoints");
          return Main.OK;
        }
        if (!yes) {
          throw new IllegalArgumentException("deleting " + (collection == null ? "dataset " + dataset : "collection " + collection)
              + " removes all its datapoints; add --yes to confirm");
        }
        long n = collection == null ? c.deleteDataset(dataset) : c.dataset(dataset).deleteCollection(collection);
        System.out.println("deleted " + (collection == null ? "dataset " + dataset : "collection " + collection) + " (" + n + " datapoints)");
      }
      return Main.OK;
    }
  }
}
