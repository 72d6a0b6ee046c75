#!/usr/bin/env bash
# Storage per task of finished jobs and the speed of pruning them (docs/adr/0013-job-retention.md).
# usage: bench/scripts/retention-measure.sh [SUBTASKS_PER_JOB [JOBS]]   (after a build: ./mvnw -q -DskipTests package)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$root"
. bin/env.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/swath-retention-measure.XXXXXX")
trap 'rm -rf "$work"' EXIT
./mvnw -B -ntp -q -pl workflows dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
# the modules of this checkout, not the ones installed in the local repository
libs=$(tr ':' '\n' < "$work/cp.txt" | grep -v '/io/swath/' | paste -sd:)
cp="workflows/target/classes:server/target/classes:client/target/classes:core/target/classes:api/target/classes:$libs"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$cp" bench/scripts/RetentionMeasure.java
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -cp "$work/classes:$cp" \
  RetentionMeasure "${1:-20000}" "${2:-5}" 2> "$work/err" | grep -v '^\[' || { cat "$work/err" >&2; exit 1; }
