#!/bin/sh
# In a fresh copy of the tree: plain `make` configures and builds the
# library and the probe; `make CPPFLAGS=...` adds to the project's flags
# instead of dropping them.
cd "$(dirname "$0")/.." || exit 1
# Not the flags of a make that runs this test.
unset MAKEFLAGS MAKELEVEL MFLAGS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

copy() {	# the tracked and new files, none of the build's
	rm -rf "$tmp/tree" && mkdir "$tmp/tree" || exit 1
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -co --exclude-standard -z |
			xargs -0 cp --parents -t "$tmp/tree"
	else
		cp -a . "$tmp/tree" && make -s -C "$tmp/tree" distclean
	fi
}

copy
CC=${CC:-cc} make -C "$tmp/tree" -j2 >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "plain make"; }
for f in src/liburing-regions.a src/liburing-regions.so.1 \
	 src/uring-regions-probe; do
	[ -e "$tmp/tree/$f" ] || fail "plain make did not build $f"
done
"$tmp/tree/src/uring-regions-probe" >/dev/null || fail "the probe"

copy
CC=${CC:-cc} make -C "$tmp/tree" -j2 CPPFLAGS=-DLIBURING_REGIONS_TEST \
	src/liburing-regions.a src/uring-regions-probe >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "make CPPFLAGS=-DLIBURING_REGIONS_TEST"; }
grep -q -- '-DLIBURING_REGIONS_TEST' "$tmp/log" ||
	fail "CPPFLAGS from the command line not used"
echo "plain make builds; CPPFLAGS on the command line adds"
