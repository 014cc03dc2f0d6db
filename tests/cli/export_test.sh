#!/usr/bin/env bash
# End-to-end tests of `passerelle export`: the three formats, same bytes on
# every run, --lang, and bad input (exit 2, a message naming the record or
# the option, nothing written). Usage: export_test.sh PATH/TO/passerelle REQUEST.json
set -uo pipefail
bin=$1
request=$2
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

expect_exit 0 "export --help" "$bin" export --help
grep -q "Usage: passerelle export" "$work/stdout" || fail "export --help prints usage"
"$bin" --help | grep -q "export" || fail "passerelle --help lists export"

expect_exit 0 "match" "$bin" match --in "$request" --out "$work/s.json"
for ext in csv html xlsx; do
  expect_exit 0 "export .$ext" "$bin" export --request "$request" --response "$work/s.json" --out "$work/report.$ext"
  # A second later: nothing in a report depends on the time.
  sleep 1.1
  expect_exit 0 "export .$ext again" "$bin" export -r "$request" -s "$work/s.json" -o "$work/again.$ext"
  cmp -s "$work/report.$ext" "$work/again.$ext" || fail ".$ext is not byte-identical across runs"
  [[ ! -s "$work/stdout" ]] || fail "export .$ext prints on stdout"
done
[[ $(head -c 3 "$work/report.csv" | od -An -tx1 | tr -d ' ') == efbbbf ]] || fail "CSV starts with a UTF-8 BOM"
head -1 "$work/report.csv" | grep -q "^.Personne;Identifiant;" || fail "CSV: French headers, ';' separated"
head -c 15 "$work/report.html" | grep -q "<!DOCTYPE html>" || fail "HTML starts with a doctype"
[[ $(head -c 2 "$work/report.xlsx") == PK ]] || fail "XLSX is a zip"
expect_exit 0 "export --lang en" "$bin" export -r "$request" -s "$work/s.json" -o "$work/en.csv" --lang en
head -1 "$work/en.csv" | grep -q "Person;Id;" || fail "--lang en: English headers"
expect_exit 0 "export a binary response" "$bin" match --in "$request" --out "$work/s.pb"
expect_exit 0 "export from .pb" "$bin" export -r "$request" -s "$work/s.pb" -o "$work/from-pb.csv"
cmp -s "$work/report.csv" "$work/from-pb.csv" || fail "a binary response gives another CSV"

# A response of another request: exit 2, the record named, nothing written,
# an earlier report left as it was.
"$bin" generate --region loir-et-cher --candidates 40 --openings 10 --seed 5 --out "$work/other.json" >/dev/null
expect_exit 0 "match other" "$bin" match --in "$work/other.json" --out "$work/other-s.json"
cp "$work/report.html" "$work/kept.html"
expect_exit 2 "response of another request" "$bin" export -r "$request" -s "$work/other-s.json" -o "$work/kept.html"
grep -qE 'placements\[[0-9]+\]\.(candidate|opening)_id: "[^"]*" is not' "$work/stderr" ||
  fail "mismatch: message names the record ($(head -c 300 "$work/stderr"))"
cmp -s "$work/report.html" "$work/kept.html" || fail "mismatch: the earlier report was changed"
for ext in csv html xlsx; do
  expect_exit 2 "mismatch .$ext" "$bin" export -r "$request" -s "$work/other-s.json" -o "$work/bad.$ext"
  [[ ! -e "$work/bad.$ext" ]] || fail "mismatch: bad.$ext was written"
done
expect_exit 2 "unknown extension" "$bin" export -r "$request" -s "$work/s.json" -o "$work/bad.pdf"
grep -q ".csv, .xlsx or .html" "$work/stderr" || fail "unknown extension: message lists the formats"
[[ ! -e "$work/bad.pdf" ]] || fail "unknown extension: a file was written"
expect_exit 2 "bad --lang" "$bin" export -r "$request" -s "$work/s.json" -o "$work/bad.csv" --lang de
[[ ! -e "$work/bad.csv" ]] || fail "bad --lang: a file was written"
expect_exit 2 "missing response" "$bin" export -r "$request" -s "$work/nope.json" -o "$work/bad.csv"
grep -q "nope.json" "$work/stderr" || fail "missing response: message names the file"
expect_exit 2 "missing --response" "$bin" export -r "$request" -o "$work/bad.csv"
printf '{"placements": [' >"$work/truncated.json"
expect_exit 2 "truncated response" "$bin" export -r "$request" -s "$work/truncated.json" -o "$work/bad.csv"
[[ ! -e "$work/bad.csv" ]] || fail "bad input: a file was written"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "export: all checks passed"
