#!/bin/sh
# bench/scale/run.sh: throughput of 1, 2 and 4 rill-launch workers sharing
# one Redis (issue 8), and of one process without Redis.
#
# Usage: bench/scale/run.sh [BUILD_DIR] [N] [WORKER_COUNTS]
#   BUILD_DIR      a meson build directory of Rill (default: build-scale,
#                  else build)
#   N              docs (default 20000)
#   WORKER_COUNTS  default "1 2 4"
#   RILL_SCALE_IDLE=S     redis-src idle-timeout of the workers (default 2)
#   RILL_SCALE_THREADS=N  rill-launch --threads of each worker
#   RILL_SCALE_CACHE=DIR  where the corpus is kept (default /tmp/rill-scale)
#
# The corpus is gen-docs.py's (seed 8: HTML pages with 5 % exact and 15 %
# near copies and a few bad records), the one tests/scale uses. bench.py
# starts redis-server on a free 127.0.0.1 port, runs each worker count on
# the same launch line and prints docs/s and the ratio to one worker, then
# the plain `jsonl-src ! html-extract ! dedupe ! sqlite-sink` baseline.
# See README.md for the figures of this (2-core) machine.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-}
if [ -z "$BUILD" ]; then
  if [ -x "$ROOT/build-scale/tools/rill-launch" ]; then BUILD=$ROOT/build-scale; else BUILD=$ROOT/build; fi
fi
BUILD=$(cd "$BUILD" && pwd)
N=${2:-20000}
COUNTS=${3:-"1 2 4"}
CACHE=${RILL_SCALE_CACHE:-/tmp/rill-scale}
PY=/usr/bin/python3
LAUNCH=$BUILD/tools/rill-launch
[ -x "$LAUNCH" ] || { echo "run.sh: no $LAUNCH; build Rill first" >&2; exit 2; }
[ -x /usr/bin/redis-server ] || command -v redis-server >/dev/null ||
  { echo "run.sh: redis-server is not installed (apt-get install redis-server)" >&2; exit 2; }
RILL_PLUGIN_PATH=$(ls -d "$BUILD"/plugins/*/ | tr '\n' ':')
RILL_PLUGIN_SYSTEM_PATH=
LD_LIBRARY_PATH="$BUILD/core${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RILL_PLUGIN_PATH RILL_PLUGIN_SYSTEM_PATH LD_LIBRARY_PATH

mkdir -p "$CACHE"
DOCS=$CACHE/docs-$N.jsonl
if [ ! -s "$DOCS" ]; then
  "$PY" "$HERE/gen-docs.py" -n "$N" "$DOCS.tmp" "$CACHE/truth-$N.tsv"
  mv "$DOCS.tmp" "$DOCS"
fi
# shellcheck disable=SC2086
exec "$PY" "$HERE/bench.py" "$LAUNCH" "$DOCS" $COUNTS
