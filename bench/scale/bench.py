#!/usr/bin/python3
# bench.py: the scale-out benchmark (issue 8); bench/scale/run.sh runs it.
#
# Usage: bench.py RILL_LAUNCH DOCS.jsonl [WORKER_COUNTS...]
#
# Starts redis-server (appendonly no) on a free 127.0.0.1 port and, for
# each worker count W (default 1 2 4): flushes Redis, XADDs every doc of
# DOCS.jsonl into the stream `in` (one `doc` field of JSON a entry), starts
# W rill-launch processes on the same line
#
#   redis-src location=redis://127.0.0.1:P/0 stream=in group=g
#     consumer=wI claim-idle=CLAIM idle-timeout=IDLE
#   ! html-extract ! dedupe method=METHOD state=redis://127.0.0.1:P/0
#   ! sqlite-sink location=out-I.db key=id fts=false
#
# and measures the time from their start until every entry is
# acknowledged (XPENDING 0 and group lag 0, polled every 20 ms): that is
# when the last doc was durably written. The workers then still wait
# IDLE seconds (the idle-timeout end rule) before they exit; that wait is
# printed apart and not counted in docs/s. Then the baseline a user would
# compare with, one process without Redis:
#
#   jsonl-src location=DOCS ! html-extract ! dedupe method=METHOD
#     ! sqlite-sink location=out.db key=id fts=false
#
# Environment: RILL_SCALE_METHOD (dedupe method, default minhash),
# RILL_SCALE_IDLE (default 1), RILL_SCALE_CLAIM (claim-idle
# in ms, default 60000, the element's default), RILL_SCALE_THREADS (rill-launch
# --threads of each worker; default: rill-launch's own, one per CPU).
# Every child is stopped by PID; each run is bounded (600 s).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scalelib  # noqa: E402

LIMIT = 600
METHOD = os.environ.get("RILL_SCALE_METHOD", "minhash")


def count_rows(paths):
    n = 0
    ids = set()
    for p in paths:
        if not os.path.exists(p):
            continue
        con = sqlite3.connect(p)
        try:
            rows = [r[0] for r in con.execute("SELECT id FROM articles")]
        except sqlite3.OperationalError:
            rows = []
        con.close()
        n += len(rows)
        ids.update(rows)
    return n, len(ids)


def launch_args(launch, threads):
    args = [launch, "-q", "--no-progress"]
    if threads:
        args.append("--threads=%s" % threads)
    return args


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def redis_cpu(c):
    info = c.call("INFO", "cpu").decode()
    fields = dict(line.split(":", 1) for line in info.split("\r\n")
                  if ":" in line)
    return float(fields["used_cpu_user"]) + float(fields["used_cpu_sys"])


def run_workers(launch, tmp, server, docs, w, idle, threads, claim):
    c = server.client()
    c.call("FLUSHALL")
    n = scalelib.load_stream(c, docs, "in", group="g")
    url = "redis://127.0.0.1:%d/0" % server.port
    outs = [os.path.join(tmp, "w%d-%d.db" % (w, i)) for i in range(w)]
    for p in outs:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(p + suffix):
                os.unlink(p + suffix)
    procs = []
    cpu0 = redis_cpu(c)
    wcpu0 = children_cpu()
    t0 = time.monotonic()
    try:
        for i in range(w):
            line = ["redis-src", "location=" + url, "stream=in", "group=g",
                    "consumer=w%d" % i, "claim-idle=%s" % claim,
                    "idle-timeout=%s" % idle,
                    "!", "html-extract",
                    "!", "dedupe", "method=" + METHOD, "state=" + url,
                    "!", "sqlite-sink", "location=" + outs[i], "key=id",
                    "fts=false"]
            procs.append(subprocess.Popen(launch_args(launch, threads) + line,
                                          stdin=subprocess.DEVNULL))
        done = None
        deadline = t0 + LIMIT
        while time.monotonic() < deadline:
            if done is None:
                info = c.call("XINFO", "GROUPS", "in")[0]
                info = dict(zip(info[::2], info[1::2]))
                if info.get(b"lag") == 0 and info.get(b"pending") == 0:
                    done = time.monotonic() - t0
            if all(p.poll() is not None for p in procs):
                break
            time.sleep(0.02)
        ended = time.monotonic() - t0
        rcs = [p.poll() for p in procs]
        cpu = redis_cpu(c) - cpu0
        wcpu = children_cpu() - wcpu0
    finally:
        for p in procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
        c.close()
    if done is None:
        done = ended
    rows, ids = count_rows(outs)
    return n, done, ended, rcs, rows, ids, cpu, wcpu


def run_plain(launch, tmp, docs, threads):
    out = os.path.join(tmp, "plain.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(out + suffix):
            os.unlink(out + suffix)
    wcpu0 = children_cpu()
    t0 = time.monotonic()
    r = subprocess.run(launch_args(launch, threads) +
                       ["jsonl-src", "location=" + docs, "!", "html-extract",
                        "!", "dedupe", "method=" + METHOD, "!", "sqlite-sink",
                        "location=" + out, "key=id", "fts=false"],
                       stdin=subprocess.DEVNULL, timeout=LIMIT)
    t = time.monotonic() - t0
    wcpu = children_cpu() - wcpu0
    rows, ids = count_rows([out])
    return t, r.returncode, rows, wcpu


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bench.py RILL_LAUNCH DOCS.jsonl [WORKER_COUNTS...]")
    launch, docs = sys.argv[1], sys.argv[2]
    counts = [int(x) for x in sys.argv[3:]] or [1, 2, 4]
    idle = os.environ.get("RILL_SCALE_IDLE", "1")
    claim = os.environ.get("RILL_SCALE_CLAIM", "60000")
    threads = os.environ.get("RILL_SCALE_THREADS", "")
    if scalelib.redis_server_path() is None:
        sys.exit("bench.py: redis-server is not installed")
    tmp = tempfile.mkdtemp(prefix="rill-scale-bench-")
    server = scalelib.RedisServer(tmp).start()
    print("# %s, %d CPUs, redis-server pid %d on 127.0.0.1:%d, threads per "
          "worker: %s, dedupe method=%s claim-idle=%s idle-timeout=%s"
          % (os.path.basename(docs), os.cpu_count(), server.pid, server.port,
             threads or "default", METHOD, claim, idle))
    print("%-22s %7s %8s %7s %7s %9s %6s %6s %9s %9s" % (
        "run", "docs", "seconds", "docs/s", "x 1 wkr", "exit+idle", "kept",
        "twice", "wkr-cpu", "redis-cpu"))
    base = None
    try:
        for w in counts:
            n, done, ended, rcs, rows, ids, cpu, wcpu = run_workers(
                launch, tmp, server, docs, w, idle, threads, claim)
            dps = n / done
            if base is None:
                base = dps
            bad = [rc for rc in rcs if rc != 0]
            print("%-22s %7d %8.2f %7.0f %7.2f %9.2f %6d %6d %8.2fs %8.2fs%s" % (
                "redis %d worker%s" % (w, "s" if w > 1 else ""), n, done, dps,
                dps / base, ended - done, ids, rows - ids, wcpu, cpu,
                "" if not bad else "  exit codes %s" % rcs), flush=True)
        t, rc, rows, wcpu = run_plain(launch, tmp, docs, threads)
        n = sum(1 for line in open(docs, "rb") if line.strip())
        print("%-22s %7d %8.2f %7.0f %7.2f %9s %6d %6s %8.2fs %9s%s" % (
            "plain jsonl, no Redis", n, t, n / t,
            (n / t) / base if base else 0, "-", rows, "-", wcpu, "-",
            "" if rc == 0 else "  exit %d" % rc), flush=True)
    finally:
        server.stop()
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
