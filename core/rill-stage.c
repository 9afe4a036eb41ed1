/* rill-stage.c: one element of a running pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-doc-private.h"
#include "rill-app-sink.h"
#include "rill-error.h"
#include "rill-pipeline-private.h"
#include "rill-scheduler-private.h"
#include "rill-sink.h"
#include "rill-source.h"
#include "rill-stage-private.h"
#include "rill-transform.h"

/* Distinct filter reasons kept per element; the rest count as "other". */
#define MAX_REASONS 32

#define ADD(counter, n) (__atomic_fetch_add (&(counter), (n), __ATOMIC_RELAXED))
#define GET(counter) (__atomic_load_n (&(counter), __ATOMIC_RELAXED))

RillStage *
_rill_stage_new (RillScheduler *sched,
                 RillElement   *element,
                 guint          index)
{
  RillStage *self = g_new0 (RillStage, 1);
  RillElementClass *klass = RILL_ELEMENT_GET_CLASS (element);

  self->sched = sched;
  self->element = g_object_ref (element);
  self->index = index;
  self->is_source = RILL_IS_SOURCE (element);
  self->is_sink = RILL_IS_SINK (element);
  self->mode = rill_element_class_get_concurrency (klass);
  if (self->mode == RILL_CONCURRENCY_ASYNC &&
      (!RILL_IS_TRANSFORM (element) || RILL_TRANSFORM_GET_CLASS (element)->transform_async == NULL))
    self->mode = RILL_CONCURRENCY_SERIAL;
  if (self->is_sink || self->is_source)
    self->mode = RILL_CONCURRENCY_SERIAL;
  g_queue_init (&self->queue);
  /* app-sink's flush means the end of the stream, and what it holds is
   * the application's: its docs settle when the application drops them. */
  if (self->is_sink && RILL_SINK_GET_CLASS (element)->flush != NULL && !RILL_IS_APP_SINK (element))
    self->unflushed = g_ptr_array_new ();
  self->last_checkpoint = g_get_monotonic_time ();
  self->held = g_hash_table_new (NULL, NULL);  /* seq as a pointer-sized key */
  g_mutex_init (&self->reasons_lock);
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->max_in_flight = 16;
  if (self->mode == RILL_CONCURRENCY_ASYNC)
    {
      /* Async elements state their in-flight limit as a `concurrency`
       * property; the pipeline keeps them at it. */
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "concurrency");

      if (pspec != NULL && (pspec->value_type == G_TYPE_UINT || pspec->value_type == G_TYPE_INT))
        {
          GValue value = G_VALUE_INIT;

          g_value_init (&value, pspec->value_type);
          g_object_get_property (G_OBJECT (element), "concurrency", &value);
          self->max_in_flight = MAX (1, pspec->value_type == G_TYPE_UINT ? g_value_get_uint (&value)
                                                                          : (guint) MAX (g_value_get_int (&value), 1));
          g_value_unset (&value);
        }
    }
  _rill_element_set_stage (element, self);
  return self;
}

void
_rill_stage_free (RillStage *self)
{
  _rill_element_set_stage (self->element, NULL);
  if (self->unflushed != NULL)
    {
      /* Rendered but never flushed (the run failed): not settled. */
      for (guint i = 0; i < self->unflushed->len; i++)
        _rill_receipt_abandon (self->unflushed->pdata[i]);
      g_ptr_array_unref (self->unflushed);
    }
  g_queue_clear_full (&self->queue, (GDestroyNotify) _rill_batch_free);
  _rill_batch_free (self->pending_out);
  g_hash_table_unref (self->held);
  g_hash_table_unref (self->reasons);
  g_mutex_clear (&self->reasons_lock);
  g_free (self->outputs);
  g_object_unref (self->element);
  g_free (self);
}

static void
count_reason (RillStage  *self,
              const char *reason)
{
  gpointer count;

  g_mutex_lock (&self->reasons_lock);
  if (!g_hash_table_lookup_extended (self->reasons, reason, NULL, &count) &&
      g_hash_table_size (self->reasons) >= MAX_REASONS)
    reason = "other";
  count = g_hash_table_lookup (self->reasons, reason);
  g_hash_table_insert (self->reasons, g_strdup (reason), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
  g_mutex_unlock (&self->reasons_lock);
}

/* Books the fate of one input doc: @result (owned) goes to @out, else
 * @error (owned) says whether it was filtered, a duplicate or failed. */
void
_rill_stage_account (RillStage *self,
                     RillDoc   *input,
                     RillDoc   *result,
                     GError    *error,
                     RillBatch *out)
{
  if (result != NULL)
    {
      _rill_batch_add (out, result);
      g_clear_error (&error);
      return;
    }
  if (error == NULL || g_error_matches (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED))
    {
      ADD (self->n_filtered, 1);
      count_reason (self, error != NULL ? error->message : "filtered");
    }
  else if (g_error_matches (error, RILL_DOC_ERROR, RILL_DOC_ERROR_DUPLICATE))
    ADD (self->n_duplicate, 1);
  else
    {
      /* A doc the run stopped before it was done with was not handled:
       * its source must deliver it again, so it is never settled. */
      if (g_error_matches (error, RILL_DOC_ERROR, RILL_DOC_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          _rill_scheduler_is_cancelled (self->sched))
        {
          RillReceipt *receipt = _rill_doc_steal_receipt (input);

          if (receipt != NULL)
            _rill_receipt_abandon (receipt);
        }
      _rill_pipeline_report_failure (rill_element_get_pipeline (self->element),
                                     self->element, input, error);
    }
  g_clear_error (&error);
}

static RillBatch *
process_transform (RillStage *self,
                   RillBatch *batch)
{
  RillTransform *transform = RILL_TRANSFORM (self->element);
  RillTransformClass *klass = RILL_TRANSFORM_GET_CLASS (transform);
  RillBatch *out = _rill_batch_new (batch->len);
  g_autoptr(GPtrArray) emitted = g_ptr_array_new ();

  _rill_transform_set_emit_target (emitted);
  if (klass->prepare_batch != NULL && batch->len > 0)
    klass->prepare_batch (transform, batch->docs, batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      RillDoc *doc = batch->docs[i];
      GError *error = NULL;
      RillDoc *result;

      result = klass->transform != NULL ? klass->transform (transform, doc, &error)
                                        : rill_doc_ref (doc);
      /* What was made of a tracked doc answers for it. */
      if (result != NULL)
        _rill_doc_inherit_receipt (result, doc);
      for (guint j = 0; j < emitted->len; j++)
        {
          _rill_doc_inherit_receipt (emitted->pdata[j], doc);
          _rill_batch_add (out, emitted->pdata[j]);
        }
      g_ptr_array_set_size (emitted, 0);
      _rill_stage_account (self, doc, result, error, out);
    }
  _rill_transform_set_emit_target (NULL);
  return out;
}

static RillBatch *
process_sink (RillStage *self,
              RillBatch *batch)
{
  RillSink *sink = RILL_SINK (self->element);
  RillSinkClass *klass = RILL_SINK_GET_CLASS (sink);
  guint rendered = 0;

  for (guint i = 0; i < batch->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (klass->render == NULL || klass->render (sink, batch->docs[i], &error))
        {
          RillReceipt *receipt;

          rendered++;
          _rill_sink_emit_rendered (sink, batch->docs[i]);
          /* The doc is done with here, but not settled before the sink
           * has flushed it. */
          if (self->unflushed != NULL &&
              (receipt = _rill_doc_steal_receipt (batch->docs[i])) != NULL)
            g_ptr_array_add (self->unflushed, receipt);
        }
      else
        _rill_pipeline_report_failure (rill_element_get_pipeline (self->element),
                                       self->element, batch->docs[i], error);
    }
  ADD (self->n_out, rendered);

  if (self->unflushed != NULL && self->unflushed->len > 0 &&
      g_get_monotonic_time () - self->last_checkpoint >= self->checkpoint_interval)
    {
      g_autoptr(GError) error = NULL;

      if (!_rill_stage_checkpoint (self, &error))
        _rill_scheduler_fail (self->sched, error);
    }
  return NULL;
}

/* Flushes a sink and settles what it had rendered. Serial: only the
 * thread running the sink calls it. */
gboolean
_rill_stage_checkpoint (RillStage  *self,
                        GError    **error)
{
  RillSinkClass *klass = RILL_SINK_GET_CLASS (self->element);
  gboolean ok = klass->flush (RILL_SINK (self->element), error);

  /* A sink that cannot flush may have lost what it rendered: its docs
   * must come back from the source, so they are never settled. */
  for (guint i = 0; i < self->unflushed->len; i++)
    (ok ? _rill_receipt_release : _rill_receipt_abandon) (self->unflushed->pdata[i]);
  g_ptr_array_set_size (self->unflushed, 0);
  self->last_checkpoint = g_get_monotonic_time ();
  return ok;
}

/* Runs the element on one batch; returns what goes downstream. Called
 * without the scheduler's lock. */
RillBatch *
_rill_stage_process (RillStage *self,
                     RillBatch *batch)
{
  gint64 start = g_get_monotonic_time ();
  RillBatch *out;

  ADD (self->n_in, batch->len);
  if (self->is_sink)
    out = process_sink (self, batch);
  else
    out = process_transform (self, batch);
  if (out != NULL)
    {
      ADD (self->n_out, out->len);
      _rill_batch_measure (out);
    }
  ADD (self->time_us, g_get_monotonic_time () - start);
  _rill_batch_free (batch);
  return out;
}

/* End of stream: drain a transform or flush a sink. */
RillBatch *
_rill_stage_close (RillStage  *self,
                   GError    **error)
{
  RillBatch *out = NULL;
  gint64 start = g_get_monotonic_time ();

  if (self->is_sink)
    {
      if (self->unflushed != NULL)
        _rill_stage_checkpoint (self, error);
    }
  else if (RILL_IS_TRANSFORM (self->element))
    {
      RillTransformClass *klass = RILL_TRANSFORM_GET_CLASS (self->element);
      g_autoptr(GPtrArray) emitted = g_ptr_array_new ();

      if (klass->drain != NULL)
        {
          _rill_transform_set_emit_target (emitted);
          klass->drain (RILL_TRANSFORM (self->element), error);
          _rill_transform_set_emit_target (NULL);
        }
      out = _rill_batch_new (MAX (emitted->len, 1));
      for (guint j = 0; j < emitted->len; j++)
        _rill_batch_add (out, emitted->pdata[j]);
      ADD (self->n_out, out->len);
      _rill_batch_measure (out);
    }
  ADD (self->time_us, g_get_monotonic_time () - start);
  return out;
}

/* A doc of counters: in, out, filtered, duplicate, failed, time-ms and the
 * filter reasons. */
RillDoc *
_rill_stage_get_stats (RillStage *self)
{
  RillDoc *stats = rill_doc_new ();
  g_autoptr(RillDoc) reasons = rill_doc_new ();
  const char *factory = rill_element_get_factory_name (self->element);
  GHashTableIter iter;
  gpointer key, value;

  if (factory != NULL)
    rill_doc_set_string (stats, "factory", factory);
  rill_doc_set_int (stats, "in", GET (self->n_in));
  rill_doc_set_int (stats, "out", GET (self->n_out));
  rill_doc_set_int (stats, "filtered", GET (self->n_filtered));
  rill_doc_set_int (stats, "duplicate", GET (self->n_duplicate));
  rill_doc_set_int (stats, "failed", GET (self->n_failed));
  rill_doc_set_double (stats, "time-ms", GET (self->time_us) / 1000.0);

  g_mutex_lock (&self->reasons_lock);
  g_hash_table_iter_init (&iter, self->reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    rill_doc_set_int (reasons, key, GPOINTER_TO_SIZE (value));
  g_mutex_unlock (&self->reasons_lock);
  if (rill_doc_get_n_fields (reasons) > 0)
    rill_doc_set_doc (stats, "filter-reasons", reasons);
  return stats;
}
