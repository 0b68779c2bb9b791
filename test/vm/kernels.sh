#!/bin/sh
# Lists the newest Debian kernel of each series for ARCH, as found in the
# archive now (never a list of versions written down here):
#   test/vm/kernels.sh [ARCH] [SERIES...]
# ARCH: amd64 (default) or arm64.  SERIES: only these (e.g. 6.1 7.3; for
# arm64 the default is the newest series only).
# Prints one line per kernel: ARCH SERIES SUITE PACKAGE VERSION, oldest
# series first.  A series is taken from the first suite that has it, in the
# order trixie, trixie-backports, bookworm-security: Debian 13's own kernel,
# its backports, and Debian 12's own (6.1).  From 6.19 the kernel image is
# in linux-binary-*, and linux-image-* only depends on it.
# The apt configuration is test/deps/debian-fetch.sh's, in the cache.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${1:-amd64}
[ $# -gt 0 ] && shift
fetch=$top/test/deps/debian-fetch.sh
fail() { echo "kernels.sh: $*" >&2; exit 1; }

case $arch in
amd64) cache=${CACHE:-$top/.cache} ;;
arm64)
	# A foreign architecture gets its own apt configuration and cache.
	cache=${CACHE:-$top/.cache}/arm64
	mkdir -p "$cache"
	printf 'APT::Architecture "arm64";\nAPT::Architectures { "arm64"; };\n' \
		> "$cache/apt.conf"
	APT_CONFIG=$cache/apt.conf
	export APT_CONFIG ;;
*) fail "unknown architecture $arch (amd64 or arm64)" ;;
esac

# Every kernel flavour-less image package of @suite: "SERIES PACKAGE".
list_suite() {
	CACHE=$cache sh "$fetch" "$1" || exit 1
	etc=$cache/apt/$1
	apt-cache -o Dir::Etc::sourcelist="$etc/sources.list" \
		-o Dir::Etc::sourceparts="$etc/parts" \
		-o Dir::State::Lists="$etc/lists" -o Dir::Cache="$etc" \
		pkgnames linux- 2>/dev/null |
	sed -n "s/^\(linux-\(image\|binary\)-\([0-9]*\.[0-9]*\)[.0-9]*\(-[0-9]*\|+deb[0-9]*\)-$arch\)$/\3 \1/p"
}

# The candidate version of @pkg in @suite.
version() {
	etc=$cache/apt/$1
	apt-cache -o Dir::Etc::sourcelist="$etc/sources.list" \
		-o Dir::Etc::sourceparts="$etc/parts" \
		-o Dir::State::Lists="$etc/lists" -o Dir::Cache="$etc" \
		policy "$2" 2>/dev/null | sed -n 's/^ *Candidate: //p'
}

seen=" "
all=$(mktemp)
trap 'rm -f "$all"' EXIT
for suite in trixie trixie-backports bookworm-security; do
	list_suite $suite > "$all.$suite" || { rm -f "$all".*; exit 1; }
	for series in $(cut -d' ' -f1 "$all.$suite" | sort -u -V); do
		case $seen in *" $series "*) continue ;; esac
		seen="$seen$series "
		# The newest package of the series: linux-binary where both
		# exist for one version, as the image is only a metapackage.
		best= bestver=
		for pkg in $(awk -v s="$series" '$1 == s { print $2 }' \
			     "$all.$suite"); do
			ver=$(version $suite "$pkg")
			[ -n "$ver" ] && [ "$ver" != "(none)" ] || continue
			if [ -z "$best" ] ||
			   dpkg --compare-versions "$ver" gt "$bestver" ||
			   { [ "$ver" = "$bestver" ] &&
			     case $pkg in linux-binary-*) true ;; *) false ;; esac; }
			then
				best=$pkg bestver=$ver
			fi
		done
		[ -n "$best" ] && echo "$arch $series $suite $best $bestver" >> "$all"
	done
	rm -f "$all.$suite"
done
sort -k2,2V "$all" > "$all.sorted"
if [ $# -gt 0 ]; then
	for s in "$@"; do
		awk -v s="$s" '$2 == s' "$all.sorted"
	done
elif [ "$arch" = arm64 ]; then
	tail -n 1 "$all.sorted"
else
	cat "$all.sorted"
fi
rm -f "$all.sorted"
