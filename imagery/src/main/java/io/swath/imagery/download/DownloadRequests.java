package io.swath.imagery.download;

import io.swath.imagery.asset.Asset;
import io.swath.imagery.asset.Assets;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns datapoints with STAC assets into download requests. */
public final class DownloadRequests {
  private DownloadRequests() {}

  /**
   * One request per selected asset of every datapoint, to {@code dir/<item>/<file name>}, where
   * {@code <item>} is the STAC id ({@code stac_id}) or else the datapoint id. {@code keys} selects
   * assets by key or band name (see {@link Assets#band}); empty selects every asset whose roles
   * include {@code data} (all assets when none has roles).
   *
   * @throws IllegalArgumentException when the table has no {@code assets} field, or a datapoint
   *     lacks a requested asset
   */
  public static List<DownloadRequest> forAssets(DatapointTable table, List<String> keys, Path dir) {
    if (table.schema().indexOf(Assets.FIELD) < 0) {
      throw new IllegalArgumentException("the dataset has no '" + Assets.FIELD + "' field: its datapoints point to no files");
    }
    boolean hasStacId = table.schema().indexOf("stac_id") >= 0;
    List<DownloadRequest> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Datapoint d : table) {
      var assets = Assets.of(d);
      String item = hasStacId && d.getString("stac_id") != null ? d.getString("stac_id") : d.id().toString();
      List<Asset> chosen = new ArrayList<>();
      if (keys.isEmpty()) {
        boolean anyRoles = assets.values().stream().anyMatch(a -> !a.roles().isEmpty());
        assets.values().stream().filter(a -> !anyRoles || a.roles().contains("data")).forEach(chosen::add);
      } else {
        for (String k : keys) {
          Asset a = Assets.band(assets, k);
          if (a == null) {
            throw new IllegalArgumentException("datapoint " + item + " has no asset '" + k + "' (it has " + assets.keySet() + ")");
          }
          chosen.add(a);
        }
      }
      for (Asset a : chosen) {
        Path target = dir.resolve(safe(item)).resolve(safe(a.fileName()));
        if (!seen.add(target)) { // two assets with one file name: keep both
          target = dir.resolve(safe(item)).resolve(safe(a.key().toLowerCase(Locale.ROOT) + "-" + a.fileName()));
          seen.add(target);
        }
        out.add(DownloadRequest.of(a, target));
      }
    }
    return out;
  }

  private static String safe(String name) {
    String s = name.replaceAll("[/\\\\:*?\"<>|\\x00-\\x1f]", "_");
    return s.equals(".") || s.equals("..") || s.isEmpty() ? "_" : s;
  }
}
