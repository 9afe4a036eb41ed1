/* rill-scheduler.c: runs the stages of a pipeline on threads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-doc-private.h"
#include "rill-error.h"
#include "rill-io-thread-private.h"
#include "rill-scheduler-private.h"
#include "rill-source.h"
#include "rill-transform.h"

/* How the work is shared (see docs/architecture.md):
 *
 * - each source runs on a thread of its own and waits while the queues
 *   it feeds are full;
 * - serial and parallel transforms and the sinks run on a pool of worker
 *   threads; a worker takes one batch from the stage nearest the sinks
 *   that has input and room downstream, so memory stays bounded;
 * - async transforms run on the I/O thread, up to their in-flight limit.
 *
 * One mutex guards every queue. It is taken a few times per batch, never
 * per doc, and never while an element runs.
 */

/* A source hands on what it has after this long, full batch or not. */
#define SOURCE_BATCH_TIMEOUT_US (20 * 1000)

struct _RillScheduler {
  RillSchedulerConfig config;

  GMutex lock;
  GCond work_cond;             /* workers wait for a runnable stage */
  GCond space_cond;            /* sources wait for room downstream */

  guint idle_workers;          /* waiting on work_cond */
  guint blocked_sources;       /* waiting on space_cond */

  RillStage **stages;          /* topological order */
  guint n_stages;
  guint open_stages;
  gboolean finished;

  GPtrArray *threads;
  RillIoThread *io;
  GCancellable *cancellable;
  GError *error;
  guint64 next_seq;

  RillSchedulerDoneFunc done;
  gpointer done_data;
};

/* Room downstream: fewer docs than queue-size, and fewer bytes than
 * queue-bytes (an empty queue always has room, however large one doc). */
static gboolean
has_room (RillScheduler *self,
          RillStage     *stage)
{
  for (guint i = 0; i < stage->n_outputs; i++)
    {
      RillStage *down = stage->outputs[i];

      if (down->queued_docs >= self->config.queue_size ||
          (down->queued_docs > 0 && down->queued_bytes >= self->config.queue_bytes))
        return FALSE;
    }
  return TRUE;
}

static gboolean
wants_close (RillStage *stage)
{
  return !stage->closed && !stage->closing && stage->n_open_inputs == 0 &&
         stage->queue.length == 0 && stage->active == 0 && stage->in_flight == 0;
}

static gboolean pump_idle (gpointer data);

/* Lock held. Wake-ups cost a futex call each: only when someone waits. */
static void
wake_workers (RillScheduler *self)
{
  if (self->idle_workers > 0)
    g_cond_broadcast (&self->work_cond);
}

static void
wake_sources (RillScheduler *self)
{
  if (self->blocked_sources > 0)
    g_cond_broadcast (&self->space_cond);
}

/* Lock held. */
static void
schedule_pump (RillScheduler *self,
               RillStage     *stage)
{
  if (stage->pump_scheduled || stage->closed)
    return;
  stage->pump_scheduled = TRUE;
  _rill_io_thread_invoke (self->io, pump_idle, stage, NULL);
}

/* Lock held. Takes ownership of @batch. */
static void
push_batch (RillScheduler *self,
            RillStage     *dest,
            RillBatch     *batch)
{
  g_queue_push_tail (&dest->queue, batch);
  dest->queued_docs += batch->len;
  dest->queued_bytes += batch->bytes;
  if (dest->mode == RILL_CONCURRENCY_ASYNC)
    schedule_pump (self, dest);
  else
    wake_workers (self);
}

/* Lock held. Hands @out (owned) to every output of @stage; a tee's
 * branches after the first get copies. */
static void
deliver (RillScheduler *self,
         RillStage     *stage,
         RillBatch     *out)
{
  if (out == NULL)
    return;
  if (out->len == 0 || stage->n_outputs == 0)
    {
      _rill_batch_free (out);
      return;
    }
  for (guint i = 0; i < stage->n_outputs; i++)
    {
      RillBatch *b = i + 1 < stage->n_outputs ? _rill_batch_copy (out) : out;

      b->bytes = out->bytes;
      push_batch (self, stage->outputs[i], b);
    }
}

/* Lock held. An async stage collects what completes during one pass of
 * the I/O thread's main loop and hands it on as one batch (see
 * flush_pending), instead of one batch, one lock and one wake-up per doc. */
static void
add_pending (RillStage *stage,
             RillBatch *out)
{
  if (stage->pending_out == NULL)
    stage->pending_out = _rill_batch_new (out->len > 0 ? out->len : 1);
  for (guint i = 0; i < out->len; i++)
    _rill_batch_add (stage->pending_out, out->docs[i]);
  out->len = 0;
  _rill_batch_free (out);
}

/* Lock held. */
static void
flush_pending (RillScheduler *self,
               RillStage     *stage)
{
  RillBatch *out = g_steal_pointer (&stage->pending_out);

  if (out == NULL)
    return;
  _rill_batch_measure (out);
  deliver (self, stage, out);
}

static gboolean
flush_idle (gpointer data)
{
  RillStage *stage = data;
  RillScheduler *self = stage->sched;

  g_mutex_lock (&self->lock);
  stage->flush_scheduled = FALSE;
  flush_pending (self, stage);
  g_mutex_unlock (&self->lock);
  return G_SOURCE_REMOVE;
}

/* Lock held. Hands on the output of @stage in order. */
static void
emit_in_order (RillScheduler *self,
               RillStage     *stage,
               RillBatch     *out)
{
  if (stage->mode == RILL_CONCURRENCY_ASYNC)
    add_pending (stage, out);
  else
    deliver (self, stage, out);
  stage->out_seq++;
}

/* Lock held. Passes @out on once every earlier batch of @stage is out,
 * parking it until then. An async stage's parked completions are
 * counted (held_docs, held_bytes): they do not hold a slot of its
 * concurrency, so one slow call does not stall the calls after it, and
 * they are bounded like a queue (see held_has_room). */
static void
deliver_in_order (RillScheduler *self,
                  RillStage     *stage,
                  guint64        seq,
                  RillBatch     *out)
{
  RillBatch *next;

  if (seq != stage->out_seq)
    {
      if (stage->mode == RILL_CONCURRENCY_ASYNC)
        {
          stage->held_docs += out->len;
          stage->held_bytes += _rill_batch_measure (out);
        }
      g_hash_table_insert (stage->held, GSIZE_TO_POINTER (seq), out);
      return;
    }
  emit_in_order (self, stage, out);
  while (g_hash_table_steal_extended (stage->held, GSIZE_TO_POINTER (stage->out_seq),
                                      NULL, (gpointer *) &next))
    {
      if (stage->mode == RILL_CONCURRENCY_ASYNC)
        {
          stage->held_docs -= next->len;
          stage->held_bytes -= next->bytes;
        }
      emit_in_order (self, stage, next);
    }
}

/* Lock held. Room for more completions parked behind a slow call of an
 * async stage: they are bounded by queue-size and queue-bytes, as the
 * queue they are waiting to join is. */
static gboolean
held_has_room (RillScheduler *self,
               RillStage     *stage)
{
  return stage->held_docs < self->config.queue_size &&
         (stage->held_docs == 0 || stage->held_bytes < self->config.queue_bytes);
}

/* Lock held. Called after docs left @stage's queue: whoever feeds it may
 * go on. */
static void
notify_room (RillScheduler *self,
             RillStage     *stage)
{
  wake_sources (self);
  wake_workers (self);
  for (guint i = 0; i < self->n_stages; i++)
    {
      RillStage *up = self->stages[i];

      if (up->mode != RILL_CONCURRENCY_ASYNC)
        continue;
      for (guint j = 0; j < up->n_outputs; j++)
        if (up->outputs[j] == stage)
          schedule_pump (self, up);
    }
}

/* Lock held. Returns TRUE when this was the last open stage. */
static gboolean
close_stage (RillScheduler *self,
             RillStage     *stage)
{
  stage->closed = TRUE;
  stage->closing = FALSE;
  for (guint i = 0; i < stage->n_outputs; i++)
    {
      RillStage *down = stage->outputs[i];

      down->n_open_inputs--;
      if (down->mode == RILL_CONCURRENCY_ASYNC)
        schedule_pump (self, down);
    }
  g_cond_broadcast (&self->work_cond);
  g_cond_broadcast (&self->space_cond);
  if (--self->open_stages == 0)
    {
      self->finished = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Lock held. Runs drain()/flush() of @stage unlocked, then closes it. */
static gboolean
run_close (RillScheduler *self,
           RillStage     *stage)
{
  g_autoptr(GError) error = NULL;
  RillBatch *out;

  stage->closing = TRUE;
  g_mutex_unlock (&self->lock);
  out = _rill_stage_close (stage, &error);
  if (error != NULL)
    _rill_scheduler_fail (self, error);
  g_mutex_lock (&self->lock);
  deliver (self, stage, out);
  return close_stage (self, stage);
}

static void
finish (RillScheduler *self)
{
  self->done (self->done_data);
}

/* ---- workers ---------------------------------------------------------- */

/* Lock held. The runnable stage nearest the sinks, or NULL. */
static RillStage *
pick_stage (RillScheduler *self)
{
  guint max_pending = 2 * self->config.threads + 2;

  for (guint i = self->n_stages; i-- > 0;)
    {
      RillStage *stage = self->stages[i];

      if (stage->is_source || stage->mode == RILL_CONCURRENCY_ASYNC ||
          stage->closed || stage->closing)
        continue;
      if (stage->queue.length == 0)
        {
          if (wants_close (stage))
            return stage;
          continue;
        }
      if (stage->mode == RILL_CONCURRENCY_SERIAL && stage->active > 0)
        continue;
      if (!has_room (self, stage))
        continue;
      if (self->config.ordered && stage->mode == RILL_CONCURRENCY_PARALLEL &&
          stage->in_seq - stage->out_seq >= max_pending)
        continue;
      return stage;
    }
  return NULL;
}

/* Lock held. A sink that holds rendered docs a source waits for and has
 * not flushed for a checkpoint interval, while no doc comes to make it
 * flush by itself; else NULL, with *deadline set to when one will be due
 * (G_MAXINT64 for never). */
static RillStage *
pick_checkpoint (RillScheduler *self,
                 gint64        *deadline)
{
  gint64 now = g_get_monotonic_time ();

  *deadline = G_MAXINT64;
  for (guint i = self->n_stages; i-- > 0;)
    {
      RillStage *stage = self->stages[i];
      gint64 due;

      if (!stage->is_sink || stage->unflushed == NULL || stage->unflushed->len == 0 ||
          stage->active > 0 || stage->closing || stage->closed)
        continue;
      due = stage->last_checkpoint + stage->checkpoint_interval;
      if (due <= now)
        return stage;
      *deadline = MIN (*deadline, due);
    }
  return NULL;
}

/* Lock held. Flushes @stage (a sink) unlocked, as if it ran a batch. */
static void
run_checkpoint (RillScheduler *self,
                RillStage     *stage)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  stage->active++;
  g_mutex_unlock (&self->lock);
  ok = _rill_stage_checkpoint (stage, &error);
  g_mutex_lock (&self->lock);
  stage->active--;
  if (!ok)
    {
      g_mutex_unlock (&self->lock);
      _rill_scheduler_fail (self, error);
      g_mutex_lock (&self->lock);
    }
  wake_workers (self);
}

static gpointer
worker_main (gpointer data)
{
  RillScheduler *self = data;
  gboolean last = FALSE;

  g_mutex_lock (&self->lock);
  while (!self->finished)
    {
      RillStage *stage = pick_stage (self);
      RillBatch *batch, *out;
      guint64 seq;

      if (stage == NULL)
        {
          gint64 deadline;
          RillStage *due = pick_checkpoint (self, &deadline);

          if (due != NULL)
            {
              run_checkpoint (self, due);
              continue;
            }
          self->idle_workers++;
          if (deadline == G_MAXINT64)
            g_cond_wait (&self->work_cond, &self->lock);
          else
            g_cond_wait_until (&self->work_cond, &self->lock, deadline);
          self->idle_workers--;
          continue;
        }
      if (stage->queue.length == 0)
        {
          last = run_close (self, stage) || last;
          continue;
        }

      batch = g_queue_pop_head (&stage->queue);
      stage->queued_docs -= batch->len;
      stage->queued_bytes -= batch->bytes;
      stage->active++;
      seq = stage->in_seq++;
      notify_room (self, stage);
      g_mutex_unlock (&self->lock);

      out = _rill_stage_process (stage, batch);

      g_mutex_lock (&self->lock);
      stage->active--;
      if (out != NULL && self->config.ordered && stage->mode == RILL_CONCURRENCY_PARALLEL)
        deliver_in_order (self, stage, seq, out);
      else
        {
          if (stage->mode == RILL_CONCURRENCY_PARALLEL)
            stage->out_seq++;
          deliver (self, stage, out);
        }
      /* The stage may be free again, or ready to close. */
      wake_workers (self);
    }
  g_mutex_unlock (&self->lock);

  if (last)
    finish (self);
  return NULL;
}

/* ---- sources ---------------------------------------------------------- */

static gpointer
source_main (gpointer data)
{
  RillStage *stage = data;
  RillScheduler *self = stage->sched;
  RillSource *source = RILL_SOURCE (stage->element);
  RillSourceClass *klass = RILL_SOURCE_GET_CLASS (source);
  guint batch_size = self->config.batch_size;
  g_autofree RillDoc **docs = g_new0 (RillDoc *, batch_size);
  gboolean last;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      RillBatch *batch;
      gboolean eos = FALSE;
      gint64 start;

      g_mutex_lock (&self->lock);
      while (!g_cancellable_is_cancelled (self->cancellable) && !has_room (self, stage))
        {
          self->blocked_sources++;
          g_cond_wait (&self->space_cond, &self->lock);
          self->blocked_sources--;
        }
      g_mutex_unlock (&self->lock);
      if (g_cancellable_is_cancelled (self->cancellable))
        break;

      start = g_get_monotonic_time ();
      batch = _rill_batch_new (batch_size);
      if (klass->create_batch != NULL)
        {
          guint n = klass->create_batch (source, docs, batch_size, self->cancellable, &error);

          for (guint i = 0; i < n; i++)
            _rill_batch_add (batch, docs[i]);
          eos = (n == 0);
        }
      else if (klass->create != NULL)
        {
          gsize bytes = 0;

          while (batch->len < batch_size)
            {
              RillDoc *doc = klass->create (source, self->cancellable, &error);

              if (doc == NULL)
                {
                  eos = TRUE;
                  break;
                }
              _rill_batch_add (batch, doc);
              /* Large docs make small batches, so one batch cannot
               * overshoot the queues' byte bound by much. */
              bytes += rill_doc_get_size (doc);
              if (bytes >= self->config.queue_bytes / 4 ||
                  g_get_monotonic_time () - start >= SOURCE_BATCH_TIMEOUT_US)
                break;
            }
        }
      else
        eos = TRUE;

      for (guint i = 0; i < batch->len; i++)
        rill_doc_set_seq (batch->docs[i], __atomic_add_fetch (&self->next_seq, 1, __ATOMIC_RELAXED));
      __atomic_fetch_add (&stage->n_out, batch->len, __ATOMIC_RELAXED);
      __atomic_fetch_add (&stage->time_us, g_get_monotonic_time () - start, __ATOMIC_RELAXED);
      _rill_batch_measure (batch);

      g_mutex_lock (&self->lock);
      deliver (self, stage, batch);
      g_mutex_unlock (&self->lock);

      if (error != NULL)
        {
          if (!g_cancellable_is_cancelled (self->cancellable))
            _rill_scheduler_fail (self, error);
          break;
        }
      if (eos)
        break;
    }

  g_mutex_lock (&self->lock);
  last = close_stage (self, stage);
  g_mutex_unlock (&self->lock);
  if (last)
    finish (self);
  return NULL;
}

/* ---- async stages (on the I/O thread) --------------------------------- */

typedef struct {
  RillStage *stage;
  guint64 ticket;
  RillDoc *doc;
} AsyncCall;

static void pump (RillScheduler *self, RillStage *stage);

static void
async_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncCall *call = data;
  RillStage *stage = call->stage;
  RillScheduler *self = stage->sched;
  RillTransform *transform = RILL_TRANSFORM (stage->element);
  GError *error = NULL;
  RillDoc *doc;
  RillBatch *out = _rill_batch_new (1);

  doc = RILL_TRANSFORM_GET_CLASS (transform)->transform_finish (transform, result, &error);
  if (doc != NULL)
    _rill_doc_inherit_receipt (doc, call->doc);
  _rill_stage_account (stage, call->doc, doc, error, out);
  __atomic_fetch_add (&stage->n_out, out->len, __ATOMIC_RELAXED);
  rill_doc_unref (call->doc);

  g_mutex_lock (&self->lock);
  stage->in_flight--;
  if (self->config.ordered)
    deliver_in_order (self, stage, call->ticket, out);
  else
    add_pending (stage, out);
  if (stage->pending_out != NULL && stage->pending_out->len >= self->config.batch_size)
    flush_pending (self, stage);
  else if (stage->pending_out != NULL && !stage->flush_scheduled)
    {
      /* Low priority: runs once the completions ready now are all in. */
      GSource *idle = g_idle_source_new ();

      stage->flush_scheduled = TRUE;
      g_source_set_priority (idle, G_PRIORITY_LOW);
      g_source_set_callback (idle, flush_idle, stage, NULL);
      g_source_set_static_name (idle, "[rill] async flush");
      g_source_attach (idle, g_main_context_get_thread_default ());
      g_source_unref (idle);
    }
  if (stage->in_flight == 0)
    __atomic_fetch_add (&stage->time_us, g_get_monotonic_time () - stage->busy_since, __ATOMIC_RELAXED);
  g_mutex_unlock (&self->lock);

  g_free (call);
  pump (self, stage);
}

static void
pump (RillScheduler *self,
      RillStage     *stage)
{
  RillTransform *transform = RILL_TRANSFORM (stage->element);
  RillTransformClass *klass = RILL_TRANSFORM_GET_CLASS (transform);
  gboolean took = FALSE;
  gboolean last = FALSE;

  g_mutex_lock (&self->lock);
  stage->pump_scheduled = FALSE;
  while (!stage->closed && stage->in_flight < stage->max_in_flight &&
         stage->queue.length > 0 && has_room (self, stage) && held_has_room (self, stage))
    {
      RillBatch *head = g_queue_peek_head (&stage->queue);
      AsyncCall *call = g_new0 (AsyncCall, 1);

      call->stage = stage;
      call->doc = rill_doc_ref (head->docs[stage->head_offset++]);
      call->ticket = stage->in_seq++;
      stage->queued_docs--;
      if (stage->head_offset == head->len)
        {
          /* The batch's bytes leave the queue with its last doc. */
          stage->queued_bytes -= head->bytes;
          _rill_batch_free (g_queue_pop_head (&stage->queue));
          stage->head_offset = 0;
        }
      if (stage->in_flight++ == 0)
        stage->busy_since = g_get_monotonic_time ();
      took = TRUE;
      __atomic_fetch_add (&stage->n_in, 1, __ATOMIC_RELAXED);

      g_mutex_unlock (&self->lock);
      klass->transform_async (transform, call->doc, self->cancellable, async_done, call);
      g_mutex_lock (&self->lock);
    }
  if (took)
    notify_room (self, stage);
  if (wants_close (stage))
    {
      flush_pending (self, stage);
      last = run_close (self, stage);
    }
  g_mutex_unlock (&self->lock);

  if (last)
    finish (self);
}

static gboolean
pump_idle (gpointer data)
{
  RillStage *stage = data;

  pump (stage->sched, stage);
  return G_SOURCE_REMOVE;
}

/* ---- life cycle ------------------------------------------------------- */

RillScheduler *
_rill_scheduler_new (GPtrArray                 *elements,
                     const RillSchedulerConfig *config,
                     RillSchedulerDoneFunc      done,
                     gpointer                   user_data)
{
  RillScheduler *self = g_new0 (RillScheduler, 1);
  gboolean any_async = FALSE;

  self->config = *config;
  self->config.threads = MAX (self->config.threads, 1);
  self->config.batch_size = MAX (self->config.batch_size, 1);
  self->config.queue_size = MAX (self->config.queue_size, self->config.batch_size);
  if (self->config.queue_bytes == 0)
    self->config.queue_bytes = G_MAXSIZE;
  g_mutex_init (&self->lock);
  g_cond_init (&self->work_cond);
  g_cond_init (&self->space_cond);
  self->cancellable = g_cancellable_new ();
  self->threads = g_ptr_array_new ();
  self->done = done;
  self->done_data = user_data;

  self->n_stages = elements->len;
  self->open_stages = elements->len;
  self->stages = g_new0 (RillStage *, elements->len);
  for (guint i = 0; i < elements->len; i++)
    {
      self->stages[i] = _rill_stage_new (self, elements->pdata[i], i);
      self->stages[i]->checkpoint_interval = self->config.checkpoint_interval_us;
    }

  for (guint i = 0; i < elements->len; i++)
    {
      RillStage *stage = self->stages[i];
      g_autoptr(GPtrArray) outputs = rill_element_get_outputs (stage->element);
      g_autoptr(GPtrArray) inputs = rill_element_get_inputs (stage->element);

      stage->n_outputs = outputs->len;
      stage->outputs = g_new0 (RillStage *, outputs->len);
      for (guint j = 0; j < outputs->len; j++)
        stage->outputs[j] = _rill_element_get_stage (outputs->pdata[j]);
      stage->n_open_inputs = inputs->len;
      any_async |= stage->mode == RILL_CONCURRENCY_ASYNC;
    }
  if (any_async)
    self->io = _rill_io_thread_new ();
  return self;
}

void
_rill_scheduler_start (RillScheduler *self)
{
  for (guint i = 0; i < self->config.threads; i++)
    g_ptr_array_add (self->threads, g_thread_new ("rill-worker", worker_main, self));
  for (guint i = 0; i < self->n_stages; i++)
    if (self->stages[i]->is_source)
      g_ptr_array_add (self->threads, g_thread_new ("rill-source", source_main, self->stages[i]));

  /* Async stages with no input at all still need to close. */
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->n_stages; i++)
    if (self->stages[i]->mode == RILL_CONCURRENCY_ASYNC)
      schedule_pump (self, self->stages[i]);
  g_mutex_unlock (&self->lock);
}

void
_rill_scheduler_cancel (RillScheduler *self)
{
  g_cancellable_cancel (self->cancellable);
  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->space_cond);
  g_cond_broadcast (&self->work_cond);
  g_mutex_unlock (&self->lock);
}

void
_rill_scheduler_fail (RillScheduler *self,
                      const GError  *error)
{
  g_mutex_lock (&self->lock);
  if (self->error == NULL)
    self->error = g_error_copy (error);
  g_mutex_unlock (&self->lock);
  _rill_scheduler_cancel (self);
}

gboolean
_rill_scheduler_is_cancelled (RillScheduler *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

GCancellable *
_rill_scheduler_get_cancellable (RillScheduler *self)
{
  return self->cancellable;
}

const GError *
_rill_scheduler_get_error (RillScheduler *self)
{
  return self->error;
}

RillDoc *
_rill_scheduler_get_stats (RillScheduler *self)
{
  RillDoc *stats = rill_doc_new ();

  for (guint i = 0; i < self->n_stages; i++)
    {
      g_autoptr(RillDoc) one = _rill_stage_get_stats (self->stages[i]);

      rill_doc_set_doc (stats, rill_element_get_name (self->stages[i]->element), one);
    }
  return stats;
}

/* Joins every thread; call once the done callback has run. */
void
_rill_scheduler_free (RillScheduler *self)
{
  g_mutex_lock (&self->lock);
  self->finished = TRUE;
  g_cond_broadcast (&self->work_cond);
  g_cond_broadcast (&self->space_cond);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (self->threads->pdata[i]);
  g_ptr_array_unref (self->threads);
  _rill_io_thread_free (self->io);

  for (guint i = 0; i < self->n_stages; i++)
    _rill_stage_free (self->stages[i]);
  g_free (self->stages);
  g_clear_error (&self->error);
  g_object_unref (self->cancellable);
  g_cond_clear (&self->work_cond);
  g_cond_clear (&self->space_cond);
  g_mutex_clear (&self->lock);
  g_free (self);
}
