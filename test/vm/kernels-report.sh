#!/bin/sh
# Writes docs/kernels.md (on stdout) from the results of
# test/vm/runtests-kernels.sh:
#   test/vm/kernels-report.sh RESULTS TOTAL_SECONDS
# RESULTS: one line per kernel, tab-separated: arch, series, package,
# version, seconds, verdict, console log.
set -u
results=${1:?usage: kernels-report.sh RESULTS TOTAL_SECONDS}
total=${2:-?}

features="ring mem_region kernel_region reg_wait resize clone_buffers clone_offset sync_msg_ring"
bugs="reg_wait_last_slot resize_same_size resize_big_entries clone_replace_tail msg_ring_cqe32"

# The tests of each feature's family (their require() lines).
tests_of() {
	case $1 in
	ring) echo "core-buffers core-nop core-ringfd core-wait syscalls" ;;
	mem_region) echo "region bad-region" ;;
	kernel_region) echo "region" ;;
	reg_wait) echo "reg-wait bad-reg-wait" ;;
	resize) echo "resize resize-mapfail bad-resize" ;;
	clone_buffers|clone_offset) echo "clone bad-clone" ;;
	sync_msg_ring) echo "msg-ring bad-msg-ring" ;;
	esac
}

# The JSON member @name (an object or a value) of the line @json.
member() {
	printf '%s\n' "$2" | grep -o "\"$1\": \({[^}]*}\|[a-z0-9\"_]*\)" |
		head -n 1 | sed "s/^\"$1\": //"
}

# The value of @name in the flat object @obj.
value() {
	printf '%s\n' "$2" | grep -o "\"$1\": [a-z0-9\"_]*" | head -n 1 |
		sed -e "s/^\"$1\": //" -e 's/"//g'
}

# pass, FAIL or skip for the tests @names in @log (FAIL wins, then pass).
tests_result() {
	log=$1
	shift
	r=
	for t in "$@"; do
		if grep -q "^FAIL \./$t\b" "$log"; then
			r=FAIL
		elif grep -q "^PASS \./$t\b" "$log"; then
			[ "$r" = FAIL ] || r=pass
		elif grep -q "^SKIP \./$t\b" "$log"; then
			[ -n "$r" ] || r=skip
		fi
	done
	echo "${r:-none}"
}

cat <<'EOF'
# The suite under Debian's kernels

Written by `make runtests-kernels` (test/vm/runtests-kernels.sh): the newest
Debian kernel of each series, found in the archive when it ran, booted in
qemu (software emulation, `-cpu max`) with the probe and the static test
suite in an initramfs; the arm64 kernel runs a suite cross-built with
Debian 12's aarch64 cross compiler under qemu-system-aarch64.

Each feature cell is the probe's answer, then the result of that family's
tests: `yes: pass`, `no: skip` (the tests skipped because the probe said
no), `yes: FAIL`. `QUERY` is whether `IORING_REGISTER_QUERY` answered and
agreed with the trial registrations. `bugs found` lists the known kernel
bugs the probe found by trying them, then the result of test/kernel-bugs,
which checks the library's answer to each. `sysctl` is the reason the probe gave
with `kernel.io_uring_disabled` set to 2 (`-` where the kernel has no such
sysctl). `boot` is the guest's uptime when /init started, `run` the whole
qemu run, in seconds.

EOF
printf '| kernel | arch'
for f in $features; do printf ' | %s' "$f"; done
printf ' | QUERY | bugs found | passed, failed, skipped | sysctl | boot | run |\n'
printf '|---|---'
for f in $features; do printf '|---'; done
printf '|---|---|---|---|---|---|\n'

failed_list=$(mktemp)
trap 'rm -f "$failed_list"' EXIT
while IFS='	' read -r arch series pkg ver secs verdict log; do
	json=$(sed -n 's/^vm: probe //p' "$log" | head -n 1)
	feats=$(member features "$json")
	bugobj=$(member bugs "$json")
	kernel=$(printf '%s\n' "$json" | sed -n 's/.*"kernel": "\([^"]*\)".*/\1/p')
	printf '| %s (%s) | %s' "${kernel:-$pkg}" "$ver" "$arch"
	for f in $features; do
		ans=$(value "$f" "$feats")
		case $ans in true) ans=yes ;; false) ans=no ;; *) ans='?' ;; esac
		printf ' | %s: %s' "$ans" "$(tests_result "$log" $(tests_of "$f"))"
	done
	q=$(member query "$json")
	case $q in
	null) q=no ;;
	'{'*) case $(value agrees "$q") in
		true) q="agrees" ;; *) q="DISAGREES" ;; esac ;;
	*) q='?' ;;
	esac
	found=
	for b in $bugs; do
		[ "$(value "$b" "$bugobj")" = true ] && found="$found${found:+, }$b"
	done
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' \
		  "$log" | tail -n 1 | sed 's/ passed,\| failed,\| skipped/,/g;s/,$//')
	dis=$(sed -n 's/^vm: disabled //p' "$log" | head -n 1)
	if [ -n "$dis" ]; then
		dis=$(value ring "$(member why "$dis")")
	else
		dis=-
	fi
	up=$(sed -n 's/^vm: kernel .* up \([0-9.]*\)$/\1/p' "$log" | head -n 1)
	[ "$verdict" = ok ] || summary="$summary ($verdict)"
	found="${found:-none}; library: $(tests_result "$log" kernel-bugs)"
	failures=$(sed -n 's/^FAIL \.\/\([^ :]*\).*/\1/p' "$log" | tr '\n' ' ')
	[ -z "$failures" ] ||
		echo "$kernel ($arch): $failures" >> "$failed_list"
	printf ' | %s | %s | %s | %s | %s | %s |\n' "$q" "$found" \
		"${summary:-none}" "$dis" "${up:-?}" "$secs"
done < "$results"

n=$(wc -l < "$results")
failed=$(awk -F'\t' '$6 != "ok"' "$results" | wc -l)
cat <<EOF

$n kernels, $failed with a failure; the whole run took ${total} s.
EOF
if [ -s "$failed_list" ]; then
	printf '\nFailed tests:\n\n'
	sed 's/^/- /; s/ *$//' "$failed_list"
fi
cat <<EOF

## The known bugs

Each is found by \`io_uring_regions_probe_bugs()\` by trying it on throwaway
rings, never from the version, and only where the kernel has the feature
(see io_uring_regions_probe_bugs(3)); \`test/kernel-bugs\` then checks,
on every kernel, that the library's answer loses no data.

| bug | what the kernel does | what the library does about it (test/kernel-bugs checks it on every kernel) |
|---|---|---|
| reg_wait_last_slot | a wait on the last slot of the wait area reads slot 0 (6.13.2 and later) | \`io_uring_setup_reg_wait()\` allocates a spare slot, so every slot it returns works |
| resize_same_size | a resize to the current sizes returns 0 and keeps the rings (6.13 to 6.17) | \`io_uring_resize_rings()\` remaps with offsets of its own |
| resize_big_entries | a resize copies pending SQE128/CQE32 entries as 64/16-byte ones, losing all but the first (before 7.1 and 7.0.y) | \`io_uring_resize_rings()\` copies the pending entries again from the old rings |
| clone_replace_tail | a \`DST_REPLACE\` clone drops the destination's buffers after the cloned range (before 6.19 and its stable fixes) | \`io_uring_clone_buffers_offset()\` puts them back from a copy of the table |
| msg_ring_cqe32 | a message passing \`IORING_CQE_F_32\` to a ring without \`CQE32\` or \`CQE_MIXED\` is handled as a 32-byte CQE: a padding CQE, an overflow when fewer than two slots are free, and a waiter that can spin unkillably in the kernel (6.18, where the flag came, to 7.1; seen on 6.18.15, 6.18.44, 6.19.14, 7.0.13 and 7.1.13, not on 7.2.12 and 7.3.4) | \`io_uring_sync_msg_ring()\` refuses the flag with -EINVAL; an SQE given to \`io_uring_register_sync_msg()\` (sent unread) or submitted on a ring cannot be stopped |
EOF
