#!/usr/bin/env bash
# The Debian package: built with CPack from the build tree, unpacked into a
# scratch root with dpkg -x (no system change), and used from there: index
# and search corpora/, man page and completions in place, Depends declared.
# Usage: package_test.sh BUILD_DIR CORPORA_DIR
set -euo pipefail
build=$1 corpora=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$build" && cpack -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/hanidx_*_amd64.deb)
echo "package: $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libxapian30 libxml2 mecab-ipadic-utf8 libstdc++6; do
  [[ $depends == *"$dep"* ]] || { echo "FAIL: Depends lacks $dep"; exit 1; }
done
dpkg -x "$deb" "$tmp/root"
for f in usr/bin/hanidx usr/share/man/man1/hanidx.1 usr/share/bash-completion/completions/hanidx \
         usr/share/zsh/vendor-completions/_hanidx usr/share/fish/vendor_completions.d/hanidx.fish; do
  [[ -s $tmp/root/$f ]] || { echo "FAIL: $f missing from the package"; exit 1; }
done
bin=$tmp/root/usr/bin/hanidx
"$bin" --version
"$bin" index -q --db "$tmp/db" "$corpora"
hits=$("$bin" search --db "$tmp/db" --format paths 医院 | wc -l)
[[ $hits -ge 2 ]] || { echo "FAIL: the packaged hanidx found $hits documents for 医院"; exit 1; }
echo "packaged hanidx: 医院 -> $hits documents"
bash -n "$tmp/root/usr/share/bash-completion/completions/hanidx"
