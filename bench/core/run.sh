#!/bin/sh
# Scheduler overhead and parallel speed-up, side by side with GStreamer's
# gst-launch-1.0 moving the same number of buffers through 0, 3 and 10
# identity elements when it is installed (gstreamer1.0-tools). GStreamer
# pushes one buffer at a time through elements in the same thread; Rill
# moves docs in batches between threads.
#   bench/core/run.sh [BUILDDIR] [N]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
n=${2:-1000000}
[ -x "$build/bench/core/rill-bench-core" ] || { meson setup "$build" "$here" >/dev/null && ninja -C "$build" >/dev/null; }
export RILL_PLUGIN_PATH="$build/plugins/core" RILL_PLUGIN_SYSTEM_PATH=
echo "== Rill (cores: $(nproc))"
"$build/bench/core/rill-bench-core" "$n"
if command -v gst-launch-1.0 >/dev/null 2>&1; then
  echo "== GStreamer $(gst-launch-1.0 --version | sed -n 2p | awk '{print $2}'): fakesrc num-buffers=$n ! identity x3 ! fakesink"
  for k in 0 3 10; do
    ids=""; i=0; while [ $i -lt $k ]; do ids="$ids identity !"; i=$((i+1)); done
    s=$(date +%s.%N)
    gst-launch-1.0 -q fakesrc num-buffers="$n" ! $ids fakesink sync=false >/dev/null
    e=$(date +%s.%N)
    echo "$k identities: $(echo "$e - $s" | bc) s  $(echo "$n / ($e - $s)" | bc) buffers/s"
  done
else
  echo "(gst-launch-1.0 not installed: apt-get install gstreamer1.0-tools for the side-by-side figure)"
fi
