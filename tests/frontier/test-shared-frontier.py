#!/usr/bin/python3
# test-shared-frontier.py: a crawl shared by several rill-launch workers
# through one Redis: a stream with a consumer group is the frontier, each
# canonical URL enters it once (`redis-sink unique=`: one atomic SADD of
# the canonical URL and XADD).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-shared-frontier.py [RILL_LAUNCH RILL_INSPECT] [crawl] [kill] [depth]
#
# The test starts, on 127.0.0.1 only and stopped by PID:
#   - a redis-server on a free port (no persistence, no file written);
#   - a generated site of 210 pages (200 articles, 10 list pages) linking
#     to each other, written with every spelling that canonicalises to the
#     same URL (fragments, tracking parameters, reordered queries, dot
#     segments, relative links), with links to other hosts, to a page that
#     answers 404, and to non-HTTP schemes;
#   - a second server standing for "another host" (linked, never in scope);
# then seeds the frontier with a rill-launch line (enqueuing the way the
# workers do, so the seed is not enqueued again when pages link back to
# it), runs WORKERS rill-launch processes with one and the same
# line, and checks that:
#   - every worker exits 0 by itself (idle-timeout with nothing pending);
#   - every in-scope page was requested exactly once, over all workers;
#   - nothing out of scope was requested;
#   - the pages written by the workers are the site, each once;
#   - the stream holds each canonical URL once and nothing is left pending.
# The kill case runs the same crawl again and kills worker 0 (SIGKILL)
# after KILL_AFTER requests: the others claim what it had taken (a short
# claim-idle) and end by themselves; every page is fetched at least once
# and written by some worker, and the stream still holds each URL once.
# The depth case crawls a tree of 200 pages (links to children spelled
# twice, links back to the parent and the root) with a depth limit: the
# frontier holds JSON docs (`redis-sink fields=url,depth`), html-links
# gives each link its page's depth + 1, and `filter field=depth op=le
# value=MAX_DEPTH` keeps the deeper links out; exactly the 15 pages of
# depth 0 to 3 are fetched, each once, and each entry of the stream has
# its page's depth in the tree.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no redis-server, or the redis
# plugin is not built).

import contextlib
import http.server
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frontier_support import Redis, log, require, stop_by_pid  # noqa: E402

WORKERS = 3
ARTICLES = 200
LISTS = 10
IDLE_TIMEOUT = 2           # seconds a worker waits with nothing to do
KILL_AFTER = 40            # requests before worker 0 is killed (kill case)
CLAIM_IDLE_KILL = 3000     # ms: claim-idle of the kill case
RUN_TIMEOUT = 60          # seconds all workers may take, in all
MAX_DEPTH = 3              # depth case: links followed up to this depth
STREAM = 'frontier'
GROUP = 'crawl'
PREFIX = 'crawl'           # redis-sink unique=: the set crawl:seen


def canonical(path_and_query):
    """The server's own key for a request: path with dot segments resolved,
    query without tracking parameters, sorted; no fragment (never sent)."""
    parts = urllib.parse.urlsplit(path_and_query)
    segments = []
    for seg in parts.path.split('/'):
        if seg == '.':
            continue
        if seg == '..':
            if len(segments) > 1:
                segments.pop()
            continue
        segments.append(seg)
    path = '/'.join(segments) or '/'
    params = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
              if not k.lower().startswith('utm_') and k.lower() not in ('fbclid', 'gclid')]
    params.sort(key=lambda kv: kv[0])
    query = urllib.parse.urlencode(params)
    return path + ('?' + query if query else '')


def article_path(i):
    return '/p/%d.html' % i


def list_path(k):
    return '/list?page=%d&sort=new' % k


class Site:
    """210 pages reachable from /p/0.html; links spelled many ways."""

    def __init__(self, port, other_port):
        self.base = 'http://127.0.0.1:%d' % port
        self.other = other_port
        self.pages = {}                 # canonical path -> HTML
        for i in range(ARTICLES):
            self.pages[article_path(i)] = self.article(i)
        for k in range(1, LISTS + 1):
            self.pages[canonical(list_path(k))] = self.list_page(k)
        self.missing = '/missing.html'  # linked, answers 404

    def article_links(self, i):
        n = ARTICLES
        links = []
        # a binary tree keeps the crawl shallow (depth ~8) and connected
        for c in (2 * i + 1, 2 * i + 2):
            if c < n:
                links.append(article_path(c))
        # the same pages again, spelled differently
        j, k, m = (i * 7 + 3) % n, (i * 13 + 5) % n, (i * 31 + 11) % n
        links.append(article_path((i + 1) % n) + '#comments')
        links.append('%d.html?utm_source=feed&utm_medium=rss' % j)       # relative
        links.append('../p/./%d.html' % k)                              # dot segments
        links.append(self.base + article_path(m) + '?fbclid=abc%d' % i)  # absolute
        links.append(self.base.replace('http://', 'HTTP://') + article_path(j))
        links.append('/p/%d.html#top' % i)                              # itself
        # a list page, its query in either order
        page = i % LISTS + 1
        if i % 2:
            links.append('/list?sort=new&page=%d' % page)
        else:
            links.append(list_path(page) + '&utm_campaign=x')
        # out of scope: other hosts, another port, https, other schemes
        if i % 7 == 0:
            links.append('http://localhost:%d/ext/%d.html' % (self.other, i))
            links.append('http://127.0.0.1:%d/ext/%d.html' % (self.other, i))
            links.append('https://127.0.0.1:%d/p/%d.html' % (self.other, i))
            links.append('https://example.invalid/story/%d' % i)
            links.append('mailto:desk@news.example')
            links.append('javascript:void(0)')
        if i == 13:
            links.append('/missing.html')
        return links

    def article(self, i):
        items = ''.join('<li><a href="%s">link %d</a></li>\n' % (h, n)
                        for n, h in enumerate(self.article_links(i)))
        return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
                '<title>Article %d</title></head><body>\n'
                '<nav><a href="/p/0.html">Home</a></nav>\n'
                '<article><h1>Article %d</h1>\n'
                '<p>This is the body of article number %d. It has a few '
                'sentences so that the extractor finds some text to keep, '
                'and it is different on every page of the site.</p>\n'
                '<p>Second paragraph of article %d, about topic %d.</p>\n'
                '</article>\n<ul>\n%s</ul></body></html>\n'
                % (i, i, i, i, i % 17, items))

    def list_page(self, k):
        first = (k - 1) * (ARTICLES // LISTS)
        items = ''.join('<li><a href="/p/%d.html">Article %d</a></li>\n' % (i, i)
                        for i in range(first, first + ARTICLES // LISTS))
        prev = '<a href="/list?page=%d&amp;sort=new">previous</a>' % (k - 1) if k > 1 else ''
        return ('<!doctype html>\n<html><head><meta charset="utf-8"><title>List %d</title>'
                '</head><body><h1>Page %d</h1><ul>\n%s</ul>%s</body></html>\n'
                % (k, k, items, prev))


def tree_depth(i):
    """Depth of article @i in the tree of DepthSite (0 for the root)."""
    return (i + 1).bit_length() - 1


class DepthSite(Site):
    """ARTICLES pages in a binary tree from /p/0.html: each links to its
    two children (each spelled two ways), to its parent, to the root and
    to itself, so that a page has one depth however it is reached."""

    def __init__(self, port, other_port):
        self.base = 'http://127.0.0.1:%d' % port
        self.other = other_port
        self.pages = {article_path(i): self.article(i) for i in range(ARTICLES)}
        self.missing = None

    def article_links(self, i):
        links = []
        for c in (2 * i + 1, 2 * i + 2):
            if c < ARTICLES:
                links.append('%d.html?utm_source=feed' % c)                # relative
                links.append(self.base + '/p/./%d.html#more' % c)          # absolute
        if i > 0:
            links.append('../p/%d.html' % ((i - 1) // 2))
        links.append('/p/0.html')
        links.append('/p/%d.html#top' % i)
        if i % 7 == 0:
            links.append('http://localhost:%d/ext/%d.html' % (self.other, i))
        return links


class CountingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site):
        super().__init__(('127.0.0.1', 0), CountingHandler)
        self.site = site
        self.lock = threading.Lock()
        self.counts = {}                # canonical path -> requests
        self.robots = 0

    def handle_error(self, request, client_address):
        pass                    # a worker gone with its connection open

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


class CountingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body, ctype='text/html; charset=utf-8'):
        data = body.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        server = self.server
        if self.path == '/robots.txt':
            with server.lock:
                server.robots += 1
            self.reply(404, 'no robots.txt\n', 'text/plain')
            return
        key = canonical(self.path)
        server.count(key)
        page = server.site.pages.get(key) if server.site else None
        if page is None:
            self.reply(404, '<html><body>not found</body></html>\n')
        else:
            self.reply(200, page)


def serve(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                              daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------- the test

def launch_lines(redis_url, base, workdir, claim_idle=None, max_depth=None):
    """The seed line and the one worker line every worker runs; with
    @max_depth, the frontier holds JSON docs with url and depth, and links
    deeper than @max_depth are left out."""
    scope = 'filter field=url regex="(?i)^http://127[.]0[.]0[.]1:%d/"' % urllib.parse.urlsplit(base).port
    if max_depth is not None:
        scope += ' ! filter field=depth op=le value=%d' % max_depth
    entry = 'url-only=true' if max_depth is None else 'fields=url,depth'
    enqueue = ('redis-sink location=%s stream=%s %s unique=%s'
               % (redis_url, STREAM, entry, PREFIX))
    seed = 'fd-src fd=0 ! %s' % enqueue
    claim = ' claim-idle=%d' % claim_idle if claim_idle else ''
    worker = ('redis-src location=%s stream=%s group=%s idle-timeout=%d%s ! http-fetch ! tee name=t  '
              't. ! html-extract ! sqlite-sink location=%s key=url  '
              't. ! html-links ! %s ! %s'
              % (redis_url, STREAM, GROUP, IDLE_TIMEOUT, claim,
                 os.path.join(workdir, 'pages-{N}.db'), scope, enqueue))
    return seed, worker


def wait_requests(server, n, proc):
    """Waits until the site has answered @n requests (RUN_TIMEOUT at most)
    while @proc runs."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        with server.lock:
            if sum(server.counts.values()) >= n:
                return True
        time.sleep(0.01)
    return False


def wait_workers(workers, redis, limit, check):
    """Waits until every worker has exited, RUN_TIMEOUT at most; stops
    early when the frontier runs away (more than 3 entries a page: URLs
    are being enqueued again and the crawl would never end)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        if all(p.poll() is not None for p in workers):
            return True
        xlen = redis.command('XLEN', STREAM)
        if xlen > 3 * limit:
            check(False, 'the frontier runs away: %d entries for %d pages '
                  '(URLs already seen are enqueued again)' % (xlen, limit))
            return False
        time.sleep(0.2)
    check(False, 'the workers did not end by themselves within %d s' % RUN_TIMEOUT)
    return False


def read_urls(path):
    """The final URL of every page a worker's sqlite-sink wrote."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [row[0] for row in
                db.execute('SELECT coalesce("final-url", url) FROM articles')]


def check_depths(redis, site, check):
    """Each entry of the stream is a JSON doc whose depth is its page's in
    the tree (none for the seed)."""
    for entry_id, fields in redis.command('XRANGE', STREAM, '-', '+'):
        entry = dict(zip(fields[::2], fields[1::2]))
        if 'doc' not in entry:
            check(False, 'entry %s is not a JSON doc: %r' % (entry_id, entry))
            continue
        doc = json.loads(entry['doc'])
        path = canonical(urllib.parse.urlsplit(doc['url'])._replace(scheme='', netloc='').geturl())
        i = int(path[len('/p/'):-len('.html')])
        check(doc.get('depth', 0) == tree_depth(i),
              'entry %s (%s) has depth %r, not %d' % (entry_id, doc['url'], doc.get('depth'),
                                                      tree_depth(i)))


def run_test(rill_launch, redis, workdir, case='crawl'):
    """One crawl; in case kill, worker 0 is killed (SIGKILL) after
    KILL_AFTER requests and the others must finish its work; in case
    depth, a tree is crawled to MAX_DEPTH."""
    failures = []
    name = case
    kill = case == 'kill'
    depth = case == 'depth'

    def check(cond, message):
        if not cond:
            failures.append(message)
            log('FAIL (%s): %s' % (name, message))

    redis.command('FLUSHALL')
    other = CountingServer(None)
    serve(other)
    server = None
    try:
        # the site needs the other server's port; the server its own site
        server = CountingServer(None)
        port = server.server_address[1]
        site = (DepthSite if depth else Site)(port, other.server_address[1])
        server.site = site
        serve(server)
        base = site.base
        seed_line, worker_line = launch_lines(redis.url, base, workdir,
                                              CLAIM_IDLE_KILL if kill else None,
                                              MAX_DEPTH if depth else None)

        # Seed: the home page twice (as a user would), enqueued once.
        seed = subprocess.run([rill_launch, '-q', '--no-progress', seed_line],
                              input='%s/p/0.html\n%s/p/0.html#top\n' % (base, base),
                              capture_output=True, text=True, timeout=30)
        check(seed.returncode == 0, 'seed line exit %d: %s' % (seed.returncode, seed.stderr))
        check(redis.command('XLEN', STREAM) == 1,
              'the seed enqueued %s entries, not 1' % redis.command('XLEN', STREAM))

        workers = []
        started = time.monotonic()
        for n in range(WORKERS):
            line = worker_line.replace('{N}', '%s-%d' % (name, n))
            err = open(os.path.join(workdir, '%s-%d.log' % (name, n)), 'w')
            workers.append(subprocess.Popen(
                [rill_launch, '--no-progress',
                 '--stats=%s' % os.path.join(workdir, '%s-%d.json' % (name, n)),
                 '--errors=%s' % os.path.join(workdir, '%s-%d-errors.jsonl' % (name, n)),
                 line],
                stdin=subprocess.DEVNULL, stdout=err, stderr=err))
            err.close()
        try:
            if kill:
                if wait_requests(server, KILL_AFTER, workers[0]):
                    os.kill(workers[0].pid, signal.SIGKILL)
                    workers[0].wait(timeout=10)
                else:
                    check(False, 'worker 0 ended before %d requests' % KILL_AFTER)
            ended = wait_workers(workers, redis, len(site.pages) + 1, check)
        finally:
            stop_by_pid(workers)
        elapsed = time.monotonic() - started
        if not ended:
            log('stopped after %.1f s: %d requests for %d pages'
                % (elapsed, sum(server.counts.values()), len(site.pages) + 1))
            return failures
        for n, p in enumerate(workers):
            if kill and n == 0:
                check(p.returncode == -signal.SIGKILL, 'worker 0 was not killed')
            elif p.returncode != 0:
                with open(os.path.join(workdir, '%s-%d.log' % (name, n))) as f:
                    check(False, 'worker %d exit %d:\n%s' % (n, p.returncode, f.read()[-4000:]))

        # Requests at the server: each in-scope page once (at least once
        # after a kill: what the killed worker had taken is fetched again),
        # nothing else. With a depth limit, the pages up to it.
        if depth:
            expected = {article_path(i) for i in range(ARTICLES) if tree_depth(i) <= MAX_DEPTH}
            pages = expected
        else:
            expected = set(site.pages) | {site.missing}
            pages = set(site.pages)
        counts = dict(server.counts)
        twice = sorted(k for k, c in counts.items() if c > 1)
        never = sorted(expected - set(counts))
        stray = sorted(set(counts) - expected)
        check(kill or not twice, '%d pages fetched more than once: %s'
              % (len(twice), ', '.join('%s×%d' % (k, counts[k]) for k in twice[:10])))
        check(not never, '%d pages never fetched: %s' % (len(never), ', '.join(never[:10])))
        check(not stray, 'unexpected requests: %s' % ', '.join(stray[:10]))
        check(not other.counts, 'out-of-scope requests to the other host: %s'
              % ', '.join(sorted(other.counts)[:10]))

        # Output: the union of the workers' pages is the site, each once.
        written = {}
        per_worker = []
        for n in range(WORKERS):
            path = os.path.join(workdir, 'pages-%s-%d.db' % (name, n))
            urls = read_urls(path) if os.path.exists(path) else []
            per_worker.append(len(urls))
            for url in urls:
                key = canonical(urllib.parse.urlsplit(url)._replace(scheme='', netloc='').geturl())
                written[key] = written.get(key, 0) + 1
        check(set(written) == pages,
              'pages written differ from the site: missing %s, extra %s'
              % (sorted(pages - set(written))[:10],
                 sorted(set(written) - pages)[:10]))
        check(kill or all(c == 1 for c in written.values()),
              'pages written twice: %s' % sorted(k for k, c in written.items() if c > 1)[:10])

        # Redis: each canonical URL entered the stream once (a kill too);
        # nothing pending.
        xlen = redis.command('XLEN', STREAM)
        check(xlen == len(expected), 'the stream has %s entries, not %d' % (xlen, len(expected)))
        pending = redis.command('XPENDING', STREAM, GROUP)
        check(pending and pending[0] == 0, 'entries left pending: %r' % (pending,))
        if depth:
            check_depths(redis, site, check)

        log('%s: %d workers, %.1f s: %d requests for %d pages (+%d robots.txt), '
            'pages written per worker %s, stream %s entries'
            % (name, WORKERS, elapsed, sum(counts.values()), len(expected), server.robots,
               per_worker, xlen))
    finally:
        if server:
            server.shutdown()
            server.server_close()
        other.shutdown()
        other.server_close()
    return failures


def main():
    redis_server, rill_launch = require(
        ('redis-src', 'redis-sink', 'http-fetch', 'html-links', 'html-extract',
         'filter', 'sqlite-sink', 'fd-src'))
    workdir = tempfile.mkdtemp(prefix='rill-frontier-')
    redis = None
    keep = False
    try:
        redis = Redis(redis_server, workdir)
        cases = ([a for a in sys.argv[1:] if a in ('crawl', 'kill', 'depth')]
                 or ['crawl', 'kill', 'depth'])
        failures = []
        for case in cases:
            failures += run_test(rill_launch, redis, workdir, case)
        keep = bool(failures) and bool(os.environ.get('RILL_TEST_KEEP'))
        if failures:
            print('FAIL: %d checks failed%s' % (len(failures), (' (logs in %s)' % workdir) if keep
                                                 else ' (RILL_TEST_KEEP=1 keeps the logs)'),
                  flush=True)
            return 1
        print('PASS', flush=True)
        return 0
    finally:
        if redis:
            redis.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
