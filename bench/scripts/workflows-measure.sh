#!/usr/bin/env bash
# Runs one of the workflow measurement programs of bench/scripts against an embedded server:
#   bench/scripts/workflows-measure.sh RetentionMeasure [SUBTASKS_PER_JOB JOBS]   storage per task, pruning speed (ADR 0013)
#   bench/scripts/workflows-measure.sh AsyncJobsMeasure [JOBS]                    submitting and awaiting jobs, blocking vs async
# after a build (./mvnw -q -DskipTests package).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$root"
. bin/env.sh
program=${1:?usage: $0 RetentionMeasure|AsyncJobsMeasure [ARGS]}
shift
case "$program" in
  RetentionMeasure) args=("${1:-20000}" "${2:-5}") ;;
  AsyncJobsMeasure) args=("${1:-1000}") ;;
  *) echo "unknown program $program" >&2; exit 2 ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/swath-workflows-measure.XXXXXX")
trap 'rm -rf "$work"' EXIT
./mvnw -B -ntp -q -pl workflows dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
# the modules of this checkout, not the ones installed in the local repository
libs=$(tr ':' '\n' < "$work/cp.txt" | grep -v '/io/swath/' | paste -sd:)
cp="workflows/target/classes:server/target/classes:client/target/classes:core/target/classes:api/target/classes:$libs"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$cp" "bench/scripts/$program.java"
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -cp "$work/classes:$cp" \
  "$program" "${args[@]}" 2> "$work/err" | grep -v '^\[' || { cat "$work/err" >&2; exit 1; }
