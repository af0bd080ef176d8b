#!/usr/bin/env bash
# The lab without a mobility daemon, native backend (run inside the VM by tests/e2e/run):
# radios, association to home on the air, SLAAC, pings, the roam to remote, teardown.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
# Results of our own: results/latest may be another user's run.
export MIP6LAB_RESULTS=/tmp/e2e-results-$$

out=$(mktemp) bench=$(mktemp)
rc=0
# The run goes through the lab benchmark (one run), so that it is exercised too.
BENCH_LAB_OUT=$out tests/bench-lab.sh 1 basic-handover --backend native >"$bench" 2>&1 || rc=$?
cat "$out" "$bench"
run=$(readlink -f "$MIP6LAB_RESULTS/latest")
export run
t "basic-handover exits 0" [ "$rc" = 0 ]
t "bench-lab reports the run's total and its median" \
    bash -c "grep -q '^total [0-9.]* ' '$bench' && grep -q 'median over 1 runs' '$bench'"
t "three radios created in the namespaces" grep -q 'radios .* 3 radios' "$out"
air() { tcpdump -nr "$run/air.pcap" -e 2>/dev/null; }
t "air: both ESSs beacon (home ch 1, remote ch 6)" bash -c "$(declare -f air); air | grep -q 'Beacon (home)' && air | grep -q 'Beacon (remote)'"
t "air: raven associates to home" bash -c "$(declare -f air); air | grep -Eq '(Re)?[Aa]ssoc(iation)? Request \(home\)'"
t "air: raven associates to remote after the move" bash -c "$(declare -f air); air | grep -Eq '(Re)?[Aa]ssoc(iation)? Request \(remote\)'"
t "air: association responses from both APs" bash -c "$(declare -f air); [ \$(air | grep -Ec '(Re)?[Aa]ssoc(iation)? Response') -ge 2 ]"
t "raven got a SLAAC address in 2001:db8::/64" grep -Eq 'raven at home: 2001:db8::[0-9a-f:]+' "$out"
t "raven got a care-of address in 2001:db8:1::/64" grep -Eq 'care-of address 2001:db8:1:[0-9a-f:]+' "$out"
# Echo replies, plain or inside the HA's tunnel (mip6d sources from the home address).
# (Not a pipe into grep -q: with pipefail, tcpdump's SIGPIPE would fail the check.)
echo_reply_from() { [[ $(tcpdump -nr "$run/raven-wlan0.pcap" 2>/dev/null) =~ IP6\ $1\ \>\ [0-9a-f:]*:\ ICMP6,\ echo\ reply ]]; }
t "raven pinged denali at home (echo reply from 2001:db8:: on raven wlan0)" echo_reply_from 2001:db8::
t "raven pinged denali on remote (echo reply from 2001:db8:1::)" echo_reply_from 2001:db8:1::
t "RA for 2001:db8:1::/64 reached raven" \
    bash -c "tcpdump -vnr '$run/raven-wlan0.pcap' 'icmp6 and ip6[40] == 134' 2>/dev/null | grep -q 'prefix info option.*2001:db8:1::/64'"
t "probe from cn to 2001:db8::beef on the cn link" \
    bash -c "tcpdump -nr '$run/cn-eth0.pcap' 'icmp6 and ip6[40] == 128' 2>/dev/null | grep -q '> 2001:db8::beef'"
t "events.log: join home, associated to home" \
    bash -c "grep -q ' raven join to=home' '$run/events.log' && grep -q ' raven associated ssid=home' '$run/events.log'"
t "events.log: move home -> remote, associated to remote" \
    bash -c "grep -q ' raven move from=home to=remote' '$run/events.log' && grep -q ' raven associated ssid=remote' '$run/events.log'"
t "per-link pcaps and the air pcap are present" \
    bash -c "cd '$run' && ls air.pcap raven-wlan0.pcap denali-wlan0.pcap denali-wlan1.pcap cn-eth0.pcap"
t "teardown leaves no namespaces, radios or processes" nothing_left
leftovers
rm -f "$out" "$bench"
summary
