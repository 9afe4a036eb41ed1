/* rill-pipeline.c: a graph of linked elements and the scheduler that runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-pipeline.h"
#include "rill-pipeline-private.h"
#include "rill-dead-letter-private.h"
#include "rill-element-private.h"
#include "rill-error.h"
#include "rill-message.h"
#include "rill-scheduler-private.h"
#include "rill-sink.h"
#include "rill-source.h"

/**
 * RillPipeline:
 *
 * A graph of linked elements and the machinery that runs it.
 *
 * ```c
 * g_autoptr(RillPipeline) pipeline = rill_parse_launch (
 *     "file-src location=urls.txt mode=lines ! http-fetch ! html-extract ! "
 *     "jsonl-sink location=out.jsonl", &error);
 * if (pipeline == NULL || !rill_pipeline_run (pipeline, NULL, &error))
 *   g_printerr ("%s\n", error->message);
 * ```
 *
 * Concurrency is the pipeline's job: it runs parallel elements on
 * [property@Rill.Pipeline:threads] worker threads, keeps async elements
 * at their in-flight limit on an I/O thread, and bounds every queue so
 * memory stays flat however long the input (see docs/architecture.md).
 *
 * A run ends when every doc has been accounted for: passed to a sink,
 * filtered, found a duplicate, or failed. One failed doc never stops the
 * run; it is posted as a warning on the [class@Rill.Bus] and kept in the
 * [property@Rill.Pipeline:errors-location] file. Cancelling the
 * #GCancellable given to [method@Rill.Pipeline.run] stops the sources; what
 * is already in the pipeline flows out and the sinks flush, so nothing is
 * left half-written.
 */

struct _RillPipeline
{
  GObject parent_instance;

  GPtrArray *elements;         /* owned, in the order added */
  GHashTable *names;           /* element name -> element */
  GHashTable *name_counters;   /* factory name -> next number to try */
  RillBus *bus;
  guint threads;
  gboolean ordered;
  guint batch_size;
  guint queue_size;
  guint64 queue_bytes;
  guint checkpoint_interval;
  guint progress_interval;
  char *errors_location;

  /* While running. */
  GMutex run_lock;
  RillScheduler *scheduler;
  RillDeadLetter *dead_letter;
  GTask *task;
  GMainContext *context;
  GCancellable *user_cancellable;
  gulong cancel_id;
  GSource *progress;
  GPtrArray *order;            /* topological order of the run */
  RillDoc *last_stats;
};

G_DEFINE_FINAL_TYPE (RillPipeline, rill_pipeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_THREADS,
  PROP_ORDERED,
  PROP_BATCH_SIZE,
  PROP_QUEUE_SIZE,
  PROP_QUEUE_BYTES,
  PROP_CHECKPOINT_INTERVAL,
  PROP_PROGRESS_INTERVAL,
  PROP_ERRORS_LOCATION,
  PROP_BUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rill_pipeline_dispose (GObject *object)
{
  RillPipeline *self = RILL_PIPELINE (object);

  if (self->elements != NULL)
    for (guint i = 0; i < self->elements->len; i++)
      _rill_element_set_pipeline (self->elements->pdata[i], NULL);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->name_counters, g_hash_table_unref);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (rill_pipeline_parent_class)->dispose (object);
}

static void
rill_pipeline_finalize (GObject *object)
{
  RillPipeline *self = RILL_PIPELINE (object);

  g_free (self->errors_location);
  g_clear_pointer (&self->last_stats, rill_doc_unref);
  g_mutex_clear (&self->run_lock);

  G_OBJECT_CLASS (rill_pipeline_parent_class)->finalize (object);
}

static void
rill_pipeline_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillPipeline *self = RILL_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_THREADS:
      g_value_set_uint (value, self->threads);
      break;
    case PROP_ORDERED:
      g_value_set_boolean (value, self->ordered);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_QUEUE_SIZE:
      g_value_set_uint (value, self->queue_size);
      break;
    case PROP_QUEUE_BYTES:
      g_value_set_uint64 (value, self->queue_bytes);
      break;
    case PROP_CHECKPOINT_INTERVAL:
      g_value_set_uint (value, self->checkpoint_interval);
      break;
    case PROP_PROGRESS_INTERVAL:
      g_value_set_uint (value, self->progress_interval);
      break;
    case PROP_ERRORS_LOCATION:
      g_value_set_string (value, self->errors_location);
      break;
    case PROP_BUS:
      g_value_set_object (value, self->bus);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_pipeline_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillPipeline *self = RILL_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_THREADS:
      rill_pipeline_set_threads (self, g_value_get_uint (value));
      break;
    case PROP_ORDERED:
      rill_pipeline_set_ordered (self, g_value_get_boolean (value));
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = g_value_get_uint (value);
      break;
    case PROP_QUEUE_SIZE:
      self->queue_size = g_value_get_uint (value);
      break;
    case PROP_QUEUE_BYTES:
      self->queue_bytes = g_value_get_uint64 (value);
      break;
    case PROP_CHECKPOINT_INTERVAL:
      self->checkpoint_interval = g_value_get_uint (value);
      break;
    case PROP_PROGRESS_INTERVAL:
      self->progress_interval = g_value_get_uint (value);
      break;
    case PROP_ERRORS_LOCATION:
      rill_pipeline_set_errors_location (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_pipeline_class_init (RillPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_pipeline_dispose;
  object_class->finalize = rill_pipeline_finalize;
  object_class->get_property = rill_pipeline_get_property;
  object_class->set_property = rill_pipeline_set_property;

  /**
   * RillPipeline:threads:
   *
   * Worker threads for serial and parallel elements; 0 means one per CPU.
   */
  properties[PROP_THREADS] =
    g_param_spec_uint ("threads", NULL, NULL, 0, 1024, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:ordered:
   *
   * Whether docs leave parallel and async elements in the order they came
   * in. On by default, so results and serial decisions (which copy dedupe
   * keeps) do not depend on the thread count; off trades that for
   * throughput when one slow doc would hold the others back.
   */
  properties[PROP_ORDERED] =
    g_param_spec_boolean ("ordered", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:batch-size:
   *
   * Docs moved between elements at once.
   */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 65536, 64,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:queue-size:
   *
   * Docs allowed to wait in front of one element; upstream elements pause
   * beyond it (backpressure).
   */
  properties[PROP_QUEUE_SIZE] =
    g_param_spec_uint ("queue-size", NULL, NULL, 1, G_MAXUINT, 1024,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:queue-bytes:
   *
   * Bytes the docs waiting in front of one element may hold (their
   * strings and bodies) before upstream elements pause, so that large
   * pages do not multiply memory by queue-size; 0 for no byte limit. One
   * doc always gets through, however large.
   */
  properties[PROP_QUEUE_BYTES] =
    g_param_spec_uint64 ("queue-bytes", NULL, NULL, 0, G_MAXUINT64, 16 * 1024 * 1024,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:checkpoint-interval:
   *
   * Milliseconds between flushes of a sink that holds docs a source
   * tracks (see [method@Rill.Source.track]): how long a source may wait
   * to acknowledge what was written. Sinks holding no tracked docs are
   * flushed only at the end.
   */
  properties[PROP_CHECKPOINT_INTERVAL] =
    g_param_spec_uint ("checkpoint-interval", NULL, NULL, 1, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:progress-interval:
   *
   * Milliseconds between progress messages on the bus; 0 for none.
   */
  properties[PROP_PROGRESS_INTERVAL] =
    g_param_spec_uint ("progress-interval", NULL, NULL, 0, G_MAXUINT, 500,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:errors-location:
   *
   * A JSON Lines file that receives every failed doc with its error (the
   * dead-letter file); %NULL for none.
   */
  properties[PROP_ERRORS_LOCATION] =
    g_param_spec_string ("errors-location", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RillPipeline:bus:
   *
   * The bus messages of this pipeline are posted on.
   */
  properties[PROP_BUS] =
    g_param_spec_object ("bus", NULL, NULL, RILL_TYPE_BUS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_pipeline_init (RillPipeline *self)
{
  self->elements = g_ptr_array_new_with_free_func (g_object_unref);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->name_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bus = rill_bus_new ();
  self->ordered = TRUE;
  self->batch_size = 64;
  self->queue_size = 1024;
  self->queue_bytes = 16 * 1024 * 1024;
  self->checkpoint_interval = 1000;
  self->progress_interval = 500;
  g_mutex_init (&self->run_lock);
}

/**
 * rill_pipeline_new:
 *
 * Creates a new, empty pipeline.
 *
 * Returns: (transfer full): a new, empty pipeline
 */
RillPipeline *
rill_pipeline_new (void)
{
  return g_object_new (RILL_TYPE_PIPELINE, NULL);
}

/**
 * rill_pipeline_add:
 * @self: a pipeline
 * @element: (transfer none): an element not in any pipeline
 * @error: return location for an error
 *
 * Adds @element; the pipeline keeps a reference. An element without a
 * name gets `<factory>N`. Two elements may not share a name.
 *
 * Returns: %TRUE when added
 */
gboolean
rill_pipeline_add (RillPipeline  *self,
                   RillElement   *element,
                   GError       **error)
{
  const char *name;

  g_return_val_if_fail (RILL_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (RILL_IS_ELEMENT (element), FALSE);

  if (rill_pipeline_is_running (self))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                   "cannot add elements to a running pipeline");
      return FALSE;
    }
  if (rill_element_get_pipeline (element) != NULL)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                   "element '%s' is already in a pipeline", rill_element_get_name (element));
      return FALSE;
    }

  name = rill_element_get_name (element);
  if (name == NULL)
    {
      const char *factory = rill_element_get_factory_name (element);
      g_autofree char *base = g_strdup (factory != NULL ? factory : G_OBJECT_TYPE_NAME (element));

      /* A counter per factory keeps adding many elements linear. */
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->name_counters, base));

      for (;; n++)
        {
          g_autofree char *candidate = g_strdup_printf ("%s%u", base, n);

          if (rill_pipeline_get_by_name (self, candidate) == NULL)
            {
              rill_element_set_name (element, candidate);
              break;
            }
        }
      g_hash_table_insert (self->name_counters, g_strdup (base), GUINT_TO_POINTER (n + 1));
    }
  else if (rill_pipeline_get_by_name (self, name) != NULL)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                   "the pipeline already has an element named '%s'", name);
      return FALSE;
    }

  g_ptr_array_add (self->elements, g_object_ref (element));
  g_hash_table_insert (self->names, g_strdup (rill_element_get_name (element)), element);
  _rill_element_set_pipeline (element, self);
  return TRUE;
}

/**
 * rill_pipeline_get_by_name:
 * @self: a pipeline
 * @name: an element name
 *
 * Gets the element of that name.
 *
 * Returns: (transfer none) (nullable): the element of that name
 */
RillElement *
rill_pipeline_get_by_name (RillPipeline *self,
                           const char   *name)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Names are fixed once an element is added (see rill_element_set_name),
   * so the index stays right. */
  return g_hash_table_lookup (self->names, name);
}

/**
 * rill_pipeline_get_elements:
 * @self: a pipeline
 *
 * Gets the elements, in the order they were added.
 *
 * Returns: (transfer container) (element-type RillElement): the elements,
 *   in the order they were added
 */
GPtrArray *
rill_pipeline_get_elements (RillPipeline *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (RILL_IS_PIPELINE (self), NULL);

  /* The copy would inherit the free function of the pipeline's array. */
  copy = g_ptr_array_copy (self->elements, NULL, NULL);
  g_ptr_array_set_free_func (copy, NULL);
  return copy;
}

/**
 * rill_pipeline_get_bus:
 * @self: a pipeline
 *
 * Gets the pipeline's bus.
 *
 * Returns: (transfer none): the pipeline's bus
 */
RillBus *
rill_pipeline_get_bus (RillPipeline *self)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), NULL);
  return self->bus;
}

/**
 * rill_pipeline_get_threads:
 * @self: a pipeline
 *
 * Gets the configured number of worker threads (0: one per CPU).
 *
 * Returns: the configured number of worker threads (0: one per CPU)
 */
guint
rill_pipeline_get_threads (RillPipeline *self)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), 0);
  return self->threads;
}

/**
 * rill_pipeline_set_threads:
 * @self: a pipeline
 * @threads: worker threads; 0 for one per CPU
 *
 * Sets [property@Rill.Pipeline:threads] for the next run.
 */
void
rill_pipeline_set_threads (RillPipeline *self,
                           guint         threads)
{
  g_return_if_fail (RILL_IS_PIPELINE (self));

  if (self->threads == threads)
    return;
  self->threads = threads;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THREADS]);
}

/**
 * rill_pipeline_get_ordered:
 * @self: a pipeline
 *
 * Tells whether docs keep their input order.
 *
 * Returns: whether docs keep their input order
 */
gboolean
rill_pipeline_get_ordered (RillPipeline *self)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), TRUE);
  return self->ordered;
}

/**
 * rill_pipeline_set_ordered:
 * @self: a pipeline
 * @ordered: whether docs keep their input order
 *
 * Sets [property@Rill.Pipeline:ordered] for the next run.
 */
void
rill_pipeline_set_ordered (RillPipeline *self,
                           gboolean      ordered)
{
  g_return_if_fail (RILL_IS_PIPELINE (self));

  ordered = !!ordered;
  if (self->ordered == ordered)
    return;
  self->ordered = ordered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDERED]);
}

/**
 * rill_pipeline_get_errors_location:
 * @self: a pipeline
 *
 * Gets the dead-letter file.
 *
 * Returns: (nullable) (type filename): the dead-letter file
 */
const char *
rill_pipeline_get_errors_location (RillPipeline *self)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), NULL);
  return self->errors_location;
}

/**
 * rill_pipeline_set_errors_location:
 * @self: a pipeline
 * @path: (nullable) (type filename): a JSON Lines file for failed docs
 *
 * Sets [property@Rill.Pipeline:errors-location]; the file is created (or
 * truncated) when the run starts.
 */
void
rill_pipeline_set_errors_location (RillPipeline *self,
                                   const char   *path)
{
  g_return_if_fail (RILL_IS_PIPELINE (self));

  if (g_strcmp0 (self->errors_location, path) == 0)
    return;
  g_free (self->errors_location);
  self->errors_location = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS_LOCATION]);
}

/**
 * rill_pipeline_is_running:
 * @self: a pipeline
 *
 * Tells whether the pipeline is running (between the start of a run and its end).
 *
 * Returns: %TRUE between the start of a run and its end
 */
gboolean
rill_pipeline_is_running (RillPipeline *self)
{
  gboolean running;

  g_return_val_if_fail (RILL_IS_PIPELINE (self), FALSE);

  g_mutex_lock (&self->run_lock);
  running = self->task != NULL;
  g_mutex_unlock (&self->run_lock);
  return running;
}

/**
 * rill_pipeline_get_stats:
 * @self: a pipeline
 *
 * The accounting of the current run, or of the last one: one field per
 * element (in topological order), each a doc with the int fields `in`,
 * `out`, `filtered`, `duplicate`, `failed`, the double `time-ms`, the
 * string `factory` and, when docs were filtered, a doc `filter-reasons`
 * counting each reason.
 *
 * Returns: (transfer full): a doc of counters, empty before the first run
 */
RillDoc *
rill_pipeline_get_stats (RillPipeline *self)
{
  RillDoc *stats;

  g_return_val_if_fail (RILL_IS_PIPELINE (self), NULL);

  g_mutex_lock (&self->run_lock);
  if (self->scheduler != NULL)
    stats = _rill_scheduler_get_stats (self->scheduler);
  else if (self->last_stats != NULL)
    stats = rill_doc_ref (self->last_stats);
  else
    stats = rill_doc_new ();
  g_mutex_unlock (&self->run_lock);
  return stats;
}

/* ---- failures --------------------------------------------------------- */

static void
post (RillPipeline    *self,
      RillMessageType  type,
      RillElement     *element,
      const GError    *error,
      RillDoc         *doc)
{
  g_autoptr(RillMessage) message =
    rill_message_new (type, element != NULL ? rill_element_get_name (element) : NULL, error, doc);

  rill_bus_post (self->bus, message);
}

void
_rill_pipeline_report_failure (RillPipeline *self,
                               RillElement  *element,
                               RillDoc      *doc,
                               const GError *error)
{
  RillStage *stage = _rill_element_get_stage (element);

  if (stage != NULL)
    __atomic_fetch_add (&stage->n_failed, 1, __ATOMIC_RELAXED);
  if (self->dead_letter != NULL)
    _rill_dead_letter_write (self->dead_letter, rill_element_get_name (element), doc, error);
  post (self, RILL_MESSAGE_WARNING, element, error, doc);
}

void
_rill_pipeline_post_warning (RillPipeline *self,
                             RillElement  *element,
                             const GError *error)
{
  post (self, RILL_MESSAGE_WARNING, element, error, NULL);
}

gboolean
_rill_pipeline_is_cancelled (RillPipeline *self)
{
  gboolean cancelled;

  g_mutex_lock (&self->run_lock);
  cancelled = self->scheduler != NULL && _rill_scheduler_is_cancelled (self->scheduler);
  g_mutex_unlock (&self->run_lock);
  return cancelled;
}

/* ---- running ---------------------------------------------------------- */

static const char *
name_of (gpointer element)
{
  return rill_element_get_name (element);
}

/* A run-stopping error, prefixed with the element's name unless the
 * element already named itself. */
static GError *
wrap_error (RillElement  *element,
            const GError *error,
            const char   *fallback)
{
  const char *name = name_of (element);
  const char *message = error != NULL ? error->message : fallback;
  gsize len = strlen (name);

  if (strncmp (message, name, len) == 0 && message[len] == ':')
    return g_error_new_literal (RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED, message);
  return g_error_new (RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED, "%s: %s", name, message);
}

/* Checks the graph and returns its elements in topological order. */
static GPtrArray *
sort_elements (RillPipeline  *self,
               GError       **error)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) pending = g_hash_table_new (NULL, NULL);
  gboolean any_source = FALSE;

  if (self->elements->len == 0)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                   "the pipeline has no elements");
      return NULL;
    }

  for (guint i = 0; i < self->elements->len; i++)
    {
      RillElement *element = self->elements->pdata[i];
      g_autoptr(GPtrArray) inputs = rill_element_get_inputs (element);
      g_autoptr(GPtrArray) outputs = rill_element_get_outputs (element);
      gboolean is_source = RILL_IS_SOURCE (element);
      gboolean is_sink = RILL_IS_SINK (element);

      for (guint j = 0; j < outputs->len; j++)
        if (rill_element_get_pipeline (outputs->pdata[j]) != self)
          {
            g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                         "element '%s' links to '%s', which is not in the pipeline",
                         name_of (element), name_of (outputs->pdata[j]));
            return NULL;
          }
      if (!is_source && inputs->len == 0)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                       "element '%s' has no input; link a source to it", name_of (element));
          return NULL;
        }
      if (!is_sink && outputs->len == 0)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                       "element '%s' has no output; end the pipeline with a sink (fake-sink discards)",
                       name_of (element));
          return NULL;
        }
      any_source |= is_source;
      g_hash_table_insert (pending, element, GUINT_TO_POINTER (inputs->len));
    }
  if (!any_source)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "the pipeline has no source");
      return NULL;
    }

  /* Kahn's algorithm, keeping the order elements were added in. */
  while (order->len < self->elements->len)
    {
      gboolean progress = FALSE;

      for (guint i = 0; i < self->elements->len; i++)
        {
          RillElement *element = self->elements->pdata[i];
          g_autoptr(GPtrArray) outputs = NULL;

          if (!g_hash_table_contains (pending, element) ||
              GPOINTER_TO_UINT (g_hash_table_lookup (pending, element)) != 0)
            continue;
          g_hash_table_remove (pending, element);
          g_ptr_array_add (order, g_object_ref (element));
          progress = TRUE;
          outputs = rill_element_get_outputs (element);
          for (guint j = 0; j < outputs->len; j++)
            {
              guint left = GPOINTER_TO_UINT (g_hash_table_lookup (pending, outputs->pdata[j]));

              g_hash_table_insert (pending, outputs->pdata[j], GUINT_TO_POINTER (left - 1));
            }
        }
      if (!progress)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                       "the pipeline has a cycle");
          return NULL;
        }
    }
  return g_steal_pointer (&order);
}

static gboolean
post_progress (gpointer data)
{
  RillPipeline *self = data;
  g_autoptr(RillDoc) stats = rill_pipeline_get_stats (self);

  post (self, RILL_MESSAGE_PROGRESS, NULL, NULL, stats);
  return G_SOURCE_CONTINUE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  RillPipeline *self = data;

  g_mutex_lock (&self->run_lock);
  if (self->scheduler != NULL)
    _rill_scheduler_cancel (self->scheduler);
  g_mutex_unlock (&self->run_lock);
}

/* Runs on the context the run was started from, once every stage closed. */
static gboolean
complete_run (gpointer data)
{
  RillPipeline *self = data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RillScheduler *scheduler;
  g_autoptr(GPtrArray) order = NULL;

  g_mutex_lock (&self->run_lock);
  scheduler = self->scheduler;
  order = g_steal_pointer (&self->order);
  g_mutex_unlock (&self->run_lock);

  if (self->progress != NULL)
    {
      g_source_destroy (self->progress);
      g_clear_pointer (&self->progress, g_source_unref);
    }
  if (self->user_cancellable != NULL)
    {
      g_cancellable_disconnect (self->user_cancellable, self->cancel_id);
      self->cancel_id = 0;
    }

  if (_rill_scheduler_get_error (scheduler) != NULL)
    error = g_error_copy (_rill_scheduler_get_error (scheduler));
  else if (self->user_cancellable != NULL && g_cancellable_is_cancelled (self->user_cancellable))
    error = g_error_new (RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED, "the run was cancelled");

  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(GError) stop_error = NULL;

      if (!_rill_element_stop (order->pdata[i], &stop_error) && error == NULL)
        error = wrap_error (order->pdata[i], stop_error, "failed to stop");
    }

  g_mutex_lock (&self->run_lock);
  g_clear_pointer (&self->last_stats, rill_doc_unref);
  self->last_stats = _rill_scheduler_get_stats (scheduler);
  self->scheduler = NULL;
  g_mutex_unlock (&self->run_lock);
  _rill_scheduler_free (scheduler);
  g_clear_pointer (&self->dead_letter, _rill_dead_letter_close);

  post (self, RILL_MESSAGE_STATS, NULL, NULL, self->last_stats);
  if (error != NULL && !g_error_matches (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED))
    post (self, RILL_MESSAGE_ERROR, NULL, error, NULL);
  post (self, RILL_MESSAGE_EOS, NULL, NULL, NULL);

  g_mutex_lock (&self->run_lock);
  task = g_steal_pointer (&self->task);
  g_clear_object (&self->user_cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_unlock (&self->run_lock);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
scheduler_done (gpointer data)
{
  RillPipeline *self = data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, complete_run, self, NULL);
  g_source_set_static_name (source, "[rill] complete run");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/**
 * rill_pipeline_run_async:
 * @self: a pipeline
 * @cancellable: (nullable): stops the run cleanly when cancelled
 * @callback: (scope async): called on the thread-default main context
 *   when the run is over
 * @user_data: data for @callback
 *
 * Starts the pipeline and returns at once; bus messages and @callback
 * arrive on the thread-default main context of the caller. This is the
 * form for GTK applications.
 */
void
rill_pipeline_run_async (RillPipeline        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) error = NULL;
  RillSchedulerConfig config;
  guint started = 0;

  g_return_if_fail (RILL_IS_PIPELINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rill_pipeline_run_async);
  /* A cancelled run still ends cleanly and reports its own error. */
  g_task_set_check_cancellable (task, FALSE);

  if (rill_pipeline_is_running (self))
    {
      g_task_return_new_error (task, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                               "the pipeline is already running");
      return;
    }
  order = sort_elements (self, &error);
  if (order == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->errors_location != NULL)
    {
      self->dead_letter = _rill_dead_letter_open (self->errors_location, &error);
      if (self->dead_letter == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* Sinks first, so nothing is produced before it can be consumed. */
  for (guint i = order->len; i-- > 0; started++)
    if (!_rill_element_start (order->pdata[i], &error))
      {
        g_autoptr(GError) wrapped = wrap_error (order->pdata[i], error, "failed to start");

        for (guint j = order->len - started; j < order->len; j++)
          _rill_element_stop (order->pdata[j], NULL);
        g_clear_pointer (&self->dead_letter, _rill_dead_letter_close);
        post (self, RILL_MESSAGE_ERROR, order->pdata[i], wrapped, NULL);
        g_task_return_error (task, g_steal_pointer (&wrapped));
        return;
      }

  config.threads = self->threads != 0 ? self->threads : g_get_num_processors ();
  config.batch_size = self->batch_size;
  config.queue_size = self->queue_size;
  config.queue_bytes = (gsize) MIN (self->queue_bytes, (guint64) G_MAXSIZE);
  config.ordered = self->ordered;
  config.checkpoint_interval_us = (gint64) self->checkpoint_interval * 1000;

  g_mutex_lock (&self->run_lock);
  self->task = g_object_ref (task);
  self->context = g_main_context_ref_thread_default ();
  self->order = g_ptr_array_ref (order);
  self->scheduler = _rill_scheduler_new (order, &config, scheduler_done, self);
  g_mutex_unlock (&self->run_lock);

  rill_bus_attach (self->bus, self->context);
  if (self->progress_interval > 0)
    {
      self->progress = g_timeout_source_new (self->progress_interval);
      g_source_set_callback (self->progress, post_progress, self, NULL);
      g_source_set_static_name (self->progress, "[rill] progress");
      g_source_attach (self->progress, self->context);
    }
  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled), self, NULL);
    }

  _rill_scheduler_start (self->scheduler);
}

/**
 * rill_pipeline_run_finish:
 * @self: a pipeline
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Completes [method@Rill.Pipeline.run_async].
 *
 * Returns: %TRUE when the run went to the end; %FALSE with
 *   %RILL_PIPELINE_ERROR_CANCELLED when it was cancelled (after a clean
 *   stop), or with the error that stopped it
 */
gboolean
rill_pipeline_run_finish (RillPipeline  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (RILL_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  gboolean done;
  GAsyncResult *result;
} SyncRun;

static void
sync_run_done (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  SyncRun *run = data;

  run->result = g_object_ref (result);
  run->done = TRUE;
}

/**
 * rill_pipeline_run:
 * @self: a pipeline
 * @cancellable: (nullable): stops the run cleanly when cancelled (from
 *   another thread or a signal handler)
 * @error: return location for an error
 *
 * Runs the pipeline to the end and returns. Bus messages are emitted on
 * the calling thread while it runs.
 *
 * Returns: %TRUE when every doc went through; see
 *   [method@Rill.Pipeline.run_finish] for the errors
 */
gboolean
rill_pipeline_run (RillPipeline  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncRun run = { FALSE, NULL };
  gboolean ok;

  g_return_val_if_fail (RILL_IS_PIPELINE (self), FALSE);

  g_main_context_push_thread_default (context);
  rill_pipeline_run_async (self, cancellable, sync_run_done, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);
  rill_bus_dispatch (self->bus);
  rill_bus_detach (self->bus);
  g_main_context_pop_thread_default (context);

  ok = rill_pipeline_run_finish (self, run.result, error);
  g_object_unref (run.result);
  return ok;
}
