#!/usr/bin/python3
# test-worker-stop.py: what a worker reading a Redis stream leaves behind
# when it is stopped (SIGTERM) or killed (SIGKILL) in the middle of its
# fetches.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-worker-stop.py [RILL_LAUNCH RILL_INSPECT] [CASE...]
#
# A stream holds ENTRIES URLs of a slow HTTP server (127.0.0.1, its own
# thread); the worker is
#   redis-src ! http-fetch ! sqlite-sink key=url
# Cases (all by default):
#   term  SIGTERM once it has started REQUESTS requests: it exits 130, and
#         every entry acknowledged is in its database (an entry whose
#         fetch the stop cancelled stays pending, for another worker);
#   kill  SIGKILL at the same point, then a second worker with a short
#         claim-idle: it takes over what the first left pending, ends by
#         itself (exit 0), and the two databases hold every URL; nothing
#         is left pending.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no redis-server, or the redis
# plugin is not built).

import contextlib
import http.server
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frontier_support import Redis, log, require, stop_by_pid  # noqa: E402

ENTRIES = 60
REQUESTS = 12              # requests seen at the server before the signal
RESPONSE_DELAY = 0.3       # seconds the server takes to answer
STREAM = 'todo'
GROUP = 'fetch'
WAIT = 60                  # seconds any one wait may take


class SlowServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), SlowHandler)
        self.lock = threading.Lock()
        self.requests = 0

    def handle_error(self, request, client_address):
        pass                    # a client gone mid-answer: cancelled fetches


class SlowHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        with self.server.lock:
            self.server.requests += 1
        time.sleep(RESPONSE_DELAY)
        body = ('<html><body><p>page %s</p></body></html>\n' % self.path).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def worker_line(redis, db, extra=''):
    return ('redis-src location=%s stream=%s group=%s %s '
            '! http-fetch robots=false concurrency=8 per-host=8 retries=0 '
            '! sqlite-sink location=%s key=url fts=false'
            % (redis.url, STREAM, GROUP, extra, db))


def start(rill_launch, line, log_path):
    out = open(log_path, 'w')
    try:
        return subprocess.Popen([rill_launch, '--no-progress', line],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    finally:
        out.close()


def wait_for(cond, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    log('timed out waiting for ' + what)
    return False


def written(db):
    if not os.path.exists(db):
        return set()
    with contextlib.closing(sqlite3.connect(db)) as c:
        try:
            return {row[0] for row in c.execute('SELECT url FROM articles')}
        except sqlite3.OperationalError:
            return set()        # no doc reached the sink: no table


def entries(redis):
    """id -> url of every entry of the stream."""
    out = {}
    for entry_id, fields in redis.command('XRANGE', STREAM, '-', '+'):
        out[entry_id] = dict(zip(fields[::2], fields[1::2]))['url']
    return out


def pending_ids(redis):
    return {row[0] for row in redis.command('XPENDING', STREAM, GROUP, '-', '+', str(ENTRIES * 2))}


def id_le(a, b):
    return tuple(map(int, a.split('-'))) <= tuple(map(int, b.split('-')))


def last_delivered(redis):
    for group in redis.command('XINFO', 'GROUPS', STREAM):
        info = dict(zip(group[::2], group[1::2]))
        if info['name'] == GROUP:
            return info['last-delivered-id']
    return '0-0'


def fill(redis, server):
    redis.command('DEL', STREAM)
    for i in range(ENTRIES):
        redis.command('XADD', STREAM, '*', 'url',
                      'http://127.0.0.1:%d/page/%d' % (server.server_address[1], i))


def case_term(rill_launch, redis, server, workdir, check):
    fill(redis, server)
    server.requests = 0
    db = os.path.join(workdir, 'term.db')
    p = start(rill_launch, worker_line(redis, db), os.path.join(workdir, 'term.log'))
    try:
        if not wait_for(lambda: server.requests >= REQUESTS or p.poll() is not None,
                        '%d requests' % REQUESTS):
            check(False, 'term: the worker made no requests')
            return
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=WAIT)
    finally:
        stop_by_pid([p])
    check(p.returncode == 130, 'term: exit %s, not 130' % p.returncode)
    all_entries = entries(redis)
    last = last_delivered(redis)
    delivered = {i for i in all_entries if id_le(i, last)}
    pending = pending_ids(redis)
    acked = delivered - pending
    rows = written(db)
    lost = sorted(all_entries[i] for i in acked if all_entries[i] not in rows)
    log('term: %d delivered, %d written, %d acknowledged, %d pending'
        % (len(delivered), len(rows), len(acked), len(pending)))
    check(not lost, 'term: %d entries acknowledged but never written (lost): %s'
          % (len(lost), ', '.join(lost[:5])))


def case_kill(rill_launch, redis, server, workdir, check):
    fill(redis, server)
    server.requests = 0
    db1 = os.path.join(workdir, 'kill-1.db')
    db2 = os.path.join(workdir, 'kill-2.db')
    p1 = start(rill_launch, worker_line(redis, db1, 'consumer=first'),
               os.path.join(workdir, 'kill-1.log'))
    try:
        if not wait_for(lambda: server.requests >= REQUESTS or p1.poll() is not None,
                        '%d requests' % REQUESTS):
            check(False, 'kill: the first worker made no requests')
            return
        os.kill(p1.pid, signal.SIGKILL)
        p1.wait(timeout=WAIT)
    finally:
        stop_by_pid([p1])
    left = len(pending_ids(redis))
    p2 = start(rill_launch,
               worker_line(redis, db2, 'consumer=second claim-idle=500 idle-timeout=2'),
               os.path.join(workdir, 'kill-2.log'))
    try:
        p2.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        check(False, 'kill: the second worker did not end by itself within %d s' % WAIT)
    finally:
        stop_by_pid([p2])
    check(p2.returncode == 0, 'kill: second worker exit %s, not 0' % p2.returncode)
    urls = set(entries(redis).values())
    rows1, rows2 = written(db1), written(db2)
    missing = sorted(urls - rows1 - rows2)
    log('kill: %d pending after the kill, first wrote %d, second %d, %d in both'
        % (left, len(rows1), len(rows2), len(rows1 & rows2)))
    check(not missing, 'kill: %d URLs written by neither worker: %s'
          % (len(missing), ', '.join(missing[:5])))
    check(not pending_ids(redis), 'kill: entries left pending')


CASES = {'term': case_term, 'kill': case_kill}


def main():
    redis_server, rill_launch = require(('redis-src', 'http-fetch', 'sqlite-sink'))
    wanted = [a for a in sys.argv[1:] if a in CASES] or list(CASES)
    workdir = tempfile.mkdtemp(prefix='rill-worker-stop-')
    redis = None
    server = SlowServer()
    threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                     daemon=True).start()
    failed = []
    try:
        redis = Redis(redis_server, workdir)
        for name in wanted:
            failures = []

            def check(cond, message, failures=failures):
                if not cond:
                    failures.append(message)
                    log('FAIL: ' + message)

            CASES[name](rill_launch, redis, server, workdir, check)
            print('%s: %s' % (name, 'FAIL' if failures else 'ok'), flush=True)
            if failures:
                failed.append(name)
        return 1 if failed else 0
    finally:
        server.shutdown()
        server.server_close()
        if redis:
            redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
