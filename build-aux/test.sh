#!/bin/bash
# Set-up and tests: installs what is missing, builds from scratch in
# _build and runs every suite (C, Python, GJS). Prints the summary line
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
rm -rf _build
meson setup _build --buildtype=debugoptimized >/dev/null
ninja -C _build
status=0
meson test -C _build --print-errorlogs --num-processes 2 || status=$?
/usr/bin/python3 build-aux/test-summary.py _build/meson-logs/testlog.json
exit $status
