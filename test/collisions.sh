#!/bin/sh
# No symbol that liburing-regions exports, from its shared or its static
# library, is exported by Debian's liburing 2.3 or 2.15 (shared or static).
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
failed=0
for v in 2.3 2.15; do
	root=$(sh test/deps/liburing.sh $v) || exit 1
	lib=$root/usr/lib/$ma
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
echo "collisions: $(wc -l < "$tmp/ours") symbols of ours checked"
exit $failed
