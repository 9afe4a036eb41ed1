#!/bin/bash
# Set-up and the main job on built-in defaults: installs what is missing,
# builds in _build, serves the project's sample news site on 127.0.0.1
# and runs Rill's news pipeline over it:
#
#   feed → fetch → parse entries → fetch pages → extract → langid → dedupe
#        → JSON Lines and SQLite (with full-text search)
#
# then prints the accounting and where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build --buildtype=debugoptimized >/dev/null
ninja -C _build >/dev/null

out=$PWD/_out
rm -rf "$out" && mkdir -p "$out"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
/usr/bin/python3 examples/news-site/build.py --base "$base" --out "$out/site"
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/site" >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  /usr/bin/python3 -c "import urllib.request; urllib.request.urlopen('$base/rss.xml', timeout=1)" 2>/dev/null && break
  sleep 0.1
done

export RILL_PLUGIN_PATH=$(ls -d "$PWD"/_build/plugins/*/ | tr '\n' ':')
export RILL_PLUGIN_SYSTEM_PATH=
_build/tools/rill-launch --stats "$out/stats.json" --errors "$out/errors.jsonl" \
  http-src location="$base/rss.xml" ! http-fetch ! feed-parse \
  ! http-fetch concurrency=8 ! html-extract ! langid ! dedupe method=minhash mode=mark \
  ! tee name=t \
  t. ! jsonl-sink location="$out/articles.jsonl" \
  t. ! sqlite-sink location="$out/articles.db"

echo
echo "main job: $(wc -l < "$out/articles.jsonl") articles in $out/articles.jsonl and $out/articles.db"
echo "          (full-text: sqlite3 $out/articles.db \"SELECT title FROM articles WHERE rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'паром OR ferry')\")"
echo "          accounting in $out/stats.json, failed docs in $out/errors.jsonl"
