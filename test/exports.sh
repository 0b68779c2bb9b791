#!/bin/sh
# The shared library exports exactly the functions the headers declare, each
# under its liburing_regions_ name with a symbol version; the static library
# defines nothing else globally (its internal symbols are local).
cd "$(dirname "$0")/.." || exit 1
lib=src/$(readlink src/liburing-regions.so.1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort \
	> "$tmp/exported"
grep -ho 'LIBURING_REGIONS_DECL([a-z_0-9]*)' include/liburing-regions.h \
	include/liburing-regions/*.h |
	sed "s/.*(\\(.*\\))/liburing_regions_\\1/" | grep -vx liburing_regions_name |
	sort -u > "$tmp/declared"

status=0
unversioned=$(grep -v '@@LIBURING_REGIONS_1.0$' "$tmp/exported")
if [ -n "$unversioned" ]; then
	echo "exported without the symbol version: $unversioned"
	status=1
fi
sed 's/@.*//' "$tmp/exported" | sort > "$tmp/names"
if ! diff -u "$tmp/declared" "$tmp/names"; then
	echo "exports (+) differ from the header's declarations (-)"
	status=1
fi
nm -g --defined-only src/liburing-regions.a | awk 'NF == 3 { print $3 }' |
	sort > "$tmp/static"
if ! diff -u "$tmp/declared" "$tmp/static"; then
	echo "the static library's global symbols (+) differ from the header's (-)"
	status=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = liburing-regions.so.1 ] || {
	echo "soname is '$soname'"; status=1; }
echo "$(wc -l < "$tmp/names") exported functions checked, static and shared"
exit $status
