package io.swath.core.filter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Cql2ErrorsTest {
  private static void textFails(String text, String message) {
    assertThatThrownBy(() -> Cql2.parseText(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static void jsonFails(String json, String message) {
    assertThatThrownBy(() -> Cql2.parseJson(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void missingValueSaysWhatWhereAndShowsTheInput() {
    assertThatThrownBy(() -> Cql2.parseText("cloud_cover < AND platform = 'landsat-8'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CQL2 filter: expected a value after '<' at column 15, found 'AND': "
            + "\"cloud_cover < AND platform = 'landsat-8'\"");
  }

  @Test
  void longInputIsShownAroundTheError() {
    String text = "platform = 'landsat-8' AND eo:cloud_cover < 20 AND view:sun_elevation > AND instruments = 'oli'"
        + " AND something_else = 'long enough to be cut'";
    assertThatThrownBy(() -> Cql2.parseText(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CQL2 filter: expected a value after '>' at column 73, found 'AND': "
            + "\"...< 20 AND view:sun_elevation > AND instruments = 'oli' AND so...\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      cloud_cover                       | expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL) after 'cloud_cover' at column 12, found the end of the filter
      a AND b = 1                       | expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL) after 'a' at column 3, found 'AND'
      a = 1 b = 2                       | expected AND, OR or the end of the filter after '1' at column 7, found 'b'
      a = 1 AND                         | expected a value after 'AND' at column 10, found the end of the filter
      a = 'unterminated                 | unterminated string starting at column 5
      "quoted = 1                       | unterminated quoted name starting at column 1
      a # 1                             | unexpected character '#' at column 3
      a NOT 5                           | expected LIKE, BETWEEN or IN after 'NOT' at column 7, found '5'
      a BETWEEN 1 5                     | expected AND and the upper bound of BETWEEN after '1' at column 13, found '5'
      a IN 1                            | expected '(' and a list of values for IN after 'IN' at column 6, found '1'
      a IN (1, 2                        | expected ',' or ')' to close the IN list after '2' at column 11, found the end of the filter
      a IS 5                            | expected NULL or NOT NULL after 'IS' at column 6, found '5'
      (a = 1                            | expected ')' after '1' at column 7, found the end of the filter
      S_INTERSECTS(geometry)            | expected ',' and the second argument of S_INTERSECTS after 'geometry' at column 22, found ')'
      S_INTERSECTS(a, b, c)             | expected ')' to close S_INTERSECTS( after 'b' at column 18, found ','
      t = TIMESTAMP('yesterday')        | 'yesterday' is not a timestamp (use RFC 3339, e.g. 2020-01-01T00:00:00Z) at column 15
      t = TIMESTAMP(5)                  | expected a quoted timestamp such as '2020-01-01T00:00:00Z' after '(' at column 15, found '5'
      t = DATE('2020-13-45')            | '2020-13-45' is not a date (use YYYY-MM-DD, e.g. 2020-01-01) at column 10
      T_AFTER(t, INTERVAL('2020-01-01')) | expected ',' and the end of the INTERVAL after '2020-01-01' at column 33, found ')'
      T_AFTER(t, INTERVAL(5, '..'))     | an INTERVAL end must be a quoted date or timestamp, '..', a property or a function at column 21
      S_INTERSECTS(g, POLYGON((0 0, 1 1))) | not a valid WKT geometry: Points of LinearRing do not form a closed linestring at column 17
      S_INTERSECTS(g, POINT(1 x))       | not a valid WKT geometry: Invalid number: x (line 1) at column 17
      S_INTERSECTS(g, POLYGON((0 0, 1 1, 1 0, 0 0) | unterminated POLYGON literal starting at column 17
      S_INTERSECTS(g, POLYGON((0 0, 1 1, 1 0, 0 0))  | expected ')' to close S_INTERSECTS( after ')' at column 46, found the end of the filter
      S_INTERSECTS(g, BBOX(1, 2, 3))    | BBOX takes 4 numbers (west, south, east, north) or 6 (with elevations), got 3 at column 17
      a = 1e999                         | number 1e999 is out of range at column 5
      a = NULL                          | expected a value after '=' at column 5, found 'NULL'
      a = ""                            | a property name cannot be empty at column 5
      """)
  void textErrors(String text, String message) {
    textFails(text, "CQL2 filter: " + message);
  }

  @Test
  void emptyFilter() {
    textFails("  ", "CQL2 filter: the filter is empty");
    jsonFails("", "CQL2 JSON filter: the filter is empty");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"op":"and"                                              | not valid JSON at line 1, column
      {"foo":1}                                                | expected a CQL2 expression: {"op": ..., "args": [...]}, {"property": ...}, a literal, {"timestamp"|"date"|"interval"|"bbox": ...} or a GeoJSON geometry at the top level: {"foo":1}
      {"property":"a"}                                         | expected a condition (an object with "op" and "args", or true/false) at the top level
      {"op":"like","args":[{"property":"a"}]}                  | "like" takes 2 arguments in "args", got 1 at the top level
      {"op":"and","args":[{"property":"a"},true]}              | expected a condition (an object with "op" and "args", or true/false) at /args/0: {"property":"a"}
      {"op":"=","args":[{"property":"a"},null]}                | expected a value (CQL2 has no null literal; use isNull) at /args/1: null
      {"op":"=","args":[{"property":""},1]}                    | "property" must be a non-empty string at /args/0
      {"op":"=","args":[{"property":"t"},{"timestamp":"x"}]}    | 'x' is not a timestamp (use RFC 3339, e.g. 2020-01-01T00:00:00Z) at /args/1/timestamp
      {"op":"=","args":[{"property":"t"},{"date":"2020-1-1"}]}  | expected a date string YYYY-MM-DD at /args/1/date
      {"op":"t_after","args":[{"property":"t"},{"interval":["2020-01-01"]}]} | "interval" must be an array of two instants (or "..") at /args/1
      {"op":"in","args":[{"property":"a"},1]}                  | "in" takes two "args": a value and a non-empty array of candidates at the top level
      {"op":"s_intersects","args":[{"property":"g"},{"bbox":[1,2,3]}]} | "bbox" must be an array of 4 numbers (west, south, east, north) or 6 (with elevations) at /args/1
      {"op":"s_intersects","args":[{"property":"g"},{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}]} | GeoJSON polygon ring has 3 positions; at least 4 are needed at /args/1
      {"op":"no such op!","args":[]}                           | unknown operator "no such op!" at the top level
      {"op":"not","args":[{"op":"=","args":[1,1]},true]}       | "not" takes 1 argument in "args", got 2 at the top level
      """)
  void jsonErrors(String json, String message) {
    jsonFails(json, "CQL2 JSON filter: " + message);
  }
}
