#!/bin/sh
# Unpacks Debian's liburing VERSION (2.3: bookworm, 2.9: trixie, 2.15: sid)
# with its shared library into one tree, .cache/liburing-VERSION/root, never
# into the system, and prints that tree.  trixie's and sid's <liburing.h>
# need kernel headers newer than Debian 12's: their suite's go to
# .cache/liburing-VERSION/linux-include, to be searched after the system's
# (-idirafter); empty for 2.3.
#   test/deps/liburing.sh VERSION
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
version=${1:?usage: liburing.sh VERSION}
fetch=$top/test/deps/debian-fetch.sh
dest=$top/.cache/liburing-$version
fail() { echo "liburing.sh: $*" >&2; exit 1; }

case $version in
2.3) suite=bookworm linux= ;;
2.9) suite=trixie linux=linux-libc-dev ;;
2.15) suite=sid linux=linux-libc-dev ;;
*) fail "unknown version $version (2.3, 2.9 or 2.15)" ;;
esac
if [ ! -f "$dest/stamp" ]; then
	dirs=$(sh "$fetch" "$suite" liburing-dev liburing2 $linux) || exit 1
	rm -rf "$dest"
	mkdir -p "$dest/root" "$dest/linux-include"
	for d in $dirs; do
		case $d in
		*/linux-libc-dev_*)
			cp -a "$d/usr/include/." "$dest/linux-include/" ;;
		*)	cp -a "$d/." "$dest/root/" ;;
		esac
	done
	got=$(sed -n 's/^Version: //p' \
		"$dest"/root/usr/lib/*/pkgconfig/liburing.pc)
	[ "$got" = "$version" ] ||
		echo "liburing.sh: note: $suite now has liburing $got" >&2
	touch "$dest/stamp"
fi
echo "$dest/root"
