#!/bin/sh
# Gets each set of beside tests ready for make to build, at test time:
#   test/deps/beside-sets.sh SET...
# A SET is VERSION-LINK: VERSION is Debian's liburing 2.3, 2.9 or 2.15
# (fetched by liburing.sh) or "system" (the liburing pkg-config finds);
# LINK is "shared" (as `pkg-config --libs liburing` gives it, found at run
# time by its runpath) or "static" (its liburing.a).
# A set that can be had gets test/beside-SET/flags.mk, its compiler and
# linker flags (rewritten only when they change), and its name is printed.
# A set that cannot (no apt-get, no access to Debian's archive, no
# pkg-config or no liburing it finds) gets instead one stub per family test
# in test/beside-SET/ that prints why and exits 77; nothing fails here.
# FAMILY_TESTS: the family tests' names; CC: the compiler.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
ma=$(${CC:-cc} -print-multiarch 2>/dev/null)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# The reason @set cannot be had, as stubs in its directory.
stubs() {	# set reason
	dir=test/beside-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	printf '%s\n' "$2" > "$dir/.stub"
	for t in $FAMILY_TESTS; do
		printf '#!/bin/sh\necho "SKIP: $(cat "${0%%/*}/.stub")"\nexit 77\n' \
			> "$dir/$t"
		chmod 755 "$dir/$t"
	done
}

# pkg-config for liburing @version: the unpacked tree's .pc, its paths
# under that tree; the system's own for "system".
pc() {	# version args...
	v=$1
	shift
	if [ "$v" = system ]; then
		pkg-config "$@" liburing
	else
		root=$top/.cache/liburing-$v/root
		PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH='' \
		PKG_CONFIG_LIBDIR=$root/usr/lib/$ma/pkgconfig \
			pkg-config "$@" liburing
	fi
}

# Whether liburing @version can be had; else the reason in $why.
fetched=
have() {
	case " $fetched " in *" $1 "*) return 0 ;; esac
	if ! command -v pkg-config >/dev/null 2>&1; then
		why="no pkg-config (install pkg-config)"
		return 1
	fi
	if [ "$1" = system ]; then
		pkg-config --exists liburing && return 0
		why="pkg-config finds no liburing on this system (install liburing's development package, e.g. liburing-dev, to test beside it)"
		return 1
	fi
	if ! sh test/deps/liburing.sh "$1" >/dev/null 2>"$tmp"; then
		why="Debian's liburing $1 not fetched: $(tail -n 1 "$tmp") (fetched where apt-get reaches Debian's archive)"
		return 1
	fi
	fetched="$fetched $1"
}

for set in "$@"; do
	v=${set%-*}
	link=${set##*-}
	if ! have "$v"; then
		stubs "$set" "$why"
		continue
	fi
	cflags=$(pc "$v" --cflags)
	libdir=$(pc "$v" --variable=libdir)
	if [ "$v" != system ]; then
		# sid's and trixie's <liburing.h> need their newer kernel
		# headers, after the system's.
		cflags="$cflags -idirafter $top/.cache/liburing-$v/linux-include"
	fi
	if [ "$link" = shared ]; then
		libs=$(pc "$v" --libs)
		# The unpacked liburing.so.2 at run time.
		[ "$v" = system ] || libs="$libs -Wl,-rpath,$libdir"
	elif [ -f "$libdir/liburing.a" ]; then
		libs=$libdir/liburing.a
	else
		stubs "$set" "no liburing.a in $libdir (liburing $v has no static library here)"
		continue
	fi
	dir=test/beside-$set
	[ -f "$dir/.stub" ] && rm -rf "$dir"
	mkdir -p "$dir"
	{
		echo "BESIDE_CFLAGS_$set := $cflags"
		echo "BESIDE_LIBS_$set := $libs"
	} > "$tmp"
	cmp -s "$tmp" "$dir/flags.mk" || cp "$tmp" "$dir/flags.mk"
	echo "$set"
done
exit 0
