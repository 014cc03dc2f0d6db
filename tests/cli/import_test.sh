#!/usr/bin/env bash
# End-to-end tests of `passerelle import`: the templates import and match;
# a bad sheet exits 2 with file:line: column messages and writes nothing;
# Windows-1252 and comma-separated sheets read like the templates.
# Usage: import_test.sh PATH/TO/passerelle PATH/TO/examples/spreadsheet
set -uo pipefail
bin=$1
sheets=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_exit() {  # expected-code description command...
  local want=$1 what=$2; shift 2
  "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  [[ $got == "$want" ]] || fail "$what: exit $got, want $want; stderr: $(head -c 600 "$work/stderr")"
}

expect_exit 0 "import --help" "$bin" import --help
grep -q "Usage: passerelle import" "$work/stdout" || fail "import --help prints usage"

# The templates import, and the request matches.
expect_exit 0 "import templates" "$bin" import --candidates "$sheets/candidats.csv" --openings "$sheets/offres.csv" \
  --employers "$sheets/employeurs.csv" --out "$work/r.json"
grep -q "18 candidates, 18 openings, 11 employers" "$work/stderr" || fail "import says what it read"
grep -q "candidats.csv:5: Contres (41, 41059) is a former commune" "$work/stderr" || fail "former commune noted with its line"
expect_exit 0 "match imported" "$bin" match --in "$work/r.json" --out "$work/s.json"
grep -q '"placements"' "$work/s.json" || fail "imported request places someone"
# ... and export a report for counsellors (issue 19: templates import, match and export).
expect_exit 0 "export imported" "$bin" export --request "$work/r.json" --response "$work/s.json" --out "$work/report.csv"
grep -q "Amina Haidari" "$work/report.csv" || fail "the report names the people of the sheet"
# Same bytes for the same sheets; binary and text outputs by extension.
expect_exit 0 "import again" "$bin" import --candidates "$sheets/candidats.csv" --openings "$sheets/offres.csv" \
  --employers "$sheets/employeurs.csv" --out "$work/r2.json"
cmp -s "$work/r.json" "$work/r2.json" || fail "import is not byte-identical"
expect_exit 0 "import binary" "$bin" import --candidates "$sheets/candidats.csv" --openings "$sheets/offres.csv" \
  --out "$work/r.pb"
expect_exit 0 "match binary" "$bin" match --in "$work/r.pb" --out "$work/s2.json"

# A policy file is carried into the request.
printf '{"shortlistSize": 3}\n' >"$work/policy.json"
expect_exit 0 "import with policy" "$bin" import --candidates "$sheets/candidats.csv" --openings "$sheets/offres.csv" \
  --employers "$sheets/employeurs.csv" --policy "$work/policy.json" --out "$work/rp.json"
grep -q '"shortlistSize": 3' "$work/rp.json" || fail "policy carried into the request"

# --departement: homonyms resolved in the sheet's département.
printf 'id;droit_travail;commune\nc1;oui;Saint-Aignan\n' >"$work/homonym.csv"
expect_exit 2 "homonym" "$bin" import --candidates "$work/homonym.csv" --openings "$sheets/offres.csv" --out "$work/h.json"
grep -q 'homonym.csv:2: column commune: "Saint-Aignan" names 6 communes' "$work/stderr" || fail "homonym refused"
expect_exit 0 "homonym with --departement" "$bin" import --candidates "$work/homonym.csv" \
  --openings "$sheets/offres.csv" --departement 41 --out "$work/h.json"
grep -q '"place": "Saint-Aignan (41)"' "$work/h.json" || fail "--departement: the place written with its département"
expect_exit 2 "bad --departement" "$bin" import --candidates "$work/homonym.csv" --openings "$sheets/offres.csv" \
  --departement 999 --out "$work/h2.json"
[[ ! -e "$work/h2.json" ]] || fail "bad --departement: an output was written"

# The policy is checked with the sheets: a pin naming nobody is refused.
printf '{"pins": [{"candidateId": "nobody", "openingId": "o01"}]}\n' >"$work/bad-policy.json"
expect_exit 2 "policy pin to nobody" "$bin" import --candidates "$sheets/candidats.csv" --openings "$sheets/offres.csv" \
  --employers "$sheets/employeurs.csv" --policy "$work/bad-policy.json" --out "$work/bp.json"
grep -q 'policy.pins\[0\]' "$work/stderr" || fail "policy problem named"
[[ ! -e "$work/bp.json" ]] || fail "bad policy: an output was written"

# Windows-1252, comma-separated, no BOM: the same request as the UTF-8 template.
/usr/bin/python3 - "$sheets/candidats.csv" "$work/cp1252.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read()), delimiter=";"))
out = io.StringIO()
csv.writer(out, delimiter=",", lineterminator="\r\n").writerows(rows)
open(sys.argv[2], "wb").write(out.getvalue().encode("cp1252"))
PY
expect_exit 0 "import cp1252" "$bin" import --candidates "$work/cp1252.csv" --openings "$sheets/offres.csv" \
  --employers "$sheets/employeurs.csv" --out "$work/r3.json"
# Only the file name in warnings differs; the request is the same.
cmp -s "$work/r.json" "$work/r3.json" || fail "a Windows-1252 comma-separated copy gives another request"

# Bad cells: exit 2, every problem with file:line: column, nothing written.
{
  printf '\xef\xbb\xbfid;nom;commune;niveau_francais;droit_travail;metier_vise\r\n'
  printf 'b1;Ali;Contres (41);B7;oui;soudeur à l arc électrique\r\n'
  printf 'b2;Zara;41120;A2;peut-être;aide à domicile\r\n'
} >"$work/bad.csv"
expect_exit 2 "import bad cells" "$bin" import --candidates "$work/bad.csv" --openings "$sheets/offres.csv" \
  --out "$work/bad.json"
grep -q 'bad.csv:2: column niveau_francais: "B7" is not a CEFR level (A1…C2, or none)' "$work/stderr" \
  || fail "CEFR problem with file, line and column"
grep -q 'bad.csv:3: column droit_travail: "peut-être" is not a right to work' "$work/stderr" \
  || fail "second bad cell reported in the same run"
grep -q 'bad.csv:3: column commune: "41120" is not a commune' "$work/stderr" || fail "third bad cell reported"
[[ ! -e "$work/bad.json" ]] || fail "bad cells: an output was written"
expect_exit 2 "missing sheet" "$bin" import --candidates "$work/nope.csv" --openings "$sheets/offres.csv" \
  --out "$work/bad.json"
[[ ! -e "$work/bad.json" ]] || fail "missing sheet: an output was written"
expect_exit 2 "unknown output extension" "$bin" import --candidates "$sheets/candidats.csv" \
  --openings "$sheets/offres.csv" --out "$work/r.csv"
expect_exit 2 "no openings" "$bin" import --candidates "$sheets/candidats.csv" --out "$work/bad.json"

if ((failures)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "import_test: all passed"
