# shellcheck shell=bash
# What the handover does to a call and a video (issue 18): MIP6LAB_STREAM=voice|video
# (or both, comma-separated) runs application streams between the correspondent and
# the mobile node's home address across the move, in any scenario. They start where
# the probe starts (probe_start calls stream_start) and stop where it stops
# (probe_stop calls stream_stop); mip6-analyze reports them (docs/analyzer.md, "RTP
# streams"), and after the analysis a video run gets its filmstrip (stream_analysis,
# called by run.sh's analyze).
#
#   voice  a G.711 call in both directions: build/mip6-rtp, 160-byte mu-law payloads
#          every 20 ms (PT 0), cn -> HoA port 5004 (SSRC 1001) and HoA -> cn port 5006
#          (SSRC 1002), each received by `mip6-rtp recv`, whose log has every packet
#          and the loss its sequence numbers show.
#   video  ffmpeg: a 320x240, 15 frame/s test pattern with its frame number and clock
#          drawn in, H.264, encoded before the move (media/clip.mkv, looped), sent over
#          RTP (PT 96, SSRC 1003) from cn to HoA port 5008 and recorded on the MN by
#          ffmpeg from an SDP file (media/video-received.mkv, each frame stamped with
#          its arrival time); the filmstrip of the frames around the move is
#          filmstrip.png, with the move, the L2 join and the BA marked.
#
# Parameters (environment):
#   MIP6LAB_STREAM          voice, video or voice,video (default: none)
#   MIP6LAB_STREAM_SECONDS  the call lasts at least this long, from its start to
#                           probe_stop (0-600, default 20): its MOS is over the call
#   MIP6LAB_STREAM_PRIO     the senders' scheduling, spawn's values (default rr:20,
#                           as the probe: a correspondent on a machine of its own)
#   MIP6LAB_VIDEO_CLIP      seconds of video encoded before the move, then looped
#                           (2-120, default 20)
# Files: logs/stream-*.log (each sender's and receiver's own account), media/,
# filmstrip.png, logs/filmstrip.log.

STREAM_VOICE_DOWN_PORT=5004 STREAM_VOICE_UP_PORT=5006 STREAM_VIDEO_PORT=5008
STREAM_VOICE_DOWN_SSRC=1001 STREAM_VOICE_UP_SSRC=1002 STREAM_VIDEO_SSRC=1003
STREAM_KINDS=()
STREAM_STARTED=

# stream_wants KIND: MIP6LAB_STREAM asks for KIND.
stream_wants() { [[ ,${MIP6LAB_STREAM:-}, == *,$1,* ]]; }

# MIP6LAB_VIDEO_CLIP (default 20) is an integer from 2 to 120.
stream_clip_valid() {
    [[ ${MIP6LAB_VIDEO_CLIP:-20} =~ ^[0-9]+$ ]] && [ "${MIP6LAB_VIDEO_CLIP:-20}" -ge 2 ] \
        && [ "${MIP6LAB_VIDEO_CLIP:-20}" -le 120 ]
}

# The parameters, checked as the scenario library is sourced (before the lab is up).
stream_validate() {
    local k
    STREAM_KINDS=()
    [ -n "${MIP6LAB_STREAM:-}" ] || return 0
    for k in ${MIP6LAB_STREAM//,/ }; do
        case "$k" in
            voice|video) [[ " ${STREAM_KINDS[*]} " == *" $k "* ]] || STREAM_KINDS+=("$k") ;;
            *) die "MIP6LAB_STREAM=$MIP6LAB_STREAM: expected voice, video or voice,video" ;;
        esac
    done
    [[ ${MIP6LAB_STREAM_SECONDS:-20} =~ ^[0-9]+$ ]] && [ "${MIP6LAB_STREAM_SECONDS:-20}" -le 600 ] \
        || die "MIP6LAB_STREAM_SECONDS=$MIP6LAB_STREAM_SECONDS: expected an integer from 0 to 600"
    stream_clip_valid || die "MIP6LAB_VIDEO_CLIP=$MIP6LAB_VIDEO_CLIP: expected an integer from 2 to 120"
    if stream_wants video; then
        command -v ffmpeg >/dev/null || die "MIP6LAB_STREAM=video needs ffmpeg: apt-get install -y ffmpeg"
    fi
    [ -x "$MIP6LAB_BIN/mip6-rtp" ] || ! stream_wants voice || die "build/mip6-rtp is missing: run make"
}

# udp_bound NODE PORT: a UDP socket in NODE's namespace is bound to PORT (read from
# /proc/PID/net/udp6 of a lab process there: no exec while the lab runs).
udp_bound() {
    local port f
    printf -v port '%04X' "$2"
    node_pid "$1" || return 1
    while read -r _ f _; do
        [ "${f##*:}" = "$port" ] && return 0
    done < "/proc/$REPLY/net/udp6"
    return 1
}

# udp_drained NODE PORT: nothing waits in the receive queue of NODE's socket on PORT.
udp_drained() {
    local port f q
    printf -v port '%04X' "$2"
    node_pid "$1" || return 1
    while read -r _ f _ _ q _; do
        [ "${f##*:}" = "$port" ] && [ "${q#*:}" != 00000000 ] && return 1
    done < "/proc/$REPLY/net/udp6"
    return 0
}

pid_gone() { ! kill -0 "$1" 2>/dev/null; }

# stream_prio PID SPEC: every thread of PID to spawn's scheduling SPEC (normal, nice:N,
# rr:N, idle). ffmpeg starts at SCHED_IDLE and gets its real scheduling once running:
# its start-up (seconds of emulated CPU loading its libraries) would otherwise starve
# the captures, which run at SCHED_IDLE, and the lab's daemons.
stream_prio() {
    case "$2" in
        normal) chrt -a --other -p 0 "$1" ;;
        nice:*) chrt -a --other -p 0 "$1" && renice -n "${2#nice:}" -p "$1" >/dev/null ;;
        rr:*) chrt -a --rr -p "${2#rr:}" "$1" ;;
        idle) chrt -a --idle -p 0 "$1" ;;
        *) die "MIP6LAB_STREAM_PRIO: '$2' is not normal, nice:N, rr:N or idle" ;;
    esac
}

# stream_log_has FILE TEXT
stream_log_has() { [ -f "$1" ] && [[ $(< "$1") == *"$2"* ]]; }

# stream_start CN HOA: the streams MIP6LAB_STREAM asks for, between CN and the mobile
# node whose home address is HOA; once (the first probe).
stream_start() {
    local cn=$1 hoa=${2%/*} mn= l k
    [ ${#STREAM_KINDS[@]} -gt 0 ] && [ -z "$STREAM_STARTED" ] || return 0
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        [ "${4%/*}" = "$hoa" ] && mn=$1
    done
    [ -n "$mn" ] || die "no mobile node has the home address $hoa (streams)"
    STREAM_STARTED=1 STREAM_MN=$mn STREAM_CN=$cn STREAM_HOA=$hoa
    mkdir -p "$RUN_DIR/media"
    for k in "${STREAM_KINDS[@]}"; do "stream_${k}_start"; done
    STREAM_T0=$EPOCHREALTIME
}

stream_voice_start() {
    local mn=$STREAM_MN cn=$STREAM_CN hoa=$STREAM_HOA cna=$TOPO_CN_ADDR
    local prio=${MIP6LAB_STREAM_PRIO:-rr:20} l=$RUN_DIR/logs
    # Receivers first: a packet that finds no socket would be in the capture but not
    # in the receiver's log.
    spawn "$mn" stream-recv-voice "$l/stream-voice-recv-$mn.log" "$MIP6LAB_BIN/mip6-rtp" recv "$STREAM_VOICE_DOWN_PORT"
    STREAM_RECV_VOICE_MN=$SPAWNED_PID
    spawn "$cn" stream-recv-voice "$l/stream-voice-recv-$cn.log" "$MIP6LAB_BIN/mip6-rtp" recv "$STREAM_VOICE_UP_PORT"
    STREAM_RECV_VOICE_CN=$SPAWNED_PID
    busywait 10000 udp_bound "$mn" "$STREAM_VOICE_DOWN_PORT" || die "mip6-rtp recv did not bind port $STREAM_VOICE_DOWN_PORT on $mn"
    busywait 10000 udp_bound "$cn" "$STREAM_VOICE_UP_PORT" || die "mip6-rtp recv did not bind port $STREAM_VOICE_UP_PORT on $cn"
    event "$cn" stream-start kind=voice "src=$cna" "dst=$hoa" "dport=$STREAM_VOICE_DOWN_PORT" \
        "ssrc=$STREAM_VOICE_DOWN_SSRC" pt=0 clock=8000 "tx=$cn" "rx=$mn"
    SPAWN_PRIO=$prio spawn "$cn" stream-send-voice "$l/stream-voice-send-$cn.log" "$MIP6LAB_BIN/mip6-rtp" send \
        -S "$STREAM_VOICE_DOWN_SSRC" -p "$STREAM_VOICE_DOWN_PORT" "$hoa" "$STREAM_VOICE_DOWN_PORT"
    # The MN's call leaves from its home address, wherever it is.
    event "$mn" stream-start kind=voice "src=$hoa" "dst=$cna" "dport=$STREAM_VOICE_UP_PORT" \
        "ssrc=$STREAM_VOICE_UP_SSRC" pt=0 clock=8000 "tx=$mn" "rx=$cn"
    SPAWN_PRIO=$prio spawn "$mn" stream-send-voice "$l/stream-voice-send-$mn.log" "$MIP6LAB_BIN/mip6-rtp" send \
        -S "$STREAM_VOICE_UP_SSRC" -a "$hoa" -p "$STREAM_VOICE_UP_PORT" "$cna" "$STREAM_VOICE_UP_PORT"
    busywait 5000 stream_log_has "$l/stream-voice-recv-$mn.log" " ssrc=$STREAM_VOICE_DOWN_SSRC " \
        || die "the voice stream $cn -> $hoa did not arrive (see $l/stream-voice-recv-$mn.log)"
    busywait 5000 stream_log_has "$l/stream-voice-recv-$cn.log" " ssrc=$STREAM_VOICE_UP_SSRC " \
        || die "the voice stream $hoa -> $cn did not arrive (see $l/stream-voice-recv-$cn.log)"
    step scenario "voice call $cn <-> $hoa running (G.711, 20 ms packets, mip6-rtp)"
}

# The test pattern: frame number at the top, stream clock at the bottom.
stream_video_filter() {
    printf '%s' "drawtext=font=Mono:fontsize=26:fontcolor=white:box=1:boxcolor=black@0.7:x=8:y=8:text='frame %{frame_num}',"
    printf '%s' "drawtext=font=Mono:fontsize=26:fontcolor=yellow:box=1:boxcolor=black@0.7:x=8:y=202:text='%{pts\\:hms}'"
}

# stream_video_clip_key CLIP: the cache's name for a clip of CLIP seconds of this pattern
# made by this ffmpeg, in REPLY (the VM runs the host's ffmpeg: the same name there).
stream_video_clip_key() {
    local key
    key=$(printf '%s\n' "$1" "$(stream_video_filter)" "$(stat -Lc %s-%Y "$(command -v ffmpeg)")" | cksum)
    REPLY=${MIP6LAB_RESULTS:-$MIP6LAB_ROOT/results}/.cache/video-${key%% *}
}

# stream_video_encode CLIP DIR LOG: DIR/clip.mkv (CLIP seconds of the pattern) and
# DIR/video-sender.sdp, ffmpeg's output in LOG. At SCHED_IDLE: in a run, at normal
# priority it starved the captures for its whole length (packets missing from raven's
# capture in a test run).
stream_video_encode() {
    local clip=$1 dir=$2 log=$3
    chrt --idle 0 ffmpeg -hide_banner -nostdin -loglevel warning -y -f lavfi -i "testsrc=size=320x240:rate=15" \
        -t "$clip" -vf "$(stream_video_filter)" -c:v libx264 -preset ultrafast -tune zerolatency \
        -g 15 -bf 0 -pix_fmt yuv420p -b:v 200k "$dir/clip.mkv" > "$log" 2>&1 || return 1
    # The SDP the sender would write (to a port nothing listens on).
    chrt --idle 0 ffmpeg -hide_banner -nostdin -loglevel error -i "$dir/clip.mkv" -c copy -t 0 -f rtp \
        -sdp_file "$dir/video-sender.sdp" "rtp://[::1]:9" >> "$log" 2>&1
}

# stream_video_cache CLIP DIR: keep DIR's clip and SDP in the cache (best effort).
stream_video_cache() {
    local stem
    stream_video_clip_key "$1"; stem=$REPLY
    mkdir -p "${stem%/*}" 2>/dev/null || return 0
    cp "$2/clip.mkv" "$stem.mkv.$$" && mv "$stem.mkv.$$" "$stem.mkv" \
        && cp "$2/video-sender.sdp" "$stem.sdp.$$" && mv "$stem.sdp.$$" "$stem.sdp" || true
}

# stream_video_prepare: on the host, before the VM boots, the clip a video run will
# want (MIP6LAB_VIDEO_CLIP seconds), encoded natively into the cache where there is
# none: under the VM's emulated CPU encoding takes 10-30 s of the run. Quiet; a failure
# or a bad MIP6LAB_VIDEO_CLIP leaves the encoding, or the error, to the run.
stream_video_prepare() {
    local clip=${MIP6LAB_VIDEO_CLIP:-20} tmp
    stream_wants video && stream_clip_valid && command -v ffmpeg >/dev/null || return 0
    stream_video_clip_key "$clip"
    [ ! -s "$REPLY.mkv" ] || [ ! -s "$REPLY.sdp" ] || return 0
    tmp=$(mktemp -d) || return 0
    if stream_video_encode "$clip" "$tmp" "$tmp/log"; then stream_video_cache "$clip" "$tmp"; fi
    rm -rf "$tmp"
}

stream_video_start() {
    local mn=$STREAM_MN cn=$STREAM_CN hoa=$STREAM_HOA cna=$TOPO_CN_ADDR
    local m=$RUN_DIR/media l=$RUN_DIR/logs clip=${MIP6LAB_VIDEO_CLIP:-20} sdp stem
    # Encoding costs tens of seconds of emulated CPU: a clip made before (same length,
    # pattern and ffmpeg; on the host before the VM, stream_video_prepare) is copied from
    # the results' cache instead.
    stream_video_clip_key "$clip"; stem=$REPLY
    if [ -s "$stem.mkv" ] && [ -s "$stem.sdp" ]; then
        cp "$stem.mkv" "$m/clip.mkv"
        cp "$stem.sdp" "$m/video-sender.sdp"
        step scenario "video: ${clip} s of 320x240 at 15 frame/s (H.264), encoded before (${stem#"$MIP6LAB_ROOT"/}.mkv)"
    else
        step scenario "video: encoding ${clip} s of 320x240 at 15 frame/s (H.264) before the move"
        stream_video_encode "$clip" "$m" "$l/stream-video-encode.log" \
            || die "encoding the video failed (see $l/stream-video-encode.log)"
        stream_video_cache "$clip" "$m"
    fi
    # The receiver's SDP: the sender as the connection address, the stream's port; it
    # listens before the first packet.
    sdp=$(< "$m/video-sender.sdp")
    sdp=${sdp//IN IP6 ::1/IN IP6 $cna}
    sdp=${sdp//m=video 9 /m=video $STREAM_VIDEO_PORT }
    printf '%s\n' "$sdp" > "$m/video.sdp"
    SPAWN_PRIO=idle spawn "$mn" stream-recv-video "$l/stream-video-recv-$mn.log" ffmpeg -hide_banner -nostdin -loglevel info \
        -protocol_whitelist file,udp,rtp -analyzeduration 500000 -probesize 65536 \
        -use_wallclock_as_timestamps 1 -i "$m/video.sdp" \
        -c copy -copyts -y "$m/video-received.mkv"
    STREAM_RECV_VIDEO=$SPAWNED_PID
    busywait 60000 udp_bound "$mn" "$STREAM_VIDEO_PORT" || die "ffmpeg did not listen on port $STREAM_VIDEO_PORT on $mn (see $l/stream-video-recv-$mn.log)"
    stream_prio "$STREAM_RECV_VIDEO" normal
    event "$cn" stream-start kind=video "src=$cna" "dst=$hoa" "dport=$STREAM_VIDEO_PORT" \
        "ssrc=$STREAM_VIDEO_SSRC" pt=96 clock=90000 "tx=$cn" "rx=$mn"
    # send_bye: the receiver ends (and closes its file) when the sender does. Packets of
    # at most 1200 bytes: ffmpeg's default (1472, for IPv4) makes IPv6 fragments, and
    # the tunnel adds 40 bytes more.
    SPAWN_PRIO=idle spawn "$cn" stream-send-video "$l/stream-video-send-$cn.log" \
        ffmpeg -hide_banner -nostdin -loglevel info -re -stream_loop -1 -i "$m/clip.mkv" -c copy \
        -f rtp -ssrc "$STREAM_VIDEO_SSRC" -rtpflags send_bye \
        "rtp://[$hoa]:$STREAM_VIDEO_PORT?localport=$STREAM_VIDEO_PORT&pkt_size=1200"
    STREAM_SEND_VIDEO=$SPAWNED_PID
    busywait 60000 stream_log_has "$l/stream-video-recv-$mn.log" "Output #0" \
        || die "the video did not reach $mn's recorder (see $l/stream-video-recv-$mn.log)"
    stream_prio "$STREAM_SEND_VIDEO" "${MIP6LAB_STREAM_PRIO:-rr:20}"
    step scenario "video $cn -> $hoa running (ffmpeg RTP, recorded on $mn)"
}

stream_call_done() {
    local now=${EPOCHREALTIME/./} t0=${STREAM_T0/./}
    (( 10#$now - 10#$t0 >= ${MIP6LAB_STREAM_SECONDS:-20} * 1000000 ))
}

# stream_stop: the streams end (senders first), the receivers take what is in flight.
stream_stop() {
    [ -n "$STREAM_STARTED" ] || return 0
    local mn=$STREAM_MN cn=$STREAM_CN
    STREAM_STARTED=
    busywait $(( (${MIP6LAB_STREAM_SECONDS:-20} + 1) * 1000 )) stream_call_done || true
    stop_named 'stream-send-*'
    if stream_wants voice; then
        busywait 3000 udp_drained "$mn" "$STREAM_VOICE_DOWN_PORT" || true
        busywait 3000 udp_drained "$cn" "$STREAM_VOICE_UP_PORT" || true
        stop_pids "$STREAM_RECV_VOICE_MN" "$STREAM_RECV_VOICE_CN"
        event "$cn" stream-stop kind=voice
    fi
    if stream_wants video; then
        # The RTCP BYE ends the recorder, which then finishes its file.
        busywait 20000 pid_gone "$STREAM_RECV_VIDEO" || { warn "the video recorder did not end on the sender's BYE"; stop_pids "$STREAM_RECV_VIDEO"; }
        event "$cn" stream-stop kind=video
    fi
    step scenario "streams stopped (logs/stream-*.log)"
}

# stream_analysis: after mip6-analyze (run.sh's analyze): the filmstrip of a video run.
# Never fails the run: a missing picture is a warning.
stream_analysis() {
    stream_wants video || return 0
    stream_filmstrip "$RUN_DIR" > "$RUN_DIR/logs/filmstrip.log" 2>&1 \
        && step analysis "filmstrip.png (the video as $STREAM_MN recorded it around the move)" \
        || warn "no filmstrip (see $RUN_DIR/logs/filmstrip.log)"
}

# stream_filmstrip DIR: DIR/filmstrip.png, 16 tiles (8 x 2) of what the recorder had
# shown at evenly spaced times around the first move: the video stream's gap from
# report.json, with 0.4 s before and 0.6 s after; a tile repeats the last frame
# received (a frozen picture), each is labelled with its time from the move, and the
# tile of the move, of the L2 join and of the BA says so.
stream_filmstrip() {
    local dir=$1 vals a b step fps vf ev name t color row=0
    local t_move l2 ba gs ge
    vals=$(jq -r --argjson ssrc "$STREAM_VIDEO_SSRC" '
        ([.streams[] | select(.ssrc == $ssrc) | .index] | first) as $i
        | .handovers[0] as $h
        | [$h.times.t_move, $h.times.l2_join, $h.times.t_ba,
           ([$h.streams[]? | select(.stream == $i)] | first | .last_before, .first_after)]
        | map(if . == null then "-" else tostring end) | join(" ")' "$dir/report.json") || return 1
    read -r t_move l2 ba gs ge <<<"$vals"
    [ "$t_move" != - ] || { echo "no move in report.json"; return 1; }
    [ -s "$dir/media/video-received.mkv" ] || { echo "no recording"; return 1; }
    read -r a b step fps < <(awk -v m="$t_move" -v gs="$gs" -v ge="$ge" -v ba="$ba" 'BEGIN {
        a = m; b = m + 2
        if (gs != "-" && gs < a) a = gs
        if (ge != "-" && ge > b - 0.6) b = ge + 0.6
        if (ba != "-" && ba + 0.3 > b) b = ba + 0.3
        a -= 0.4; s = (b - a) / 15
        printf "%.6f %.6f %.6f %.6f\n", a, b, s, 1 / s }')
    # Sixteen frames on the fps grid from a (each within half a step of a + k step).
    vf="fps=fps=$fps:start_time=$a,trim=start=$a:end=$(awk -v a="$a" -v s="$step" 'BEGIN { printf "%.6f", a + 16.4 * s }'),"
    vf+="scale=160:120,pad=160:198:0:0:black,"
    vf+="drawtext=font=Mono:fontsize=12:fontcolor=white:x=4:y=124:text='%{eif\\:(t-$t_move)*1000\\:d} ms'"
    for ev in "move $t_move white" "L2_join $l2 orange" "BA $ba lime" "video_resumes $ge cyan"; do
        read -r name t color <<<"$ev"
        [ "$t" != - ] || continue
        row=$((row + 1))
        # On the tile that is the first to show a time at or after the event.
        vf+=",drawtext=font=Sans:fontsize=12:fontcolor=$color:x=4:y=$((124 + 14 * row)):"
        vf+="enable='gte(t,$t)*lt(t-$step,$t)':text='${name//_/ } $(awk -v t="$t" -v m="$t_move" 'BEGIN { printf "%+.0f ms", (t - m) * 1000 }')'"
    done
    vf+=",tile=8x2,pad=iw:ih+22:0:22:black,drawtext=font=Sans:fontsize=13:fontcolor=white:x=6:y=4:"
    vf+="text='$STREAM_MN recorded the video around the move\\: one tile every $(awk -v s="$step" 'BEGIN { printf "%.0f", s * 1000 }') ms (a repeated frame is a frozen picture)'"
    echo "window $a - $b, step $step s; move $t_move, L2 join $l2, BA $ba, video gap $gs - $ge"
    ffmpeg -hide_banner -nostdin -loglevel warning -y -copyts \
        -ss "$(awk -v a="$a" 'BEGIN { printf "%.3f", a - 3 }')" -i "$dir/media/video-received.mkv" \
        -vf "$vf" -frames:v 1 -update 1 "$dir/filmstrip.png"
}

stream_validate
