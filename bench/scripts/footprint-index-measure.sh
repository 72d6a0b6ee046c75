#!/bin/bash
# usage: planner-measure.sh old|new  ; prints median of 5 warm EXPLAIN ANALYZE execution times (ms) per query
mode=$1  # expects the table of footprint-index-gen.sql on localhost:55906
P="psql -q -At -h localhost -p 55906 -U postgres"
lo22=$(printf '%012x00000000000000000000' $((1640995200000))); lo22=${lo22:0:8}-${lo22:8:4}-${lo22:12:4}-${lo22:16:4}-${lo22:20:12}
hi23=$(printf '%012x00000000000000000000' $((1672531200000))); hi23=${hi23:0:8}-${hi23:8:4}-${hi23:12:4}-${hi23:16:4}-${hi23:20:12}
loJun=$(printf '%012x00000000000000000000' $((1654041600000))); loJun=${loJun:0:8}-${loJun:8:4}-${loJun:12:4}-${loJun:16:4}-${loJun:20:12}
hiJun=$(printf '%012x00000000000000000000' $((1656633600000))); hiJun=${hiJun:0:8}-${hiJun:8:4}-${hiJun:12:4}-${hiJun:16:4}-${hiJun:20:12}
place() { # w s e n
  if [ $mode = old ]; then echo "west IS NOT NULL AND (west <= $3 AND east >= $1 AND south <= $4 AND north >= $2)";
  else echo "west IS NOT NULL AND box(point(west, south), point(east, north)) && box(point($1, $2), point($3, $4))"; fi; }
declare -A Q
Q[paris_all]="SELECT id, time_us, ingestion_us, payload FROM datapoints WHERE collection_id = 1 AND $(place 2.01 48.64 2.69 49.09) ORDER BY id"
Q[paris_month]="SELECT id, time_us, ingestion_us, payload FROM datapoints WHERE collection_id = 1 AND id >= '$loJun' AND id < '$hiJun' AND $(place 2.01 48.64 2.69 49.09) ORDER BY id"
Q[europe_limit100]="SELECT id, time_us, ingestion_us, payload FROM datapoints WHERE collection_id = 1 AND $(place -10 35 30 70) ORDER BY id LIMIT 100"
Q[count_2022]="SELECT count(*) FROM datapoints WHERE collection_id = 1 AND id >= '$lo22' AND id < '$hi23'"
for k in paris_all paris_month europe_limit100 count_2022; do
  ts=(); for i in 1 2 3 4 5 6; do
    t=$($P -c "EXPLAIN (ANALYZE, TIMING OFF) ${Q[$k]}" | sed -n 's/Execution Time: \(.*\) ms/\1/p'); ts+=($t); done
  med=$(printf '%s\n' "${ts[@]:1}" | sort -g | sed -n 3p)
  rows=$($P -c "SELECT count(*) FROM (${Q[$k]}) x")
  plan=$($P -c "EXPLAIN ${Q[$k]}" | grep -oE "(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)( using [a-z_]+)?" | sort -u | tr '\n' ';')
  echo "$mode $k median_ms=$med rows=$rows plan=$plan"
done
