# scalelib.py: what the scale-out test (tests/scale) and benchmark
# (bench/scale/run.sh) share: a redis-server started and stopped by PID on
# a free 127.0.0.1 port, a minimal RESP client (standard library only) and
# a pipelined loader that XADDs a JSONL file into a stream.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import signal
import socket
import subprocess
import time

REDIS_SERVER = "/usr/bin/redis-server"


def redis_server_path():
    """The redis-server binary, or None when it is not installed."""
    if os.access(REDIS_SERVER, os.X_OK):
        return REDIS_SERVER
    return shutil.which("redis-server")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RespError(Exception):
    pass


class Resp:
    """A blocking RESP2 client: call(*args) and pipelined calls."""

    def __init__(self, port, host="127.0.0.1", timeout=30.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    @staticmethod
    def encode(args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            if isinstance(a, int):
                a = str(a)
            if isinstance(a, str):
                a = a.encode()
            out.append(b"$%d\r\n" % len(a))
            out.append(a)
            out.append(b"\r\n")
        return b"".join(out)

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("redis closed the connection")
        if self.pos > (1 << 20):
            del self.buf[:self.pos]
            self.pos = 0
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def read_reply(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            return RespError(rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) - self.pos < n + 2:
                self._fill()
            data = bytes(self.buf[self.pos:self.pos + n])
            self.pos += n + 2
            return data
        if t == b"*":
            n = int(rest)
            if n < 0:
                return None
            return [self.read_reply() for _ in range(n)]
        raise RespError("bad reply line %r" % line)

    def call(self, *args):
        self.sock.sendall(self.encode(args))
        r = self.read_reply()
        if isinstance(r, RespError):
            raise r
        return r

    def pipeline(self, commands, window=500):
        """Sends commands (lists of arguments), `window` at a time, and
        returns their replies (errors are returned, not raised)."""
        replies = []
        for i in range(0, len(commands), window):
            part = commands[i:i + window]
            self.sock.sendall(b"".join(self.encode(c) for c in part))
            replies.extend(self.read_reply() for _ in part)
        return replies


class RedisServer:
    """redis-server on 127.0.0.1:port with its files in `dirname`;
    started by start(), stopped (by PID) by stop() or kill(). `aof`: None
    (no persistence) or the appendfsync policy of an AOF ("always",
    "everysec")."""

    def __init__(self, dirname, port=None, aof=None, log=None):
        self.dir = dirname
        self.port = port or free_port()
        self.aof = aof
        self.proc = None
        self.log = log or os.path.join(dirname, "redis.log")

    def start(self, timeout=10.0):
        args = [redis_server_path(), "--port", str(self.port),
                "--bind", "127.0.0.1", "--save", "", "--dir", self.dir,
                "--daemonize", "no", "--protected-mode", "yes",
                "--logfile", self.log]
        if self.aof:
            args += ["--appendonly", "yes", "--appendfsync", self.aof]
        else:
            args += ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("redis-server on port %d exited with %d (see %s)"
                                   % (self.port, self.proc.returncode, self.log))
            try:
                c = Resp(self.port, timeout=2.0)
                try:
                    if c.call("PING") == "PONG":
                        return self
                finally:
                    c.close()
            except (OSError, RespError):
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("redis-server on port %d did not answer in %.0f s"
                           % (self.port, timeout))

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def client(self, timeout=30.0):
        return Resp(self.port, timeout=timeout)

    def kill(self):
        """SIGKILL (a crash): nothing is written on the way out."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


def load_stream(client, docs_path, stream, field="doc", group=None,
                extra=(), batch=500):
    """XADDs each line of docs_path (a JSON doc) as entry {field: line} of
    `stream`, pipelined `batch` at a time; then each of `extra` (raw values
    of `field`, e.g. a malformed record). With `group`, the consumer group
    is created first at id 0 (MKSTREAM), so that it sees every entry.
    Returns the number of entries added."""
    if group:
        try:
            client.call("XGROUP", "CREATE", stream, group, "0", "MKSTREAM")
        except RespError as e:
            if "BUSYGROUP" not in str(e):
                raise
    n = 0
    pending = []

    def flush():
        for r in client.pipeline(pending, window=len(pending)):
            if isinstance(r, RespError):
                raise r
        pending.clear()

    with open(docs_path, "rb") as f:
        for line in f:
            line = line.rstrip(b"\n")
            if not line:
                continue
            pending.append(["XADD", stream, "*", field, line])
            n += 1
            if len(pending) >= batch:
                flush()
    for value in extra:
        pending.append(["XADD", stream, "*", field, value])
        n += 1
    if pending:
        flush()
    return n
