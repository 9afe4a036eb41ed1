#!/bin/bash
# Set-up and the main job on built-in defaults: installs what is missing,
# builds in _build, runs Rill's default pipeline and says where the results
# are. (Until the fetch and extraction plugins land, the default pipeline
# reads the project's own documentation files.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build --buildtype=debugoptimized >/dev/null
ninja -C _build >/dev/null
mkdir -p _out
export RILL_PLUGIN_PATH=$(meson devenv -C _build printenv RILL_PLUGIN_PATH)
export RILL_PLUGIN_SYSTEM_PATH=
_build/tools/rill-launch --stats _out/stats.json --errors _out/errors.jsonl \
  file-src location="$PWD/docs" ! identity ! file-sink location=_out/docs.jsonl format=json
echo "main job: results in _out/docs.jsonl, accounting in _out/stats.json, failed docs in _out/errors.jsonl"
