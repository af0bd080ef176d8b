# shellcheck shell=bash
# Debian packages the lab needs, found missing and installed on demand.

# "test-to-run package why" — a test is a command name, a path, or pkg:NAME (dpkg).
DEPS_BUILD=(
    "make make building mip6d and the tools"
    "gcc gcc building mip6d and the tools"
    "pkg-config pkg-config building against libmnl and libpcap"
    "/usr/include/libmnl/libmnl.h libmnl-dev netlink in mip6d and mip6-hwsim"
    "/usr/include/pcap/pcap.h libpcap-dev the capture analyzer"
    "/usr/include/openssl/hmac.h libssl-dev HMAC-SHA1 and SHA-1 of return routability in mip6d"
)
DEPS_LAB=(
    "ip iproute2 namespaces, links and addresses"
    "iw iw moving radios into namespaces"
    "modprobe kmod loading mac80211_hwsim"
    "hostapd hostapd the access points"
    "wpa_supplicant wpasupplicant the mobile node's station"
    "radvd radvd router advertisements"
    "tcpdump tcpdump the captures"
    "ping iputils-ping reachability checks"
    "nft nftables packet loss scenarios, mip6d's check of tunnelled sources on the HA"
    "flock util-linux the lab lock, chrt for the daemons' scheduling"
    "jq jq expectations and run statistics (report.json), report.html"
    "telnet telnet the article's 'telnet localhost 7777' to mip6d's virtual terminal"
    "ifconfig net-tools the article's ifconfig in a node shell"
    "iwconfig wireless-tools the article's iwconfig in a node shell"
    "ffmpeg ffmpeg the video stream across the move (MIP6LAB_STREAM=video) and its filmstrip"
)
DEPS_VM=(
    "qemu-system-x86_64 qemu-system-x86 the VM backend"
    "pkg:busybox-static busybox-static the VM's initramfs"
    "cpio cpio the VM's initramfs"
    "kernel:hwsim linux-image-amd64 a kernel with mac80211_hwsim for the VM"
)
DEPS_TEST=(
    "/usr/include/cmocka.h libcmocka-dev unit tests"
    "rsvg-convert librsvg2-bin rendering the timeline SVG in tests"
    "clang clang the fuzz harness"
    "pkg:libclang-rt-14-dev libclang-rt-14-dev the fuzz harness"
    "tshark tshark the analyzer's pcapng and side-by-side tests"
    "python3 python3 the layering check (tests/layering)"
    "/usr/bin/time time the benchmarks' wall time, CPU time and peak memory"
    "pkg:groff-base groff-base rendering the man pages with warnings on (tests/docs)"
    "chromium chromium report.html loaded in a headless browser (tests/docs)"
    "tmux tmux the VM console driven from a tmux pane (tests/e2e/host-console.sh)"
)

dep_present() {
    case "$1" in
        /*) [ -e "$1" ] ;;
        pkg:*) dpkg -s "${1#pkg:}" >/dev/null 2>&1 ;;
        kernel:hwsim) vm_kernel_version >/dev/null 2>&1 ;;
        *) command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] ;;
    esac
}

# deps_ensure NO_INSTALL GROUP...: install what is missing, or print the apt-get line.
deps_ensure() {
    local no_install=$1 group line t p why missing=() reasons=()
    shift
    for group in "$@"; do
        local -n list=$group
        for line in "${list[@]}"; do
            read -r t p why <<<"$line"
            dep_present "$t" && continue
            [[ " ${missing[*]} " == *" $p "* ]] && continue
            missing+=("$p") reasons+=("$p ($why)")
        done
        unset -n list
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$no_install" = 1 ]; then
        echo "run.sh: missing packages: ${reasons[*]}" >&2
        echo "run.sh: install them with: apt-get install -y ${missing[*]}" >&2
        exit 4
    fi
    command -v apt-get >/dev/null || { echo "run.sh: missing ${missing[*]} and no apt-get to install them" >&2; exit 4; }
    step install "installing ${reasons[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/tmp/mip6lab-apt.log 2>&1; then
        step install "refreshing the package lists (apt-get update)"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >>/tmp/mip6lab-apt.log 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>/tmp/mip6lab-apt.log 2>&1 \
            || { echo "run.sh: apt-get install ${missing[*]} failed (see /tmp/mip6lab-apt.log)" >&2; exit 4; }
    fi
}
