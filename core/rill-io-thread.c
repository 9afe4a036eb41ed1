/* rill-io-thread.c: the thread async elements run on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-io-thread-private.h"

/* One thread with its own GMainContext: async elements (an HTTP client
 * with hundreds of requests in flight) live there, so their callbacks never
 * compete with the application's main loop or block a worker. */
struct _RillIoThread {
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
};

static gpointer
io_thread_main (gpointer data)
{
  RillIoThread *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  /* Let cancelled operations deliver their callbacks before leaving. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

RillIoThread *
_rill_io_thread_new (void)
{
  RillIoThread *self = g_new0 (RillIoThread, 1);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("rill-io", io_thread_main, self);
  return self;
}

void
_rill_io_thread_invoke (RillIoThread   *self,
                        GSourceFunc     func,
                        gpointer        data,
                        GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[rill] io invoke");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
_rill_io_thread_free (RillIoThread *self)
{
  if (self == NULL)
    return;
  _rill_io_thread_invoke (self, quit_loop, self->loop, NULL);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self);
}
