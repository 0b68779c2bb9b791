#!/bin/sh
# examples/beside/beside.c, the two-header, two-library form, built as its
# comment says, `cc ... $(pkg-config --cflags --libs liburing
# liburing-regions)`, with this library installed beside each liburing:
# Debian's 2.3, 2.9 and 2.15 (unpacked into .cache by test/deps/liburing.sh)
# and the system's own where pkg-config finds one; then run.  A liburing
# that cannot be had is named on the last line; none at all: skip.
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ma=$(${CC:-cc} -print-multiarch)
src=examples/beside/beside.c
failed=0 ran=0 skipped=0 missing=
fail() { echo "FAIL: $*"; failed=1; }
command -v pkg-config >/dev/null 2>&1 ||
	{ echo "SKIP: no pkg-config (install pkg-config)"; exit 77; }

for v in 2.3 2.9 2.15 system; do
	root=$tmp/root-$v
	if [ $v = system ]; then
		pkg-config --exists liburing || {
			missing="$missing system"; continue; }
		# The system's liburing and ours installed under $root.
		make -s install prefix="$root" libdir="$root/lib" >/dev/null ||
			exit 1
		pc() {
			PKG_CONFIG_PATH=$root/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH} \
				pkg-config "$@" liburing liburing-regions
		}
		libdir=$root/lib
		extra=
	else
		lu=$(sh test/deps/liburing.sh $v 2>"$tmp/fetch") || {
			echo "liburing $v: $(tail -n 1 "$tmp/fetch")"
			missing="$missing $v"
			continue; }
		# liburing's tree and ours installed into it, as one system.
		mkdir -p "$root"
		cp -a "$lu/." "$root/" || exit 1
		make -s install DESTDIR="$root" prefix=/usr \
			libdir=/usr/lib/$ma >/dev/null || exit 1
		pc() {
			PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH='' \
			PKG_CONFIG_LIBDIR=$root/usr/lib/$ma/pkgconfig \
				pkg-config "$@" liburing liburing-regions
		}
		libdir=$root/usr/lib/$ma
		# trixie's and sid's <liburing.h> need their kernel headers.
		extra="-idirafter .cache/liburing-$v/linux-include"
	fi
	prog=$tmp/beside-$v
	# shellcheck disable=SC2046
	${CC:-cc} -Wall -Wextra -Werror -D_GNU_SOURCE $extra -o "$prog" $src \
		$(pc --cflags --libs) 2>"$tmp/err" || {
		fail "liburing $v: does not build: $(grep -m 1 -e 'undefined reference' -e 'error' "$tmp/err")"
		continue; }
	out=$(LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	      "$prog" 2>&1)
	case $? in
	0) ran=$((ran + 1)); echo "liburing $v: $out" ;;
	77) skipped=$((skipped + 1)); echo "liburing $v: skipped: $out" ;;
	*) fail "liburing $v: $out" ;;
	esac
done
if [ $failed -eq 0 ] && [ $ran -eq 0 ]; then
	if [ $skipped -gt 0 ]; then
		echo "SKIP: $out"
	else
		echo "SKIP: no liburing (none fetched: needs apt-get and Debian's archive; none on the system)"
	fi
	exit 77
fi
echo "beside-example: run beside $ran liburing(s)${missing:+ (not had:$missing)}"
exit $failed
