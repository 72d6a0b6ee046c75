package io.swath.server.stac;

import io.swath.core.filter.BoundFilter;
import io.swath.core.filter.Cql2;
import io.swath.core.filter.Expr;
import io.swath.core.filter.Expr.Property;
import io.swath.core.filter.Filter;
import io.swath.core.filter.Row;
import io.swath.core.filter.TimeRange;
import io.swath.server.catalog.RowPredicate;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds a STAC filter (CQL2 over item properties) to one dataset: STAC property names become the
 * dataset's field names, {@code datetime} the datapoint time, {@code id} the item id and
 * {@code collection} the STAC collection id.
 *
 * <p>A property some searched collections have and others lack is null in the others (CQL2
 * comparisons with null are unknown, so such items do not match unless the filter asks
 * {@code IS NULL}); a property no searched collection has is an error.
 *
 * <p>{@code datetime} is the item's {@code properties.datetime}: null for an item whose
 * {@code datetime} is null (its datapoint time is then its {@code start_datetime}).
 */
final class FilterBinding {
  /** The name under which a filter sees the item's datetime when it may be null. */
  private static final String ITEM_DATETIME = "_item_datetime";

  private FilterBinding() {}

  /**
   * A filter bound to one dataset.
   *
   * @param filter    the bound filter, over the dataset's fields and the virtual ones it needs
   * @param test      the test of a datapoint of the dataset
   * @param timeRange the datapoint times outside which the filter never holds, or null
   */
  record Bound(BoundFilter filter, RowPredicate test, TimeRange timeRange) {}

  /** Every property name the filter references. */
  static Set<String> properties(Expr e) {
    Set<String> out = new LinkedHashSet<>();
    rewrite(e, p -> {
      out.add(p.name());
      return p;
    });
    return out;
  }

  /**
   * Binds {@code filter} for the datapoints of {@code layout}'s dataset served under
   * {@code stacId} (when the filter names {@code collection}, bind once per STAC collection).
   *
   * @param known the field of each property in the datasets of the whole search, for the type of a
   *              property this dataset lacks
   * @throws ApiException 400 for a type mismatch or a property unknown in every searched collection
   */
  static Bound bind(Filter filter, ItemLayout layout, String stacId, Map<String, Field> known) {
    // items of a dataset with time ranges may have a null datetime: the filter reads it from a
    // virtual field, null for those items; elsewhere datetime is the datapoint time
    boolean nullableDatetime = layout.timeRangeFields != null
        && properties(filter).stream().anyMatch(p -> stripPrefix(p).equals("datetime"));
    String datetimeField = ITEM_DATETIME;
    while (layout.schema.indexOf(datetimeField) >= 0) {
      datetimeField = "_" + datetimeField;
    }
    Renamed renamed = rename(filter, layout, stacId, known, nullableDatetime ? datetimeField : "time");
    Schema schema = renamed.schema();
    try {
      BoundFilter f = Cql2.bind(renamed.filter(), schema);
      if (!nullableDatetime) {
        return new Bound(f, f::test, f.timeRange().orElse(null));
      }
      // where the filter holds, datetime is not null and so the datapoint time: the same filter
      // over the datapoint time gives the times an index may read
      Renamed overTime = rename(filter, layout, stacId, known, "time");
      TimeRange tr = Cql2.bind(overTime.filter(), overTime.schema()).timeRange().orElse(null);
      int at = schema.indexOf(datetimeField);
      int start = layout.timeRangeFields[0];
      int extraAt = layout.schema.indexOf(StacSchemas.STAC_EXTRA);
      return new Bound(f, row -> f.test(new ItemDatetimeRow(row, at, start, extraAt)), tr);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** A filter over a dataset's field names, and the schema it binds to (the dataset's, plus virtual fields). */
  private record Renamed(Filter filter, Schema schema) {}

  /** The filter over the dataset's field names, {@code datetime} read from field {@code datetimeField}. */
  private static Renamed rename(Filter filter, ItemLayout layout, String stacId, Map<String, Field> known, String datetimeField) {
    List<Field> extra = new ArrayList<>();
    Map<String, String> extraNames = new LinkedHashMap<>();
    if (!datetimeField.equals("time")) {
      extra.add(new Field(datetimeField, io.swath.core.schema.FieldType.TIMESTAMP, false, ""));
    }
    Filter renamed = (Filter) rewrite(filter, p -> {
      String name = stripPrefix(p.name());
      switch (name) {
        case "datetime" -> {
          return new Property(datetimeField);
        }
        case "collection" -> {
          return stacId == null ? p : new Expr.StringLiteral(stacId);
        }
        case "id" -> {
          return new Property(layout.itemIdField >= 0 ? StacSchemas.STAC_ID : "id");
        }
        case "geometry" -> {
          if (layout.footprint >= 0) {
            return new Property(layout.schema.field(layout.footprint).name());
          }
        }
        default -> {
          int f = layout.field(name);
          if (f >= 0) {
            return new Property(layout.schema.field(f).name());
          }
        }
      }
      // not in this dataset: a field that is always null, typed like the property elsewhere
      Field other = known.get(name);
      if (other == null) {
        List<String> some = new ArrayList<>(List.of("datetime", "id", "collection"));
        known.keySet().stream().limit(12).forEach(some::add);
        throw ApiException.badRequest("CQL2 filter: unknown property '" + name + "'; the searched collections have "
            + String.join(", ", some) + (known.size() > 12 ? ", ..." : "") + " (all of them at /queryables)");
      }
      String fieldName = extraNames.computeIfAbsent(name, k -> "_absent_" + extraNames.size());
      if (extra.stream().noneMatch(x -> x.name().equals(fieldName))) {
        extra.add(new Field(fieldName, other.type(), other.array(), ""));
      }
      return new Property(fieldName);
    });
    Schema schema = layout.schema;
    if (!extra.isEmpty()) {
      List<Field> all = new ArrayList<>(schema.fields());
      all.addAll(extra);
      schema = Schema.of(all);
    }
    return new Renamed(renamed, schema);
  }

  /**
   * A datapoint with its item's {@code datetime} at field {@code at}: the datapoint time, or null
   * for an item whose {@code datetime} is null (it has a {@code start_datetime}, and its
   * {@code stac_extra} records the null).
   */
  private record ItemDatetimeRow(Row row, int at, int start, int extra) implements Row {
    @Override
    public Object value(int fieldIndex) {
      if (fieldIndex != at) {
        return row.value(fieldIndex);
      }
      if (row.value(start) != null && extra >= 0 && row.value(extra) instanceof String x && x.contains("\"datetime\":null")) {
        try {
          if (Json.MAPPER.readTree(x).path("properties").path("datetime").isNull()) {
            return null;
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          // not JSON: no null recorded
        }
      }
      return io.swath.core.time.Times.fromMicros(row.timeMicros());
    }

    @Override
    public long timeMicros() {
      return row.timeMicros();
    }

    @Override
    public java.util.UUID id() {
      return row.id();
    }

    @Override
    public long ingestionTimeMicros() {
      return row.ingestionTimeMicros();
    }

    @Override
    public String collection() {
      return row.collection();
    }
  }

  static String stripPrefix(String name) {
    return name.startsWith("properties.") ? name.substring("properties.".length()) : name;
  }

  /** The tree with every property replaced by {@code f}'s result. */
  static Expr rewrite(Expr e, Function<Property, Expr> f) {
    return switch (e) {
      case Property p -> f.apply(p);
      case Filter.And a -> new Filter.And(a.args().stream().map(x -> (Filter) rewrite(x, f)).toList());
      case Filter.Or o -> new Filter.Or(o.args().stream().map(x -> (Filter) rewrite(x, f)).toList());
      case Filter.Not n -> new Filter.Not((Filter) rewrite(n.arg(), f));
      case Filter.Comparison c -> new Filter.Comparison(c.op(), rewrite(c.left(), f), rewrite(c.right(), f));
      case Filter.Like l -> new Filter.Like(rewrite(l.value(), f), rewrite(l.pattern(), f));
      case Filter.Between b -> new Filter.Between(rewrite(b.value(), f), rewrite(b.low(), f), rewrite(b.high(), f));
      case Filter.In i -> new Filter.In(rewrite(i.value(), f), i.list().stream().map(x -> rewrite(x, f)).toList());
      case Filter.IsNull n -> new Filter.IsNull(rewrite(n.value(), f));
      case Filter.SpatialPredicate s -> new Filter.SpatialPredicate(s.op(), rewrite(s.left(), f), rewrite(s.right(), f));
      case Filter.TemporalPredicate t -> new Filter.TemporalPredicate(t.op(), rewrite(t.left(), f), rewrite(t.right(), f));
      case Filter.ArrayPredicate a -> new Filter.ArrayPredicate(a.op(), rewrite(a.left(), f), rewrite(a.right(), f));
      case Filter.FunctionCall c -> new Filter.FunctionCall(c.name(), c.args().stream().map(x -> rewrite(x, f)).toList());
      case Filter.BooleanLiteral b -> b;
      case Expr.IntervalLiteral i -> {
        try {
          yield new Expr.IntervalLiteral(i.start() == null ? null : rewrite(i.start(), f), i.end() == null ? null : rewrite(i.end(), f));
        } catch (IllegalArgumentException ex) {
          throw ApiException.badRequest("CQL2 filter: " + ex.getMessage());
        }
      }
      case Expr.ArrayLiteral a -> new Expr.ArrayLiteral(a.elements().stream().map(x -> rewrite(x, f)).toList());
      case Expr.Arithmetic a -> new Expr.Arithmetic(a.op(), rewrite(a.left(), f), rewrite(a.right(), f));
      case Expr.CaseI c -> new Expr.CaseI(rewrite(c.value(), f));
      case Expr.AccentI a -> new Expr.AccentI(rewrite(a.value(), f));
      case Expr.StringLiteral s -> s;
      case Expr.NumberLiteral n -> n;
      case Expr.TimestampLiteral t -> t;
      case Expr.DateLiteral d -> d;
      case Expr.GeometryLiteral g -> g;
      case Expr.BboxLiteral b -> b;
    };
  }
}
