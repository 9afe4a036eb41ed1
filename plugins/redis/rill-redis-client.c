/* rill-redis-client.c: a small blocking Redis client on hiredis
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-redis-client.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#define CONNECT_TIMEOUT_MS      3000
#define DEFAULT_READ_TIMEOUT_MS 30000
#define BACKOFF_FIRST_MS        100
#define BACKOFF_MAX_MS          5000

struct _RillRedis
{
  char *url;
  char *host;
  int port;
  int db;
  char *user;
  char *password;
  char *address;       /* host:port/db, for messages */
  char *net_address;   /* host:port, for connect errors */

  guint reconnect_timeout;   /* seconds */
  guint read_timeout_ms;

  redisContext *ctx;
  guint reconnects;
};

/**
 * rill_redis_new:
 * @url: a URL `redis://[[user]:password@]host[:port][/db]`
 * @error: return location for a #GError
 *
 * Parses @url; does not connect (see rill_redis_connect()).
 *
 * Returns: (transfer full): a new #RillRedis, or %NULL with
 *   %G_IO_ERROR_INVALID_ARGUMENT naming the URL
 */
RillRedis *
rill_redis_new (const char  *url,
                GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (RillRedis) self = NULL;
  const char *scheme, *host, *path;
  int port, db = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no Redis URL given (expected redis://host[:port][/db])");
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid Redis URL “%s”: %s", url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "redis") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid Redis URL “%s”: the scheme must be redis://", url);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid Redis URL “%s”: no host", url);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port <= 0)
    port = 6379;

  path = g_uri_get_path (uri);
  if (path != NULL && *path == '/')
    path++;
  if (path != NULL && *path != '\0')
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (path, 10, 0, G_MAXINT, &n, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "invalid Redis URL “%s”: the path must be a database number, not “%s”",
                       url, path);
          return NULL;
        }
      db = (int) n;
    }

  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid Redis URL “%s”: query parameters are not supported", url);
      return NULL;
    }

  self = g_new0 (RillRedis, 1);
  self->url = g_strdup (url);
  self->host = g_strdup (host);
  self->port = port;
  self->db = db;
  if (g_uri_get_password (uri) != NULL)
    {
      const char *user = g_uri_get_user (uri);

      self->password = g_strdup (g_uri_get_password (uri));
      if (user != NULL && *user != '\0')
        self->user = g_strdup (user);
    }
  if (strchr (host, ':') != NULL)
    self->net_address = g_strdup_printf ("[%s]:%d", host, port);
  else
    self->net_address = g_strdup_printf ("%s:%d", host, port);
  self->address = g_strdup_printf ("%s/%d", self->net_address, db);
  self->reconnect_timeout = 60;
  self->read_timeout_ms = DEFAULT_READ_TIMEOUT_MS;

  return g_steal_pointer (&self);
}

/**
 * rill_redis_free:
 * @self: (nullable): a #RillRedis
 *
 * Closes the connection and frees @self.
 */
void
rill_redis_free (RillRedis *self)
{
  if (self == NULL)
    return;

  rill_redis_disconnect (self);
  g_free (self->url);
  g_free (self->host);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->address);
  g_free (self->net_address);
  g_free (self);
}

/**
 * rill_redis_get_address:
 * @self: a #RillRedis
 *
 * Returns: (transfer none): `host:port/db`, for messages (never the password)
 */
const char *
rill_redis_get_address (RillRedis *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->address;
}

/**
 * rill_redis_get_url:
 * @self: a #RillRedis
 *
 * Returns: (transfer none): the URL given to rill_redis_new()
 */
const char *
rill_redis_get_url (RillRedis *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

/**
 * rill_redis_set_reconnect_timeout:
 * @self: a #RillRedis
 * @seconds: total time to keep retrying a lost connection; 0 fails at once
 *
 * The default is 60 seconds.
 */
void
rill_redis_set_reconnect_timeout (RillRedis *self,
                                  guint      seconds)
{
  g_return_if_fail (self != NULL);
  self->reconnect_timeout = seconds;
}

guint
rill_redis_get_reconnect_timeout (RillRedis *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->reconnect_timeout;
}

/**
 * rill_redis_set_read_timeout:
 * @self: a #RillRedis
 * @milliseconds: how long one reply may take before the connection is
 *   taken for lost (0: no limit)
 *
 * The default is 30 s. A caller that sends blocking commands (XREADGROUP
 * BLOCK, BLPOP) sets it above their block time. Applies from the next
 * (re)connection on, and at once when connected.
 */
void
rill_redis_set_read_timeout (RillRedis *self,
                             guint      milliseconds)
{
  g_return_if_fail (self != NULL);
  self->read_timeout_ms = milliseconds;

  if (self->ctx != NULL && milliseconds > 0)
    {
      struct timeval tv = { milliseconds / 1000, (milliseconds % 1000) * 1000 };
      redisSetTimeout (self->ctx, tv);
    }
}

/**
 * rill_redis_is_connected:
 * @self: a #RillRedis
 *
 * Returns: whether a connection is open (it may still turn out broken at
 *   the next command)
 */
gboolean
rill_redis_is_connected (RillRedis *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->ctx != NULL;
}

/**
 * rill_redis_disconnect:
 * @self: a #RillRedis
 *
 * Closes the connection, if any; the next command opens a new one.
 */
void
rill_redis_disconnect (RillRedis *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->ctx, redisFree);
}

/**
 * rill_redis_get_reconnects:
 * @self: a #RillRedis
 *
 * Returns: how many times a lost connection was opened again
 */
guint
rill_redis_get_reconnects (RillRedis *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->reconnects;
}

static void
set_context_error (RillRedis     *self,
                   redisContext  *c,
                   const char    *what,
                   GError       **error)
{
  GIOErrorEnum code = G_IO_ERROR_FAILED;
  const char *msg = c != NULL ? c->errstr : "out of memory";

  if (c != NULL && c->err == REDIS_ERR_IO && errno != 0)
    code = g_io_error_from_errno (errno);
  else if (c != NULL && c->err == REDIS_ERR_EOF)
    code = G_IO_ERROR_CONNECTION_CLOSED;

  if (c != NULL && c->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK))
    {
      code = G_IO_ERROR_TIMED_OUT;
      msg = "no reply in time";
    }

  g_set_error (error, G_IO_ERROR, code, "%s %s: %s", what, self->net_address,
               msg != NULL && *msg != '\0' ? msg : "connection error");
}

static gboolean
reply_to_error (RillRedis   *self,
                redisReply  *reply,
                const char  *what,
                GError     **error)
{
  if (reply->type != REDIS_REPLY_ERROR)
    return TRUE;

  if (what != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Redis at %s: %s: %.*s",
                 self->address, what, (int) reply->len, reply->str);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Redis at %s: %.*s",
                 self->address, (int) reply->len, reply->str);
  return FALSE;
}

/* One attempt: connect, AUTH, SELECT. */
static gboolean
connect_once (RillRedis  *self,
              GError    **error)
{
  struct timeval tv = { CONNECT_TIMEOUT_MS / 1000, (CONNECT_TIMEOUT_MS % 1000) * 1000 };
  redisContext *c;
  redisReply *reply;

  rill_redis_disconnect (self);

  errno = 0;
  c = redisConnectWithTimeout (self->host, self->port, tv);
  if (c == NULL || c->err)
    {
      set_context_error (self, c, "cannot connect to Redis at", error);
      if (c != NULL)
        redisFree (c);
      return FALSE;
    }

  redisEnableKeepAlive (c);
  if (self->read_timeout_ms > 0)
    {
      struct timeval rtv = { self->read_timeout_ms / 1000,
                             (self->read_timeout_ms % 1000) * 1000 };
      redisSetTimeout (c, rtv);
    }

  if (self->password != NULL)
    {
      if (self->user != NULL)
        reply = redisCommand (c, "AUTH %s %s", self->user, self->password);
      else
        reply = redisCommand (c, "AUTH %s", self->password);
      if (reply == NULL)
        {
          set_context_error (self, c, "cannot connect to Redis at", error);
          redisFree (c);
          return FALSE;
        }
      if (!reply_to_error (self, reply, "AUTH failed", error))
        {
          freeReplyObject (reply);
          redisFree (c);
          return FALSE;
        }
      freeReplyObject (reply);
    }

  if (self->db != 0)
    {
      reply = redisCommand (c, "SELECT %d", self->db);
      if (reply == NULL)
        {
          set_context_error (self, c, "cannot connect to Redis at", error);
          redisFree (c);
          return FALSE;
        }
      if (!reply_to_error (self, reply, "SELECT failed", error))
        {
          freeReplyObject (reply);
          redisFree (c);
          return FALSE;
        }
      freeReplyObject (reply);
    }

  self->ctx = c;
  return TRUE;
}

/**
 * rill_redis_connect:
 * @self: a #RillRedis
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects (with a connect timeout of 3 s), authenticates and selects the
 * database. Does not retry: a server that is down gives an error such as
 * “cannot connect to Redis at 127.0.0.1:6390: Connection refused”.
 *
 * Returns: %TRUE when connected
 */
gboolean
rill_redis_connect (RillRedis     *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return connect_once (self, error);
}

/* Sleeps for @ms unless @cancellable fires; FALSE when cancelled. */
static gboolean
sleep_cancellable (guint         ms,
                   GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (now >= end)
        return TRUE;
      g_usleep (MIN (end - now, 20000));
    }
}

static gboolean
is_transient_reply (redisReply *reply)
{
  return reply != NULL && reply->type == REDIS_REPLY_ERROR && reply->str != NULL
         && (g_str_has_prefix (reply->str, "LOADING")
             || g_str_has_prefix (reply->str, "BUSY ")
             || g_str_has_prefix (reply->str, "TRYAGAIN")
             || g_str_has_prefix (reply->str, "MASTERDOWN"));
}

/* Sends @n formatted commands in one round trip and reads their @n
 * replies, reconnecting with backoff when the connection is lost. */
static gboolean
send_formatted (RillRedis     *self,
                GCancellable  *cancellable,
                guint          n,
                char         **cmds,
                const size_t  *lens,
                redisReply   **replies,
                GError       **error)
{
  gint64 deadline = 0;
  guint delay_ms = BACKOFF_FIRST_MS;
  gboolean failing = FALSE;
  g_autoptr (GError) last_error = NULL;

  memset (replies, 0, n * sizeof (redisReply *));

  for (;;)
    {
      gboolean ok = TRUE;
      gboolean transient = FALSE;
      guint i;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (self->ctx == NULL)
        {
          g_clear_error (&last_error);
          ok = connect_once (self, &last_error);
          if (ok && failing)
            self->reconnects++;
        }

      if (ok)
        {
          for (i = 0; i < n && ok; i++)
            if (redisAppendFormattedCommand (self->ctx, cmds[i], lens[i]) != REDIS_OK)
              ok = FALSE;

          for (i = 0; i < n && ok; i++)
            {
              void *r = NULL;

              if (redisGetReply (self->ctx, &r) != REDIS_OK || r == NULL)
                ok = FALSE;
              else
                {
                  replies[i] = r;
                  if (is_transient_reply (r))
                    transient = TRUE;
                }
            }

          if (!ok)
            {
              g_clear_error (&last_error);
              set_context_error (self, self->ctx, "lost the connection to Redis at",
                                 &last_error);
              rill_redis_disconnect (self);
            }
          else if (transient)
            {
              g_clear_error (&last_error);
              for (i = 0; i < n; i++)
                if (is_transient_reply (replies[i]))
                  {
                    reply_to_error (self, replies[i], NULL, &last_error);
                    break;
                  }
              ok = FALSE;
            }
        }

      if (ok)
        return TRUE;

      for (i = 0; i < n; i++)
        g_clear_pointer (&replies[i], freeReplyObject);

      /* Back off, with jitter, until the reconnect timeout. */
      if (!failing)
        {
          failing = TRUE;
          deadline = g_get_monotonic_time () + (gint64) self->reconnect_timeout * G_USEC_PER_SEC;
          g_debug ("Redis at %s: %s; reconnecting for up to %u s",
                   self->address, last_error->message, self->reconnect_timeout);
        }

      if (g_get_monotonic_time () >= deadline)
        {
          if (self->reconnect_timeout > 0)
            g_prefix_error (&last_error, "gave up after %u s: ", self->reconnect_timeout);
          g_propagate_error (error, g_steal_pointer (&last_error));
          return FALSE;
        }

      {
        guint sleep_ms = delay_ms / 2 + g_random_int_range (0, delay_ms / 2 + 1);
        gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

        if (left_ms < 0)
          left_ms = 0;
        sleep_ms = MIN ((gint64) sleep_ms, left_ms);
        if (!sleep_cancellable (sleep_ms, cancellable))
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            return FALSE;
          }
        delay_ms = MIN (delay_ms * 2, BACKOFF_MAX_MS);
      }
    }
}

static redisReply *
send_one (RillRedis     *self,
          GCancellable  *cancellable,
          char          *cmd,
          size_t         len,
          GError       **error)
{
  redisReply *reply = NULL;

  if (!send_formatted (self, cancellable, 1, &cmd, &len, &reply, error))
    return NULL;

  if (!reply_to_error (self, reply, NULL, error))
    {
      freeReplyObject (reply);
      return NULL;
    }

  return reply;
}

/**
 * rill_redis_command:
 * @self: a #RillRedis
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 * @format: a hiredis command format (`%s`, `%b` with pointer and length...)
 * @...: the arguments of @format
 *
 * Sends one command and waits for its reply, like redisCommand(). A lost
 * connection is re-opened with backoff until the reconnect timeout or
 * @cancellable, and the command sent again. An error reply becomes a
 * %G_IO_ERROR_FAILED “Redis at ADDR: <message>”.
 *
 * Returns: (transfer full) (nullable): the reply (free it with
 *   freeReplyObject() or hold it in a `g_autoptr (RillRedisReply)`), or
 *   %NULL with @error set
 */
redisReply *
rill_redis_command (RillRedis     *self,
                    GCancellable  *cancellable,
                    GError       **error,
                    const char    *format,
                    ...)
{
  char *cmd = NULL;
  redisReply *reply;
  va_list ap;
  int len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  va_start (ap, format);
  len = redisvFormatCommand (&cmd, format, ap);
  va_end (ap);

  if (len < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid Redis command format “%s”", format);
      return NULL;
    }

  reply = send_one (self, cancellable, cmd, (size_t) len, error);
  redisFreeCommand (cmd);
  return reply;
}

/**
 * rill_redis_commandv:
 * @self: a #RillRedis
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 * @argc: number of arguments
 * @argv: (array length=argc): the command and its arguments
 * @argvlen: (array length=argc) (nullable): their lengths, or %NULL when
 *   all are nul-terminated strings
 *
 * Like rill_redis_command(), from an argument vector.
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
redisReply *
rill_redis_commandv (RillRedis     *self,
                     GCancellable  *cancellable,
                     GError       **error,
                     int            argc,
                     const char   **argv,
                     const size_t  *argvlen)
{
  char *cmd = NULL;
  redisReply *reply;
  int len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (argc > 0 && argv != NULL, NULL);

  len = redisFormatCommandArgv (&cmd, argc, argv, argvlen);
  if (len < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "cannot format a Redis command");
      return NULL;
    }

  reply = send_one (self, cancellable, cmd, (size_t) len, error);
  redisFreeCommand (cmd);
  return reply;
}

/**
 * rill_redis_pipeline:
 * @self: a #RillRedis
 * @cancellable: (nullable): a #GCancellable
 * @n: number of commands
 * @argc: (array length=n): argument count of each command
 * @argv: (array length=n): argument vector of each command
 * @argvlen: (array length=n) (nullable): argument lengths of each command;
 *   %NULL (or a %NULL entry) for nul-terminated strings
 * @replies: (array length=n) (out caller-allocates): the replies
 * @error: return location for a #GError
 *
 * Sends @n commands in one round trip and reads their replies. When the
 * connection is lost, all @n commands are sent again on the new one (so
 * the commands before the break may run twice).
 *
 * Unlike rill_redis_command(), an error reply of one command does not fail
 * the call: it is left in @replies as a `REDIS_REPLY_ERROR` for the
 * caller to check (see rill_redis_reply_check()).
 *
 * Returns: %TRUE when all @n replies were read; each `replies[i]` is then
 *   owned by the caller (freeReplyObject()). On %FALSE all are %NULL.
 */
gboolean
rill_redis_pipeline (RillRedis      *self,
                     GCancellable   *cancellable,
                     guint           n,
                     const int      *argc,
                     const char   ***argv,
                     const size_t  **argvlen,
                     redisReply    **replies,
                     GError        **error)
{
  g_autofree char **cmds = NULL;
  g_autofree size_t *lens = NULL;
  gboolean ok = TRUE;
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (argc != NULL && argv != NULL && replies != NULL), FALSE);

  if (n == 0)
    return TRUE;

  cmds = g_new0 (char *, n);
  lens = g_new0 (size_t, n);

  for (i = 0; i < n; i++)
    {
      int len = redisFormatCommandArgv (&cmds[i], argc[i], argv[i],
                                        argvlen != NULL ? argvlen[i] : NULL);
      if (len < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "cannot format Redis command %u of %u", i + 1, n);
          ok = FALSE;
          break;
        }
      lens[i] = (size_t) len;
    }

  if (ok)
    ok = send_formatted (self, cancellable, n, cmds, lens, replies, error);
  else
    memset (replies, 0, n * sizeof (redisReply *));

  for (i = 0; i < n; i++)
    if (cmds[i] != NULL)
      redisFreeCommand (cmds[i]);

  return ok;
}

/**
 * rill_redis_reply_check:
 * @self: a #RillRedis
 * @reply: a reply
 * @error: return location for a #GError
 *
 * Turns an error reply into a %G_IO_ERROR_FAILED “Redis at ADDR: <message>”.
 *
 * Returns: %FALSE when @reply is a `REDIS_REPLY_ERROR`
 */
gboolean
rill_redis_reply_check (RillRedis   *self,
                        redisReply  *reply,
                        GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  return reply_to_error (self, reply, NULL, error);
}
