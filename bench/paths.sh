#!/bin/sh
# The hot paths against Debian's liburing 2.15: bench/paths.c built twice
# (bench/paths-ours, bench/paths-liburing; make bench builds them).  For
# each case: user-space instructions per operation (callgrind, the loop
# only), wall time as the ratio ours / liburing of PAIRS runs taken in
# turns (median, min, max), and system calls per operation (strace, the
# loop only).  Appends one JSON object per case to bench/results.jsonl (or
# $BENCH_RESULTS) and prints a table; keeps callgrind's files and
# callgrind_annotate's per-function counts in bench/callgrind/.
#
# PAIRS (default 41), OPS: operations counted per case (default 1000).
cd "$(dirname "$0")/.." || exit 1
out=${BENCH_RESULTS:-bench/results.jsonl}
pairs=${PAIRS:-41}
ops=${OPS:-1000}
ours=bench/paths-ours
lu=bench/paths-liburing
cg=bench/callgrind

fail() { echo "paths.sh: $*" >&2; exit 1; }
[ -x $ours ] && [ -x $lu ] || fail "build $ours and $lu first (make bench)"
command -v valgrind >/dev/null 2>&1 || fail "valgrind is needed"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
rm -rf $cg
mkdir -p $cg

# Wall time: the two in turns, each first in every other pair.
i=0
while [ $i -lt "$pairs" ]; do
	if [ $((i % 2)) -eq 0 ]; then
		$ours time >"$tmp/o" || fail "$ours time"
		$lu time >"$tmp/l" || fail "$lu time"
	else
		$lu time >"$tmp/l" || fail "$lu time"
		$ours time >"$tmp/o" || fail "$ours time"
	fi
	sort "$tmp/o" >"$tmp/os"
	sort "$tmp/l" >"$tmp/ls"
	join "$tmp/os" "$tmp/ls" >>"$tmp/wall"
	i=$((i + 1))
done

# Instructions: callgrind collects inside measured() only.
count_insns() {	# SIDE BINARY CASE
	f=$cg/$3.$1.out
	valgrind -q --tool=callgrind --toggle-collect=measured \
		--callgrind-out-file="$f" "$2" once "$3" "$ops" ||
		fail "callgrind $2 $3"
	callgrind_annotate --threshold=100 "$f" >"$cg/$3.$1.txt" 2>/dev/null
	sed -n 's/^totals: //p' "$f"
}

# Per-function self counts per operation, as a JSON object, largest first
# (inlined code counts for the function it was inlined into).
functions() {	# ANNOTATE-FILE DIVISOR
	awk -v div="$2" '
	/file:function/ { on = 1; next }
	on && /^ *[0-9,]+ \(/ {
		n = $1; gsub(/,/, "", n)
		f = $0; sub(/^ *[0-9,]+ \([ 0-9.]+%\) +/, "", f)
		sub(/ .*/, "", f); sub(/.*:/, "", f)
		sub(/^liburing_regions_/, "", f)
		sum[f] += n
	}
	on && /^$/ { on = 0 }
	END {
		for (f in sum)
			if (sum[f] / div >= 0.5)
				printf "%.1f %s\n", sum[f] / div, f
	}' "$1" | sort -rn | awk '
	{ printf "%s\"%s\": %s", (NR > 1 ? ", " : "{"), $2, $1 }
	END { print NR ? "}" : "{}" }'
}

# System calls between the two markers.
count_syscalls() {	# BINARY CASE
	if ! command -v strace >/dev/null 2>&1; then
		echo null
		return
	fi
	strace -f -qq -o "$tmp/strace" "$1" once "$2" "$ops" ||
		fail "strace $1 $2"
	awk -v ops="$ops" '
		/getppid\(/ { on = 0 }
		on { n++ }
		/getpid\(/ { on = 1 }
		END { printf "%g\n", n / ops }' "$tmp/strace"	# per loop
}

printf '%-11s %9s %9s %6s  %-19s %s\n' case insns liburing ratio \
	"wall [min, max]" "syscalls ours/liburing"
$ours list | while read -r name per title; do
	io=$(count_insns ours $ours "$name")
	il=$(count_insns liburing $lu "$name")
	fo=$(functions $cg/$name.ours.txt $((ops * per)))
	fl=$(functions $cg/$name.liburing.txt $((ops * per)))
	so=$(count_syscalls $ours "$name")
	sl=$(count_syscalls $lu "$name")
	awk -v name="$name" -v title="$title" -v per="$per" -v ops="$ops" \
	    -v io="$io" -v il="$il" -v so="$so" -v sl="$sl" -v fo="$fo" \
	    -v fl="$fl" '
	function sort(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
	}
	function med(a, n) {
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$1 == name { n++; r[n] = $2 / $3; o[n] = $2; l[n] = $3 }
	END {
		sort(r, n); sort(o, n); sort(l, n)
		io /= ops * per; il /= ops * per
		if (so != "null") so = sprintf("%g", so / per)
		if (sl != "null") sl = sprintf("%g", sl / per)
		printf "{\"bench\": \"paths\", \"case\": \"%s\", \"title\": \"%s\", " \
		       "\"ns_per_op\": %.1f, \"liburing_ns_per_op\": %.1f, " \
		       "\"insns_ours\": %.1f, \"insns_liburing\": %.1f, " \
		       "\"insns_ratio\": %.2f, \"wall_ratio\": %.3f, " \
		       "\"wall_ratio_min\": %.3f, \"wall_ratio_max\": %.3f, " \
		       "\"pairs\": %d, \"syscalls_ours\": %s, " \
		       "\"syscalls_liburing\": %s, \"functions_ours\": %s, " \
		       "\"functions_liburing\": %s}\n", name, title,
		       med(o, n), med(l, n), io, il, io / il, med(r, n), r[1],
		       r[n], n, so, sl, fo, fl >> "'"$out"'"
		printf "%-11s %9.1f %9.1f %6.2f  %.3f [%.3f, %.3f]  %s / %s\n",
		       name, io, il, io / il, med(r, n), r[1], r[n], so, sl
	}' "$tmp/wall"
done
