# shellcheck shell=bash
# Result lines and summary for end-to-end test scripts (kernel selftests style).
E2E_PASSED=0
E2E_FAILED=0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

ok()   { printf 'TEST: %-68s [ OK ]\n' "$1"; E2E_PASSED=$((E2E_PASSED + 1)); }
fail() { printf 'TEST: %-68s [FAIL]\n' "$1"; E2E_FAILED=$((E2E_FAILED + 1)); [ -n "${2:-}" ] && printf '      %s\n' "$2"; return 0; }

# t DESCRIPTION CMD...: one assertion.
t() {
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi
}

summary() {
    echo "$E2E_PASSED passed, $E2E_FAILED failed"
    [ "$E2E_FAILED" -eq 0 ]
}

# What the lab left behind (empty when nothing).
leftovers() { (MIP6LAB_ROOT=$ROOT; . "$ROOT/lib/common.sh"; . "$ROOT/lib/lab.sh"; lab_leftovers); }
nothing_left() { [ -z "$(leftovers)" ]; }

# wait_for TIMEOUT_S CMD...: poll until CMD succeeds.
wait_for() {
    local end=$((SECONDS + $1)); shift
    until "$@" 2>/dev/null; do
        [ $SECONDS -ge $end ] && return 1
        sleep 0.1
    done
}
