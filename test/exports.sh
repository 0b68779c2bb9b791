#!/bin/sh
# The shared library exports exactly the functions the header declares out
# of line, each with a symbol version, and nothing else.
cd "$(dirname "$0")/.." || exit 1
lib=$(ls src/liburing-regions.so.*.*.* | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort \
	> "$tmp/exported"
# Out-of-line prototypes: "type name(" lines that are not static inline.
grep -E '^[a-z_][a-z_ ]*[ *]+_*(io_uring_[a-z0-9_]+)\(' \
	include/liburing-regions.h | grep -v '^static' |
	sed -E 's/.*[ *](_*io_uring_[a-z0-9_]+)\(.*/\1/' | sort -u \
	> "$tmp/declared"

status=0
unversioned=$(grep -v '@@LIBURING_REGIONS_' "$tmp/exported")
if [ -n "$unversioned" ]; then
	echo "exported without a symbol version: $unversioned"
	status=1
fi
sed 's/@.*//' "$tmp/exported" | sort > "$tmp/names"
if ! diff -u "$tmp/declared" "$tmp/names"; then
	echo "exports (+) differ from the header's declarations (-)"
	status=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = liburing-regions.so.0 ] || {
	echo "soname is '$soname'"; status=1; }
echo "$(wc -l < "$tmp/names") exported functions checked"
exit $status
