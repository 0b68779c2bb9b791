#!/bin/sh
# Runs the probe and the test suite, built statically, inside a VM booted
# with another kernel: by default Debian's current Linux 6.1 package,
# downloaded with apt-get and unpacked (never installed).
#   test/vm/runtests-vm.sh [KERNEL]
# KERNEL: a Debian package name, a .deb, or a vmlinuz file.
# VM_TESTS="name ...": run only these tests; VM_TIMEOUT: seconds for it all.
# Prints the console, then the suite's summary; exits non-zero if a test
# failed, the summary is missing, or the kernel oopsed.
set -u
cd "$(dirname "$0")/../.." || exit 1
kernel=${1:-}
cache=.vm-cache
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"
fail() { echo "runtests-vm: $*" >&2; exit 1; }

# The tools it needs, each with the Debian package that has it: without
# cpio the initramfs would be empty and the kernel would panic.
for tool in qemu-system-x86_64:qemu-system-x86 busybox:busybox-static \
	    cpio:cpio gzip:gzip file:file dpkg-deb:dpkg apt-get:apt; do
	command -v "${tool%%:*}" >/dev/null 2>&1 ||
		fail "needs ${tool%%:*} (Debian: apt-get install ${tool#*:})"
done

# 1. the kernel image
if [ -z "$kernel" ]; then
	kernel=$(apt-cache depends linux-image-amd64 2>/dev/null |
		 sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' |
		 head -n 1)
	if [ -z "$kernel" ]; then
		apt-get update -q >/dev/null 2>&1
		kernel=$(apt-cache depends linux-image-amd64 |
			 sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' |
			 head -n 1)
	fi
	[ -n "$kernel" ] || fail "cannot find Debian's linux-image package"
fi
case $kernel in
*.deb) deb=$kernel ;;
linux-image-*)
	deb=$(ls "$cache/$kernel"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download "$kernel") ||
			fail "apt-get download $kernel"
		deb=$(ls "$cache/$kernel"_*.deb | head -n 1)
	fi ;;
*) vmlinuz=$kernel ;;
esac
if [ -n "${deb:-}" ]; then
	dpkg-deb -x "$deb" "$work/kernel" || fail "dpkg-deb -x $deb"
	vmlinuz=$(ls "$work"/kernel/boot/vmlinuz-* | head -n 1)
fi
[ -f "$vmlinuz" ] || fail "no kernel image: $vmlinuz"

# 2. static programs and the initramfs
root=$work/root
mkdir -p "$root/bin" "$root/tests" "$root/proc" "$root/sys" "$root/dev" \
	 "$root/tmp"
cp "$(command -v busybox)" "$root/bin/busybox" || fail "busybox-static"
file "$root/bin/busybox" 2>/dev/null | grep -q 'dynamically' &&
	fail "busybox is not static (install busybox-static)"
cp test/vm/init "$root/init" && chmod 755 "$root/init"
cp test/runtests.sh "$root/tests/"
cc=${CC:-cc}
for src in src/uring-regions-probe.c test/*.c; do
	[ "$src" = test/helpers.c ] && continue
	name=$(basename "$src" .c)
	extra=
	case $src in test/*)
		extra=test/helpers.c
		case " ${VM_TESTS:-$name} " in
		*" $name "*) echo "./$name" >> "$root/tests/list" ;;
		esac ;;
	esac
	$cc -static -O2 -Wall -Wextra -Iinclude -o "$root/tests/$name" "$src" \
		$extra src/liburing-regions.a -lpthread ||
		fail "static build of $src"
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) \
	> "$work/initrd.gz" || fail "initramfs"

# 3. the same static programs on the host kernel first
echo "runtests-vm: the static suite on the host kernel"
host=$(cd "$root/tests" && sh ./runtests.sh $(cat ./list) 2>&1 | tail -n 1)
echo "runtests-vm: host: $host"

# 4. boot: software emulation, one thread (KVM is unreliable here, and
# multi-threaded TCG lets newer kernels trip over their own text patching)
boot() {	# seconds
	timeout -k 10 "$1" qemu-system-x86_64 -accel tcg,thread=single \
		-cpu max -machine q35 -m 1024 -smp 2 -display none \
		-monitor none -serial stdio -no-reboot -kernel "$vmlinuz" \
		-initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 loglevel=4" </dev/null 2>&1
}
accel=tcg
echo "runtests-vm: booting $(basename "$vmlinuz") with $accel"
start=$(date +%s)
boot "${VM_TIMEOUT:-1500}" | tee "$work/console" | tr -d '\r'
elapsed=$(( $(date +%s) - start ))

# 5. verdict
summary=$(tr -d '\r' < "$work/console" |
	  grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1)
[ -n "$summary" ] || fail "no summary line from the VM (after ${elapsed}s)"
echo "runtests-vm: $accel, boot to summary ${elapsed}s: $summary"
if grep -qE 'Oops|BUG:|Kernel panic|general protection' "$work/console"; then
	fail "the kernel oopsed"
fi
case $host in *" 0 failed,"*) ;; *) fail "the static suite failed on the host" ;; esac
case $summary in *" 0 failed,"*) exit 0 ;; esac
exit 1
