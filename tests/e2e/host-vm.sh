#!/usr/bin/env bash
# The user's command on this host: bad input is refused, root is checked first, and
# Ctrl-C (SIGINT) during a VM run leaves no qemu behind.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

rc=0
./run.sh nosuch >/tmp/e2e-usage.log 2>&1 || rc=$?
t "unknown scenario: exit 2" [ "$rc" = 2 ]
t "unknown scenario: lists the scenarios" grep -q basic-handover /tmp/e2e-usage.log
rc=0
./run.sh --backend bogus basic-handover >/dev/null 2>&1 || rc=$?
t "bad --backend: exit 2" [ "$rc" = 2 ]
rc=0
# As nobody, from wherever the clone is: when nobody cannot even reach it (a clone in a
# directory of mode 700), from a copy of the tree that nobody can read.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
where=$ROOT
if ! as_nobody test -r "$ROOT/run.sh"; then
    where=$(mktemp -d)
    git -C "$ROOT" ls-files -z | (cd "$ROOT" && xargs -0 cp --parents -t "$where")
    chmod -R a+rX "$where"
fi
(cd "$where" && as_nobody ./run.sh basic-handover) >/tmp/e2e-root.log 2>&1 || rc=$?
[ "$where" = "$ROOT" ] || rm -rf "$where"
t "not root: exit 4" [ "$rc" = 4 ]
t "not root: one line saying root is needed" \
    bash -c "[ \$(wc -l < /tmp/e2e-root.log) = 1 ] && grep -q 'root is needed' /tmp/e2e-root.log"

# --no-install on a host where qemu is missing: a PATH holding every command but qemu.
fake=$(mktemp -d)
for f in /usr/local/bin/* /usr/bin/* /usr/sbin/* /bin/* /sbin/*; do
    case "$(basename "$f")" in qemu-system-*) continue ;; esac
    [ -e "$fake/$(basename "$f")" ] || ln -s "$f" "$fake/$(basename "$f")"
done
rc=0
PATH=$fake ./run.sh --no-install --backend vm basic-handover >/tmp/e2e-noinst.log 2>&1 || rc=$?
rm -rf "$fake"
t "--no-install without qemu: exit 4" [ "$rc" = 4 ]
t "--no-install without qemu: prints the exact apt-get line" grep -qx 'run.sh: install them with: apt-get install -y qemu-system-x86' /tmp/e2e-noinst.log

# The kernel qemu starts: the bzImage's payload, decompressed once into the cache, an ELF
# with its PVH entry point (backend/vm.sh vm_kernel_image); asked twice, the same file.
img=$(bash -c '. backend/vm.sh && vm_kernel_image "$(vm_kernel_version)"')
t "the VM's kernel is the decompressed ELF in the cache, not the bzImage" \
    bash -c '[[ $1 == "${MIP6LAB_CACHE:-/var/cache/mip6lab}"/vmlinux-* ]] && [ "$(od -An -tx1 -N4 "$1" | tr -d " ")" = 7f454c46 ]' _ "$img"
t "the decompressed kernel is made once" test "$(bash -c '. backend/vm.sh && vm_kernel_image "$(vm_kernel_version)"')" = "$img"

# A results directory of its own: its path in qemu's command line identifies our VM.
export MIP6LAB_RESULTS=/tmp/e2e-results-$$
trap 'rm -rf "$MIP6LAB_RESULTS"' EXIT
our_qemu() { pgrep -f "qemu-system-x86_64.*$MIP6LAB_RESULTS" >/dev/null; }

# A whole run in the VM backend, its progress lines, its results on the host and no
# qemu after it: tests/e2e/host-tutorial.sh, whose kept run through tmux is one (a second
# here cost make test half a minute).

# SIGINT to run.sh while the VM runs: qemu is stopped with it.
# Job control on: a background job of a script would otherwise ignore SIGINT.
# env --default-signal: a SIGINT ignored by whatever started the tests (a background
# job of a non-interactive shell has it ignored) would be ignored here too.
set -m
env --default-signal=INT ./run.sh --backend vm basic-handover >/tmp/e2e-vm-int.log 2>&1 &
pid=$!
set +m
booted() { grep -q ' lab ' /tmp/e2e-vm-int.log; }
if wait_for 300 booted; then
    kill -INT "$pid"
    rc=0; wait "$pid" || rc=$?
    t "SIGINT during a VM run: exit 130" [ "$rc" = 130 ]
else
    fail "SIGINT during a VM run: the lab never started" "$(tail -3 /tmp/e2e-vm-int.log)"
    kill -INT "$pid" 2>/dev/null || true; wait "$pid" || true
fi
t "SIGINT during a VM run: no qemu left" wait_for 10 bash -c "$(declare -f our_qemu); ! our_qemu"
summary
