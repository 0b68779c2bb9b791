#!/bin/sh
# The public header compiles:
# - standalone, in every include order with the system's <linux/io_uring.h>
#   and with a newer one (fixture), -Wall -Wextra -Wpedantic -Werror, and as
#   C++ also -Wold-style-cast -Wzero-as-null-pointer-constant;
# - after Debian's <liburing.h> 2.3, 2.9 and 2.15, -Wall -Wextra -Werror
#   (those that can be fetched; the others are named on the last line);
# as C99 and C11 with gcc and clang, as C++11 and C++17 with g++ and
# clang++.  Before <liburing.h> it stops with a message that says what to do.
cd "$(dirname "$0")/.." || exit 1
src=test/compat/use-header.c
failed=0 ran=0
langs="gcc:-std=c99 gcc:-std=c11 clang:-std=c99 clang:-std=c11
       g++:-xc++:-std=c++11 g++:-xc++:-std=c++17
       clang++:-xc++:-std=c++11 clang++:-xc++:-std=c++17"

try() {	# expect(ok|error) compiler:lang-flags extra-flags...
	expect=$1 cc=${2%%:*} lang=$(echo "${2#*:}" | tr : ' ')
	shift 2
	command -v "$cc" >/dev/null 2>&1 || {
		echo "header-combos: $cc is not installed"; failed=1; return; }
	ran=$((ran + 1))
	out=$($cc $lang -Wall -Wextra -Werror -Iinclude "$@" \
		-c -o /dev/null $src 2>&1)
	rc=$?
	if [ "$expect" = ok ] && [ $rc -ne 0 ]; then
		echo "FAIL: $cc $lang $*"; printf '%s\n' "$out" | head -n 20
		failed=1
	elif [ "$expect" = error ] && { [ $rc -eq 0 ] ||
		! printf '%s' "$out" | grep -q \
			'include <liburing.h> before <liburing-regions.h>'; }; then
		echo "FAIL: no message that says what to do: $cc $lang $*"
		printf '%s\n' "$out" | head -n 20
		failed=1
	fi
}

for l in $langs; do
	strict=-Wpedantic
	case $l in
	*c++*) strict="$strict -Wold-style-cast -Wzero-as-null-pointer-constant" ;;
	esac
	for sys in "" "-isystem test/compat/newer"; do
		for order in "" -DSYSTEM_FIRST -DSYSTEM_AFTER; do
			try ok "$l" $strict $sys $order
		done
	done
done
missing=
for v in 2.3 2.9 2.15; do
	root=$(sh test/deps/liburing.sh $v 2>/dev/null) ||
		{ missing="$missing $v"; continue; }
	# <liburing.h> needs POSIX declarations that strict C modes hide.
	inc="-D_GNU_SOURCE -I$root/usr/include -idirafter .cache/liburing-$v/linux-include"
	for l in $langs; do
		try ok "$l" $inc -DLIBURING_FIRST
		try error "$l" $inc -DLIBURING_AFTER
	done
done
echo "header-combos: $ran compilations${missing:+ (liburing not fetched, needs apt-get and Debian's archive:$missing)}"
exit $failed
