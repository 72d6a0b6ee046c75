-- Datapoints per collection and UTC day (days since 1970-01-01 of time_us), kept by every write of
-- datapoints in the same transaction: a count of a long time range adds up whole days from here and
-- counts only the partial days at its ends from the primary key (see DatapointStore.count, ADR 0007).
-- Ingest and delete update a collection's days after its row in collections, whose lock already
-- orders concurrent writes of one collection, and in ascending day order, so they do not deadlock.
CREATE TABLE datapoint_days (
  collection_id bigint  NOT NULL,
  day           integer NOT NULL,
  count         bigint  NOT NULL,
  PRIMARY KEY (collection_id, day)
);

INSERT INTO datapoint_days (collection_id, day, count)
SELECT collection_id, (time_us / 86400000000)::integer, count(*)
FROM datapoints
GROUP BY 1, 2;
