#!/bin/sh
# Downloads Debian packages into the project's cache and unpacks them there,
# without installing anything into the system:
#   test/deps/debian-fetch.sh SUITE PACKAGE...
# SUITE is any Debian suite (bookworm, bookworm-security, sid, trixie,
# trixie-backports...), reached through a private apt configuration in the
# cache whose URIs are the machine's own.
# Prints the directory each package was unpacked into, one per line.
# CACHE: the cache directory (default: .cache in the project).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${CACHE:-$top/.cache}
suite=${1:?usage: debian-fetch.sh SUITE PACKAGE...}
shift
fail() { echo "debian-fetch: $*" >&2; exit 1; }
command -v apt-get >/dev/null || fail "needs apt-get (Debian or Ubuntu)"
command -v dpkg-deb >/dev/null || fail "needs dpkg-deb"

# The machine's Debian archive URI for @suite (its security archive for a
# -security suite), from its own apt configuration: no host name is
# written down anywhere else.
debian_uri() {
	case $1 in
	*-security) want=security ;;
	*) want=plain ;;
	esac
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] && sed -n 's/^URIs:[[:space:]]*//p' "$f"
		done
		grep -h '^deb ' /etc/apt/sources.list 2>/dev/null |
			sed 's/\[[^]]*\]//' | awk '{ print $2 }'
	} | tr ' ' '\n' | grep -v '^$' | while read -r uri; do
		case $uri in
		*security*) [ $want = security ] && echo "$uri" ;;
		*) [ $want = plain ] && echo "$uri" ;;
		esac
	done | head -n 1
}

uri=$(debian_uri "$suite")
[ -n "$uri" ] || fail "no Debian archive URI for $suite in /etc/apt"
etc=$cache/apt/$suite
mkdir -p "$etc/lists/partial" "$etc/archives/partial" "$etc/parts"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
	"$uri" "$suite" > "$etc/sources.list.new"
cmp -s "$etc/sources.list.new" "$etc/sources.list" || rm -f "$etc/updated"
mv "$etc/sources.list.new" "$etc/sources.list"
apt_opts="-o APT::Sandbox::User=root
	  -o Dir::Etc::sourcelist=$etc/sources.list
	  -o Dir::Etc::sourceparts=$etc/parts
	  -o Dir::State::Lists=$etc/lists
	  -o Dir::Cache=$etc
	  -o APT::Get::List-Cleanup=0"
# The lists are refreshed once a day at most.
if [ -z "$(find "$etc/updated" -mtime -1 2>/dev/null)" ]; then
	apt-get $apt_opts update -qq >/dev/null 2>"$etc/update.err" ||
		fail "apt-get update for $suite: $(cat "$etc/update.err")"
	touch "$etc/updated"
fi

debs=$cache/debs
mkdir -p "$debs"
for pkg in "$@"; do
	ver=$(apt-cache $apt_opts policy "$pkg" 2>/dev/null |
	      sed -n 's/^ *Candidate: //p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		fail "$pkg is not in $suite"
	name=${pkg}_$(printf '%s' "$ver" | sed 's/:/%3a/')
	dir=$cache/root/$suite/${pkg}_$ver
	if [ ! -d "$dir" ]; then
		deb=$(ls "$debs/${name}_"*.deb 2>/dev/null | head -n 1)
		if [ -z "$deb" ]; then
			(cd "$debs" && apt-get $apt_opts download -qq \
				"$pkg=$ver" >/dev/null) ||
				fail "apt-get download $pkg=$ver ($suite)"
			deb=$(ls "$debs/${name}_"*.deb | head -n 1)
		fi
		rm -rf "$dir.tmp"
		mkdir -p "${dir%/*}"
		dpkg-deb -x "$deb" "$dir.tmp" || fail "dpkg-deb -x $deb"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
done
