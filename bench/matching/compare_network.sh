#!/usr/bin/env bash
# The matcher's own flow network against LEMON: generates an Occitanie
# request, lets `passerelle match --network-out` write the network it solves
# (DIMACS), then times `passerelle mcf` (auto and network simplex) and
# LEMON's NetworkSimplex and CostScaling (bench/lemon_mcf) on that file,
# REPS times each, interleaved, and prints the median solve seconds (parsing
# excluded) and the optimal costs, which must agree.
#
# Usage: bench/matching/compare_network.sh BUILD_DIR CANDIDATES OPENINGS [REPS]
# Needs a build with PASSERELLE_BUILD_PEERS (LEMON, from scripts/setup-deps
# with PASSERELLE_WITH_PEERS=1).
set -euo pipefail
build=$1 candidates=$2 openings=$3 reps=${4:-3}
cli=$build/passerelle lemon=$build/bench/lemon_mcf
[[ -x $cli && -x $lemon ]] || { echo "need $cli and $lemon (build with the peers)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" generate --region occitanie --candidates "$candidates" --openings "$openings" --seed 1 --out "$work/r.pb" >/dev/null
"$cli" match --in "$work/r.pb" --out "$work/s.pb" --network-out "$work/n.min"
echo "network: $(head -c 200 "$work/n.min" | grep '^p') ($candidates x $openings, occitanie, seed 1)"
declare -A times costs
solvers=("passerelle-auto:$cli mcf --algorithm auto" "passerelle-simplex:$cli mcf --algorithm simplex"
         "lemon-network-simplex:$lemon" "lemon-cost-scaling:$lemon --cost-scaling")
for ((r = 0; r < reps; ++r)); do
  for s in "${solvers[@]}"; do
    name=${s%%:*} cmd=${s#*:}
    out=$($cmd "$work/n.min")
    times[$name]+="$(grep solve_seconds <<<"$out" | awk '{print $3}') "
    costs[$name]=$(grep '^s ' <<<"$out" | awk '{print $2}')
  done
done
for s in "${solvers[@]}"; do
  name=${s%%:*}
  median=$(tr ' ' '\n' <<<"${times[$name]}" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-24s median %8.3f s  (runs: %s) cost %s\n' "$name" "$median" "${times[$name]% }" "${costs[$name]}"
done
[[ $(printf '%s\n' "${costs[@]}" | sort -u | wc -l) == 1 ]] || { echo "costs differ" >&2; exit 1; }
