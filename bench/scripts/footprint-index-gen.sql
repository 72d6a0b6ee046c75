\timing on
CREATE TABLE datapoints (
  collection_id bigint NOT NULL, id uuid NOT NULL, time_us bigint NOT NULL, ingestion_us bigint NOT NULL,
  west double precision, south double precision, east double precision, north double precision,
  payload bytea NOT NULL, PRIMARY KEY (collection_id, id));
SELECT setseed(0.42);
INSERT INTO datapoints
SELECT 1, (lpad(to_hex(t / 1000), 12, '0') || substr(md5(g::text), 1, 20))::uuid, t, t, w, s, w + 1.0, s + 1.0,
       decode(repeat(substr(md5(g::text), 1, 8), 75), 'hex')
FROM (SELECT g, (1546300800000000 + (random() * 7 * 365.25 * 86400e6))::bigint AS t,
             -180 + random() * 359 AS w, -60 + random() * 129 AS s FROM generate_series(1, 1000000) g) x;
VACUUM ANALYZE datapoints;
SELECT pg_size_pretty(pg_total_relation_size('datapoints'));
