#!/usr/bin/env bash
# The application streams (issue 18) checked on a real lab run's directory:
#   stream_e2e_checks RUN_DIR   (sourced; tests/e2e/check-verdict.sh runs its dad run
#                                with MIP6LAB_STREAM=voice,video and calls it)
# Each stream flowed before and after the move, the loss mip6-analyze reports from the
# captures is the loss the receiver itself saw (mip6-rtp recv's summary; ffmpeg's
# "RTP: missed N packets"), the voice has an E-model, the timeline a lane per stream,
# and the filmstrip exists and decodes.
# Run directly (inside the VM: backend/vm-exec -- tests/e2e/lib-stream.sh), it makes a
# dad run of its own with both streams and checks it; E2E_STREAM_RESULTS=DIR keeps it.

stream_e2e_checks() {
    local run=$1 j=$1/report.json down up missed
    t "report.json has the three streams (voice both ways, video)" \
        test "$(jq -r '[.streams[] | "\(.kind)/\(.direction)/\(.ssrc)"] | sort | join(" ")' "$j")" \
             = "video/to_mn/1003 voice/from_mn/1002 voice/to_mn/1001"
    for s in 1001 1002 1003; do
        t "stream $s flowed before and after the move" stream_flowed "$j" "$s"
    done
    down=$run/logs/stream-voice-recv-raven.log up=$run/logs/stream-voice-recv-cn.log
    t "voice to the MN: the analyzer's loss is raven's receiver's ($(stream_rtp_lost "$down"))" \
        stream_lost_is "$j" 1001 "$(stream_rtp_lost "$down")"
    t "voice from the MN: the analyzer's loss is cn's receiver's ($(stream_rtp_lost "$up"))" \
        stream_lost_is "$j" 1002 "$(stream_rtp_lost "$up")"
    t "voice to the MN: received as raven's receiver counted" \
        test "$(jq -r '.streams[] | select(.ssrc == 1001) | .received' "$j")" = "$(stream_rtp_received "$down")"
    missed=$(awk '/RTP: missed [0-9]+ packets/ { for (i = 1; i <= NF; i++) if ($i == "missed") n += $(i + 1) }
        END { print n + 0 }' "$run/logs/stream-video-recv-raven.log" 2>/dev/null || true)
    t "video: the analyzer's loss is what ffmpeg's recorder missed ($missed)" stream_lost_is "$j" 1003 "$missed"
    t "voice has an E-model estimate (R and MOS)" \
        jq -e '[.streams[] | select(.kind == "voice") | .emodel.mos] | length == 2 and all(. >= 1 and . <= 4.5)' "$j"
    t "the timeline has a lane per stream" grep -q '>#3 video to MN</text>' "$run/timeline.svg"
    t "filmstrip.png exists" test -s "$run/filmstrip.png"
    t "filmstrip.png decodes (1280 pixels wide)" \
        test "$(ffprobe -v error -select_streams v -show_entries stream=width -of csv=p=0 "$run/filmstrip.png")" = 1280
    t "each side's own account is in logs/ (senders and receivers)" \
        bash -c 'cd "$1/logs" && ls stream-voice-send-cn.log stream-voice-send-raven.log stream-voice-recv-cn.log \
                 stream-voice-recv-raven.log stream-video-send-cn.log stream-video-recv-raven.log' _ "$run"
}

# stream_flowed REPORT SSRC: received before the move and after the stream's gap around it.
stream_flowed() {
    jq -e --argjson s "$2" '(.streams[] | select(.ssrc == $s)) as $x | .handovers[0] as $h
        | ($h.streams[] | select(.ssrc == $s)) as $g
        | $x.first_received < $h.times.t_move and $g.first_after != null
          and $x.last_received > $g.first_after and $x.received > 0' "$1"
}
stream_lost_is() { test "$(jq -r --argjson s "$2" '.streams[] | select(.ssrc == $s) | .lost' "$1")" = "$3"; }
stream_rtp_lost() { sed -n 's/^.* expected (.*), \([0-9-]*\) lost,.*$/\1/p' "$1"; }
stream_rtp_received() { sed -n 's/^\([0-9]*\) received, .* expected .*$/\1/p' "$1"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    . "$(dirname "$0")/lib.sh"
    cd "$ROOT"
    export MIP6LAB_RESULTS=${E2E_STREAM_RESULTS:-/tmp/e2e-stream-$$}
    rc=0
    MIP6LAB_STREAM=voice,video MIP6LAB_STREAM_SECONDS=0 MIP6LAB_VIDEO_CLIP=4 \
        ./run.sh --backend native dad || rc=$?
    t "dad with MIP6LAB_STREAM=voice,video exits 0" [ "$rc" = 0 ]
    stream_e2e_checks "$(readlink -f "$MIP6LAB_RESULTS/latest")"
    t "teardown leaves no namespaces, radios or processes" nothing_left
    [ -n "${E2E_STREAM_RESULTS:-}" ] || rm -rf "$MIP6LAB_RESULTS"
    summary
fi
