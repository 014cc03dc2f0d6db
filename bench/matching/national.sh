#!/usr/bin/env bash
# The national case of issue 5 through the command line: generates
# CANDIDATES x OPENINGS over a region (default: 1,000,000 x 100,000 over
# `france`, the 96 metropolitan départements), then runs `passerelle match
# --summary` REPS times under /usr/bin/time and prints, per run, the wall
# time, the peak resident set, the status line, the greedy comparison and the
# phase timings; then the median wall time.
#
# Usage: bench/matching/national.sh BUILD_DIR [REPS] [REGION] [CANDIDATES] [OPENINGS] [-- MATCH_OPTIONS...]
# e.g.   bench/matching/national.sh build 3
#        bench/matching/national.sh build 1 occitanie 1000000 100000   # the dense stress case
# Needs about 10 GB of RAM and 2 GB of disk in $TMPDIR.
set -euo pipefail
build=$1 reps=${2:-3} region=${3:-france} candidates=${4:-1000000} openings=${5:-100000}
shift $(( $# < 5 ? $# : 5 ))
[[ ${1:-} == -- ]] && shift
cli=$build/passerelle
[[ -x $cli ]] || { echo "need $cli (ninja -C $build passerelle_cli)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "need /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" generate --region "$region" --candidates "$candidates" --openings "$openings" --seed 1 --out "$work/r.pb" >/dev/null
echo "request: $region, $candidates x $openings, seed 1 ($(du -h "$work/r.pb" | cut -f1))"
walls=()
for ((r = 1; r <= reps; ++r)); do
  /usr/bin/time -f 'time: %e s wall, %M KB peak' "$cli" match --in "$work/r.pb" --out "$work/s.pb" --summary "$@" \
    2>"$work/log" >/dev/null
  echo "run $r:"
  grep -E '^time:|status:|vs greedy|timings:|match phases:' "$work/log" | sed 's/^ */  /'
  walls+=("$(sed -n 's/^time: \([0-9.]*\) s wall.*/\1/p' "$work/log")")
done
median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median wall: $median s (runs: ${walls[*]})"
