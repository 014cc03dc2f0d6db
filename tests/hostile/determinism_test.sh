#!/usr/bin/env bash
# Determinism (issue 8, item 5): the same request gives byte-identical
# responses across runs, thread counts and input formats.
#
# Three generated requests (a plain regional case, a second region read from
# binary, and one with quotas, bans, shortlists, distinct sectors and two
# placements per candidate) are each matched with --threads 1, 2, 3 and 0
# (all cores), twice with 2 threads, and once more from the binary form of
# the same request; every response must equal the first byte for byte, in
# JSON and in binary.
#
# Usage: determinism_test.sh PATH/TO/passerelle
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
runs=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() {  # run DESCRIPTION COMMAND...: must exit 0
  "$@" >"$work/stdout" 2>"$work/stderr" || fail "${*:2} ... exit $?: $(head -c 400 "$work/stderr")"
}

gen() {  # gen NAME REGION CANDIDATES OPENINGS SEED
  run "$bin" generate --region "$2" --candidates "$3" --openings "$4" --seed "$5" --out "$work/$1.json"
  run "$bin" generate --region "$2" --candidates "$3" --openings "$4" --seed "$5" --out "$work/$1.pb"
}
gen plain occitanie 500 100 21
gen second loir-et-cher 300 60 22
gen policy val-de-marne 300 60 23
# The generator's policy line starts with `"policy": {`; add the features
# whose code paths involve iteration or tie-breaking.
sed -i -e 's/"policy": {/"policy": {"shortlistSize":3,"distinctSectors":true,"quotas":[{"dimension":"QUOTA_DIMENSION_GENDER","value":"GENDER_FEMALE","minShare":0.3}],"bans":[{"candidateId":"c-000002","openingId":"o-000002"}],/' \
  -e 's/"placementsPerCandidate":1/"placementsPerCandidate":2/' "$work/policy.json"
grep -q '"shortlistSize":3' "$work/policy.json" || fail "could not add the policy features to the generated request"
rm -f "$work/policy.pb"  # the binary copy would lack the policy edits

for name in plain second policy; do
  run "$bin" match --in "$work/$name.json" --out "$work/$name.ref.json" --threads 1
  run "$bin" match --in "$work/$name.json" --out "$work/$name.ref.pb" --threads 1
  grep -q '"placements"' "$work/$name.ref.json" || fail "$name: no placements in the response"
  for threads in 2 3 0 2; do
    for ext in json pb; do
      run "$bin" match --in "$work/$name.json" --out "$work/$name.t$threads.$ext" --threads "$threads"
      runs=$((runs + 1))
      cmp -s "$work/$name.ref.$ext" "$work/$name.t$threads.$ext" ||
        fail "$name: --threads $threads gives a different $ext response than --threads 1"
    done
  done
  if [[ -e $work/$name.pb ]]; then
    run "$bin" match --in "$work/$name.pb" --out "$work/$name.from-pb.json" --threads 2
    runs=$((runs + 1))
    cmp -s "$work/$name.ref.json" "$work/$name.from-pb.json" ||
      fail "$name: the binary request gives a different response than the JSON one"
  fi
done

if [[ $failures -gt 0 ]]; then
  echo "determinism_test: $failures failure(s) in $runs compared runs"
  exit 1
fi
echo "determinism_test: $runs runs byte-identical"
