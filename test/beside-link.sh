#!/bin/sh
# A program that includes <liburing.h> and then <liburing-regions.h> builds
# with `pkg-config --cflags --libs liburing liburing-regions` against
# Debian's liburing 2.3, 2.9 and 2.15 (those that can be fetched; none:
# skip) and this library, installed together into
# one tree; linked shared and static, it runs, and its calls of this
# library's functions reach this library (never liburing's same names).
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ma=$(${CC:-cc} -print-multiarch)
failed=0 built=0 missing=
fail() { echo "FAIL: $*"; failed=1; }

for v in 2.3 2.9 2.15; do
	root=$tmp/root-$v
	mkdir -p "$root"
	lu=$(sh test/deps/liburing.sh $v 2>"$tmp/fetch") || {
		echo "liburing $v: $(tail -n 1 "$tmp/fetch")"
		missing="$missing $v"
		continue; }
	cp -a "$lu/." "$root/" || exit 1
	make -s install DESTDIR="$root" prefix=/usr libdir=/usr/lib/$ma \
		>/dev/null || exit 1
	pc() {
		PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH='' \
		PKG_CONFIG_LIBDIR=$root/usr/lib/$ma/pkgconfig \
			pkg-config "$@" liburing liburing-regions
	}
	cflags="-D_GNU_SOURCE $(pc --cflags) -idirafter .cache/liburing-$v/linux-include"
	for mode in shared static; do
		prog=$tmp/beside-$v-$mode
		if [ $mode = shared ]; then
			libs=$(pc --libs)
		else
			libs="-static $(pc --static --libs)"
		fi
		${CC:-cc} -Wall -Wextra -Werror $cflags -o "$prog" \
			test/compat/beside.c $libs -lpthread ||
			{ fail "build, liburing $v, $mode"; continue; }
		built=$((built + 1))
		# liburing 2.15 has an io_uring_resize_rings too (which drops
		# the three fetched SQEs that beside.c then submits).
		nm "$prog" | grep -q ' [UT] liburing_regions_io_uring_resize_rings\(@.*\)\?$' ||
			fail "liburing $v, $mode: resize does not reach this library"
		# 2.3's liburing.so lacks io_uring_enable_rings: ours is used.
		[ $v = 2.3 ] && ! nm "$prog" |
			grep -q ' [UT] liburing_regions_io_uring_enable_rings\(@.*\)\?$' &&
			fail "liburing 2.3, $mode: enable_rings is not this library's"
		if [ $mode = shared ]; then
			LD_LIBRARY_PATH=$root/usr/lib/$ma ldd "$prog" |
				grep -q "$root/usr/lib/$ma/liburing.so.2" ||
				fail "liburing $v: not linked to its liburing.so"
		fi
		out=$(LD_LIBRARY_PATH=$root/usr/lib/$ma "$prog") ||
			fail "liburing $v, $mode: the program failed"
		echo "liburing $v, $mode: $out"
	done
done
if [ $built -eq 0 ] && [ $failed -eq 0 ]; then
	echo "SKIP: no liburing could be fetched (needs apt-get and Debian's archive)"
	exit 77
fi
echo "beside-link: $built programs built and run${missing:+ (liburing not fetched:$missing)}"
exit $failed
