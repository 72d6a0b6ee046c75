package io.swath.core.filter;

import io.swath.core.geo.BoundingBox;
import io.swath.core.schema.Schema;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link Filter} checked against a dataset {@link Schema} and compiled for evaluation: property
 * names are resolved to field positions and literals converted once, so {@link #test(Row)} does
 * no lookups. Immutable and safe to use from many threads.
 *
 * <p>Evaluation follows SQL's three-valued logic: a comparison with a null value is unknown,
 * {@code NOT unknown} is unknown, and a row is selected only when the filter is true.
 *
 * <p>For index scans, {@link #timeRange()} and {@link #boundingBox()} give bounds implied by the
 * top-level AND-ed conditions on {@code time}/{@code datetime} and on {@code geometry}; every row
 * the filter selects lies within them, and {@link #test(Row)} still decides exactly.
 */
public final class BoundFilter implements Predicate<Row> {
  private final Filter filter;
  private final Schema schema;
  private final Eval.Cond root;
  private final int[] fields;
  private final TimeRange timeRange;
  private final BoundingBox boundingBox;
  private final boolean decidedByTimeRange;

  BoundFilter(Filter filter, Schema schema, Eval.Cond root, int[] fields, TimeRange timeRange, BoundingBox boundingBox,
              boolean decidedByTimeRange) {
    this.filter = filter;
    this.schema = schema;
    this.root = root;
    this.fields = fields;
    this.timeRange = timeRange;
    this.boundingBox = boundingBox;
    this.decidedByTimeRange = decidedByTimeRange;
  }

  /** Whether the filter is true for {@code row} (false when it is false or unknown). */
  @Override
  public boolean test(Row row) {
    return root.eval(row) == Eval.TRUE;
  }

  /** The three-valued result for {@code row}: {@code TRUE}, {@code FALSE}, or null when unknown. */
  public Boolean evaluate(Row row) {
    int v = root.eval(row);
    return v == Eval.UNKNOWN ? null : v == Eval.TRUE;
  }

  /** The filter this was bound from. */
  public Filter filter() {
    return filter;
  }

  /** The schema it was bound to. */
  public Schema schema() {
    return schema;
  }

  /** The positions of the schema fields the filter reads, ascending: a row source may decode only these. */
  public int[] referencedFields() {
    return fields.clone();
  }

  /**
   * The range of datapoint times implied by the top-level AND-ed conditions on {@code time} (or
   * {@code datetime}) against literals: comparisons, BETWEEN, IN and the T_ functions. Empty when
   * the filter does not bound the time; a range that {@link TimeRange#isEmpty() is empty} means
   * no row can match.
   */
  public Optional<TimeRange> timeRange() {
    return Optional.ofNullable(timeRange);
  }

  /**
   * Whether the filter selects exactly the rows whose time lies in {@link #timeRange()}: it is
   * nothing but AND-ed comparisons, BETWEENs and temporal predicates of {@code time} with
   * literals. Then a range scan on time decides it and {@link #test(Row)} need not run.
   */
  public boolean isDecidedByTimeRange() {
    return decidedByTimeRange;
  }

  /**
   * The box that the {@code geometry} (footprint) of every selected row intersects, implied by
   * top-level AND-ed spatial conditions on {@code geometry} against literals (any S_ function but
   * S_DISJOINT). Empty when the filter does not bound the footprint.
   */
  public Optional<BoundingBox> boundingBox() {
    return Optional.ofNullable(boundingBox);
  }

  /** The filter in CQL2 text. */
  @Override
  public String toString() {
    return filter.toText();
  }
}
