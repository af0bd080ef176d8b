#!/usr/bin/env bash
# mip6d's wire path on THIS host's kernel (run on the host, not in the lab VM): the
# lab VM's Debian kernel has IPV6_MIP6; this one may not (6.18 here has neither
# IPV6_MIP6 nor ip6_tunnel, so mip6d itself cannot run). A BU with a Home Address
# option and a BA with a type 2 routing header, sent whole through IPPROTO_RAW, must
# reach an AF_PACKET socket on the other end of a veth pair with their checksums intact.
#
#   ns m6wa  a0 2001:db8:1::2 (the MN's CoA) ==veth== b0 2001:db8:1::1  ns m6wb (the HA)
# Exit 4: not root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 4; }
WORK=$(mktemp -d /tmp/host-wire.XXXXXX)
cleanup() { ip netns del m6wa 2>/dev/null || true; ip netns del m6wb 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# The codec without return routability's crypto (common/rr.c, libcrypto): the probe
# needs none of it.
codec=()
for f in "$ROOT"/common/*.c; do [ "${f##*/}" = rr.c ] || codec+=("$f"); done
gcc -std=gnu11 -O1 -D_GNU_SOURCE -I"$ROOT/common" -o "$WORK/wire-probe" \
    "$here/wire-probe.c" "${codec[@]}"
echo "kernel $(uname -r)"
ip netns add m6wa
ip netns add m6wb
ip link add a0 netns m6wa type veth peer name b0 netns m6wb
for n in m6wa:a0 m6wb:b0; do ip -n "${n%:*}" link set lo up; ip -n "${n%:*}" link set "${n#*:}" up; done
ip -n m6wa -6 addr add 2001:db8:1::2/64 dev a0 nodad
ip -n m6wb -6 addr add 2001:db8:1::1/64 dev b0 nodad

# exchange RECEIVER_NS SENDER_NS KIND SRC DST: what the receiver's packet socket saw.
exchange() {
    ip netns exec "$1" "$WORK/wire-probe" recv 5 > "$WORK/rx" &
    local rx=$!
    # The receiver's socket must exist before the packet leaves.
    wait_for 5 bash -c "ip netns exec $1 ss -0 -a -H | grep -q ."
    ip netns exec "$2" "$WORK/wire-probe" "$3" "$4" "$5" 2001:db8::beef || return 1
    wait $rx && cat "$WORK/rx"
}
bu_arrives() { [ "$(exchange m6wb m6wa send-bu 2001:db8:1::2 2001:db8:1::1)" = "BU hao 1 rh2 0 checksum ok" ]; }
ba_arrives() { [ "$(exchange m6wa m6wb send-ba 2001:db8:1::1 2001:db8:1::2)" = "BA hao 0 rh2 1 checksum ok" ]; }
t "BU with HAO sent raw arrives at the packet socket, checksum ok" bu_arrives
t "BA with RH2 sent raw arrives at the packet socket, checksum ok" ba_arrives
summary
