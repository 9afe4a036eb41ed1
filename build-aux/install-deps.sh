#!/bin/bash
# Installs the Debian 12 packages Rill builds, tests and benchmarks with.
# Runs as root; installs only what is missing, so a second run is quick.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc g++
  libglib2.0-dev libjson-glib-dev gobject-introspection libgirepository1.0-dev
  # plugins
  libxml2-dev libuchardet-dev libcld2-dev libxxhash-dev zlib1g-dev
  libsqlite3-dev libsoup-3.0-dev libhiredis-dev redis-server redis-tools libbrotli-dev
  # binding tests and the python plugin
  python3-gi gir1.2-glib-2.0 gjs libpython3-dev
  # tests that read WARC written by wget
  wget
  # the GTK 4 reader and its test under Xvfb, the Vala example
  libgtk-4-dev xvfb valac
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
