#!/usr/bin/env bash
# The report in a real browser: renders report.html of the default batch
# and of a 12-scenario sweep in headless Chromium, takes a full-page
# screenshot of each, and fails if anything overflows the page width, an
# image (or an inline chart) is broken or empty, or a table is cut (wider
# than the box that shows it). The page is checked in a window 1024 CSS
# pixels wide (a laptop's browser window; the page is at most 1100 px wide,
# so what fits there fits wider) and screenshot 1280 px wide.
#
# How: a copy of report.html gets a small inline script that measures the
# page after load (document.scrollWidth against window.innerWidth, every
# element's right edge, img.naturalWidth, every inline SVG's size, every
# table's scrollWidth against its clientWidth) and writes its verdict into
# the DOM, which chromium --dump-dom prints.
#
# Installs Chromium (Debian package chromium) with apt-get when run as root
# and it is missing; skips (exit 0) with a message when it is missing and
# cannot be installed, as scripts/slurm-e2e.sh does.
#
# Environment:
#   OFFSIM_REPORT_FORCE_SKIP=1  skip at once (to test the skip path)
#   OFFSIM_REPORT_REQUIRE=1     fail instead of skipping
#   OFFSIM_REPORT_SHOTS=DIR     where the screenshots go (default
#                               $TMPDIR/offsim-report-check, replaced each run)
#   OFFSIM_REPORT_KEEP=1        keep the temporary directory for inspection
#   OFFSIM_REPORT_RESULTS="DIR ..."  check the reports in these results
#                               folders instead of running the two batches
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
T0=$(date +%s)
log() { echo "[report-check $(($(date +%s) - T0))s] $*"; }
skip() {
  if [ "${OFFSIM_REPORT_REQUIRE:-0}" = 1 ]; then
    log "FAIL: $* (OFFSIM_REPORT_REQUIRE=1)"
    exit 1
  fi
  log "SKIP: $* -- the report was not checked in a browser (not a failure)"
  exit 0
}

echo "== report check: report.html in headless Chromium (overflow, broken images, cut tables)"
if [ "${OFFSIM_REPORT_FORCE_SKIP:-0}" = 1 ]; then skip "OFFSIM_REPORT_FORCE_SKIP=1"; fi

find_chromium() {
  local c
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}
CHROMIUM=$(find_chromium || true)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" != 0 ]; then skip "Chromium is not installed and this is not root (apt-get install chromium needs root)"; fi
  if ! command -v apt-get >/dev/null 2>&1; then skip "Chromium is not installed and apt-get is unavailable"; fi
  log "installing chromium and fonts-liberation with apt-get"
  if ! timeout 120 apt-get -qq -o DPkg::Lock::Timeout=60 update >/dev/null 2>&1; then
    skip "apt-get update failed (apt unreachable?)"
  fi
  if ! DEBIAN_FRONTEND=noninteractive timeout 400 apt-get -y -qq -o DPkg::Lock::Timeout=60 \
    install --no-install-recommends chromium fonts-liberation >/dev/null 2>&1; then
    skip "apt-get install chromium failed"
  fi
  CHROMIUM=$(find_chromium) || skip "chromium installed but not found on PATH"
fi
log "browser: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/offsim-report-check.XXXXXX")
cleanup() {
  if [ "${OFFSIM_REPORT_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
SHOTS=${OFFSIM_REPORT_SHOTS:-${TMPDIR:-/tmp}/offsim-report-check}
mkdir -p "$SHOTS"
rm -f "$SHOTS"/report-*.png

# browser FLAG... URL: one headless Chromium, a fresh profile each time,
# nothing fetched from the network.
browser() {
  local profile
  profile=$(mktemp -d "$WORK/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" "$@" 2>"$WORK/chromium.log"
}

# The measuring script, appended to a copy of the report.
read -r -d '' PROBE <<'EOF' || true
<script>
window.addEventListener("load", function () {
  var w = window.innerWidth, problems = [];
  var name = function (el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    var h = el.closest("figure,table");
    if (h && h !== el) s += " in " + h.tagName.toLowerCase() + (h.id ? "#" + h.id : "");
    var t = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return t ? s + " (" + t + ")" : s;
  };
  if (document.documentElement.scrollWidth > w + 1)
    problems.push("the page is " + document.documentElement.scrollWidth + " px wide in a window of " + w + " px");
  var all = document.body.getElementsByTagName("*"), seen = 0;
  for (var i = 0; i < all.length && seen < 10; i++) {
    var el = all[i], r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !el.closest("details:not([open])")) {
      problems.push(name(el) + " reaches " + Math.round(r.right) + " px, past the window's " + w);
      seen++;
    }
  }
  Array.prototype.forEach.call(document.images, function (img) {
    if (!img.complete || img.naturalWidth === 0) problems.push("broken image " + img.src);
  });
  Array.prototype.forEach.call(document.querySelectorAll("figure svg"), function (svg) {
    var r = svg.getBoundingClientRect();
    if (!(r.width > 100 && r.height > 50)) problems.push("chart " + name(svg) + " is " + Math.round(r.width) + "×" + Math.round(r.height) + " px");
    if (svg.querySelectorAll("path,text").length < 10) problems.push("chart " + name(svg) + " draws almost nothing");
  });
  Array.prototype.forEach.call(document.querySelectorAll("table"), function (t) {
    if (t.scrollWidth > t.clientWidth + 1)
      problems.push("table " + name(t.rows[0] || t) + " is cut: " + t.scrollWidth + " px of content in " + t.clientWidth + " px");
  });
  var out = document.createElement("pre");
  out.id = "offsim-check";
  out.textContent = "VERDICT " + (problems.length ? "FAIL\n" + problems.join("\n") : "OK") +
    "\nHEIGHT " + document.documentElement.scrollHeight +
    "\nCOUNTS tables=" + document.querySelectorAll("table").length + " charts=" + document.querySelectorAll("figure svg").length;
  document.body.appendChild(out);
});
</script>
EOF

FAILED=0
# check NAME DIR: every check on DIR/report.html, then a full-page screenshot.
check() {
  local name=$1 dir=$2 width out verdict height
  [ -s "$dir/report.html" ] || { log "FAIL: $dir/report.html is missing"; FAILED=1; return; }
  # The copy lives in $WORK (the results folder is offsim's); a <base>
  # resolves any relative address against the results folder.
  sed "0,/<head>/s||<head><base href=\"file://$dir/\">|" "$dir/report.html" >"$WORK/$name-check.html"
  printf '%s\n' "$PROBE" >>"$WORK/$name-check.html"
  for width in 1024; do
    out=$(browser --window-size="$width,900" --virtual-time-budget=10000 --dump-dom "file://$WORK/$name-check.html" || true)
    # The verdict: the text of <pre id="offsim-check">, which only the
    # script's run (not its source) puts in the DOM.
    verdict=$(printf '%s\n' "$out" | sed -n '/<pre id="offsim-check">/,/<\/pre>/p' | sed -e 's/<[^>]*>//g' \
      -e 's/&gt;/>/g' -e 's/&lt;/</g' -e 's/&amp;/\&/g')
    if [ -z "$verdict" ]; then
      log "FAIL: $name at $width px: Chromium printed no verdict"; tail -5 "$WORK/chromium.log"; FAILED=1; continue
    fi
    if printf '%s\n' "$verdict" | grep -q '^VERDICT OK'; then
      log "$name at $width px: ok ($(printf '%s\n' "$verdict" | sed -n 's/^COUNTS //p'))"
    else
      log "FAIL: $name at $width px:"
      printf '%s\n' "$verdict" | grep -v '^VERDICT\|^HEIGHT\|^COUNTS' | sed 's/^/    /'
      FAILED=1
    fi
    height=$(printf '%s\n' "$verdict" | sed -n 's/^HEIGHT //p')
  done
  height=${height:-4000}
  # A full-page screenshot: a window as tall as the page.
  if browser --window-size="1280,$((height > 16000 ? 16000 : height))" --virtual-time-budget=10000 \
    --screenshot="$SHOTS/report-$name.png" "file://$dir/report.html" >/dev/null && [ -s "$SHOTS/report-$name.png" ]; then
    log "$name: screenshot $SHOTS/report-$name.png (1280×$height)"
  else
    log "FAIL: $name: no screenshot"; FAILED=1
  fi
}

if [ -n "${OFFSIM_REPORT_RESULTS:-}" ]; then
  for d in $OFFSIM_REPORT_RESULTS; do check "$(basename "$d")" "$(cd "$d" && pwd)"; done
else
  log "building offsim"
  (cd "$REPO" && go build -o "$WORK/offsim" ./cmd/offsim)
  log "the default batch (2 replications each)"
  "$WORK/offsim" run -quiet -reps 2 -out "$WORK/default"
  # A sweep of 12 variants, short, to see the report of many scenarios.
  cat >"$WORK/sweep.toml" <<'EOF'
extends = "sr-offshore"
name = "sr-premium"
[run]
horizon_months = 4
[sweep]
"sites.SR.workforce.wages.premium" = { from = 0, to = 1.1, step = 0.1 }
EOF
  log "a sweep of 12 variants (2 replications, 4 months each)"
  "$WORK/offsim" run -quiet -reps 2 -out "$WORK/sweep12" "$WORK/sweep.toml"
  check default "$WORK/default"
  check sweep12 "$WORK/sweep12"
fi

if [ "$FAILED" != 0 ]; then
  log "FAIL: the report does not render cleanly (screenshots in $SHOTS)"
  exit 1
fi
log "ok: the reports render without overflow, broken images or cut tables (screenshots in $SHOTS)"
