#!/usr/bin/env bash
# The output contract of every `passerelle` command (docs/hostile-input.md,
# "Outputs"): a write that fails (full disk, file size limit, closed pipe)
# exits non-zero with "cannot write" and leaves nothing behind; an existing
# output keeps its permissions, a new one is created 0600; a symbolic link is
# written through; a device is written in place; readers refuse folders and
# have a byte limit; --network-out is written only after the response.
#
# Usage: output_test.sh PATH/TO/passerelle
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
checks=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# check NAME WANT_EXIT PATTERN -- COMMAND...: exit code and stderr pattern.
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  checks=$((checks + 1))
  "$@" >stdout 2>stderr
  local code=$?
  if [[ $code != "$want" ]]; then
    fail "$name: exit $code, want $want; stderr: $(head -c 300 stderr)"
  elif [[ -n $pattern ]] && ! grep -Eq -- "$pattern" stderr; then
    fail "$name: stderr does not match /$pattern/: $(head -c 300 stderr)"
  else
    ok "$name"
  fi
}
# leftovers DIR: files a failed write must not leave (temporary files).
leftovers() { find "$1" -name '.passerelle-*' -o -name '*.tmp.*' | tr '\n' ' '; }

"$bin" generate --candidates 40 --openings 12 --seed 2 --out gen.json >/dev/null 2>&1 || { echo "cannot generate"; exit 1; }
printf 'p min 2 1\nn 1 1\nn 2 -1\na 1 2 0 1 5\n' >small.min

# ---- full disk: /dev/full ----------------------------------------------------
if [[ -w /dev/full ]]; then
  check "match --out - to a full disk" 2 '<stdout>: cannot write \(No space left on device\)' -- \
    bash -c "'$bin' match --in gen.json --out - > /dev/full"
  check "generate --out - to a full disk" 2 '<stdout>: cannot write' -- \
    bash -c "'$bin' generate --candidates 5 --openings 2 --out - > /dev/full"
  check "mcf to a full disk" 2 '<stdout>: cannot write' -- bash -c "'$bin' mcf --flows small.min > /dev/full"
  check "validate to a full disk" 2 '<stdout>: cannot write' -- bash -c "'$bin' validate gen.json > /dev/full"
  ln -s /dev/full full.json
  check "match through a link to /dev/full (a device, written in place)" 2 'full.json: cannot write \(No space' -- \
    "$bin" match --in gen.json --out full.json
  [[ -c /dev/full ]] || fail "/dev/full is no longer a device"
fi

# ---- file size limit (ulimit -f): no signal, no partial file ------------------
mkdir -p lim
check "match under a file size limit" 2 'lim/r.json: cannot write \(File too large\)' -- \
  bash -c "ulimit -f 8; '$bin' match --in gen.json --out lim/r.json"
[[ ! -e lim/r.json && -z $(leftovers lim) ]] || fail "match under ulimit -f left: $(ls -A lim)"
check "generate under a file size limit" 2 'lim/g.pb: cannot write' -- \
  bash -c "ulimit -f 8; '$bin' generate --candidates 2000 --openings 100 --out lim/g.pb"
[[ ! -e lim/g.pb && -z $(leftovers lim) ]] || fail "generate under ulimit -f left: $(ls -A lim)"
"$bin" generate --candidates 3000 --openings 600 --seed 1 --out big.pb >/dev/null 2>&1
"$bin" match --in big.pb --out big.json --network-out big.min >/dev/null 2>&1
check "mcf under a file size limit" 2 '<stdout>: cannot write \(File too large\)' -- \
  bash -c "ulimit -f 8; '$bin' mcf --flows big.min > lim/flows.txt"

# ---- permissions ---------------------------------------------------------------
echo old >private.json && chmod 600 private.json
check "match over a 0600 file" 0 '' -- "$bin" match --in gen.json --out private.json
[[ $(stat -c %a private.json) == 600 ]] || fail "an existing 0600 output became $(stat -c %a private.json)"
echo old >shared.json && chmod 644 shared.json
check "match over a 0644 file" 0 '' -- "$bin" match --in gen.json --out shared.json
[[ $(stat -c %a shared.json) == 644 ]] || fail "an existing 0644 output became $(stat -c %a shared.json)"
check "match to a new file" 0 '' -- bash -c "umask 022; '$bin' match --in gen.json --out new.json"
[[ $(stat -c %a new.json) == 600 ]] || fail "a new output is $(stat -c %a new.json), want 600"

# ---- symbolic links -------------------------------------------------------------
mkdir -p real && echo old >real/target.json && ln -s real/target.json link.json
check "match through a symbolic link" 0 '' -- "$bin" match --in gen.json --out link.json
[[ -L link.json ]] || fail "the link was replaced by a file"
grep -q placements real/target.json || fail "the link's target was not written"
ln -s real/missing.json dangling.json
check "match to a dangling link" 2 'dangling.json: cannot write: a symbolic link to a missing file' -- \
  "$bin" match --in gen.json --out dangling.json
# An attacker's link where a predictable temporary name would be: not followed.
echo secret >victim.txt
for n in $(seq 1 50); do ln -sf victim.txt "planted.json.tmp.$n"; done
check "match next to planted links" 0 '' -- "$bin" match --in gen.json --out planted.json
[[ $(cat victim.txt) == secret ]] || fail "a planted link was followed"

# ---- names, folders, devices, limits ---------------------------------------------
long=$(printf 'a%.0s' $(seq 1 246)).json  # 251 characters, the longest a name may be is 255
check "a 251-character output name" 0 '' -- "$bin" match --in gen.json --out "$long"
[[ -s $long ]] || fail "the 251-character output is missing"
mkdir -p folder.json
check "a folder as --in" 2 'folder.json: is a folder, not a file' -- "$bin" match --in folder.json --out x.json
check "a folder as validate's input" 2 'folder.json: is a folder' -- "$bin" validate folder.json
check "a folder as mcf's input" 2 'folder.min: is a folder, not a file' -- bash -c "mkdir -p folder.min; '$bin' mcf folder.min"
check "a folder in the way of --out" 2 'folder.json: cannot write: a folder is in the way' -- \
  "$bin" match --in gen.json --out folder.json
ln -s /dev/null null.json
check "match through a link to /dev/null" 0 '' -- "$bin" match --in gen.json --out null.json
[[ -c /dev/null && -L null.json ]] || fail "/dev/null is no longer a device, or the link was replaced"
mkfifo in.fifo.json
(cat gen.json >in.fifo.json &)
check "a FIFO as --in" 0 '' -- "$bin" match --in in.fifo.json --out fifo-out.json
check "match --in - on endless input" 2 'exceed the limit of 1000000 bytes' -- \
  bash -c "head -c 5000000 /dev/zero | '$bin' match --in - --out z.json --max-request-bytes 1000000"
check "--max-request-bytes -5" 2 '--max-request-bytes: -5 must be >= 1' -- \
  "$bin" match --in gen.json --out x.json --max-request-bytes -5
check "--max-request-bytes 10^11 on stdin (never allocated up front)" 0 '' -- \
  bash -c "'$bin' match --in - --out stdin.json --max-request-bytes 100000000000 < gen.json"
check "generate --seed -1" 2 '--seed: "-1" is not an integer' -- "$bin" generate --seed -1 --out s.json
check "generate --seed 2^64" 2 '--seed: "18446744073709551616"' -- "$bin" generate --seed 18446744073709551616 --out s.json

# ---- thread counts: capped, never an abort; the answer does not change ------------
check "match --threads 1" 0 '' -- "$bin" match --in gen.json --out t1.json --threads 1
check "match --threads 100000 (capped at 4 per core)" 0 '' -- "$bin" match --in gen.json --out tmany.json --threads 100000
cmp -s t1.json tmany.json || fail "--threads 100000 gives another response than --threads 1"
check "mcf --threads 100000" 0 '' -- "$bin" mcf --threads 100000 small.min

# ---- --network-out only after the response ------------------------------------------
check "--network-out when --out fails" 2 'missing-dir/r.json: cannot write' -- \
  "$bin" match --in gen.json --out missing-dir/r.json --network-out net.min
[[ ! -e net.min ]] || fail "--network-out was written although --out failed"

echo "output_test: $checks checks, $failures failed"
[[ $failures -eq 0 ]]
