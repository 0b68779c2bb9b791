#!/bin/sh
# The README's test command on a machine like a fresh Fedora, Arch or
# Alpine one: `make runtests` in a fresh clone of this repository (its
# committed HEAD), with no .cache, and apt-get, apt-cache, dpkg-deb, cpio
# and qemu-system-* hidden from the PATH.  It must pass, skipping what
# needs them.  Prints the suite's output; exits with make's status.
#   test/fresh-clone.sh [MAKE ARGS...]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$top/test/path-without.sh" "$tmp/bin" apt-get apt-cache dpkg-deb cpio \
	'qemu-system-*' || exit 1
git clone -q "$top" "$tmp/src" || exit 1
cd "$tmp/src" || exit 1
echo "fresh-clone: make runtests in a clone of $(git rev-parse --short HEAD)," \
     "without apt-get, apt-cache, dpkg-deb, cpio, qemu-system-*"
PATH=$tmp/bin make runtests "$@"
