#!/usr/bin/env bash
# report-html.sh RUN_DIR            writes RUN_DIR/report.html
# report-html.sh --batch BATCH_DIR  writes BATCH_DIR/report.html
#
# One self-contained page per run, for a browser without network: the run's parameters
# (params.json, when run.sh wrote one), the handover phases and timeline points, the
# BU/BA exchanges (all from the analyzer's report.json), the timeline picture
# (timeline.svg, inlined) and links to every file of the run (pcaps, logs, transcript).
# For a --runs batch, a summary page from summary.json: per scenario the runs, the
# per-metric statistics, the expectations' verdicts, and a link to each run's page
# (made here for the runs that have a report.json and no page yet).
# Inline CSS only, no script, no external reference. Needs jq.
set -euo pipefail

usage() {
    echo "usage: report-html.sh RUN_DIR | --batch BATCH_DIR" >&2
    exit 2
}

# The style of both pages.
css() {
    cat <<'CSS'
body { font-family: sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em; color: #222; line-height: 1.35; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar { width: 18em; }
.barfill { display: block; height: 0.9em; background: #6d9eeb; min-width: 1px; }
.na { color: #999; font-style: italic; }
.ok { color: #1a7f37; font-weight: bold; }
.bad { color: #b42318; font-weight: bold; }
.timeline svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
code, .mono { font-family: monospace; font-size: 0.95em; }
ul.files { columns: 2; font-family: monospace; font-size: 0.92em; }
footer { margin-top: 2em; color: #666; font-size: 0.85em; }
CSS
}

# run_page DIR: the page of one run on stdout.
run_page() {
    local dir=$1 svg=/dev/null params=/dev/null film=/dev/null
    [ -s "$dir/report.json" ] || { echo "report-html.sh: no report.json in $dir" >&2; exit 1; }
    [ -s "$dir/timeline.svg" ] && svg=$dir/timeline.svg
    [ -s "$dir/params.json" ] && params=$dir/params.json
    # A video run's filmstrip (scenarios/lib-stream.sh), inlined like the timeline.
    if [ -s "$dir/filmstrip.png" ]; then
        film=$(mktemp)
        base64 -w0 "$dir/filmstrip.png" > "$film"
    fi
    # Every file of the run but the page itself, with its size, for the links.
    (cd "$dir" && find . -type f ! -name 'report.html*' -printf '%P\t%s\n' | LC_ALL=C sort) |
    jq -R -r -n --arg css "$(css)" --arg run "$(basename "$dir")" \
        --slurpfile report "$dir/report.json" --rawfile svg "$svg" \
        --rawfile params "$params" --rawfile film "$film" '
    def h: tostring | @html;
    def ms: if . == null then "<span class=\"na\">not observed</span>"
            else (. * 10 | round / 10 | tostring) + " ms" end;
    def num: if . == null then "<span class=\"na\">-</span>" else tostring end;
    ($report[0]) as $r
    | ([inputs | split("\t") | {path: .[0], size: (.[1] | tonumber)}]) as $files
    | (if $params == "" then {} else ($params | fromjson) end) as $p
    | ($p.run // $run) as $run
    | [
        ["l2", "L2", "l2_join − l2_leave", "the radio: scanning, authentication, association with the new AP"],
        ["movement_detection", "movement detection", "t_ra − l2_join", "learning it is on a new link: waiting for (or soliciting) a Router Advertisement"],
        ["address_configuration", "address configuration", "t_bu − t_ra", "forming the care-of address, its DAD, deciding to register"],
        ["registration", "registration", "t_ba − t_bu", "the BU/BA exchange with the home agent, retransmissions included"],
        ["resume", "resume", "t_resume − t_ba", "the tunnel carrying data again (negative: data taken before the BA)"],
        ["blackout", "blackout", "t_resume − last_data_before", "the whole outage seen by the probe flow"]
      ] as $phases
    | [
        ["t_move", "move (events.log)"], ["l2_leave", "L2 leave: last frame with the old AP"],
        ["l2_join", "L2 join: (re)association response"], ["t_ra", "first RA from the new router"],
        ["t_dad", "DAD probe for the CoA"], ["t_bu", "first BU for the new CoA"],
        ["t_ba", "accepting BA"], ["last_data_before", "last data delivered before the move"],
        ["t_offered", "first data offered after the move"], ["t_resume", "first data delivered after the move"],
        ["t_first_reply", "first echo reply from the HoA"]
      ] as $points
    | ($r.handovers // []) as $hos
    | "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      + "<title>mip6lab: " + ($run | h) + "</title>\n<style>\n" + $css + "</style>\n</head>\n<body>\n"
      + "<header>\n<h1>" + (($p.scenario // ($run | sub("-[0-9]{8}-[0-9]{6}$"; ""))) | h) + "</h1>\n"
      + "<p class=\"sub\">run <span class=\"mono\">" + ($run | h) + "</span> · "
      + ($hos | length | tostring) + " handover(s) · "
      + (($r.bindings // []) | length | tostring) + " binding exchange(s) · "
      + ($r.packets.total | num) + " packets</p>\n</header>\n"

      # Parameters.
      + "<section id=\"parameters\">\n<h2>Run parameters</h2>\n"
      + (if ($p | length) == 0 then "<p class=\"na\">no params.json in this run directory</p>\n"
         else "<table>\n"
           + ([$p | to_entries[] | select(.key != "env")
               | "<tr><th>" + (.key | h) + "</th><td class=\"mono\">" + (.value | h) + "</td></tr>\n"] | join(""))
           + ([($p.env // {}) | to_entries[]
               | "<tr><th class=\"mono\">" + (.key | h) + "</th><td class=\"mono\">" + (.value | h) + "</td></tr>\n"] | join(""))
           + "</table>\n" end)
      + "</section>\n"

      # Handover phases and timeline points.
      + "<section id=\"handovers\">\n<h2>Handover phases</h2>\n"
      + (if ($hos | length) == 0 then "<p class=\"na\">no handover in this run</p>\n" else "" end)
      + ([$hos[] as $ho
          | ([$phases[] | $ho.phases_ms[.[0]] | select(. != null) | fabs] | max // 0) as $top
          | "<h3>Handover " + ($ho.index | h) + ": " + ($ho.from // "?" | h) + " → " + ($ho.to // "?" | h) + "</h3>\n"
            + "<p>new care-of address <span class=\"mono\">" + ($ho.coa // "not observed" | h) + "</span>, "
            + ($ho.bu_count | num) + " BU(s) until accepted, BA status " + ($ho.ba_status | num)
            + "; gap anchored at " + ($ho.gap_anchor // "-" | h) + ", data " + ($ho.data_delivery // "-" | h) + "</p>\n"
            + "<table class=\"phases\">\n<tr><th>phase</th><th>duration</th><th></th><th>=</th><th>what takes the time</th></tr>\n"
            + ([$phases[] as $ph | $ho.phases_ms[$ph[0]] as $v
                | "<tr><td>" + ($ph[1] | h) + "</td><td class=\"num\">" + ($v | ms) + "</td><td class=\"bar\">"
                  + (if $v == null or $top == 0 then ""
                     else "<span class=\"barfill\" style=\"width:" + (($v | fabs) * 100 / $top | . * 10 | round / 10 | tostring) + "%\"></span>" end)
                  + "</td><td class=\"mono\">" + ($ph[2] | h) + "</td><td>" + ($ph[3] | h) + "</td></tr>\n"] | join(""))
            + "</table>\n"
            + "<table class=\"points\">\n<tr><th>point</th><th></th><th>Unix time</th><th>from the move</th></tr>\n"
            + (($ho.times.t_move // ([$ho.times[] | select(. != null)] | min)) as $t0
               | [$points[] as $pt | $ho.times[$pt[0]] as $t
                  | "<tr><td class=\"mono\">" + ($pt[0] | h) + "</td><td>" + ($pt[1] | h) + "</td><td class=\"num\">"
                    + (if $t == null then "<span class=\"na\">not observed</span>" else ($t | tostring) end)
                    + "</td><td class=\"num\">"
                    + (if $t == null or $t0 == null then "" else ((($t - $t0) * 1000) | ms | sub("^"; "+") | sub("^\\+-"; "−")) end)
                    + "</td></tr>\n"] | join(""))
            + "</table>\n"] | join(""))
      + "</section>\n"

      # The timeline picture drawn by the analyzer.
      + "<section id=\"timeline\" class=\"timeline\">\n<h2>Timeline</h2>\n"
      + (if $svg == "" then "<p class=\"na\">no timeline.svg in this run directory</p>\n"
         else ($svg | sub("^<\\?xml[^>]*>\\s*"; "")) + "\n" end)
      + "</section>\n"

      # RTP streams (MIP6LAB_STREAM): each at its receiver, then per handover, then the
      # filmstrip of a video run.
      + (if (($r.streams // []) | length) == 0 and $film == "" then ""
         else "<section id=\"streams\">\n<h2>Streams across the move</h2>\n"
           + "<p>RTP at the capture point of each receiver; late: behind the fastest packet by more than the "
           + ($r.jitter_buffer_ms | num) + " ms jitter buffer; E-model (ITU-T G.107) for G.711 over the whole call "
           + "(docs/analyzer.md).</p>\n<table>\n<tr><th>#</th><th>stream</th><th>receiver</th><th>sent</th>"
           + "<th>received</th><th>lost</th><th>late</th><th>longest gap</th><th>jitter (max)</th>"
           + "<th>one-way delay</th><th>R</th><th>MOS</th></tr>\n"
           + ([($r.streams // [])[]
               | "<tr><td class=\"num\">" + (.index | h) + "</td><td>" + (.kind | h)
                 + (if .direction == "to_mn" then " to the MN" elif .direction == "from_mn" then " from the MN" else "" end)
                 + " <span class=\"mono\">SSRC " + (.ssrc | h) + "</span></td><td class=\"mono\">" + (.receiver // "-" | h)
                 + "</td><td class=\"num\">" + (.sent | num) + "</td><td class=\"num\">" + (.received | num)
                 + "</td><td class=\"num\">" + (.lost | num) + " (" + (.loss_pct | num) + " %)</td><td class=\"num\">"
                 + (.late | num) + "</td><td class=\"num\">" + (.longest_gap.gap_ms | ms) + "</td><td class=\"num\">"
                 + (.jitter_max_ms | ms) + "</td><td class=\"num\">" + (.delay_ms | ms) + "</td><td class=\"num\">"
                 + (.emodel.r // null | num) + "</td><td class=\"num\">" + (.emodel.mos // null | num) + "</td></tr>\n"]
              | join(""))
           + "</table>\n"
           + ([$hos[] as $ho | ($ho.streams // [])[] | select(.gap_ms != null)
               | "<p>Handover " + ($ho.index | h) + ", stream " + (.stream | h) + ": gap " + (.gap_ms | ms)
                 + " (" + (.gap_anchor // "-" | h) + "), " + (.lost_in_gap | num) + " packet(s) lost in it; in the window "
                 + (.lost | num) + " lost, " + (.late | num) + " late</p>\n"] | join(""))
           + (if $film == "" then ""
              else "<h3>What the mobile node showed around the move</h3>\n<p><img alt=\"filmstrip: the video "
                + "as the mobile node recorded it around the move\" style=\"max-width:100%\" src=\"data:image/png;base64,"
                + ($film | rtrimstr("\n")) + "\"></p>\n" end)
           + "</section>\n" end)

      # BU/BA exchanges.
      + "<section id=\"bindings\">\n<h2>Binding Update / Binding Acknowledgement exchanges</h2>\n"
      + "<p>seen at <span class=\"mono\">" + ($r.bindings_point // "-" | h) + "</span>; BU→BA from the first BU of the exchange</p>\n"
      + "<table>\n<tr><th>#</th><th>kind</th><th>home address</th><th>care-of address</th><th>seq</th><th>flags</th>"
      + "<th>BUs</th><th>lifetime asked (s)</th><th>BA status</th><th>lifetime granted (s)</th><th>BU→BA</th></tr>\n"
      + ([($r.bindings // [])[]
          | "<tr><td class=\"num\">" + (.index | h) + "</td><td>" + (.kind | h) + "</td><td class=\"mono\">" + (.hoa | h)
            + "</td><td class=\"mono\">" + (.coa | h) + "</td><td class=\"num\">" + (.seq_first | h)
            + (if .seq_last != .seq_first then "–" + (.seq_last | h) else "" end)
            + "</td><td class=\"mono\">" + (.flags | h) + "</td><td class=\"num\">" + (.transmissions | h)
            + "</td><td class=\"num\">" + (.lifetime_requested_s | num) + "</td><td>"
            + (if .status == null then "<span class=\"na\">no BA</span>"
               else "<span class=\"" + (if .accepted then "ok" else "bad" end) + "\">" + (.status | h) + "</span> "
                    + (.status_text // "" | h) end)
            + "</td><td class=\"num\">" + (.lifetime_granted_s | num) + "</td><td class=\"num\">" + (.rtt_ms | ms) + "</td></tr>\n"]
         | join(""))
      + "</table>\n</section>\n"

      # Packet counters.
      + "<section id=\"packets\">\n<h2>Captures</h2>\n<table>\n<tr><th>capture point</th><th>link type</th><th>packets</th></tr>\n"
      + ([($r.inputs // [])[] | "<tr><td class=\"mono\">" + (.point | h) + (if .mobile_node then " (mobile node)" else "" end)
          + "</td><td class=\"mono\">" + (.linktype | h) + "</td><td class=\"num\">" + (.packets | h) + "</td></tr>\n"] | join(""))
      + "</table>\n<p>Mobility Header messages: "
      + ([($r.mh_types // {}) | to_entries[] | select(.value > 0) | (.key | h) + " " + (.value | tostring)] | join(", ")
         | if . == "" then "none" else . end)
      + ". Checksums verified by the analyzer: Mobility Header " + ($r.checksums.mh_checked | num) + " checked, "
      + ($r.checksums.mh_bad | num) + " bad; ICMPv6 " + ($r.checksums.icmp6_checked | num) + " checked, "
      + ($r.checksums.icmp6_bad | num) + " bad.</p>\n</section>\n"

      # Files.
      + "<section id=\"files\">\n<h2>Files of this run</h2>\n"
      + "<p>The pcaps open in Wireshark or <code>tcpdump -r</code>; <code>mip6-analyze --events events.log *.pcap</code> "
      + "recomputes this report without root.</p>\n<ul class=\"files\">\n"
      + ([$files[] | "<li><a href=\"" + (.path | @uri | gsub("%2F"; "/")) + "\">" + (.path | h) + "</a> ("
          + (if .size >= 10240 then ((.size / 1024 | floor | tostring) + " KiB") else ((.size | tostring) + " B") end)
          + ")</li>\n"] | join(""))
      + "</ul>\n</section>\n"
      + "<footer>Phases and points as defined in mip6lab'"'"'s docs/metrics.md (how the analyzer finds each one: "
      + "docs/analyzer.md). Generated by lib/report-html.sh from report.json and timeline.svg.</footer>\n"
      + "</body>\n</html>"'
    [ "$film" = /dev/null ] || rm -f "$film"
}

# batch_page DIR: the summary page of a --runs batch on stdout.
batch_page() {
    local dir=$1
    [ -s "$dir/summary.json" ] || { echo "report-html.sh: no summary.json in $dir" >&2; exit 1; }
    jq -r --arg css "$(css)" --arg batch "$(basename "$dir")" --arg bdir "$dir" '
    def h: tostring | @html;
    def num: if . == null then "<span class=\"na\">-</span>" else (. * 10 | round / 10 | tostring) end;
    def rel: if startswith($bdir + "/") then .[($bdir | length) + 1:] else . end;
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    + "<title>mip6lab batch: " + ($batch | h) + "</title>\n<style>\n" + $css + "</style>\n</head>\n<body>\n"
    + "<header>\n<h1>Batch " + ($batch | h) + "</h1>\n<p class=\"sub\">"
    + ([.scenarios[].name] | join(", ") | h) + " · verdict: "
    + (if .pass then "<span class=\"ok\">PASS</span>" else "<span class=\"bad\">FAIL</span>" end)
    + "</p>\n</header>\n"
    + ([.scenarios[] as $s
        | "<section id=\"" + ($s.name | h) + "\">\n<h2>" + ($s.name | h) + ": " + ($s.runs_ok | h) + " of " + ($s.runs | h)
          + " runs completed</h2>\n"
          + "<h3>Per-metric statistics (ms unless counted)</h3>\n<table>\n<tr><th>metric</th><th>n</th><th>missing</th>"
          + "<th>min</th><th>median</th><th>p95</th><th>max</th></tr>\n"
          + ([$s.metrics | to_entries[] | "<tr><td class=\"mono\">" + (.key | h) + "</td><td class=\"num\">" + (.value.n | h)
              + "</td><td class=\"num\">" + (.value.missing | h) + "</td><td class=\"num\">" + (.value.min | num)
              + "</td><td class=\"num\">" + (.value.median | num) + "</td><td class=\"num\">" + (.value.p95 | num)
              + "</td><td class=\"num\">" + (.value.max | num) + "</td></tr>\n"] | join(""))
          + "</table>\n"
          + (if ($s.checks | length) == 0 then ""
             else "<h3>Expectations</h3>\n<table>\n<tr><th>verdict</th><th>message</th></tr>\n"
               + ([$s.checks[] | "<tr><td>" + (if .pass then "<span class=\"ok\">PASS</span>" else "<span class=\"bad\">FAIL</span>" end)
                   + "</td><td class=\"mono\">" + (.message | h) + "</td></tr>\n"] | join(""))
               + "</table>\n" end)
          + "<h3>Runs</h3>\n<table>\n<tr><th>run</th><th>exit</th><th>seconds</th><th>report</th></tr>\n"
          + ([$s.run_list[] | (.dir | rel) as $d
              | "<tr><td class=\"num\">" + (.run | h) + "</td><td class=\"" + (if .exit == 0 then "ok" else "bad" end) + "\">"
                + (.exit | h) + "</td><td class=\"num\">" + (.seconds | h) + "</td><td><a href=\""
                + ($d | @uri | gsub("%2F"; "/")) + "/report.html\">" + ($d | h) + "</a></td></tr>\n"] | join(""))
          + "</table>\n</section>\n"] | join(""))
    + "<footer>Statistics over the samples of all runs (a sample is a handover, or a run for per-run metrics): "
    + "median of an even count is the mean of the two middle values, p95 the nearest rank. Metrics as defined in "
    + "mip6lab'"'"'s docs/metrics.md and docs/scenarios.md. Generated by lib/report-html.sh from summary.json.</footer>\n"
    + "</body>\n</html>"' "$dir/summary.json"
}

command -v jq >/dev/null || { echo "report-html.sh: jq is missing (apt-get install -y jq)" >&2; exit 4; }
case "${1:-}" in
    --batch) if [ $# -ne 2 ] || [ ! -d "$2" ]; then usage; fi
             [ -s "$2/summary.json" ] || { echo "report-html.sh: no summary.json in $2" >&2; exit 1; }
             # The runs' own pages first, where the runs (in the VM) left them to us.
             while IFS= read -r d; do
                 if [ ! -s "$d/report.json" ] || [ -e "$d/report.html" ]; then continue; fi
                 run_page "$d" > "$d/report.html.tmp" && mv "$d/report.html.tmp" "$d/report.html"
             done < <(jq -r '.scenarios[].run_list[].dir // empty' "$2/summary.json")
             batch_page "$2" > "$2/report.html.tmp" && mv "$2/report.html.tmp" "$2/report.html" ;;
    -h|--help) echo "usage: report-html.sh RUN_DIR | --batch BATCH_DIR"; exit 0 ;;
    -*|'') usage ;;
    *) if [ $# -ne 1 ] || [ ! -d "$1" ]; then usage; fi
       run_page "$1" > "$1/report.html.tmp" && mv "$1/report.html.tmp" "$1/report.html" ;;
esac
