/* rill-bus.c: delivers a pipeline's messages on a main context
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-bus.h"
#include "rill-enums.h"

/**
 * RillBus:
 *
 * Carries [struct@Rill.Message]s from a pipeline's threads to the
 * application.
 *
 * While a pipeline runs, its bus is attached to the main context the run
 * was started from, and [signal@Rill.Bus::message] is emitted there, so a
 * GTK application can update its window from the handler. Without an
 * attached context, messages wait in a queue for [method@Rill.Bus.pop].
 */

struct _RillBus
{
  GObject parent_instance;

  GMutex lock;
  GQueue queue;              /* RillMessage * */
  GMainContext *context;     /* where messages are dispatched, or NULL */
  GSource *pending;          /* idle source scheduled on context */
};

G_DEFINE_FINAL_TYPE (RillBus, rill_bus, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rill_bus_finalize (GObject *object)
{
  RillBus *self = RILL_BUS (object);

  rill_bus_detach (self);
  g_queue_clear_full (&self->queue, (GDestroyNotify) rill_message_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_bus_parent_class)->finalize (object);
}

static void
rill_bus_class_init (RillBusClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_bus_finalize;

  /**
   * RillBus::message:
   * @self: the bus
   * @message: the message
   *
   * Emitted on the attached main context for every message. The detail
   * is the message type's nick, so `message::warning` receives warnings
   * only.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RILL_TYPE_MESSAGE);
}

static void
rill_bus_init (RillBus *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->queue);
}

/**
 * rill_bus_new:
 *
 * Creates a new bus.
 *
 * Returns: (transfer full): a new bus
 */
RillBus *
rill_bus_new (void)
{
  return g_object_new (RILL_TYPE_BUS, NULL);
}

static GQuark
detail_for (RillMessage *message)
{
  static GQuark details[RILL_MESSAGE_STATS + 1];
  RillMessageType type = rill_message_get_message_type (message);

  if (G_UNLIKELY (details[type] == 0))
    {
      GEnumClass *klass = g_type_class_ref (RILL_TYPE_MESSAGE_TYPE);
      GEnumValue *value = g_enum_get_value (klass, type);

      details[type] = g_quark_from_static_string (value->value_nick);
      g_type_class_unref (klass);
    }
  return details[type];
}

/**
 * rill_bus_dispatch:
 * @self: a bus
 *
 * Emits [signal@Rill.Bus::message] for every queued message, now, on the
 * calling thread.
 */
void
rill_bus_dispatch (RillBus *self)
{
  RillMessage *message;

  g_return_if_fail (RILL_IS_BUS (self));

  g_object_ref (self);
  while ((message = rill_bus_pop (self)) != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], detail_for (message), message);
      rill_message_unref (message);
    }
  g_object_unref (self);
}

static gboolean
dispatch_idle (gpointer data)
{
  RillBus *self = data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, g_source_unref);
  g_mutex_unlock (&self->lock);
  rill_bus_dispatch (self);
  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule_dispatch (RillBus *self)
{
  if (self->context == NULL || self->pending != NULL || self->queue.length == 0)
    return;
  self->pending = g_idle_source_new ();
  g_source_set_priority (self->pending, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->pending, dispatch_idle, g_object_ref (self), g_object_unref);
  g_source_set_static_name (self->pending, "[rill] bus dispatch");
  g_source_attach (self->pending, self->context);
}

/**
 * rill_bus_post:
 * @self: a bus
 * @message: (transfer none): a message
 *
 * Queues @message; callable from any thread.
 */
void
rill_bus_post (RillBus     *self,
               RillMessage *message)
{
  g_return_if_fail (RILL_IS_BUS (self));
  g_return_if_fail (message != NULL);

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->queue, rill_message_ref (message));
  schedule_dispatch (self);
  g_mutex_unlock (&self->lock);
}

/**
 * rill_bus_attach:
 * @self: a bus
 * @context: (nullable): the main context to deliver messages on; %NULL
 *   for the global default context
 *
 * From now on [signal@Rill.Bus::message] is emitted on @context. The
 * pipeline attaches its bus to the context a run is started from.
 */
void
rill_bus_attach (RillBus      *self,
                 GMainContext *context)
{
  g_return_if_fail (RILL_IS_BUS (self));

  rill_bus_detach (self);
  g_mutex_lock (&self->lock);
  self->context = g_main_context_ref (context != NULL ? context : g_main_context_default ());
  schedule_dispatch (self);
  g_mutex_unlock (&self->lock);
}

/**
 * rill_bus_detach:
 * @self: a bus
 *
 * Stops delivering messages on a main context; they queue for
 * [method@Rill.Bus.pop] instead.
 */
void
rill_bus_detach (RillBus *self)
{
  g_return_if_fail (RILL_IS_BUS (self));

  g_mutex_lock (&self->lock);
  if (self->pending != NULL)
    {
      g_source_destroy (self->pending);
      g_clear_pointer (&self->pending, g_source_unref);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_unlock (&self->lock);
}

/**
 * rill_bus_pop:
 * @self: a bus
 *
 * Takes the oldest queued message without emitting it.
 *
 * Returns: (transfer full) (nullable): a message, or %NULL if none is queued
 */
RillMessage *
rill_bus_pop (RillBus *self)
{
  RillMessage *message;

  g_return_val_if_fail (RILL_IS_BUS (self), NULL);

  g_mutex_lock (&self->lock);
  message = g_queue_pop_head (&self->queue);
  g_mutex_unlock (&self->lock);
  return message;
}
