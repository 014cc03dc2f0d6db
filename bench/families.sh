#!/usr/bin/env bash
# Issue 22's comparison table: `passerelle mcf` (auto) against LEMON's
# NetworkSimplex and CostScaling (bench/lemon_mcf) on DIMACS instances, same
# optimal cost required, runs alternated (ours, NS, CS, ours, ...), and the
# median of each solver's `c solve_seconds` (the solve alone, reading
# excluded) with the ratios to the better LEMON solver.
#
# Usage: bench/families.sh BUILD_DIR REPS INSTANCE...
#   INSTANCE: a DIMACS file, or a generator spec for flow_instance_writer
#   with ':' for spaces, e.g. regional:200000:10000, grid:250:250.
# Set NO_CS=1 to skip LEMON's CostScaling (minutes on some matching networks).
# Every run is pinned to one core (taskset -c 1 when available), passerelle
# with --threads 1.
set -euo pipefail
build=$1 reps=$2
shift 2
cli=$build/passerelle lemon=$build/bench/lemon_mcf writer=$build/bench/flow_instance_writer
for tool in "$cli" "$lemon" "$writer"; do
  [[ -x $tool ]] || { echo "need $tool (ninja -C $build passerelle_cli lemon_mcf flow_instance_writer)" >&2; exit 2; }
done
pin=()
command -v taskset >/dev/null && pin=(taskset -c 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/instance.sh
source "$(dirname "$0")/instance.sh"
field() { sed -n "s/^$1 //p"; }
printf '| instance | nodes / arcs | passerelle | LEMON NS | LEMON CS | vs NS | vs better | passerelle path |\n|---|---|---|---|---|---|---|---|\n'
for spec in "$@"; do
  instance "$spec" "$work"
  size=$(sed -n 's/^p min \([0-9]*\) \([0-9]*\).*/\1 \/ \2/p' "$file")
  ours=() ns=() cs=()
  for ((r = 1; r <= reps; ++r)); do
    out=$("${pin[@]}" "$cli" mcf --threads 1 --check "$file")
    grep -q '^c certificate ok' <<<"$out" || { echo "$name: certificate not ok" >&2; exit 1; }
    cost=$(field s <<<"$out")
    ours+=("$(field 'c solve_seconds' <<<"$out")")
    path=$(field 'c algorithm' <<<"$out")
    grep -q '^c presolve' <<<"$out" && path="$path, presolved"
    grep -q '^c fallback' <<<"$out" && path="$path, fallback"
    out=$("${pin[@]}" "$lemon" "$file")
    [[ $(field s <<<"$out") == "$cost" ]] || { echo "$name: LEMON NS cost differs" >&2; exit 1; }
    ns+=("$(field 'c solve_seconds' <<<"$out")")
    if [[ -z ${NO_CS:-} ]]; then
      out=$("${pin[@]}" "$lemon" --cost-scaling "$file")
      [[ $(field s <<<"$out") == "$cost" ]] || { echo "$name: LEMON CS cost differs" >&2; exit 1; }
      cs+=("$(field 'c solve_seconds' <<<"$out")")
    fi
  done
  o=$(printf '%s\n' "${ours[@]}" | median) n=$(printf '%s\n' "${ns[@]}" | median)
  c=-; [[ ${#cs[@]} -gt 0 ]] && c=$(printf '%s\n' "${cs[@]}" | median)
  best=$n; [[ $c != - ]] && best=$(awk -v a="$n" -v b="$c" 'BEGIN {print (a < b ? a : b)}')
  printf '| %s | %s | %.3f s | %.3f s | %s | %.2fx | %.2fx | %s |\n' "$name" "$size" "$o" "$n" \
    "$([[ $c == - ]] && echo - || printf '%.3f s' "$c")" "$(awk -v a="$n" -v b="$o" 'BEGIN {print a / b}')" \
    "$(awk -v a="$best" -v b="$o" 'BEGIN {print a / b}')" "$path"
done
