/* rill-app-src.c: pushes docs from application code into a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-app-src.h"
#include "rill-error.h"
#include "rill-pipeline.h"

/**
 * RillAppSrc:
 *
 * A source whose docs come from application code.
 *
 * The application creates docs and hands them to the pipeline with
 * [method@Rill.AppSrc.push_doc] (or the [signal@Rill.AppSrc::push-doc]
 * action signal in languages that prefer signals), then calls
 * [method@Rill.AppSrc.end_of_stream] once there are no more:
 *
 * ```c
 * RillAppSrc *src = rill_app_src_new ("in");
 * ...
 * for (guint i = 0; i < n_urls; i++)
 *   {
 *     g_autoptr(RillDoc) doc = rill_doc_new ();
 *     rill_doc_set_string (doc, RILL_FIELD_URL, urls[i]);
 *     rill_app_src_push_doc (src, doc);
 *   }
 * rill_app_src_end_of_stream (src);
 * rill_pipeline_run (pipeline, NULL, &error);
 * ```
 *
 * Docs wait in a queue of at most [property@Rill.AppSrc:max-queued]
 * docs. While the element's pipeline runs, a push into a full queue
 * blocks until the pipeline has taken a doc out, so that a fast producer
 * cannot fill the memory; before the run starts pushes never block, so a
 * single-threaded program can push all its docs first and then run the
 * pipeline.
 *
 * A push fails (returns %FALSE) once the end of the stream has been
 * marked, and once the run has been cancelled; docs still queued when a
 * run is cancelled are dropped. When a run has delivered the whole
 * stream, the element is ready for a new stream: push docs and mark the
 * end again before the next run.
 *
 * The registry knows this element as `app-src`.
 */

/* How often a blocked push re-checks whether the pipeline still runs. */
#define RECHECK_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

#define DEFAULT_MAX_QUEUED 4096

struct _RillAppSrc
{
  RillSource parent_instance;

  GMutex lock;
  GCond cond;
  GQueue queue;           /* of RillDoc*, owned */
  guint max_queued;
  gboolean eos;           /* end_of_stream() was called */
  gboolean drained;       /* the end of the stream was delivered */
  gboolean cancelled;     /* the current (or last) run was cancelled */

  GCancellable *cancellable;  /* the run's, while connected */
  gulong cancelled_id;
};

enum {
  PROP_0,
  PROP_MAX_QUEUED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PUSH_DOC,
  SIGNAL_END_OF_STREAM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RillAppSrc, rill_app_src, RILL_TYPE_SOURCE)

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  RillAppSrc *self = user_data;

  g_mutex_lock (&self->lock);
  self->cancelled = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Makes sure the run's cancellable wakes up every waiter. Called from
 * create() without the lock held (g_cancellable_connect() calls the
 * handler at once when the cancellable is already cancelled). */
static void
watch_cancellable (RillAppSrc   *self,
                   GCancellable *cancellable)
{
  if (cancellable == NULL || cancellable == self->cancellable)
    return;

  if (self->cancellable != NULL)
    {
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
      g_clear_object (&self->cancellable);
    }

  self->cancellable = g_object_ref (cancellable);
  self->cancelled_id = g_cancellable_connect (cancellable,
                                              G_CALLBACK (on_cancelled),
                                              self, NULL);
}

static void
unwatch_cancellable (RillAppSrc *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
      self->cancelled_id = 0;
      g_clear_object (&self->cancellable);
    }
}

static void
clear_queue_locked (RillAppSrc *self)
{
  RillDoc *doc;

  while ((doc = g_queue_pop_head (&self->queue)) != NULL)
    rill_doc_unref (doc);
}

/* Waits, with the lock held, until there is a doc, the stream ended or
 * the run was cancelled. Returns TRUE when a doc is there. */
static gboolean
wait_for_doc_locked (RillAppSrc   *self,
                     GCancellable *cancellable)
{
  while (g_queue_is_empty (&self->queue))
    {
      gint64 deadline;

      if (self->eos)
        {
          self->drained = TRUE;
          return FALSE;
        }
      /* Not rill_element_is_cancelled(): it takes the pipeline's lock,
       * which is held while the cancellable runs on_cancelled(). */
      if (self->cancelled || g_cancellable_is_cancelled (cancellable))
        {
          self->cancelled = TRUE;
          return FALSE;
        }

      /* The cancellable handler broadcasts; the timeout is only a safety
       * net for a cancel that reached us through another path. */
      deadline = g_get_monotonic_time () + RECHECK_INTERVAL_US;
      g_cond_wait_until (&self->cond, &self->lock, deadline);
    }

  return TRUE;
}

static RillDoc *
rill_app_src_create (RillSource    *source,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RillAppSrc *self = RILL_APP_SRC (source);
  RillDoc *doc = NULL;

  watch_cancellable (self, cancellable);

  g_mutex_lock (&self->lock);
  if (wait_for_doc_locked (self, cancellable))
    {
      gboolean was_full = g_queue_get_length (&self->queue) >= self->max_queued;

      doc = g_queue_pop_head (&self->queue);
      /* Room for a blocked producer. */
      if (was_full)
        g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  return doc;
}

static guint
rill_app_src_create_batch (RillSource    *source,
                           RillDoc      **docs,
                           guint          max,
                           GCancellable  *cancellable,
                           GError       **error)
{
  RillAppSrc *self = RILL_APP_SRC (source);
  guint n = 0;

  watch_cancellable (self, cancellable);

  g_mutex_lock (&self->lock);
  if (max > 0 && wait_for_doc_locked (self, cancellable))
    {
      gboolean was_full = g_queue_get_length (&self->queue) >= self->max_queued;

      while (n < max && !g_queue_is_empty (&self->queue))
        docs[n++] = g_queue_pop_head (&self->queue);
      /* Only a producer waiting on a full queue needs waking. */
      if (was_full)
        g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  return n;
}

static gboolean
rill_app_src_start (RillElement  *element,
                    GError      **error)
{
  RillAppSrc *self = RILL_APP_SRC (element);

  /* Docs pushed before the run are this run's input: keep them. */
  g_mutex_lock (&self->lock);
  self->cancelled = FALSE;
  self->drained = FALSE;
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gboolean
rill_app_src_stop (RillElement  *element,
                   GError      **error)
{
  RillAppSrc *self = RILL_APP_SRC (element);
  gboolean cancelled = rill_element_is_cancelled (element);

  unwatch_cancellable (self);

  g_mutex_lock (&self->lock);
  if (cancelled)
    self->cancelled = TRUE;
  if (self->cancelled)
    {
      /* Pushes keep failing until the next run starts, so that a
       * producer thread sees the cancel; what it queued is dropped. */
      clear_queue_locked (self);
    }
  else if (self->drained)
    {
      /* The whole stream went through: ready for a new one. */
      self->eos = FALSE;
      self->drained = FALSE;
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gboolean
pipeline_is_running (RillAppSrc *self)
{
  RillPipeline *pipeline = rill_element_get_pipeline (RILL_ELEMENT (self));

  return pipeline != NULL && rill_pipeline_is_running (pipeline);
}

static gboolean
rill_app_src_real_push_doc (RillAppSrc *self,
                            RillDoc    *doc)
{
  gboolean ret = FALSE;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      if (self->eos || self->cancelled)
        goto out;

      if (g_queue_get_length (&self->queue) < self->max_queued)
        break;

      /* Full: wait for room only while the pipeline runs (it will take
       * docs out); before the run, the queue just grows. */
      g_mutex_unlock (&self->lock);
      if (!pipeline_is_running (self))
        {
          g_mutex_lock (&self->lock);
          break;
        }
      if (rill_element_is_cancelled (RILL_ELEMENT (self)))
        {
          g_mutex_lock (&self->lock);
          self->cancelled = TRUE;
          continue;
        }
      g_mutex_lock (&self->lock);

      if (g_queue_get_length (&self->queue) >= self->max_queued &&
          !self->eos && !self->cancelled)
        g_cond_wait_until (&self->cond, &self->lock,
                           g_get_monotonic_time () + RECHECK_INTERVAL_US);
    }

  g_queue_push_tail (&self->queue, rill_doc_ref (doc));
  /* Only the source waiting on an empty queue needs waking. */
  if (g_queue_get_length (&self->queue) == 1)
    g_cond_broadcast (&self->cond);
  ret = TRUE;

out:
  g_mutex_unlock (&self->lock);
  return ret;
}

static void
rill_app_src_real_end_of_stream (RillAppSrc *self)
{
  g_mutex_lock (&self->lock);
  self->eos = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
rill_app_src_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RillAppSrc *self = RILL_APP_SRC (object);

  switch (prop_id)
    {
    case PROP_MAX_QUEUED:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->max_queued);
      g_mutex_unlock (&self->lock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_app_src_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RillAppSrc *self = RILL_APP_SRC (object);

  switch (prop_id)
    {
    case PROP_MAX_QUEUED:
      g_mutex_lock (&self->lock);
      if (self->max_queued != g_value_get_uint (value))
        {
          self->max_queued = g_value_get_uint (value);
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->lock);
          g_object_notify_by_pspec (object, pspec);
        }
      else
        g_mutex_unlock (&self->lock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_app_src_finalize (GObject *object)
{
  RillAppSrc *self = RILL_APP_SRC (object);

  unwatch_cancellable (self);
  clear_queue_locked (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (rill_app_src_parent_class)->finalize (object);
}

static void
rill_app_src_class_init (RillAppSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_app_src_get_property;
  object_class->set_property = rill_app_src_set_property;
  object_class->finalize = rill_app_src_finalize;

  element_class->start = rill_app_src_start;
  element_class->stop = rill_app_src_stop;

  source_class->create = rill_app_src_create;
  source_class->create_batch = rill_app_src_create_batch;

  /**
   * RillAppSrc:max-queued:
   *
   * How many docs may wait in the queue. While the pipeline runs, a push
   * into a full queue blocks until there is room; before the run starts
   * the limit is not enforced.
   */
  properties[PROP_MAX_QUEUED] =
    g_param_spec_uint ("max-queued", "Max queued",
                       "Docs that may wait in the queue; while the pipeline "
                       "runs, a push into a full queue blocks",
                       1, G_MAXUINT, DEFAULT_MAX_QUEUED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RillAppSrc::push-doc:
   * @self: the app source
   * @doc: the doc to queue; the element takes its own reference
   *
   * Action signal that queues @doc, for languages that prefer signals to
   * [method@Rill.AppSrc.push_doc], which it calls.
   *
   * Returns: %TRUE if the doc was queued, %FALSE after the end of the
   *   stream or a cancelled run
   */
  signals[SIGNAL_PUSH_DOC] =
    g_signal_new_class_handler ("push-doc",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (rill_app_src_real_push_doc),
                                NULL, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, RILL_TYPE_DOC);

  /**
   * RillAppSrc::end-of-stream:
   * @self: the app source
   *
   * Action signal that marks the end of the stream, like
   * [method@Rill.AppSrc.end_of_stream].
   */
  signals[SIGNAL_END_OF_STREAM] =
    g_signal_new_class_handler ("end-of-stream",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (rill_app_src_real_end_of_stream),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  rill_element_class_set_metadata (element_class,
                                   "Application source",
                                   "Source/Application",
                                   "Docs pushed by application code",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_app_src_init (RillAppSrc *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  self->max_queued = DEFAULT_MAX_QUEUED;
}

/**
 * rill_app_src_new:
 * @name: (nullable): the element's name, or %NULL for a generated one
 *
 * Creates an app source, to be added to a pipeline with
 * [method@Rill.Pipeline.add].
 *
 * Returns: (transfer full): a new [class@Rill.AppSrc]
 */
RillAppSrc *
rill_app_src_new (const char *name)
{
  return g_object_new (RILL_TYPE_APP_SRC, "name", name, NULL);
}

/**
 * rill_app_src_push_doc:
 * @self: a [class@Rill.AppSrc]
 * @doc: (transfer none): the doc to queue; the element takes its own
 *   reference, so do not change @doc afterwards
 *
 * Queues @doc for the pipeline.
 *
 * While the pipeline runs and [property@Rill.AppSrc:max-queued] docs are
 * already waiting, this blocks until the pipeline takes one out (or the
 * run ends or is cancelled). Before the run starts it never blocks. Safe
 * to call from any thread.
 *
 * Returns: %TRUE if the doc was queued; %FALSE if
 *   [method@Rill.AppSrc.end_of_stream] was already called or the run was
 *   cancelled
 */
gboolean
rill_app_src_push_doc (RillAppSrc *self,
                       RillDoc    *doc)
{
  g_return_val_if_fail (RILL_IS_APP_SRC (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  return rill_app_src_real_push_doc (self, doc);
}

/**
 * rill_app_src_end_of_stream:
 * @self: a [class@Rill.AppSrc]
 *
 * Marks the end of the stream: once the queued docs have gone into the
 * pipeline, the source ends, and further pushes fail. Safe to call from
 * any thread. A pipeline with an app source runs until this is called
 * (or the run is cancelled).
 */
void
rill_app_src_end_of_stream (RillAppSrc *self)
{
  g_return_if_fail (RILL_IS_APP_SRC (self));

  rill_app_src_real_end_of_stream (self);
}
