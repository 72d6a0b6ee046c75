package io.swath.core.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** GeoJSON (RFC 7946) geometry objects to and from JTS, 2D. */
final class GeoJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GeoJson() {}

  static Geometry read(String text) {
    try {
      return read(JSON.readTree(text));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  static Geometry read(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a GeoJSON geometry must be an object with 'type' and 'coordinates'");
    }
    String type = n.path("type").asText("");
    var f = Geometries.FACTORY;
    if (type.equals("GeometryCollection")) {
      JsonNode gs = n.path("geometries");
      Geometry[] parts = new Geometry[gs.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = read(gs.get(i));
      }
      return f.createGeometryCollection(parts);
    }
    if (type.equals("Feature")) {
      return read(n.get("geometry"));
    }
    JsonNode c = n.get("coordinates");
    if (c == null || !c.isArray()) {
      throw new IllegalArgumentException("GeoJSON " + (type.isEmpty() ? "geometry" : type) + " has no 'coordinates' array");
    }
    return switch (type) {
      case "Point" -> c.isEmpty() ? f.createPoint() : f.createPoint(coord(c));
      case "MultiPoint" -> f.createMultiPointFromCoords(coords(c));
      case "LineString" -> f.createLineString(coords(c));
      case "MultiLineString" -> {
        LineString[] ls = new LineString[c.size()];
        for (int i = 0; i < ls.length; i++) {
          ls[i] = f.createLineString(coords(c.get(i)));
        }
        yield f.createMultiLineString(ls);
      }
      case "Polygon" -> polygon(c);
      case "MultiPolygon" -> {
        Polygon[] ps = new Polygon[c.size()];
        for (int i = 0; i < ps.length; i++) {
          ps[i] = polygon(c.get(i));
        }
        yield f.createMultiPolygon(ps);
      }
      default -> throw new IllegalArgumentException("unknown GeoJSON geometry type '" + type
          + "' (expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection)");
    };
  }

  private static Polygon polygon(JsonNode rings) {
    if (rings.isEmpty()) {
      return Geometries.FACTORY.createPolygon();
    }
    LinearRing shell = ring(rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i));
    }
    return Geometries.FACTORY.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode c) {
    Coordinate[] cs = coords(c);
    if (cs.length > 0 && !cs[0].equals2D(cs[cs.length - 1])) {
      throw new IllegalArgumentException("GeoJSON polygon ring is not closed: first and last positions differ");
    }
    if (cs.length > 0 && cs.length < 4) {
      throw new IllegalArgumentException("GeoJSON polygon ring has " + cs.length + " positions; at least 4 are needed");
    }
    return Geometries.FACTORY.createLinearRing(cs);
  }

  private static Coordinate[] coords(JsonNode c) {
    Coordinate[] out = new Coordinate[c.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = coord(c.get(i));
    }
    return out;
  }

  private static Coordinate coord(JsonNode p) {
    if (p == null || !p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
      throw new IllegalArgumentException("GeoJSON position must be [longitude, latitude], got " + p);
    }
    return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
  }

  static String write(Geometry g) {
    StringBuilder sb = new StringBuilder(64);
    write(g, sb);
    return sb.toString();
  }

  static void write(Geometry g, StringBuilder sb) {
    switch (g) {
      case Point p -> {
        sb.append("{\"type\":\"Point\",\"coordinates\":");
        if (p.isEmpty()) {
          sb.append("[]");
        } else {
          pos(p.getCoordinate(), sb);
        }
      }
      case LineString l -> {
        sb.append("{\"type\":\"LineString\",\"coordinates\":");
        seq(l.getCoordinates(), sb);
      }
      case Polygon p -> {
        sb.append("{\"type\":\"Polygon\",\"coordinates\":");
        rings(p, sb);
      }
      case MultiPoint mp -> {
        sb.append("{\"type\":\"MultiPoint\",\"coordinates\":");
        seq(mp.getCoordinates(), sb);
      }
      case MultiLineString ml -> {
        sb.append("{\"type\":\"MultiLineString\",\"coordinates\":[");
        for (int i = 0; i < ml.getNumGeometries(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          seq(ml.getGeometryN(i).getCoordinates(), sb);
        }
        sb.append(']');
      }
      case MultiPolygon mp -> {
        sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (int i = 0; i < mp.getNumGeometries(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          rings((Polygon) mp.getGeometryN(i), sb);
        }
        sb.append(']');
      }
      case GeometryCollection gc -> {
        sb.append("{\"type\":\"GeometryCollection\",\"geometries\":[");
        for (int i = 0; i < gc.getNumGeometries(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(gc.getGeometryN(i), sb);
        }
        sb.append(']');
      }
      default -> throw new IllegalArgumentException("cannot write " + g.getGeometryType() + " as GeoJSON");
    }
    sb.append('}');
  }

  private static void rings(Polygon p, StringBuilder sb) {
    sb.append('[');
    if (!p.isEmpty()) {
      seq(p.getExteriorRing().getCoordinates(), sb);
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        sb.append(',');
        seq(p.getInteriorRingN(i).getCoordinates(), sb);
      }
    }
    sb.append(']');
  }

  private static void seq(Coordinate[] cs, StringBuilder sb) {
    sb.append('[');
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      pos(cs[i], sb);
    }
    sb.append(']');
  }

  private static void pos(Coordinate c, StringBuilder sb) {
    sb.append('[').append(num(c.x)).append(',').append(num(c.y)).append(']');
  }

  static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d) + ".0";
    }
    String s = Double.toString(d);
    return s.contains("E") ? String.format(Locale.ROOT, "%.15f", d).replaceAll("0+$", "") : s;
  }
}
