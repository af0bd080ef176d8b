# shellcheck shell=bash
# Shared by the mip6d tests on veth and bridges (daemon-veth.sh, daemon-dad-conflict.sh):
# the undo stack, the prerequisites, radvd on the HA's two bridges, the article's MN
# configuration and the VT helpers. Source after lib.sh, with WORK set (KEEP_WORK=1
# keeps it).

UNDO=()
defer() { UNDO+=("$*"); }
cleanup() {
    local i
    for ((i = ${#UNDO[@]} - 1; i >= 0; i--)); do eval "${UNDO[i]}" >/dev/null 2>&1 || true; done
    if [ -n "${KEEP_WORK:-}" ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

skip() { echo "SKIP: $*"; exit 4; }

# veth_prereqs: root and ip6_tunnel, else exit 4 (run it in the lab VM).
veth_prereqs() {
    [ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
    modprobe ip6_tunnel 2>/dev/null || true
    [ -d /sys/module/ip6_tunnel ] || skip "kernel has no ip6_tunnel (run it in the lab VM)"
}

# Print a command before running it, as a transcript.
nsx() { local ns=$1; shift; echo "[$ns]# $*"; ip netns exec "$ns" "$@"; }

# veth_radvd NS: radvd in NS on brhome (the home prefix, H flag, 1-3 s RAs) and brremote
# (the foreign prefix, 3-4 s RAs).
veth_radvd() {
    cat > "$WORK/radvd.conf" <<X
interface brhome {
    AdvSendAdvert on; AdvIntervalOpt on; AdvHomeAgentFlag on;
    MinRtrAdvInterval 1; MaxRtrAdvInterval 3; MinDelayBetweenRAs 0.5;
    prefix 2001:db8::/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };
};
interface brremote {
    AdvSendAdvert on; AdvIntervalOpt on;
    MinRtrAdvInterval 3; MaxRtrAdvInterval 4; MinDelayBetweenRAs 0.5;
    prefix 2001:db8:1::/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };
};
X
    ip netns exec "$1" radvd -n -C "$WORK/radvd.conf" -p "$WORK/radvd.pid" -m logfile \
        -l "$WORK/radvd.log" &
    defer kill $!
}

# veth_mn_conf FILE: the article's MN configuration, on mn0.
veth_mn_conf() {
    cat > "$1" <<'X'
NodeConfig MN;
DebugLevel 7;
UseMnHaIPsec disabled;
DoRouteOptimizationMN disabled;
DoRouteOptimizationCN disabled;
Interface "mn0";
MnHomeLink "mn0" {
        HomeAddress 2001:db8::beef/64;
        HomeAgentAddress 2001:db8::;
}
X
}

vt() {   # vt NS COMMAND: one VT command, its answer on stdout
    ip netns exec "$1" timeout 3 bash -c \
        'exec 3<>/dev/tcp/127.0.0.1/7777 && printf "%s\nquit\n" "$0" >&3 && cat <&3' "$2" 2>/dev/null
}
# Read whole, then searched: grep -q in the pipe could leave at the first match, cat die
# of SIGPIPE and pipefail call it a miss.
vt_has() { local out; out=$(vt "$1" "$2") || return 1; grep -q -- "$3" <<<"$out"; }
vt_lacks() { local out; out=$(vt "$1" "$2") || return 1; ! grep -q -- "$3" <<<"$out"; }
