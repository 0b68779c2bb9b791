#!/bin/sh
# The ABI against the released one (make check-abi), or moving the
# baseline at a release (make abi-baseline, which runs this with --update).
#
# Builds the shared library in .build/abi (a copy of the tree, gcc -O2 -g:
# abidw reads the DWARF), dumps its ABI with abidw (public headers' types
# only) and checks:
# 1. the same symbol set everywhere: the functions the headers declare
#    (LIBURING_REGIONS_DECL), the library's exports (each matching a global
#    pattern of src/liburing-regions.map, under one of its version nodes),
#    debian/liburing-regionsABI.symbols and the baseline
#    src/liburing-regions.abi;
# 2. abidiff baseline new: an incompatible change (a removed function, a
#    changed signature or layout) fails unless the soname changed too.
# --update writes the baseline from the build, and the symbols file: its
# symbols keep their versions, new ones get the Makefile's VERSION.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
baseline=src/liburing-regions.abi
# The shared library's package is named after the soname (ABI).
libpkg=liburing-regions$(sed -n 's/^ABI := //p' Makefile)
symbols=debian/$libpkg.symbols
map=src/liburing-regions.map
build=$top/.build/abi
update=no
[ "${1:-}" = --update ] && update=yes
fail() { echo "check-abi: FAIL: $*"; exit 1; }
for tool in abidw abidiff gcc nm objdump; do
	command -v $tool >/dev/null ||
		fail "no $tool (Debian: apt-get install abigail-tools gcc binutils)"
done

version=$(sed -n 's/^VERSION := //p' Makefile)
abi=$(sed -n 's/^ABI := //p' Makefile)
lib=src/liburing-regions.so.$abi.${version#*.}
unset MAKEFLAGS MAKELEVEL MFLAGS
sh test/copy-tree.sh "$build" || fail "copying the tree"
(cd "$build" && ./configure --cc=gcc >/dev/null &&
	make -s "$lib" CFLAGS="-O2 -g") >"$build.log" 2>&1 ||
	{ cat "$build.log"; fail "building $lib"; }

dump() {	# the ABI of a library, without paths or line numbers
	abidw --headers-dir "$build/include" --drop-private-types \
		--no-corpus-path --no-comp-dir-path --no-show-locs \
		--out-file "$2" "$1"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dump "$build/$lib" "$tmp/new.abi" || fail "abidw $lib"
soname=$(objdump -p "$build/$lib" | awk '$1 == "SONAME" { print $2 }')

# The sets, one "name@version" a line.
nm -D --defined-only --with-symbol-versions "$build/$lib" |
	awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sed 's/@@*/@/' | sort \
	> "$tmp/exported"
grep -ho 'LIBURING_REGIONS_DECL([a-z_0-9]*)' include/liburing-regions.h \
	include/liburing-regions/*.h |
	sed 's/.*(\(.*\))/liburing_regions_\1/' |
	grep -vx liburing_regions_name | sort -u > "$tmp/declared"
abi_syms() {	# the elf-symbols of an abidw dump
	sed -n "s/.*<elf-symbol name='\([^']*\)' version='\([^']*\)'.*/\1@\2/p" \
		"$1" | sort
}
nodes=$(sed -n 's/^[[:space:]]*\([A-Za-z0-9_.]*\)[[:space:]]*{.*/\1/p' "$map")
globals=$(awk '/global:/ { g = 1; next } /local:/ { g = 0 }
	g { gsub(/[;[:space:]]/, ""); if ($0 != "") print }' "$map")

if [ $update = yes ]; then
	cp "$tmp/new.abi" "$baseline"
	# Keep each listed symbol's version; new ones get this VERSION.
	{
		echo "$soname $libpkg #MINVER#"
		echo "* Build-Depends-Package: liburing-regions-dev"
		{
			for n in $nodes; do echo "$n@$n"; done
			cat "$tmp/exported"
		} | while read -r s; do
			v=$(awk -v s="$s" '$1 == s { print $2 }' "$symbols" 2>/dev/null)
			echo " $s ${v:-$version}"
		done
	} > "$tmp/symbols"
	cp "$tmp/symbols" "$symbols"
	echo "check-abi: wrote $baseline and $symbols" \
	     "($(wc -l < "$tmp/exported") functions, $soname)"
fi
[ -f "$baseline" ] || fail "no $baseline: make abi-baseline writes it"

status=0
problem() { echo "check-abi: FAIL: $*"; status=1; }
# Sets: header = exports, each exported under a node of the map and
# matching one of its global patterns.
sed 's/@.*//' "$tmp/exported" | sort > "$tmp/exported-names"
diff -u "$tmp/declared" "$tmp/exported-names" > "$tmp/d" ||
	{ cat "$tmp/d"; problem "exports (+) differ from the headers' declarations (-)"; }
while IFS=@ read -r name ver; do
	echo "$nodes" | grep -qx "$ver" ||
		problem "$name has version '$ver', not a node of $map"
	ok=no
	for g in $globals; do
		# shellcheck disable=SC2254
		case $name in $g) ok=yes ;; esac
	done
	[ $ok = yes ] || problem "$name matches no global pattern of $map"
done < "$tmp/exported"

base_soname=$(sed -n "1s/.*soname='\([^']*\)'.*/\1/p" "$baseline")
if [ "$base_soname" != "$soname" ]; then
	abidiff --no-show-locs "$baseline" "$tmp/new.abi"
	echo "check-abi: the soname changed ($base_soname -> $soname):" \
	     "incompatible changes are allowed; move the baseline and the" \
	     "symbols file (package name) with make abi-baseline"
	exit $status
fi

# The symbols file and the baseline list the same symbols.
sed -n 's/^ \([^ ]*\) .*/\1/p' "$symbols" | sort > "$tmp/listed"
for n in $nodes; do echo "$n@$n"; done | cat - "$tmp/exported" | sort \
	> "$tmp/expected"
diff -u "$tmp/expected" "$tmp/listed" > "$tmp/d" ||
	{ cat "$tmp/d"; problem "$symbols (+) differs from the exports (-): make abi-baseline"; }
head -n 1 "$symbols" | grep -q "^$soname $libpkg " ||
	problem "$symbols: first line is not for $soname"
abi_syms "$baseline" > "$tmp/base-syms"
diff -u "$tmp/base-syms" "$tmp/exported" > "$tmp/d" ||
	{ cat "$tmp/d"; problem "exports (+) differ from $baseline (-)"; }

# abidiff: bit 1 error, 2 usage, 4 a change, 8 an incompatible change
# (a removed symbol).  Added functions are compatible and are not counted;
# any other change (a signature, a type's layout) is taken as incompatible.
cat > "$tmp/added.suppr" <<'SUPPR'
[suppress_function]
  change_kind = added-function
  name_regexp = .*
[suppress_variable]
  change_kind = added-variable
  name_regexp = .*
SUPPR
abidiff --no-show-locs --suppressions "$tmp/added.suppr" \
	"$baseline" "$tmp/new.abi" > "$tmp/report" 2>&1
rc=$?
cat "$tmp/report"
if [ $((rc & 3)) -ne 0 ]; then
	problem "abidiff failed (exit $rc)"
elif [ $((rc & 12)) -ne 0 ]; then
	problem "an ABI change (abidiff exit $rc, above) with the same soname" \
		"$soname: keep the ABI, or raise ABI in the Makefile"
fi
[ $status -eq 0 ] &&
	echo "check-abi: $(wc -l < "$tmp/exported") functions, $soname:" \
	     "the headers, $map, $symbols and $baseline agree; abidiff exit $rc"
exit $status
