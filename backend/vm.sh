# shellcheck shell=bash
# The VM backend: boot Debian's stock kernel under qemu with the host root shared
# read-only over virtio-9p and run one command inside. Sourced by run.sh and vm-exec.

VM_CACHE=${MIP6LAB_CACHE:-/var/cache/mip6lab}
VM_MEM=${MIP6LAB_VM_MEM:-1024}
VM_BACKEND_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Modules the guest needs before it can mount the host root; dependencies are resolved
# from the kernel's own modules.dep at build time.
VM_BOOT_MODULES=(virtio_pci 9pnet_virtio 9p)

# Newest installed kernel whose modules include mac80211_hwsim.
vm_kernel_version() {
    local img ver
    for img in /boot/vmlinuz-*; do
        ver=${img#/boot/vmlinuz-}
        [ -r "$img" ] && [ -n "$(find "/lib/modules/$ver" -name 'mac80211_hwsim.ko*' -print -quit 2>/dev/null)" ] \
            && echo "$ver"
    done | sort -V | tail -n1 | grep .
}

# Build (or reuse) the initramfs for kernel $1; prints its path. Rebuilt when the
# kernel image, its modules or guest-init change.
vm_initramfs() {
    local kver=$1 key out tmp m path
    key=$( { stat -c '%n %s %Y' "/boot/vmlinuz-$kver" "/lib/modules/$kver/modules.dep"
             cat "$VM_BACKEND_DIR/guest-init" "$VM_BACKEND_DIR/vm.sh" /bin/busybox | sha256sum; } | sha256sum | cut -c1-16)
    out="$VM_CACHE/initramfs-$kver-$key.cpio.gz"
    if [ -s "$out" ]; then echo "$out"; return 0; fi
    mkdir -p "$VM_CACHE"
    tmp=$(mktemp -d)
    mkdir -p "$tmp"/{bin,mods,proc,sys,dev,newroot}
    cp /bin/busybox "$tmp/bin/busybox"
    cp "$VM_BACKEND_DIR/guest-init" "$tmp/init"
    # The kernel's module autoloader runs /sbin/modprobe in the initramfs root; hand
    # it to the host root's modprobe.
    mkdir -p "$tmp/sbin"
    printf '#!/bin/busybox sh\nexec /bin/busybox chroot /newroot /sbin/modprobe "$@"\n' > "$tmp/sbin/modprobe"
    chmod 755 "$tmp/sbin/modprobe"
    chmod 755 "$tmp/init"
    : > "$tmp/modules.order"
    for m in "${VM_BOOT_MODULES[@]}"; do
        modprobe -S "$kver" --show-depends "$m"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r path; do
        m=$(basename "$path")
        case "$m" in
            *.ko.xz) xz -dc "$path" > "$tmp/mods/${m%.xz}"; m=${m%.xz} ;;
            *.ko.zst) zstd -qdc "$path" > "$tmp/mods/${m%.zst}"; m=${m%.zst} ;;
            *) cp "$path" "$tmp/mods/$m" ;;
        esac
        echo "$m" >> "$tmp/modules.order"
    done
    (cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
    mv "$out.tmp" "$out"
    rm -rf "$tmp"
    # Old images for other kernels or init scripts are useless now.
    find "$VM_CACHE" -name 'initramfs-*.cpio.gz' ! -path "$out" -delete
    echo "$out"
}

# The kernel image qemu boots for kernel $1; prints its path. Debian's bzImage spends
# about 3 s of emulated CPU decompressing itself (xz) before the kernel's first line;
# its payload, decompressed once on the host and kept in the cache, is an ELF that qemu
# starts directly through its PVH entry point (CONFIG_PVH). Any doubt (no PVH note, an
# unknown compression, a tool missing) boots the bzImage as before.
vm_kernel_image() {
    local kver=$1 img=/boot/vmlinuz-$1 key out setup off len magic
    key=$(stat -c '%s %Y' "$img" | sha256sum | cut -c1-16)
    out="$VM_CACHE/vmlinux-$kver-$key"
    if [ -s "$out" ]; then echo "$out"; return 0; fi
    # The boot protocol's header (2.08+): setup_sects at 0x1f1, the payload's offset
    # and length, relative to the protected-mode code, at 0x248 and 0x24c. 0x12 is
    # Xen's PHYS32_ENTRY note, the PVH entry point qemu needs.
    setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
    read -r off len < <(od -An -tu4 -j $((0x248)) -N8 "$img")
    magic=$(od -An -tx1 -j $(( (setup + 1) * 512 + off )) -N4 "$img" | tr -d ' ')
    mkdir -p "$VM_CACHE"
    {
        dd if="$img" iflag=skip_bytes,count_bytes skip=$(( (setup + 1) * 512 + off )) count="$len" status=none | case "$magic" in
            fd377a58) xz -dc --single-stream ;;
            1f8b*) gzip -dc ;;
            28b52ffd) zstd -qdc ;;
            *) false ;;
        esac > "$out.$$" 2>/dev/null \
            && [ "$(od -An -tx1 -N4 "$out.$$" | tr -d ' ')" = 7f454c46 ] \
            && LC_ALL=C readelf -n "$out.$$" 2>/dev/null | grep 'Xen.*(0x00000012)\|PHYS32_ENTRY' >/dev/null \
            && mv "$out.$$" "$out"
    } || { rm -f "$out.$$"; echo "$img"; return 0; }
    find "$VM_CACHE" -name 'vmlinux-*' ! -path "$out" -delete
    echo "$out"
}

# "kvm" only if a real boot under KVM finished within the timeout; the verdict is cached
# per kernel and qemu version because a failed probe costs its whole timeout.
vm_accel() {
    local kver=$1 initrd=$2 verdict_file verdict ctl
    if [ -n "${MIP6LAB_ACCEL:-}" ]; then echo "$MIP6LAB_ACCEL"; return; fi
    if [ ! -c /dev/kvm ] || [ ! -w /dev/kvm ]; then echo tcg; return; fi
    verdict_file="$VM_CACHE/kvm-$kver-$(qemu-system-x86_64 --version | head -n1 | tr -dc '0-9.')"
    if [ -s "$verdict_file" ]; then cat "$verdict_file"; return; fi
    ctl=$(mktemp -d)
    echo 'exit 0' > "$ctl/cmd"
    verdict=tcg
    vm_qemu_args kvm "$kver" "$initrd" "$ctl" ""
    if timeout 30 "${VM_ARGS[@]}" \
           -serial null </dev/null >/dev/null 2>&1 && [ "$(cat "$ctl/rc" 2>/dev/null)" = 0 ]; then
        verdict=kvm
    fi
    rm -rf "$ctl"
    mkdir -p "$VM_CACHE"
    echo "$verdict" > "$verdict_file"
    echo "$verdict"
}

# RCU grace periods, which mac80211 waits for as a station leaves its AP (and netlink
# for many deletions), last several scheduler ticks: under TCG the emulated ticks make
# that tens of milliseconds of the lab's L2 handover that real hardware does not have.
# Expedited grace periods end as soon as every CPU has answered an IPI.
# MIP6LAB_VM_RCU=normal boots without (docs/lab.md, "Roaming profiles").
vm_rcu_arg() {
    case "${MIP6LAB_VM_RCU:-expedited}" in
        expedited) printf ' rcupdate.rcu_expedited=1' ;;
        normal) ;;
        *) echo "vm: MIP6LAB_VM_RCU=$MIP6LAB_VM_RCU: expected expedited or normal" >&2; return 2 ;;
    esac
}

# Fills the array VM_ARGS with the qemu command line.
vm_qemu_args() {
    local accel=$1 kver=$2 initrd=$3 ctl=$4 results=$5 rcu
    rcu=$(vm_rcu_arg) || return 2
    VM_ARGS=(qemu-system-x86_64)
    if [ "$accel" = kvm ]; then VM_ARGS+=(-accel kvm -cpu host); else VM_ARGS+=(-accel tcg,thread=multi); fi
    VM_ARGS+=(-smp 2 -m "$VM_MEM" -nodefaults -no-user-config -display none -no-reboot
        -kernel "$(vm_kernel_image "$kver")" -initrd "$initrd"
        -append "console=ttyS0 quiet loglevel=3 panic=-1$rcu${results:+ mip6lab.results=$results}"
        -fsdev local,id=hostroot,path=/,readonly=on,security_model=none,multidevs=remap
        -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
        -fsdev "local,id=ctl,path=$ctl,security_model=none"
        -device virtio-9p-pci,fsdev=ctl,mount_tag=ctl)
    if [ -n "$results" ]; then
        VM_ARGS+=(-fsdev "local,id=results,path=$results,security_model=none"
            -device virtio-9p-pci,fsdev=results,mount_tag=results)
    fi
}

# vm_run RESULTS_DIR CWD CMD [ARGS...]: boot, run CMD in CWD as root inside the VM with
# RESULTS_DIR writable at the same path, power off; returns CMD's exit status
# (125 when the VM ended without reporting one).
VM_PID=
vm_run() {
    local results=$1 cwd=$2 kver initrd accel ctl rc q v size
    shift 2
    kver=$(vm_kernel_version) || { echo "vm: no kernel with mac80211_hwsim in /boot (apt-get install linux-image-amd64)" >&2; return 4; }
    initrd=$(vm_initramfs "$kver")
    accel=$(vm_accel "$kver" "$initrd")
    ctl=$(mktemp -d /tmp/mip6lab-vm.XXXXXX)
    {
        echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        echo "export TERM=${TERM:-dumb} MIP6LAB_IN_VM=1 MIP6LAB_VM_KERNEL=$kver MIP6LAB_VM_ACCEL=$accel"
        for v in $(compgen -e | grep -E '^(MIP6LAB|MIP6D)_' || true); do
            printf 'export %s=%q\n' "$v" "${!v}"
        done
        # The guest's console learns the terminal's size only from us.
        if [ -t 0 ] && [ -t 1 ] && size=$(stty size 2>/dev/null); then
            echo "stty rows ${size% *} cols ${size#* } 2>/dev/null"
        fi
        printf 'cd %q || exit 125\n' "$cwd"
        printf 'exec'; printf ' %q' "$@"; echo
    } > "$ctl/cmd"
    printf '%s\n' "$cwd" "$(dirname "$VM_BACKEND_DIR")" > "$ctl/binds"
    vm_qemu_args "$accel" "$kver" "$initrd" "$ctl" "$results"
    if [ -t 0 ] && [ -t 1 ]; then
        # The terminal is the guest's console. qemu must have it as stdin: bash gives a
        # background job of a script /dev/null instead unless told otherwise (<&0), and
        # the guest would then never get a keystroke. qemu switches the terminal to raw
        # mode without signals (signal=off: Ctrl-C is a byte for the guest, whose command
        # tears its lab down itself) and restores it when it exits; so do we, on every
        # way out (vm_kill from the traps too), since a qemu killed by a signal cannot.
        VM_TTY=$(stty -g 2>/dev/null || true)
        "${VM_ARGS[@]}" -chardev stdio,id=con,signal=off -serial chardev:con <&0 &
        VM_PID=$!
        wait "$VM_PID" || true
        vm_tty_restore
    else
        "${VM_ARGS[@]}" -chardev stdio,id=con -serial chardev:con </dev/null > >(sed -u 's/\r$//') &
        VM_PID=$!
        wait "$VM_PID" || true
    fi
    VM_PID=
    rc=$(cat "$ctl/rc" 2>/dev/null || echo 125)
    rm -rf "$ctl"
    return "$rc"
}

# Stop a VM started by vm_run (used from traps), and give the terminal back.
vm_kill() {
    [ -n "${VM_PID:-}" ] && kill "$VM_PID" 2>/dev/null && wait "$VM_PID" 2>/dev/null
    VM_PID=
    vm_tty_restore
    return 0
}

# The terminal's settings as they were before qemu took it (cooked mode, echo, signals).
VM_TTY=
vm_tty_restore() {
    [ -n "${VM_TTY:-}" ] && stty "$VM_TTY" 2>/dev/null
    VM_TTY=
    return 0
}
