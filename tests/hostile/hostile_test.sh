#!/usr/bin/env bash
# The hostile-input catalogue (docs/hostile-input.md), as a test.
#
# Each case runs one `passerelle` entry point (generate, match, validate,
# mcf) on one kind of bad input and checks what the user sees:
# - exit 2 (bad input or usage), never 1 (internal error), never a signal
#   (crash, sanitizer abort) and never a hang (HOSTILE_TIMEOUT seconds);
# - a message on stderr matching the case's pattern, which names the record
#   and field (requests), the line (DIMACS, region files) or the option;
# - nothing written: no output file, no temporary file left behind, nothing
#   on stdout for `mcf`, and an existing output file left untouched.
# Every case also runs under a memory cap (4 GB of address space, or
# ASan's max_allocation_size_mb when the binary is instrumented), so a huge
# declared size cannot take the machine down.
#
# Cases marked `known_bug` document a bug that is not fixed yet: they must
# still not crash or write anything, and the suite fails if they start
# passing (so that the marker and the catalogue get updated).
#
# Usage: hostile_test.sh PATH/TO/passerelle [CASE-ID-REGEX]
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
only=${2:-}
timeout_s=${HOSTILE_TIMEOUT:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p out

# grep reads all its input (no -q): with pipefail, an early exit would
# SIGPIPE ldd or nm and make the pipeline fail although the match was found.
if ldd "$bin" 2>/dev/null | grep libasan >/dev/null || nm "$bin" 2>/dev/null | grep __asan_init >/dev/null; then
  asan=1
else
  asan=0
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=4096

cases=0
failures=0
known=0
declare -A known_bugs=()
# known_bug ID WHY: case ID currently fails its check for the reason given.
known_bug() { known_bugs[$1]=$2; }

# hostile ID PATTERN -- COMMAND...
# Runs COMMAND (with `out/` as the only place it may write) and checks the
# contract above. PATTERN is an extended regular expression for stderr.
hostile() {
  local id=$1 pattern=$2
  shift 3
  [[ -z $only || $id =~ $only ]] || return 0
  cases=$((cases + 1))
  rm -rf out && mkdir out
  echo "previous contents" >out/existing.json
  local code
  if [[ $asan == 1 ]]; then
    timeout "$timeout_s" "$@" >stdout 2>stderr
  else
    (ulimit -v 4194304; exec timeout "$timeout_s" "$@") >stdout 2>stderr
  fi
  code=$?
  local problems=()
  if [[ $code == 124 ]]; then
    problems+=("hang: no answer within ${timeout_s}s")
  elif [[ $code -ge 128 ]]; then
    problems+=("killed by signal $((code - 128)) (crash or sanitizer abort)")
  elif [[ $code != 2 ]]; then
    problems+=("exit $code, want 2")
  fi
  grep -Eq -- "$pattern" stderr || problems+=("stderr does not match /$pattern/")
  # Memory errors, leaks and undefined behaviour. (Under ASan, running out of
  # memory is also an ASan report; it counts as exit 1, not as a memory error.)
  grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' stderr |
    grep -Evq 'out of memory|allocation-size-too-big|requested allocation size' && problems+=("sanitizer report")
  local written
  written=$(find out -mindepth 1 ! -name existing.json -printf '%P ')
  [[ -z $written ]] || problems+=("wrote: $written")
  [[ $(cat out/existing.json) == "previous contents" ]] || problems+=("existing output file modified")
  local arg
  for arg in "$@"; do
    if [[ $arg == mcf ]]; then
      [[ ! -s stdout ]] || problems+=("mcf printed a partial answer on stdout")
    fi
  done
  local why=${known_bugs[$id]:-}
  if [[ ${#problems[@]} -eq 0 ]]; then
    if [[ -n $why ]]; then
      echo "FIXED? $id passes but is marked known_bug ($why): remove the marker and update docs/hostile-input.md"
      failures=$((failures + 1))
    else
      echo "ok   $id: $(head -c 160 stderr | tr '\n' ' ')"
    fi
    return 0
  fi
  # A known bug may give the wrong exit code or message (or be accepted and
  # answered), but never crash, hang, or leave a partial output.
  local fatal=0
  for p in "${problems[@]}"; do
    [[ $p == killed* || $p == hang* || $p == existing* || $p == sanitizer* ]] && fatal=1
    [[ $code != 0 && ( $p == wrote* || $p == mcf* ) ]] && fatal=1
  done
  if [[ -n $why && $fatal == 0 ]]; then
    known=$((known + 1))
    echo "KNOWN BUG $id ($why): ${problems[*]}"
  else
    failures=$((failures + 1))
    echo "FAIL $id: ${problems[*]}"
    echo "     command: $*"
    echo "     stderr: $(head -c 600 stderr)"
  fi
}

# ---- inputs --------------------------------------------------------------
# A small valid request in JSON; cases replace one part of it.
C='"id":"c1","home":{"latitude":43.6,"longitude":1.44},"french_level":"CEFR_LEVEL_B1","right_to_work":"RIGHT_TO_WORK_FULL"'
O='"id":"o1","employer_id":"e1","kind":"OPENING_KIND_JOB","occupation":"F1703","location":{"latitude":43.6,"longitude":1.43},"capacity":2'
E='"id":"e1","name":"BTP Sud"'
# request CANDIDATE_FIELDS OPENING_FIELDS [EMPLOYERS] [POLICY]: prints JSON.
request() {
  printf '{"candidates":[{%s}],"openings":[{%s}],"employers":[%s],"policy":{%s}}\n' "$1" "$2" "${3:-{$E\}}" "${4:-}"
}
request "$C" "$O" >valid.json
"$bin" validate --in valid.json >/dev/null 2>&1 || { echo "FAIL: the base request is not valid"; exit 1; }
"$bin" generate --region occitanie --candidates 60 --openings 20 --seed 8 --out gen.json >/dev/null 2>&1 &&
  "$bin" generate --region occitanie --candidates 60 --openings 20 --seed 8 --out gen.pb >/dev/null 2>&1 &&
  "$bin" generate --region occitanie --candidates 60 --openings 20 --seed 8 --out gen.txtpb >/dev/null 2>&1 ||
  { echo "FAIL: generate"; exit 1; }
# Deterministic pseudo-random bytes (no file in the repository needed).
random_bytes() { LC_ALL=C awk -v n="$1" -v s="$2" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%c", 1 + int(rand() * 255) }'; }
cat >small.min <<'DIMACS'
c optimum 14
p min 4 5
n 1 4
n 4 -4
a 1 2 0 4 2
a 1 3 0 2 2
a 2 3 0 2 1
a 2 4 0 3 3
a 3 4 0 5 1
DIMACS
"$bin" mcf small.min >/dev/null 2>&1 || { echo "FAIL: the base DIMACS file does not solve"; exit 1; }
# dimacs LINES...: a file with the given lines.
dimacs() { printf '%s\n' "$@"; }

M=("$bin" match --out out/r.json)
V=("$bin" validate --in)
MCF=("$bin" mcf)

# Known bugs (see docs/hostile-input.md, "Open bugs").

# ---- A. empty file ---------------------------------------------------------
: >empty.json; : >empty.pb; : >empty.txtpb; : >empty.min; printf ' \n\t\n' >blank.json
hostile A1 'empty.json: empty file' -- "${M[@]}" --in empty.json
hostile A2 'empty.pb: empty file' -- "${V[@]}" empty.pb
hostile A3 'empty.txtpb: empty file' -- "${V[@]}" empty.txtpb
hostile A4 'blank.json: empty file' -- "${M[@]}" --in blank.json
hostile A5 "empty.min: line 0: no 'p min N M' line" -- "${MCF[@]}" empty.min
hostile A6 '<stdin>|-: empty file|empty' -- sh -c '"$0" match --in - --out out/r.json </dev/null' "$bin"
hostile A7 'empty.txtpb: empty file' -- "${M[@]}" --in empty.txtpb

# ---- B. random bytes -------------------------------------------------------
random_bytes 4096 1 >random.json; random_bytes 4096 2 >random.pb; random_bytes 4096 3 >random.txtpb
random_bytes 4096 4 >random.min
hostile B1 'random.json: not a valid passerelle.v1.MatchRequest in JSON' -- "${M[@]}" --in random.json
hostile B2 'random.pb: not a valid binary passerelle.v1.MatchRequest' -- "${M[@]}" --in random.pb
hostile B3 'random.txtpb: not a valid passerelle.v1.MatchRequest in text format: line [0-9]+, column [0-9]+' -- "${V[@]}" random.txtpb
hostile B4 'random.min: line 1: unknown record' -- "${MCF[@]}" random.min
hostile B5 'random.pb: not a valid binary' -- "${V[@]}" random.pb

# ---- C. truncated file -----------------------------------------------------
head -c "$(( $(wc -c <gen.json) / 2 ))" gen.json >cut.json
head -c "$(( $(wc -c <gen.pb) / 2 ))" gen.pb >cut.pb
head -c "$(( $(wc -c <gen.txtpb) / 2 ))" gen.txtpb >cut.txtpb
head -n 6 small.min >cut.min
head -c 53 small.min >cut-mid-line.min
hostile C1 'cut.json: not a valid passerelle.v1.MatchRequest in JSON' -- "${M[@]}" --in cut.json
hostile C2 'cut.pb: not a valid binary passerelle.v1.MatchRequest \(truncated or corrupt at byte [0-9]+ of [0-9]+\)' -- "${M[@]}" --in cut.pb
hostile C3 'cut.txtpb: not a valid passerelle.v1.MatchRequest in text format: line [0-9]+' -- "${M[@]}" --in cut.txtpb
hostile C4 'cut.min: line 6: found 2 arcs, but line 2 declares 5' -- "${MCF[@]}" cut.min
hostile C5 'cut-mid-line.min: line [0-9]+: ' -- "${MCF[@]}" cut-mid-line.min
hostile C6 'cut.json' -- "${V[@]}" cut.json

# ---- D. wrong types --------------------------------------------------------
# (Replaced, not repeated: a repeated key of an optional field is refused as
# such, before its value is read.)
request "$C" "${O/\"capacity\":2/\"capacity\":\"many\"}" >d-string.json
request "$C" "${O/\"capacity\":2/\"capacity\":1.5}" >d-fraction.json
request "$C,\"age\":true" "$O" >d-bool.json
printf '{"candidates":"c1"}' >d-scalar-list.json
printf 'openings { id: "o1" capacity: "two" }\n' >d-text.txtpb
printf '\010\005' >d-wiretype.pb  # field 1 (candidates, a message) sent as a varint
dimacs 'p min 2 1' 'a 1 x 0 1 1' >d-dimacs.min
dimacs 'p min 2.5 1' >d-dimacs-count.min
hostile D1 'openings\[0\]\.capacity.*"many"' -- "${M[@]}" --in d-string.json
hostile D2 'openings\[0\]\.capacity.*1\.5' -- "${V[@]}" d-fraction.json
hostile D3 'candidates\[0\]\.age' -- "${V[@]}" d-bool.json
hostile D4 'd-scalar-list.json: not a valid .* in JSON' -- "${V[@]}" d-scalar-list.json
hostile D5 'd-text.txtpb: .*line 1, column [0-9]+: .*(integer|Integer)' -- "${M[@]}" --in d-text.txtpb
hostile D6 'd-wiretype.pb: not a valid binary' -- "${M[@]}" --in d-wiretype.pb
hostile D7 "d-dimacs.min: line 2: head 'x' is not an integer" -- "${MCF[@]}" d-dimacs.min
hostile D8 "d-dimacs-count.min: line 1: node count '2.5' is not an integer" -- "${MCF[@]}" d-dimacs-count.min

# ---- E. unknown enum names, unknown fields, unspecified enums --------------
request "$C" "$O" "{$E}" '"language":"LANGUAGE_KLINGON"' >e-policy.json
request "$C" "${O/OPENING_KIND_JOB/OPENING_KIND_NOPE}" >e-json.json
request "$C" "${O/\"OPENING_KIND_JOB\"/99}" >e-number.json
request "$C,\"favourite_colour\":\"blue\"" "$O" >e-field.json
printf 'openings { id: "o1" kind: OPENING_KIND_NOPE }\n' >e-text.txtpb
dimacs 'p max 2 0' >e-dimacs.min
dimacs 'p min 2 0' 'x 1 2' >e-record.min
hostile E1 'openings\[0\]\.kind.*OPENING_KIND_NOPE' -- "${M[@]}" --in e-json.json
hostile E2 'policy\.language.*LANGUAGE_KLINGON' -- "${V[@]}" e-policy.json
hostile E3 'openings\[0\] \(id "o1"\)\.kind: 99 is not an opening kind' -- "${M[@]}" --in e-number.json
hostile E4 'candidates\[0\].*favourite_colour' -- "${V[@]}" e-field.json
# E5 (a candidate without a French level) is valid: read as none,
# with a warning (tests/cli/cli_test.sh).
hostile E6 'e-text.txtpb: .*line 1, column [0-9]+: .*OPENING_KIND_NOPE.*kind' -- "${V[@]}" e-text.txtpb
hostile E7 "e-dimacs.min: line 1: problem type 'max' is not 'min'" -- "${MCF[@]}" e-dimacs.min
hostile E8 "e-record.min: line 2: unknown record 'x'" -- "${MCF[@]}" e-record.min
hostile E9 "--algorithm: 'fastest' is not one of" -- "${MCF[@]}" --algorithm fastest small.min

# ---- F. duplicate or missing ids -------------------------------------------
printf '{"candidates":[{%s},{%s}],"openings":[{%s}],"employers":[{%s}]}' "$C" "$C" "$O" "$E" >f-dup.json
request "$C" "${O/\"id\":\"o1\",/}" >f-missing.json
request "$C" "$O" "{$E},{$E}" >f-dup-employer.json
dimacs 'p min 2 0' 'n 1 3' 'n 1 -3' >f-dimacs.min
dimacs 'p min 2 0' 'p min 3 0' >f-second-p.min
hostile F1 'candidates\[1\] \(id "c1"\)\.id: duplicate of candidates\[0\]' -- "${M[@]}" --in f-dup.json
hostile F2 'openings\[0\]\.id: missing' -- "${V[@]}" f-missing.json
hostile F3 'employers\[1\] \(id "e1"\)\.id: duplicate of employers\[0\]' -- "${V[@]}" f-dup-employer.json
hostile F4 'f-dimacs.min: line 3: supply of node 1 already given on line 2' -- "${MCF[@]}" f-dimacs.min
hostile F5 "f-second-p.min: line 2: second 'p' line" -- "${MCF[@]}" f-second-p.min

# ---- G. dangling references ------------------------------------------------
request "$C" "${O/\"e1\"/\"nope\"}" >g-employer.json
request "$C" "$O" "{$E}" '"pins":[{"candidate_id":"ghost","opening_id":"o1"}]' >g-pin.json
request "$C" "$O" "{$E}" '"bans":[{"candidate_id":"c1","opening_id":"ghost"}]' >g-ban.json
request "$C" "$O" "{$E}" '"locks":[{"candidate_id":"a","opening_id":"b"}]' >g-lock.json
request "$C" "${O/F1703/XYZ}" >g-occupation.json
dimacs 'p min 4 1' 'a 1 9 0 1 1' >g-dimacs.min
dimacs 'p min 4 0' 'n 0 1' >g-dimacs-node.min
hostile G1 'openings\[0\] \(id "o1"\)\.employer_id: "nope" is not in employers' -- "${M[@]}" --in g-employer.json
hostile G2 'policy\.pins\[0\]\.candidate_id: "ghost" is not in candidates' -- "${M[@]}" --in g-pin.json
hostile G3 'policy\.bans\[0\]\.opening_id: "ghost" is not in openings' -- "${V[@]}" g-ban.json
hostile G4 'policy\.locks\[0\]\.candidate_id.*policy\.locks\[0\]\.opening_id|policy\.locks\[0\]\.opening_id' -- "${V[@]}" g-lock.json
hostile G5 'openings\[0\] \(id "o1"\)\.occupation: "XYZ" is not a ROME code' -- "${M[@]}" --in g-occupation.json
hostile G6 'g-dimacs.min: line 2: head 9 is not in 1\.\.4' -- "${MCF[@]}" g-dimacs.min
hostile G7 'g-dimacs-node.min: line 2: node id 0 is not in 1\.\.4' -- "${MCF[@]}" g-dimacs-node.min

# ---- H. NaN, infinite and out-of-range numbers -----------------------------
request "${C/43.6/\"NaN\"}" "$O" >h-nan.json
request "${C/1.44/\"-Infinity\"}" "$O" >h-inf.json
request "${C/43.6/91}" "$O" >h-latitude.json
request "$C" "$O,\"tension\":1.5" >h-tension.json
request "$C,\"age\":300" "$O" >h-age.json
request "$C,\"priority\":-1" "$O" >h-priority.json
request "$C,\"priority\":1e300" "$O" >h-priority-huge.json
request "$C,\"skills\":[{\"code\":\"x\",\"level\":2}]" "$O" >h-skill.json
request "$C" "$O" "{$E}" '"weights":{"skills":-1}' >h-weight.json
request "$C" "$O" "{$E}" '"unplaced_penalty":"Infinity"' >h-penalty.json
request "$C,\"mobility\":{\"max_commute_minutes\":-5}" "$O" >h-commute.json
request "$C,\"available_from\":\"2026-13-45\"" "$O" >h-date.json
request "$C" "$O" "{$E}" '"detour_factor":1e999' >h-overflow-literal.json
printf 'candidates { id: "c1" home { latitude: nan longitude: 1 } }\n' >h-text.txtpb
dimacs 'p min 2 1' 'a 1 2 0 1 99999999999999999999' >h-dimacs.min
hostile H1 'candidates\[0\] \(id "c1"\)\.home\.latitude: NaN must be a finite number in \[-90, 90\]' -- "${M[@]}" --in h-nan.json
hostile H2 'candidates\[0\] \(id "c1"\)\.home\.longitude: -inf must be a finite number' -- "${V[@]}" h-inf.json
hostile H3 'candidates\[0\] \(id "c1"\)\.home\.latitude: 91 must be' -- "${V[@]}" h-latitude.json
hostile H4 'openings\[0\] \(id "o1"\)\.tension: 1\.5 must be a finite number in \[0, 1\]' -- "${M[@]}" --in h-tension.json
hostile H5 'candidates\[0\] \(id "c1"\)\.age: 300 must be in \[0, 120\]' -- "${V[@]}" h-age.json
hostile H6 'candidates\[0\] \(id "c1"\)\.priority: -1 must be' -- "${V[@]}" h-priority.json
hostile H7 'candidates\[0\] \(id "c1"\)\.priority' -- "${M[@]}" --in h-priority-huge.json
hostile H8 'candidates\[0\] \(id "c1"\)\.skills\[0\]\.level: 2 must be in \(0, 1\]' -- "${V[@]}" h-skill.json
hostile H9 'policy\.weights\.skills: -1 must be' -- "${M[@]}" --in h-weight.json
hostile H10 'policy\.unplaced_penalty: inf must be' -- "${V[@]}" h-penalty.json
hostile H11 'candidates\[0\] \(id "c1"\)\.mobility\.max_commute_minutes: -5 must be in \[0, 1440\]' -- "${V[@]}" h-commute.json
hostile H12 'candidates\[0\] \(id "c1"\)\.available_from: "2026-13-45" is not a date' -- "${M[@]}" --in h-date.json
hostile H13 'h-overflow-literal.json: not a valid .* in JSON: Number exceeds the range of double' -- "${V[@]}" h-overflow-literal.json
hostile H14 'candidates\[0\] \(id "c1"\)\.home\.latitude: NaN' -- "${V[@]}" h-text.txtpb
hostile H15 "h-dimacs.min: line 2: cost '99999999999999999999' is out of the 64-bit range" -- "${MCF[@]}" h-dimacs.min

# ---- I. negative capacities ------------------------------------------------
request "$C" "${O/\"capacity\":2/\"capacity\":-2}" >i-capacity.json
request "$C" "$O" "{$E,\"max_candidates\":-1}" >i-employer.json
request "$C" "$O" "{$E}" '"max_candidates_per_employer":-3' >i-policy.json
dimacs 'p min 2 1' 'a 1 2 0 -5 1' >i-dimacs.min
dimacs 'p min 2 1' 'a 1 2 -1 5 1' >i-dimacs-lower.min
hostile I1 'openings\[0\] \(id "o1"\)\.capacity: -2 must be >= 0' -- "${M[@]}" --in i-capacity.json
hostile I2 'employers\[0\] \(id "e1"\)\.max_candidates: -1 must be >= 0' -- "${V[@]}" i-employer.json
hostile I3 'policy\.max_candidates_per_employer: -3 must be >= 0' -- "${M[@]}" --in i-policy.json
hostile I4 'i-dimacs.min: line 2: capacity -5 is below lower bound 0' -- "${MCF[@]}" i-dimacs.min
hostile I5 'i-dimacs-lower.min: line 2: lower bound -1 is negative' -- "${MCF[@]}" i-dimacs-lower.min

# ---- J. numbers that would overflow 64-bit arithmetic (DIMACS) -------------
dimacs 'p min 2 1' 'a 1 2 0 1 4611686018427387905' >j-cost.min
dimacs 'p min 2 1' 'a 1 2 0 9223372036854775808 1' >j-capacity.min
dimacs 'p min 2 1' 'n 1 5' 'n 2 -5' 'a 1 2 0 4611686018427387904 4611686018427387904' >j-product.min
dimacs 'p min 2 0' 'n 1 -9223372036854775808' >j-supply.min
dimacs 'p min 3 2' 'n 1 2' 'n 3 -2' 'a 1 2 0 3000000000000000000 3' 'a 2 3 0 3000000000000000000 3' >j-sum.min
hostile J1 'j-cost.min: line 2: cost\[0\]: 4611686018427387905 exceeds 2\^62' -- "${MCF[@]}" j-cost.min
hostile J2 "j-capacity.min: line 2: capacity '9223372036854775808' is out of the 64-bit range" -- "${MCF[@]}" j-capacity.min
hostile J3 'j-product.min: costs times capacities could exceed 2\^62' -- "${MCF[@]}" j-product.min
hostile J4 'j-supply.min: line 2: supply\[0\]: -9223372036854775808 exceeds 2\^62' -- "${MCF[@]}" j-supply.min
hostile J5 'j-sum.min: costs times capacities could exceed 2\^62' -- "${MCF[@]}" --flows --check j-sum.min

# ---- K. huge declared sizes with little data -------------------------------
dimacs 'p min 2000000000 1' 'a 1 2 0 1 1' >k-nodes.min
dimacs 'p min 3 2000000000' 'a 1 2 0 1 1' >k-arcs.min
dimacs 'p min 4294967296 1' >k-nodes-32.min
printf '\012\377\377\377\377\007\012\002' >k-length.pb          # candidates: 2^31-1 bytes announced, 2 given
printf '\012\200\200\200\200\020\012\002' >k-length-64.pb       # a length over 2^32
{ printf '{"candidates":[{"id":"c","home":'; for _ in $(seq 2000); do printf '{"latitude":'; done; } >k-deep.json
hostile K1 'k-nodes.min: .*(node count|2000000000|--max-nodes|limit)' -- "${MCF[@]}" k-nodes.min
hostile K2 'k-arcs.min: .*(arc count|2000000000|--max-arcs|limit)' -- "${MCF[@]}" k-arcs.min
hostile K3 'k-nodes-32.min: line 1: node count 4294967296 is not in \[0, 2\^31\)' -- "${MCF[@]}" k-nodes-32.min
hostile K4 'k-length.pb: not a valid binary .*truncated or corrupt' -- "${M[@]}" --in k-length.pb
hostile K5 'k-length-64.pb: not a valid binary .*truncated or corrupt' -- "${V[@]}" k-length-64.pb
hostile K6 'k-deep.json: not a valid .* in JSON.*(deep|recursion)' -- "${M[@]}" --in k-deep.json
# 18 bytes declaring 50 million isolated nodes: refused before any allocation.
printf 'p min 50000000 0\n' >k-isolated.min
hostile K7 'k-isolated.min: line 1: node count 50000000 exceeds the limit of 4194304 \(raise it with --max-nodes\)' -- "${MCF[@]}" k-isolated.min
# Endless input without a newline: stops at the first overlong line.
hostile K8 '/dev/zero: line 1: longer than 65536 characters' -- "${MCF[@]}" /dev/zero
hostile K9 '<stdin>: line 1: longer than 65536 characters' -- bash -c "head -c 100000000 /dev/zero | '$bin' mcf -"
hostile K10 '<stdin>: more than 1000000 bytes exceed the limit of 1000000 bytes' -- bash -c "head -c 5000000 /dev/zero | '$bin' validate --in - --max-request-bytes 1000000"

# ---- L. limits the user sets -----------------------------------------------
hostile L1 'gen.json: [0-9]+ bytes exceed the limit of 1000 bytes \(--max-request-bytes\)' -- "${M[@]}" --in gen.json --max-request-bytes 1000
hostile L2 '60 candidates exceed policy.limits.max_candidates = 10|max_candidates' -- "${M[@]}" --in gen.json --max-candidates 10
hostile L3 'max_openings = 3' -- "${M[@]}" --in gen.pb --max-openings 3
hostile L4 'candidate-opening arcs exceed policy.limits.max_arcs = 5' -- "${M[@]}" --in gen.txtpb --max-arcs 5
printf '{"candidates":[{%s},{%s}],"openings":[{%s}],"employers":[{%s}],"policy":{"limits":{"max_candidates":1}}}' \
  "$C" "${C/c1/c2}" "$O" "$E" >l-policy.json
hostile L5 'max_candidates = 1' -- "${M[@]}" --in l-policy.json
hostile L6 'policy\.limits\.max_candidates: must be >= 0' -- "${M[@]}" --in gen.json --max-candidates -5
hostile L7 "max-candidates" -- "${M[@]}" --in gen.json --max-candidates lots
hostile L8 'max-request-bytes' -- sh -c '"$0" match --in - --out out/r.json --max-request-bytes 1000 <"$1"' "$bin" gen.json
request "$C" "$O" "{$E}" '"limits":{"max_solve_seconds":-1}' >l-seconds.json
hostile L9 'policy\.limits\.max_solve_seconds: -1 must be' -- "${V[@]}" l-seconds.json
# A time limit reached before any assignment meeting the quotas (their first
# solve ignores them): no answer, an error naming the limit.
"$bin" generate --region occitanie --candidates 2000 --openings 500 --seed 11 --out big.json >/dev/null 2>&1 &&
  sed 's/"policy": {/"policy": {"quotas":[{"dimension":"QUOTA_DIMENSION_DEPARTEMENT","value":"12","min_share":0.1,"max_share":1}],/' \
    big.json >l-quota-time.json || { echo "FAIL: cannot build the time-limit request"; exit 1; }
hostile L12 'policy\.limits\.max_solve_seconds = 1e-09: the optimiser stopped before it found an assignment meeting the quotas' -- \
  "${M[@]}" --in l-quota-time.json --max-solve-seconds 1e-9
hostile L13 'policy\.limits\.max_solve_seconds: -2 must be' -- "${M[@]}" --in gen.json --max-solve-seconds -2
hostile L14 'time-limit: must be a finite number' -- "${MCF[@]}" --time-limit -1 small.min
# Threads are the host's choice: a request naming them is refused (field 17
# is reserved), and a huge --threads is capped, not an abort (exit 0 below).
request "$C" "$O" "{$E}" '"threads":4' >l-threads.json
hostile L10 'l-threads.json: not a valid passerelle.v1.MatchRequest in JSON: .*threads' -- "${M[@]}" --in l-threads.json
hostile L11 '--threads: -1 must be >= 0' -- "${M[@]}" --in valid.json --threads -1

# ---- O. strings that are not UTF-8 ------------------------------------------
printf 'candidates { id: "c\\377" home { latitude: 43.6 longitude: 1.44 } french_level: CEFR_LEVEL_B1 right_to_work: RIGHT_TO_WORK_FULL }\n' >o-text.txtpb
printf '{"candidates":[{"id":"c\377","home":{"latitude":43.6,"longitude":1.44}}]}' >o-json.json
printf '\012\003\012\001\377' >o-binary.pb  # candidates[0].id = "\xff"
hostile O1 'candidates\[0\].*id.*(UTF-8|utf-8)' -- "${M[@]}" --in o-text.txtpb
hostile O2 'o-json.json: not a valid .* in JSON: Encountered non UTF-8' -- "${V[@]}" o-json.json
hostile O3 'o-binary.pb: not a valid binary' -- "${M[@]}" --in o-binary.pb

# ---- M. outputs and paths --------------------------------------------------
mkdir -p out-is-a-dir.json
hostile M1 'capacity: -2 must be >= 0' -- "$bin" match --in i-capacity.json --out out/existing.json
hostile M2 'out/missing-dir/r.json: cannot write' -- "$bin" match --in valid.json --out out/missing-dir/r.json
hostile M3 'out/r.csv: unknown file extension' -- "$bin" match --in valid.json --out out/r.csv
hostile M4 'nope.json: cannot open' -- "${M[@]}" --in nope.json
hostile M5 'small.min: unknown file extension' -- "${M[@]}" --in small.min
hostile M6 'nope.min: cannot open file' -- "${MCF[@]}" nope.min
hostile M7 "the option '--in' is required|--in" -- "$bin" match --out out/r.json
hostile M8 'unrecognised option|unknown option|bogus' -- "$bin" validate --bogus valid.json

# ---- P. what reaches a person: escaped, capped, in range --------------------
# An id with terminal escapes (clear screen, a fake prompt): shown escaped.
request "${C/\"id\":\"c1\"/\"id\":\"c\\u001b[2J\\u001b]0;pwned\\u0007\"},\"age\":-3" "$O" >p-escape.json
# A 1 MB id, duplicated: the message quotes 64 bytes of it and gives its size.
big_id=$(head -c 1000000 /dev/zero | tr '\0' 'x')
printf '{"candidates":[{%s},{%s}],"openings":[{%s}],"employers":[{%s}]}' \
  "${C/\"id\":\"c1\"/\"id\":\"$big_id\"}" "${C/\"id\":\"c1\"/\"id\":\"$big_id\"}" "$O" "$E" >p-big-id.json
unset big_id
# Weights finite one by one but not in sum: every score would be 0.
request "$C" "$O" "{$E}" '"weights":{"skills":1e308,"occupation":1e308}' >p-weights.json
# Binary capacity sent as the varint 2^32 + 5 (protobuf alone would read 5).
printf '\022\011\012\001o\060\205\200\200\200\020' >p-capacity.pb
hostile P1 'candidates\[0\] \(id "c\\x1b\[2J\\x1b\]0;pwned\\x07"\)\.age: -3' -- "${V[@]}" p-escape.json
hostile P2 'candidates\[1\] \(id "x{64}"\.\.\. \(1000000 bytes\)\)\.id: duplicate of candidates\[0\]' -- "${V[@]}" p-big-id.json
hostile P3 'policy\.weights: their sum overflows \(inf\)' -- "${M[@]}" --in p-weights.json
hostile P4 'p-capacity.pb: .*openings\[0\]\.capacity: 4294967301 does not fit a 32-bit integer' -- "${V[@]}" p-capacity.pb

# ---- Q. memory bombs: cheap inputs that would cost gigabytes -----------------
# Millions of empty records (2 bytes each in binary, 3 in JSON and text): each
# gives a few problems, of which the first 1000 are kept and the rest counted,
# and the request, refused, keeps no record. Peak memory stays under 300 MB
# (measured with /usr/bin/time when there is one; not under ASan, whose
# shadow memory and quarantine are not the program's). Under ASan the files
# are smaller (the instrumented reader is ~10x slower): the messages are the
# same.
# repeat UNIT BYTES: UNIT (printf format) repeated to BYTES bytes.
repeat() {
  local unit=$1 bytes=$2
  printf "$unit" >repeat.tmp
  while (( $(wc -c <repeat.tmp) < bytes )); do cat repeat.tmp repeat.tmp >repeat2.tmp && mv repeat2.tmp repeat.tmp; done
  head -c "$bytes" repeat.tmp
  rm -f repeat.tmp
}
if [[ $asan == 1 ]]; then big=600000; small=200000; else big=9800000; small=2000000; fi
repeat '\012\000' "$small" >q-candidates-small.pb                  # candidates {} x 1,000,000
repeat '\012\000' "$big" >q-candidates.pb                          # x 4,900,000 (9.8 MB)
repeat '\022\000' "$big" >q-openings.pb
repeat '\032\000' "$big" >q-employers.pb
repeat '\062\000' "$big" >q-previous.pb                           # previous_placements {} x 4,900,000
# varint N: N in protobuf's base-128 encoding.
varint() {
  local n=$1
  while (( n >= 128 )); do printf "\\$(printf '%03o' $(( (n & 127) | 128 )))"; n=$(( n >> 7 )); done
  printf "\\$(printf '%03o' "$n")"
}
pins=$(( big - 6 ))                                                  # policy { pins {} x 4,899,997 }
{ printf '\042'; varint "$pins"; repeat '\132\000' "$pins"; } >q-pins.pb
json_records=$(( big / 3 - 1 ))
{ printf '{"candidates":['; repeat '{},' $(( json_records * 3 )); printf '{}]}'; } >q-candidates.json
{ printf '{"openings":['; repeat '{},' $(( json_records * 3 )); printf '{}]}'; } >q-openings.json
{ printf 'candidates: ['; repeat '{},' $(( json_records * 3 )); printf '{}]\n'; } >q-candidates.txtpb
repeat 'candidates {}\n' $(( big / 14 * 14 )) >q-lines.txtpb
n_small=$(( small / 2 )) n_big=$(( big / 2 ))
time_bin=/usr/bin/time
[[ -x $time_bin && $asan == 0 ]] && "$time_bin" -v true >/dev/null 2>&1 || time_bin=
[[ -n $time_bin ]] || echo "note: Q cases check exit code and message only (no /usr/bin/time -v, or an ASan build)"
# bomb ID FIRST LINE -- COMMAND...: `hostile` with pattern LINE, stderr's
# first line matching FIRST (the problem count), and peak RSS under 300 MB.
bomb() {
  local id=$1 first=$2 line=$3
  [[ -z $only || $id =~ $only ]] || return 0
  shift 4
  if [[ -n $time_bin ]]; then
    hostile "$id" "$line" -- "$time_bin" -v -o "$work/rss.txt" "$@"
  else
    hostile "$id" "$line" -- "$@"
  fi
  if ! head -n 1 stderr | grep -Eq -- "$first"; then
    echo "FAIL $id: stderr's first line does not match /$first/: $(head -n 1 stderr | head -c 200)"
    failures=$((failures + 1))
  fi
  [[ -n $time_bin ]] || return 0
  local kb
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/rss.txt")
  if [[ -z $kb || $kb -ge 307200 ]]; then
    echo "FAIL $id: peak RSS ${kb:-unknown} KB, want under 300 MB"
    failures=$((failures + 1))
  else
    echo "     $id: peak RSS $((kb / 1024)) MB"
  fi
}
# Empty candidates have 3 problems each (home, right to work, id; a missing
# French level is a warning), empty openings 4.
problems() { echo "error: $1 problems:\$"; }
bomb Q1 "$(problems $(( n_small * 3 )))" "\.\.\. and $(( n_small * 3 - 50 )) more|q-candidates-small.pb: candidates\[0\]\.home: missing" -- "${V[@]}" q-candidates-small.pb
bomb Q2 "$(problems $(( n_big * 3 )))" "q-candidates.pb: candidates\[0\]\.home: missing" -- "${V[@]}" q-candidates.pb
bomb Q3 "$(problems $(( n_big * 3 )))" "q-candidates.pb: candidates\[0\]\.right_to_work: unspecified" -- "${M[@]}" --in q-candidates.pb
bomb Q4 "$(problems $(( n_big * 4 )))" "q-openings.pb: openings\[0\]\.kind: unspecified" -- "${V[@]}" q-openings.pb
bomb Q5 "$(problems "$n_big")" "q-employers.pb: employers\[0\]\.id: missing" -- "${M[@]}" --in q-employers.pb
bomb Q6 "$(problems $(( (pins / 2) * 2 )))" 'q-pins.pb: policy\.pins\[0\]\.candidate_id: "" is not in candidates' -- "${V[@]}" q-pins.pb
bomb Q7 "$(problems $(( (json_records + 1) * 3 )))" "q-candidates.json: candidates\[0\]\.home: missing" -- "${V[@]}" q-candidates.json
bomb Q8 "$(problems $(( (json_records + 1) * 4 )))" 'q-openings.json: openings\[0\]\.kind: unspecified' -- "${M[@]}" --in q-openings.json
bomb Q9 "$(problems $(( (json_records + 1) * 3 )))" "q-candidates.txtpb: candidates\[0\]\.home: missing" -- "${V[@]}" q-candidates.txtpb
bomb Q10 "$(problems $(( big / 14 * 3 )))" 'q-lines.txtpb: candidates\[0\]\.home: missing' -- "${M[@]}" --in q-lines.txtpb
bomb Q11 "candidates: $n_big exceed policy.limits.max_candidates = 100\$" "candidates: $n_big exceed" -- "${M[@]}" --in q-candidates.pb --max-candidates 100
bomb Q12 "openings: $(( json_records + 1 )) exceed policy.limits.max_openings = 10\$" "max_openings = 10" -- "${M[@]}" --in q-openings.json --max-openings 10
bomb Q13 "$(problems "$big")" 'q-previous.pb: previous_placements\[0\]\.candidate_id: missing' -- "${M[@]}" --in q-previous.pb
rm -f q-*.pb q-*.json q-*.txtpb
# ---- R. places without coordinates ------------------------------------------
# c_at HOME_FIELDS: the base candidate at a place.
c_at() { printf '"id":"c1","home":{%s},"french_level":"CEFR_LEVEL_B1","right_to_work":"RIGHT_TO_WORK_FULL"' "$1"; }
# A 1 MB place name: quoted 64 bytes with its size, compared on 128 bytes.
big_place=$(head -c 1000000 /dev/zero | tr '\0' 'y')
request "$(c_at "\"place\":\"$big_place\"")" "$O" >q-big-place.json
request "$(c_at "\"inseeCode\":\"$big_place\"")" "$O" >q-big-insee.json
unset big_place
# A place with terminal escapes: shown escaped.
request "$(c_at '"place":"Blois\u001b[2J (41)"')" "$O" >q-escape.json
# 100,000 candidates at distinct unknown places: every one named (the first
# 50 on stderr), suggestions only for the first ones, so it stays fast.
awk -v o="$O" -v e="$E" 'BEGIN {
  printf "{\"candidates\":["
  for (i = 0; i < 100000; i++) {
    printf "%s{\"id\":\"c%d\",\"home\":{\"place\":\"Nowhere-%d\"},\"french_level\":\"CEFR_LEVEL_B1\",\"right_to_work\":\"RIGHT_TO_WORK_FULL\"}", (i ? "," : ""), i, i
  }
  printf "],\"openings\":[{%s}],\"employers\":[{%s}]}\n", o, e
}' >q-many-unknown.json
hostile R1 'candidates\[0\] \(id "c1"\)\.home\.place: "y{64}"\.\.\. \(1000000 bytes\) is not a commune' -- "${V[@]}" q-big-place.json
[[ -z $only || R1 =~ $only ]] && { [[ $(wc -c <stderr) -lt 2000 ]] || { echo "FAIL R1: stderr not bounded"; failures=$((failures + 1)); }; }
hostile R2 'candidates\[0\] \(id "c1"\)\.home\.insee_code: "y{64}"\.\.\. \(1000000 bytes\) is not the INSEE code' -- "${V[@]}" q-big-insee.json
hostile R3 'home\.place: "Blois\\x1b\[2J \(41\)" is not a commune' -- "${V[@]}" q-escape.json
hostile R4 '100000 problems:.*' -- "${V[@]}" q-many-unknown.json --resolve --out out/resolved.json
[[ -z $only || R4 =~ $only ]] && {
  [[ $(wc -c <stderr) -lt 20000 ]] && grep -q '\.\.\. and 99950 more' stderr ||
    { echo "FAIL R4: stderr not bounded to the first problems"; failures=$((failures + 1)); }
}

# ---- S. spreadsheet import ----------------------------------------------------
IMP=("$bin" import --openings s-openings.csv --out out/r.json)
printf 'id;intitule;commune\no1;Cuisinier;Blois\n' >s-openings.csv
: >s-empty.csv
random_bytes 4000 5 >s-random.csv
printf 'id;droit_travail;commune\nc1;oui;"Blois\nc2;oui;Vendôme\n' >s-quote.csv
{ printf 'id;droit_travail;commune;niveau_francais\nc1;oui;Blois;'; head -c 1000000 /dev/zero | tr '\0' y; printf '\n'; } >s-big-cell.csv
printf 'id;droit_travail;commune\nc1;oui;Blois\033[2J\n' >s-escape.csv
awk 'BEGIN { print "id;droit_travail;commune;niveau_francais"; for (i = 0; i < 100000; i++) print "c" i ";oui;Blois;Z9" }' >s-many.csv
printf 'PK\003\004\024\000\000\000' >s-workbook.csv
mkdir -p s-folder.csv
awk 'BEGIN { print "id;droit_travail;commune;metier_vise"; for (i = 0; i < 100000; i++) print "c" i ";oui;Blois;zorglub" i }' >s-titles.csv
hostile S1 's-empty.csv: empty: the first line must name the columns' -- "${IMP[@]}" --candidates s-empty.csv
hostile S2 's-random.csv(:[0-9]+: byte 0x[0-9A-F]{2} is neither UTF-8 nor Windows-1252|:1: no column)' -- "${IMP[@]}" --candidates s-random.csv
hostile S3 's-quote.csv:2: a quoted field \("\.\.\.\) never ends' -- "${IMP[@]}" --candidates s-quote.csv
hostile S4 's-big-cell.csv:2: column niveau_francais: "y{60}…" is not a CEFR level' -- "${IMP[@]}" --candidates s-big-cell.csv
[[ -z $only || S4 =~ $only ]] && { [[ $(wc -c <stderr) -lt 2000 ]] || { echo "FAIL S4: stderr not bounded"; failures=$((failures + 1)); }; }
hostile S5 's-escape.csv:2: column commune: "Blois\\x1b\[2J" is not a commune' -- "${IMP[@]}" --candidates s-escape.csv
hostile S6 '100000 problems:' -- "${IMP[@]}" --candidates s-many.csv
[[ -z $only || S6 =~ $only ]] && {
  [[ $(wc -c <stderr) -lt 20000 ]] || { echo "FAIL S6: stderr not bounded to the first problems"; failures=$((failures + 1)); }
}
hostile S7 's-workbook.csv: a spreadsheet workbook, not a CSV file' -- "${IMP[@]}" --candidates s-workbook.csv
hostile S8 's-folder.csv: cannot read \(a folder' -- "${IMP[@]}" --candidates s-folder.csv
hostile S10 's-titles.csv:2: column metier_vise: "zorglub0" is not a job title or ROME code; closest: ' -- "${IMP[@]}" --candidates s-titles.csv
[[ -z $only || S10 =~ $only ]] && {
  grep -q '100000 problems:' stderr && ! grep -q 'zorglub20" is not a job title or ROME code; closest' stderr ||
    { echo "FAIL S10: not all counted, or suggestions past the first 20"; failures=$((failures + 1)); }
}
hostile S9 'out/r.csv: unknown file extension|r.csv' -- "$bin" import --candidates s-openings.csv --openings s-openings.csv --out out/r.csv

# ---- N. generate -------------------------------------------------------------
mkdir -p regions
: >regions/empty.csv
printf 'garbage\n' >regions/garbage.csv
sed -e 's/^region,entre-sambre-et-meuse,/region,badtown,/' -e 's/^town,BE-WNA,Couvin,50.0528,/town,BE-WNA,Couvin,nan,/' \
  "$here/../../data/regions/entre-sambre-et-meuse.csv" >regions/badtown.csv 2>/dev/null
grep -q '^town,BE-WNA,Couvin,nan,' regions/badtown.csv ||
  { echo "FAIL N7 set-up: no Couvin line to break"; failures=$((failures + 1)); }
hostile N1 "mars" -- "$bin" generate --region mars --out out/g.json
hostile N2 '--candidates: .*-5' -- "$bin" generate --candidates -5 --out out/g.json
hostile N3 "candidates" -- "$bin" generate --candidates lots --out out/g.json
hostile N4 '--candidates: .*2147483647' -- "$bin" generate --candidates 1000000000000 --out out/g.json
hostile N5 'regions/empty.csv: no "region" line' -- "$bin" generate --regions-dir regions --region empty --out out/g.json
hostile N6 'regions/garbage.csv:1: ' -- "$bin" generate --regions-dir regions --region garbage --out out/g.pb
hostile N7 'regions/badtown.csv:[0-9]+: .*(nan|latitude)' -- "$bin" generate --regions-dir regions --region badtown --out out/g.json
hostile N8 'out/g.csv: unknown file extension' -- "$bin" generate --out out/g.csv
hostile N9 'out/missing-dir/g.json: cannot write' -- "$bin" generate --candidates 5 --openings 2 --out out/missing-dir/g.json

echo "hostile_test: $cases cases, $failures failed, $known known bugs"
[[ $failures -eq 0 ]]
