#!/bin/sh
# The bits of struct io_uring.int_flags that io_uring_register_ring_fd()
# sets, measured by running each liburing the tests use (2.3, 2.15) and the
# library, against the library's constants (src/internal.h): the library
# sets what liburing 2.15 sets, and takes what either liburing sets for a
# registered ring as registered.  "with" is -2 on a kernel without
# IORING_FEAT_REG_REG_RING (6.3).
cd "$(dirname "$0")/.." || exit 1
src=test/compat/int-flags.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

${CC:-cc} -Wall -Wextra -Werror -Iinclude -Isrc -o "$tmp/ours" $src \
	-Lsrc -luring-regions -Wl,-rpath,"$PWD/src" || exit 1
"$tmp/ours" > "$tmp/ours.txt" || exit 1
set -- $(cat "$tmp/ours.txt")
ours_without=$2 ours_with=$4 reg=$6 regreg=$8 registered=${10}
failed=0
fail() { echo "int-flags: $*"; failed=1; }

[ "$ours_without" = "$reg" ] ||
	fail "the library sets $ours_without without REG_REG_RING, not REG_RING $reg"
[ "$ours_with" = -2 ] || [ "$ours_with" = $((reg | regreg)) ] ||
	fail "the library sets $ours_with with REG_REG_RING, not $((reg | regreg))"
for v in 2.3 2.15; do
	root=$(sh test/deps/liburing.sh $v 2>/dev/null) || {
		echo "SKIP: liburing $v could not be fetched (needs apt-get and Debian's archive)"
		exit 77
	}
	${CC:-cc} -Wall -Wextra -DUSE_LIBURING -D_GNU_SOURCE \
		-I"$root/usr/include" -idirafter .cache/liburing-$v/linux-include \
		-o "$tmp/l$v" $src "$root/usr/lib/$(${CC:-cc} -print-multiarch)/liburing.a" ||
		exit 1
	set -- $("$tmp/l$v") || exit 1
	echo "int-flags: liburing $v sets $1 $2, $3 $4; the library's REG_RING $reg, REG_REG_RING $regreg"
	for bits in $2 $4; do
		[ "$bits" = -2 ] && continue
		[ "$bits" -ne 0 ] && [ $((bits & ~registered)) -eq 0 ] ||
			fail "liburing $v sets $bits: not within REGISTERED $registered"
	done
	[ $v = 2.15 ] || continue
	[ "$2" = "$ours_without" ] && [ "$4" = "$ours_with" ] ||
		fail "liburing 2.15 sets $2 / $4, the library $ours_without / $ours_with"
done
[ $failed = 0 ] && echo "int-flags: the bits of liburing 2.3 and 2.15 agree with src/internal.h"
exit $failed
