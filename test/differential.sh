#!/bin/sh
# Differential test against liburing.  Builds test/differential.c twice:
# against Debian's liburing (sid, unpacked into .cache by
# test/deps/debian-fetch.sh, never installed) and against this library;
# runs both on this kernel and compares their output field by field.  A
# difference fails the test unless the list of accepted differences below
# names it, with its reason.
#
#   test/differential.sh [CASE-PREFIX...]
#
# CC: the compiler (default cc).  LR_TOP: the liburing-regions tree whose
# src/liburing-regions.a and include/ are tested (default: this one).
# KEEP=1 keeps the build directory (binaries and both outputs).
# Exit: 0 no unaccepted difference, 1 a difference or a build failure,
# 77 liburing could not be fetched.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${LR_TOP:-$(cd "$here/.." && pwd)}
cc=${CC:-cc}
cflags="-O2 -g -Wall -Wextra"

fail() { echo "differential: $*" >&2; exit 1; }

# Accepted differences: case (glob), fields (comma-separated globs), reason.
accepted() {
	cat <<'EOF'
4-wait-reg-api*	register	liburing 2.15's io_uring_register_wait_reg is a stub (-EINVAL); ours registers the area through a memory region
4-wait-reg-api*	wait,cqe	follows from the stub: liburing's ring has no wait area, so the wait faults (-EFAULT) where ours times out
5-resize-*	sq.ring_sz*,same_ptr*	after a resize liburing maps the SQ and CQ rings separately (the kernel reports no features on resize) and sizes the SQ mapping from sq_off.array, which is 0 (sq_entries * 4 bytes); ours keeps the one shared mapping of setup, as io_uring_queue_init made it
5-resize-pending-sqes	saw,cqe*,sqe_head*,sq.k*,cq.k*,cq_ready*,ready,rt*	liburing's resize loses SQEs fetched with io_uring_get_sqe but not submitted (it keeps sqe_head/sqe_tail over a zeroed SQE array: they go out as NOPs with user_data 0); ours copies them
5-resize-pending-both	saw,cqe*,sqe_head*,sq.k*,cq.k*,cq_ready*,ready,rt*	liburing's resize loses SQEs fetched with io_uring_get_sqe but not submitted (it keeps sqe_head/sqe_tail over a zeroed SQE array: they go out as NOPs with user_data 0); ours copies them
9-sync-msg-flag-bit5	peek*,wait,cqe*	liburing 2.15 silently consumes any CQE whose flags have bit 5 (IORING_CQE_F_SKIP), even on a ring that is not IORING_SETUP_CQE_MIXED, where a message may pass any flags; ours returns the CQE
9-msg-ring-flag-bit15	cq.khead,cq_ready	liburing 2.15 counts a CQE whose flags have bit 15 (IORING_CQE_F_32) as two on a ring that is not IORING_SETUP_CQE_MIXED: io_uring_cqe_seen advances the head by 2, past the tail; ours by 1
EOF
}

lu=$(sh "$here/deps/liburing.sh" 2.15) || {
	echo "differential: cannot fetch liburing from Debian sid: skipped"
	exit 77
}
lk=$top/.cache/liburing-2.15/linux-include
lu_a=$(find "$lu/usr/lib" -name liburing.a 2>/dev/null | head -n 1)
if [ -z "$lu_a" ] || [ ! -f "$lu/usr/include/liburing.h" ]; then
	echo "differential: no liburing.a or liburing.h in $lu: skipped"
	exit 77
fi

tmp=$(mktemp -d) || fail "mktemp"
if [ "${KEEP:-0}" = 1 ]; then
	echo "differential: build directory $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

make -C "$top" src/liburing-regions.a >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log" >&2; fail "make -C $top src/liburing-regions.a"; }

# shellcheck disable=SC2086
$cc $cflags -DUSE_LIBURING -I"$lu/usr/include" -idirafter "$lk" \
	-o "$tmp/liburing" "$here/differential.c" "$lu_a" -lpthread ||
	fail "cannot build against liburing"
# shellcheck disable=SC2086
$cc $cflags -I"$top/include" -o "$tmp/ours" \
	"$here/differential.c" "$top/src/liburing-regions.a" -lpthread ||
	fail "cannot build against liburing-regions"

for side in liburing ours; do
	timeout 600 "$tmp/$side" "$@" >"$tmp/$side.out" ||
		fail "$side: exit status $?"
done
accepted >"$tmp/accepted"

awk -F '\t' '
function glob(g) {
	gsub(/[.+^$(){}|\\]/, "\\\\&", g)
	gsub(/\[/, "\\[", g)
	gsub(/\*/, ".*", g)
	gsub(/\?/, ".", g)
	return "^" g "$"
}
# Splits line l into name, keys (in order, key#2 for a repeat) and vals.
function parse(l, keys, vals,    n, i, t, k, e, parts, seen) {
	e = index(l, ":")
	cname = substr(l, 1, e - 1)
	n = split(substr(l, e + 2), parts, " ")
	for (i = 1; i <= n; i++) {
		t = parts[i]
		e = index(t, "=")
		k = e ? substr(t, 1, e - 1) : t
		if (seen[k]++)
			k = k "#" seen[k]
		keys[i] = k
		vals[k] = e ? substr(t, e + 1) : ""
	}
	return n
}
FILENAME == ARGV[1] {
	na++
	acase[na] = glob($1)
	nf = split($2, f, ",")
	afields[na] = ""
	for (i = 1; i <= nf; i++)
		afields[na] = afields[na] (i > 1 ? "|" : "") glob(f[i])
	areason[na] = $3
	next
}
FILENAME == ARGV[2] {
	e = index($0, ":")
	name = substr($0, 1, e - 1)
	if (!(name in lline))
		order[++nc] = name
	lline[name] = $0
	next
}
{
	e = index($0, ":")
	name = substr($0, 1, e - 1)
	if (!(name in lline) && !(name in oline))
		order[++nc] = name
	oline[name] = $0
}
function accepted_reason(name, key,    i) {
	for (i = 1; i <= na; i++)
		if (name ~ acase[i] && key ~ afields[i])
			return areason[i]
	return ""
}
END {
	for (c = 1; c <= nc; c++) {
		name = order[c]
		if (!(name in lline) || !(name in oline)) {
			diffs++
			printf "DIFF %s: only in %s\n", name,
			       (name in lline) ? "liburing" : "ours"
			continue
		}
		if (lline[name] == oline[name])
			continue
		split("", lk); split("", lv); split("", ok); split("", ov)
		ln = parse(lline[name], lk, lv)
		on = parse(oline[name], ok, ov)
		nd = 0; bad = 0; split("", dk); split("", why)
		for (i = 1; i <= ln; i++) {
			k = lk[i]
			if (!(k in ov) || ov[k] != lv[k])
				dk[++nd] = k
		}
		for (i = 1; i <= on; i++)
			if (!(ok[i] in lv))
				dk[++nd] = ok[i]
		for (i = 1; i <= nd; i++) {
			why[i] = accepted_reason(name, dk[i])
			if (why[i] == "")
				bad++
		}
		diffs++
		if (!bad)
			accepted++
		if (!bad) {
			fields = dk[1]
			for (i = 2; i <= nd; i++)
				fields = fields "," dk[i]
			printf "ACCEPTED %s: %s\n", name, fields
			continue
		}
		printf "DIFF %s\n", name
		printf "  liburing: %s\n  ours:     %s\n", lline[name], oline[name]
		for (i = 1; i <= nd; i++) {
			k = dk[i]
			printf "    %s: liburing=%s ours=%s%s\n", k,
			       (k in lv) ? lv[k] : "(absent)",
			       (k in ov) ? ov[k] : "(absent)",
			       why[i] == "" ? "" : "  [accepted: " why[i] "]"
		}
	}
	printf "differential: %d cases compared, %d differences (%d accepted)\n",
	       nc, diffs, accepted
	exit diffs > accepted
}' "$tmp/accepted" "$tmp/liburing.out" "$tmp/ours.out"
