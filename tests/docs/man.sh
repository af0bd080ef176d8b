#!/usr/bin/env bash
# The man pages (man/): each renders without a groff warning; each program's options in
# its usage are the options its page documents, no more, no less; every mip6d.conf
# keyword the parser knows is in mip6d.conf(5) and every keyword documented there is
# one the parser knows; every MIP6LAB_* variable the lab reads is in mip6lab(7), every
# MIP6D_* variable mip6d reads in mip6d(8).
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"
cd "$ROOT"
command -v groff >/dev/null || { fail "groff is installed (groff-base; tests/ensure-deps)"; summary; exit 1; }

pages=(man/*.[1-8])
t "man/ holds a page for each of the lab's programs, the configuration and the lab (${#pages[@]})" test ${#pages[@]} -ge 7

# ---- groff warnings ------------------------------------------------------------------
for p in "${pages[@]}"; do
    out=$(groff -man -ww -z "$p" 2>&1) || true
    if [ -z "$out" ]; then ok "$p renders without a groff warning (groff -man -ww)"; else fail "$p renders without a groff warning (groff -man -ww)" "$(head -n 3 <<<"$out")"; fi
    name=$(basename "$p"); sec=${name##*.}; name=${name%.*}
    t "$p: .TH names it ${name^^}($sec)" grep -q "^\.TH ${name^^} $sec " "$p"
done

# ---- options: usage against the page -------------------------------------------------
# usage_options PROG: the options a usage text names: inside [ ], as the first word of a
# line (with ", -x" or "|--x" alternatives), or first after the program's name on a
# synopsis line. Words in prose ("as ping -D does") are not options.
usage_options() {
    local prog=$1 text=$2
    {
        grep -oE '\[[^]]*\]' <<<"$text" | grep -oE '(^|[[ |,])--?[A-Za-z][-A-Za-z0-9]*' || true
        sed -nE 's/^[[:space:]]+(--?[A-Za-z][^ ,|]*((, |\|)--?[A-Za-z][^ ,|]*)*).*/\1/p' <<<"$text"
        sed -nE "s#^(usage: |[[:space:]]+)${prog//./\\.}( \\[[^]]*\\])* (--?[A-Za-z][^ ]*).*#\\3#p" <<<"$text"
    } | tr ',|[ ' '\n\n\n\n' | grep -E '^--?[A-Za-z]' | sort -u
}

# page_options PAGE: the options a page documents: those of its .TP/.TQ heads.
page_options() {
    awk '/^\.(TP|TQ)/ { getline; print }' "$1" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/^\.[A-Z]* //' |
        grep -oE '(^|[ ,|"])--?[A-Za-z][-A-Za-z0-9]*' | tr -d ' ,|"' | sort -u
}

compare_options() {   # compare_options PAGE PROG USAGE-TEXT
    local page=$1 prog=$2 u p
    u=$(usage_options "$prog" "$3")
    p=$(page_options "$page")
    if [ -n "$u" ] && [ "$u" = "$p" ]; then
        ok "$page documents exactly the options of $prog's usage ($(tr '\n' ' ' <<<"$u" | sed 's/ $//'))"
    else
        fail "$page documents exactly the options of $prog's usage" \
            "only in the usage: $(comm -23 <(echo "$u") <(echo "$p") | tr '\n' ' ')  only in the page: $(comm -13 <(echo "$u") <(echo "$p") | tr '\n' ' ')"
    fi
}

# Every program of the lab (build/mip6*) has its page.
progs=()
for b in build/mip6*; do [ -f "$b" ] && [ -x "$b" ] && progs+=("${b#build/}"); done
t "the lab's programs are built (${progs[*]})" test ${#progs[@]} -ge 4
for b in "${progs[@]}"; do
    page=$(ls man/"$b".[18] 2>/dev/null || true)
    [ -n "$page" ] || { fail "build/$b has a man page (man/$b.1 or man/$b.8)"; continue; }
    compare_options "$page" "$b" "$(build/$b -h 2>&1)"
done
compare_options man/mip6lab.7 ./run.sh "$(./run.sh --help)"

# The check itself: a usage with an option the page lacks, and prose, must be told apart.
probe_usage=$'usage: mip6-probe [-i SECONDS] [-x]\n  -i SECONDS  interval, as ping -D does\n  -x          new\n'
t "self-test: an option missing from a page is caught" \
    bash -c "$(declare -f usage_options page_options); [ \"\$(usage_options mip6-probe \"\$1\")\" != \"\$(page_options man/mip6-probe.1)\" ]" _ "$probe_usage"
t "self-test: prose ('as ping -D does') is not an option" \
    bash -c "$(declare -f usage_options); ! usage_options mip6-probe \"\$1\" | grep -qx -- -D" _ "$probe_usage"

# ---- mip6d.conf keywords against the parser --------------------------------------------
conf=man/mip6d.conf.5
known=$(grep -oE 'strcmp\(kw, "[A-Za-z]+"\)' daemon/config.c | grep -oE '"[A-Za-z]+"' | tr -d '"' | sort -u)
refused=$(sed -n '/unsupported\[\] = {/,/NULL,/p' daemon/config.c | grep -oE '"[A-Za-z]+"' | tr -d '"' | sort -u)
t "daemon/config.c: keywords found (parser and refused list)" test -n "$known" -a -n "$refused"
heads=$(sed -n '/^\.SH KEYWORDS/,/^\.SH /p' "$conf" | awk '/^\.(TP|TQ)/ { getline; print }' | sed 's/\\-/-/g')
missing=
for k in $known; do
    grep -q "^$k\$" <<<"$refused" && continue
    case "$k" in UseAltCoa|IPsecPolicy) continue ;; esac   # refused inside MnHomeLink
    grep -qw -- "$k" <<<"$heads" || missing+=" $k"
done
t "every keyword mip6d accepts has its entry in $conf${missing:+ (missing:$missing)}" test -z "$missing"
stale=
for k in $(sed -E 's/^\.[A-Z]+ "?([A-Za-z]+).*/\1/' <<<"$heads"); do
    grep -qx -- "$k" <<<"$known" || stale+=" $k"
done
t "every keyword $conf documents is one mip6d knows${stale:+ (unknown:$stale)}" test -z "$stale"
refused_text=$(sed -n '/^\.SH REFUSED KEYWORDS/,/^\.SH /p' "$conf")
missing=
for k in $refused UseAltCoa IPsecPolicy; do grep -qw -- "$k" <<<"$refused_text" || missing+=" $k"; done
t "every keyword mip6d refuses is listed in $conf${missing:+ (missing:$missing)}" test -z "$missing"
t "each keyword entry of $conf says where the keyword comes from" \
    test "$(sed -n '/^\.SH KEYWORDS/,/^\.SH /p' "$conf" | grep -c '^\.TP')" = "$(sed -n '/^\.SH KEYWORDS/,/^\.SH /p' "$conf" | grep -c '^Origin: ')"

# ---- environment variables -------------------------------------------------------------
vars=$(grep -rhoE 'MIP6LAB_[A-Z0-9_]*[A-Z0-9]' run.sh lib backend topology capture scenarios daemon/lab.sh | sort -u)
missing=
for v in $vars; do grep -q -- "$v" man/mip6lab.7 || missing+=" $v"; done
t "every MIP6LAB_* variable the lab reads is in mip6lab(7)${missing:+ (missing:$missing)}" test -z "$missing"
vars=$(grep -rhoE 'getenv\("MIP6D_[A-Z0-9_]+"\)' daemon | grep -oE 'MIP6D_[A-Z0-9_]+' | sort -u)
missing=
for v in $vars; do grep -q -- "$v" man/mip6d.8 || missing+=" $v"; done
t "every MIP6D_* variable mip6d reads is in mip6d(8)${missing:+ (missing:$missing)}" test -z "$missing"
summary
