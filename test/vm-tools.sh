#!/bin/sh
# make runtests-vm on a machine without cpio stops at once and names the
# package to install, instead of booting an empty initramfs; on one that
# also lacks qemu or busybox, it names the first of those it lacks.
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh test/path-without.sh "$tmp/bin" cpio || exit 1
# The tools runtests-vm checks before cpio, in its order.
want="cpio (Debian: apt-get install cpio)"
for tool in busybox:busybox-static qemu-system-x86_64:qemu-system-x86; do
	[ -e "$tmp/bin/${tool%%:*}" ] ||
		want="${tool%%:*} (Debian: apt-get install ${tool#*:})"
done
out=$(PATH=$tmp/bin sh test/vm/runtests-vm.sh 2>&1)
rc=$?
case $rc:$out in
0:*) echo "FAIL: runtests-vm ran without cpio"; exit 1 ;;
*"needs $want"*) ;;
*) echo "FAIL: exit $rc without naming $want: $out"; exit 1 ;;
esac
echo "runtests-vm without cpio: stops, names ${want%% *}"
