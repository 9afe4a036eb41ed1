/* rill-http1-client.c: a small HTTP/1.1 client for plain http:// GETs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * http-fetch takes every decision itself (per-host limits, redirects,
 * retries, timeouts, the cache); what it needs from a client is one GET
 * over a kept-alive connection, the body decoded into its own buffer.
 * libsoup 3 does far more per message (a GObject message, signals,
 * GTasks, a stream stack, a walk of the session's queue at every step),
 * and on fast servers that was most of the user CPU of a fetch. This
 * client does the exchange on non-blocking sockets watched by one
 * GSource each on the caller's main context: connect, one send(), the
 * head parsed in place, then the body read straight into the caller's
 * buffer (identity with a Content-Length) or through the chunked and
 * gzip/deflate (zlib) or br (libbrotlidec) decoders. It is used for
 * http:// only and without a proxy; https, proxies and HTTP/2 stay with
 * libsoup.
 *
 * Connections are kept per host:port (LIFO) after an answer that leaves
 * them reusable (HTTP/1.1, no `Connection: close`, nothing beyond the
 * body). A kept connection the server closed meanwhile is seen when its
 * socket turns readable; one that fails before any byte of the answer
 * came is replaced once by a new connection, as browsers and curl do
 * (GET is idempotent). Host names are resolved with GResolver and kept
 * for the client's life (a run), as Scrapy's DNS cache does.
 */
#include "rill-http1-client.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <zlib.h>
#include <brotli/decode.h>

/* Receive buffer: the head, and bodies that are framed or encoded. */
#define BUF_SIZE (64 * 1024)
/* A head larger than this fails the exchange. */
#define HEAD_MAX (64 * 1024)
/* The rest of an unwanted body is read to keep the connection if it is
 * at most this long; else the connection is closed. */
#define DRAIN_MAX (64 * 1024)
/* Kept connections older than this are closed rather than reused
 * (servers commonly close after 60 to 75 s). */
#define IDLE_MAX_AGE_US (50 * G_USEC_PER_SEC)
/* Kept connections at most, over all hosts. */
#define IDLE_MAX 256

typedef enum {
  CONN_IDLE,
  CONN_CONNECTING,
  CONN_SENDING,
  CONN_HEAD,
  CONN_BODY,
  CONN_DRAIN,
} ConnState;

typedef enum {
  FRAME_NONE,                   /* no body (204, 304) */
  FRAME_LENGTH,
  FRAME_CHUNKED,
  FRAME_CLOSE,                  /* up to the end of the connection */
} Framing;

typedef enum {
  CHUNK_SIZE,
  CHUNK_DATA,
  CHUNK_DATA_END,
  CHUNK_TRAILER,
} ChunkState;

typedef enum {
  CODING_IDENTITY,
  CODING_DEFLATE,               /* zlib or raw: decided on 2 bytes */
  CODING_ZLIB,
  CODING_BROTLI,
} Coding;

typedef enum {
  BODY_MORE,                    /* wants more bytes */
  BODY_COMPLETE,
  BODY_STOPPED,                 /* the caller stopped, or an error was reported */
} BodyState;

typedef struct _Conn Conn;
typedef struct _Exchange Exchange;

struct _RillHttp1Client
{
  GMainContext *context;
  char *user_agent;
  GHashTable *idle;             /* "host:port" → GQueue of Conn */
  guint n_idle;
  GHashTable *addresses;        /* host → GPtrArray of GInetAddress */
  GHashTable *conns;            /* every Conn */
};

struct _Exchange
{
  guint ref;
  gboolean over;                /* the caller was told the end */
  RillHttp1Client *client;
  char *host;
  guint16 port;
  char *key;                    /* host:port */
  GString *request;
  gsize sent;
  GCancellable *cancellable;
  gulong cancel_id;
  const RillHttp1Handler *handler;
  gpointer data;
  Conn *conn;
  GPtrArray *addresses;         /* GInetAddress, tried in turn */
  guint next_address;
  gboolean reused;              /* on a kept connection */
};

struct _Conn
{
  RillHttp1Client *client;
  int fd;
  GSource *source;
  gpointer tag;
  GIOCondition watched;
  char *key;
  GList link;                   /* in its host's idle queue */
  gint64 idle_since;
  ConnState state;
  Exchange *x;
  gboolean answered;            /* a byte of the answer came */
  guint8 *buf;
  gsize start, end;             /* unread bytes of buf */
  /* the answer */
  guint status;
  SoupMessageHeaders *headers;
  gboolean keep_alive;
  Framing framing;
  guint64 remaining;            /* of the body (FRAME_LENGTH) or chunk */
  ChunkState chunk;
  Coding coding;
  z_stream z;
  BrotliDecoderState *brotli;
  gboolean decoded_all;         /* the encoded stream ended */
  guint8 deflate_start[2];      /* the first bytes of a "deflate" body */
  guint deflate_start_len;
};

typedef struct {
  GSource source;
  Conn *conn;
} ConnSource;

static void conn_ready (Conn *conn, GIOCondition revents);
static void exchange_connect (Exchange *x);
static void exchange_open (Exchange *x);

/* ---- exchanges ------------------------------------------------------- */

static Exchange *
exchange_ref (Exchange *x)
{
  x->ref++;
  return x;
}

static void
exchange_unref (Exchange *x)
{
  if (--x->ref > 0)
    return;
  g_free (x->host);
  g_free (x->key);
  g_string_free (x->request, TRUE);
  g_clear_object (&x->cancellable);
  g_clear_pointer (&x->addresses, g_ptr_array_unref);
  g_free (x);
}

/* Marks @x over (the caller is told next, by the caller of this). */
static void
exchange_over (Exchange *x)
{
  x->over = TRUE;
  x->conn = NULL;
  if (x->cancel_id != 0)
    g_cancellable_disconnect (x->cancellable, x->cancel_id);
  x->cancel_id = 0;
}

static void
exchange_fail (Exchange *x,
               GError   *error)
{
  const RillHttp1Handler *handler = x->handler;
  gpointer data = x->data;

  exchange_over (x);
  exchange_unref (x);
  handler->done (data, error);
}

static GError *
errno_error (int         code,
             const char *what,
             const char *host)
{
  return g_error_new (G_IO_ERROR, g_io_error_from_errno (code), "%s %s: %s", what, host,
                      g_strerror (code));
}

/* ---- connections ------------------------------------------------------ */

static gboolean
conn_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     data)
{
  Conn *conn = ((ConnSource *) source)->conn;

  conn_ready (conn, g_source_query_unix_fd (source, conn->tag));
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs conn_source_funcs = {
  .dispatch = conn_source_dispatch,
};

/* Only when it changes: each change wakes the context (an eventfd
 * write), even from its own thread. A kept connection stays watched for
 * G_IO_IN from one answer to the next. */
static void
conn_watch (Conn         *conn,
            GIOCondition  condition)
{
  if (conn->watched == condition)
    return;
  conn->watched = condition;
  g_source_modify_unix_fd (conn->source, conn->tag, condition);
}

static void
conn_reset_answer (Conn *conn)
{
  g_clear_pointer (&conn->headers, soup_message_headers_unref);
  if (conn->coding == CODING_ZLIB)
    inflateEnd (&conn->z);
  g_clear_pointer (&conn->brotli, BrotliDecoderDestroyInstance);
  conn->coding = CODING_IDENTITY;
  conn->decoded_all = FALSE;
  conn->deflate_start_len = 0;
  conn->answered = FALSE;
  conn->status = 0;
}

static void
conn_close (Conn *conn)
{
  RillHttp1Client *client = conn->client;

  if (conn->state == CONN_IDLE)
    {
      g_queue_unlink (g_hash_table_lookup (client->idle, conn->key), &conn->link);
      client->n_idle--;
    }
  g_hash_table_remove (client->conns, conn);
  conn_reset_answer (conn);
  g_source_destroy (conn->source);
  g_source_unref (conn->source);
  close (conn->fd);
  g_free (conn->buf);
  g_free (conn->key);
  g_free (conn);
}

static Conn *
conn_new (RillHttp1Client *client,
          int              fd,
          const char      *key)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->client = client;
  conn->fd = fd;
  conn->key = g_strdup (key);
  conn->link.data = conn;
  conn->buf = g_malloc (BUF_SIZE);
  conn->source = g_source_new (&conn_source_funcs, sizeof (ConnSource));
  ((ConnSource *) conn->source)->conn = conn;
  g_source_set_static_name (conn->source, "[rill] http1 connection");
  /* Else GLib blocks the source around each dispatch: its fd leaves the
   * poll set and comes back, two context wakeups (eventfd writes) per
   * dispatch. Nothing here runs a nested main loop. */
  g_source_set_can_recurse (conn->source, TRUE);
  conn->tag = g_source_add_unix_fd (conn->source, fd, 0);
  g_source_attach (conn->source, client->context);
  g_hash_table_add (client->conns, conn);
  return conn;
}

/* Keeps @conn for the next exchange to its host, or closes it. */
static void
conn_release (Conn *conn)
{
  RillHttp1Client *client = conn->client;
  GQueue *queue;

  conn_reset_answer (conn);
  conn->x = NULL;
  if (!conn->keep_alive || conn->start != conn->end || client->n_idle >= IDLE_MAX)
    {
      conn_close (conn);
      return;
    }
  conn->start = conn->end = 0;
  queue = g_hash_table_lookup (client->idle, conn->key);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (client->idle, g_strdup (conn->key), queue);
    }
  g_queue_push_tail_link (queue, &conn->link);
  client->n_idle++;
  conn->state = CONN_IDLE;
  conn->idle_since = g_get_monotonic_time ();
  /* Readable while kept: the server closed it (or misbehaves). */
  conn_watch (conn, G_IO_IN);
}

static Conn *
conn_take_idle (RillHttp1Client *client,
                const char      *key)
{
  GQueue *queue = g_hash_table_lookup (client->idle, key);
  gint64 now = g_get_monotonic_time ();

  while (queue != NULL && queue->tail != NULL)
    {
      Conn *conn = queue->tail->data;

      guint8 byte;

      /* Too old, or readable: closed by the server, or it sent more
       * than its answer (the poll would see it only later). */
      if (now - conn->idle_since > IDLE_MAX_AGE_US ||
          recv (conn->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) >= 0 || errno != EAGAIN)
        {
          conn_close (conn);
          continue;
        }
      g_queue_unlink (queue, &conn->link);
      client->n_idle--;
      return conn;
    }
  return NULL;
}

/* The exchange of @conn ends (its caller was told, or is told next):
 * the connection is kept or closed. */
static void
conn_detach (Conn *conn)
{
  Exchange *x = conn->x;

  conn->x = NULL;
  if (x != NULL && x->conn == conn)
    x->conn = NULL;
}

/* A failure of @conn's socket during its exchange: @code is an errno, or
 * 0 for the end of the stream. */
static void
conn_failed (Conn *conn,
             int   code)
{
  Exchange *x = conn->x;
  gboolean answered = conn->answered;
  GError *error;

  conn_detach (conn);
  conn_close (conn);
  if (x == NULL)
    return;
  /* A kept connection the server had closed: once more on a new one. */
  if (x->reused && !answered && (code == 0 || code == ECONNRESET || code == EPIPE))
    {
      x->reused = FALSE;
      x->sent = 0;
      exchange_open (x);
      return;
    }
  if (code == 0)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "Connection terminated unexpectedly");
  else
    error = errno_error (code, "Connection to", x->host);
  exchange_fail (x, error);
}

static void
conn_error (Conn       *conn,
            GError     *error)
{
  Exchange *x = conn->x;

  conn_detach (conn);
  conn_close (conn);
  if (x != NULL)
    exchange_fail (x, error);
  else
    g_error_free (error);
}

/* The caller stopped the exchange (got() returned FALSE): the rest of
 * the body is not read, the connection goes. */
static void
conn_stopped (Conn *conn)
{
  Exchange *x = conn->x;

  conn_detach (conn);
  conn_close (conn);
  exchange_over (x);
  exchange_unref (x);
}

/* ---- sending ---------------------------------------------------------- */

static void
conn_send (Conn *conn)
{
  Exchange *x = conn->x;

  while (x->sent < x->request->len)
    {
      gssize n = send (conn->fd, x->request->str + x->sent, x->request->len - x->sent,
                       MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          conn->state = CONN_SENDING;
          conn_watch (conn, G_IO_OUT);
          return;
        }
      if (n < 0)
        {
          conn_failed (conn, errno);
          return;
        }
      x->sent += n;
    }
  conn->state = CONN_HEAD;
  conn->start = conn->end = 0;
  {
    /* Sending right after receiving puts the socket in "interactive"
     * (pingpong) mode, where the kernel delays ACKs to piggyback them on
     * our next send: with a server that holds its last partial segment
     * until its data is ACKed (Nagle, nginx with sendfile), the body's
     * end then waits for the 40 ms delayed-ACK timer (1 page in 200 on
     * bench/fetch). Leaving that mode after each request avoids it. */
    int one = 1;

    setsockopt (conn->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  }
  conn_watch (conn, G_IO_IN);
}

static void
conn_begin (Conn     *conn,
            Exchange *x)
{
  conn->x = x;
  x->conn = conn;
  conn->keep_alive = FALSE;
  conn_send (conn);
}

/* ---- the head --------------------------------------------------------- */

/* RFC 9110 token characters. */
static gboolean
is_token (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Parses the head in @conn->buf[start, @head_end); FALSE with @error
 * set when it is not HTTP. */
static gboolean
parse_head (Conn    *conn,
            gsize    head_end,
            GError **error)
{
  char *line = (char *) conn->buf + conn->start;
  char *end = (char *) conn->buf + head_end;
  char *eol = memchr (line, '\n', end - line);
  guint minor, status;
  const char *last_name = NULL;    /* in the buffer, NUL-terminated */

  if (eol == NULL || sscanf (line, "HTTP/1.%u %3u", &minor, &status) != 2 ||
      status < 100 || status > 999)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Could not parse HTTP response: bad status line");
      return FALSE;
    }
  conn->status = status;
  conn->keep_alive = minor >= 1;
  g_clear_pointer (&conn->headers, soup_message_headers_unref);
  conn->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  for (line = eol + 1; line < end; line = eol + 1)
    {
      char *colon, *value, *stop;

      eol = memchr (line, '\n', end - line);
      if (eol == NULL)
        eol = end;
      stop = eol;
      if (stop > line && stop[-1] == '\r')
        stop--;
      if (stop == line)
        break;
      *stop = '\0';
      if ((line[0] == ' ' || line[0] == '\t') && last_name != NULL)
        {
          /* An obsolete folded line continues the previous value. */
          const char *old = soup_message_headers_get_list (conn->headers, last_name);
          g_autofree char *joined = g_strconcat (old ? old : "", " ", g_strstrip (line), NULL);

          soup_message_headers_replace (conn->headers, last_name, joined);
          continue;
        }
      colon = strchr (line, ':');
      if (colon == NULL || colon == line)
        continue;                 /* not a header: ignored, as browsers do */
      *colon = '\0';
      if (!is_token (line))
        continue;
      value = g_strdelimit (g_strstrip (colon + 1), "\r", ' ');
      soup_message_headers_append (conn->headers, line, value);
      last_name = line;
    }
  conn->start = head_end;
  return TRUE;
}

/* Works out how the body of the answer in @conn is framed and coded. */
static gboolean
body_setup (Conn    *conn,
            GError **error)
{
  SoupMessageHeaders *h = conn->headers;
  const char *cl = soup_message_headers_get_one (h, "Content-Length");
  const char *ce = soup_message_headers_get_list (h, "Content-Encoding");

  if (soup_message_headers_header_contains (h, "Connection", "close"))
    conn->keep_alive = FALSE;
  else if (soup_message_headers_header_contains (h, "Connection", "keep-alive"))
    conn->keep_alive = TRUE;
  if (conn->status == 204 || conn->status == 304)
    conn->framing = FRAME_NONE;
  else if (soup_message_headers_header_contains (h, "Transfer-Encoding", "chunked"))
    {
      conn->framing = FRAME_CHUNKED;
      conn->chunk = CHUNK_SIZE;
    }
  else if (cl != NULL)
    {
      char *stop = NULL;
      guint64 length = g_ascii_strtoull (cl, &stop, 10);

      if (stop == cl || *stop != '\0')
        {
          /* Messages are UTF-8: the server's bytes, escaped and cut. */
          g_autofree char *shown = g_strescape (cl, NULL);

          if (strlen (shown) > 40)
            strcpy (shown + 37, "...");
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Could not parse HTTP response: bad Content-Length “%s”", shown);
          return FALSE;
        }
      conn->framing = length > 0 ? FRAME_LENGTH : FRAME_NONE;
      conn->remaining = length;
    }
  else
    {
      conn->framing = FRAME_CLOSE;
      conn->keep_alive = FALSE;
    }

  conn->coding = CODING_IDENTITY;
  if (ce != NULL && conn->framing != FRAME_NONE)
    {
      /* Header values are stripped when the head is parsed; several
       * codings (a list) are not decoded, as an unknown one. */
      if (g_ascii_strcasecmp (ce, "gzip") == 0 || g_ascii_strcasecmp (ce, "x-gzip") == 0)
        {
          memset (&conn->z, 0, sizeof conn->z);
          /* 15 + 32: a gzip or zlib header, whichever it is. */
          if (inflateInit2 (&conn->z, 15 + 32) != Z_OK)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "zlib failed to start");
              return FALSE;
            }
          conn->coding = CODING_ZLIB;
        }
      else if (g_ascii_strcasecmp (ce, "deflate") == 0)
        conn->coding = CODING_DEFLATE;
      else if (g_ascii_strcasecmp (ce, "br") == 0)
        {
          conn->brotli = BrotliDecoderCreateInstance (NULL, NULL, NULL);
          conn->coding = CODING_BROTLI;
        }
      /* Others (identity, or unknown) pass as they are, as in libsoup. */
    }
  return TRUE;
}

/* ---- the body --------------------------------------------------------- */

/* Hands @len bytes of (encoded) body to the decoder and the caller.
 * Returns FALSE when the exchange ended for the caller (it stopped, or
 * the data is corrupt and the failure was reported). */
static gboolean
body_feed (Conn        *conn,
           const guint8 *data,
           gsize        len)
{
  const RillHttp1Handler *handler;
  gpointer cb_data;

  if (conn->state == CONN_DRAIN || conn->decoded_all)
    return TRUE;
  handler = conn->x->handler;
  cb_data = conn->x->data;
  switch (conn->coding)
    {
    case CODING_IDENTITY:
      while (len > 0)
        {
          gsize room;
          guint8 *at = handler->room (cb_data, &room);
          gsize n = MIN (room, len);

          memcpy (at, data, n);
          data += n;
          len -= n;
          if (!handler->got (cb_data, n))
            {
              conn_stopped (conn);
              return FALSE;
            }
        }
      return TRUE;

    case CODING_DEFLATE:
      {
        /* "deflate" is zlib-wrapped by the standard, raw from some
         * servers: a zlib header (CM 8, header checksum) tells. */
        guint8 *start = conn->deflate_start;
        gboolean zlib;

        while (len > 0 && conn->deflate_start_len < 2)
          {
            start[conn->deflate_start_len++] = *data++;
            len--;
          }
        if (conn->deflate_start_len < 2)
          return TRUE;
        zlib = (start[0] & 0x0f) == 8 && ((start[0] << 8) | start[1]) % 31 == 0;
        memset (&conn->z, 0, sizeof conn->z);
        if (inflateInit2 (&conn->z, zlib ? 15 : -15) != Z_OK)
          {
            conn_error (conn, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                   "zlib failed to start"));
            return FALSE;
          }
        conn->coding = CODING_ZLIB;
        if (!body_feed (conn, start, 2))
          return FALSE;
        return len == 0 || body_feed (conn, data, len);
      }

    case CODING_ZLIB:
      conn->z.next_in = (Bytef *) data;
      conn->z.avail_in = len;
      for (;;)
        {
          gsize room;
          guint8 *at = handler->room (cb_data, &room);
          int ret;
          gsize made;

          conn->z.next_out = at;
          conn->z.avail_out = MIN (room, G_MAXUINT32);
          ret = inflate (&conn->z, Z_NO_FLUSH);
          made = MIN (room, G_MAXUINT32) - conn->z.avail_out;
          if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
            {
              conn_error (conn, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                             "Corrupt compressed body: %s",
                                             conn->z.msg ? conn->z.msg : "zlib error"));
              return FALSE;
            }
          if (made > 0 && !handler->got (cb_data, made))
            {
              conn_stopped (conn);
              return FALSE;
            }
          if (ret == Z_STREAM_END)
            {
              conn->decoded_all = TRUE;
              return TRUE;
            }
          if (conn->z.avail_in == 0 && conn->z.avail_out > 0)
            return TRUE;
          if (ret == Z_BUF_ERROR && made == 0)
            return TRUE;
        }

    case CODING_BROTLI:
      {
        size_t in_left = len;
        const uint8_t *in = data;

        for (;;)
          {
            gsize room;
            guint8 *at = handler->room (cb_data, &room);
            size_t out_left = room;
            uint8_t *out = at;
            BrotliDecoderResult ret =
              BrotliDecoderDecompressStream (conn->brotli, &in_left, &in, &out_left, &out, NULL);

            if (ret == BROTLI_DECODER_RESULT_ERROR)
              {
                conn_error (conn, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                               "Corrupt compressed body: %s",
                                               BrotliDecoderErrorString (
                                                 BrotliDecoderGetErrorCode (conn->brotli))));
                return FALSE;
              }
            if (room - out_left > 0 && !handler->got (cb_data, room - out_left))
              {
                conn_stopped (conn);
                return FALSE;
              }
            if (ret == BROTLI_DECODER_RESULT_SUCCESS)
              {
                conn->decoded_all = TRUE;
                return TRUE;
              }
            if (ret == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
              return TRUE;
          }
      }
    }
  g_assert_not_reached ();
}

static BodyState
chunk_error (Conn *conn)
{
  conn_error (conn, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                         "Could not parse HTTP response: bad chunked encoding"));
  return BODY_STOPPED;
}

/* Uses the bytes in @conn->buf. */
static BodyState
body_take (Conn *conn)
{
  while (conn->start < conn->end)
    {
      guint8 *at = conn->buf + conn->start;
      gsize avail = conn->end - conn->start;
      guint8 *nl;

      switch (conn->framing)
        {
        case FRAME_NONE:
          return BODY_COMPLETE;

        case FRAME_CLOSE:
          conn->start = conn->end;
          if (!body_feed (conn, at, avail))
            return BODY_STOPPED;
          break;

        case FRAME_LENGTH:
          avail = MIN (avail, conn->remaining);
          conn->start += avail;
          conn->remaining -= avail;
          if (!body_feed (conn, at, avail))
            return BODY_STOPPED;
          if (conn->remaining == 0)
            return BODY_COMPLETE;
          break;

        case FRAME_CHUNKED:
          switch (conn->chunk)
            {
            case CHUNK_DATA:
              avail = MIN (avail, conn->remaining);
              conn->start += avail;
              conn->remaining -= avail;
              if (!body_feed (conn, at, avail))
                return BODY_STOPPED;
              if (conn->remaining == 0)
                conn->chunk = CHUNK_DATA_END;
              break;
            case CHUNK_SIZE:
            case CHUNK_DATA_END:
            case CHUNK_TRAILER:
              nl = memchr (at, '\n', avail);
              if (nl == NULL)
                {
                  if (avail > 4096)
                    return chunk_error (conn);
                  return BODY_MORE;
                }
              conn->start += nl - at + 1;
              if (conn->chunk == CHUNK_SIZE)
                {
                  char *stop = NULL;

                  if (!g_ascii_isxdigit (at[0]))
                    return chunk_error (conn);
                  conn->remaining = g_ascii_strtoull ((char *) at, &stop, 16);
                  conn->chunk = conn->remaining > 0 ? CHUNK_DATA : CHUNK_TRAILER;
                }
              else if (conn->chunk == CHUNK_DATA_END)
                {
                  if (nl - at > 1 || (nl - at == 1 && at[0] != '\r'))
                    return chunk_error (conn);
                  conn->chunk = CHUNK_SIZE;
                }
              else if (nl == at || (nl - at == 1 && at[0] == '\r'))
                return BODY_COMPLETE;      /* the end of the trailers */
              break;
            }
          break;
        }
    }
  return conn->framing == FRAME_NONE ? BODY_COMPLETE : BODY_MORE;
}

/* The whole body is in: the caller is told, the connection kept. */
static void
conn_complete (Conn *conn)
{
  Exchange *x = conn->x;

  conn_detach (conn);
  /* Kept before the caller hears of it: the caller may start its next
   * request to the host from done(). */
  conn_release (conn);
  if (x != NULL)
    {
      const RillHttp1Handler *handler = x->handler;
      gpointer data = x->data;

      exchange_over (x);
      exchange_unref (x);
      handler->done (data, NULL);
    }
}

/* Reads into @conn->buf; returns the byte count, 0 at the end of the
 * stream, -1 when it would block (reported) or failed (reported). */
static gssize
conn_recv_buf (Conn *conn)
{
  gssize n;

  if (conn->start == conn->end)
    conn->start = conn->end = 0;
  else if (conn->end == BUF_SIZE && conn->start > 0)
    {
      memmove (conn->buf, conn->buf + conn->start, conn->end - conn->start);
      conn->end -= conn->start;
      conn->start = 0;
    }
  do
    n = recv (conn->fd, conn->buf + conn->end, BUF_SIZE - conn->end, 0);
  while (n < 0 && errno == EINTR);
  if (n > 0)
    {
      conn->end += n;
      conn->answered = TRUE;
    }
  return n;
}

/* The body, once the head is in. */
static void
conn_read_body (Conn *conn)
{
  for (;;)
    {
      BodyState state = body_take (conn);
      gssize n;

      if (state == BODY_STOPPED)
        return;
      if (state == BODY_COMPLETE)
        {
          conn_complete (conn);
          return;
        }
      /* Identity with a length: straight into the caller's buffer. */
      if (conn->framing == FRAME_LENGTH && conn->coding == CODING_IDENTITY &&
          conn->state == CONN_BODY)
        {
          gsize room;
          guint8 *at = conn->x->handler->room (conn->x->data, &room);
          gsize want = MIN (room, conn->remaining);

          do
            n = recv (conn->fd, at, want, 0);
          while (n < 0 && errno == EINTR);
          if (n > 0)
            {
              conn->remaining -= n;
              if (!conn->x->handler->got (conn->x->data, n))
                {
                  conn_stopped (conn);
                  return;
                }
              if (conn->remaining == 0)
                {
                  conn_complete (conn);
                  return;
                }
              /* Short: the socket is most likely empty; poll tells. */
              if ((gsize) n < want)
                return;
              continue;
            }
        }
      else
        {
          n = conn_recv_buf (conn);
          if (n > 0)
            continue;
        }
      if (n < 0 && errno == EAGAIN)
        return;
      if (n == 0 && conn->framing == FRAME_CLOSE)
        {
          conn_complete (conn);
          return;
        }
      conn_failed (conn, n == 0 ? 0 : errno);
      return;
    }
}

/* The end of the head in @conn->buf (after its empty line), or NULL. */
static guint8 *
head_end (Conn *conn)
{
  guint8 *stop = conn->buf + conn->end;

  for (guint8 *at = conn->buf + conn->start; at < stop; at++)
    {
      at = memchr (at, '\n', stop - at);
      if (at == NULL)
        return NULL;
      if (at + 1 < stop && at[1] == '\n')
        return at + 2;
      if (at + 2 < stop && at[1] == '\r' && at[2] == '\n')
        return at + 3;
    }
  return NULL;
}

static void
conn_read_head (Conn *conn)
{
  for (;;)
    {
      guint8 *end = head_end (conn);
      g_autoptr(GError) error = NULL;
      Exchange *x = conn->x;

      if (end == NULL)
        {
          gssize n;

          if (conn->end - conn->start >= HEAD_MAX)
            {
              conn_error (conn, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                     "Could not parse HTTP response: "
                                                     "headers too large"));
              return;
            }
          n = conn_recv_buf (conn);
          if (n < 0 && errno == EAGAIN)
            return;
          if (n <= 0)
            {
              conn_failed (conn, n == 0 ? 0 : errno);
              return;
            }
          continue;
        }
      if (!parse_head (conn, end - conn->buf, &error))
        {
          conn_error (conn, g_steal_pointer (&error));
          return;
        }
      if (conn->status == 101)
        {
          conn_error (conn, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                 "Unexpected 101 Switching Protocols"));
          return;
        }
      if (conn->status < 200)
        continue;               /* 100 Continue and such: the next head */
      if (!body_setup (conn, &error))
        {
          conn_error (conn, g_steal_pointer (&error));
          return;
        }
      conn->state = CONN_BODY;
      if (!x->handler->head (x->data, conn->status, conn->headers))
        {
          /* Not wanted: read away when short, to keep the connection
           * (done() comes once it is kept), else the connection goes. */
          if (conn->framing == FRAME_NONE ||
              (conn->framing == FRAME_LENGTH && conn->keep_alive &&
               conn->remaining <= DRAIN_MAX))
            {
              conn->state = CONN_DRAIN;
              conn_read_body (conn);
            }
          else
            {
              const RillHttp1Handler *handler = x->handler;
              gpointer data = x->data;

              conn_detach (conn);
              conn_close (conn);
              exchange_over (x);
              exchange_unref (x);
              handler->done (data, NULL);
            }
          return;
        }
      conn_read_body (conn);
      return;
    }
}

static void
conn_connected (Conn *conn)
{
  Exchange *x = conn->x;
  int err = 0;
  socklen_t len = sizeof err;

  if (getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    err = errno;
  if (err == 0)
    {
      conn_send (conn);
      return;
    }
  conn_detach (conn);
  conn_close (conn);
  if (x->next_address < x->addresses->len)
    {
      exchange_connect (x);
      return;
    }
  exchange_fail (x, errno_error (err, "Could not connect to", x->host));
}

static void
conn_ready (Conn         *conn,
            GIOCondition  revents)
{
  switch (conn->state)
    {
    case CONN_IDLE:
      if (revents != 0)
        conn_close (conn);
      return;
    case CONN_CONNECTING:
      conn_connected (conn);
      return;
    case CONN_SENDING:
      conn_send (conn);
      return;
    case CONN_HEAD:
      conn_read_head (conn);
      return;
    case CONN_BODY:
    case CONN_DRAIN:
      conn_read_body (conn);
      return;
    }
}

/* ---- connecting ------------------------------------------------------- */

/* Connects @x to its next address. */
static void
exchange_connect (Exchange *x)
{
  RillHttp1Client *client = x->client;

  while (x->next_address < x->addresses->len)
    {
      GInetAddress *address = x->addresses->pdata[x->next_address++];
      g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (address, x->port);
      struct sockaddr_storage native;
      socklen_t native_len = g_socket_address_get_native_size (sa);
      int one = 1;
      int fd;
      Conn *conn;

      if (!g_socket_address_to_native (sa, &native, sizeof native, NULL))
        continue;
      fd = socket (native.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0)
        {
          if (x->next_address < x->addresses->len)
            continue;
          exchange_fail (x, errno_error (errno, "Could not connect to", x->host));
          return;
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      conn = conn_new (client, fd, x->key);
      conn->x = x;
      x->conn = conn;
      if (connect (fd, (struct sockaddr *) &native, native_len) == 0)
        {
          conn_send (conn);
          return;
        }
      if (errno == EINPROGRESS)
        {
          conn->state = CONN_CONNECTING;
          conn_watch (conn, G_IO_OUT);
          return;
        }
      {
        int err = errno;

        conn_detach (conn);
        conn_close (conn);
        if (x->next_address < x->addresses->len)
          continue;
        exchange_fail (x, errno_error (err, "Could not connect to", x->host));
        return;
      }
    }
  exchange_fail (x, g_error_new (G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND,
                                 "No address to connect to for %s", x->host));
}

static void
resolved (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Exchange *x = data;
  GError *error = NULL;
  GList *list = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  if (x->over)
    {
      g_clear_error (&error);
      g_resolver_free_addresses (list);
      exchange_unref (x);
      return;
    }
  exchange_unref (x);
  if (list == NULL)
    {
      exchange_fail (x, error);
      return;
    }
  x->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (x->addresses, g_object_ref (l->data));
  g_resolver_free_addresses (list);
  g_hash_table_insert (x->client->addresses, g_strdup (x->host), g_ptr_array_ref (x->addresses));
  exchange_connect (x);
}

/* Connects @x to its host anew: its addresses are known, a literal, or
 * looked up. */
static void
exchange_open (Exchange *x)
{
  RillHttp1Client *client = x->client;
  GPtrArray *addresses;

  x->next_address = 0;
  if (x->addresses != NULL)
    {
      exchange_connect (x);
      return;
    }
  addresses = g_hash_table_lookup (client->addresses, x->host);
  if (addresses != NULL)
    {
      x->addresses = g_ptr_array_ref (addresses);
      exchange_connect (x);
      return;
    }
  if (g_hostname_is_ip_address (x->host))
    {
      x->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (x->addresses, g_inet_address_new_from_string (x->host));
      exchange_connect (x);
      return;
    }
  {
    g_autoptr(GResolver) resolver = g_resolver_get_default ();

    g_resolver_lookup_by_name_async (resolver, x->host, x->cancellable, resolved,
                                     exchange_ref (x));
  }
}

static gboolean
cancel_dispatch (gpointer data)
{
  Exchange *x = data;

  if (!x->over)
    {
      Conn *conn = x->conn;

      if (conn != NULL)
        {
          conn_detach (conn);
          conn_close (conn);
        }
      exchange_fail (x, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        "Operation was cancelled"));
    }
  exchange_unref (x);
  return G_SOURCE_REMOVE;
}

/* In the emission of "cancelled", where the handler cannot be
 * disconnected: the exchange ends from an idle source. */
static void
cancelled (GCancellable *cancellable,
           gpointer      data)
{
  Exchange *x = data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_dispatch, exchange_ref (x), NULL);
  g_source_set_static_name (source, "[rill] http1 cancel");
  g_source_attach (source, x->client->context);
  g_source_unref (source);
}

/* ---- the client ------------------------------------------------------- */

/**
 * rill_http1_client_new: (skip)
 * @context: where the exchanges run (the caller's thread's)
 * @user_agent: sent when the headers of a request have none
 */
RillHttp1Client *
rill_http1_client_new (GMainContext *context,
                       const char   *user_agent)
{
  RillHttp1Client *client = g_new0 (RillHttp1Client, 1);

  client->context = g_main_context_ref (context);
  client->user_agent = g_strdup (user_agent);
  client->idle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_queue_free);
  client->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  client->conns = g_hash_table_new (NULL, NULL);
  return client;
}

/* With no exchange in flight. */
void
rill_http1_client_free (RillHttp1Client *client)
{
  if (client == NULL)
    return;
  while (g_hash_table_size (client->conns) > 0)
    {
      GHashTableIter iter;
      gpointer conn;

      g_hash_table_iter_init (&iter, client->conns);
      g_hash_table_iter_next (&iter, &conn, NULL);
      conn_close (conn);
    }
  g_hash_table_unref (client->conns);
  g_hash_table_unref (client->idle);
  g_hash_table_unref (client->addresses);
  g_main_context_unref (client->context);
  g_free (client->user_agent);
  g_free (client);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      {
        g_string_append_c (out, '%');
        g_string_append_c (out, hex[*p >> 4]);
        g_string_append_c (out, hex[*p & 15]);
      }
    else
      g_string_append_c (out, *p);
}

static void
append_header (const char *name,
               const char *value,
               gpointer    data)
{
  g_string_append_printf (data, "%s: %s\r\n", name, value);
}

/**
 * rill_http1_client_get: (skip)
 * @client: the client
 * @uri: an http:// URI (parsed with SOUP_HTTP_URI_FLAGS)
 * @headers: (nullable): request headers to send besides Host
 * @cancellable: (nullable): ends the exchange with G_IO_ERROR_CANCELLED
 * @handler: what is told of the answer
 * @data: for @handler
 *
 * Sends `GET @uri` and tells @handler of the answer. A connection kept
 * from an earlier exchange to the same host and port is used when there
 * is one.
 */
void
rill_http1_client_get (RillHttp1Client        *client,
                       GUri                   *uri,
                       SoupMessageHeaders     *headers,
                       GCancellable           *cancellable,
                       const RillHttp1Handler *handler,
                       gpointer                data)
{
  Exchange *x = g_new0 (Exchange, 1);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  int port = g_uri_get_port (uri);
  gboolean ipv6 = strchr (g_uri_get_host (uri), ':') != NULL;
  Conn *conn;

  x->ref = 1;
  x->client = client;
  x->host = g_strdup (g_uri_get_host (uri));
  x->port = port > 0 ? port : 80;
  x->key = g_strdup_printf ("%s:%u", x->host, x->port);
  x->handler = handler;
  x->data = data;

  x->request = g_string_sized_new (256);
  g_string_append (x->request, "GET ");
  append_escaped (x->request, path != NULL && path[0] != '\0' ? path : "/");
  if (query != NULL)
    {
      g_string_append_c (x->request, '?');
      append_escaped (x->request, query);
    }
  g_string_append (x->request, " HTTP/1.1\r\n");
  /* A Host among @headers (a virtual host asked for) replaces ours. */
  if (headers == NULL || soup_message_headers_get_one (headers, "Host") == NULL)
    {
      g_string_append_printf (x->request, "Host: %s%s%s", ipv6 ? "[" : "", x->host,
                              ipv6 ? "]" : "");
      if (x->port != 80)
        g_string_append_printf (x->request, ":%u", x->port);
      g_string_append (x->request, "\r\n");
    }
  if (client->user_agent != NULL &&
      (headers == NULL || soup_message_headers_get_one (headers, "User-Agent") == NULL))
    g_string_append_printf (x->request, "User-Agent: %s\r\n", client->user_agent);
  if (headers != NULL)
    soup_message_headers_foreach (headers, append_header, x->request);
  g_string_append (x->request, "\r\n");

  if (cancellable != NULL)
    {
      x->cancellable = g_object_ref (cancellable);
      if (g_cancellable_is_cancelled (cancellable))
        {
          cancelled (cancellable, x);
          return;
        }
      x->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled), x, NULL);
    }

  conn = conn_take_idle (client, x->key);
  if (conn != NULL)
    {
      x->reused = TRUE;
      conn_begin (conn, x);
      return;
    }
  exchange_open (x);
}
