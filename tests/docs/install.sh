#!/usr/bin/env bash
# make install / make uninstall into a temporary DESTDIR, with the default PREFIX and
# with another one: the programs, the man pages (readable by man, with the PREFIX's
# paths), the article's configurations; then nothing of ours is left.
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"
cd "$ROOT"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

expected() {   # expected PREFIX: the files make install must write
    local p=$1 m
    printf '%s\n' "$p/bin/mip6-analyze" "$p/bin/mip6-probe" "$p/bin/mip6-rtp" "$p/bin/mip6-loadgen" \
        "$p/bin/mip6-forge" "$p/sbin/mip6d" "$p/sbin/mip6-hwsim"
    for m in daemon/examples/*.conf; do echo "$p/share/doc/mip6lab/examples/${m##*/}"; done
    for m in man/*.[1-8]; do echo "$p/share/man/man${m##*.}/${m#man/}"; done
}

for prefix in /usr/local /opt/mip6lab; do
    d=$dest${prefix//\//_}
    mkdir -p "$d"
    args=(DESTDIR="$d")
    [ "$prefix" = /usr/local ] || args+=(PREFIX="$prefix")
    t "make install PREFIX=$prefix DESTDIR=tmp succeeds" make -s install "${args[@]}"
    got=$(cd "$d" && find . ! -type d | sed 's/^\.//' | sort)
    want=$(expected "$prefix" | sort)
    if [ "$got" = "$want" ]; then
        ok "prefix $prefix: exactly the $(wc -l <<<"$want") expected files"
    else
        fail "prefix $prefix: exactly the expected files" "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
    fi
    t "prefix $prefix: programs executable, mip6d -h runs" "$d$prefix/sbin/mip6d" -h
    t "prefix $prefix: man finds mip6d.conf(5) in the installed tree" \
        bash -c "MANPATH='$d$prefix/share/man' man -w 5 mip6d.conf | grep -q '$d$prefix/share/man/man5/mip6d.conf.5'"
    t "prefix $prefix: the installed pages name the installed examples" \
        grep -qF "$prefix/share/doc/mip6lab/examples/mip6d\\-ha.conf" "$d$prefix/share/man/man8/mip6d.8"
    t "prefix $prefix: the installed examples are the article's files" \
        cmp -s daemon/examples/mip6d-mn.conf "$d$prefix/share/doc/mip6lab/examples/mip6d-mn.conf"
    t "make uninstall PREFIX=$prefix DESTDIR=tmp succeeds" make -s uninstall "${args[@]}"
    left=$(cd "$d" && find . ! -type d)
    t "prefix $prefix: uninstall leaves no file${left:+ (left: $(tr '\n' ' ' <<<"$left"))}" test -z "$left"
    t "prefix $prefix: uninstall removes share/doc/mip6lab" test ! -e "$d$prefix/share/doc/mip6lab"
done
summary
