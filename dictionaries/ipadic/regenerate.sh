#!/usr/bin/env bash
# Regenerates dictionaries/ipadic/ from Debian's mecab-ipadic package, so anyone can check where
# the dictionary sources come from.
#
# IPADIC ships in EUC-JP; lindera's DictionaryBuilder (metadata.json: "encoding": "UTF-8") reads
# UTF-8, so every .csv and .def file is converted with iconv. The result is packed as one
# deterministic tar (sorted names, fixed mtime and owner) compressed with zstd -19, which
# build.rs unpacks and compiles. Running this script again must produce a byte-identical
# ipadic-2.7.0-20070801-utf8.tar.zst (compare SHA256SUMS).
#
# Needs: apt-get (or a local mecab-ipadic .deb as $1), dpkg-deb, iconv, tar, zstd, sha256sum.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=2.7.0-20070801+main-3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  cp "$1" "$work/"
else
  (cd "$work" && apt-get download "mecab-ipadic=$version")
fi
deb=$(ls "$work"/mecab-ipadic_*.deb)
dpkg-deb -x "$deb" "$work/x"
src="$work/x/usr/share/mecab/dic/ipadic"

mkdir "$work/utf8"
for f in "$src"/*.csv "$src"/*.def; do
  iconv -f EUC-JP -t UTF-8 "$f" > "$work/utf8/$(basename "$f")"
done

(cd "$work/utf8" && tar --sort=name --mtime=2007-08-01T00:00:00Z --owner=0 --group=0 --numeric-owner \
  --format=ustar -cf "$work/ipadic.tar" .)
zstd -q -19 -f "$work/ipadic.tar" -o "$here/ipadic-2.7.0-20070801-utf8.tar.zst"
cp "$work/x/usr/share/doc/mecab-ipadic/copyright" "$here/COPYING"
(cd "$here" && sha256sum ipadic-2.7.0-20070801-utf8.tar.zst COPYING > SHA256SUMS)
echo "mecab-ipadic $version from $(basename "$deb")" > "$here/SOURCE"
cat "$here/SHA256SUMS"
