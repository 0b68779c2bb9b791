#!/bin/sh
# No symbol that liburing-regions exports, from its shared or its static
# library, is exported by Debian's liburing 2.3, 2.9 or 2.15 (shared or
# static), nor by the system's liburing where pkg-config finds one.  One
# that cannot be had is left out, said on the last line; none: skip.
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ma=$(${CC:-cc} -print-multiarch)

defined() {	# nm output of defined global symbols -> names
	awk 'NF >= 3 && $2 ~ /^[BDGRTVW]$/ { sub(/@.*/, "", $3); print $3 }'
}

{ nm -D --defined-only src/liburing-regions.so.1 | defined
  nm -g --defined-only src/liburing-regions.a | defined; } |
	sort -u > "$tmp/ours"
[ -s "$tmp/ours" ] || { echo "no symbols in the library?"; exit 1; }
failed=0 versions= missing=
for v in 2.3 2.9 2.15 system; do
	if [ $v = system ]; then
		lib=$(pkg-config --variable=libdir liburing 2>/dev/null) ||
			{ missing="$missing system"; continue; }
	else
		root=$(sh test/deps/liburing.sh $v 2>"$tmp/fetch") || {
			echo "liburing $v: $(tail -n 1 "$tmp/fetch")"
			missing="$missing $v"
			continue; }
		lib=$root/usr/lib/$ma
	fi
	versions="$versions $v"
	{ nm -D --defined-only "$lib"/liburing.so.2.* | defined
	  nm -g --defined-only "$lib/liburing.a" 2>/dev/null | defined; } |
		sort -u > "$tmp/liburing-$v"
	both=$(comm -12 "$tmp/ours" "$tmp/liburing-$v")
	if [ -n "$both" ]; then
		echo "exported by liburing $v too:" $both
		failed=1
	fi
	echo "liburing $v: $(wc -l < "$tmp/liburing-$v") symbols, none shared"
done
if [ -z "$versions" ]; then
	echo "SKIP: no liburing could be fetched (needs apt-get and Debian's archive), none on the system"
	exit 77
fi
echo "collisions: $(wc -l < "$tmp/ours") symbols of ours checked against liburing$versions${missing:+ (not had:$missing)}"
exit $failed
