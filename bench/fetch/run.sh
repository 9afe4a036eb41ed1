#!/bin/sh
# bench/fetch/run.sh: http-fetch against curl, wget2 and Scrapy on the
# same nginx, in the same run.
#
# Usage: bench/fetch/run.sh [PAGES] [BUILD_DIR]
#   PAGES      pages to generate and fetch (default 20000)
#   BUILD_DIR  a meson build directory of Rill (default: build-http, else build)
#   CONCURRENCY=N  requests in flight for every tool (default 64)
#   IO_THREADS=N   http-fetch io-threads (default: the element's, 0 = one
#                  lane per CPU); several, space-separated, run rill once
#                  with each (rows rill-ioN; ratios are to the first)
#   CLIENTS="auto libsoup"  http-fetch client= values, rill run once with
#                  each (rows rill and rill-libsoup; default: auto only)
#
# Generates PAGES news-like HTML pages (30 to 170 KB, deterministic) and
# their .gz copies in a temporary directory, starts nginx on 127.0.0.1 as
# the current user (two servers: plain, and gzip_static on), and fetches
# every page with each tool, interleaved (rill, curl, wget2, scrapy for
# plain, then the same for gzip). Prints pages/s, CPU seconds per 1,000
# pages, peak RSS and Rill's ratios. nginx is stopped by PID at the end;
# every fetch is bounded by `timeout`. SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

PAGES=${1:-20000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${2:-}
if [ -z "$BUILD" ]; then
  if [ -x "$ROOT/build-http/tools/rill-launch" ]; then BUILD=$ROOT/build-http; else BUILD=$ROOT/build; fi
fi
CONC=${CONCURRENCY:-64}
IO_THREADS=${IO_THREADS:-}
CLIENTS=${CLIENTS:-auto}
LIMIT=${FETCH_TIMEOUT:-900}
LAUNCH=$BUILD/tools/rill-launch
[ -x "$LAUNCH" ] || { echo "run.sh: no $LAUNCH; build Rill first" >&2; exit 2; }
export RILL_PLUGIN_PATH="$BUILD/plugins/core:$BUILD/plugins/http"
export RILL_PLUGIN_SYSTEM_PATH=
export LD_LIBRARY_PATH="$BUILD/core${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rill-bench-fetch-XXXXXX")
# nginx workers may run as another user (nobody when started by root).
chmod 755 "$TMP"
NGINX_PID=
cleanup () {
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

echo "generating $PAGES pages in $TMP ..." >&2
/usr/bin/python3 "$HERE/gen-pages.py" "$TMP/www" "$PAGES"
echo "pages: $(du -sh --exclude='*.gz' "$TMP/www" | cut -f1) plain, $(du -ch "$TMP"/www/news/*.gz | tail -1 | cut -f1) gzip" >&2

# Two free ports on 127.0.0.1.
PORTS=$(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
PLAIN_PORT=${PORTS% *}
GZ_PORT=${PORTS#* }

mkdir -p "$TMP/nginx"
cat > "$TMP/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  types { text/html html; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60;
  server {
    listen 127.0.0.1:$PLAIN_PORT;
    root $TMP/www;
    gzip off;
  }
  server {
    listen 127.0.0.1:$GZ_PORT;
    root $TMP/www;
    gzip_static on;
    gzip_vary on;
  }
}
CONF
/usr/sbin/nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" &
NGINX_PID=$!
for i in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$GZ_PORT/news/0.html" && break
  sleep 0.1
done

for mode in plain gzip; do
  port=$PLAIN_PORT; [ $mode = gzip ] && port=$GZ_PORT
  : > "$TMP/urls-$mode.txt"
  : > "$TMP/curl-$mode.cfg"
  i=0
  while [ $i -lt "$PAGES" ]; do
    echo "http://127.0.0.1:$port/news/$i.html"
    i=$((i + 1))
  done > "$TMP/urls-$mode.txt"
  sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$TMP/urls-$mode.txt" > "$TMP/curl-$mode.cfg"
done

# measure NAME MODE COMMAND...: runs COMMAND under /usr/bin/time, appends
# "name mode wall user sys maxrss_kb ok" to results.
measure () {
  name=$1; mode=$2; shift 2
  if timeout "$LIMIT" /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" > "$TMP/out" 2> "$TMP/err"; then
    ok=yes
  else
    ok="no(exit $?)"
  fi
  echo "$name $mode $(cat "$TMP/time" | tail -1) $ok" >> "$TMP/results"
  case $name in
    rill*) fetched=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fetch"]["out"])' "$TMP/stats.json" 2>/dev/null || echo "?") ;;
    curl) fetched=$(grep -c '^200$' "$TMP/out" || true) ;;
    scrapy) fetched=$(sed -n 's/^scrapy: \([0-9]*\) responses/\1/p' "$TMP/err") ;;
    *) fetched=$(find "$TMP/wget" -type f 2>/dev/null | wc -l) ;;
  esac
  echo "  $name ($mode): $(tail -1 "$TMP/time") wall/user/sys/maxrss_kb, $fetched pages, ok=$ok" >&2
  [ "$ok" = yes ] || tail -3 "$TMP/err" >&2
}

HAVE_WGET2=no; command -v wget2 > /dev/null && HAVE_WGET2=yes
HAVE_SCRAPY=no; /usr/bin/python3 -c 'import scrapy' 2>/dev/null && HAVE_SCRAPY=yes
: > "$TMP/results"

for mode in plain gzip; do
  echo "fetching ($mode) ..." >&2
  for client in $CLIENTS; do
    for lanes in ${IO_THREADS:-default}; do
      rm -f "$TMP/stats.json"
      name=rill; io=
      [ "$client" = auto ] || name=rill-$client
      if [ "$lanes" != default ]; then
        io="io-threads=$lanes"
        case "$IO_THREADS" in *" "*) name=$name-io$lanes ;; esac
      fi
      measure $name $mode "$LAUNCH" --quiet --no-progress --stats="$TMP/stats.json" \
        file-src location="$TMP/urls-$mode.txt" mode=lines \
        ! http-fetch name=fetch concurrency=$CONC per-host=$CONC robots=false retries=0 \
          client=$client $io ! fake-sink
    done
  done
  compressed=; [ $mode = gzip ] && compressed=--compressed
  measure curl $mode curl -s $compressed --parallel --parallel-immediate --parallel-max "$CONC" \
    -w '%{http_code}\n' -K "$TMP/curl-$mode.cfg"
  if [ $HAVE_WGET2 = yes ]; then
    rm -rf "$TMP/wget"; mkdir -p "$TMP/wget"
    enc=identity; [ $mode = gzip ] && enc=gzip
    # wget2 writes files (into tmpfs-like temp dir), as it has no discard mode.
    measure wget2 $mode wget2 -q --no-config --robots=off --max-threads="$CONC" \
      --compression=$enc --no-host-directories -P "$TMP/wget" -i "$TMP/urls-$mode.txt"
    rm -rf "$TMP/wget"
  fi
  if [ $HAVE_SCRAPY = yes ]; then
    measure scrapy $mode /usr/bin/python3 "$HERE/scrapy-fetch.py" "$TMP/urls-$mode.txt" "$CONC"
  fi
done

[ $HAVE_WGET2 = yes ] || echo "note: wget2 not installed (apt-get install wget2); skipped" >&2
[ $HAVE_SCRAPY = yes ] || echo "note: python3-scrapy not installed; skipped" >&2

echo
echo "fetch benchmark: $PAGES pages, concurrency $CONC, nginx on 127.0.0.1 ($(nproc) CPUs)"
/usr/bin/python3 - "$TMP/results" "$PAGES" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
pages = int(sys.argv[2])
res = {}
for name, mode, wall, user, sys_, rss, *ok in rows:
    wall, cpu = float(wall), float(user) + float(sys_)
    res[(name, mode)] = (pages / wall if wall > 0 else 0, cpu * 1000 / pages, int(rss) / 1024, " ".join(ok))
print(f"{'tool':12} {'mode':6} {'pages/s':>9} {'CPU s/1k':>9} {'RSS MB':>8}  {'rill speed x':>12} {'rill CPU x':>10}  ok")
for (name, mode), (pps, cpu, rss, ok) in res.items():
    r = res.get(("rill", mode)) or next((v for (n, m), v in res.items() if m == mode and n.startswith("rill")), None)
    sx = f"{r[0] / pps:.2f}" if r and pps else "-"
    cx = f"{r[1] / cpu:.2f}" if r and cpu else "-"
    print(f"{name:12} {mode:6} {pps:9.0f} {cpu:9.3f} {rss:8.1f}  {sx:>12} {cx:>10}  {ok}")
PY
