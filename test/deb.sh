#!/bin/sh
# make deb: the Debian packages, built from a copy of the tree in
# .build/deb/src (the .debs land in .build/deb), checked by lintian (no
# error, no warning), installed with dpkg -i, used by a program built with
# pkg-config against the installed files, then purged; nothing of them may
# be left.  Needs root (dpkg -i) and debhelper, lintian, pkg-config.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out=$top/.build/deb
pkgs="liburing-regions$(sed -n 's/^ABI := //p' Makefile) liburing-regions-dev
      uring-regions-probe"
fail() { echo "deb: FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "dpkg -i needs root"
for tool in dpkg-buildpackage dh lintian pkg-config cc; do
	command -v $tool >/dev/null ||
		fail "no $tool (Debian: apt-get install devscripts debhelper lintian pkg-config build-essential)"
done
unset MAKEFLAGS MAKELEVEL MFLAGS

# 1. Build, in a copy: dpkg-buildpackage writes beside the source tree.
rm -rf "$out"
sh test/copy-tree.sh "$out/src" || fail "copying the tree"
echo "== dpkg-buildpackage -us -uc -b (log: .build/deb/build.log)"
(cd "$out/src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log"; fail "dpkg-buildpackage"; }
grep 'dpkg-gensymbols: warning' "$out/build.log" &&
	fail "the symbols file is out of date: make abi-baseline"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg --print-architecture)
debs=
for p in $pkgs; do
	f=$out/${p}_${version}_$arch.deb
	[ -f "$f" ] || fail "$p was not built"
	debs="$debs $f"
done
ls "$out"/*.deb | sed 's|.*/|  |'

# 2. lintian: errors and warnings fail; the rest is shown.
echo "== lintian"
lintian -I --fail-on error,warning "$out"/*.changes || fail "lintian"
echo "lintian: no error, no warning"

# 3. No file that Debian's liburing-dev ships (man3 pages of the same
# names): checked against the packages test/deps fetched, when present.
for d in .cache/debs/liburing-dev_*.deb; do
	[ -f "$d" ] || continue
	dpkg-deb -c "$d" | awk '$1 !~ /^d/ { print $6 }' | sort > "$out/theirs"
	for f in $debs; do dpkg-deb -c "$f"; done |
		awk '$1 !~ /^d/ { print $6 }' | sort > "$out/ours"
	same=$(comm -12 "$out/theirs" "$out/ours")
	[ -z "$same" ] || fail "files also in ${d##*/}: $same"
	echo "no file in common with ${d##*/}"
done

# 4. Install, use, purge.
# dpkg with its output in LOG, waiting up to 2 minutes while another
# dpkg or apt holds the lock (the machine may be shared): dpkg_locked LOG ARGS
dpkg_locked() {
	log=$1 tries=0
	shift
	while ! dpkg "$@" >"$log" 2>&1; do
		tries=$((tries + 1))
		grep -q 'locked by another process' "$log" && [ $tries -lt 60 ] ||
			return 1
		sleep 2
	done
}
purge() { dpkg_locked "$out/purge.log" --purge $pkgs; }
installed() {
	for p in $pkgs; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null |
			grep -q '^[^un]' && echo "$p"
	done
}
[ -z "$(installed)" ] && [ ! -e /usr/include/liburing-regions.h ] ||
	fail "already installed (dpkg --purge $pkgs first): $(installed)"
trap 'purge' EXIT
echo "== dpkg -i"
# shellcheck disable=SC2086
dpkg_locked "$out/install.log" -i $debs ||
	{ cat "$out/install.log"; fail "dpkg -i"; }

tmp=$(mktemp -d)
cat > "$tmp/prog.c" <<'EOF'
/* A NOP through the installed library, and the probe's answer. */
#include <liburing-regions.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	unsigned features = io_uring_regions_probe();
	int ret = io_uring_queue_init(4, &ring, 0);

	printf("probe: %#x\n", features);
	if (ret == -ENOSYS || ret == -EPERM) {
		printf("io_uring is not available here (%s)\n", strerror(-ret));
		return 0;
	}
	if (ret < 0)
		return fprintf(stderr, "queue_init: %s\n", strerror(-ret)), 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 42);
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret != 1 || io_uring_peek_cqe(&ring, &cqe) ||
	    io_uring_cqe_get_data64(cqe) != 42 || cqe->res != 0)
		return fprintf(stderr, "nop: %d\n", ret), 1;
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	printf("nop round trip through the installed library\n");
	return 0;
}
EOF
flags=$(pkg-config --cflags --libs liburing-regions) || fail "pkg-config"
echo "pkg-config: $flags"
# In $tmp, so that nothing of the tree is on the paths.
(cd "$tmp" && cc -Wall -Wextra -Werror -o prog prog.c $flags) ||
	fail "build against the installed packages"
"$tmp/prog" || fail "the program built against the packages"
ldd "$tmp/prog" | grep -Eq "liburing-regions.so.1 => (/usr)?/lib/[^ ]*/liburing-regions.so.1 " ||
	fail "not linked to the installed library: $(ldd "$tmp/prog")"
(cd "$tmp" && cc -Wall -Wextra -Werror -o prog-static prog.c \
	$(pkg-config --cflags liburing-regions) \
	-Wl,-Bstatic -luring-regions -Wl,-Bdynamic) ||
	fail "build against the installed static library"
"$tmp/prog-static" >/dev/null || fail "the program linked statically"
uring-regions-probe --json || fail "the installed uring-regions-probe"
if command -v man >/dev/null; then
	for page in uring-regions-probe "7 liburing-regions" \
		    "3regions io_uring_resize_rings" "3regions io_uring_cq_ready"; do
		# shellcheck disable=SC2086
		man -w $page >/dev/null || fail "no man page: $page"
	done
fi
rm -rf "$tmp"

# 5. Purge: the packages' files, dpkg's records and ldconfig's cache entry
# are gone.
echo "== dpkg --purge"
for f in $debs; do dpkg-deb -c "$f"; done |
	awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' > "$out/files"
purge || { cat "$out/purge.log"; fail "dpkg --purge"; }
trap - EXIT
[ -z "$(installed)" ] || fail "still installed: $(installed)"
while read -r f; do
	[ -e "$f" ] || [ -L "$f" ] && echo "left: $f"
done < "$out/files" > "$out/left"
find /usr /etc /var/lib/dpkg/info -path /usr/local -prune -o \
	-name '*uring-regions*' -print >> "$out/left" 2>/dev/null
ldconfig -p | grep 'liburing-regions' >> "$out/left"
[ -s "$out/left" ] && { cat "$out/left"; fail "left after dpkg --purge"; }
echo "deb: built, lintian clean, installed, used through pkg-config" \
     "(shared and static), purged, nothing left"
