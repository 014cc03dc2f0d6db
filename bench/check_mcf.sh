#!/bin/sh
# Compares `passerelle mcf` with LEMON's NetworkSimplex (bench/lemon_mcf) on a
# DIMACS instance of every benchmark family: same optimal cost, and the solve
# times of both. Usage: bench/check_mcf.sh PASSERELLE_BINARY BENCH_BUILD_DIR
set -eu
passerelle=$1
bench=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for instance in "matching 200000 10000" "matching 10000 500" "sparse 10000 8" "grid 100 100" "dense 500"; do
  # shellcheck disable=SC2086
  "$bench/flow_instance_writer" $instance > "$tmp/instance.min"
  ours=$("$passerelle" mcf --check "$tmp/instance.min")
  theirs=$("$bench/lemon_mcf" "$tmp/instance.min")
  ours_cost=$(echo "$ours" | sed -n 's/^s //p')
  theirs_cost=$(echo "$theirs" | sed -n 's/^s //p')
  ours_time=$(echo "$ours" | sed -n 's/^c solve_seconds //p')
  theirs_time=$(echo "$theirs" | sed -n 's/^c solve_seconds //p')
  verdict=same
  [ "$ours_cost" = "$theirs_cost" ] || { verdict=DIFFERENT; status=1; }
  echo "$instance: passerelle $ours_cost (${ours_time}s, $(echo "$ours" | grep -c 'certificate ok') certificate) lemon $theirs_cost (${theirs_time}s): $verdict"
done
exit $status
