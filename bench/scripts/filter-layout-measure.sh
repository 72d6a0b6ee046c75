#!/bin/bash
# usage: filter-layout-measure.sh ROWS [PORT]
# Compares layouts for evaluating field filters in PostgreSQL (ADR 0014). Starts a scratch cluster
# with the embedded PostgreSQL binaries and fills one datapoints table per layout with ROWS rows
# (times uniform over 2019-2025, a 200-byte payload, cloud_cover uniform in [0, 100), platform one
# of 3 strings, 4 more numeric fields):
#   payload  today's table: key columns and the payload only (the filter runs in the server JVM)
#   arrays   + field_nums float8[] (numeric fields by schema position) + field_texts text[]
#   jsonb    + fields jsonb (scalar fields by name)
#   arrays_ix  arrays + a btree expression index on (collection_id, (field_nums[2]))
# Prints, per layout, the fill time (INSERT ... SELECT of all rows), the table size in bytes per
# row, and the median of 5 warm EXPLAIN ANALYZE execution times (after one warm-up) of
# cloud_cover < 1 in 2022 and platform = 'sentinel-2b' in 2022 (for payload: the year's rows with
# their payloads, which the server then decodes). Stops and deletes the cluster at the end.
set -euo pipefail
rows=${1:?rows}
port=${2:-55914}
bin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/pg_ctl | head -n1)")
dir=$(mktemp -d /tmp/filter-layout.XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then # PostgreSQL refuses to run as root
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
trap '"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c shared_buffers=256MB -c max_wal_size=4GB -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
P="psql -q -At -h 127.0.0.1 -p $port -U postgres"
$P <<SQL
CREATE TABLE src AS
SELECT 1::bigint AS collection_id, (lpad(to_hex(t / 1000), 12, '0') || substr(md5(g::text), 1, 20))::uuid AS id, t AS time_us,
       t AS ingestion_us, w AS west, s AS south, w + 1.0 AS east, s + 1.0 AS north,
       decode(repeat(substr(md5(g::text), 1, 8), 50), 'hex') AS payload,
       random() * 100 AS cloud_cover, (ARRAY['sentinel-2a', 'sentinel-2b', 'sentinel-2c'])[1 + (g % 3)] AS platform,
       g % 143 AS orbit, random() * 90 AS sun_el, random() * 360 AS sun_az, random() AS nodata
FROM (SELECT g, (1546300800000000 + (random() * 7 * 365.25 * 86400e6))::bigint AS t,
             -180 + random() * 359 AS w, -60 + random() * 129 AS s FROM generate_series(1, $rows) g) x;
SQL
base="collection_id bigint NOT NULL, id uuid NOT NULL, time_us bigint NOT NULL, ingestion_us bigint NOT NULL,
  west double precision, south double precision, east double precision, north double precision, payload bytea NOT NULL"
keys="collection_id, id, time_us, ingestion_us, west, south, east, north, payload"
fill() { # name extra-column-def extra-select
  $P -c "CREATE TABLE $1 ($base$2, PRIMARY KEY (collection_id, id))"
  local s=$(date +%s.%N)
  $P -c "INSERT INTO $1 SELECT $keys$3 FROM src ORDER BY id"
  local e=$(date +%s.%N)
  $P -c "VACUUM ANALYZE $1"
  echo "$1 fill_s=$(echo "$e - $s" | bc) bytes_per_row=$($P -c "SELECT pg_table_size('$1') / $rows")"
}
fill payload "" ""
fill arrays ", field_nums float8[], field_texts text[]" ", ARRAY[NULL, cloud_cover, NULL, orbit, sun_el, sun_az, nodata], ARRAY[NULL, NULL, platform]"
fill jsonb ", fields jsonb" ", jsonb_build_object('cloud_cover', cloud_cover, 'platform', platform, 'orbit', orbit, 'sun_el', sun_el, 'sun_az', sun_az, 'nodata', nodata)"
fill arrays_ix ", field_nums float8[], field_texts text[]" ", ARRAY[NULL, cloud_cover, NULL, orbit, sun_el, sun_az, nodata], ARRAY[NULL, NULL, platform]"
s=$(date +%s.%N); $P -c "CREATE INDEX ON arrays_ix (collection_id, (field_nums[2]))"; e=$(date +%s.%N)
$P -c "ANALYZE arrays_ix"
echo "arrays_ix index_build_s=$(echo "$e - $s" | bc) index_bytes_per_row=$($P -c "SELECT (pg_indexes_size('arrays_ix') - pg_relation_size('arrays_ix_pkey')) / $rows")"
uuid() { local h=$(printf '%012x00000000000000000000' $1); echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"; }
year="collection_id = 1 AND id >= '$(uuid 1640995200000)' AND id < '$(uuid 1672531200000)'"
declare -A Q
Q[payload_year]="SELECT id, time_us, ingestion_us, payload FROM payload WHERE $year ORDER BY id"
Q[arrays_cloud]="SELECT id, time_us, ingestion_us, payload FROM arrays WHERE $year AND (field_nums IS NULL OR field_nums[2] < 1) ORDER BY id"
Q[arrays_platform]="SELECT id, time_us, ingestion_us, payload FROM arrays WHERE $year AND (field_nums IS NULL OR field_texts[3] = 'sentinel-2b') ORDER BY id"
Q[jsonb_cloud]="SELECT id, time_us, ingestion_us, payload FROM jsonb WHERE $year AND (fields IS NULL OR (fields->>'cloud_cover')::float8 < 1) ORDER BY id"
Q[jsonb_platform]="SELECT id, time_us, ingestion_us, payload FROM jsonb WHERE $year AND (fields IS NULL OR fields->>'platform' = 'sentinel-2b') ORDER BY id"
Q[arrays_ix_cloud]="SELECT id, time_us, ingestion_us, payload FROM arrays_ix WHERE $year AND field_nums[2] < 1 ORDER BY id"
for k in payload_year arrays_cloud arrays_platform jsonb_cloud jsonb_platform arrays_ix_cloud; do
  ts=(); for i in 1 2 3 4 5 6; do
    t=$($P -c "EXPLAIN (ANALYZE, TIMING OFF) ${Q[$k]}" | sed -n 's/Execution Time: \(.*\) ms/\1/p'); ts+=($t); done
  med=$(printf '%s\n' "${ts[@]:1}" | sort -g | sed -n 3p)
  n=$($P -c "SELECT count(*) FROM (${Q[$k]}) x")
  plan=$($P -c "EXPLAIN ${Q[$k]}" | grep -oE "(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)( using [a-z_0-9]+)?" | sort -u | tr '\n' ';')
  echo "$k median_ms=$med rows=$n plan=$plan"
done
