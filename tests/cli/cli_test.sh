#!/usr/bin/env bash
# End-to-end tests of the `passerelle` command: exit codes, byte-identical
# outputs, no output on error. Usage: cli_test.sh PATH/TO/passerelle
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_exit() {  # expected-code description command...
  local want=$1 what=$2; shift 2
  "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  [[ $got == "$want" ]] || fail "$what: exit $got, want $want; stderr: $(head -c 400 "$work/stderr")"
}

for cmd in generate match validate mcf explain occupations history fit backtest; do
  expect_exit 0 "$cmd --help" "$bin" "$cmd" --help
  grep -q "Usage: passerelle $cmd" "$work/stdout" || fail "$cmd --help prints usage"
done
expect_exit 2 "no command" "$bin"
expect_exit 2 "unknown command" "$bin" frobnicate

# The issue's acceptance commands, twice each: byte-identical.
expect_exit 0 "generate" "$bin" generate --region occitanie --candidates 600 --openings 120 --seed 3 --out "$work/r.json"
expect_exit 0 "generate again" "$bin" generate --region occitanie --candidates 600 --openings 120 --seed 3 --out "$work/r2.json"
cmp -s "$work/r.json" "$work/r2.json" || fail "generate is not byte-identical for a seed"
expect_exit 0 "validate generated" "$bin" validate --in "$work/r.json"
expect_exit 0 "match" "$bin" match --in "$work/r.json" --out "$work/s.json"
expect_exit 0 "match again" "$bin" match --in "$work/r.json" --out "$work/s2.json" --threads 1
cmp -s "$work/s.json" "$work/s2.json" || fail "match is not byte-identical across runs and thread counts"
grep -q '"placements"' "$work/s.json" || fail "response has placements"
# Commute minutes to a tenth, as written (not a float's expansion in double).
grep -q '"commuteMinutes"' "$work/s.json" || fail "placements have commute minutes"
! grep -Eq '"commuteMinutes": [0-9]+\.[0-9]{2,}' "$work/s.json" || fail "commute minutes with more than one decimal"

# Binary and text formats give the same response as JSON.
expect_exit 0 "generate binary" "$bin" generate --region occitanie --candidates 600 --openings 120 --seed 3 --out "$work/r.pb"
expect_exit 0 "match binary" "$bin" match --in "$work/r.pb" --out "$work/s.pb"
expect_exit 0 "match text" "$bin" match --in "$work/r.json" --out "$work/s.txtpb"
expect_exit 0 "match json from binary" "$bin" match --in "$work/r.pb" --out "$work/s3.json"
cmp -s "$work/s.json" "$work/s3.json" || fail "binary request gives a different response"

# Bad input: exit 2, a message naming the problem, nothing written.
head -c 5000 "$work/r.json" >"$work/truncated.json"
expect_exit 2 "truncated request" "$bin" match --in "$work/truncated.json" --out "$work/bad.json"
grep -q "truncated.json" "$work/stderr" || fail "truncated: message names the file"
[[ ! -e "$work/bad.json" ]] || fail "truncated: an output was written"
head -c 3000 "$work/r.pb" >"$work/truncated.pb"
expect_exit 2 "truncated binary" "$bin" match --in "$work/truncated.pb" --out "$work/bad.json"
[[ ! -e "$work/bad.json" ]] || fail "truncated binary: an output was written"
sed 's/"capacity": *[0-9]*/"capacity":-2/' "$work/r.json" >"$work/negative.json"
expect_exit 2 "validate negative capacity" "$bin" validate --in "$work/negative.json"
grep -q 'capacity: -2 must be >= 0' "$work/stderr" || fail "negative capacity: field path in message"
expect_exit 2 "match negative capacity" "$bin" match --in "$work/negative.json" --out "$work/bad.json"
[[ ! -e "$work/bad.json" ]] || fail "negative capacity: an output was written"
expect_exit 2 "missing file" "$bin" match --in "$work/nope.json" --out "$work/bad.json"
expect_exit 2 "unknown output extension" "$bin" match --in "$work/r.json" --out "$work/s.csv"
expect_exit 2 "limit exceeded" "$bin" match --in "$work/r.json" --out "$work/bad.json" --max-candidates 10
grep -q "max_candidates" "$work/stderr" || fail "limit: message names the limit"
[[ ! -e "$work/bad.json" ]] || fail "limit: an output was written"
expect_exit 2 "unknown region" "$bin" generate --region mars --out "$work/g.json"
grep -q "mars" "$work/stderr" || fail "unknown region named"
[[ ! -e "$work/g.json" ]] || fail "unknown region: an output was written"
expect_exit 2 "negative count" "$bin" generate --candidates -5 --out "$work/g.json"
expect_exit 2 "bad option" "$bin" match --bogus
ls "$work" | grep -q '\.tmp\.' && fail "temporary files left behind"

# explain: one pair, as text and as a PairExplanation; bad ids and files
# exit 2 with a message naming them and write nothing.
cand=$(grep -o '"c-[0-9]*"' "$work/r.json" | head -1 | tr -d '"')
open1=$(grep -o '"o-[0-9]*"' "$work/r.json" | head -1 | tr -d '"')
expect_exit 0 "explain" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1"
grep -q "$cand" "$work/stdout" && grep -q "$open1" "$work/stdout" || fail "explain: the text names the pair"
grep -Eq '^Score ?: ' "$work/stdout" || fail "explain: no score line: $(head -3 "$work/stdout")"
[[ $(grep -c '^  .* × ' "$work/stdout") == 6 ]] || fail "explain: six components with their weights"
# Numbers as each language writes them: a decimal comma in French, a point in English.
expect_exit 0 "explain --language fr" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --language fr
grep -Eq '^Score : [0-9],[0-9]{3} ' "$work/stdout" && ! grep -q '[0-9]\.[0-9]' "$work/stdout" ||
  fail "explain --language fr: decimal comma: $(head -3 "$work/stdout")"
expect_exit 0 "explain --language en" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --language en
grep -Eq '^Score: [0-9]\.[0-9]{3} ' "$work/stdout" || fail "explain --language en: decimal point: $(head -3 "$work/stdout")"
expect_exit 0 "explain --out" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --language en --out "$work/x.json"
grep -q '"candidateId": "'"$cand"'"' "$work/x.json" || fail "explain --out: candidate id"
grep -q '"weights"' "$work/x.json" || fail "explain --out: weights"
grep -q '^Components (value × weight):' "$work/stdout" || fail "explain --language en: English text"
expect_exit 0 "explain --out -" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --out -
head -c 1 "$work/stdout" | grep -q '{' || fail "explain --out -: JSON alone on stdout"
# A pair excluded by a hard constraint lists it, with its sentence.
for o in $(grep -o '"o-[0-9]*"' "$work/r.json" | tr -d '"' | sort -u | head -60); do
  "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$o" --language en >"$work/why.txt" 2>/dev/null || continue
  grep -q 'excluded by a constraint' "$work/why.txt" && break
done
grep -Eq '^  [a-z_]+: .+' "$work/why.txt" && grep -q '^For the candidate: Excluded: ' "$work/why.txt" ||
  fail "explain: an excluded pair names its violations: $(cat "$work/why.txt")"
expect_exit 2 "explain unknown candidate" "$bin" explain --in "$work/r.json" --candidate nobody --opening "$open1" --out "$work/bad.json"
grep -q 'candidate id "nobody" is not in the request' "$work/stderr" || fail "explain unknown candidate: message"
[[ ! -s "$work/stdout" && ! -e "$work/bad.json" ]] || fail "explain unknown candidate: an output was written"
expect_exit 2 "explain unknown opening" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening nowhere
grep -q 'opening id "nowhere" is not in the request' "$work/stderr" || fail "explain unknown opening: message"
expect_exit 2 "explain truncated request" "$bin" explain --in "$work/truncated.json" --candidate "$cand" --opening "$open1"
grep -q "truncated.json" "$work/stderr" || fail "explain truncated: message names the file"
expect_exit 2 "explain invalid request" "$bin" explain --in "$work/negative.json" --candidate "$cand" --opening "$open1"
grep -q 'capacity: -2 must be >= 0' "$work/stderr" || fail "explain invalid request: field path in message"
expect_exit 2 "explain without an opening" "$bin" explain --in "$work/r.json" --candidate "$cand"
expect_exit 2 "explain bad language" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --language de
expect_exit 2 "explain unknown output extension" "$bin" explain --in "$work/r.json" --candidate "$cand" --opening "$open1" --out "$work/x.csv"

# DIMACS min-cost flow: a 4-node problem with a known optimum of 12.
cat >"$work/small.min" <<'DIMACS'
c small test
p min 4 5
n 1 4
n 4 -4
a 1 2 0 4 2
a 1 3 0 2 2
a 2 3 0 2 1
a 2 4 0 3 3
a 3 4 0 5 1
DIMACS
expect_exit 0 "mcf" "$bin" mcf --flows "$work/small.min"
grep -q '^s 14$' "$work/stdout" || fail "mcf optimal cost: $(cat "$work/stdout")"
printf 'p min 2 1\na 1 x 0 1 1\n' >"$work/bad.min"
expect_exit 2 "mcf malformed" "$bin" mcf "$work/bad.min"
grep -qi "line 2" "$work/stderr" || fail "mcf malformed: line number in message"

# Time limits: an answer stopped early says so, or there is none and the
# message names the limit.
expect_exit 0 "generate 2000 x 500" "$bin" generate --region occitanie --candidates 2000 --openings 500 --seed 11 --out "$work/big.json"
expect_exit 0 "match with a time limit" "$bin" match --in "$work/big.json" --out "$work/big-r.json" --max-solve-seconds 1e-9
grep -q 'SOLVE_STATUS_FEASIBLE_NOT_PROVEN' "$work/big-r.json" || fail "time limit: status FEASIBLE_NOT_PROVEN missing"
expect_exit 0 "match without a time limit" "$bin" match --in "$work/big.json" --out "$work/big-o.json"
grep -q 'SOLVE_STATUS_OPTIMAL' "$work/big-o.json" || fail "no time limit: status OPTIMAL missing"
expect_exit 0 "match --network-out" "$bin" match --in "$work/big.json" --out "$work/big-n.json" --network-out "$work/big.min"
expect_exit 0 "mcf on the matcher's network" "$bin" mcf "$work/big.min"
objective=$(grep -o '"objective": *[-0-9.e+]*' "$work/big-n.json" | head -1 | grep -o '[-0-9.e+]*$')
cost=$(grep '^s ' "$work/stdout" | awk '{print $2}')
awk -v o="$objective" -v c="$cost" 'BEGIN { d = o * 1e6 + c; exit !(d < 1 * 1e3 && d > -1e3) }' ||
  fail "network-out: mcf cost $cost does not match the response objective $objective"
expect_exit 2 "network-out in a missing folder" "$bin" match --in "$work/big.json" --out "$work/x.json" --network-out "$work/nope/n.min"
expect_exit 0 "mcf with a time limit" "$bin" mcf --algorithm simplex --time-limit 1e-9 "$work/small.min"
grep -Eq '^s (FEASIBLE [0-9]+|TIME_LIMIT|14)$' "$work/stdout" || fail "mcf time limit: $(cat "$work/stdout")"
expect_exit 0 "mcf on one thread" "$bin" mcf --flows --threads 1 "$work/big.min"
grep -v '^c solve_seconds' "$work/stdout" > "$work/one-thread.out"
expect_exit 0 "mcf on every core" "$bin" mcf --flows "$work/big.min"
grep -v '^c solve_seconds' "$work/stdout" | cmp -s - "$work/one-thread.out" || fail "mcf --threads 0: another answer than on one thread"
expect_exit 2 "mcf with negative threads" "$bin" mcf --threads -1 "$work/big.min"
grep -q -- '--threads' "$work/stderr" || fail "mcf --threads -1: the message does not name --threads"

# Warnings: valid but suspicious input is matched, and said on stderr by
# validate and match (escaped for the terminal); a clean request has none.
expect_exit 0 "validate clean" "$bin" validate --in "$work/r.json"
! grep -q "warning" "$work/stderr" || fail "clean request: warnings printed: $(head -c 300 "$work/stderr")"
! grep -q '"warnings"' "$work/s.json" || fail "clean request: the response has warnings"
W_C='"id":"c1","home":{"latitude":43.6,"longitude":1.44},"rightToWork":"RIGHT_TO_WORK_FULL"'
W_O1='"id":"o\u001b[31m1","kind":"OPENING_KIND_JOB","occupation":"F1703","location":{"latitude":43.6,"longitude":1.43},"capacity":0'
W_O2='"id":"o2","kind":"OPENING_KIND_JOB","occupation":"A0000","location":{"latitude":43.6,"longitude":1.43}'
printf '{"candidates":[{%s}],"openings":[{%s},{%s}],"policy":{"language":"LANGUAGE_ENGLISH"}}\n' \
  "$W_C" "$W_O1" "$W_O2" >"$work/suspicious.json"
for cmd in validate match; do
  if [[ $cmd == validate ]]; then
    expect_exit 0 "validate suspicious" "$bin" validate --in "$work/suspicious.json"
  else
    expect_exit 0 "match suspicious" "$bin" match --in "$work/suspicious.json" --out "$work/suspicious-out.json"
  fi
  grep -q "passerelle $cmd: warning: openings\[0\] (id \"o\\\\x1b\[31m1\").capacity: 0 seats" "$work/stderr" ||
    fail "$cmd: closed opening warning (escaped): $(head -c 600 "$work/stderr")"
  grep -q "warning: openings\[1\] (id \"o2\").occupation: ROME code \"A0000\" is not in the taxonomy" "$work/stderr" ||
    fail "$cmd: unknown occupation warning"
  grep -q "warning: candidates\[0\] (id \"c1\").french_level: no French level given" "$work/stderr" ||
    fail "$cmd: missing French level warning"
  ! grep -q $'\x1b' "$work/stderr" || fail "$cmd: an escape character reached the terminal"
done
grep -q '"WARNING_CODE_CLOSED_OPENING"' "$work/suspicious-out.json" || fail "match: warnings in the response"
# The opening without capacity has one seat, and the candidate got it; the
# closed one is no seat lost to someone else.
grep -q '"filled": 1' "$work/suspicious-out.json" || fail "capacity: an opening without capacity has one seat"
printf '{"candidates":[{%s}],"openings":[{%s}],"policy":{"language":"LANGUAGE_ENGLISH"}}\n' "$W_C" "$W_O1" >"$work/closed.json"
expect_exit 0 "match closed" "$bin" match --in "$work/closed.json" --out "$work/closed-out.json"
grep -q '1 possible opening, but with no open seat (capacity 0)' "$work/closed-out.json" &&
  ! grep -q 'LOST_TO_BETTER_FIT' "$work/closed-out.json" ||
  fail "capacity: a closed opening is given as such, never as lost to a better fit"

# Places without coordinates: INSEE codes, postal codes and communes' names
# resolved when the request is read; validate --resolve --out fills them in.
P_C='"id":"c-%s","home":{%s},"frenchLevel":"CEFR_LEVEL_B1","rightToWork":"RIGHT_TO_WORK_FULL","targetOccupations":["D1102"]'
P_O='"id":"o-1","kind":"OPENING_KIND_JOB","occupation":"D1102","capacity":3,"location":{"place":"Blois (41)"}'
places_request() {  # home1 home2 home3 -> stdout
  printf '{"candidates":[{%s},{%s},{%s}],"openings":[{%s}]}\n' "$(printf "$P_C" 1 "$1")" "$(printf "$P_C" 2 "$2")" \
    "$(printf "$P_C" 3 "$3")" "$P_O"
}
places_request '"inseeCode":"41269"' '"postalCode":"41000","place":"Villebarou"' '"place":"Contres (41)"' >"$work/places.json"
expect_exit 0 "validate places" "$bin" validate --in "$work/places.json"
expect_exit 0 "validate --resolve" "$bin" validate --in "$work/places.json" --resolve --out "$work/places-resolved.json"
# --resolve reads the whole message to write it back, and says which
# commune a former commune is now part of.
grep -q 'note: candidates\[2\] (id "c-3").home: Contres (41, 41059) is a former commune, now part of Le Controis-en-Sologne' \
  "$work/stderr" || fail "validate --resolve: a former commune says which commune it is now part of"
grep -q '"latitude": 47.8013' "$work/places-resolved.json" && grep -q '"inseeCode": "41269"' "$work/places-resolved.json" &&
  [[ $(grep -c '"precision": "GEO_PRECISION_TOWN"' "$work/places-resolved.json") == 4 ]] ||
  fail "validate --resolve: coordinates filled in at town precision, place fields kept"
expect_exit 0 "match places" "$bin" match --in "$work/places.json" --out "$work/places-out.json"
expect_exit 0 "match resolved" "$bin" match --in "$work/places-resolved.json" --out "$work/places-out2.json"
cmp -s "$work/places-out.json" "$work/places-out2.json" || fail "a resolved request gives the same response as its places"
expect_exit 2 "validate --resolve without --out" "$bin" validate --in "$work/places.json" --resolve
places_request '"postalCode":"41120"' '"place":"Blios"' '"inseeCode":"41059","latitude":43.6,"longitude":1.44' \
  >"$work/places-bad.json"
expect_exit 2 "validate bad places" "$bin" validate --in "$work/places-bad.json" --resolve --out "$work/places-bad-out.json"
grep -q 'candidates\[0\] (id "c-1").home.postal_code: postal code 41120 covers 11 communes: ' "$work/stderr" ||
  fail "an ambiguous postal code is refused naming the record, the field and the communes"
grep -q 'candidates\[1\] (id "c-2").home.place: "Blios" is not a commune; closest: Blois (41)' "$work/stderr" ||
  fail "an unknown place is refused with suggestions"
grep -q 'candidates\[2\] (id "c-3").home.insee_code: Le Controis-en-Sologne (41, 41059) is [0-9]* km from the latitude' \
  "$work/stderr" || fail "coordinates far from the place given are refused"
[[ ! -e "$work/places-bad-out.json" ]] || fail "validate --resolve writes nothing for a bad request"
expect_exit 2 "match bad places" "$bin" match --in "$work/places-bad.json" --out "$work/places-bad-out.json"
[[ ! -e "$work/places-bad-out.json" ]] || fail "match writes nothing for a bad place"
# Occupations by title (the whole ROME built in), and a user's taxonomy.
expect_exit 0 "occupations list" "$bin" occupations
[[ $(grep -c '^[A-N][0-9]\{4\}  ' "$work/stdout") == 532 ]] || fail "occupations: lists the 532 ROME sheets"
expect_exit 0 "occupations soudeur" "$bin" occupations soudeur
head -1 "$work/stdout" | grep -q '^H2913  Soudage manuel' || fail "occupations soudeur: H2913 first"
grep -q 'Soudeur / Soudeuse' "$work/stdout" || fail "occupations soudeur: matching titles"
expect_exit 0 "occupations accents" "$bin" occupations MAÇONNE
head -1 "$work/stdout" | grep -q '^F1703' || fail "occupations MAÇONNE: F1703 first"
expect_exit 0 "occupations typo" "$bin" occupations soudeurr
grep -q 'no occupation matches "soudeurr"; closest:' "$work/stdout" && [[ $(wc -l <"$work/stdout") == 4 ]] ||
  fail "occupations typo: three suggestions"
expect_exit 2 "occupations --limit -1" "$bin" occupations soudeur --limit -1
printf 'code,label\n' >"$work/empty-taxonomy.csv"
printf 'code,label,tension\nF1703,Maçonnerie,2\n' >"$work/bad-taxonomy.csv"
{ echo "code,label"; grep -o '"[A-N][0-9]\{4\}"' "$work/r.json" | tr -d '"' | sort -u | sed 's/$/,x/'; } >"$work/flat-taxonomy.csv"
expect_exit 0 "match --taxonomy" "$bin" match --in "$work/r.json" --out "$work/flat.json" --taxonomy "$work/flat-taxonomy.csv"
cmp -s "$work/flat.json" "$work/s.json" && fail "match --taxonomy: a taxonomy without edges changes the response"
expect_exit 0 "validate --taxonomy" "$bin" validate --in "$work/r.json" --taxonomy "$work/flat-taxonomy.csv"
expect_exit 2 "match bad taxonomy" "$bin" match --in "$work/r.json" --out "$work/bad-tax.json" --taxonomy "$work/bad-taxonomy.csv"
grep -q 'bad-taxonomy.csv:2: field tension: "2"' "$work/stderr" || fail "bad taxonomy: names file, line and field"
[[ ! -e $work/bad-tax.json ]] || fail "bad taxonomy: no output"
expect_exit 2 "empty taxonomy" "$bin" validate --in "$work/r.json" --taxonomy "$work/empty-taxonomy.csv"
expect_exit 2 "missing taxonomy" "$bin" explain --in "$work/r.json" --candidate c-000001 --opening o-000001 --taxonomy "$work/nope.csv"

# Outcomes: a history with a known truth, a fit on it, a match with the model.
expect_exit 0 "history" "$bin" history --region occitanie --candidates 800 --openings 200 --placements 3000 --seed 2 --out "$work/h.pb"
expect_exit 0 "history again" "$bin" history --region occitanie --candidates 800 --openings 200 --placements 3000 --seed 2 --out "$work/h2.pb" --threads 1
cmp -s "$work/h.pb" "$work/h2.pb" || fail "history is not byte-identical for a seed and across thread counts"
expect_exit 0 "fit" "$bin" fit --history "$work/h.pb" --out "$work/model.json"
grep -q "selective labels\|étiquettes sélectives" "$work/stderr" || fail "fit warns of selective labels"
grep -q "AUC" "$work/stderr" || fail "fit prints its test AUC"
expect_exit 0 "fit again" "$bin" fit --history "$work/h.pb" --out "$work/model2.json" --threads 1
cmp -s "$work/model.json" "$work/model2.json" || fail "fit is not byte-identical across thread counts"
sha=$(sha256sum "$work/h.pb" | cut -d' ' -f1)
grep -q "\"dataSha256\": *\"$sha\"" "$work/model.json" || fail "fit: dataSha256 is the file's sha256"
expect_exit 0 "fit --test-from" "$bin" fit --history "$work/h.pb" --test-from 2025-07-01 --out "$work/model3.json"
grep -q '"testFrom": *"2025-07-01"' "$work/model3.json" || fail "fit --test-from sets the test period"
expect_exit 2 "fit --test-from before everything" "$bin" fit --history "$work/h.pb" --test-from 2020-01-01 --out "$work/bad-model.json"
[[ ! -e $work/bad-model.json ]] || fail "fit with an empty training set writes nothing"
expect_exit 2 "fit bad date" "$bin" fit --history "$work/h.pb" --test-from 2025-02-30 --out "$work/bad-model.json"
expect_exit 2 "fit missing history" "$bin" fit --history "$work/nope.pb" --out "$work/bad-model.json"
head -c 100000 "$work/h.pb" >"$work/h-truncated.pb"
expect_exit 2 "fit truncated history" "$bin" fit --history "$work/h-truncated.pb" --out "$work/bad-model.json"
grep -q "h-truncated.pb: not a valid binary passerelle.v1.History" "$work/stderr" || fail "fit truncated history: names the file"
expect_exit 2 "fit a request as a history" "$bin" fit --history "$work/r.pb" --out "$work/bad-model.json"
[[ ! -e $work/bad-model.json ]] || fail "fit on a missing history writes nothing"
/usr/bin/python3 - "$work/r.json" "$work/model.json" "$work/rm.json" "$work/rbad.json" <<'PY' || fail "cannot build requests with a model"
import json, sys
r = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))
r["policy"]["scoreModel"] = {"intercept": m["intercept"], "coefficients": m["coefficients"]}
json.dump(r, open(sys.argv[3], "w"))
r["policy"]["scoreModel"]["coefficients"][1]["feature"] = "salary"
json.dump(r, open(sys.argv[4], "w"))
PY
expect_exit 0 "match with a model" "$bin" match --in "$work/rm.json" --out "$work/sm.json"
grep -q '"expectedLasting"' "$work/sm.json" || fail "match with a model: summary.expected_lasting"
expect_exit 0 "match with a model, audited" "$bin" match --in "$work/rm.json" --out "$work/sm2.json" \
  --audit-log "$work/model-audit.jsonl"
grep -q '"model":{"intercept":' "$work/model-audit.jsonl" || fail "audit record names the model in force"
expect_exit 0 "match without a model, audited" "$bin" match --in "$work/r.json" --out "$work/s2.json" \
  --audit-log "$work/model-audit.jsonl"
[[ $(grep -c '"model":null' "$work/model-audit.jsonl") == 1 ]] || fail "audit record without a model: null"
expect_exit 0 "audit verify" "$bin" audit verify "$work/model-audit.jsonl"
grep -q '"lastingProbability"' "$work/sm.json" || fail "match with a model: placements' lasting_probability"
grep -q "probabilité estimée d'emploi durable" "$work/sm.json" || fail "match with a model: explanations say the probability"
grep -q '"expectedLasting"' "$work/s.json" && fail "match without a model has no expected_lasting"
expect_exit 2 "match with a bad model" "$bin" match --in "$work/rbad.json" --out "$work/bad.json"
grep -q 'policy.score_model.coefficients\[1\].feature: "salary"' "$work/stderr" || fail "bad model: field path"
# Backtest: history, greedy and optimum under the model, by quarter.
expect_exit 0 "backtest" "$bin" backtest --history "$work/h.pb" --model "$work/model.json" --period quarter \
  --bootstrap 100 --out "$work/bt.json"
grep -q "^total" "$work/stdout" || fail "backtest prints a total line"
grep -q '"optimalGain"' "$work/bt.json" || fail "backtest --out .json: a BacktestReport"
grep -q "\"historySha256\": *\"$sha\"" "$work/bt.json" || fail "backtest: the history's sha256"
expect_exit 0 "backtest csv" "$bin" backtest --history "$work/h.pb" --model "$work/model.json" --period all \
  --bootstrap 0 --out "$work/bt.csv"
[[ $(grep -c '^cohort,all,' "$work/bt.csv") == 1 ]] || fail "backtest --period all: one cohort"
expect_exit 0 "backtest html" "$bin" backtest --history "$work/h.pb" --model "$work/model.json" --bootstrap 50 \
  --out "$work/bt.html"
grep -q "<svg" "$work/bt.html" && grep -q "<td>total</td>" "$work/bt.html" || fail "backtest --out .html: chart and table"
grep -qi "<script" "$work/bt.html" && fail "backtest --out .html runs no script"
expect_exit 2 "backtest bad period" "$bin" backtest --history "$work/h.pb" --model "$work/model.json" --period week
expect_exit 2 "backtest empty window" "$bin" backtest --history "$work/h.pb" --model "$work/model.json" \
  --from 2030-01-01 --out "$work/bt-empty.json"
[[ ! -e $work/bt-empty.json ]] || fail "backtest with no placement writes nothing"
expect_exit 2 "backtest bad model" "$bin" backtest --history "$work/h.pb" --model "$work/rbad.json"
[[ ! -e $work/bad.json ]] || fail "bad model: no output"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "cli_test: all checks passed"
