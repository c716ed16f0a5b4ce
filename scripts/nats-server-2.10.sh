#!/usr/bin/env bash
# Fetches the nats-server that deploy/ ships (Debian trixie's 2.10.27 package) into a cache folder and
# prints the binary's path, without changing the system: apt runs with a private sources list, lists,
# cache and status folder, `apt-get download` fetches the .deb and `dpkg -x` unpacks it. Run it again
# and it answers from the cache. Use the result with the test harness:
#   NATS_SERVER_BIN="$(scripts/nats-server-2.10.sh)" npm run test:int
# Needs apt-get and dpkg (Debian/Ubuntu) and, on the first run, the Debian archive the machine's apt
# sources name (or NATS_DEBIAN_MIRROR).
set -euo pipefail

VERSION=2.10.27
# The Debian archive this machine already installs from (its apt sources), unless told otherwise.
system_mirror() {
  local uri
  uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1)"
  [ -n "$uri" ] || uri="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' | grep -v -- '-security' | head -1)"
  echo "$uri"
}
MIRROR="${NATS_DEBIAN_MIRROR:-$(system_mirror)}"
[ -n "$MIRROR" ] || { echo "nats-server-2.10.sh: no Debian archive in the apt sources; set NATS_DEBIAN_MIRROR" >&2; exit 1; }
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NATS_SERVER_CACHE:-$root/.local/nats-server-$VERSION}"
bin="$cache/root/usr/sbin/nats-server"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "v$VERSION\$"; then
  echo "$bin"
  exit 0
fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "nats-server-2.10.sh: needs $tool (Debian/Ubuntu)" >&2; exit 1; }
done

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/sources.list.d" "$cache/download"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f /usr/share/keyrings/debian-archive-trixie-stable.gpg ] && keyring=/usr/share/keyrings/debian-archive-trixie-stable.gpg
echo "deb [signed-by=$keyring] $MIRROR trixie main" >"$apt_dir/etc/sources.list"

apt_options=(
  -o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list"
  # An empty private folder: none of the system's sources.list.d entries are read.
  -o "Dir::Etc::sourceparts=$apt_dir/etc/sources.list.d"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Get::List-Cleanup=0"
  # Root apt downloads as the _apt user, which may not be able to enter a private folder.
  -o "APT::Sandbox::User=root"
)
echo "nats-server-2.10.sh: fetching trixie's nats-server $VERSION into $cache" >&2
apt-get "${apt_options[@]}" -qq update >&2
# The Debian revision (and binNMU suffix, per architecture) of upstream $VERSION in trixie.
debian_version="$(apt-cache "${apt_options[@]}" madison nats-server | awk -v v="$VERSION" '$3 ~ "^" v "-" { print $3; exit }')"
[ -n "$debian_version" ] || { echo "nats-server-2.10.sh: trixie has no nats-server $VERSION" >&2; exit 1; }
rm -f "$cache"/download/*.deb
(cd "$cache/download" && apt-get "${apt_options[@]}" -qq download "nats-server=$debian_version" >&2)
rm -rf "$cache/root"
dpkg -x "$(ls "$cache"/download/nats-server_*.deb)" "$cache/root"
"$bin" --version | grep -q "v$VERSION\$" || { echo "nats-server-2.10.sh: $bin is not $VERSION" >&2; exit 1; }
echo "$bin"
