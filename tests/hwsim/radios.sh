#!/usr/bin/env bash
# mip6-hwsim against the real mac80211_hwsim module: creation, moving into network
# namespaces, and deletion by prefix, including what the kernel does with radios
# when their namespace goes away. Needs root and a kernel with mac80211_hwsim; here
# that means the VM:   backend/vm-exec -- tests/hwsim/radios.sh
#
#   initial namespace                          namespaces made by this test
#   -----------------                          ----------------------------
#   phy0 (the module's own radio, radios=1,    $NS      <- $P-c, netdev renamed wlan0
#         or whatever was there before:        $NS-hold <- $P-c while a process lives in it
#         must survive every del-prefix)       $NS-del  <- $P-c, deleted from inside
#   $P-a  $P-b  $P-c  (created here, then      $NS-own  <- $P-own created in there
#                      moved as on the right)  $NS-all  <- $P-d, for del-prefix --all-netns
#
# Exit status: 0 all passed, 1 some failed, 4 cannot run here (reason on one line).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HWSIM=${MIP6_HWSIM:-$ROOT/build/mip6-hwsim}
P=mip6lab-hwsimtest		# the lab's prefix, plus a word of our own
NS=mip6lab-hwsimtest

passed=0 failed=0
loaded_module=0
holder=

skip() { echo "SKIP: $*"; exit 4; }

check() {		# check DESCRIPTION COMMAND...: one result line
	local desc=$1
	shift
	if "$@"; then
		printf 'TEST: %-70s [ OK ]\n' "$desc"
		passed=$((passed + 1))
	else
		printf 'TEST: %-70s [FAIL]\n' "$desc"
		failed=$((failed + 1))
	fi
}

run() {			# prints the command, as a transcript, then runs it
	echo "# $*" >&2
	"$@"
}

# busywait TIMEOUT_MS COMMAND...: true as soon as COMMAND is, false at the timeout.
busywait() {
	local deadline=$(( $(date +%s%3N) + $1 ))
	shift
	until "$@"; do
		[ "$(date +%s%3N)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}

# Outputs are captured before grep: with pipefail, grep -q closing the pipe early
# would fail the producer with SIGPIPE.
visible() { local l; l=$("$HWSIM" list --prefix "$1") && grep -q "^$1 " <<<"$l"; }
visible_in() { local l; l=$("$HWSIM" --netns "$1" list --prefix "$2") && grep -q "^$2 " <<<"$l"; }
# /sys/class/ieee80211 only shows the wiphys of our own namespace, while the
# module's hwsimN devices (N = radio id) are global: "is it gone" asks the latter.
wiphy_exists() { [ -e "/sys/class/ieee80211/$1" ]; }
all_exist() { local n; for n; do wiphy_exists "$n" || return 1; done; }
alive() { [ -e "/sys/class/mac80211_hwsim/hwsim$1" ]; }
none_alive() { local id; for id; do [[ $id =~ ^[0-9]+$ ]] && ! alive "$id" || return 1; done; }
radio_count() { local d n=0; for d in /sys/class/mac80211_hwsim/hwsim*; do [ -e "$d" ] && n=$((n + 1)); done; echo "$n"; }
new_id() {		# new_id NAME: creates the radio, prints its id
	local line
	line=$(run "$HWSIM" new "$1") || return 1
	echo "$line" >&2
	[[ $line =~ \ id=([0-9]+)\  ]] && echo "${BASH_REMATCH[1]}"
}
has_pids() { [ -n "$(ip netns pids "$1")" ]; }
not() { ! "$@"; }

cleanup() {
	local rc=$?
	set +e
	[ -n "$holder" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
	if [ -x "$HWSIM" ] && [ -d /sys/module/mac80211_hwsim ]; then
		"$HWSIM" del-prefix --all-netns "$P" >/dev/null
	fi
	for ns in "$NS" "$NS-hold" "$NS-del" "$NS-own" "$NS-all"; do
		ip netns del "$ns" 2>/dev/null
	done
	[ "$loaded_module" = 1 ] && modprobe -r mac80211_hwsim
	exit "$rc"
}

[ "$(id -u)" = 0 ] || skip "root is needed (generic netlink NEW_RADIO needs CAP_NET_ADMIN)"
[ -x "$HWSIM" ] || skip "$HWSIM is missing: run make first"
for tool in iw ip modprobe; do
	command -v "$tool" >/dev/null || skip "$tool is missing (apt-get install iw iproute2 kmod)"
done
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -d /sys/module/mac80211_hwsim ]; then
	# One radio of the module's own, to prove del-prefix leaves it alone.
	modprobe mac80211_hwsim radios=1 || skip "cannot load mac80211_hwsim (no module in this kernel?)"
	loaded_module=1
fi
check "mac80211_hwsim generic netlink family answers" "$HWSIM" list
[ -z "$("$HWSIM" list --prefix "$P")" ] || skip "radios named $P* exist already: another run?"
foreign=$("$HWSIM" list | grep -v "^$P" || true)
foreign_count=$(radio_count)
if [ -z "$foreign" ]; then
	# The module was loaded with radios=0 before us: make a stranger ourselves.
	"$HWSIM" new mip6test-stranger >/dev/null
	foreign=$("$HWSIM" list | grep -v "^$P")
	foreign_count=$(radio_count)
fi

# --- creation ---------------------------------------------------------------
declare -A ID NETDEV
for r in a b c; do
	line=$(run "$HWSIM" new "$P-$r")
	echo "$line" >&2
	if [[ $line =~ ^$P-$r\ id=([0-9]+)\ netdev=([^ ]+)$ ]]; then
		ID[$r]=${BASH_REMATCH[1]} NETDEV[$r]=${BASH_REMATCH[2]}
	else
		ID[$r]=x NETDEV[$r]=-
	fi
done
created_ok() {
	local r
	for r in a b c; do
		[[ ${ID[$r]} =~ ^[0-9]+$ ]] && ip link show "${NETDEV[$r]}" >/dev/null || return 1
	done
}
check "new prints 'NAME id=N netdev=IF' (an existing netdev) for 3 radios" created_ok
check "the wiphys carry our names in /sys/class/ieee80211" all_exist "$P-a" "$P-b" "$P-c"
phy_index_matches() {	# iw dev's "phy#N" of the netdev is the wiphy's index
	local r=$1 idx
	idx=$(cat "/sys/class/ieee80211/$P-$r/index")
	iw dev | awk -v want="phy#$idx" -v ifn="${NETDEV[$r]}" \
		'/^phy#/ {phy=$1} $1 == "Interface" && $2 == ifn && phy == want {ok=1} END {exit !ok}'
}
all_in_iw() { phy_index_matches a && phy_index_matches b && phy_index_matches c; }
check "iw dev lists each radio's netdev under its wiphy" all_in_iw
check "hwsim ids are the kernel's (hwsimN device of the wiphy)" \
	test "$(basename "$(readlink -f "/sys/class/ieee80211/$P-a/device")")" = "hwsim${ID[a]}"
check "list --prefix shows exactly our three radios" \
	test "$("$HWSIM" list --prefix "$P" | tr '\n' ' ')" = \
	"$P-a id=${ID[a]} $P-b id=${ID[b]} $P-c id=${ID[c]} "

count_before=$("$HWSIM" list | wc -l)
out=$("$HWSIM" new "$P-a" 2>&1) && rc=0 || rc=$?
echo "$out" >&2
check "a taken name is refused (exit 1) and leaves no stray radio" \
	test "$rc" = 1 -a "$("$HWSIM" list | wc -l)" = "$count_before"
run "$HWSIM" new "$P-x" --channels 2 >&2
phy_info_has() { local info; info=$(iw phy "$1" info) && grep -qF -- "$2" <<<"$info"; }
check "--channels 2 gives a radio with two concurrent channels" \
	phy_info_has "$P-x" "#channels <= 2"
"$HWSIM" del "$P-nosuch" 2>/dev/null && rc=0 || rc=$?
check "del of an unknown radio exits 1" test "$rc" = 1
"$HWSIM" del-prefix "" 2>/dev/null && rc=0 || rc=$?
check "del-prefix refuses an empty prefix (exit 2)" test "$rc" = 2

# --- moving into a namespace --------------------------------------------------
run ip netns add "$NS"
run iw phy "$P-c" set netns name "$NS"
run ip -n "$NS" link set "${NETDEV[c]}" name wlan0
check "moved radio: its netdev is wlan0 inside $NS" ip -n "$NS" link show wlan0
check "moved radio: invisible from the initial namespace" not visible "$P-c"
check "moved radio: listed from inside its namespace (--netns)" visible_in "$NS" "$P-c"
"$HWSIM" del "$P-c" 2>/dev/null && rc=0 || rc=$?
check "moved radio: del from the initial namespace fails (ENODEV)" test "$rc" = 1
run "$HWSIM" del-prefix "$P" >&2
check "del-prefix deletes the radios of its own namespace" none_alive "${ID[a]}" "${ID[b]}"
check "del-prefix does not reach a radio in another namespace" visible_in "$NS" "$P-c"

# --- a deleted namespace hands its radios back ----------------------------------
run ip netns del "$NS"
check "netns deleted: radio created in the initial namespace comes back" \
	busywait 5000 visible "$P-c"
back_if=$(ls "/sys/class/ieee80211/$P-c/device/net/")
echo "# $P-c came back with netdev $back_if" >&2
check "returned radio: its netdev is back in the initial namespace" ip link show "$back_if"

# ...but only when the namespace really dies: a process inside keeps it alive.
run ip netns add "$NS-hold"
run iw phy "$P-c" set netns name "$NS-hold"
ip netns exec "$NS-hold" sleep 600 &
holder=$!
busywait 5000 has_pids "$NS-hold"
run ip netns del "$NS-hold"
stays_away() { ! busywait 500 visible "$P-c" && alive "${ID[c]}"; }
check "netns deleted while a process lives in it: radio stays away, alive" stays_away
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=
check "...and comes back once that process has exited" busywait 5000 visible "$P-c"

# --- deleting inside a namespace -------------------------------------------------
run ip netns add "$NS-del"
run iw phy "$P-c" set netns name "$NS-del"
check "moved radio is alive in $NS-del" visible_in "$NS-del" "$P-c"
run "$HWSIM" --netns "$NS-del" del-prefix "$P" >&2
check "del-prefix inside the namespace deletes the moved radio" \
	none_alive "${ID[c]}"
run ip netns del "$NS-del"
check "nothing comes back from that namespace" not busywait 300 visible "$P-c"

# --- a radio created inside a namespace dies with it ------------------------------
run ip netns add "$NS-own"
line=$(run ip netns exec "$NS-own" "$HWSIM" new "$P-own")
echo "$line" >&2
[[ $line =~ \ id=([0-9]+)\  ]] && own=${BASH_REMATCH[1]} || own=x
created_inside() { visible_in "$NS-own" "$P-own" && alive "$own"; }
check "radio created inside a namespace: exists there" created_inside
run ip netns del "$NS-own"
check "...and is destroyed with the namespace, not returned" \
	busywait 5000 none_alive "$own"

# --- one command for everything ---------------------------------------------------
d=$(new_id "$P-d")
e=$(new_id "$P-e")
run ip netns add "$NS-all"
run iw phy "$P-d" set netns name "$NS-all"
check "before --all-netns: one radio in $NS-all, one here" \
	eval 'visible_in "$NS-all" "$P-d" && visible "$P-e"'
run "$HWSIM" del-prefix --all-netns "$P" >&2
check "del-prefix --all-netns deletes here and in every named namespace" \
	none_alive "$d" "$e"
run ip netns del "$NS-all"

# --- nothing of ours is left, the rest is untouched --------------------------------
check "no radio of ours is left, in any namespace (count of hwsimN devices)" \
	test -z "$("$HWSIM" list --prefix "$P")" -a "$(radio_count)" = "$foreign_count"
check "radios we did not create survive every del-prefix" \
	test "$("$HWSIM" list | grep -v "^$P" || true)" = "$foreign"
if [ "$loaded_module" = 1 ]; then
	run modprobe -r mac80211_hwsim
	loaded_module=0
	check "the module we loaded is unloaded again" test ! -d /sys/module/mac80211_hwsim
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
