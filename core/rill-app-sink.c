/* rill-app-sink.c: hands a pipeline's docs to application code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-app-sink.h"
#include "rill-error.h"

/**
 * RillAppSink:
 *
 * A sink that hands the docs reaching it to application code.
 *
 * There are two ways to receive the docs:
 *
 * - pull (the default): docs wait in a queue, and the application takes
 *   them out with [method@Rill.AppSink.pull_doc], which blocks until a
 *   doc arrives and returns %NULL at the end of the stream. The queue is
 *   unbounded unless [property@Rill.AppSink:max-queued] is set; with a
 *   limit, the pipeline waits while it is full (backpressure), so pull
 *   from another thread than the one running the pipeline or use
 *   [method@Rill.Pipeline.run_async];
 * - signals: with [property@Rill.AppSink:emit-signals] set, each doc is
 *   given to the [signal@Rill.AppSink::new-doc] signal instead, and
 *   nothing is queued.
 *
 * ```c
 * RillAppSink *sink = rill_app_sink_new ("out");
 * ...
 * rill_pipeline_run (pipeline, NULL, &error);
 * while ((doc = rill_app_sink_pull_doc (sink, NULL)) != NULL)
 *   {
 *     g_print ("%s\n", rill_doc_get_string (doc, RILL_FIELD_TITLE));
 *     rill_doc_unref (doc);
 *   }
 * ```
 *
 * The end of the stream is known once the pipeline flushes the sink at
 * the end of the run, or stops it. Starting a new run resets the sink:
 * docs not pulled from the previous run are dropped.
 *
 * The registry knows this element as `app-sink`.
 */

/* How often a blocked render or pull re-checks for a cancel that did not
 * come through a cancellable it could connect to. */
#define RECHECK_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

#define DEFAULT_MAX_QUEUED 0

struct _RillAppSink
{
  RillSink parent_instance;

  GMutex lock;
  GCond cond;
  GQueue queue;        /* of RillDoc*, owned */
  guint max_queued;
  gboolean emit_signals;
  gboolean eos;
};

enum {
  PROP_0,
  PROP_EMIT_SIGNALS,
  PROP_MAX_QUEUED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_NEW_DOC,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RillAppSink, rill_app_sink, RILL_TYPE_SINK)

static void
clear_queue_locked (RillAppSink *self)
{
  RillDoc *doc;

  while ((doc = g_queue_pop_head (&self->queue)) != NULL)
    rill_doc_unref (doc);
}

static gboolean
rill_app_sink_render (RillSink  *sink,
                      RillDoc   *doc,
                      GError   **error)
{
  RillAppSink *self = RILL_APP_SINK (sink);
  gboolean emit;

  g_mutex_lock (&self->lock);
  emit = self->emit_signals;
  g_mutex_unlock (&self->lock);

  if (emit)
    {
      g_signal_emit (self, signals[SIGNAL_NEW_DOC], 0, doc);
      return TRUE;
    }

  g_mutex_lock (&self->lock);
  while (self->max_queued != 0 && g_queue_get_length (&self->queue) >= self->max_queued)
    {
      gboolean cancelled;

      /* Not under our lock: it takes the pipeline's. */
      g_mutex_unlock (&self->lock);
      cancelled = rill_element_is_cancelled (RILL_ELEMENT (self));
      g_mutex_lock (&self->lock);

      if (cancelled)
        {
          g_mutex_unlock (&self->lock);
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_CANCELLED,
                       "Cancelled while the queue of %s was full",
                       rill_element_get_name (RILL_ELEMENT (self)));
          return FALSE;
        }
      if (g_queue_get_length (&self->queue) >= self->max_queued)
        g_cond_wait_until (&self->cond, &self->lock,
                           g_get_monotonic_time () + RECHECK_INTERVAL_US);
    }
  g_queue_push_tail (&self->queue, rill_doc_ref (doc));
  /* Only a puller waiting on an empty queue needs waking. */
  if (g_queue_get_length (&self->queue) == 1)
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static void
mark_eos (RillAppSink *self)
{
  g_mutex_lock (&self->lock);
  self->eos = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
rill_app_sink_flush (RillSink  *sink,
                     GError   **error)
{
  RillAppSink *self = RILL_APP_SINK (sink);

  /* The pipeline flushes sinks at the end of the stream and after a
   * cancel; either way no more docs come. */
  mark_eos (self);

  return TRUE;
}

static gboolean
rill_app_sink_start (RillElement  *element,
                     GError      **error)
{
  RillAppSink *self = RILL_APP_SINK (element);

  g_mutex_lock (&self->lock);
  clear_queue_locked (self);
  self->eos = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gboolean
rill_app_sink_stop (RillElement  *element,
                    GError      **error)
{
  RillAppSink *self = RILL_APP_SINK (element);

  mark_eos (self);

  return TRUE;
}

static void
on_pull_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  RillAppSink *self = user_data;

  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
rill_app_sink_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillAppSink *self = RILL_APP_SINK (object);

  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
    case PROP_EMIT_SIGNALS:
      g_value_set_boolean (value, self->emit_signals);
      break;

    case PROP_MAX_QUEUED:
      g_value_set_uint (value, self->max_queued);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  g_mutex_unlock (&self->lock);
}

static void
rill_app_sink_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillAppSink *self = RILL_APP_SINK (object);
  gboolean changed = FALSE;

  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
    case PROP_EMIT_SIGNALS:
      changed = self->emit_signals != g_value_get_boolean (value);
      self->emit_signals = g_value_get_boolean (value);
      break;

    case PROP_MAX_QUEUED:
      changed = self->max_queued != g_value_get_uint (value);
      self->max_queued = g_value_get_uint (value);
      g_cond_broadcast (&self->cond);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
rill_app_sink_finalize (GObject *object)
{
  RillAppSink *self = RILL_APP_SINK (object);

  clear_queue_locked (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (rill_app_sink_parent_class)->finalize (object);
}

static void
rill_app_sink_class_init (RillAppSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_app_sink_get_property;
  object_class->set_property = rill_app_sink_set_property;
  object_class->finalize = rill_app_sink_finalize;

  element_class->start = rill_app_sink_start;
  element_class->stop = rill_app_sink_stop;

  sink_class->render = rill_app_sink_render;
  sink_class->flush = rill_app_sink_flush;

  /**
   * RillAppSink:emit-signals:
   *
   * Whether each doc is given to [signal@Rill.AppSink::new-doc] instead
   * of being queued for [method@Rill.AppSink.pull_doc].
   */
  properties[PROP_EMIT_SIGNALS] =
    g_param_spec_boolean ("emit-signals", "Emit signals",
                          "Give each doc to the new-doc signal instead of "
                          "queueing it for pull",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * RillAppSink:max-queued:
   *
   * How many docs may wait to be pulled; when the queue is full, the
   * pipeline waits until the application pulls one. 0 (the default, as
   * in GStreamer's appsink) means no limit, so a script may run the
   * pipeline to the end and pull afterwards; set a limit to keep memory
   * bounded when pulling while it runs.
   */
  properties[PROP_MAX_QUEUED] =
    g_param_spec_uint ("max-queued", "Max queued",
                       "Docs that may wait to be pulled (0: no limit); when "
                       "the queue is full the pipeline waits",
                       0, G_MAXUINT, DEFAULT_MAX_QUEUED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RillAppSink::new-doc:
   * @self: the app sink
   * @doc: the doc that reached the sink
   *
   * Emitted for each doc when [property@Rill.AppSink:emit-signals] is
   * set. It is emitted on one of the pipeline's worker threads, not on
   * the thread that runs the pipeline nor on its main context: a handler
   * that touches a user interface must hand the doc over to the main
   * thread (with g_main_context_invoke(), for example). Handlers are
   * never called from two threads at once. Keep a reference to @doc to
   * use it after the handler returns.
   */
  signals[SIGNAL_NEW_DOC] =
    g_signal_new ("new-doc",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RILL_TYPE_DOC);

  rill_element_class_set_metadata (element_class,
                                   "Application sink",
                                   "Sink/Application",
                                   "Hands docs to application code",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_app_sink_init (RillAppSink *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  self->max_queued = DEFAULT_MAX_QUEUED;
}

/**
 * rill_app_sink_new:
 * @name: (nullable): the element's name, or %NULL for a generated one
 *
 * Creates an app sink, to be added to a pipeline with
 * [method@Rill.Pipeline.add].
 *
 * Returns: (transfer full): a new [class@Rill.AppSink]
 */
RillAppSink *
rill_app_sink_new (const char *name)
{
  return g_object_new (RILL_TYPE_APP_SINK, "name", name, NULL);
}

/**
 * rill_app_sink_pull_doc:
 * @self: a [class@Rill.AppSink]
 * @cancellable: (nullable): a #GCancellable to stop waiting
 *
 * Takes the next doc out of the queue, waiting for one if the queue is
 * empty and the stream has not ended. Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): the next doc, or %NULL at the end
 *   of the stream or when @cancellable was cancelled
 */
RillDoc *
rill_app_sink_pull_doc (RillAppSink  *self,
                        GCancellable *cancellable)
{
  RillDoc *doc = NULL;
  gulong handler = 0;

  g_return_val_if_fail (RILL_IS_APP_SINK (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable,
                                     G_CALLBACK (on_pull_cancelled),
                                     self, NULL);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      guint before = g_queue_get_length (&self->queue);

      doc = g_queue_pop_head (&self->queue);
      if (doc != NULL)
        {
          /* Only a render waiting on a full queue needs waking. */
          if (self->max_queued != 0 && before >= self->max_queued)
            g_cond_broadcast (&self->cond);
          break;
        }
      if (self->eos || g_cancellable_is_cancelled (cancellable))
        break;
      if (cancellable != NULL)
        g_cond_wait (&self->cond, &self->lock);
      else
        g_cond_wait_until (&self->cond, &self->lock,
                           g_get_monotonic_time () + RECHECK_INTERVAL_US);
    }
  g_mutex_unlock (&self->lock);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  return doc;
}

/**
 * rill_app_sink_is_eos:
 * @self: a [class@Rill.AppSink]
 *
 * Whether the stream has ended and every queued doc has been pulled, so
 * that [method@Rill.AppSink.pull_doc] would return %NULL at once.
 *
 * Returns: %TRUE at the end of the stream with an empty queue
 */
gboolean
rill_app_sink_is_eos (RillAppSink *self)
{
  gboolean ret;

  g_return_val_if_fail (RILL_IS_APP_SINK (self), FALSE);

  g_mutex_lock (&self->lock);
  ret = self->eos && g_queue_is_empty (&self->queue);
  g_mutex_unlock (&self->lock);

  return ret;
}
