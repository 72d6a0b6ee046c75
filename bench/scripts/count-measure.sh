#!/bin/bash
# usage: count-measure.sh ROWS [PORT]
# Starts a scratch cluster with the embedded PostgreSQL binaries, fills a datapoints table shaped
# like the server's (primary key (collection_id, id) with time-ordered ids, the footprint GiST of
# migration V6) with ROWS datapoints (1° footprints uniform over land-ish latitudes, times uniform
# over 2019-2025, 100-byte payloads), VACUUM ANALYZE, then prints for each count the median of 5
# warm EXPLAIN ANALYZE execution times (after one warm-up), the rows counted, the plan's scans, and
# the planner's estimate of the rows read and its planning time (what the server's estimate costs).
# year_scan counts 2022-01-01T06:00Z .. 2023-01-01T06:00Z from the primary key; year_days counts the
# same from the per-day counts of migration V14 (KEYS="year_scan year_days" picks counts).
# Stops and deletes the cluster at the end.
set -euo pipefail
rows=${1:?rows}
port=${2:-55907}
bin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/pg_ctl | head -n1)")
dir=$(mktemp -d /tmp/count-measure.XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then # PostgreSQL refuses to run as root
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
trap '"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c shared_buffers=256MB -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
P="psql -q -At -h 127.0.0.1 -p $port -U postgres"
start=$SECONDS
$P <<SQL
CREATE TABLE datapoints (
  collection_id bigint NOT NULL, id uuid NOT NULL, time_us bigint NOT NULL, ingestion_us bigint NOT NULL,
  west double precision, south double precision, east double precision, north double precision,
  payload bytea NOT NULL, PRIMARY KEY (collection_id, id));
SELECT setseed(0.42);
INSERT INTO datapoints
SELECT 1, (lpad(to_hex(t / 1000), 12, '0') || substr(md5(g::text), 1, 20))::uuid, t, t, w, s, w + 1.0, s + 1.0,
       decode(repeat(substr(md5(g::text), 1, 8), 25), 'hex')
FROM (SELECT g, (1546300800000000 + (random() * 7 * 365.25 * 86400e6))::bigint AS t,
             -180 + random() * 359 AS w, -60 + random() * 129 AS s FROM generate_series(1, $rows) g) x;
CREATE INDEX datapoints_footprint_box ON datapoints
  USING gist (box(point(west, south), point(east, north))) WHERE west IS NOT NULL;
-- the per-day counts of migration V14, filled as its back-fill does
CREATE TABLE datapoint_days (collection_id bigint NOT NULL, day integer NOT NULL, count bigint NOT NULL,
  PRIMARY KEY (collection_id, day));
INSERT INTO datapoint_days SELECT collection_id, (time_us / 86400000000)::integer, count(*) FROM datapoints GROUP BY 1, 2;
VACUUM ANALYZE datapoints;
VACUUM ANALYZE datapoint_days;
SQL
echo "rows=$rows loaded in $((SECONDS - start)) s; table with indexes $($P -c "SELECT pg_size_pretty(pg_total_relation_size('datapoints'))")"
uuid() { # the first id of the millisecond $1
  local h; h=$(printf '%012x00000000000000000000' "$1")
  echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}
y22=$(uuid 1640995200000); y23=$(uuid 1672531200000); jun=$(uuid 1654041600000); jul=$(uuid 1656633600000)
d15=$(uuid 1655251200000); d16=$(uuid 1655337600000)
# the counts the server makes from datapoint_days (DatapointStore.daysCountSql): whole days summed,
# the partial days at the ends from the primary key; bounds inside a day, 06:00 UTC
y22m=$(uuid 1641016800000); y23m=$(uuid 1672552800000); d1m=$(uuid 1641081600000); d365=$(uuid 1672531200000)
days_sql() { # $1 $2: first whole day, end day (days since 1970-01-01); $3..$6: the two edge id ranges
  echo "SELECT (SELECT coalesce(sum(count), 0)::bigint FROM datapoint_days WHERE collection_id = 1 AND day >= $1 AND day < $2)
    + (SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$3' AND id < '$4')
    + (SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$5' AND id < '$6')"
}
place() { echo "west IS NOT NULL AND box(point(west, south), point(east, north)) && box(point($1, $2), point($3, $4))"; }
declare -A Q
Q[year]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$y22' AND id < '$y23'"
Q[month]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$jun' AND id < '$jul'"
Q[day]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$d15' AND id < '$d16'"
Q[paris]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND $(place 2.01 48.64 2.69 49.09)"
Q[europe]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND $(place -10 35 30 60)"
Q[europe_year]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$y22' AND id < '$y23' AND $(place -10 35 30 60)"
Q[year_scan]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$y22m' AND id < '$y23m'"
Q[year_days]=$(days_sql 18994 19358 "$y22m" "$d1m" "$d365" "$y23m")
Q[all_days]="SELECT (SELECT coalesce(sum(count), 0)::bigint FROM datapoint_days WHERE collection_id = 1 AND day >= 0 AND day < 2147483647)"
for k in ${KEYS:-day month year year_scan year_days all_days paris europe europe_year}; do
  ts=()
  ps=()
  for i in 1 2 3 4 5 6; do
    out=$($P -c "EXPLAIN (ANALYZE, TIMING OFF) ${Q[$k]}")
    ts+=("$(sed -n 's/Execution Time: \(.*\) ms/\1/p' <<<"$out")")
    ps+=("$(sed -n 's/Planning Time: \(.*\) ms/\1/p' <<<"$out")")
  done
  med=$(printf '%s\n' "${ts[@]:1}" | sort -g | sed -n 3p)
  plan_ms=$(printf '%s\n' "${ps[@]:1}" | sort -g | sed -n 3p)
  n=$($P -c "${Q[$k]}")
  planned=$($P -c "EXPLAIN ${Q[$k]}" | grep -E "Scan" | head -n1 | grep -oE "rows=[0-9]+") # per process in a parallel scan
  plan=$($P -c "EXPLAIN ${Q[$k]}" | grep -oE "(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan)( using [a-z_]+)?( on [a-z_]+)?" | sort -u | tr '\n' ';')
  echo "rows=$rows $k median_ms=$med counted=$n estimated_$planned planning_ms=$plan_ms plan=$plan"
done
