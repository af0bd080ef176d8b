#!/usr/bin/env bash
# In the VM a run writes to a tmpfs over its results directory and copies it to the 9p
# share at teardown (run.sh: rundir_to_tmpfs). A run killed before its teardown (SIGKILL,
# a batch's timeout) must not lose what it wrote: `./run.sh down` (and the next run, and
# the VM's init at power-off) copy it. Runs inside the VM (tests/e2e/run).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ "${MIP6LAB_IN_VM:-0}" = 1 ] || { echo "SKIP: the tmpfs over the results is the VM's"; exit 4; }

results=$(mktemp -d "$ROOT/results/rescue.XXXXXX" 2>/dev/null || mktemp -d /tmp/rescue.XXXXXX)
name=killed-run-$$
dir=$results/$name
share=/run/mip6lab-share/$name
cleanup() {
    umount "$dir" 2>/dev/null || true
    umount "$share" 2>/dev/null || true
    rm -rf "$share" "$share.dir" "$results"
}
trap cleanup EXIT

# What rundir_to_tmpfs leaves while a run is going; then the run "dies": nothing copies.
mkdir -p "$dir" "$share"
mount --bind "$dir" "$share"
mount -t tmpfs -o mode=0755 mip6lab-run "$dir"
printf '%s\n' "$dir" > "$share.dir"
mkdir -p "$dir/logs"
echo "1700000000.000001 raven move from=home to=remote" > "$dir/events.log"
head -c 4096 /dev/urandom > "$dir/air.pcap"
echo "half a log" > "$dir/logs/raven-mip6d.log"
t "the run's files sit on its tmpfs only" bash -c "[ -z \"\$(ls -A '$share')\" ]"

rc=0
./run.sh down > "$results/down.log" 2>&1 || rc=$?
t "./run.sh down succeeds" [ "$rc" = 0 ]
t "...and says it copied the files of the run that ended without its teardown" \
    grep -q "ended without its teardown" "$results/down.log"
t "the run's directory holds its files now (events.log, the capture, the logs)" \
    bash -c "[ \$(stat -c %s '$dir/air.pcap') = 4096 ] && grep -q move '$dir/events.log' && grep -q 'half a log' '$dir/logs/raven-mip6d.log'"
t "the tmpfs and the share's mount are gone" bash -c "! mountpoint -q '$dir' && [ ! -e '$share' ] && [ ! -e '$share.dir' ]"
summary
