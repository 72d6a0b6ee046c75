package io.swath.cli;

import static io.swath.cli.StacTestServer.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.cli.StacTestServer.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Random item searches over the real STAC items in data/stac, through GET {@code /search}, POST
 * {@code /search} and {@code /collections/{id}/items}, every {@code next} link followed, compared
 * with an answer computed here by brute force from the items as read from their files: the
 * footprints with JTS as drawn, datetimes (and {@code start_datetime}/{@code end_datetime} ranges)
 * by the STAC rules, CQL2 in three-valued logic.
 *
 * <p>Every returned item is also compared with the item as it went in (values, numbers as
 * integers or fractions), and some searches send a malformed {@code datetime}, which must be a 400
 * saying why.
 *
 * <p>Each run draws a new seed, printed at the start and in every failure; replay a failure with
 * {@code -Dswath.stac.seed=N}. {@code -Dswath.stac.searches} (default 60) and
 * {@code -Dswath.stac.seconds} (default 30) bound the run; page sizes are chosen so that no
 * search takes more than about a dozen pages.
 */
class StacDifferentialTest {
  private static final GeometryFactory GF = new GeometryFactory();
  static StacTestServer s;
  /** Every real item, with its served collection id. */
  static final List<Item> ITEMS = new ArrayList<>();
  static final Map<String, List<Item>> BY_COLLECTION = new LinkedHashMap<>();

  /** One item as read from its file, and what the brute force needs of it. */
  record Item(String collection, String id, JsonNode props, Geometry footprint, Instant datetime, Instant start, Instant end,
              JsonNode json) {
    String key() {
      return collection + "/" + id;
    }

    /** Where the item sorts by {@code datetime}: its datetime, or its start when that is null. */
    Instant sortTime() {
      return datetime != null ? datetime : start;
    }
  }

  /** Items by key, to compare what the server returns with what went in. */
  static final Map<String, Item> BY_KEY = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    s = StacTestServer.get();
    Map<String, String> stacIdOf = new HashMap<>();
    for (JsonNode c : s.get("/collections").body().path("collections")) {
      stacIdOf.put(c.path("swath:dataset").asText() + "/" + c.path("swath:collection").asText(), c.path("id").asText());
    }
    for (var e : s.items.entrySet()) {
      String slug = s.slugs.get(e.getKey());
      for (JsonNode it : e.getValue()) {
        String col = stacIdOf.get(slug + "/" + it.path("collection").asText());
        JsonNode p = it.path("properties");
        Item item = new Item(col, it.path("id").asText(), p, geometry(it.path("geometry")), instant(p.path("datetime")),
            instant(p.path("start_datetime")), instant(p.path("end_datetime")), it);
        ITEMS.add(item);
        BY_KEY.put(item.key(), item);
        BY_COLLECTION.computeIfAbsent(col, k -> new ArrayList<>()).add(item);
      }
    }
    assertThat(ITEMS).hasSizeGreaterThanOrEqualTo(1200);
    assertThat(ITEMS).as("items with time ranges").anyMatch(i -> i.start != null && i.datetime == null)
        .anyMatch(i -> i.start != null && i.datetime != null);
  }

  private static Instant instant(JsonNode n) {
    return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
  }

  // ---- GeoJSON to JTS, written here so the expected answer does not use the server's reader ----

  static Geometry geometry(JsonNode g) {
    JsonNode c = g.path("coordinates");
    return switch (g.path("type").asText()) {
      case "Point" -> GF.createPoint(coord(c));
      case "LineString" -> GF.createLineString(coords(c));
      case "Polygon" -> polygon(c);
      case "MultiPolygon" -> {
        Polygon[] ps = new Polygon[c.size()];
        for (int i = 0; i < ps.length; i++) {
          ps[i] = polygon(c.get(i));
        }
        yield GF.createMultiPolygon(ps);
      }
      case "GeometryCollection" -> {
        List<Geometry> parts = new ArrayList<>();
        g.path("geometries").forEach(x -> parts.add(geometry(x)));
        yield GF.createGeometryCollection(parts.toArray(Geometry[]::new));
      }
      default -> throw new AssertionError("geometry type " + g.path("type"));
    };
  }

  private static Coordinate coord(JsonNode c) {
    return new Coordinate(c.get(0).asDouble(), c.get(1).asDouble());
  }

  private static Coordinate[] coords(JsonNode c) {
    Coordinate[] out = new Coordinate[c.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = coord(c.get(i));
    }
    return out;
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = GF.createLinearRing(coords(rings.get(0)));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = GF.createLinearRing(coords(rings.get(i)));
    }
    return GF.createPolygon(shell, holes);
  }

  // ---- one random search: its GET parameters, its POST body, and its expected answer ----

  /** A random search with the parameters as text and the brute-force predicate. */
  static final class Search {
    final Map<String, String> get = new LinkedHashMap<>();
    final ObjectNode post = StacTestServer.JSON.createObjectNode();
    final List<String> collections = new ArrayList<>();
    Geometry where;
    boolean missesGround;
    Instant lo;
    Instant hi;
    boolean timed;
    Set<String> ids;
    Cql filter;
    /** The query extension's object, as its brute-force test (null: no query). */
    Cql query;
    /** The free-text terms, lower case (null: no q). */
    List<String> terms;
    String sortField;
    boolean descending;
    /** The seed of the run, shown in every failure. */
    long seed;

    boolean matches(Item i) {
      if (!collections.contains(i.collection)) {
        return false;
      }
      if (ids != null && !ids.contains(i.id)) {
        return false;
      }
      if (missesGround) {
        return false;
      }
      if (where != null && (i.footprint == null || !where.intersects(i.footprint))) {
        return false;
      }
      if (timed && !inTime(i)) {
        return false;
      }
      if (query != null && query.eval(i) != Boolean.TRUE) {
        return false;
      }
      if (terms != null && !freeTextMatches(i, terms)) {
        return false;
      }
      return filter == null || filter.eval(i) == Boolean.TRUE;
    }

    private boolean inTime(Item i) {
      if (i.datetime != null && (lo == null || !i.datetime.isBefore(lo)) && (hi == null || !i.datetime.isAfter(hi))) {
        return true;
      }
      return i.start != null && i.end != null && (hi == null || !i.start.isAfter(hi)) && (lo == null || !i.end.isBefore(lo));
    }

    @Override
    public String toString() {
      return "GET " + get + " POST " + post + " (seed " + seed + ", replay with -Dswath.stac.seed=" + seed + ")";
    }
  }

  /** A CQL2 expression: its text and its three-valued evaluation (null is unknown). */
  interface Cql {
    String text();

    Boolean eval(Item i);
  }

  static Cql atom(String text, Function<Item, Boolean> f) {
    return new Cql() {
      public String text() {
        return text;
      }

      public Boolean eval(Item i) {
        return f.apply(i);
      }
    };
  }

  static Double num(Item i, String p) {
    JsonNode n = i.props.get(p);
    return n == null || !n.isNumber() ? null : n.asDouble();
  }

  static String str(Item i, String p) {
    JsonNode n = i.props.get(p);
    return n == null || !n.isTextual() ? null : n.asText();
  }

  /** A string read as an RFC 3339 time, or null when it is none. */
  static Instant parsedTime(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  static boolean like(String v, String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(c == '%' ? ".*" : c == '_' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    }
    return v.matches(re.toString());
  }

  private final long seed;
  private final Random rnd;
  private final List<Item> pool;

  StacDifferentialTest() {
    // a new seed every run unless one is given
    seed = Long.getLong("swath.stac.seed", new java.security.SecureRandom().nextLong());
    System.out.println("StacDifferentialTest seed " + seed + " (replay with -Dswath.stac.seed=" + seed + ")");
    rnd = new Random(seed);
    pool = ITEMS;
  }

  private Item anyItem(List<String> collections) {
    List<Item> in = BY_COLLECTION.get(collections.get(rnd.nextInt(collections.size())));
    return in.get(rnd.nextInt(in.size()));
  }

  private static String n(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static double clampLon(double x) {
    return Math.max(-180, Math.min(180, x));
  }

  private static double clampLat(double y) {
    return Math.max(-90, Math.min(90, y));
  }

  private Geometry box(double w, double so, double e, double no) {
    if (w == e && so == no) {
      return GF.createPoint(new Coordinate(w, so));
    }
    if (w == e || so == no) {
      return GF.createLineString(new Coordinate[] {new Coordinate(w, so), new Coordinate(e, no)});
    }
    return GF.toGeometry(new Envelope(w, e, so, no));
  }

  private void randomBbox(Search q, List<String> cols) {
    Item it = anyItem(cols);
    Envelope env = it.footprint.getEnvelopeInternal();
    double cx = env.centre().x;
    double cy = env.centre().y;
    double w;
    double so;
    double e;
    double no;
    int kind = rnd.nextInt(8);
    switch (kind) {
      case 0, 6 -> {
        double dx = rnd.nextDouble() * 4;
        double dy = rnd.nextDouble() * 3;
        w = clampLon(cx - dx);
        e = clampLon(cx + rnd.nextDouble() * 4);
        so = clampLat(cy - dy);
        no = clampLat(cy + rnd.nextDouble() * 3);
      }
      case 1 -> { // a point: a vertex of a footprint or its centre
        Coordinate[] cs = it.footprint.getCoordinates();
        Coordinate c = rnd.nextBoolean() ? cs[rnd.nextInt(cs.length)] : new Coordinate(cx, cy);
        w = e = c.x;
        so = no = c.y;
      }
      case 2 -> { // a line of latitude through the footprint
        w = clampLon(cx - rnd.nextDouble() * 3);
        e = clampLon(cx + rnd.nextDouble() * 3);
        so = no = cy;
      }
      case 3 -> { // touching the footprint's easternmost point
        w = env.getMaxX();
        e = clampLon(w + rnd.nextDouble() * 2);
        so = clampLat(cy - 5);
        no = clampLat(cy + 5);
      }
      case 4 -> { // across the antimeridian
        w = 100 + rnd.nextInt(80);
        e = -179 + rnd.nextInt(120);
        so = -90 + rnd.nextInt(90);
        no = rnd.nextInt(91);
      }
      case 5 -> { // wider than 180° without crossing the antimeridian
        w = -180 + rnd.nextInt(80);
        e = w + 181 + rnd.nextInt((int) (180 - w - 180));
        so = -90 + rnd.nextInt(90);
        no = rnd.nextInt(91);
      }
      default -> {
        w = -180;
        so = -90;
        e = 180;
        no = 90;
      }
    }
    q.where = w > e ? box(w, so, 180, no).union(box(-180, so, e, no)) : box(w, so, e, no);
    String text;
    ArrayNode arr = q.post.putArray("bbox");
    if (kind == 6) { // with heights
      double zlo = rnd.nextInt(3) == 0 ? rnd.nextInt(100) : -rnd.nextInt(100);
      double zhi = zlo + rnd.nextInt(1000);
      q.missesGround = zlo > 0 || zhi < 0;
      text = n(w) + "," + n(so) + "," + n(zlo) + "," + n(e) + "," + n(no) + "," + n(zhi);
      arr.add(w).add(so).add(zlo).add(e).add(no).add(zhi);
    } else {
      text = n(w) + "," + n(so) + "," + n(e) + "," + n(no);
      arr.add(w).add(so).add(e).add(no);
    }
    q.get.put("bbox", text);
  }

  private ArrayNode ring(ArrayNode parent, double w, double so, double e, double no) {
    ArrayNode r = parent.addArray();
    r.addArray().add(w).add(so);
    r.addArray().add(e).add(so);
    r.addArray().add(e).add(no);
    r.addArray().add(w).add(no);
    r.addArray().add(w).add(so);
    return r;
  }

  private ObjectNode rectangleAround(Item it, boolean hole) {
    Envelope env = it.footprint.getEnvelopeInternal();
    double cx = env.centre().x;
    double cy = env.centre().y;
    ObjectNode g = StacTestServer.JSON.createObjectNode().put("type", "Polygon");
    ArrayNode rings = g.putArray("coordinates");
    double d = 0.05 + rnd.nextDouble() * 3;
    ring(rings, clampLon(cx - d), clampLat(cy - d), clampLon(cx + d), clampLat(cy + d));
    if (hole) {
      double h = d * rnd.nextDouble() * 0.9;
      ring(rings, cx - h, cy - h, cx + h, cy + h);
    }
    return g;
  }

  private void randomIntersects(Search q, List<String> cols) {
    ObjectNode g;
    switch (rnd.nextInt(7)) {
      case 0 -> g = rectangleAround(anyItem(cols), false);
      case 1 -> g = rectangleAround(anyItem(cols), true);
      case 2 -> {
        g = StacTestServer.JSON.createObjectNode().put("type", "MultiPolygon");
        ArrayNode polys = g.putArray("coordinates");
        for (int k = 0; k < 2; k++) {
          polys.add(rectangleAround(anyItem(cols), rnd.nextBoolean()).path("coordinates"));
        }
        Geometry probe = geometry(g);
        if (!probe.isValid()) { // overlapping parts: send one
          g = rectangleAround(anyItem(cols), false);
        }
      }
      case 3 -> {
        Item it = anyItem(cols);
        Coordinate[] cs = it.footprint.getCoordinates();
        Coordinate c = rnd.nextBoolean() ? cs[rnd.nextInt(cs.length)] : it.footprint.getEnvelopeInternal().centre();
        g = StacTestServer.JSON.createObjectNode().put("type", "Point");
        g.putArray("coordinates").add(c.x).add(c.y);
      }
      case 4 -> {
        Envelope a = anyItem(cols).footprint.getEnvelopeInternal();
        Envelope b = anyItem(cols).footprint.getEnvelopeInternal();
        g = StacTestServer.JSON.createObjectNode().put("type", "LineString");
        ArrayNode cs = g.putArray("coordinates");
        cs.addArray().add(a.centre().x).add(a.centre().y);
        cs.addArray().add(b.centre().x + 0.001).add(b.centre().y + 0.001);
      }
      case 5 -> { // drawn from -179 to 179: the long way, as drawn
        g = StacTestServer.JSON.createObjectNode().put("type", "Polygon");
        double so = -60 + rnd.nextInt(60);
        ring(g.putArray("coordinates"), -179, so, 179, so + 1 + rnd.nextInt(60));
      }
      default -> {
        g = StacTestServer.JSON.createObjectNode().put("type", "GeometryCollection");
        ArrayNode gs = g.putArray("geometries");
        gs.add(rectangleAround(anyItem(cols), false));
        Envelope a = anyItem(cols).footprint.getEnvelopeInternal();
        gs.addObject().put("type", "Point").putArray("coordinates").add(a.centre().x).add(a.centre().y);
      }
    }
    q.where = geometry(g);
    q.get.put("intersects", g.toString());
    q.post.set("intersects", g);
  }

  /** An RFC 3339 form of an instant, with a random offset, case and number of fraction digits. */
  private String rfc3339(Instant t) {
    int[] offsets = {0, 0, 60, -300, 330, 840, -720};
    int minutes = offsets[rnd.nextInt(offsets.length)];
    OffsetDateTime o = t.atOffset(ZoneOffset.ofTotalSeconds(minutes * 60));
    int nanos = o.getNano();
    int needed = 0;
    if (nanos != 0) {
      needed = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        needed--;
      }
    }
    int digits = needed == 0 && rnd.nextBoolean() ? 0 : needed + rnd.nextInt(10 - Math.max(needed, 1));
    digits = Math.max(digits, needed);
    StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d%s%02d:%02d:%02d", o.getYear(), o.getMonthValue(),
        o.getDayOfMonth(), rnd.nextInt(4) == 0 ? "t" : "T", o.getHour(), o.getMinute(), o.getSecond()));
    if (digits > 0) {
      sb.append('.').append(String.format("%09d", o.getNano()), 0, digits);
    }
    if (minutes == 0 && rnd.nextBoolean()) {
      sb.append(rnd.nextBoolean() ? "Z" : "z");
    } else {
      sb.append(o.getOffset().getId().equals("Z") ? "+00:00" : o.getOffset().getId());
    }
    return sb.toString();
  }

  private Instant randomTime(List<String> cols) {
    Item it = anyItem(cols);
    Instant base = it.sortTime();
    return switch (rnd.nextInt(4)) {
      case 0 -> base;
      case 3 -> it.end != null ? it.end.plusNanos(rnd.nextInt(3) - 1) : base;
      case 1 -> base.plusNanos(rnd.nextInt(3) - 1);
      default -> base.plusSeconds(rnd.nextInt(86_400 * 60) - 86_400 * 30).plusNanos(rnd.nextInt(1000) * 1000L);
    };
  }

  private void randomDatetime(Search q, List<String> cols) {
    Instant a = randomTime(cols);
    Instant b = randomTime(cols);
    if (b.isBefore(a)) {
      Instant t = a;
      a = b;
      b = t;
    }
    q.timed = true;
    String text;
    switch (rnd.nextInt(7)) {
      case 0 -> {
        q.lo = a;
        q.hi = a;
        text = rfc3339(a);
      }
      case 5 -> { // an empty open start
        q.hi = b;
        text = "/" + rfc3339(b);
      }
      case 6 -> { // an empty open end
        q.lo = a;
        text = rfc3339(a) + "/";
      }
      case 1 -> {
        q.lo = a;
        q.hi = b;
        text = rfc3339(a) + "/" + rfc3339(b);
      }
      case 2 -> {
        q.hi = b;
        text = "../" + rfc3339(b);
      }
      case 3 -> {
        q.lo = a;
        text = rfc3339(a) + "/..";
      }
      default -> {
        q.lo = a;
        q.hi = a;
        String t = rfc3339(a);
        text = t + "/" + t;
      }
    }
    q.get.put("datetime", text);
    q.post.put("datetime", text);
  }

  /**
   * A datetime the STAC API must refuse, and a word its message must hold: a time without UTC
   * offset, an interval without a closed end, an interval that ends before it starts, a time that
   * does not exist.
   */
  private String[] malformedDatetime(List<String> cols) {
    Instant a = randomTime(cols);
    String t = rfc3339(a);
    String local = t.replaceAll("([Zz]|[+-]\\d{2}:\\d{2})$", "");
    return switch (rnd.nextInt(7)) {
      case 0 -> new String[] {local, "UTC offset"};
      case 1 -> new String[] {local + "/..", "UTC offset"};
      case 2 -> new String[] {"../" + local, "UTC offset"};
      case 3 -> new String[] {rnd.nextBoolean() ? "../.." : "/", "no closed end"};
      case 4 -> new String[] {rnd.nextBoolean() ? "../" : "/..", "no closed end"};
      case 5 -> new String[] {rfc3339(a.plusSeconds(1 + rnd.nextInt(86_400))) + "/" + t, "after"};
      default -> new String[] {"2021-02-30T00:00:00Z", "datetime"};
    };
  }

  /** Properties of the items of these collections, for filters and sorts the server can bind. */
  private static Set<String> properties(List<String> cols) {
    Set<String> out = new TreeSet<>();
    for (String c : cols) {
      for (Item i : BY_COLLECTION.get(c)) {
        i.props.fieldNames().forEachRemaining(out::add);
      }
    }
    return out;
  }

  private Item withProperty(List<String> cols, String p) {
    for (int k = 0; k < 200; k++) {
      Item i = anyItem(cols);
      if (i.props.has(p)) {
        return i;
      }
    }
    return ITEMS.stream().filter(i -> cols.contains(i.collection) && i.props.has(p)).findFirst().orElseThrow();
  }

  private Cql randomAtom(List<String> cols, Set<String> props) {
    List<Integer> kinds = new ArrayList<>(List.of(8, 9, 14));
    if (props.contains("eo:cloud_cover")) {
      kinds.addAll(List.of(0, 1, 2));
    }
    if (props.contains("platform")) {
      kinds.addAll(List.of(3, 4, 5));
    }
    if (props.contains("gsd")) {
      kinds.add(6);
    }
    if (props.contains("created")) {
      kinds.addAll(List.of(7, 10, 11));
    }
    if (props.contains("start_datetime")) {
      kinds.add(12);
    }
    if (props.contains("gsd")) {
      kinds.add(13);
    }
    switch (kinds.get(rnd.nextInt(kinds.size()))) {
      case 0 -> {
        String[] ops = {"<", "<=", "=", "<>", ">", ">="};
        String op = ops[rnd.nextInt(ops.length)];
        double v = rnd.nextBoolean() ? num(withProperty(cols, "eo:cloud_cover"), "eo:cloud_cover") : rnd.nextInt(101);
        return atom("\"eo:cloud_cover\" " + op + " " + n(v), i -> {
          Double x = num(i, "eo:cloud_cover");
          if (x == null) {
            return null;
          }
          int c = Double.compare(x, v);
          return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case ">" -> c > 0;
            default -> c >= 0;
          };
        });
      }
      case 1 -> {
        double a = rnd.nextInt(60);
        double b = a + rnd.nextInt(50);
        return atom("\"eo:cloud_cover\" BETWEEN " + n(a) + " AND " + n(b), i -> {
          Double x = num(i, "eo:cloud_cover");
          return x == null ? null : x >= a && x <= b;
        });
      }
      case 2 -> {
        return atom("\"eo:cloud_cover\" IS NULL", i -> num(i, "eo:cloud_cover") == null);
      }
      case 3 -> {
        String v = str(withProperty(cols, "platform"), "platform");
        return atom("platform = '" + v + "'", i -> str(i, "platform") == null ? null : str(i, "platform").equals(v));
      }
      case 4 -> {
        String a = str(withProperty(cols, "platform"), "platform");
        String b = str(withProperty(cols, "platform"), "platform");
        return atom("platform IN ('" + a + "', '" + b + "', 'no-such-platform')",
            i -> str(i, "platform") == null ? null : str(i, "platform").equals(a) || str(i, "platform").equals(b));
      }
      case 5 -> {
        String v = str(withProperty(cols, "platform"), "platform");
        String pattern = switch (rnd.nextInt(3)) {
          case 0 -> v.substring(0, Math.min(4, v.length())) + "%";
          case 1 -> "%" + v.substring(v.length() - 1);
          default -> v.substring(0, v.length() - 1) + "_";
        };
        return atom("platform LIKE '" + pattern + "'", i -> str(i, "platform") == null ? null : like(str(i, "platform"), pattern));
      }
      case 6 -> {
        double v = num(withProperty(cols, "gsd"), "gsd");
        boolean less = rnd.nextBoolean();
        return atom("gsd " + (less ? "<" : "=") + " " + n(v), i -> {
          Double x = num(i, "gsd");
          return x == null ? null : less ? x < v : x == v;
        });
      }
      case 7 -> {
        String v = str(withProperty(cols, "created"), "created").substring(0, 7) + "%";
        return atom("created LIKE '" + v + "'", i -> str(i, "created") == null ? null : like(str(i, "created"), v));
      }
      case 9 -> { // the item id
        String a = anyItem(cols).id;
        String b = anyItem(cols).id;
        return switch (rnd.nextInt(3)) {
          case 0 -> atom("id = '" + a + "'", i -> i.id.equals(a));
          case 1 -> atom("id IN ('" + a + "', '" + b + "')", i -> i.id.equals(a) || i.id.equals(b));
          default -> {
            String pattern = a.substring(0, Math.min(a.length(), 3 + rnd.nextInt(8))) + "%";
            yield atom("id LIKE '" + pattern + "'", i -> like(i.id, pattern));
          }
        };
      }
      case 10 -> { // a string property that looks like a time compares as text
        String v = str(withProperty(cols, "created"), "created");
        String[] ops = {"<", "<=", "=", "<>", ">", ">="};
        String op = ops[rnd.nextInt(ops.length)];
        String lit = switch (rnd.nextInt(3)) {
          case 0 -> v;
          case 1 -> v.substring(0, 10);
          default -> "no time at all";
        };
        return atom("created " + op + " '" + lit + "'", i -> {
          String x = str(i, "created");
          if (x == null) {
            return null;
          }
          int c = x.compareTo(lit);
          return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case ">" -> c > 0;
            default -> c >= 0;
          };
        });
      }
      case 11 -> { // ... and as a time when compared with a TIMESTAMP
        Instant t = instant(withProperty(cols, "created").props.path("created")).plusNanos((rnd.nextInt(3) - 1) * 1000L);
        boolean after = rnd.nextBoolean();
        return atom("created " + (after ? ">=" : "<") + " TIMESTAMP('" + t + "')", i -> {
          Instant x = parsedTime(str(i, "created"));
          return x == null ? null : after ? !x.isBefore(t) : x.isBefore(t);
        });
      }
      case 12 -> { // the ends of time ranges
        String p = rnd.nextBoolean() ? "start_datetime" : "end_datetime";
        Instant t = randomTime(cols);
        boolean after = rnd.nextBoolean();
        return atom(p + " " + (after ? ">=" : "<") + " TIMESTAMP('" + t + "')", i -> {
          Instant x = parsedTime(str(i, p));
          return x == null ? null : after ? !x.isBefore(t) : x.isBefore(t);
        });
      }
      case 13 -> {
        double a = num(withProperty(cols, "gsd"), "gsd");
        double b = rnd.nextInt(30) / 10.0;
        return atom("gsd IN (" + n(a) + ", " + n(b) + ")", i -> {
          Double x = num(i, "gsd");
          return x == null ? null : x == a || x == b;
        });
      }
      case 14 -> {
        Instant a = randomTime(cols);
        Instant b = a.plusSeconds(rnd.nextInt(86_400 * 20));
        return atom("T_INTERSECTS(datetime, INTERVAL('" + a + "', '" + b + "'))",
            i -> i.datetime == null ? null : !i.datetime.isBefore(a) && !i.datetime.isAfter(b));
      }
      default -> {
        Instant t = randomTime(cols);
        boolean after = rnd.nextBoolean();
        return atom("datetime " + (after ? ">=" : "<") + " TIMESTAMP('" + t + "')",
            i -> i.datetime == null ? null : after ? !i.datetime.isBefore(t) : i.datetime.isBefore(t));
      }
    }
  }

  private Cql randomFilter(List<String> cols, Set<String> props, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return randomAtom(cols, props);
    }
    Cql a = randomFilter(cols, props, depth - 1);
    switch (rnd.nextInt(3)) {
      case 0 -> {
        Cql b = randomFilter(cols, props, depth - 1);
        return atom("(" + a.text() + ") AND (" + b.text() + ")", i -> {
          Boolean x = a.eval(i);
          Boolean y = b.eval(i);
          return x == Boolean.FALSE || y == Boolean.FALSE ? Boolean.FALSE : x == null || y == null ? null : Boolean.TRUE;
        });
      }
      case 1 -> {
        Cql b = randomFilter(cols, props, depth - 1);
        return atom("(" + a.text() + ") OR (" + b.text() + ")", i -> {
          Boolean x = a.eval(i);
          Boolean y = b.eval(i);
          return x == Boolean.TRUE || y == Boolean.TRUE ? Boolean.TRUE : x == null || y == null ? null : Boolean.FALSE;
        });
      }
      default -> {
        return atom("NOT (" + a.text() + ")", i -> {
          Boolean x = a.eval(i);
          return x == null ? null : !x;
        });
      }
    }
  }

  /** Properties the query extension is tried on: numbers and strings of the real items. */
  private static final List<String> QUERY_NUMBERS = List.of("eo:cloud_cover", "gsd", "view:sun_elevation");
  private static final List<String> QUERY_STRINGS = List.of("platform", "naip:state", "landsat:wrs_path", "created", "constellation",
      "s2:mgrs_tile");

  /**
   * A random query-extension object over properties of these collections, and its brute-force
   * answer: every operator of every property holds; a missing value (or one of another type)
   * satisfies none, neq included.
   */
  private Cql randomQuery(List<String> cols, Set<String> props) {
    List<String> candidates = new ArrayList<>();
    QUERY_NUMBERS.stream().filter(props::contains).forEach(candidates::add);
    QUERY_STRINGS.stream().filter(props::contains).forEach(candidates::add);
    candidates.add("id");
    anchor = anyItem(cols);
    ObjectNode query = StacTestServer.JSON.createObjectNode();
    List<Function<Item, Boolean>> tests = new ArrayList<>();
    int k = 1 + rnd.nextInt(Math.min(3, candidates.size()));
    for (int n = 0; n < k; n++) {
      String p = candidates.get(rnd.nextInt(candidates.size()));
      if (query.has(p) || query.has("properties." + p)) {
        continue;
      }
      ObjectNode ops = query.putObject(rnd.nextInt(5) == 0 && !p.equals("id") ? "properties." + p : p);
      int m = 1 + rnd.nextInt(2);
      for (int j = 0; j < m; j++) {
        if (QUERY_NUMBERS.contains(p)) {
          tests.add(numberOp(ops, p, cols));
        } else {
          tests.add(stringOp(ops, p, cols));
        }
      }
    }
    if (tests.isEmpty()) {
      return null;
    }
    String text = query.toString();
    return atom(text, i -> tests.stream().allMatch(t -> t.apply(i) == Boolean.TRUE));
  }

  /** The item a random query is drawn around, or null. */
  private Item anchor;

  private Function<Item, Boolean> numberOp(ObjectNode ops, String p, List<String> cols) {
    String[] names = {"eq", "neq", "lt", "lte", "gt", "gte", "in"};
    String op = names[rnd.nextInt(names.length)];
    while (ops.has(op)) {
      op = names[rnd.nextInt(names.length)];
    }
    // mostly the value of the item the query is drawn around, so that queries often match something
    double v = anchor != null && num(anchor, p) != null && rnd.nextInt(4) > 0 ? num(anchor, p)
        : rnd.nextBoolean() ? num(withProperty(cols, p), p) : rnd.nextInt(101);
    String o = op;
    if (op.equals("in")) {
      double w = rnd.nextBoolean() ? num(withProperty(cols, p), p) : rnd.nextInt(101);
      ops.putArray("in").add(v).add(w);
      return i -> num(i, p) != null && (num(i, p) == v || num(i, p) == w);
    }
    if (v == Math.rint(v) && rnd.nextBoolean()) {
      ops.put(op, (long) v);
    } else {
      ops.put(op, v);
    }
    return i -> {
      Double x = num(i, p);
      if (x == null) {
        return false;
      }
      int c = Double.compare(x, v);
      return switch (o) {
        case "eq" -> c == 0;
        case "neq" -> c != 0;
        case "lt" -> c < 0;
        case "lte" -> c <= 0;
        case "gt" -> c > 0;
        default -> c >= 0;
      };
    };
  }

  private static String stringOf(Item i, String p) {
    return p.equals("id") ? i.id : str(i, p);
  }

  private Function<Item, Boolean> stringOp(ObjectNode ops, String p, List<String> cols) {
    String[] names = {"eq", "neq", "lt", "gte", "startsWith", "endsWith", "contains", "in"};
    String op = names[rnd.nextInt(names.length)];
    while (ops.has(op)) {
      op = names[rnd.nextInt(names.length)];
    }
    String full = p.equals("id") ? (anchor != null && rnd.nextBoolean() ? anchor.id : anyItem(cols).id)
        : anchor != null && str(anchor, p) != null && rnd.nextInt(4) > 0 ? str(anchor, p) : str(withProperty(cols, p), p);
    int a = rnd.nextInt(full.length() + 1);
    int b = a + rnd.nextInt(full.length() - a + 1);
    String v = switch (rnd.nextInt(6)) {
      case 0 -> full.substring(a, b);
      case 1 -> full.toUpperCase(java.util.Locale.ROOT);       // case matters
      case 2 -> full.substring(0, b) + (rnd.nextBoolean() ? "%" : "_"); // no wildcards
      default -> op.equals("startsWith") ? full.substring(0, b) : op.equals("endsWith") ? full.substring(a) : full;
    };
    String o = op;
    if (op.equals("in")) {
      String w = p.equals("id") ? anyItem(cols).id : str(withProperty(cols, p), p);
      ops.putArray("in").add(v).add(w).add("no-such-value");
      return i -> stringOf(i, p) != null && (stringOf(i, p).equals(v) || stringOf(i, p).equals(w));
    }
    ops.put(op, v);
    return i -> {
      String x = stringOf(i, p);
      if (x == null) {
        return false;
      }
      int c = x.compareTo(v);
      return switch (o) {
        case "eq" -> c == 0;
        case "neq" -> c != 0;
        case "lt" -> c < 0;
        case "gte" -> c >= 0;
        case "startsWith" -> x.startsWith(v);
        case "endsWith" -> x.endsWith(v);
        default -> x.contains(v);
      };
    };
  }

  /** Whether any term occurs, ignoring case, in the item's title, description or one of its keywords. */
  static boolean freeTextMatches(Item i, List<String> terms) {
    List<String> texts = new ArrayList<>();
    for (String p : List.of("title", "description")) {
      if (i.props.path(p).isTextual()) {
        texts.add(i.props.path(p).asText().toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (JsonNode k : i.props.path("keywords")) {
      if (k.isTextual()) {
        texts.add(k.asText().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return terms.stream().anyMatch(t -> texts.stream().anyMatch(x -> x.contains(t)));
  }

  /** Free-text terms: parts of the words of random items' titles and descriptions in a random case, and words no item has. */
  private List<String> randomTerms(List<String> cols) {
    List<String> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    List<Item> described = cols.stream().flatMap(c -> BY_COLLECTION.get(c).stream()).filter(i -> i.props.has("description")).toList();
    for (int k = 0; k < n; k++) {
      Item it = !described.isEmpty() && rnd.nextInt(4) > 0 ? described.get(rnd.nextInt(described.size())) : anyItem(cols);
      String text = it.props.path(rnd.nextInt(4) > 0 ? "description" : "title").asText("");
      if (text.isBlank() || rnd.nextInt(4) == 0) {
        out.add(rnd.nextBoolean() ? "no-such-word" : "Surface");
        continue;
      }
      int a = rnd.nextInt(text.length());
      int b = Math.min(text.length(), a + 1 + rnd.nextInt(12));
      String t = text.substring(a, b).replace(",", "").trim();
      if (t.isEmpty()) {
        t = "landsat";
      }
      out.add(rnd.nextBoolean() ? t.toUpperCase(java.util.Locale.ROOT) : t);
    }
    return out;
  }

  Search randomSearch() {
    Search q = new Search();
    q.seed = seed;
    List<String> all = new ArrayList<>(BY_COLLECTION.keySet());
    int k = rnd.nextInt(4) == 0 ? all.size() : 1 + rnd.nextInt(Math.min(3, all.size()));
    while (q.collections.size() < k) {
      String c = all.get(rnd.nextInt(all.size()));
      if (!q.collections.contains(c)) {
        q.collections.add(c);
      }
    }
    q.get.put("collections", String.join(",", q.collections));
    ArrayNode cs = q.post.putArray("collections");
    q.collections.forEach(cs::add);
    int space = rnd.nextInt(3);
    if (space == 1) {
      randomBbox(q, q.collections);
    } else if (space == 2) {
      randomIntersects(q, q.collections);
    }
    if (rnd.nextInt(3) > 0) {
      randomDatetime(q, q.collections);
    }
    if (rnd.nextInt(6) == 0) {
      q.ids = new HashSet<>();
      for (int i = 0; i < 1 + rnd.nextInt(5); i++) {
        q.ids.add(anyItem(q.collections).id);
      }
      List<String> sent = new ArrayList<>(q.ids);
      sent.add("no-such-item");
      q.get.put("ids", String.join(",", sent));
      ArrayNode a = q.post.putArray("ids");
      sent.forEach(a::add);
    }
    Set<String> props = properties(q.collections);
    if (rnd.nextBoolean()) {
      q.filter = randomFilter(q.collections, props, 2);
      q.get.put("filter", q.filter.text());
      q.post.put("filter", q.filter.text());
      q.post.put("filter-lang", "cql2-text");
    }
    if (rnd.nextInt(3) == 0) {
      q.query = randomQuery(q.collections, props);
      if (q.query != null) {
        q.get.put("query", q.query.text());
        q.post.set("query", readJson(q.query.text()));
      }
    }
    if (rnd.nextInt(4) == 0) {
      List<String> terms = randomTerms(q.collections);
      q.terms = terms.stream().map(t -> t.trim().toLowerCase(java.util.Locale.ROOT)).toList();
      q.get.put("q", String.join(",", terms));
      if (rnd.nextBoolean()) {
        ArrayNode a = q.post.putArray("q");
        terms.forEach(a::add);
      } else {
        q.post.put("q", String.join(",", terms));
      }
    }
    int sort = rnd.nextInt(5);
    if (sort > 0) {
      q.sortField = sort <= 2 ? "datetime" : sort == 3 ? "id" : props.contains("eo:cloud_cover") ? "eo:cloud_cover" : "datetime";
      q.descending = rnd.nextBoolean();
      q.get.put("sortby", (q.descending ? "-" : "+") + q.sortField);
      q.post.putArray("sortby").addObject().put("field", q.sortField).put("direction", q.descending ? "desc" : "asc");
    }
    int[] limits = {1, 3, 7, 10, 50, 250, 1000};
    int limit = limits[rnd.nextInt(limits.length)];
    q.get.put("limit", String.valueOf(limit));
    q.post.put("limit", limit);
    return q;
  }

  private static JsonNode readJson(String text) {
    try {
      return StacTestServer.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String query(Map<String, String> params) {
    return params.entrySet().stream().map(e -> e.getKey() + "=" + q(e.getValue())).collect(Collectors.joining("&"));
  }

  private static Comparable<?> sortValue(JsonNode item, String field) {
    return switch (field) {
      case "id" -> item.path("id").asText();
      case "datetime" -> { // an item with a null datetime sorts by its start
        JsonNode p = item.path("properties");
        yield OffsetDateTime.parse(p.path("datetime").isTextual() ? p.path("datetime").asText() : p.path("start_datetime").asText())
            .toInstant();
      }
      default -> item.path("properties").path(field).isNumber() ? item.path("properties").path(field).asDouble() : null;
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void checkOrder(Search q, List<JsonNode> got, String how) {
    if (q.sortField == null) {
      return;
    }
    Comparable prev = null;
    for (JsonNode item : got) {
      Comparable v = sortValue(item, q.sortField);
      if (prev != null && v != null) {
        int c = prev.compareTo(v);
        assertThat(q.descending ? c >= 0 : c <= 0).as("%s: %s out of order after %s in %s", how, v, prev, q).isTrue();
      }
      if (v == null) {
        assertThat(q.sortField).isNotEqualTo("datetime");
      }
      prev = v == null ? prev : v;
    }
  }

  private static void checkSame(Search q, Set<String> expected, List<JsonNode> got, String how) {
    List<String> keys = got.stream().map(i -> i.path("collection").asText() + "/" + i.path("id").asText()).toList();
    assertThat(new HashSet<>(keys)).as("%s: no item twice in %s", how, q).hasSize(keys.size());
    Set<String> missing = new TreeSet<>(expected);
    keys.forEach(missing::remove);
    Set<String> extra = new TreeSet<>(keys);
    extra.removeAll(expected);
    assertThat(missing).as("%s: items missing from the answer to %s", how, q).isEmpty();
    assertThat(extra).as("%s: items that do not match %s", how, q).isEmpty();
    checkOrder(q, got, how);
    // numberMatched, on the pages that give it (all of them at this size), is the number of matches
    assertThat(matched).as("%s: numberMatched of each page of %s", how, q).allSatisfy(n -> assertThat(n).isEqualTo(expected.size()));
    counted += matched.isEmpty() ? 0 : 1;
    // every item comes back as it went in: its values, integers as integers, fractions as fractions
    for (JsonNode i : got) {
      String key = i.path("collection").asText() + "/" + i.path("id").asText();
      ObjectNode expectedItem = StacApiTest.withoutLinks(BY_KEY.get(key).json);
      expectedItem.put("collection", i.path("collection").asText());
      assertThat(StacApiTest.sameJson(expectedItem, StacApiTest.withoutLinks(i))).as("%s: item %s came back as%n%s%ninstead of%n%s (%s)",
          how, key, StacApiTest.withoutLinks(i), expectedItem, q).isTrue();
    }
  }

  /** Searches whose pages reported numberMatched. */
  private static int counted;

  /** The {@code numberMatched} of every page read since the last search began (one per page that had it). */
  private static final List<Long> matched = new ArrayList<>();

  /** Every item of a GET search, following next links; a refusal fails with the server's message. */
  private static List<JsonNode> pageAllGet(String first, Search q) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    matched.clear();
    String next = first;
    for (int pages = 0; next != null; pages++) {
      Response r = s.get(next);
      assertThat(r.status()).as("GET %s answered %s for %s", next, r.body(), q).isEqualTo(200);
      r.body().path("features").forEach(out::add);
      if (r.body().has("numberMatched")) {
        matched.add(r.body().path("numberMatched").asLong());
      }
      next = StacApiTest.rel(r.body(), "next");
      assertThat(pages).isLessThan(2000);
    }
    return out;
  }

  /** Every item of a POST search, following next links (merging bodies as the link says). */
  private static List<JsonNode> pageAllPost(ObjectNode body, Search q) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    matched.clear();
    ObjectNode b = body;
    for (int pages = 0; b != null; pages++) {
      Response r = s.post("/search", b);
      assertThat(r.status()).as("POST %s answered %s for %s", b, r.body(), q).isEqualTo(200);
      r.body().path("features").forEach(out::add);
      if (r.body().has("numberMatched")) {
        matched.add(r.body().path("numberMatched").asLong());
      }
      JsonNode next = null;
      for (JsonNode l : r.body().path("links")) {
        if (l.path("rel").asText().equals("next")) {
          next = l;
        }
      }
      if (next == null) {
        b = null;
      } else {
        assertThat(next.path("method").asText()).isEqualTo("POST");
        ObjectNode merged = next.path("merge").asBoolean() ? b.deepCopy() : StacTestServer.JSON.createObjectNode();
        merged.setAll((ObjectNode) next.path("body"));
        b = merged;
      }
      assertThat(pages).isLessThan(2000);
    }
    return out;
  }

  @Test
  void randomSearchesAgreeWithBruteForce() throws Exception {
    int searches = Integer.getInteger("swath.stac.searches", 60);
    long deadline = System.nanoTime() + Long.getLong("swath.stac.seconds", 30L) * 1_000_000_000L;
    int done = 0;
    long nonEmpty = 0;
    int queries = 0;
    int texts = 0;
    int refused = 0;
    for (; done < searches && System.nanoTime() < deadline; done++) {
      Search q = randomSearch();
      if (rnd.nextInt(8) == 0) { // a malformed datetime: a 400 that says why, through every route
        String[] bad = malformedDatetime(q.collections);
        q.get.put("datetime", bad[0]);
        q.post.put("datetime", bad[0]);
        for (Response r : List.of(s.get("/search?" + query(q.get)), s.post("/search", q.post))) {
          assertThat(r.status()).as("datetime '%s' in %s answered %s", bad[0], q, r.body()).isEqualTo(400);
          assertThat(r.body().path("description").asText()).as("datetime '%s' in %s", bad[0], q).contains(bad[1]);
        }
        refused++;
        continue;
      }
      Set<String> expected = new HashSet<>();
      for (Item i : pool) {
        if (q.matches(i)) {
          expected.add(i.key());
        }
      }
      nonEmpty += expected.isEmpty() ? 0 : 1;
      queries += q.query != null && !expected.isEmpty() ? 1 : 0;
      texts += q.terms != null && !expected.isEmpty() ? 1 : 0;
      // pages small enough to page often, few enough to stay cheap
      int limit = Integer.parseInt(q.get.get("limit"));
      if (expected.size() / limit > 12) {
        limit = expected.size() / 12 + 1;
        q.get.put("limit", String.valueOf(limit));
        q.post.put("limit", limit);
      }
      checkSame(q, expected, pageAllGet("/search?" + query(q.get), q), "GET /search");
      checkSame(q, expected, pageAllPost(q.post, q), "POST /search");
      if (q.collections.size() == 1) {
        Map<String, String> params = new LinkedHashMap<>(q.get);
        params.remove("collections");
        checkSame(q, expected, pageAllGet("/collections/" + q.collections.get(0) + "/items?" + query(params), q),
            "GET /collections/{id}/items");
      }
    }
    System.out.println("StacDifferentialTest: " + done + " searches (seed " + seed + "), " + nonEmpty + " with a non-empty answer ("
        + queries + " with a query, " + texts + " with free text), "
        + refused + " malformed datetimes refused, " + counted + " of " + (2 * done) + "+ answers with numberMatched");
    assertThat(done).isPositive();
    assertThat(counted).as("answers with numberMatched").isPositive();
  }

  /**
   * Random collection searches ({@code bbox}, {@code datetime}, {@code q}, paged by a random
   * {@code limit}) compared with the collections' extents computed here from their items (the box
   * around the footprints, the first and last item time) and the free-text rule applied to the
   * collection documents as the unfiltered {@code /collections} serves them.
   */
  @Test
  void randomCollectionSearchesAgreeWithBruteForce() throws Exception {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (JsonNode c : s.get("/collections").body().path("collections")) {
      docs.put(c.path("id").asText(), c);
    }
    Map<String, Envelope> extents = new HashMap<>();
    Map<String, Instant[]> times = new HashMap<>();
    BY_COLLECTION.forEach((c, items) -> {
      Envelope e = new Envelope();
      Instant first = null;
      Instant last = null;
      for (Item i : items) {
        e.expandToInclude(i.footprint.getEnvelopeInternal());
        Instant t = i.sortTime();
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
      }
      extents.put(c, e);
      times.put(c, new Instant[] {first, last});
    });
    int searches = Integer.getInteger("swath.stac.searches", 60);
    int nonEmpty = 0;
    for (int n = 0; n < searches; n++) {
      Map<String, String> params = new LinkedHashMap<>();
      List<String> all = new ArrayList<>(BY_COLLECTION.keySet());
      Envelope box = null;
      if (rnd.nextBoolean()) {
        Item it = anyItem(all);
        Envelope f = it.footprint.getEnvelopeInternal();
        double w = clampLon(f.centre().x - rnd.nextDouble() * 20);
        double so = clampLat(f.centre().y - rnd.nextDouble() * 20);
        double e = clampLon(w + 0.01 + rnd.nextDouble() * 30);
        double no = clampLat(so + 0.01 + rnd.nextDouble() * 30);
        box = new Envelope(w, e, so, no);
        params.put("bbox", w + "," + so + "," + e + "," + no);
      }
      Instant lo = null;
      Instant hi = null;
      if (rnd.nextBoolean()) {
        Instant a = randomTime(all);
        Instant b = a.plusSeconds(rnd.nextInt(86_400 * 400));
        switch (rnd.nextInt(3)) {
          case 0 -> {
            lo = a;
            hi = b;
            params.put("datetime", a + "/" + b);
          }
          case 1 -> {
            hi = b;
            params.put("datetime", "../" + b);
          }
          default -> {
            lo = a;
            params.put("datetime", a + "/..");
          }
        }
      }
      List<String> terms = null;
      if (rnd.nextInt(3) == 0) {
        JsonNode d = docs.get(all.get(rnd.nextInt(all.size())));
        String text = rnd.nextBoolean() ? d.path("title").asText("") : d.path("description").asText("");
        String cut = text.substring(0, Math.min(text.length(), 1 + rnd.nextInt(10))).replace(",", " ").trim();
        String t = cut.isEmpty() ? "no-such-word" : cut;
        terms = List.of(t.toLowerCase(java.util.Locale.ROOT), "no-such-word");
        params.put("q", (rnd.nextBoolean() ? t.toUpperCase(java.util.Locale.ROOT) : t) + ",no-such-word");
      }
      int limit = 1 + rnd.nextInt(4);
      params.put("limit", String.valueOf(limit));
      Set<String> expected = new TreeSet<>();
      for (String c : all) {
        Envelope e = extents.get(c);
        if (box != null && !box.intersects(e)) {
          continue;
        }
        Instant[] t = times.get(c);
        if (lo != null && t[1].isBefore(lo) || hi != null && t[0].isAfter(hi)) {
          continue;
        }
        if (terms != null && !textMatches(docs.get(c), terms)) {
          continue;
        }
        expected.add(c);
      }
      nonEmpty += expected.isEmpty() ? 0 : 1;
      List<String> got = new ArrayList<>();
      String next = "/collections?" + query(params);
      for (int pages = 0; next != null; pages++) {
        Response r = s.get(next);
        assertThat(r.status()).as("GET %s answered %s (seed %s)", next, r.body(), seed).isEqualTo(200);
        assertThat(r.body().path("collections").size()).isLessThanOrEqualTo(limit);
        r.body().path("collections").forEach(c -> got.add(c.path("id").asText()));
        next = StacApiTest.rel(r.body(), "next");
        assertThat(pages).isLessThan(100);
      }
      assertThat(got).as("collections in id order, once each").isSorted().doesNotHaveDuplicates();
      // the datasets not made from files: only their documents are known here; the temporal one never meets a bbox
      Set<String> fromFiles = new TreeSet<>(got);
      fromFiles.retainAll(BY_COLLECTION.keySet());
      assertThat(fromFiles).as("collections matching %s (seed %s)", params, seed).isEqualTo(expected);
      if (box != null) {
        assertThat(got).noneMatch(c -> c.startsWith(StacTestServer.TEMPORAL));
      }
    }
    System.out.println("StacDifferentialTest: " + searches + " collection searches, " + nonEmpty + " with a non-empty answer (seed " + seed + ")");
    assertThat(nonEmpty).isPositive();
  }

  private static boolean textMatches(JsonNode doc, List<String> terms) {
    List<String> texts = new ArrayList<>();
    for (String p : List.of("title", "description")) {
      if (doc.path(p).isTextual()) {
        texts.add(doc.path(p).asText().toLowerCase(java.util.Locale.ROOT));
      }
    }
    doc.path("keywords").forEach(k -> texts.add(k.asText().toLowerCase(java.util.Locale.ROOT)));
    return terms.stream().anyMatch(t -> texts.stream().anyMatch(x -> x.contains(t)));
  }
}
