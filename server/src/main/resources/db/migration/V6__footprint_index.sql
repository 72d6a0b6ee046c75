-- A spatial index that works without PostGIS: GiST over the footprint's bounding box as a
-- built-in geometric box. Queries test overlap with `&&` on exactly this expression, so the
-- planner can match it (see docs/adr/0006-footprint-index.md). Datapoints without a footprint
-- are left out of the index (partial), and queries with a place ask for `west IS NOT NULL`.
CREATE INDEX datapoints_footprint_box ON datapoints
  USING gist (box(point(west, south), point(east, north)))
  WHERE west IS NOT NULL;

-- The table grows to tens of millions of rows: the default 20 % / 10 % thresholds would wait for
-- millions of changed rows before vacuuming or refreshing statistics (and the planner's choice
-- between the id and footprint indexes depends on fresh statistics).
ALTER TABLE datapoints SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.01,
  autovacuum_vacuum_insert_scale_factor = 0.02
);
