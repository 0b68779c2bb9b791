#!/bin/sh
# The probe and the static test suite under every Debian kernel series (the
# newest kernel of each, found in the archive by test/vm/kernels.sh), one
# qemu at a time, in software emulation; then the same on arm64 with a
# cross-built suite.  Writes docs/kernels.md.
#   test/vm/runtests-kernels.sh
# Environment:
#   KERNELS_ARCH   architectures to run (default "amd64 arm64")
#   KERNELS        series to run, e.g. "6.1 7.3" (default: all found)
#   KERNELS_OUT    the report (default docs/kernels.md; "-": none)
#   TESTS          the test programs (default: test/*.c, less helpers)
#   LIB_SRCS       the library's sources (for the cross build)
#   VM_TIMEOUT     seconds for one kernel's run (default 600)
# The consoles and the results stay in .cache/kernels/last-run.
# Exits non-zero if any kernel failed a test, oopsed or did not finish.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
cache=${CACHE:-$top/.cache}
fetch=$top/test/deps/debian-fetch.sh
out=${KERNELS_OUT:-docs/kernels.md}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "runtests-kernels: $*" >&2; exit 1; }
say() { echo "runtests-kernels: $*"; }
start_all=$(date +%s)

[ -n "${TESTS:-}" ] || TESTS=$(ls test/*.c | sed -e '/helpers\.c$/d' \
	-e '/differential\.c$/d' -e 's/\.c$//')
[ -n "${LIB_SRCS:-}" ] || LIB_SRCS=$(ls src/*.c | grep -v uring-regions-probe)

# The vmlinuz of @arch @suite @pkg @ver, unpacked once into the cache; the
# package itself is not kept.
kernel_image() {
	dir=$cache/kernels/$1/${3}_$4
	if [ ! -f "$dir/vmlinuz" ]; then
		if [ "$1" = arm64 ]; then
			d=$(APT_CONFIG=$cache/arm64/apt.conf \
			    CACHE=$cache/arm64 sh "$fetch" "$2" "$3") || return 1
		else
			d=$(CACHE=$cache sh "$fetch" "$2" "$3") || return 1
		fi
		img=$(ls "$d"/boot/vmlinuz-* "$d"/usr/lib/modules/*/vmlinuz \
		      2>/dev/null | head -n 1)
		[ -f "$img" ] || { echo "no vmlinuz in $3" >&2; return 1; }
		mkdir -p "$dir"
		cp "$img" "$dir/vmlinuz.tmp" && mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
		rm -rf "$d"
		rm -f "${d%/root/*}"/debs/"${3}"_*.deb
	fi
	echo "$dir/vmlinuz"
}

# The arm64 cross compiler, from Debian 12's cross packages unpacked into
# the cache (never installed); prints the directory holding its bin/.
cross_arm64() {
	x=$cache/cross-arm64
	if [ ! -f "$x/stamp" ]; then
		dirs=$(CACHE=$cache sh "$fetch" bookworm gcc-12-aarch64-linux-gnu \
			cpp-12-aarch64-linux-gnu binutils-aarch64-linux-gnu \
			libc6-dev-arm64-cross libc6-arm64-cross \
			linux-libc-dev-arm64-cross libgcc-12-dev-arm64-cross \
			libgcc-s1-arm64-cross) || return 1
		rm -rf "$x" && mkdir -p "$x"
		for d in $dirs; do
			cp -a "$d/." "$x/" || return 1
		done
		touch "$x/stamp"
	fi
	echo "$x/usr"
}

# A static busybox for @arch: the host's for amd64, Debian's for arm64.
busybox_for() {
	if [ "$1" = amd64 ]; then
		command -v busybox
		return
	fi
	d=$(APT_CONFIG=$cache/arm64/apt.conf CACHE=$cache/arm64 \
	    sh "$fetch" bookworm busybox-static) || return 1
	echo "$d/bin/busybox"
}

# Builds the initramfs for @arch into $work/initrd-@arch.gz.
build_initrd() {
	arch=$1
	root=$work/root-$arch
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/tests" "$root/proc" "$root/sys" \
		 "$root/dev" "$root/tmp"
	bb=$(busybox_for "$arch") && [ -f "$bb" ] || fail "no busybox for $arch"
	cp "$bb" "$root/bin/busybox" || fail "busybox"
	cp test/vm/init "$root/init" && chmod 755 "$root/init"
	cp test/runtests.sh "$root/tests/"
	flags="-static -O2 -Wall -Wextra -Iinclude"
	if [ "$arch" = amd64 ]; then
		cc=${CC:-cc}
		lib=src/liburing-regions.a
		[ -f "$lib" ] || fail "$lib: run make first"
	else
		usr=$(cross_arm64) || fail "cannot set up the arm64 cross compiler"
		export LD_LIBRARY_PATH="$usr/lib/x86_64-linux-gnu"
		cc=$usr/bin/aarch64-linux-gnu-gcc-12
		lib=$work/lib-arm64.a
		objs=
		for s in $LIB_SRCS; do
			o=$work/obj-arm64-$(basename "$s" .c).o
			$cc $flags -c -o "$o" "$s" || fail "arm64 build of $s"
			objs="$objs $o"
		done
		"$usr/bin/aarch64-linux-gnu-ar" rcs "$lib" $objs || fail "ar"
	fi
	$cc $flags -c -o "$work/helpers-$arch.o" test/helpers.c ||
		fail "$arch build of test/helpers.c"
	$cc $flags -o "$root/tests/uring-regions-probe" \
		src/uring-regions-probe.c "$lib" -lpthread ||
		fail "$arch build of the probe"
	for t in $TESTS; do
		name=$(basename "$t")
		$cc $flags -o "$root/tests/$name" "$t.c" "$work/helpers-$arch.o" \
			"$lib" -lpthread || fail "$arch build of $t"
		echo "./$name" >> "$root/tests/list"
	done
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) \
		> "$work/initrd-$arch.gz" || fail "initramfs"
}

# Boots @vmlinuz for @arch with the initramfs; the console on stdout.
boot() {
	if [ "$1" = amd64 ]; then
		timeout -k 10 "${VM_TIMEOUT:-600}" qemu-system-x86_64 \
			-machine q35 -accel tcg,thread=single -cpu max \
			-m 1024 -smp 2 -display none -monitor none \
			-serial stdio -no-reboot -kernel "$2" \
			-initrd "$work/initrd-amd64.gz" \
			-append "console=ttyS0 panic=-1 loglevel=4" </dev/null 2>&1
	else
		timeout -k 10 "${VM_TIMEOUT:-600}" qemu-system-aarch64 \
			-machine virt -accel tcg,thread=single \
			-cpu max,pauth-impdef=on -m 1024 -smp 2 -display none \
			-monitor none -serial stdio -no-reboot -kernel "$2" \
			-initrd "$work/initrd-arm64.gz" \
			-append "console=ttyAMA0 panic=-1 loglevel=4" </dev/null 2>&1
	fi
}

# The consoles and results of the last run stay in the cache, so that the
# report can be made again: test/vm/kernels-report.sh RESULTS SECONDS.
logs=$cache/kernels/last-run
rm -rf "$logs" && mkdir -p "$logs" || fail "cannot make $logs"
results=$logs/results
: > "$results"
status=0
for arch in ${KERNELS_ARCH:-amd64 arm64}; do
	list=$(sh test/vm/kernels.sh "$arch" ${KERNELS:-}) ||
		fail "cannot list the $arch kernels"
	[ -n "$list" ] || fail "no $arch kernel found"
	build_initrd "$arch"
	echo "$list" > "$work/list-$arch"
	while read -r a series suite pkg ver; do
		img=$(kernel_image "$a" "$suite" "$pkg" "$ver") ||
			fail "cannot fetch $pkg"
		say "$a $series: $pkg $ver"
		t0=$(date +%s)
		boot "$a" "$img" | tr -d '\r' > "$work/console"
		secs=$(( $(date +%s) - t0 ))
		log=$logs/console-$a-$series
		cp "$work/console" "$log"
		grep -E '^(PASS|FAIL|SKIP) |^vm: (kernel|done)|^[0-9]+ passed' \
			"$log" | sed 's/^/    /'
		sed -n '/^FAIL /,/^\(PASS\|SKIP\|FAIL\) \|^[0-9]* passed/p' "$log" |
			grep '^    ' | head -n 40
		summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' \
			  "$log" | tail -n 1)
		verdict=ok
		[ -n "$summary" ] || verdict="no summary"
		grep -q '^vm: done' "$log" || verdict="did not finish"
		if grep -qE 'Oops|BUG:|Kernel panic|general protection' "$log"; then
			verdict=oops
		fi
		case $summary in *" 0 failed,"*) ;; *) [ $verdict = ok ] && verdict=failed ;; esac
		# With kernel.io_uring_disabled=2 the probe must say so.
		dis=$(sed -n 's/^vm: disabled //p' "$log")
		if [ -n "$dis" ] && [ $verdict = ok ]; then
			case $dis in
			*'"ring": false'*'"ring": "sysctl"'*) ;;
			*) verdict="wrong reason under io_uring_disabled" ;;
			esac
		fi
		say "$a $series: ${summary:-no summary}, ${secs}s, $verdict"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$a" "$series" "$pkg" \
			"$ver" "$secs" "$verdict" "$log" >> "$results"
	done < "$work/list-$arch"
done
awk -F'\t' '$6 != "ok" { bad = 1 } END { exit !bad }' "$results" && status=1

total=$(( $(date +%s) - start_all ))
if [ "$out" != - ]; then
	sh test/vm/kernels-report.sh "$results" "$total" > "$work/report" &&
		cp "$work/report" "$out" && say "wrote $out"
fi
say "$(wc -l < "$results") kernels in ${total}s"
awk -F'\t' '{ print "  " $1 " " $2 " " $6 }' "$results"
exit $status
