#!/usr/bin/python3
"""Runs rill-reader under Xvfb against the sample news site.

    test_reader.py RILL_READER SOURCE_ROOT OUTPUT_DIR

The site (examples/news-site/build.py) is served on 127.0.0.1 by
`python3 -m http.server`, started here and stopped by PID; the X server
is an Xvfb started here on a display it picks itself (-displayfd), also
stopped by PID. The application runs in its --self-test mode: it prints
each article row as it adds it to its list, the 'also published by' line
of each cluster once the run is over, and quits by itself; no sleeping.

Cases:
- the site, crawled (--site): the same clusters, whatever order the
  pages come in;
- the feed: 13 articles appear, the ten originals among them; 'Порт
  снизит тарифы…' is also published by the aggregator; a screenshot of
  the window is saved to OUTPUT_DIR/reader-screenshot.png;
- closing the window while the run goes on (a server that holds the
  aggregator's pages back) cancels the run, and the application exits
  once the run has finished, with fewer than 13 articles.

Exit 77 (skip) when Xvfb or the application is missing.
"""

import http.server
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

SKIP = 77
TIMEOUT = 90


def log(*args):
    print(*args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=10):
    deadline = time.monotonic() + seconds
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
    raise RuntimeError("server did not answer: " + url)


def start_xvfb():
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
         "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    display = b""
    with os.fdopen(read_fd, "rb") as pipe:
        while not display.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                break
            display += chunk
    if not display.strip():
        xvfb.kill()
        xvfb.wait()
        raise RuntimeError("Xvfb did not start")
    return xvfb, ":" + display.decode().strip()


class SlowAggregator(http.server.SimpleHTTPRequestHandler):
    """Serves the site, holding the aggregator's pages back for a while."""

    def do_GET(self):
        if self.path.startswith("/agg/"):
            time.sleep(10)
        try:
            super().do_GET()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def run_reader(reader, display, args):
    env = dict(os.environ)
    env.update(DISPLAY=display, GDK_BACKEND="x11", GSK_RENDERER="cairo",
               NO_AT_BRIDGE="1", GTK_A11Y="none", GSETTINGS_BACKEND="memory")
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run([reader, "--self-test"] + args, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)
    rows, clusters, done = [], {}, None
    for line in proc.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "row":
            rows.append(fields[1:])
        elif fields[0] == "cluster":
            clusters[fields[1]] = fields[2:]
        elif fields[0] == "done":
            done = fields[1]
    return proc, rows, clusters, done


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    reader, source_root, out_dir = sys.argv[1:4]
    if shutil.which("Xvfb") is None:
        log("# Xvfb is not installed (apt-get install xvfb)")
        return SKIP
    if not os.access(reader, os.X_OK):
        log("# rill-reader was not built (gtk4 missing)")
        return SKIP

    with open(os.path.join(source_root, "examples/news-site/articles.json"), encoding="utf-8") as f:
        originals = [a["title"] for a in json.load(f)["articles"]]

    failures = []

    def check(cond, what):
        log(("ok" if cond else "FAIL") + " - " + what)
        if not cond:
            failures.append(what)

    work = tempfile.mkdtemp(prefix="reader-", dir=out_dir)
    server = xvfb = slow = None
    try:
        xvfb, display = start_xvfb()
        log("# Xvfb on", display, "pid", xvfb.pid)

        # 1. The feed, served by python3 -m http.server.
        port = free_port()
        base = "http://127.0.0.1:%d" % port
        site = os.path.join(work, "site")
        subprocess.run(["/usr/bin/python3", os.path.join(source_root, "examples/news-site/build.py"),
                        "--base", base, "--out", site], check=True)
        server = subprocess.Popen(["/usr/bin/python3", "-m", "http.server", str(port),
                                   "--bind", "127.0.0.1", "--directory", site],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(base + "/rss.xml")

        shot = os.path.join(out_dir, "reader-screenshot.png")
        if os.path.exists(shot):
            os.unlink(shot)
        proc, rows, clusters, done = run_reader(reader, display,
                                                ["--screenshot", shot, base + "/rss.xml"])
        sys.stderr.write(proc.stderr)
        check(proc.returncode == 0, "feed run exits 0 (got %d)" % proc.returncode)
        check(done is not None and done.startswith("Done: 13 articles"),
              "the run ends with 13 articles: %r" % done)
        check(len(rows) == 13, "13 rows shown (got %d)" % len(rows))
        titles = [r[0] for r in rows]
        for title in originals:
            check(any(t.startswith(title) for t in titles), "row for %r" % title)
        check(all(len(r) == 4 and r[1] and r[3] for r in rows),
              "every row has a source and a language")
        port_title = "Порт снизит тарифы для небольших рыболовецких судов"
        cluster = clusters.get(port_title)
        check(cluster is not None, "%r has copies" % port_title)
        if cluster is not None:
            check(cluster[0].startswith("also published by") and "agg" in cluster[0],
                  "%r is also published by the aggregator: %r" % (port_title, cluster[0]))
            check(base + "/agg/port-tariff.html" in cluster[1].split(" "),
                  "its copy is the aggregator's page: %r" % cluster[1])
        check(len(clusters) == 3, "3 stories have copies (got %d)" % len(clusters))
        size = png_size(shot) if os.path.exists(shot) else None
        check(size is not None and size[0] >= 800 and size[1] >= 400,
              "screenshot %s saved (%r)" % (shot, size))

        # 2. The site, crawled: the aggregator's copies may come before
        # their originals, which then take over the cluster.
        proc, rows, clusters, done = run_reader(reader, display, ["--site", base + "/"])
        sys.stderr.write(proc.stderr)
        check(proc.returncode == 0, "site run exits 0 (got %d)" % proc.returncode)
        for title in originals:
            check(any(r[0].startswith(title) for r in rows), "site: row for %r" % title)
        cluster = clusters.get(port_title)
        check(cluster is not None and "agg" in cluster[0]
              and base + "/agg/port-tariff.html" in cluster[1].split(" "),
              "site: %r leads its cluster, also published by the aggregator: %r"
              % (port_title, cluster))

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        server = None

        # 3. Closing the window while the run goes on.
        handler = lambda *a, **k: SlowAggregator(*a, directory=site, **k)
        slow = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        slow.daemon_threads = True
        threading.Thread(target=slow.serve_forever, daemon=True).start()
        proc, rows, clusters, done = run_reader(reader, display,
                                                ["--close-after", "3", base + "/rss.xml"])
        sys.stderr.write(proc.stderr)
        check(done is not None and done.startswith("Stopped"),
              "closing the window stops the run: %r" % done)
        check(3 <= len(rows) < 13, "the run stopped early (%d rows)" % len(rows))
        check(proc.returncode == 1, "a stopped run exits 1 (got %d)" % proc.returncode)
        check(not any("CRITICAL" in l or "WARNING" in l for l in proc.stderr.splitlines()),
              "no criticals or warnings on stderr")
    finally:
        if slow is not None:
            slow.shutdown()
            slow.server_close()
        if server is not None:
            server.kill()
            server.wait()
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        log("%d checks failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
