/* test-http1-client.c: http-fetch's own HTTP/1.1 client against a raw server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * test-http-fetch.c runs against a SoupServer, which always answers
 * well-formed HTTP. Here the server is a plain TCP socket on 127.0.0.1
 * and an ephemeral port, served by threads of the test: an accept
 * thread and one thread per connection. Each connection reads request
 * heads (up to the empty line), records them with the connection's
 * number, and writes the canned answer of the request target: byte-exact
 * pieces written one by one (with a sleep between them when the route
 * asks, which ends early if the client hangs up), then, as the route
 * says, the connection is kept, closed, or closed after reading one more
 * request without answering it. The routes are made before the tests
 * run (routes_add) and not changed after.
 *
 * Every test drives `http-fetch` (client=auto: Rill's client for
 * http://; some with client=libsoup to compare) through a pipeline
 * `app-src ! http-fetch ! app-sink`.
 *
 * `--io-threads=N` (N > 0; 1 by default) runs every test with `http-fetch
 * io-threads=N`, so that the client runs on lanes of their own too.
 */
#define _GNU_SOURCE             /* POLLRDHUP */

#include <rill.h>
#include <rill-test-utils.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <zlib.h>
#ifdef HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

/* http-fetch's io-threads (1 unless --io-threads=N says otherwise). */
static guint io_threads = 1;

/* Connections are pooled per lane: a host has one per lane in use, so
 * the counts of connections are asserted with one lane only. */
#define COUNTING (io_threads == 1)

/* ---- the server ------------------------------------------------------- */

typedef enum {
  ROUTE_KEEP = 0,
  ROUTE_CLOSE = 1 << 0,         /* close right after the answer */
  ROUTE_DROP_NEXT = 1 << 1,     /* read the next request, close unanswered */
  ROUTE_LINGER_CLOSE = 1 << 2,  /* sleep 100 ms, close without reading */
} RouteFlags;

typedef struct {
  char *target;                 /* the request target, as sent */
  GPtrArray *pieces;            /* GBytes, written in turn */
  guint delay_ms;               /* between pieces */
  RouteFlags flags;
} Route;

typedef struct {
  guint conn;                   /* the connection's number, from 1 at each reset */
  char *line;                   /* the request line, without CRLF */
  char *head;                   /* the whole head */
  gboolean dropped;             /* read, never answered */
} Seen;

typedef struct {
  int fd;
  guint id;
  GThread *thread;
} ServerConn;

static struct {
  GMutex lock;
  int fd;
  guint16 port;
  GThread *thread;
  GHashTable *routes;           /* target → Route */
  GPtrArray *seen;              /* Seen */
  guint accepted;               /* since start */
  guint base;                   /* accepted at the last reset */
  GPtrArray *conns;             /* ServerConn */
} server;

static void
route_free (Route *route)
{
  g_free (route->target);
  g_ptr_array_unref (route->pieces);
  g_free (route);
}

static void
seen_free (Seen *seen)
{
  g_free (seen->line);
  g_free (seen->head);
  g_free (seen);
}

static Route *
route_new (const char *target,
           RouteFlags  flags,
           guint       delay_ms)
{
  Route *route = g_new0 (Route, 1);

  route->target = g_strdup (target);
  route->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  route->flags = flags;
  route->delay_ms = delay_ms;
  g_mutex_lock (&server.lock);
  g_hash_table_replace (server.routes, route->target, route);
  g_mutex_unlock (&server.lock);
  return route;
}

static void
route_piece (Route      *route,
             const void *data,
             gsize       len)
{
  g_ptr_array_add (route->pieces, g_bytes_new (data, len));
}

/* A route of text pieces (NULL-terminated). */
static Route *
route_text (const char *target,
            RouteFlags  flags,
            guint       delay_ms,
            const char *first,
            ...)
{
  Route *route = route_new (target, flags, delay_ms);
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    route_piece (route, p, strlen (p));
  va_end (args);
  return route;
}

/* A 200 with a Content-Length and @extra header lines (each ending in
 * CRLF). */
static Route *
route_simple (const char *target,
              RouteFlags  flags,
              const char *extra,
              const void *body,
              gsize       len)
{
  Route *route = route_new (target, flags, 0);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n%s\r\n",
                                           len, extra ? extra : "");
  GByteArray *all = g_byte_array_new ();

  g_byte_array_append (all, (const guint8 *) head, strlen (head));
  g_byte_array_append (all, body, len);
  g_ptr_array_add (route->pieces, g_byte_array_free_to_bytes (all));
  return route;
}

static void
server_reset (void)
{
  g_mutex_lock (&server.lock);
  g_ptr_array_set_size (server.seen, 0);
  server.base = server.accepted;
  g_mutex_unlock (&server.lock);
}

/* Connections accepted since the last reset. */
static guint
server_connections (void)
{
  guint n;

  g_mutex_lock (&server.lock);
  n = server.accepted - server.base;
  g_mutex_unlock (&server.lock);
  return n;
}

/* Requests for @target seen since the last reset (answered or not). */
static guint
server_count (const char *target)
{
  g_autofree char *line = g_strdup_printf ("GET %s HTTP/1.1", target);
  guint n = 0;

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.seen->len; i++)
    if (strcmp (((Seen *) server.seen->pdata[i])->line, line) == 0)
      n++;
  g_mutex_unlock (&server.lock);
  return n;
}

/* The connection number of the last answered request for @target, 0 if
 * none. */
static guint
server_conn_of (const char *target)
{
  g_autofree char *line = g_strdup_printf ("GET %s HTTP/1.1", target);
  guint conn = 0;

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.seen->len; i++)
    {
      Seen *seen = server.seen->pdata[i];

      if (strcmp (seen->line, line) == 0 && !seen->dropped)
        conn = seen->conn;
    }
  g_mutex_unlock (&server.lock);
  return conn;
}

/* A copy of the head of the first request for @target, or NULL. */
static char *
server_head_of (const char *target)
{
  g_autofree char *line = g_strdup_printf ("GET %s HTTP/1.1", target);
  char *head = NULL;

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.seen->len && head == NULL; i++)
    if (strcmp (((Seen *) server.seen->pdata[i])->line, line) == 0)
      head = g_strdup (((Seen *) server.seen->pdata[i])->head);
  g_mutex_unlock (&server.lock);
  return head;
}

static gboolean
send_all (int         fd,
          const void *data,
          gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = send (fd, p, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Reads the next request head of @fd into @head (transfer full); @buf
 * keeps what came after it. FALSE at the end of the connection. */
static gboolean
read_head (int      fd,
           GString *buf,
           char   **head)
{
  for (;;)
    {
      char *end = strstr (buf->str, "\r\n\r\n");
      char tmp[4096];
      gssize n;

      if (end != NULL)
        {
          gsize len = end - buf->str + 4;

          *head = g_strndup (buf->str, len);
          g_string_erase (buf, 0, len);
          return TRUE;
        }
      if (buf->len > 1024 * 1024)
        return FALSE;
      do
        n = recv (fd, tmp, sizeof tmp, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0)
        return FALSE;
      g_string_append_len (buf, tmp, n);
    }
}

static void
record (guint       conn,
        const char *head,
        gboolean    dropped)
{
  Seen *seen = g_new0 (Seen, 1);
  const char *eol = strstr (head, "\r\n");

  seen->line = g_strndup (head, eol - head);
  seen->head = g_strdup (head);
  seen->dropped = dropped;
  g_mutex_lock (&server.lock);
  seen->conn = conn - server.base;
  g_ptr_array_add (server.seen, seen);
  g_mutex_unlock (&server.lock);
}

static gpointer
conn_main (gpointer data)
{
  ServerConn *sc = data;
  g_autoptr(GString) buf = g_string_new (NULL);
  int fd = sc->fd;

  for (;;)
    {
      g_autofree char *head = NULL;
      g_autofree char *target = NULL;
      const char *sp;
      Route *route;
      GPtrArray *pieces;
      RouteFlags flags;
      guint delay_ms;
      gboolean ok = TRUE;

      if (!read_head (fd, buf, &head))
        break;
      record (sc->id, head, FALSE);
      sp = strchr (head, ' ');
      target = sp != NULL ? g_strndup (sp + 1, strcspn (sp + 1, " \r\n")) : g_strdup ("");
      g_mutex_lock (&server.lock);
      route = g_hash_table_lookup (server.routes, target);
      pieces = route ? g_ptr_array_ref (route->pieces) : NULL;
      flags = route ? route->flags : ROUTE_KEEP;
      delay_ms = route ? route->delay_ms : 0;
      g_mutex_unlock (&server.lock);
      if (pieces == NULL)
        {
          static const char not_found[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

          if (!send_all (fd, not_found, strlen (not_found)))
            break;
          continue;
        }
      for (guint i = 0; i < pieces->len && ok; i++)
        {
          gsize len;
          const void *piece = g_bytes_get_data (pieces->pdata[i], &len);

          if (i > 0 && delay_ms > 0)
            {
              /* a sleep that ends early when the client hangs up (or
               * the server stops): the rest is not sent */
              struct pollfd pfd = { .fd = fd, .events = POLLRDHUP };

              if (poll (&pfd, 1, delay_ms) != 0)
                break;
            }
          ok = send_all (fd, piece, len);
        }
      g_ptr_array_unref (pieces);
      if (!ok || (flags & ROUTE_CLOSE))
        break;
      if (flags & ROUTE_LINGER_CLOSE)
        {
          g_usleep (100 * 1000);
          break;
        }
      if (flags & ROUTE_DROP_NEXT)
        {
          g_autofree char *next = NULL;

          if (read_head (fd, buf, &next))
            record (sc->id, next, TRUE);
          break;
        }
    }
  g_mutex_lock (&server.lock);
  sc->fd = -1;
  g_mutex_unlock (&server.lock);
  close (fd);
  return NULL;
}

static gpointer
accept_main (gpointer data)
{
  int one = 1;

  for (;;)
    {
      int fd = accept (server.fd, NULL, NULL);
      ServerConn *sc;

      if (fd < 0 && errno == EINTR)
        continue;
      if (fd < 0)
        break;                  /* shut down */
      /* every piece of an answer goes out as a segment of its own */
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      sc = g_new0 (ServerConn, 1);
      sc->fd = fd;
      g_mutex_lock (&server.lock);
      sc->id = ++server.accepted;
      g_ptr_array_add (server.conns, sc);
      g_mutex_unlock (&server.lock);
      sc->thread = g_thread_new ("test-raw-conn", conn_main, sc);
    }
  return NULL;
}

static void
server_start (void)
{
  struct sockaddr_in sa = { 0, };
  socklen_t len = sizeof sa;
  int one = 1;

  g_mutex_init (&server.lock);
  server.routes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) route_free);
  server.seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  server.conns = g_ptr_array_new ();
  server.fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (server.fd, >=, 0);
  setsockopt (server.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sa.sin_port = 0;
  g_assert_cmpint (bind (server.fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (server.fd, 64), ==, 0);
  g_assert_cmpint (getsockname (server.fd, (struct sockaddr *) &sa, &len), ==, 0);
  server.port = ntohs (sa.sin_port);
  server.thread = g_thread_new ("test-raw-server", accept_main, NULL);
}

static void
server_stop (void)
{
  shutdown (server.fd, SHUT_RDWR);
  g_thread_join (server.thread);
  close (server.fd);
  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.conns->len; i++)
    {
      ServerConn *sc = server.conns->pdata[i];

      if (sc->fd >= 0)
        shutdown (sc->fd, SHUT_RDWR);
    }
  g_mutex_unlock (&server.lock);
  for (guint i = 0; i < server.conns->len; i++)
    {
      ServerConn *sc = server.conns->pdata[i];

      g_thread_join (sc->thread);
      g_free (sc);
    }
  g_ptr_array_unref (server.conns);
  g_ptr_array_unref (server.seen);
  g_hash_table_unref (server.routes);
}

/* A port on 127.0.0.1 that nothing listens on (bound then released). */
static guint16
closed_port (void)
{
  struct sockaddr_in sa = { 0, };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  close (fd);
  return ntohs (sa.sin_port);
}

/* ---- bodies ----------------------------------------------------------- */

/* @text compressed with zlib's @window_bits (31: gzip, 15: zlib, -15:
 * raw deflate). */
static GBytes *
compress_text (const char *text,
               gsize       len,
               int         window_bits)
{
  z_stream z = { 0, };
  gsize cap = deflateBound (&z, len) + 64;
  guint8 *out;

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  cap = deflateBound (&z, len) + 64;
  out = g_malloc (cap);
  z.next_in = (Bytef *) text;
  z.avail_in = len;
  z.next_out = out;
  z.avail_out = cap;
  g_assert_cmpint (deflate (&z, Z_FINISH), ==, Z_STREAM_END);
  len = z.total_out;
  deflateEnd (&z);
  return g_bytes_new_take (out, len);
}

/* A chunked body of @data in chunks of @size bytes, with its terminator. */
static GString *
chunked (const void *data,
         gsize       len,
         gsize       size)
{
  GString *out = g_string_new (NULL);

  for (gsize at = 0; at < len; at += size)
    {
      gsize n = MIN (size, len - at);

      g_string_append_printf (out, "%" G_GSIZE_MODIFIER "x\r\n", n);
      g_string_append_len (out, (const char *) data + at, n);
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "0\r\n\r\n");
  return out;
}

/* Text of about @len bytes that compresses well. */
static char *
filler (gsize len)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; s->len < len; i++)
    g_string_append_printf (s, "line %u of the filler text\n", i);
  g_string_truncate (s, len);
  return g_string_free (s, FALSE);
}

/* The body of the chunked routes, decoded. */
#define CHUNKED_BODY "Hello, chunked world! 0123456789ABCDEF"
/* The body of the HTTP/1.0 and read-to-close routes. */
#define CLOSE_BODY "<html><body>up to the end of the connection</body></html>\n"
/* The body of /dribble-gzip. */
#define DRIBBLE_TEXT "dribbled, one byte per write: gzip header, deflate data, CRC, size\n"
/* The body every encoded route decodes to. */
static char *coded_text;

static void
routes_add (void)
{
  g_autofree char *big_head = NULL;

  /* 1. keep-alive, and answers that close */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *ka = g_strdup_printf ("/ka/%u", i);
      g_autofree char *cl = g_strdup_printf ("/close/%u", i);
      g_autofree char *body = g_strdup_printf ("keep %u", i);

      route_simple (ka, ROUTE_KEEP, NULL, body, strlen (body));
      route_simple (cl, ROUTE_CLOSE, "Connection: close\r\n", body, strlen (body));
    }
  route_simple ("/ok", ROUTE_KEEP, NULL, "fine", 4);
  route_simple ("/ok2", ROUTE_KEEP, NULL, "fine too", 8);
  route_simple ("/ok3", ROUTE_KEEP, NULL, "fine three", 10);

  /* 2. kept connections the server closes */
  route_simple ("/gone/fin", ROUTE_CLOSE, NULL, "closed at once", 14);
  route_simple ("/gone/rst", ROUTE_LINGER_CLOSE, NULL, "closed later", 12);
  route_simple ("/gone/drop", ROUTE_DROP_NEXT, NULL, "next one dropped", 16);

  /* 3. chunked: extensions, a size in upper case with leading zeros,
   * trailers, every piece a write of its own, sizes split */
  route_text ("/chunked", ROUTE_KEEP, 20,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
              "Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n",
              "5;x=y\r\nHello\r\n",
              "9 ; name=\"quoted value\"\r\n, chunke",
              "d\r\n",
              "0",
              "00A\r\n world! 01\r\ne",
              "\r\n23456789ABCDEF\r",
              "\n0;last=yes\r\nX-Checksum: abc\r\n",
              "X-Other: 1\r\n\r\n",
              NULL);
  route_text ("/chunked-lf", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\n"
              "5\nHello\n21\n, chunked world! 0123456789ABCDEF\n0\n\n",
              NULL);

  /* 4. encodings */
  {
    gsize len = strlen (coded_text);
    g_autoptr(GBytes) gz = compress_text (coded_text, len, 31);
    g_autoptr(GBytes) zl = compress_text (coded_text, len, 15);
    g_autoptr(GBytes) raw = compress_text (coded_text, len, -15);
    gsize gz_len, zl_len, raw_len;
    const guint8 *gz_data = g_bytes_get_data (gz, &gz_len);
    const guint8 *zl_data = g_bytes_get_data (zl, &zl_len);
    const guint8 *raw_data = g_bytes_get_data (raw, &raw_len);
    g_autoptr(GString) gz_chunked = chunked (gz_data, gz_len, 100);
    g_autofree guint8 *corrupt = g_memdup2 (gz_data, gz_len);
    g_autofree guint8 *garbage = g_memdup2 (gz_data, gz_len);
    g_autofree char *head = NULL;
    Route *route;

    route = route_text ("/gzip-chunked", ROUTE_KEEP, 10,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", NULL);
    /* the chunked stream in 3 writes, the first of 7 bytes */
    route_piece (route, gz_chunked->str, 7);
    route_piece (route, gz_chunked->str + 7, 150);
    route_piece (route, gz_chunked->str + 157, gz_chunked->len - 157);

    route_simple ("/deflate-zlib", ROUTE_KEEP, "Content-Encoding: deflate\r\n", zl_data, zl_len);
    route_simple ("/deflate-raw", ROUTE_KEEP, "Content-Encoding: deflate\r\n", raw_data, raw_len);
    route_simple ("/gzip-length", ROUTE_KEEP, "Content-Encoding: gzip\r\n", gz_data, gz_len);

    /* raw deflate whose first byte comes alone */
    head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                            "Content-Encoding: deflate\r\nContent-Length: %" G_GSIZE_FORMAT
                            "\r\n\r\n", raw_len);
    route = route_new ("/deflate-raw-split", ROUTE_KEEP, 30);
    {
      GByteArray *first = g_byte_array_new ();

      g_byte_array_append (first, (const guint8 *) head, strlen (head));
      g_byte_array_append (first, raw_data, 1);
      g_ptr_array_add (route->pieces, g_byte_array_free_to_bytes (first));
    }
    route_piece (route, raw_data + 1, raw_len - 1);

    /* raw deflate, chunked, its first chunk of one byte (one write) */
    {
      g_autoptr(GString) body = g_string_new ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                              "Content-Encoding: deflate\r\n"
                                              "Transfer-Encoding: chunked\r\n\r\n1\r\n");

      g_string_append_len (body, (const char *) raw_data, 1);
      g_string_append_printf (body, "\r\n%" G_GSIZE_MODIFIER "x\r\n", raw_len - 1);
      g_string_append_len (body, (const char *) raw_data + 1, raw_len - 1);
      g_string_append (body, "\r\n0\r\n\r\n");
      route = route_new ("/deflate-raw-chunk1", ROUTE_KEEP, 0);
      route_piece (route, body->str, body->len);
    }

    /* zlib-wrapped deflate, its first byte alone too */
    g_free (head);
    head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                            "Content-Encoding: deflate\r\nContent-Length: %" G_GSIZE_FORMAT
                            "\r\n\r\n", zl_len);
    route = route_new ("/deflate-zlib-split", ROUTE_KEEP, 30);
    {
      GByteArray *first = g_byte_array_new ();

      g_byte_array_append (first, (const guint8 *) head, strlen (head));
      g_byte_array_append (first, zl_data, 1);
      g_ptr_array_add (route->pieces, g_byte_array_free_to_bytes (first));
    }
    route_piece (route, zl_data + 1, zl_len - 1);

    /* 7. corrupt gzip: a wrong CRC-32; deflate data replaced by 0xff */
    corrupt[gz_len - 8] ^= 0x55;
    route_simple ("/gzip-bad-crc", ROUTE_KEEP, "Content-Encoding: gzip\r\n", corrupt, gz_len);
    memset (garbage + 10, 0xff, MIN (64, gz_len - 10));
    route_simple ("/gzip-garbage", ROUTE_KEEP, "Content-Encoding: gzip\r\n", garbage, gz_len);
    /* the gzip stream cut before its end */
    route_simple ("/gzip-truncated", ROUTE_KEEP, "Content-Encoding: gzip\r\n", gz_data,
                  gz_len / 2);
  }
#ifdef HAVE_BROTLIENC
  {
    gsize len = strlen (coded_text);
    size_t out_len = BrotliEncoderMaxCompressedSize (len);
    g_autofree guint8 *out = g_malloc (out_len);
    g_autoptr(GString) body = NULL;
    Route *route;

    g_assert_true (BrotliEncoderCompress (5, 22, BROTLI_MODE_TEXT, len, (const guint8 *) coded_text,
                                          &out_len, out));
    route_simple ("/br", ROUTE_KEEP, "Content-Encoding: br\r\n", out, out_len);
    body = chunked (out, out_len, 64);
    route = route_text ("/br-chunked", ROUTE_KEEP, 10,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: br\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", NULL);
    route_piece (route, body->str, 30);
    route_piece (route, body->str + 30, body->len - 30);
  }
#endif

  /* 3, 4. answers written one byte at a time: every state of the
   * parsers meets the end of the data read so far */
  {
    static const char head_chunked[] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
      "X-Folded: a\r\n b\r\n\r\n"
      "5;x=y\r\nHello\r\n21\r\n, chunked world! 0123456789ABCDEF\r\n0\r\nX-T: 1\r\n\r\n";
    g_autoptr(GBytes) gz = compress_text (DRIBBLE_TEXT, strlen (DRIBBLE_TEXT), 31);
    gsize gz_len;
    const guint8 *gz_data = g_bytes_get_data (gz, &gz_len);
    g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                             "Content-Encoding: gzip\r\nContent-Length: %"
                                             G_GSIZE_FORMAT "\r\n\r\n", gz_len);
    Route *route = route_new ("/dribble-chunked", ROUTE_KEEP, 1);

    for (gsize i = 0; i < strlen (head_chunked); i++)
      route_piece (route, head_chunked + i, 1);
    route = route_new ("/dribble-gzip", ROUTE_KEEP, 1);
    for (gsize i = 0; i < strlen (head); i++)
      route_piece (route, head + i, 1);
    for (gsize i = 0; i < gz_len; i++)
      route_piece (route, gz_data + i, 1);
  }

  /* 5. up to the end of the connection */
  route_text ("/http10", ROUTE_CLOSE, 20,
              "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n",
              "<html><body>up to the end",
              " of the connection</body></html>\n",
              NULL);
  route_text ("/http11-noframe", ROUTE_CLOSE, 20,
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>up to the end",
              " of the connection</body></html>\n",
              NULL);

  /* 6. interim answers */
  route_text ("/continue", ROUTE_KEEP, 20,
              "HTTP/1.1 100 Continue\r\n\r\n",
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\ncontinued",
              NULL);
  route_text ("/early-hints", ROUTE_KEEP, 0,
              "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
              "HTTP/1.1 100 Continue\r\n\r\n"
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhints",
              NULL);

  /* 7. malformed */
  route_text ("/bad-status", ROUTE_KEEP, 0,
              "HTXP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", NULL);
  {
    GString *h = g_string_new ("HTTP/1.1 200 OK\r\n");

    for (guint i = 0; h->len < 70 * 1024; i++)
      g_string_append_printf (h, "X-Pad-%u: %0200u\r\n", i, i);
    g_string_append (h, "Content-Length: 2\r\n\r\nok");
    big_head = g_string_free (h, FALSE);
  }
  route_text ("/big-head", ROUTE_KEEP, 0, big_head, NULL);
  route_text ("/bad-chunk", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n", NULL);
  route_text ("/bad-length", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nhello world!", NULL);
  route_text ("/short-body", ROUTE_CLOSE, 20,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n",
              "only twenty bytes...", NULL);

  /* timeouts: the head, or the body, stops coming for 4 s (timeout=1
   * fires after 1 to 2 s) */
  route_text ("/stall-head", ROUTE_KEEP, 4000,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n",
              "Content-Length: 4\r\n\r\nlate", NULL);
  route_text ("/stall-body", ROUTE_KEEP, 4000,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nhalf",
              " two", NULL);

  /* bytes after the body: a whole second answer nobody asked for, in
   * the body's write or in a write after it */
  route_text ("/extra", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
              "extraHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nbogus", NULL);
  route_text ("/extra-late", ROUTE_KEEP, 20,
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n",
              "extraHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nbogus", NULL);

  /* 8. folded headers, a line that is no header, LF-only heads */
  route_text ("/folded", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\r\n"
              "Content-Type: text/plain\r\n"
              "X-Folded: first\r\n"
              "   second\r\n"
              "\tthird\r\n"
              "this line has no colon\r\n"
              "X-After: after\r\n"
              "Content-Length: 6\r\n"
              "\r\n"
              "folded", NULL);
  route_text ("/no-content", ROUTE_KEEP, 0, "HTTP/1.1 204 No Content\r\nX-Empty: yes\r\n\r\n",
              NULL);
  route_text ("/no-reason", ROUTE_KEEP, 0,
              "HTTP/1.1 200\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nno reason", NULL);
  {
    /* a head of 60 KB: under the client's 64 KB limit */
    GString *h = g_string_new ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");

    for (guint i = 0; h->len < 60 * 1024; i++)
      g_string_append_printf (h, "X-Pad-%u: %0200u\r\n", i, i);
    g_string_append (h, "Content-Length: 10\r\n\r\nlarge head");
    route_text ("/large-head", ROUTE_KEEP, 0, h->str, NULL);
    g_string_free (h, TRUE);
  }
  route_text ("/lf-only", ROUTE_KEEP, 0,
              "HTTP/1.1 200 OK\nContent-Type: text/plain\nX-Lf: yes\nContent-Length: 7\n\nlf only",
              NULL);

  /* 9. the request line */
  route_simple ("/a%20path/%C3%A9t%C3%A9?q=a%20b", ROUTE_KEEP, NULL, "escaped", 7);

  /* 11. max-size */
  {
    g_autofree char *text = filler (5000);
    g_autoptr(GString) body = chunked (text, 5000, 1000);
    g_autofree char *big = g_strnfill (50000, 'z');
    g_autoptr(GBytes) gz = compress_text (big, 50000, 31);
    gsize gz_len;
    const guint8 *gz_data = g_bytes_get_data (gz, &gz_len);
    Route *route;

    route = route_text ("/big-chunked", ROUTE_KEEP, 0,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", NULL);
    route_piece (route, body->str, body->len);
    g_assert_cmpuint (gz_len, <, 2000);
    route_simple ("/big-gzip", ROUTE_KEEP, "Content-Encoding: gzip\r\n", gz_data, gz_len);
    route_simple ("/big-length", ROUTE_KEEP, NULL, text, 5000);
  }
  route_text ("/nf", ROUTE_KEEP, 0,
              "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n"
              "<p>not found</p>\n\n\n\n", NULL);
  route_text ("/redir", ROUTE_KEEP, 0,
              "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok3\r\nContent-Length: 11\r\n\r\n"
              "moved here.", NULL);
}

/* Hostile answers: MANGLED valid ones (a length, chunked, gzip, zlib
 * deflate chunked, read to close, an interim 100 first) mangled by a
 * seeded random walk: bytes flipped or set to the ones the parser looks
 * for, cut short, garbage put in, a slice repeated, then written in
 * pieces cut at random, each on a connection closed after it. */
#define MANGLED 400

static void
bytes_insert (GByteArray   *a,
              gsize         pos,
              const guint8 *data,
              gsize         n)
{
  gsize old = a->len;

  g_byte_array_set_size (a, old + n);
  memmove (a->data + pos + n, a->data + pos, old - pos);
  memcpy (a->data + pos, data, n);
}

static void
routes_add_mangled (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  gsize text_len = strlen (coded_text);
  g_autoptr(GBytes) gz = compress_text (coded_text, text_len, 31);
  g_autoptr(GBytes) zl = compress_text (coded_text, text_len, 15);
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  static const guint8 special[] = { '\r', '\n', ':', ' ', '0', '9', 'f', ';', '\0', 0xff };

  {
    GByteArray *t = g_byte_array_new ();
    g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                                             "charset=utf-8\r\nContent-Length: %" G_GSIZE_FORMAT
                                             "\r\n\r\n", text_len);

    g_byte_array_append (t, (const guint8 *) head, strlen (head));
    g_byte_array_append (t, (const guint8 *) coded_text, text_len);
    g_ptr_array_add (templates, t);
  }
  {
    GByteArray *t = g_byte_array_new ();
    g_autoptr(GString) body = chunked (coded_text, text_len, 100);
    const char *head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    g_byte_array_append (t, (const guint8 *) head, strlen (head));
    g_byte_array_append (t, (const guint8 *) body->str, body->len);
    g_ptr_array_add (templates, t);
  }
  {
    GByteArray *t = g_byte_array_new ();
    g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                                             "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                             g_bytes_get_size (gz));

    g_byte_array_append (t, (const guint8 *) head, strlen (head));
    g_byte_array_append (t, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
    g_ptr_array_add (templates, t);
  }
  {
    GByteArray *t = g_byte_array_new ();
    g_autoptr(GString) body = chunked (g_bytes_get_data (zl, NULL), g_bytes_get_size (zl), 50);
    const char *head = "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n";

    g_byte_array_append (t, (const guint8 *) head, strlen (head));
    g_byte_array_append (t, (const guint8 *) body->str, body->len);
    g_ptr_array_add (templates, t);
  }
  {
    GByteArray *t = g_byte_array_new ();
    const char *all = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" CLOSE_BODY;

    g_byte_array_append (t, (const guint8 *) all, strlen (all));
    g_ptr_array_add (templates, t);
  }
  {
    GByteArray *t = g_byte_array_new ();
    const char *all = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n"
                      "X-Folded: a\r\n b\r\n\r\ncontinued";

    g_byte_array_append (t, (const guint8 *) all, strlen (all));
    g_ptr_array_add (templates, t);
  }

  for (guint i = 0; i < MANGLED; i++)
    {
      GByteArray *src = templates->pdata[i % templates->len];
      g_autoptr(GByteArray) a = g_byte_array_sized_new (src->len);
      g_autofree char *target = g_strdup_printf ("/mangled/%u", i);
      guint mutations = g_rand_int_range (rand, 1, 6);
      Route *route;
      gsize at;

      g_byte_array_append (a, src->data, src->len);
      for (guint m = 0; m < mutations && a->len > 0; m++)
        {
          gsize pos = g_rand_int_range (rand, 0, a->len);

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              a->data[pos] ^= 1 << g_rand_int_range (rand, 0, 8);
              break;
            case 1:
              a->data[pos] = special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
              break;
            case 2:
              g_byte_array_set_size (a, pos);
              break;
            case 3:
              {
                guint8 junk[64];
                guint n = g_rand_int_range (rand, 1, sizeof junk + 1);

                for (guint k = 0; k < n; k++)
                  junk[k] = g_rand_int_range (rand, 0, 256);
                bytes_insert (a, pos, junk, n);
              }
              break;
            default:
              {
                gsize want = g_rand_int_range (rand, 1, 200);
                gsize n = MIN (want, a->len - pos);
                g_autofree guint8 *slice = g_memdup2 (a->data + pos, n);

                bytes_insert (a, g_rand_int_range (rand, 0, a->len), slice, n);
              }
              break;
            }
        }
      route = route_new (target, ROUTE_CLOSE, 0);
      for (at = 0; at < a->len;)
        {
          gsize want = g_rand_int_range (rand, 1, 400);
          gsize n = MIN (want, a->len - at);

          route_piece (route, a->data + at, n);
          at += n;
        }
      if (a->len == 0)
        route_piece (route, "", 0);
    }
}

/* ---- running pipelines ------------------------------------------------ */

static char *
url_for (const char *target)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server.port, target);
}

/* Fetches @urls (NULL-terminated; a URL starting with "/" is on the
 * test server) with `http-fetch robots=false retries=0 io-threads=N
 * @props` (N from --io-threads, unless @props sets it); each doc has
 * "i", its index in @urls. */
static void
run_fetch (RillTestRun *run,
           const char  *props,
           const char **urls)
{
  g_autofree char *lanes = strstr (props, "io-threads=") == NULL
    ? g_strdup_printf ("io-threads=%u", io_threads) : g_strdup ("");
  g_autofree char *line = g_strdup_printf ("app-src name=in ! http-fetch name=fetch robots=false "
                                           "retries=0 %s %s ! app-sink name=out", lanes, props);
  g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; urls[i] != NULL; i++)
    g_ptr_array_add (full, urls[i][0] == '/' ? url_for (urls[i]) : g_strdup (urls[i]));
  g_ptr_array_add (full, NULL);
  rill_test_run_urls (run, line, (const char * const *) full->pdata);
}

static gint64
stat_of (RillTestRun *run,
         const char  *counter)
{
  return rill_test_stat (run->pipeline, "fetch", counter);
}

/* The doc that came out for urls[@i], or NULL. */
static RillDoc *
doc_at (RillTestRun *run,
        gint         i)
{
  for (guint k = 0; k < run->docs->len; k++)
    if (rill_doc_get_int (run->docs->pdata[k], "i", -1) == i)
      return run->docs->pdata[k];
  return NULL;
}

/* Asserts that urls[@i] came out with status 200 and @body. */
static void
assert_body (RillTestRun *run,
             gint         i,
             const char  *body,
             gsize        len)
{
  RillDoc *doc = doc_at (run, i);
  GBytes *bytes;
  gsize got_len;
  const char *got;

  if (doc == NULL)
    g_error ("doc %d did not come out; errors: %s", i, run->errors);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);
  bytes = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  g_assert_nonnull (bytes);
  got = g_bytes_get_data (bytes, &got_len);
  g_assert_cmpmem (got, got_len, body, len);
}

/* The dead-letter message about @target (a path on the server, or a
 * whole URL): the text after "URL: ". NULL if no failure names it. */
static char *
error_for (RillTestRun *run,
           const char  *target)
{
  g_autofree char *url = target[0] == '/' ? url_for (target) : g_strdup (target);
  g_autofree char *needle = g_strconcat (url, ": ", NULL);
  g_auto(GStrv) lines = g_strsplit (run->errors, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *at = strstr (lines[i], needle);

      if (at != NULL)
        return g_strdup (at + strlen (needle));
    }
  return NULL;
}

/* Asserts that @target failed with an error naming it and containing
 * @what. */
static void
assert_failed (RillTestRun *run,
               const char  *target,
               const char  *what)
{
  g_autofree char *message = error_for (run, target);

  if (message == NULL)
    g_error ("no failure names %s; errors: %s", target, run->errors);
  if (strstr (message, what) == NULL)
    g_error ("the failure of %s does not say \"%s\": %s", target, what, message);
}

/* Asserts that the request for @target came from Rill's client, not
 * libsoup (which sends Host last and `Connection: Keep-Alive`). */
static void
assert_own_client (const char *target)
{
  g_autofree char *head = server_head_of (target);
  g_autofree char *line = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: ", target);

  g_assert_nonnull (head);
  g_assert_true (g_str_has_prefix (head, line));
  g_assert_null (strstr (head, "\r\nConnection:"));
}

/* ---- tests ------------------------------------------------------------ */

static void
test_keep_alive (void)
{
  const char *ka[] = { "/ka/1", "/ka/2", "/ka/3", "/ka/4", "/ka/5", NULL };
  const char *cl[] = { "/close/1", "/close/2", "/close/3", "/close/4", "/close/5", NULL };

  {
    g_auto(RillTestRun) run = { 0, };

    server_reset ();
    run_fetch (&run, "per-host=1 concurrency=1", ka);
    g_assert_no_error (run.error);
    g_assert_cmpuint (run.docs->len, ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *body = g_strdup_printf ("keep %u", i + 1);

        assert_body (&run, i, body, strlen (body));
      }
    /* one connection per lane */
    g_assert_cmpuint (server_connections (), >=, 1);
    g_assert_cmpuint (server_connections (), <=, io_threads);
    if (COUNTING)
      for (guint i = 0; i < 5; i++)
        g_assert_cmpuint (server_conn_of (ka[i]), ==, 1);
  }
  {
    g_auto(RillTestRun) run = { 0, };

    server_reset ();
    run_fetch (&run, "per-host=1 concurrency=1", cl);
    g_assert_no_error (run.error);
    g_assert_cmpuint (run.docs->len, ==, 5);
    g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *body = g_strdup_printf ("keep %u", i + 1);

        assert_body (&run, i, body, strlen (body));
      }
    g_assert_cmpuint (server_connections (), ==, 5);
  }
}

/* The server closes a kept connection: at once (FIN, seen while idle or
 * at the next read), 100 ms later without reading the next request
 * (an RST after it was sent), or after reading the next request
 * unanswered. The next request goes again on a new connection, by the
 * client itself (retries=0). */
static void
test_server_closes (void)
{
  const char *cases[] = { "/gone/fin", "/gone/rst", "/gone/drop" };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(RillTestRun) run = { 0, };
      const char *urls[] = { cases[c], "/ok", "/ok2", NULL };

      server_reset ();
      run_fetch (&run, "per-host=1 concurrency=1", urls);
      g_assert_no_error (run.error);
      g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
      g_assert_cmpuint (run.docs->len, ==, 3);
      assert_body (&run, 1, "fine", 4);
      assert_body (&run, 2, "fine too", 8);
      if (!COUNTING)
        continue;
      g_assert_cmpuint (server_connections (), ==, 2);
      g_assert_cmpuint (server_conn_of (cases[c]), ==, 1);
      g_assert_cmpuint (server_conn_of ("/ok"), ==, 2);
      g_assert_cmpuint (server_conn_of ("/ok2"), ==, 2);
      if (strcmp (cases[c], "/gone/drop") == 0)
        /* read on the old connection, then answered on the new one */
        g_assert_cmpuint (server_count ("/ok"), ==, 2);
    }
}

static void
test_chunked (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/chunked", "/ok", "/chunked-lf", "/ok2", NULL };

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, CHUNKED_BODY, strlen (CHUNKED_BODY));
  assert_body (&run, 1, "fine", 4);
  assert_body (&run, 2, CHUNKED_BODY, strlen (CHUNKED_BODY));
  assert_body (&run, 3, "fine too", 8);
  /* the chunked bodies and their trailers were read to their exact end:
   * the connection served the next requests */
  if (COUNTING)
    g_assert_cmpuint (server_connections (), ==, 1);
}

static void
test_encodings (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/gzip-chunked", "/gzip-length", "/deflate-zlib", "/deflate-raw",
                         "/deflate-zlib-split", "/ok",
#ifdef HAVE_BROTLIENC
                         "/br", "/br-chunked",
#endif
                         NULL };
  gsize len = strlen (coded_text);

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  for (guint i = 0; urls[i] != NULL; i++)
    if (strcmp (urls[i], "/ok") == 0)
      assert_body (&run, i, "fine", 4);
    else
      assert_body (&run, i, coded_text, len);
  if (COUNTING)
    g_assert_cmpuint (server_connections (), ==, 1);
  /* Accept-Encoding offered over plain HTTP */
  {
    g_autofree char *head = server_head_of ("/gzip-chunked");

    g_assert_nonnull (strstr (head, "\r\nAccept-Encoding: gzip, deflate, br\r\n"));
  }
}

/* Raw deflate ("deflate" without its zlib header) whose first byte is
 * fed to the decoder alone (it came alone, or as a chunk of its own):
 * the client still finds out it is raw (it decides on two bytes). */
static void
test_raw_deflate_split (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/deflate-raw-split", "/deflate-raw-chunk1", "/ok", NULL };

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  assert_body (&run, 2, "fine", 4);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  for (guint i = 0; i < 2; i++)
    assert_body (&run, i, coded_text, strlen (coded_text));
}

static void
test_dribble (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/dribble-chunked", "/dribble-gzip", "/ok", NULL };

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, CHUNKED_BODY, strlen (CHUNKED_BODY));
  assert_body (&run, 1, DRIBBLE_TEXT, strlen (DRIBBLE_TEXT));
  assert_body (&run, 2, "fine", 4);
  g_assert_cmpstr (rill_doc_get_string (rill_doc_get_doc (doc_at (&run, 0), "headers"),
                                        "x-folded"), ==, "a b");
  if (COUNTING)
    g_assert_cmpuint (server_connections (), ==, 1);
}

static void
test_read_to_close (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/http10", "/http11-noframe", "/ok", NULL };

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, CLOSE_BODY, strlen (CLOSE_BODY));
  assert_body (&run, 1, CLOSE_BODY, strlen (CLOSE_BODY));
  assert_body (&run, 2, "fine", 4);
  g_assert_cmpuint (server_connections (), ==, 3);
}

static void
test_interim (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/continue", "/early-hints", "/ok", NULL };
  RillDoc *headers;

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, "continued", 9);
  assert_body (&run, 1, "hints", 5);
  assert_body (&run, 2, "fine", 4);
  /* the headers are the final answer's */
  headers = rill_doc_get_doc (doc_at (&run, 1), "headers");
  g_assert_nonnull (headers);
  g_assert_cmpstr (rill_doc_get_string (headers, "content-length"), ==, "5");
  g_assert_null (rill_doc_get_string (headers, "link"));
  if (COUNTING)
    g_assert_cmpuint (server_connections (), ==, 1);
}

static void
test_malformed (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/ok", "/bad-status", "/ok2", "/big-head", "/ok3", "/bad-chunk",
                         "/ka/1", "/gzip-bad-crc", "/ka/2", "/gzip-garbage", "/ka/3",
                         "/short-body", "/ka/4", "/bad-length", "/ka/5", NULL };
  guint n_bad = 0;

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  assert_failed (&run, "/bad-status", "bad status line");
  assert_failed (&run, "/big-head", "headers too large");
  assert_failed (&run, "/bad-chunk", "bad chunked encoding");
  assert_failed (&run, "/gzip-bad-crc", "Corrupt compressed body");
  assert_failed (&run, "/gzip-garbage", "Corrupt compressed body");
  assert_failed (&run, "/short-body", "Connection terminated unexpectedly");
  assert_failed (&run, "/bad-length", "bad Content-Length");
  for (guint i = 0; urls[i] != NULL; i++)
    if (strstr (urls[i], "ok") == NULL && strstr (urls[i], "ka") == NULL)
      {
        g_assert_null (doc_at (&run, i));
        n_bad++;
      }
  g_assert_cmpint (stat_of (&run, "failed"), ==, n_bad);
  g_assert_cmpuint (run.docs->len, ==, 8);
  assert_body (&run, 0, "fine", 4);
  assert_body (&run, 2, "fine too", 8);
  assert_body (&run, 4, "fine three", 10);
  assert_body (&run, 6, "keep 1", 6);
  assert_body (&run, 8, "keep 2", 6);
  assert_body (&run, 10, "keep 3", 6);
  assert_body (&run, 12, "keep 4", 6);
  assert_body (&run, 14, "keep 5", 6);
}

/* Each malformed answer alone in its run: one doc, failed == 1. */
static void
test_malformed_alone (void)
{
  const char *bad[] = { "/bad-status", "/big-head", "/bad-chunk", "/gzip-bad-crc",
                        "/short-body" };

  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    {
      g_auto(RillTestRun) run = { 0, };
      const char *urls[] = { bad[b], NULL };
      g_autofree char *message = NULL;

      server_reset ();
      run_fetch (&run, "", urls);
      g_assert_no_error (run.error);
      g_assert_cmpuint (run.docs->len, ==, 0);
      g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
      message = error_for (&run, bad[b]);
      g_assert_nonnull (message);
    }
}

/* A gzip stream cut before its end (the Content-Length matches what
 * is sent): neither client fails the doc (they pass on what was decoded,
 * a prefix of the text); they must agree. */
static void
test_gzip_truncated (void)
{
  const char *urls[] = { "/gzip-truncated", NULL };
  const char *clients[] = { "client=libsoup", "client=auto" };
  gboolean passed[2];

  for (guint c = 0; c < 2; c++)
    {
      g_auto(RillTestRun) run = { 0, };

      server_reset ();
      run_fetch (&run, clients[c], urls);
      g_assert_no_error (run.error);
      passed[c] = doc_at (&run, 0) != NULL;
      if (passed[c])
        {
          GBytes *body = rill_doc_get_bytes (doc_at (&run, 0), RILL_FIELD_BODY);

          /* whatever is passed on is a prefix of the text */
          g_assert_cmpuint (g_bytes_get_size (body), <, strlen (coded_text));
          g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                           coded_text, g_bytes_get_size (body));
        }
      else
        g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
      g_test_message ("%s: truncated gzip %s", clients[c], passed[c] ? "passed" : "failed");
    }
  g_assert_cmpint (passed[0], ==, passed[1]);
}

static void
test_headers (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/folded", "/lf-only", "/no-content", "/no-reason", "/large-head",
                         "/ok", NULL };
  RillDoc *headers;

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, "folded", 6);
  headers = rill_doc_get_doc (doc_at (&run, 0), "headers");
  g_assert_nonnull (headers);
  g_assert_cmpstr (rill_doc_get_string (headers, "x-folded"), ==, "first second third");
  g_assert_cmpstr (rill_doc_get_string (headers, "x-after"), ==, "after");
  g_assert_cmpstr (rill_doc_get_string (headers, "content-type"), ==, "text/plain");
  g_assert_cmpstr (rill_doc_get_string (doc_at (&run, 0), RILL_FIELD_CONTENT_TYPE), ==,
                   "text/plain");
  assert_body (&run, 1, "lf only", 7);
  headers = rill_doc_get_doc (doc_at (&run, 1), "headers");
  g_assert_cmpstr (rill_doc_get_string (headers, "x-lf"), ==, "yes");
  /* 204: no body, the connection kept */
  g_assert_cmpint (rill_doc_get_int (doc_at (&run, 2), RILL_FIELD_STATUS, 0), ==, 204);
  g_assert_cmpuint (g_bytes_get_size (rill_doc_get_bytes (doc_at (&run, 2), RILL_FIELD_BODY)), ==,
                    0);
  g_assert_cmpstr (rill_doc_get_string (rill_doc_get_doc (doc_at (&run, 2), "headers"),
                                        "x-empty"), ==, "yes");
  assert_body (&run, 3, "no reason", 9);
  assert_body (&run, 4, "large head", 10);
  {
    g_autofree char *pad = g_strdup_printf ("%0200u", 7);

    g_assert_cmpstr (rill_doc_get_string (rill_doc_get_doc (doc_at (&run, 4), "headers"),
                                          "x-pad-7"), ==, pad);
  }
  assert_body (&run, 5, "fine", 4);
  if (COUNTING)
    g_assert_cmpuint (server_connections (), ==, 1);
}

static void
test_request (void)
{
  g_auto(RillTestRun) run = { 0, };
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/a path/\xc3\xa9t\xc3\xa9?q=a b#frag",
                                          server.port);
  const char *urls[] = { url, "/ok", NULL };
  g_autofree char *head = NULL;
  g_autofree char *host = g_strdup_printf ("\r\nHost: 127.0.0.1:%u\r\n", server.port);

  server_reset ();
  run_fetch (&run, "user-agent=\"TestBot/2.0 (+https://test.example)\" "
                   "headers=\"X-One: 1,X-Two: two words\"", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
  assert_body (&run, 0, "escaped", 7);
  assert_body (&run, 1, "fine", 4);
  assert_own_client ("/a%20path/%C3%A9t%C3%A9?q=a%20b");
  head = server_head_of ("/a%20path/%C3%A9t%C3%A9?q=a%20b");
  g_assert_nonnull (head);
  g_assert_true (g_str_has_prefix (head, "GET /a%20path/%C3%A9t%C3%A9?q=a%20b HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (head, host));
  g_assert_nonnull (strstr (head, "\r\nUser-Agent: TestBot/2.0 (+https://test.example)\r\n"));
  g_assert_nonnull (strstr (head, "\r\nX-One: 1\r\n"));
  g_assert_nonnull (strstr (head, "\r\nX-Two: two words\r\n"));
  /* no fragment, nothing but ASCII */
  g_assert_null (strstr (head, "frag"));
  for (const char *p = head; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, <, 0x80);
  /* Host first, as RFC 9112 recommends */
  g_assert_true (strstr (head, "\r\n") == strstr (head, host));

  /* the default User-Agent, when none is set */
  {
    g_auto(RillTestRun) run2 = { 0, };
    const char *ok[] = { "/ok", NULL };
    g_autofree char *head2 = NULL;

    server_reset ();
    run_fetch (&run2, "", ok);
    head2 = server_head_of ("/ok");
    g_assert_nonnull (head2);
    g_assert_nonnull (strstr (head2, "\r\nUser-Agent: Rill/"));
  }

  /* a Host in headers= (a virtual host) is the only one sent */
  {
    g_auto(RillTestRun) run3 = { 0, };
    const char *ok[] = { "/ok", NULL };
    g_autofree char *head3 = NULL;

    server_reset ();
    run_fetch (&run3, "headers=\"Host: vhost.example\"", ok);
    assert_body (&run3, 0, "fine", 4);
    head3 = server_head_of ("/ok");
    g_assert_nonnull (head3);
    g_assert_nonnull (strstr (head3, "\r\nHost: vhost.example\r\n"));
    g_assert_null (strstr (head3, host));
  }
}

static void
test_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/nothing", closed_port ());
  const char *urls[] = { url, "/ok", NULL };

  {
    g_auto(RillTestRun) run = { 0, };
    g_autofree char *message = NULL;

    server_reset ();
    run_fetch (&run, "", urls);
    g_assert_no_error (run.error);
    g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
    g_assert_cmpuint (run.docs->len, ==, 1);
    assert_body (&run, 1, "fine", 4);
    message = error_for (&run, url);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "refused"));
    g_assert_null (strstr (message, "attempts"));
  }
  {
    g_auto(RillTestRun) run = { 0, };
    g_autofree char *message = NULL;

    server_reset ();
    run_fetch (&run, "retries=1 backoff=0.05", urls);
    g_assert_no_error (run.error);
    g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
    assert_body (&run, 1, "fine", 4);
    message = error_for (&run, url);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "refused"));
    g_assert_nonnull (strstr (message, "(after 2 attempts)"));
  }
}

static void
test_max_size (void)
{
  const char *big[] = { "/big-chunked", "/big-gzip" };

  for (guint b = 0; b < G_N_ELEMENTS (big); b++)
    {
      g_auto(RillTestRun) run = { 0, };
      const char *urls[] = { "/ok", big[b], "/ok2", NULL };

      server_reset ();
      run_fetch (&run, "per-host=1 concurrency=1 max-size=2000", urls);
      g_assert_no_error (run.error);
      g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
      g_assert_cmpuint (run.docs->len, ==, 2);
      assert_failed (&run, big[b], "max-size (2000 bytes)");
      assert_body (&run, 0, "fine", 4);
      assert_body (&run, 2, "fine too", 8);
      if (!COUNTING)
        continue;
      /* the big one went on the kept connection, which was then dropped */
      g_assert_cmpuint (server_conn_of (big[b]), ==, server_conn_of ("/ok"));
      g_assert_cmpuint (server_conn_of ("/ok2"), !=, server_conn_of (big[b]));
      g_assert_cmpuint (server_connections (), ==, 2);
    }
}

/* Answers whose body http-fetch does not want (a 404, a redirect, a
 * Content-Length over max-size) are short: the client drains them and
 * keeps the connection before the next request starts, which then uses
 * it. On one
 * lane (io-threads=1) so that all requests share one pool. */
static void
test_unwanted_body (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/ok", "/nf", "/ok2", "/redir", "/big-length", "/ka/1", NULL };
  guint conns;

  server_reset ();
  run_fetch (&run, "per-host=1 concurrency=1 max-size=2000 io-threads=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 2);
  assert_failed (&run, "/nf", "HTTP 404");
  assert_failed (&run, "/big-length", "max-size (2000 bytes; Content-Length is 5000)");
  assert_body (&run, 0, "fine", 4);
  assert_body (&run, 2, "fine too", 8);
  assert_body (&run, 3, "fine three", 10);
  assert_body (&run, 5, "keep 1", 6);
  g_assert_cmpuint (server_count ("/ok3"), ==, 1);
  conns = server_connections ();
  /* each unwanted body is drained and the connection kept before the
   * next request starts: one connection for all */
  g_assert_cmpuint (server_conn_of ("/nf"), ==, server_conn_of ("/ok"));
  g_assert_cmpuint (conns, ==, 1);
}

/* An attempt that times out (head or body stalled) fails, and its
 * connection is not used again: the late bytes would be taken for the
 * next answer. */
static void
test_timeout (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *urls[] = { "/stall-head", "/stall-body", "/ok", "/ok2", NULL };

  server_reset ();
  run_fetch (&run, "per-host=2 concurrency=2 timeout=1", urls);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 2);
  assert_failed (&run, "/stall-head", "timed out after 1 s");
  assert_failed (&run, "/stall-body", "timed out after 1 s");
  assert_body (&run, 2, "fine", 4);
  assert_body (&run, 3, "fine too", 8);
  if (COUNTING)
    {
      g_assert_cmpuint (server_conn_of ("/ok"), !=, server_conn_of ("/stall-head"));
      g_assert_cmpuint (server_conn_of ("/ok"), !=, server_conn_of ("/stall-body"));
      g_assert_cmpuint (server_conn_of ("/ok2"), !=, server_conn_of ("/stall-head"));
      g_assert_cmpuint (server_conn_of ("/ok2"), !=, server_conn_of ("/stall-body"));
    }
}

/* A server that sends more than the body (a second answer nobody asked
 * for, in the body's write or 20 ms after the head): the next request to
 * the host must not read it as its answer. 4 rounds of each. With
 * /extra-late the body is read by a recv() of its exact length, the
 * extra answer stays in the socket, and the connection is kept; when
 * the next request may take it before the idle watch has seen it
 * readable: both clients check that a kept connection is not readable
 * before they use it again, and drop it when it is. */
static void
test_extra_bytes (void)
{
  const char *clients[] = { "client=libsoup", "client=auto" };
  const char *urls[] = { "/extra", "/ok", "/extra", "/ok", "/extra", "/ok", "/extra", "/ok",
                         "/extra-late", "/ok2", "/extra-late", "/ok2", "/extra-late", "/ok2",
                         "/extra-late", "/ok2", NULL };
  guint bogus[2] = { 0, 0 };

  for (guint c = 0; c < 2; c++)
    {
      g_auto(RillTestRun) run = { 0, };
      g_autofree char *props = g_strdup_printf ("per-host=1 concurrency=1 %s", clients[c]);

      server_reset ();
      run_fetch (&run, props, urls);
      g_assert_no_error (run.error);
      g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
      for (guint i = 0; urls[i] != NULL; i += 2)
        {
          GBytes *body = rill_doc_get_bytes (doc_at (&run, i + 1), RILL_FIELD_BODY);

          assert_body (&run, i, "extra", 5);
          if (g_bytes_get_size (body) == 5 &&
              memcmp (g_bytes_get_data (body, NULL), "bogus", 5) == 0)
            {
              /* the answers after it are shifted by one: not checked */
              g_test_message ("%s: %s after %s got the unasked answer", clients[c], urls[i + 1],
                              urls[i]);
              bogus[c]++;
              break;
            }
          else if (strcmp (urls[i + 1], "/ok") == 0)
            assert_body (&run, i + 1, "fine", 4);
          else
            assert_body (&run, i + 1, "fine too", 8);
        }
    }
  /* libsoup checks that a kept connection is not readable before it
   * uses it again */
  g_assert_cmpuint (bogus[0], ==, 0);
  g_assert_cmpuint (bogus[1], ==, 0);
}

/* libsoup and Rill's client give the same bodies. */
/* Mangled answers (see routes_add_mangled): each doc passes or fails with
 * an error naming its URL, none is lost, the run ends (under ASan in
 * CI: nothing read or written out of bounds). */
static void
test_mangled (void)
{
  g_auto(RillTestRun) run = { 0, };
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  guint failed = 0;

  for (guint i = 0; i < MANGLED; i++)
    g_ptr_array_add (urls, g_strdup_printf ("/mangled/%u", i));
  g_ptr_array_add (urls, NULL);
  server_reset ();
  run_fetch (&run, "per-host=8 concurrency=16 timeout=20 max-size=100000",
             (const char **) urls->pdata);
  g_assert_no_error (run.error);
  for (guint i = 0; i < MANGLED; i++)
    if (doc_at (&run, i) == NULL)
      {
        g_autofree char *message = error_for (&run, urls->pdata[i]);

        if (message == NULL)
          g_error ("%s neither came out nor failed naming its URL; errors: %s",
                   (char *) urls->pdata[i], run.errors);
        failed++;
      }
  g_assert_cmpint (stat_of (&run, "failed"), ==, failed);
  g_assert_cmpuint (run.docs->len + failed, ==, MANGLED);
  /* errors and headers are UTF-8, whatever bytes the server sent */
  g_assert_true (g_utf8_validate (run.errors, -1, NULL));
  for (guint k = 0; k < run.docs->len; k++)
    {
      RillDoc *headers = rill_doc_get_doc (run.docs->pdata[k], "headers");
      g_autofree char *json = headers != NULL ? rill_doc_to_json (headers, FALSE) : g_strdup ("");

      g_assert_true (g_utf8_validate (json, -1, NULL));
    }
  g_test_message ("%u mangled answers: %u docs out, %u failed", MANGLED, run.docs->len, failed);
}

static void
test_same_as_libsoup (void)
{
  const char *urls[] = { "/chunked", "/http10", "/http11-noframe", "/gzip-chunked",
                         "/deflate-raw", "/continue", NULL };
  const char *clients[] = { "client=libsoup", "client=auto" };
  GPtrArray *bodies[2];

  for (guint c = 0; c < 2; c++)
    {
      g_auto(RillTestRun) run = { 0, };

      server_reset ();
      run_fetch (&run, clients[c], urls);
      g_assert_no_error (run.error);
      g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
      assert_body (&run, 0, CHUNKED_BODY, strlen (CHUNKED_BODY));
      assert_body (&run, 1, CLOSE_BODY, strlen (CLOSE_BODY));
      assert_body (&run, 2, CLOSE_BODY, strlen (CLOSE_BODY));
      assert_body (&run, 3, coded_text, strlen (coded_text));
      assert_body (&run, 4, coded_text, strlen (coded_text));
      assert_body (&run, 5, "continued", 9);
      if (c == 1)
        assert_own_client ("/continue");
      bodies[c] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint i = 0; urls[i] != NULL; i++)
        g_ptr_array_add (bodies[c], g_bytes_ref (rill_doc_get_bytes (doc_at (&run, i),
                                                                     RILL_FIELD_BODY)));
    }
  for (guint i = 0; urls[i] != NULL; i++)
    g_assert_true (g_bytes_equal (bodies[0]->pdata[i], bodies[1]->pdata[i]));

  g_ptr_array_unref (bodies[0]);
  g_ptr_array_unref (bodies[1]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--io-threads="))
      {
        io_threads = MAX (1, atoi (argv[i] + strlen ("--io-threads=")));
        memmove (argv + i, argv + i + 1, (argc - i) * sizeof (char *));
        argc--;
        i--;
      }
  /* A proxy in the environment would turn client=auto into libsoup. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);
  coded_text = filler (20000);
  server_start ();
  routes_add ();
  routes_add_mangled ();

  g_test_add_func ("/http1/keep-alive", test_keep_alive);
  g_test_add_func ("/http1/server-closes", test_server_closes);
  g_test_add_func ("/http1/chunked", test_chunked);
  g_test_add_func ("/http1/encodings", test_encodings);
  g_test_add_func ("/http1/raw-deflate-split", test_raw_deflate_split);
  g_test_add_func ("/http1/dribble", test_dribble);
  g_test_add_func ("/http1/read-to-close", test_read_to_close);
  g_test_add_func ("/http1/interim", test_interim);
  g_test_add_func ("/http1/malformed", test_malformed);
  g_test_add_func ("/http1/malformed-alone", test_malformed_alone);
  g_test_add_func ("/http1/gzip-truncated", test_gzip_truncated);
  g_test_add_func ("/http1/headers", test_headers);
  g_test_add_func ("/http1/request", test_request);
  g_test_add_func ("/http1/refused", test_refused);
  g_test_add_func ("/http1/max-size", test_max_size);
  g_test_add_func ("/http1/unwanted-body", test_unwanted_body);
  g_test_add_func ("/http1/timeout", test_timeout);
  g_test_add_func ("/http1/extra-bytes", test_extra_bytes);
  g_test_add_func ("/http1/same-as-libsoup", test_same_as_libsoup);
  g_test_add_func ("/http1/mangled", test_mangled);

  status = g_test_run ();
  server_stop ();
  g_free (coded_text);
  return status;
}
