package io.swath.server.stac;

import io.swath.core.filter.BoundFilter;
import io.swath.core.filter.Cql2;
import io.swath.core.filter.Expr;
import io.swath.core.filter.Expr.Property;
import io.swath.core.filter.Filter;
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
 */
final class FilterBinding {
  private FilterBinding() {}

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
  static BoundFilter bind(Filter filter, ItemLayout layout, String stacId, Map<String, Field> known) {
    List<Field> extra = new ArrayList<>();
    Map<String, String> extraNames = new LinkedHashMap<>();
    Filter renamed = (Filter) rewrite(filter, p -> {
      String name = stripPrefix(p.name());
      switch (name) {
        case "datetime" -> {
          return new Property("time");
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
    try {
      return Cql2.bind(renamed, schema);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
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
