#!/usr/bin/env bash
# Fetches Debian's nginx and its njs module (the distribution this machine installs from) into a cache
# folder and prints the nginx binary's path, without installing anything: `apt-get download` fetches
# the .debs and `dpkg -x` unpacks them. The module lands in <cache>/root/usr/lib/nginx/modules/, beside
# the binary as in an installed nginx. Run it again and it answers from the cache. Use it with the test
# of the shipped nginx configuration (test/deploy/nginx-console.nginx-spec.ts), which
# `npm run test:nginx` runs.
# Needs apt-get and dpkg (Debian/Ubuntu) and package lists (`apt-get update`; run as root when they are
# missing, the script runs it itself).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NGINX_DEBIAN_CACHE:-$root/.local/nginx-debian}"
bin="$cache/root/usr/sbin/nginx"
module="$cache/root/usr/lib/nginx/modules/ngx_http_js_module.so"
PACKAGES=(nginx libnginx-mod-http-js)

if [ -x "$bin" ] && [ -f "$module" ] && "$bin" -v >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "nginx-debian.sh: needs $tool (Debian/Ubuntu)" >&2; exit 1; }
done

mkdir -p "$cache/download"
rm -f "$cache"/download/*.deb
download() {
  # Root apt downloads as the _apt user, which may not be able to enter the cache folder.
  (cd "$cache/download" && apt-get -qq -o APT::Sandbox::User=root download "${PACKAGES[@]}" >&2)
}
if ! download; then
  [ "$(id -u)" -eq 0 ] || { echo "nginx-debian.sh: no package lists for ${PACKAGES[*]}; run apt-get update" >&2; exit 1; }
  echo "nginx-debian.sh: no package lists; running apt-get update" >&2
  apt-get update -qq >&2
  download
fi
rm -rf "$cache/root"
for deb in "$cache"/download/*.deb; do dpkg -x "$deb" "$cache/root"; done
"$bin" -v >&2 || { echo "nginx-debian.sh: $bin does not run here" >&2; exit 1; }
[ -f "$module" ] || { echo "nginx-debian.sh: no njs module at $module" >&2; exit 1; }
echo "$bin"
