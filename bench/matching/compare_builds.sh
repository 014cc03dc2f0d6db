#!/usr/bin/env bash
# Two builds of `passerelle match` on the same generated request, in
# alternated runs (A, B, A, B, ...), so that both meet the same machine
# conditions: per run the wall time, the peak resident set and the phases;
# then each build's median wall time and the ratio B/A. Also checks that the
# two responses are byte-identical.
#
# Usage: bench/matching/compare_builds.sh OLD_CLI NEW_CLI [REPS] [REGION] [CANDIDATES] [OPENINGS]
# e.g.   bench/matching/compare_builds.sh old/passerelle build/passerelle 5 occitanie 10000 3000
#        bench/matching/compare_builds.sh old/passerelle build/passerelle 3 france 1000000 100000
# The national case needs about 8 GB of RAM per run and 2 GB of disk in $TMPDIR.
set -euo pipefail
old=$1 new=$2 reps=${3:-5} region=${4:-occitanie} candidates=${5:-10000} openings=${6:-3000}
[[ -x /usr/bin/time ]] || { echo "need /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$new" generate --region "$region" --candidates "$candidates" --openings "$openings" --seed 1 --out "$work/r.pb" >/dev/null
echo "request: $region, $candidates x $openings, seed 1 ($(du -h "$work/r.pb" | cut -f1))"
declare -A walls=([old]="" [new]="")
for ((r = 1; r <= reps; ++r)); do
  for which in old new; do
    cli=$old
    [[ $which == new ]] && cli=$new
    /usr/bin/time -f 'time: %e s wall, %M KB peak' "$cli" match --in "$work/r.pb" --out "$work/$which.pb" --summary \
      2>"$work/log" >/dev/null
    wall=$(sed -n 's/^time: \([0-9.]*\) s wall.*/\1/p' "$work/log")
    walls[$which]+="$wall "
    echo "run $r $which: $(grep -E '^time:' "$work/log") | $(grep -E 'match phases:' "$work/log" | sed 's/^ *match phases: //')"
  done
done
cmp -s "$work/old.pb" "$work/new.pb" && echo "responses: byte-identical" || echo "responses: DIFFER"
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_old=$(median "${walls[old]}") m_new=$(median "${walls[new]}")
echo "median wall: old $m_old s (${walls[old]}), new $m_new s (${walls[new]})"
awk -v a="$m_old" -v b="$m_new" 'BEGIN { printf "ratio new/old: %.3f\n", b / a }'
