#!/bin/sh
# Issue 22, cost scaling: `passerelle mcf` (kAuto, or ALGO) against LEMON's
# NetworkSimplex and CostScaling (bench/lemon_mcf) on DIMACS instances,
# alternated runs (ours, LEMON NS, LEMON CS) repeated ROUNDS times on one
# core, medians of `c solve_seconds`, and the optimal costs compared.
# Usage: bench/compare_mcf_cs.sh PASSERELLE BENCH_BUILD_DIR ROUNDS [ALGO] -- "FAMILY A B" ...
# Prints one line per instance: family, median seconds of each, ratio of the
# better LEMON to ours, and whether the three costs are equal.
set -eu
passerelle=$1
bench=$2
rounds=$3
algo=${4:-auto}
shift 4 2>/dev/null || shift 3
[ "${1:-}" = "--" ] && shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
field() { sed -n "s/^$1 //p"; }
status=0
for instance in "$@"; do
  # shellcheck disable=SC2086
  "$bench/flow_instance_writer" $instance > "$tmp/instance.min"
  : > "$tmp/ours"; : > "$tmp/ns"; : > "$tmp/cs"
  i=0
  while [ $i -lt "$rounds" ]; do
    out=$(taskset -c 1 "$passerelle" mcf --threads 1 --algorithm "$algo" "$tmp/instance.min")
    echo "$out" | field "c solve_seconds" >> "$tmp/ours"
    ours_cost=$(echo "$out" | field s)
    ours_algo=$(echo "$out" | field "c algorithm")
    out=$(taskset -c 1 "$bench/lemon_mcf" "$tmp/instance.min")
    echo "$out" | field "c solve_seconds" >> "$tmp/ns"
    ns_cost=$(echo "$out" | field s)
    out=$(taskset -c 1 "$bench/lemon_mcf" --cost-scaling "$tmp/instance.min")
    echo "$out" | field "c solve_seconds" >> "$tmp/cs"
    cs_cost=$(echo "$out" | field s)
    i=$((i + 1))
  done
  ours=$(median < "$tmp/ours"); ns=$(median < "$tmp/ns"); cs=$(median < "$tmp/cs")
  verdict=same
  if [ "$ours_cost" != "$ns_cost" ] || [ "$ours_cost" != "$cs_cost" ]; then verdict=DIFFERENT; status=1; fi
  ratio=$(awk -v o="$ours" -v n="$ns" -v c="$cs" 'BEGIN {b = n < c ? n : c; printf "%.2f", b / o}')
  echo "$instance | $ours_algo $ours s | LEMON NS $ns s | LEMON CS $cs s | better LEMON / ours ${ratio}x | cost $ours_cost $verdict"
done
exit $status
