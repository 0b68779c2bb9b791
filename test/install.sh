#!/bin/sh
# make install into a DESTDIR, then a program built with pkg-config against
# the installed tree (and only it) links and runs; no installed file is one
# that liburing-dev 2.15 ships, the shared object's file is named after its
# soname, every (3regions) reference names an installed page; make
# uninstall removes everything it installed.
cd "$(dirname "$0")/.." || exit 1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

make -s install DESTDIR="$d" prefix=/usr >/dev/null || fail "make install"
for f in usr/include/liburing-regions.h usr/include/liburing-regions/uapi.h usr/include/liburing-regions/core.h \
	 usr/lib/liburing-regions.a usr/lib/liburing-regions.so \
	 usr/lib/liburing-regions.so.1 usr/lib/pkgconfig/liburing-regions.pc \
	 usr/bin/uring-regions-probe \
	 usr/share/liburing-regions/valgrind.supp; do
	[ -e "$d/$f" ] || fail "$f not installed"
done
flags=$(PKG_CONFIG_SYSROOT_DIR="$d" PKG_CONFIG_LIBDIR="$d/usr/lib/pkgconfig" \
	pkg-config --cflags --libs liburing-regions) || fail "pkg-config"
case $flags in
*"-I$d/usr/include"*"-L$d/usr/lib"*"-luring-regions"*) ;;
*) fail "pkg-config gave: $flags" ;;
esac
# -nostdinc is not usable; the tree's include/ must simply not be on the path.
# KERNEL_HEADERS: what configure found for a compiler that does not see
# the system's kernel headers (musl-gcc).
${CC:-cc} -Wall -Wextra -Werror ${KERNEL_HEADERS:-} -o "$d/msg-wake" \
	examples/msg-wake.c $flags -lpthread ${LDFLAGS:-} ||
	fail "build against the installed tree"
LD_LIBRARY_PATH="$d/usr/lib" "$d/msg-wake" >/dev/null ||
	fail "program built against the installed tree failed"
# readelf, not ldd: glibc's ldd does not know musl's programs.
readelf -d "$d/msg-wake" | grep -q 'NEEDED.*\[liburing-regions.so.1\]' ||
	fail "not linked to liburing-regions.so.1"
# Installed binaries carry no path into the build tree.
for f in "$d/usr/bin/uring-regions-probe" "$d/usr/lib/liburing-regions.so.1"; do
	readelf -d "$f" | grep -q 'R\(UN\)\?PATH' &&
		fail "$f has a runpath: $(readelf -d "$f" | grep PATH)"
done
LD_LIBRARY_PATH="$d/usr/lib" "$d/usr/bin/uring-regions-probe" --json \
	>/dev/null || fail "installed probe program"
if ls man/*.[137] >/dev/null 2>&1; then
	n=$(find "$d/usr/share/man" -type f -o -type l | wc -l)
	[ "$n" -eq "$(ls man/*.[137] | wc -l)" ] || fail "man pages: $n"
	for r in $(cat "$d"/usr/share/man/man*/* |
		   sed -n 's/.*\b\([_a-z0-9]*\) (3regions).*/\1/p' | sort -u); do
		[ -e "$d/usr/share/man/man3/$r.3regions" ] ||
			fail "reference to $r(3regions): no such page"
	done
fi
so=$(cd "$d/usr/lib" && ls liburing-regions.so.*.*.*)
case $so in
liburing-regions.so.1.[0-9]*.[0-9]*) ;;
*) fail "shared object's file: $so" ;;
esac
[ "$(readlink "$d/usr/lib/liburing-regions.so.1")" = "$so" ] ||
	fail "liburing-regions.so.1 does not point to $so"
# Paths liburing-dev 2.15 ships (man pages without their .gz): none ours.
deb=$(ls .cache/debs/liburing-dev_2.15-*.deb 2>/dev/null | head -n 1)
if [ -n "$deb" ]; then
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
elif [ -d .cache/liburing-2.15/root/usr ]; then
	(cd .cache/liburing-2.15/root && find usr ! -type d | sed 's|^|/|')
fi | sed 's/\.gz$//' | sort -u > "$d/theirs"
(cd "$d" && find usr ! -type d | sed 's|^|/|') | sort > "$d/ours"
if [ -s "$d/theirs" ]; then
	both=$(comm -12 "$d/theirs" "$d/ours")
	[ -z "$both" ] || fail "liburing-dev 2.15 ships these too:" $both
	checked="no file of liburing-dev 2.15's $(wc -l < "$d/theirs")"
else
	checked="liburing-dev 2.15 not in .cache: collisions not checked"
fi
rm -f "$d/theirs" "$d/ours"
make -s uninstall DESTDIR="$d" prefix=/usr >/dev/null || fail "uninstall"
left=$(find "$d" -type f -o -type l | grep -v "$d/msg-wake")
[ -z "$left" ] || fail "left after uninstall: $left"
echo "installed ($checked), linked through pkg-config, ran, uninstalled"
