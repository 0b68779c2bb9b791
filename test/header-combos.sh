#!/bin/sh
# The public header compiles in every include order with the system's
# <linux/io_uring.h> and with a newer one (fixture), as C99 with gcc and
# clang and as C++ with g++ and clang++, -Wall -Wextra -Wpedantic -Werror;
# and it refuses to follow <liburing.h>.
cd "$(dirname "$0")/.." || exit 1
src=test/compat/use-header.c
failed=0 ran=0

try() {	# expect(ok|error) compiler lang-flags extra-flags...
	expect=$1 cc=$2 lang=$3
	shift 3
	command -v "$cc" >/dev/null 2>&1 || {
		echo "header-combos: $cc is not installed"; failed=1; return; }
	ran=$((ran + 1))
	out=$($cc $lang -Wall -Wextra -Wpedantic -Werror -Iinclude "$@" \
		-c -o /dev/null $src 2>&1)
	rc=$?
	if [ "$expect" = ok ] && [ $rc -ne 0 ]; then
		echo "FAIL: $cc $lang $*"; printf '%s\n' "$out"; failed=1
	elif [ "$expect" = error ] && ! printf '%s' "$out" |
			grep -q 'liburing.h> was included first'; then
		echo "FAIL: no #error after <liburing.h>: $cc $lang $*"
		failed=1
	fi
}

for cc_lang in "gcc -std=c99" "clang -std=c99" "g++ -xc++ -std=c++11" \
	       "clang++ -xc++ -std=c++17" "gcc -std=gnu11"; do
	set -- $cc_lang
	cc=$1; shift
	lang="$*"
	for sys in "" "-isystem test/compat/newer"; do
		for order in "" -DSYSTEM_FIRST -DSYSTEM_AFTER; do
			try ok "$cc" "$lang" $sys $order
		done
	done
	try error "$cc" "$lang" -Itest/compat/liburing -DLIBURING_FIRST
done
echo "header-combos: $ran compilations"
exit $failed
