#!/bin/sh
# bench/e2e/run.sh: the end-to-end benchmark (issue 6).
#
# Usage: bench/e2e/run.sh [BUILD_DIR] [N]
#   BUILD_DIR  a meson build directory of Rill (default: build-e2e, else build)
#   N          pages (default 20000)
#   THREADS=N  rill-launch --threads (default 2)
#   PY_PAGES=N pages the Python pipeline runs over (default 500; 0 skips it)
#   COPIES=N   copies in the large input (default 10)
#   RILL_E2E_CACHE=DIR  where the WARC is kept (default /tmp/rill-e2e)
#
# 1. Generates N news-like HTML pages (gen-pages.py: 30-170 KB, ten
#    languages, site boilerplate, 4 % exact and 8 % edited republications),
#    serves them with nginx on 127.0.0.1 and fetches them with
#      file-src ! http-fetch ! warc-sink
#    into $RILL_E2E_CACHE/pages-N.warc.gz (kept: later runs start at 2).
# 2. Concatenates COPIES copies of it (gzip members concatenate) into
#    pages-N-xCOPIES.warc.gz.
# 3. Times, under /usr/bin/time -v, on each file:
#      rill-launch --threads 2 warc-src mime-types=text/html ! html-extract
#        ! langid ! dedupe method=minhash ! jsonl-sink
#    and prints MB of WARC (gzip and uncompressed), seconds, MB/s of WARC
#    in, docs/s, peak RSS, CPU, and the RSS ratio large/1x.
# 4. Side by side, what a Python user would write with Debian packages:
#    py-pipeline.py (a stdlib WARC reader, python3-readability's
#    Document.summary(), python3-langdetect, an exact-text hash set) over
#    the first PY_PAGES pages of the same WARC, and Rill's speed-up.
#
# nginx is stopped by PID; every run is bounded by `timeout`.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-}
if [ -z "$BUILD" ]; then
  if [ -x "$ROOT/build-e2e/tools/rill-launch" ]; then BUILD=$ROOT/build-e2e; else BUILD=$ROOT/build; fi
fi
BUILD=$(cd "$BUILD" && pwd)
N=${2:-20000}
THREADS=${THREADS:-2}
PY_PAGES=${PY_PAGES:-500}
COPIES=${COPIES:-10}
LIMIT=${E2E_TIMEOUT:-1800}
CACHE=${RILL_E2E_CACHE:-/tmp/rill-e2e}
PY=/usr/bin/python3
LAUNCH=$BUILD/tools/rill-launch
[ -x "$LAUNCH" ] || { echo "run.sh: no $LAUNCH; build Rill first" >&2; exit 2; }
RILL_PLUGIN_PATH=$(ls -d "$BUILD"/plugins/*/ | tr '\n' ':')
RILL_PLUGIN_SYSTEM_PATH=
LD_LIBRARY_PATH="$BUILD/core${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RILL_PLUGIN_PATH RILL_PLUGIN_SYSTEM_PATH LD_LIBRARY_PATH

mkdir -p "$CACHE"
WARC=$CACHE/pages-$N.warc.gz
BIG=$CACHE/pages-$N-x$COPIES.warc.gz
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rill-e2e-run-XXXXXX")
chmod 755 "$TMP"
NGINX_PID=
cleanup () {
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# ---- 1. the WARC ------------------------------------------------------------
if [ ! -s "$WARC" ]; then
  echo "generating $N pages ..." >&2
  t0=$(date +%s)
  "$PY" "$HERE/gen-pages.py" "$TMP/gen" "$N"
  echo "  $(du -sh "$TMP/gen/www" | cut -f1) of HTML in $(( $(date +%s) - t0 )) s" >&2
  PORT=$("$PY" -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT;
    root $TMP/gen/www;
    gzip off;
  }
}
CONF
  chmod -R a+rX "$TMP/gen"
  /usr/sbin/nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" &
  NGINX_PID=$!
  first=$(head -1 "$TMP/gen/paths.txt")
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/$first" && break
    sleep 0.1
  done
  sed "s|^|http://127.0.0.1:$PORT/|" "$TMP/gen/paths.txt" > "$TMP/urls.txt"
  echo "fetching them into $WARC (file-src ! http-fetch ! warc-sink) ..." >&2
  t0=$(date +%s)
  timeout "$LIMIT" "$LAUNCH" --quiet --no-progress --stats="$TMP/fetch-stats.json" \
    file-src location="$TMP/urls.txt" mode=lines \
    ! http-fetch name=fetch concurrency=32 per-host=32 robots=false retries=1 \
    ! warc-sink location="$WARC.partial"
  kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=
  fetched=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["fetch"]["out"])' "$TMP/fetch-stats.json")
  echo "  $fetched of $N pages fetched in $(( $(date +%s) - t0 )) s" >&2
  [ "$fetched" -eq "$N" ] || { echo "run.sh: only $fetched of $N pages fetched" >&2; exit 1; }
  mv "$WARC.partial" "$WARC"
  rm -rf "$TMP/gen"
fi
if [ ! -s "$WARC.size" ]; then
  "$PY" -c '
import gzip, sys
n = 0
with gzip.open(sys.argv[1], "rb") as f:
    while True:
        b = f.read(1 << 20)
        if not b: break
        n += len(b)
print(n)' "$WARC" > "$WARC.size"
fi

# ---- 2. the large input -----------------------------------------------------
if [ "$COPIES" -gt 1 ] && { [ ! -s "$BIG" ] || [ "$(stat -c %s "$BIG")" -ne $(( $(stat -c %s "$WARC") * COPIES )) ]; }; then
  echo "concatenating $COPIES copies into $BIG ..." >&2
  rm -f "$BIG"
  for _ in $(seq 1 "$COPIES"); do cat "$WARC"; done > "$BIG.partial"
  mv "$BIG.partial" "$BIG"
fi

# ---- 3. Rill -----------------------------------------------------------------
# rill_run LABEL FILE: appends "label gz_bytes raw_bytes wall user sys rss_kb
# docs_in docs_out dup filtered failed exit" to $TMP/results.
rill_run () {
  label=$1; file=$2; copies=$3
  out=$TMP/out-$label.jsonl
  rm -f "$out" "$TMP/stats-$label.json"
  echo "running rill on $label ($(du -h "$file" | cut -f1)) ..." >&2
  set +e
  timeout "$LIMIT" /usr/bin/time -v -o "$TMP/time-$label" \
    "$LAUNCH" --quiet --no-progress --threads "$THREADS" \
      --stats="$TMP/stats-$label.json" --errors="$TMP/errors-$label.jsonl" \
      warc-src name=src location="$file" mime-types=text/html \
      ! html-extract name=extract ! langid name=langid \
      ! dedupe name=dedupe method=minhash \
      ! jsonl-sink name=sink location="$out" 2> "$TMP/err-$label"
  rc=$?
  set -e
  [ $rc -eq 0 ] || { echo "  rill-launch exited $rc:" >&2; tail -5 "$TMP/err-$label" >&2; }
  "$PY" - "$TMP/time-$label" "$TMP/stats-$label.json" "$label" "$file" \
      "$(( $(cat "$WARC.size") * copies ))" "$rc" >> "$TMP/results" <<'PY'
import json, os, re, sys
tpath, spath, label, path, raw, rc = sys.argv[1:]
t = open(tpath).read()
def field(name):
    m = re.search(re.escape(name) + r": (.*)", t)
    return m.group(1).strip() if m else "0"
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
try:
    st = json.load(open(spath))
except (OSError, ValueError):
    st = {}
def stat(el, k):
    return int(st.get(el, {}).get(k, 0))
print(label, os.path.getsize(path), raw, secs, field("User time (seconds)"),
      field("System time (seconds)"), field("Maximum resident set size (kbytes)"),
      stat("src", "out"), stat("sink", "in"), stat("dedupe", "duplicate"),
      sum(stat(e, "filtered") for e in ("extract", "langid", "dedupe")),
      sum(stat(e, "failed") for e in ("src", "extract", "langid", "dedupe", "sink")), rc)
PY
  tail -1 "$TMP/results" | awk '{printf "  %.1f s, peak RSS %.0f MB, %d docs in, %d out, %d duplicates, %d failed\n", $4, $7/1024, $8, $9, $10, $12}' >&2
}

: > "$TMP/results"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
rill_run x1 "$WARC" 1
[ "$COPIES" -gt 1 ] && rill_run "x$COPIES" "$BIG" "$COPIES"

# Languages found (1x run), for the record.
"$PY" - "$TMP/out-x1.jsonl" > "$TMP/langs" <<'PY' || true
import collections, json, sys
c = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    c[json.loads(line).get("lang", "?")] += 1
print(" ".join(f"{k}:{v}" for k, v in c.most_common()))
PY

# ---- 4. Python ---------------------------------------------------------------
if [ "$PY_PAGES" -gt 0 ]; then
  echo "running the Python pipeline on the first $PY_PAGES pages ..." >&2
  set +e
  timeout "$LIMIT" /usr/bin/time -v -o "$TMP/time-py" \
    "$PY" "$HERE/py-pipeline.py" "$WARC" "$PY_PAGES" "$TMP/out-py.jsonl" 2> "$TMP/err-py"
  rc=$?
  set -e
  [ $rc -eq 0 ] || { echo "  py-pipeline.py exited $rc:" >&2; tail -5 "$TMP/err-py" >&2; }
  grep '^py-pipeline:' "$TMP/err-py" >&2 || true
fi

# ---- report --------------------------------------------------------------------
echo
echo "end-to-end benchmark: $N pages, $(nproc) CPUs, rill-launch --threads $THREADS;" \
  "load average before the rill runs $LOAD0, after all $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pipeline: warc-src mime-types=text/html ! html-extract ! langid ! dedupe method=minhash ! jsonl-sink"
"$PY" - "$TMP/results" "$TMP/time-py" "$TMP/err-py" "$PY_PAGES" <<'PY'
import os, re, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(f"{'input':6} {'gzip MB':>8} {'WARC MB':>8} {'seconds':>8} {'MB/s gz':>8} {'MB/s WARC':>9} "
      f"{'docs/s':>7} {'CPU s':>7} {'CPU %':>6} {'peak RSS MB':>11} {'docs in':>8} {'out':>7} {'dup':>7} {'filt':>5} {'fail':>5} rc")
res = {}
for label, gz, raw, secs, user, sys_, rss, din, dout, dup, filt, fail, rc in rows:
    gz, raw, secs = int(gz) / 1e6, int(raw) / 1e6, float(secs)
    cpu = float(user) + float(sys_)
    rss = int(rss) / 1024
    din = int(din)
    res[label] = (secs, din, rss, cpu)
    print(f"{label:6} {gz:8.1f} {raw:8.1f} {secs:8.1f} {gz / secs:8.1f} {raw / secs:9.1f} "
          f"{din / secs:7.0f} {cpu:7.1f} {100 * cpu / secs:6.0f} {rss:11.1f} {din:8d} {int(dout):7d} "
          f"{int(dup):7d} {int(filt):5d} {int(fail):5d} {rc}")
labels = list(res)
if len(labels) == 2 and res[labels[0]][2] > 0:
    print(f"peak RSS ratio {labels[1]}/{labels[0]}: {res[labels[1]][2] / res[labels[0]][2]:.2f} "
          f"(input ratio {res[labels[1]][1] / max(res[labels[0]][1], 1):.0f})")
py_pages = int(sys.argv[4])
if py_pages > 0 and os.path.exists(sys.argv[2]):
    t = open(sys.argv[2]).read()
    def field(name):
        m = re.search(re.escape(name) + r": (.*)", t)
        return m.group(1).strip() if m else "0"
    secs = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        secs = secs * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    m = re.search(r"py-pipeline: (\d+) docs", open(sys.argv[3]).read())
    docs = int(m.group(1)) if m else 0
    if docs and "x1" in res:
        r_secs, r_docs, _, r_cpu = res["x1"]
        r_dps, p_dps = r_docs / r_secs, docs / secs
        print(f"python3 (readability + langdetect + exact hash, 1 process) on the first {docs} pages: "
              f"{secs:.1f} s, {p_dps:.1f} docs/s, {cpu * 1000 / docs:.0f} CPU ms/doc, peak RSS {rss:.1f} MB")
        print(f"rill (x1): {r_dps:.0f} docs/s, {r_cpu * 1000 / r_docs:.1f} CPU ms/doc")
        print(f"rill speed-up: {r_dps / p_dps:.0f}x docs/s (wall), "
              f"{(cpu / docs) / (r_cpu / r_docs):.0f}x per CPU second")
PY
[ -s "$TMP/langs" ] && echo "languages (x1 output): $(cat "$TMP/langs")"
echo "cache: $WARC"
