# frontier_support.py: what the tests of tests/frontier share: finding
# the tools, skipping, a redis-server of their own on 127.0.0.1 with a
# small RESP client, stopping processes by PID.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

EXIT_SKIP = 77


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def skip(reason):
    print('SKIP: ' + reason, flush=True)
    sys.exit(EXIT_SKIP)


def find_tool(name):
    for arg in sys.argv[1:]:
        if os.path.basename(arg) == name:
            return os.path.abspath(arg)
    build_root = os.environ.get('RILL_BUILD_ROOT')
    if build_root:
        candidate = os.path.join(build_root, 'tools', name)
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(name)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def require(elements):
    """rill-launch and rill-inspect, or exit: 77 (skipped) when
    redis-server or one of @elements is missing, 1 without the tools."""
    redis_server = shutil.which('redis-server')
    if redis_server is None:
        skip('redis-server is not installed')
    rill_launch = find_tool('rill-launch')
    rill_inspect = find_tool('rill-inspect')
    if rill_launch is None or rill_inspect is None:
        print('cannot find rill-launch/rill-inspect: set RILL_BUILD_ROOT', flush=True)
        sys.exit(1)
    for element in elements:
        r = subprocess.run([rill_inspect, element], capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            skip('element %s is not built' % element)
    return redis_server, rill_launch


class Redis:
    def __init__(self, server_path, workdir):
        self.port = free_port()
        self.url = 'redis://127.0.0.1:%d/0' % self.port
        self.proc = subprocess.Popen(
            [server_path, '--bind', '127.0.0.1', '--port', str(self.port),
             '--save', '', '--appendonly', 'no', '--dir', workdir,
             '--maxmemory-policy', 'noeviction', '--loglevel', 'warning',
             '--daemonize', 'no'],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('redis-server exited: %s'
                                   % self.proc.stderr.read().decode(errors='replace'))
            try:
                if self.command('PING') == 'PONG':
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError('redis-server did not answer on 127.0.0.1:%d' % self.port)

    def command(self, *args):
        """One command over RESP2; returns str, int, list or None."""
        with socket.create_connection(('127.0.0.1', self.port), timeout=5) as s:
            out = b'*%d\r\n' % len(args)
            for a in args:
                a = str(a).encode()
                out += b'$%d\r\n%s\r\n' % (len(a), a)
            s.sendall(out)
            f = s.makefile('rb')
            return self._read(f)

    def _read(self, f):
        line = f.readline()
        if not line:
            raise OSError('connection closed')
        kind, rest = line[:1], line[1:-2]
        if kind == b'+':
            return rest.decode()
        if kind == b'-':
            raise RuntimeError('redis: ' + rest.decode())
        if kind == b':':
            return int(rest)
        if kind == b'$':
            n = int(rest)
            if n < 0:
                return None
            data = f.read(n + 2)[:-2]
            return data.decode(errors='replace')
        if kind == b'*':
            n = int(rest)
            return None if n < 0 else [self._read(f) for _ in range(n)]
        raise RuntimeError('redis: unexpected reply %r' % line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def stop_by_pid(procs):
    for p in procs:
        if p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
