-- How far the time ranges of a collection's STAC items reach from their datapoint times, so that a
-- datetime search reads an index range of times instead of the whole collection
-- (docs/adr/0009-stac-search-semantics.md).
--
-- collections.range_before_us: the most any item's start_datetime lies before its datapoint time;
-- collections.range_after_us: the most any item's end_datetime lies after it (microseconds, at
-- least 0). Widened on ingest, never shrunk. NULL means unknown: collections written before this
-- migration, whose items are then read whole by a datetime search until they are emptied; new
-- collections start at 0.

ALTER TABLE collections ADD COLUMN range_before_us bigint;
ALTER TABLE collections ADD COLUMN range_after_us bigint;
ALTER TABLE collections ALTER COLUMN range_before_us SET DEFAULT 0;
ALTER TABLE collections ALTER COLUMN range_after_us SET DEFAULT 0;
-- an empty collection has no ranges to know
UPDATE collections SET range_before_us = 0, range_after_us = 0 WHERE count = 0;

-- The STAC Collection document given for a collection at ingest (swath ingest of a
-- *.collection.json, or --from-stac), served by /collections/{id} apart from id, links and extent;
-- NULL when none was given.
ALTER TABLE collections ADD COLUMN stac_document jsonb;
