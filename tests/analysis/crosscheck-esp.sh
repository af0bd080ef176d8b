#!/usr/bin/env bash
# Cross-check of mip6-analyze's ESP against Wireshark's own ESP decoder: given
# the same SAs (the key file of --esp-sa, turned into tshark's esp_sa table),
# tshark must find as many good and bad ICVs as the report's esp.decoded and
# esp.icv_failed, and inside the good ones the BU sequence numbers of the
# report's bindings.
#   tests/analysis/crosscheck-esp.sh REPORT.json KEYS   (run where mip6-analyze ran)
set -euo pipefail

json=${1:?usage: crosscheck-esp.sh REPORT.json KEYS}
keys=${2:?usage: crosscheck-esp.sh REPORT.json KEYS}
for tool in tshark jq; do
    command -v "$tool" > /dev/null || { echo "crosscheck-esp: $tool not installed" >&2; exit 4; }
done
tmp=$(mktemp -d /tmp/mip6-crosscheck-esp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# tshark reads its SAs from the user's profile: a profile of our own.
mkdir -p "$tmp/.config/wireshark"
awk '!/^[[:space:]]*(#|$)/ {
        spi = $3 ~ /^0[xX]/ ? $3 : sprintf("0x%08x", $3)
        enc = $5 == "cbc(aes)" ? "AES-CBC [RFC3602]" : "NULL"
        printf "\"IPv6\",\"*\",\"*\",\"%s\",\"%s\",\"%s\",\"HMAC-SHA-1-96 [RFC2404]\",\"%s\"\n",
               spi, enc, $6 == "-" ? "" : $6, $8
     }' "$keys" > "$tmp/.config/wireshark/esp_sa"

: > "$tmp/fields"
for f in $(jq -r '.inputs[] | select(.skipped | not) | .file' "$json"); do
    HOME=$tmp tshark -r "$f" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE -Y esp -T fields -E separator=, \
        -e esp.icv_good -e mip6.mhtype -e mip6.bu.seqnr 2> /dev/null >> "$tmp/fields"
done
good=$(grep -c '^1,' "$tmp/fields" || true)
bad=$(grep -c '^0,' "$tmp/fields" || true)
want_good=$(jq '.esp.decoded' "$json")
want_bad=$(jq '.esp.icv_failed' "$json")
bus=$(awk -F, '$1 == 1 && $2 == 5 { print $3 }' "$tmp/fields" | sort -n | tr '\n' ' ')
want_bus=$(jq -r '.bindings[] | .seq_first, .seq_last' "$json" | sort -nu | tr '\n' ' ')
status=0
if [ "$good" != "$want_good" ] || [ "$bad" != "$want_bad" ]; then
    echo "crosscheck-esp: tshark: $good good and $bad bad ICVs; report: $want_good decoded, $want_bad ICV failed" >&2
    status=1
fi
if [ "$bus" != "$want_bus" ]; then
    echo "crosscheck-esp: BU sequence numbers: tshark '$bus', report '$want_bus'" >&2
    status=1
fi
[ "$status" = 0 ] && echo "crosscheck-esp: $good good and $bad bad ICVs and BUs $bus agree with tshark"
exit "$status"
