# shellcheck shell=bash
# IPsec for the home registration (RFC 3776) in the lab: the security associations
# between a mobile node's home address and its home agent, written as a key file
# (conf/ipsec.keys, the format of mip6-analyze --esp-sa, docs/analyzer.md; conf/esp_sa
# the same for Wireshark), checked,
# installed with `ip xfrm state add` in both namespaces (their removal deferred), and
# the mip6d.conf lines that make mip6d add the XFRM policies using them. Sourced by
# scenarios that offer MIP6LAB_IPSEC (hijack); needs lib/common.sh and lib/lab.sh.
#
#   MIP6LAB_IPSEC=off|on        ESP on the BU and BA of the home registration
#   MIP6LAB_IPSEC_ENC=null|aes  ESP-NULL (default: Wireshark shows the MH inside) or
#                               AES-CBC-128; HMAC-SHA1-96 authentication either way
#   MIP6LAB_IPSEC_KEYS=FILE     these SAs instead of fresh random keys (checked the same)
#
# Key file: one SA per line, "src dst spi reqid enc enc-key auth auth-key", # comments.

IPSEC_SPI_TO_HA=0x00001000
IPSEC_SPI_TO_MN=0x00001001

# ipsec_prepare HOA HA: check the settings and, with MIP6LAB_IPSEC=on, write (or copy
# and check) $RUN_DIR/conf/ipsec.keys into IPSEC_KEYS, the SAs into IPSEC_SA. Call it
# before the lab touches the kernel: a bad setting or key file stops the run there.
ipsec_prepare() {
    local hoa=$1 ha=$2
    IPSEC_HOA=$hoa IPSEC_HA=$ha IPSEC_KEYS='' IPSEC_SA=()
    case "${MIP6LAB_IPSEC:=off}" in on|off) ;; *) die "MIP6LAB_IPSEC=$MIP6LAB_IPSEC: expected on or off" ;; esac
    case "${MIP6LAB_IPSEC_ENC:=null}" in null|aes) ;; *) die "MIP6LAB_IPSEC_ENC=$MIP6LAB_IPSEC_ENC: expected null or aes" ;; esac
    [ "$MIP6LAB_IPSEC" = on ] || return 0
    IPSEC_KEYS=$RUN_DIR/conf/ipsec.keys
    if [ -n "${MIP6LAB_IPSEC_KEYS:-}" ]; then
        [ -f "$MIP6LAB_IPSEC_KEYS" ] && [ -r "$MIP6LAB_IPSEC_KEYS" ] \
            || die "$MIP6LAB_IPSEC_KEYS: cannot read the key file (MIP6LAB_IPSEC_KEYS)"
        ipsec_keys_check "$MIP6LAB_IPSEC_KEYS" "$hoa" "$ha" || die "$REPLY"
        cp "$MIP6LAB_IPSEC_KEYS" "$IPSEC_KEYS"
    else
        ipsec_keys_write "$IPSEC_KEYS" "$hoa" "$ha" "$MIP6LAB_IPSEC_ENC"
        ipsec_keys_check "$IPSEC_KEYS" "$hoa" "$ha" || die "$REPLY"
    fi
    ipsec_wireshark_sa "$IPSEC_KEYS" "$RUN_DIR/conf/esp_sa"
    step ipsec "ESP for $hoa <-> $ha: $(ipsec_summary) (${IPSEC_KEYS#"$RUN_DIR"/}; Wireshark's SA table: conf/esp_sa)"
}

# ipsec_keys_write FILE HOA HA null|aes: two SAs with fresh keys from /dev/urandom,
# reqid 1 towards the home agent and 2 towards the mobile node.
ipsec_keys_write() {
    local file=$1 hoa=$2 ha=$3 enc=$4 hex e1=- e2=- name=cipher_null
    # One exec for every key: 2 x 20 bytes of HMAC-SHA1 key, 2 x 16 of AES-128 key.
    hex=$(od -An -v -tx1 -N72 /dev/urandom) || die "cannot read /dev/urandom"
    hex=${hex//[$' \n']/}
    [ ${#hex} = 144 ] || die "short read from /dev/urandom"
    if [ "$enc" = aes ]; then name='cbc(aes)' e1=0x${hex:80:32} e2=0x${hex:112:32}; fi
    {
        echo "# mip6lab: the ESP SAs of this run's home registration (RFC 3776), fresh keys."
        echo "# Format: docs/analyzer.md (mip6-analyze --esp-sa); Wireshark: docs/hijack.md."
        echo "# src             dst              spi         reqid  enc          enc-key                             auth        auth-key"
        printf '%-17s %-16s %-11s %-6s %-12s %-35s %-11s %s\n' \
            "$hoa" "$ha" "$IPSEC_SPI_TO_HA" 1 "$name" "$e1" 'hmac(sha1)' "0x${hex:0:40}" \
            "$ha" "$hoa" "$IPSEC_SPI_TO_MN" 2 "$name" "$e2" 'hmac(sha1)' "0x${hex:40:40}"
    } > "$file"
}

# ipsec_keys_check FILE HOA HA: every line is an SA the lab can install, no SPI is used
# twice, and there is an SA each way between HOA and HA. Fills
# IPSEC_SA ("src dst spi reqid enc enc-key auth auth-key" each); on error, false with
# "FILE:LINE: message" in REPLY. Builtins only.
ipsec_keys_check() {
    local file=$1 hoa=$2 ha=$3 line n=0 f where k
    local -A seen=()
    IPSEC_SA=()
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1)) where="$file:$n"
        line=${line%%#*}
        read -ra f <<<"$line"
        [ ${#f[@]} -gt 0 ] || continue
        [ ${#f[@]} = 8 ] || { REPLY="$where: ${#f[@]} fields, expected 8: src dst spi reqid enc enc-key auth auth-key"; return 1; }
        ipsec_is_addr "${f[0]}" || { REPLY="$where: src '${f[0]}' is not an IPv6 address"; return 1; }
        ipsec_is_addr "${f[1]}" || { REPLY="$where: dst '${f[1]}' is not an IPv6 address"; return 1; }
        if [[ ${f[2]} =~ ^0[xX][0-9a-fA-F]{1,8}$ ]]; then k=$((16#${f[2]:2}))
        elif [[ ${f[2]} =~ ^[0-9]{1,10}$ ]]; then k=$((10#${f[2]}))
        else k=-1; fi
        ((k >= 256 && k <= 0xffffffff)) || { REPLY="$where: spi '${f[2]}': expected a number from 256 to 0xffffffff (hex with 0x, or decimal)"; return 1; }
        printf -v k '0x%08x' "$k"
        f[2]=$k
        [[ ${f[3]} =~ ^[0-9]{1,9}$ ]] && ((10#${f[3]} > 0)) || { REPLY="$where: reqid '${f[3]}': expected a number from 1 to 999999999"; return 1; }
        case "${f[4]}" in
            cipher_null) [ "${f[5]}" = - ] || { REPLY="$where: enc-key must be '-' with cipher_null"; return 1; } ;;
            'cbc(aes)') [[ ${f[5]} =~ ^0x([0-9a-fA-F]{32}|[0-9a-fA-F]{48}|[0-9a-fA-F]{64})$ ]] \
                || { REPLY="$where: enc-key of cbc(aes): expected 0x and 32, 48 or 64 hex digits"; return 1; } ;;
            *) REPLY="$where: enc '${f[4]}': expected cipher_null or cbc(aes)"; return 1 ;;
        esac
        [ "${f[6]}" = 'hmac(sha1)' ] || { REPLY="$where: auth '${f[6]}': expected hmac(sha1)"; return 1; }
        [[ ${f[7]} =~ ^0x[0-9a-fA-F]{40}$ ]] || { REPLY="$where: auth-key: expected 0x and 40 hex digits (20 bytes)"; return 1; }
        # The kernel would take one SPI per destination; Wireshark's SA table, whose
        # addresses are wildcards in docs/hijack.md, and a reader need one per SA.
        k=${f[2]}
        [ -z "${seen[$k]:-}" ] || { REPLY="$where: spi ${f[2]} is already the SPI of line ${seen[$k]}"; return 1; }
        seen[$k]=$n
        IPSEC_SA+=("${f[*]}")
    done < "$file"
    ipsec_sa_between "$hoa" "$ha" >/dev/null || { REPLY="$file:$n: no SA from $hoa to $ha (the home agent's SA for the mobile node's BUs)"; return 1; }
    ipsec_sa_between "$ha" "$hoa" >/dev/null || { REPLY="$file:$n: no SA from $ha to $hoa (the mobile node's SA for the home agent's BAs)"; return 1; }
    return 0
}

# An IPv6 address as ip and mip6d read them (hex groups and colons, one "::" at most).
ipsec_is_addr() {
    [[ $1 =~ ^[0-9a-fA-F:]+$ && $1 == *:* && $1 != *:::* ]] || return 1
    local rest=${1/::/}
    [[ $rest != *::* ]]
}

# ipsec_sa_between SRC DST: the first SA of IPSEC_SA from SRC to DST (its line).
ipsec_sa_between() {
    local sa f
    for sa in "${IPSEC_SA[@]}"; do
        read -ra f <<<"$sa"
        [ "${f[0]}" = "$1" ] && [ "${f[1]}" = "$2" ] && { echo "$sa"; return 0; }
    done
    return 1
}

# ipsec_spi SRC DST: the SPI of the SA from SRC to DST, as 0x%08x (tcpdump's form).
ipsec_spi() { local f; read -ra f <<<"$(ipsec_sa_between "$1" "$2")"; echo "${f[2]}"; }

# ipsec_wireshark_sa KEYS OUT: the SAs as Wireshark's ESP SA table (the esp_sa file of a
# profile, ~/.config/wireshark/profiles/NAME/esp_sa), addresses as wildcards: Wireshark
# matches the packet's IPv6 header, whose source is the care-of address, not the SA's.
ipsec_wireshark_sa() {
    local sa f enc
    {
        for sa in "${IPSEC_SA[@]}"; do
            read -ra f <<<"$sa"
            if [ "${f[4]}" = cipher_null ]; then enc='"NULL",""'; else enc="\"AES-CBC [RFC3602]\",\"${f[5]}\""; fi
            printf '"IPv6","*","*","%s",%s,"HMAC-SHA-1-96 [RFC2404]","%s"\n' "${f[2]}" "$enc" "${f[7]}"
        done
    } > "$2"
}

# One line for the progress: the algorithms and SPIs.
ipsec_summary() {
    local sa f out=()
    for sa in "${IPSEC_SA[@]}"; do
        read -ra f <<<"$sa"
        out+=("${f[2]} ${f[4]}+hmac-sha1-96")
    done
    local IFS=,
    echo "${out[*]}"
}

# ipsec_install NODE...: the SAs in each node's namespace (one ip -batch each), each
# one's removal deferred. mip6d adds and removes the policies that use them.
ipsec_install() {
    local node sa f cmds enc
    [ -n "$IPSEC_KEYS" ] || return 0
    for node in "$@"; do
        cmds=
        for sa in "${IPSEC_SA[@]}"; do
            read -ra f <<<"$sa"
            if [ "${f[4]}" = cipher_null ]; then enc='enc ecb(cipher_null) ""'; else enc="enc cbc(aes) ${f[5]}"; fi
            # replay-window: ESP's own anti-replay (RFC 4303 §3.4.3), so that a recorded BU
            # cannot be played again even before mip6d looks at its sequence number.
            cmds+="xfrm state add src ${f[0]} dst ${f[1]} proto esp spi ${f[2]} reqid ${f[3]} mode transport replay-window 32 $enc auth-trunc hmac(sha1) ${f[7]} 96"$'\n'
            transcript "[$node]# ip xfrm state add src ${f[0]} dst ${f[1]} proto esp spi ${f[2]} reqid ${f[3]} mode transport replay-window 32 $enc auth-trunc 'hmac(sha1)' ${f[7]} 96"
            defer ip -n "$node" xfrm state delete src "${f[0]}" dst "${f[1]}" proto esp spi "${f[2]}"
        done
        ip -n "$node" -batch - <<<"$cmds" || die "cannot add the ESP SAs of ${IPSEC_KEYS#"$RUN_DIR"/} in $node (kernel without xfrm/esp6?)"
    done
    event "$TOPO_ROUTER" ipsec-sa "spis=$(ipsec_summary)"
}

# ipsec_conf_lines: what a mip6d.conf of the pair adds (roam_conf's extra lines): the
# home registration in ESP, with the reqids of the SAs towards the HA and towards the MN.
ipsec_conf_lines() {
    local to_ha to_mn
    [ -n "$IPSEC_KEYS" ] || return 0
    read -r _ _ _ to_ha _ <<<"$(ipsec_sa_between "$IPSEC_HOA" "$IPSEC_HA")"
    read -r _ _ _ to_mn _ <<<"$(ipsec_sa_between "$IPSEC_HA" "$IPSEC_HOA")"
    printf '%s\n' "UseMnHaIPsec enabled;" "IPsecPolicySet {" \
        "	HomeAgentAddress $IPSEC_HA;" "	HomeAddress $IPSEC_HOA/64;" \
        "	IPsecPolicy HomeRegBinding UseESP $to_ha $to_mn;" "}"
}

# ipsec_show NODE: `ip xfrm state` and `ip xfrm policy` in NODE, into the transcript
# (as the article lists a command and its output).
ipsec_show() {
    local what out
    for what in state policy; do
        out=$(nsx "$1" ip xfrm "$what" 2>&1) || true
        transcript "${out:-(none)}"
    done
}
