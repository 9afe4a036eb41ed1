/* redis-test-server.c: a throwaway redis-server for the tests
 *
 * Starts `redis-server --port P --bind 127.0.0.1 --save "" --appendonly no
 * --dir TMP` on a free port, waits (5 s at most) until PING answers, and
 * kills it by its PID; it also gets SIGKILL when the test process dies
 * (PR_SET_PDEATHSIG), so an aborted test leaves no server behind.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "redis-test-server.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <hiredis/hiredis.h>

#define REDIS_SERVER "/usr/bin/redis-server"
#define READY_TIMEOUT_US (5 * G_USEC_PER_SEC)

gboolean
rill_test_redis_available (void)
{
  return g_file_test (REDIS_SERVER, G_FILE_TEST_IS_EXECUTABLE);
}

/* A port nothing listens on right now: bind 127.0.0.1:0 and let go. */
guint
rill_test_redis_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
answers_ping (guint port)
{
  struct timeval tv = { 0, 200000 };
  redisContext *c = redisConnectWithTimeout ("127.0.0.1", port, tv);
  redisReply *reply;
  gboolean ok = FALSE;

  if (c == NULL)
    return FALSE;
  if (!c->err)
    {
      redisSetTimeout (c, tv);
      reply = redisCommand (c, "PING");
      ok = reply != NULL && reply->type == REDIS_REPLY_STATUS && g_strcmp0 (reply->str, "PONG") == 0;
      if (reply != NULL)
        freeReplyObject (reply);
    }
  redisFree (c);
  return ok;
}

/* The server dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
spawn (RillTestRedis *self)
{
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  const char *argv[] = { REDIS_SERVER, "--port", port, "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no", "--dir", self->dir,
                         "--loglevel", "warning", NULL };
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL,
                      die_with_parent, NULL, &self->pid, &error))
    {
      g_printerr ("cannot start %s: %s\n", REDIS_SERVER, error->message);
      self->pid = 0;
      return FALSE;
    }

  deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  while (g_get_monotonic_time () < deadline)
    {
      int status;

      if (answers_ping (self->port))
        return TRUE;
      if (waitpid (self->pid, &status, WNOHANG) == self->pid)
        {
          self->pid = 0;
          return FALSE;
        }
      g_usleep (20000);
    }

  rill_test_redis_kill (self, SIGKILL);
  return FALSE;
}

/* Starts a server on @port (0: a free one); NULL if it does not come up. */
RillTestRedis *
rill_test_redis_start (guint port)
{
  g_autoptr(RillTestRedis) self = g_new0 (RillTestRedis, 1);
  g_autoptr(GError) error = NULL;

  self->dir = g_dir_make_tmp ("rill-redis-XXXXXX", &error);
  g_assert_no_error (error);

  /* A port can be taken between the probe and the start: try a few. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      self->port = port != 0 ? port : rill_test_redis_free_port ();
      if (spawn (self))
        {
          self->url = g_strdup_printf ("redis://127.0.0.1:%u/0", self->port);
          return g_steal_pointer (&self);
        }
      if (port != 0)
        break;
    }
  return NULL;
}

/* Starts the server again on the same port (its data is gone). */
gboolean
rill_test_redis_restart (RillTestRedis *self)
{
  g_return_val_if_fail (self->pid == 0, FALSE);
  return spawn (self);
}

/* Sends @signum to the server and reaps it (SIGKILL after 5 s). */
void
rill_test_redis_kill (RillTestRedis *self,
                      int            signum)
{
  gint64 deadline;

  if (self->pid == 0)
    return;

  kill (self->pid, signum);
  deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  for (;;)
    {
      int status;
      pid_t r = waitpid (self->pid, &status, WNOHANG);

      if (r == self->pid || (r < 0 && errno != EINTR))
        break;
      if (g_get_monotonic_time () >= deadline && signum != SIGKILL)
        {
          kill (self->pid, SIGKILL);
          signum = SIGKILL;
          deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
        }
      g_usleep (10000);
    }
  g_spawn_close_pid (self->pid);
  self->pid = 0;
}

void
rill_test_redis_free (RillTestRedis *self)
{
  if (self == NULL)
    return;

  rill_test_redis_kill (self, SIGTERM);
  if (self->dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (self->dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (self->dir);
    }
  g_free (self->dir);
  g_free (self->url);
  g_free (self);
}
