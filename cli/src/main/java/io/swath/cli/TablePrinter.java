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

  /** Rows shown on a terminal; piped output gets them all. */
  static final int TERMINAL_ROWS = 40;

  /** Prints the table: every row, or the first {@link #TERMINAL_ROWS} when standard output is a terminal. */
  static void print(DatapointTable t, PrintStream out, int maxColumns) {
    print(t, out, maxColumns, System.console() != null ? TERMINAL_ROWS : Integer.MAX_VALUE);
  }

  static void print(DatapointTable t, PrintStream out, int maxColumns, int maxRows) {
    List<String> header = new ArrayList<>(List.of("time", "collection", "id"));
    List<String> fields = t.isSkipData() ? List.of() : t.columnNames();
    int shown = Math.min(fields.size(), maxColumns);
    header.addAll(fields.subList(0, shown));
    List<String[]> rows = new ArrayList<>();
    int rowsShown = Math.min(t.size(), maxRows);
    for (int r = 0; r < rowsShown; r++) {
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
    if (rowsShown < t.size()) {
      out.printf("… %,d more rows (all of them: pipe the output, or use --format csv, --output FILE or --limit)%n", t.size() - rowsShown);
    }
    String more = fields.size() > shown ? " (" + (fields.size() - shown) + " more columns; use --format csv or ndjson for all)" : "";
    out.printf("%,d datapoints%s%n", t.size(), more);
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
