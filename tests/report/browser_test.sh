#!/usr/bin/env bash
# The HTML report in a real browser. Usage: browser_test.sh PATH/TO/passerelle REQUEST.json
#
# Matches REQUEST, exports report.html (French and English) and a generated
# Loir-et-Cher case, and has headless Chromium render each to a PNG:
# - offline: inside a network namespace with no interface when `unshare -n`
#   works, and always with every host name unresolvable and a dead proxy;
# - with no console message at all (script errors, Content-Security-Policy
#   violations: the report has no script and loads nothing), Chromium's
#   own pages (chrome://) aside;
# - with no request of the page's in Chromium's network log (the browser's
#   own update and time checks, which the page cannot cause, are ignored).
# The checker is first shown a page that breaks each rule, which it must
# reject, so that a checker that sees nothing cannot pass.
# Exit 77 (CTest: skipped) when chromium is not installed.
set -uo pipefail
bin=$1
request=$2
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [[ -z $browser ]]; then
  echo "SKIP: chromium is not installed (Debian: apt-get install chromium, or scripts/setup-deps)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

offline=()
if unshare -n true 2>/dev/null; then offline=(unshare -n); fi

# render NAME.html: writes NAME.png, NAME.stderr and NAME.netlog.json; returns
# 0 when the page rendered with no console message and no request of its own.
render() {
  local name=$1 size=${2:-1280,2400}
  rm -rf "$work/profile"
  timeout 120 "${offline[@]}" "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
    --user-data-dir="$work/profile" --disable-background-networking --disable-component-update \
    --disable-sync --disable-default-apps --disable-features=Translate,OptimizationHints,MediaRouter \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server="127.0.0.1:9" \
    --enable-logging=stderr --v=0 --log-net-log="$work/$name.netlog.json" \
    --window-size="$size" --screenshot="$work/$name.png" "file://$work/$name.html" \
    >"$work/$name.stdout" 2>"$work/$name.stderr"
  local rc=$? ok=0
  if [[ $rc != 0 || ! -s "$work/$name.png" ]]; then
    echo "  $name: chromium exit $rc, no screenshot; stderr: $(tail -c 600 "$work/$name.stderr")"
    ok=1
  fi
  # Console messages of Chromium's own pages (chrome://, e.g. its omnibox)
  # are not the page's.
  if grep -E "CONSOLE|Uncaught|Content Security Policy|net::ERR" "$work/$name.stderr" |
    grep -v 'source: chrome://' >"$work/$name.console"; then
    echo "  $name: console: $(head -c 800 "$work/$name.console")"
    ok=1
  fi
  grep -oE '"url":"[a-z]+://[^"]*"' "$work/$name.netlog.json" 2>/dev/null | sort -u |
    grep -vE '"url":"file://|//(clients[0-9]*\.google\.com/time/|update\.googleapis\.com/service/update2|accounts\.google\.com/ListAccounts|redirector\.gvt1\.com/edgedl/chrome/dict|translate\.googleapis\.com/translate_a/l|safebrowsing\.googleapis\.com/|content-autofill\.googleapis\.com/|optimizationguide-pa\.googleapis\.com/)' \
    >"$work/$name.requests"
  if [[ -s "$work/$name.requests" ]]; then
    echo "  $name: requests: $(head -c 600 "$work/$name.requests")"
    ok=1
  fi
  return $ok
}

# The checker must see each kind of fault.
cat >"$work/bad-script.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>x</p><script>undefinedFunction();</script></body></html>
HTML
cat >"$work/bad-csp.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head><body><script>1</script></body></html>
HTML
cat >"$work/bad-fetch.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="https://fonts.example.org/css"></head><body><p>x</p></body></html>
HTML
for bad in bad-script bad-csp bad-fetch; do
  if render "$bad" 400,300 >/dev/null; then fail "the checker accepts $bad.html"; fi
done

"$bin" match --in "$request" --out "$work/response.json" >/dev/null 2>&1 || fail "match $request"
"$bin" export --request "$request" --response "$work/response.json" --out "$work/report.html" || fail "export"
"$bin" export --request "$request" --response "$work/response.json" --out "$work/report-en.html" --lang en ||
  fail "export --lang en"
"$bin" generate --region loir-et-cher --candidates 1500 --openings 300 --seed 1 --out "$work/lec.json" >/dev/null ||
  fail "generate"
"$bin" match --in "$work/lec.json" --out "$work/lec-response.json" >/dev/null 2>&1 || fail "match lec"
"$bin" export --request "$work/lec.json" --response "$work/lec-response.json" --out "$work/lec.html" || fail "export lec"
# Hostile values: markup in a name, an employer, the description; a name
# 300 characters long without a space.
python3 - "$request" "$work/hostile.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["candidates"][0]["displayName"] = "</title></svg><script>alert(1)</script><img src=x onerror=alert(2)>"
r["candidates"][1]["displayName"] = "x" * 300
r["employers"][0]["name"] = "<style>body{display:none}</style>\"'&amp;"
r["description"] = "<iframe src=https://example.org></iframe> " + r.get("description", "")
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" match --in "$work/hostile.json" --out "$work/hostile-response.json" >/dev/null 2>&1 || fail "match hostile"
"$bin" export --request "$work/hostile.json" --response "$work/hostile-response.json" --out "$work/hostile.html" ||
  fail "export hostile"
grep -q '&lt;/title&gt;&lt;/svg&gt;&lt;script&gt;' "$work/hostile.html" || fail "hostile: the name is not escaped text"
if grep -qiE '<script|<iframe|<img|<style>body' "$work/hostile.html"; then fail "hostile: markup from the input"; fi
for page in report report-en lec hostile; do
  render "$page" || fail "$page.html did not render cleanly"
done
grep -q 'Rapport de placement' "$work/report.html" || fail "report.html is in French"
grep -q 'Placement report' "$work/report-en.html" || fail "report-en.html is in English"
if [[ -n ${PASSERELLE_KEEP_SCREENSHOTS:-} ]]; then
  mkdir -p "$PASSERELLE_KEEP_SCREENSHOTS" && cp "$work"/*.png "$work"/*.html "$PASSERELLE_KEEP_SCREENSHOTS"/
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "browser test: 4 reports (one with hostile values) rendered offline with no console message and no request; 3 faulty pages rejected"
