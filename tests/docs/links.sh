#!/usr/bin/env bash
# The teaching documents hold together: every file they name exists, the README keeps
# its two commands, the metric definitions (docs/metrics.md) are linked from the
# analyzer's usage, its man page, the README and the reports, the tutorial's steps
# parse, every scenario has its exercise, the glossary has its terms, and nothing in
# the tree points outside it.
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"
cd "$ROOT"

mine=(README.md docs/tutorial.md docs/exercises.md docs/classroom.md docs/examples/README.md man/*.[1-8])
t "the teaching documents exist (${mine[*]:0:5})" ls "${mine[@]}"

# ---- files named in them exist ---------------------------------------------------------
# refs FILE: the paths of the tree FILE names ("docs/metrics.md", "man/mip6d.8", ...) and
# its Markdown links (relative to FILE), one per line.
refs() {
    sed 's/\\-/-/g' "$1" | grep -oE '(^|[^A-Za-z0-9_./-])(docs|man|tests|lib|backend|daemon|analysis|scenarios|topology|capture|probe|hwsim|common)/[A-Za-z0-9_./-]*[A-Za-z0-9_/]' \
        | sed -E 's/^[^a-z]//' | grep -vE 'NAME|KVER' || true
    grep -oE '\]\([^)#:]+\)' "$1" | sed "s|^](|$(dirname "$1")/|; s/)\$//" || true
}
missing='' n=0
for f in "${mine[@]}"; do
    [ -f "$f" ] || continue
    for ref in $(refs "$f" | sort -u); do
        n=$((n + 1))
        [ -e "$ref" ] || missing+=" $f:$ref"
    done
done
t "every file the teaching documents name exists ($n names${missing:+; missing:$missing})" test -z "$missing" -a "$n" -gt 50
printf 'see docs/nowhere.md and [x](gone.md)\n' > "${TMPDIR:-/tmp}/links-self-test.md"
t "self-test: a missing file and a dead link are found" \
    test "$(refs "${TMPDIR:-/tmp}/links-self-test.md" | tr '\n' ' ')" = "docs/nowhere.md ${TMPDIR:-/tmp}/gone.md "
rm -f "${TMPDIR:-/tmp}/links-self-test.md"

# ---- nothing outside the tree ------------------------------------------------------------
outside=$(git ls-files --cached --others --exclude-standard -z | xargs -0 grep -lE "DESIGN\\.md|\\.\\./shar""ed" 2>/dev/null | grep -v '^tests/docs/links.sh$' || true)
t "no file of the tree names a document outside it${outside:+ (in: $outside)}" test -z "$outside"

# ---- README ---------------------------------------------------------------------------------
t "README.md keeps './run.sh basic-handover'" grep -qE '^ +\./run\.sh basic-handover( |$)' README.md
t "README.md keeps 'make test'" grep -qE '^ +make test( |$)' README.md
for d in docs/tutorial.md docs/scenarios.md docs/analyzer.md docs/mip6d.md docs/classroom.md docs/exercises.md; do
    t "README.md points to $d" grep -qF "$d" README.md
done

# ---- the metric definitions are linked from what reports them --------------------------
t "mip6-analyze's usage names docs/metrics.md" bash -c 'build/mip6-analyze -h | grep -q docs/metrics.md'
for f in man/mip6-analyze.1 README.md docs/analyzer.md docs/tutorial.md docs/exercises.md docs/examples/basic-handover/report.html; do
    t "$f names docs/metrics.md" grep -qF docs/metrics.md "$f"
done

# ---- the tutorial, the exercises, the glossary ---------------------------------------------
t "docs/tutorial.md: every step parses (tests/docs/tutorial-run --check)" tests/docs/tutorial-run --check docs/tutorial.md
missing=
for s in $(./run.sh --list | awk '{ print $1 }'); do
    grep -qE "^##+ .*\b$s\b" docs/exercises.md || missing+=" $s"
done
t "docs/exercises.md has an exercise for every scenario of ./run.sh --list${missing:+ (missing:$missing)}" test -z "$missing"
missing=
glossary=$(sed -n '/^## Glossary/,$p' docs/exercises.md)
for term in HoA CoA HAO RH2 BU BA BUL BC DAD RA RS "L2 trigger"; do
    grep -qE "^\| \*\*$term\*\*" <<<"$glossary" || missing+=" [$term]"
done
t "the glossary defines HoA, CoA, HAO, RH2, BU, BA, BUL, BC, DAD, RA, RS, L2 trigger${missing:+ (missing:$missing)}" test -z "$missing"
summary
