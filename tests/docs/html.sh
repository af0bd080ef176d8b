#!/usr/bin/env bash
# report.html (lib/report-html.sh) in a real headless browser: the page of the shipped
# run (docs/examples/basic-handover/) and a batch summary page load without a console
# error, reference nothing outside their directory, and the timeline SVG is drawn
# (laid out with a size, its shapes present); screenshots are kept in
# build/tests/docs/. A page with a console error must be caught by the same check.
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"
cd "$ROOT"
command -v chromium >/dev/null || { fail "chromium is installed (tests/ensure-deps)"; summary; exit 1; }
command -v jq >/dev/null || { fail "jq is installed"; summary; exit 1; }
out=${BUILD:-build}/tests/docs
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Headless chromium as root, with nothing that would try the network.
browser() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$@"
}

# inspect PAGE NAME: loads PAGE in a frame of a probe page that reports what was drawn;
# $tmp/NAME.result gets the report, $tmp/NAME.console the page's console messages.
inspect() {
    local page=$1 name=$2
    cat > "$tmp/$name-probe.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><title>probe</title></head><body>
<iframe id="f" src="file://$page" width="1200" height="900"></iframe><pre id="result">not loaded</pre>
<script>
document.getElementById('f').addEventListener('load', function () {
  var r = document.getElementById('result'), d, svgs, out = [];
  try {
    d = this.contentDocument; svgs = d.querySelectorAll('svg');
    for (var i = 0; i < svgs.length; i++) {
      var b = svgs[i].getBoundingClientRect();
      out.push('svg ' + Math.round(b.width) + 'x' + Math.round(b.height) + ' shapes=' +
               svgs[i].querySelectorAll('rect,line,path,text').length);
    }
    r.textContent = 'loaded title=[' + d.title + '] tables=' + d.querySelectorAll('table').length +
                    ' svgs=' + svgs.length + (out.length ? ' ' + out.join(' ') : '');
  } catch (e) { r.textContent = 'error ' + e; }
});
</script></body></html>
HTML
    browser --allow-file-access-from-files --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
        --dump-dom "file://$tmp/$name-probe.html" > "$tmp/$name.dom" 2> "$tmp/$name.log" || true
    sed -n 's/.*<pre id="result">\(.*\)<\/pre>.*/\1/p' "$tmp/$name.dom" > "$tmp/$name.result"
    # Console messages of the page itself (the probe page's own are not its fault).
    grep -F ':CONSOLE' "$tmp/$name.log" | grep -F "$page" > "$tmp/$name.console" || true
}

# A self-contained page: no script, no stylesheet or image from elsewhere, and every
# link to a file of its own directory that exists.
self_contained() {
    local page=$1 dir l bad=
    dir=$(dirname "$page")
    ! grep -qiE '<script|<link |<iframe|@import' "$page" || return 1
    ! grep -qiE '(src|href)="(https?:|//|/)|url\(["'"'"']?(https?:|//|/)' "$page" || return 1
    for l in $(grep -oE 'href="[^"#]+"' "$page" | sed 's/^href="//; s/"$//'); do
        [ -e "$dir/$(printf '%b' "${l//%/\\x}")" ] || bad+=" $l"
    done
    [ -z "$bad" ] || { echo "missing:$bad" >&2; return 1; }
}

# ---- the shipped run's page -------------------------------------------------------------
ex=$ROOT/docs/examples/basic-handover
cp -R "$ex" "$tmp/run"
t "lib/report-html.sh writes report.html for the shipped run" lib/report-html.sh "$tmp/run"
page=$tmp/run/report.html
t "report.html is self-contained: no script, no outside reference, every link there" self_contained "$page"
t "report.html has the run's parameters, phases, BU/BA table and file links" \
    bash -c "grep -q 'id=\"parameters\"' '$page' && grep -q '>registration<' '$page' && grep -q 'Binding Update accepted' '$page' && grep -q 'href=\"air.pcap\"' '$page'"
inspect "$page" run
result=$(cat "$tmp/run.result")
t "chromium loads report.html (${result:0:60})" grep -q '^loaded title=\[mip6lab: basic-handover' "$tmp/run.result"
if [[ $result =~ svgs=([0-9]+)\ svg\ ([0-9]+)x([0-9]+)\ shapes=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] \
    && [ "${BASH_REMATCH[2]}" -ge 300 ] && [ "${BASH_REMATCH[3]}" -ge 100 ] && [ "${BASH_REMATCH[4]}" -ge 20 ]; then
    ok "the timeline SVG is drawn (${BASH_REMATCH[2]}x${BASH_REMATCH[3]} px, ${BASH_REMATCH[4]} shapes)"
else
    fail "the timeline SVG is drawn" "$result"
fi
t "no console message from report.html$( [ -s "$tmp/run.console" ] && echo ": $(head -c 200 "$tmp/run.console")")" test ! -s "$tmp/run.console"
rm -f "$out/report.png"
browser --window-size=1200,2600 --screenshot="$PWD/$out/report.png" "file://$page" >/dev/null 2>&1 || true
t "screenshot kept: $out/report.png" test -s "$out/report.png"

# ---- a batch summary page ----------------------------------------------------------------
# A real batch's summary (./run.sh --runs 1 dad), its runs as the VM leaves them: a
# report.json, no page yet.
runs=$(jq -r '.scenarios[].run_list[].dir' "$ROOT/tests/docs/batch-summary.json")
for r in $runs; do
    mkdir -p "$tmp/batch/$r"
    cp "$tmp/run/report.json" "$tmp/run/timeline.svg" "$tmp/batch/$r/"
done
jq --arg b "$tmp/batch" '.batch = $b | .scenarios[].dir |= ($b + "/" + .) | .scenarios[].run_list[].dir |= ($b + "/" + .)' \
    "$ROOT/tests/docs/batch-summary.json" > "$tmp/batch/summary.json"
t "lib/report-html.sh --batch writes the batch's report.html" lib/report-html.sh --batch "$tmp/batch"
t "... and the pages of its runs that had none" bash -c 'for r in $1; do test -s "$2/$r/report.html" || exit 1; done' _ "$runs" "$tmp/batch"
t "the batch page is self-contained and links each run's page" self_contained "$tmp/batch/report.html"
t "the batch page has the per-metric statistics (blackout_minus_l2_ms, median, p95)" \
    bash -c "grep -q 'blackout_minus_l2_ms' '$tmp/batch/report.html' && grep -q '<th>p95</th>' '$tmp/batch/report.html'"
inspect "$tmp/batch/report.html" batch
t "chromium loads the batch page ($(cut -c1-50 "$tmp/batch.result"))" grep -q '^loaded title=\[mip6lab batch' "$tmp/batch.result"
t "no console message from the batch page" test ! -s "$tmp/batch.console"
rm -f "$out/batch.png"
browser --window-size=1200,1400 --screenshot="$PWD/$out/batch.png" "file://$tmp/batch/report.html" >/dev/null 2>&1 || true
t "screenshot kept: $out/batch.png" test -s "$out/batch.png"

# ---- the checks catch what they are for -----------------------------------------------------
mkdir -p "$tmp/bad"
printf '<!DOCTYPE html><html><head><title>bad</title></head><body><svg width="10" height="10"></svg><script>undefinedFunction();</script></body></html>\n' > "$tmp/bad/report.html"
inspect "$tmp/bad/report.html" bad
t "self-test: a page with a script error is caught (console message seen)" test -s "$tmp/bad.console"
t "self-test: a page with a script is not self-contained" bash -c "$(declare -f self_contained); ! self_contained '$tmp/bad/report.html' 2>/dev/null"

# ---- the script's command line ---------------------------------------------------------------
rc=0; lib/report-html.sh >/dev/null 2>&1 || rc=$?
t "report-html.sh without an argument: usage, exit 2" test "$rc" = 2
rc=0; lib/report-html.sh "$tmp/bad" >/dev/null 2>&1 || rc=$?
t "report-html.sh on a directory without report.json: exit 1" test "$rc" = 1
summary
