#!/usr/bin/env bash
# The hijack scenario with IPsec for the home registration (MIP6LAB_IPSEC=on), native
# backend (run inside the VM by tests/e2e/run); `--check all` runs hijack without it.
# A bad key file stops the run before the lab is built, naming FILE:LINE; then one
# run judged by scenarios/ipsec/hijack.expect (as --check would): the scenario's own checks (BU and BA in
# ESP on raven's link; mallory's plain BU dropped
# and counted; raven keeps the binding and the probe), the key file, the SAs and
# mip6d's policies in the transcript, the analyzer's verdict, and teardown with every
# undo line (the SAs' removal included) succeeding and nothing left; Wireshark's ESP
# decoder (tshark) with the run's SA table checks the ICVs and finds the BU and BA.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export MIP6LAB_RESULTS=/tmp/e2e-results-$$
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
state=${MIP6LAB_STATE:-/run/mip6lab}

# ---- a bad key file: one line naming it, exit 1, no lab ----
printf '%s\n' "# src dst spi reqid enc enc-key auth auth-key" \
    "2001:db8::beef 2001:db8:: 0x1000 1 cipher_null - hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314" \
    "2001:db8:: 2001:db8::beef 0x1000 2 cipher_null - hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314" > "$tmp/clash.keys"
rc=0
MIP6LAB_IPSEC=on MIP6LAB_IPSEC_KEYS=$tmp/clash.keys ./run.sh --backend native hijack > "$tmp/clash.txt" 2>&1 || rc=$?
cat "$tmp/clash.txt"
t "an SPI used twice in MIP6LAB_IPSEC_KEYS: exit 1" test "$rc" = 1
t "...one error line naming FILE:LINE" grep -q "error: $tmp/clash.keys:3: spi 0x00001000 is already the SPI of line 2" "$tmp/clash.txt"
t "...before the lab was built (no radios step)" bash -c '! grep -q "\] radios " "$1"' _ "$tmp/clash.txt"
t "...and nothing is left" nothing_left
rc=0
MIP6LAB_IPSEC=on MIP6LAB_IPSEC_KEYS=$tmp/none.keys ./run.sh --backend native hijack > "$tmp/none.txt" 2>&1 || rc=$?
t "a missing key file: exit 1 naming it" \
    bash -c '[ "$1" = 1 ] && grep -q "error: $2: cannot read the key file" "$3"' _ "$rc" "$tmp/none.keys" "$tmp/none.txt"

# ---- the defended run ----
# A plain run and the expectations evaluated here as --check does (lib/expect.sh): the
# batch's summary pages would cost 15 s of the VM's emulated CPU.
rc=0
MIP6LAB_IPSEC=on ./run.sh --backend native hijack > "$tmp/out.txt" 2>&1 || rc=$?
cat "$tmp/out.txt"
run=$(readlink -f "$MIP6LAB_RESULTS/latest")
log=$tmp/out.txt
t "MIP6LAB_IPSEC=on ./run.sh hijack exits 0" test "$rc" = 0
(
    MIP6LAB_ROOT=$ROOT
    . lib/expect.sh
    f=scenarios/ipsec/hijack.expect
    expect_parse "$f" && expect_samples "$run/report.json" 1 > "$tmp/samples.tsv" \
        && expect_stats "$tmp/samples.tsv" > "$tmp/stats.tsv" \
        && expect_eval "$f" "$tmp/samples.tsv" "$tmp/stats.tsv"
) > "$tmp/checks.tsv" 2>&1 || true
cut -f1,5 "$tmp/checks.tsv"
t "scenarios/ipsec/hijack.expect: every bound holds ($(grep -c '^PASS' "$tmp/checks.tsv") PASS)" \
    bash -c '! grep -qv "^PASS" "$1" && [ "$(grep -c "^PASS" "$1")" -ge 9 ]' _ "$tmp/checks.tsv"
t "the scenario saw the BU and the BA in ESP on raven's link" \
    grep -q "check .*the BU leaves raven in ESP.*the BA comes back in ESP.*: ok" "$log"
t "the scenario saw mallory's BU dropped and raven keep the binding" \
    bash -c 'grep -q "dropped mallory.s plain BU" "$1" && grep -q "bc on denali keeps" "$1"' _ "$log"
t "conf/ipsec.keys: two SAs of fresh keys, ESP-NULL" \
    test "$(grep -c '^2001:db8::[a-f0-9]* *2001:db8::[a-f0-9]* *0x0000100[01] *[12] *cipher_null *- *hmac(sha1) *0x[0-9a-f]\{40\}$' "$run/conf/ipsec.keys")" = 2
t "both mip6d configurations have UseMnHaIPsec enabled and the IPsecPolicySet" \
    bash -c "for f in '$run'/conf/denali-mip6d.conf '$run'/conf/raven-mip6d.conf; do grep -q '^UseMnHaIPsec enabled;' \$f && grep -q 'IPsecPolicy HomeRegBinding UseESP 1 2;' \$f || exit 1; done"
t "transcript: ip xfrm state add in denali and raven" \
    bash -c "[ \$(grep -c '^\[\(denali\|raven\)\]# ip xfrm state add .* proto esp spi 0x0000100[01] reqid [12] mode transport' '$run/transcript.txt') = 4 ]"
t "transcript: ip xfrm policy lists mip6d's ESP templates in denali and raven" \
    bash -c "awk '/^\[(denali|raven)\]# ip xfrm policy/ { n = \$1 } /proto esp reqid/ && n { seen[n] = 1 } END { exit !(length(seen) == 2) }' '$run/transcript.txt'"
# Wireshark's own ESP decoder, given the run's SA table (conf/esp_sa, docs/hijack.md):
# every ESP packet on raven's link authenticates, the BU inside from the care-of
# address with the Home Address option, the accepting BA back.
mkdir -p "$tmp/home/.config/wireshark"
cp "$run/conf/esp_sa" "$tmp/home/.config/wireshark/esp_sa" 2>/dev/null || true
# Only the packets with a Destination Options header, a routing header or ESP after the
# IPv6 header: tshark's dissection costs seconds of the emulated CPU per thousand.
tcpdump -r "$run/raven-wlan0.pcap" -w "$tmp/esp.pcap" 'ip6[6] == 60 or ip6[6] == 43 or ip6[6] == 50' 2>/dev/null || true
HOME=$tmp/home tshark -r "$tmp/esp.pcap" -o esp.enable_encryption_decode:TRUE \
    -o esp.enable_authentication_check:TRUE -Y esp -T fields -e ipv6.src -e ipv6.dst \
    -e esp.icv_good -e mip6.mhtype -e ipv6.opt.mipv6.home_address -e mip6.ba.status \
    > "$tmp/tshark.txt" 2>/dev/null || true
cat "$tmp/tshark.txt"
coa=$(sed -n 's/.*raven care-of address \(2001:db8:1:[0-9a-f:]*\).*/\1/p' "$log" | head -n 1)
t "tshark with conf/esp_sa: every ESP packet's ICV is good" \
    bash -c '[ -s "$1" ] && ! awk -F"\t" "\$3 != 1" "$1" | grep -q .' _ "$tmp/tshark.txt"
t "tshark: a BU inside ESP from the care-of address ($coa) with the Home Address option" \
    bash -c 'awk -F"\t" -v c="$2" "\$1 == c && \$2 == \"2001:db8::\" && \$4 == 5 && \$5 == \"2001:db8::beef\"" "$1" | grep -q .' _ "$tmp/tshark.txt" "$coa"
t "tshark: an accepting BA inside ESP to the care-of address" \
    bash -c 'awk -F"\t" -v c="$2" "\$1 == \"2001:db8::\" && \$2 == c && \$4 == 6 && \$6 == 0" "$1" | grep -q .' _ "$tmp/tshark.txt" "$coa"
t "report: verdict none, mallory's BU not accepted" \
    test "$(jq -r '[.hijack.verdict, (.hijack.not_accepted | length > 0)] | join(" ")' "$run/report.json")" = "none true"
t "report: the exchanges opened from ESP with --esp-sa" \
    test "$(jq -r '.esp.sa_file != null and .esp.bu >= 1 and .esp.ba >= 1 and .esp.icv_failed == 0' "$run/report.json")" = true
t "teardown: every undo line succeeded (the SAs' removal too)" test ! -e "$state/teardown.log"
t "nothing is left" nothing_left
rm -rf "$MIP6LAB_RESULTS"
summary
