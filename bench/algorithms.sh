#!/usr/bin/env bash
# No runaway (issue 22): `passerelle mcf` with each algorithm on the same
# instances, runs alternated (auto, simplex, ssp, cs, jv, auto, ...), medians of
# `c solve_seconds`, and auto's time over the best algorithm's. An explicit
# algorithm that gave up says so (`fallback`); its time includes the attempt.
#
# Usage: bench/algorithms.sh BUILD_DIR REPS INSTANCE...
#   INSTANCE: a DIMACS file, or a flow_instance_writer spec with ':' for
#   spaces (e.g. netgen:16, regional:200000:10000).
set -euo pipefail
build=$1 reps=$2
shift 2
cli=$build/passerelle writer=$build/bench/flow_instance_writer
pin=()
command -v taskset >/dev/null && pin=(taskset -c 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/instance.sh
source "$(dirname "$0")/instance.sh"
algorithms=(auto simplex ssp cs jv)
printf '| instance | auto | simplex | ssp | cs | jv | auto / best | auto chose |\n|---|---|---|---|---|---|---|---|\n'
for spec in "$@"; do
  instance "$spec" "$work"
  declare -A times=() notes=()
  cost=
  for ((r = 1; r <= reps; ++r)); do
    for a in "${algorithms[@]}"; do
      out=$("${pin[@]}" "$cli" mcf --threads 1 --algorithm "$a" "$file")
      c=$(sed -n 's/^s //p' <<<"$out")
      [[ -z $cost ]] && cost=$c
      [[ $c == "$cost" ]] || { echo "$name: $a gives $c, not $cost" >&2; exit 1; }
      times[$a]+="$(sed -n 's/^c solve_seconds //p' <<<"$out") "
      grep -q '^c fallback' <<<"$out" && notes[$a]=" (fallback)"
      [[ $a == auto ]] && chose=$(sed -n 's/^c algorithm //p' <<<"$out")
    done
  done
  row="| $name"
  best=
  declare -A med=()
  for a in "${algorithms[@]}"; do
    # shellcheck disable=SC2086
    med[$a]=$(printf '%s\n' ${times[$a]} | median)
    row+=" | $(printf '%.3f s' "${med[$a]}")${notes[$a]:-}"
    [[ $a == auto ]] && continue
    [[ -z $best ]] || awk -v x="${med[$a]}" -v y="$best" 'BEGIN {exit !(x < y)}' && best=${med[$a]}
  done
  printf '%s | %.2fx | %s |\n' "$row" "$(awk -v a="${med[auto]}" -v b="$best" 'BEGIN {print a / b}')" "$chose"
  unset times notes med
done
