package io.swath.cli;

import io.swath.core.table.Column;
import io.swath.core.table.DatapointTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/** Renders a datapoint table as aligned text columns for the terminal. */
final class TablePrinter {
  private static final int MAX_WIDTH = 28;

  private TablePrinter() {}

  static void print(DatapointTable t, PrintStream out, int maxColumns) {
    List<String> header = new ArrayList<>(List.of("time", "collection", "id"));
    List<String> fields = t.isSkipData() ? List.of() : t.columnNames();
    int shown = Math.min(fields.size(), maxColumns);
    header.addAll(fields.subList(0, shown));
    List<String[]> rows = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      String[] row = new String[header.size()];
      row[0] = t.time(r).toString();
      row[1] = t.collection(r);
      row[2] = t.id(r).toString();
      for (int i = 0; i < shown; i++) {
        Column c = t.column(fields.get(i));
        Object v = c.get(r);
        row[3 + i] = v == null ? "" : v instanceof Geometry g ? g.getGeometryType() + "(" + g.getNumPoints() + " pts)" : v.toString();
      }
      rows.add(row);
    }
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (String[] row : rows) {
        w[i] = Math.max(w[i], Math.min(i < 3 ? 40 : MAX_WIDTH, row[i].length()));
      }
    }
    out.println(line(header.toArray(new String[0]), w));
    for (String[] row : rows) {
      out.println(line(row, w));
    }
    String more = fields.size() > shown ? " (" + (fields.size() - shown) + " more columns; use --format csv or ndjson for all)" : "";
    out.println(t.size() + " datapoints" + more);
  }

  private static String line(String[] cells, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].length() > w[i] ? cells[i].substring(0, w[i] - 1) + "…" : cells[i];
      sb.append(c).append(" ".repeat(w[i] - c.length()));
      if (i < cells.length - 1) {
        sb.append("  ");
      }
    }
    return sb.toString().stripTrailing();
  }
}
