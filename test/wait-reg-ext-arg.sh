#!/bin/sh
# A difference from liburing 2.15 that liburing-regions(7) lists: on a ring
# whose features lack IORING_FEAT_EXT_ARG though the kernel has it,
# liburing's io_uring_submit_and_wait_reg moves the SQ tail (publishes the
# pending NOP) and returns -EINVAL; the library's asks the kernel and
# submits the NOP (1), which then completes.
cd "$(dirname "$0")/.." || exit 1
src=test/compat/wait-reg-ext-arg.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$(sh test/deps/liburing.sh 2.15 2>/dev/null) || {
	echo "SKIP: liburing 2.15 could not be fetched (needs apt-get and Debian's archive)"
	exit 77
}
${CC:-cc} -Wall -Wextra -Werror -Iinclude -o "$tmp/ours" $src \
	-Lsrc -luring-regions -Wl,-rpath,"$PWD/src" || exit 1
${CC:-cc} -Wall -Wextra -DUSE_LIBURING -D_GNU_SOURCE -I"$root/usr/include" \
	-idirafter .cache/liburing-2.15/linux-include -o "$tmp/liburing" $src \
	"$root/usr/lib/$(${CC:-cc} -print-multiarch)/liburing.a" || exit 1
ours=$("$tmp/ours") || exit 1
theirs=$("$tmp/liburing") || exit 1
echo "wait-reg-ext-arg: liburing 2.15: $theirs; the library: $ours"
failed=0
[ "$ours" = "wait_reg 1 tail +1 submit 0 cqe 0 5" ] || failed=1
[ "$theirs" = "wait_reg -22 tail +1 submit 1 cqe 0 5" ] || failed=1
[ $failed = 0 ] || echo "wait-reg-ext-arg: not as liburing-regions(7) says"
exit $failed
