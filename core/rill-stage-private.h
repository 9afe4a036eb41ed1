/* rill-stage-private.h: one element of a running pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-batch-private.h"
#include "rill-element.h"
#include "rill-element-private.h"

G_BEGIN_DECLS

typedef struct _RillScheduler RillScheduler;

/* All fields but the counters are protected by the scheduler's lock. */
struct _RillStage {
  RillScheduler *sched;
  RillElement *element;
  RillConcurrency mode;
  gboolean is_source;
  gboolean is_sink;
  guint index;                 /* in topological order */

  RillStage **outputs;
  guint n_outputs;
  guint n_open_inputs;         /* upstream stages not closed yet */

  GQueue queue;                /* RillBatch *, input */
  guint queued_docs;
  gsize queued_bytes;
  guint head_offset;           /* async: docs already taken from the head batch */
  guint active;                /* workers inside (serial: 0 or 1) */
  gboolean closing;            /* drain/flush is running */
  gboolean closed;             /* end of stream passed downstream */

  /* Putting results back in input order (parallel and async stages). */
  guint64 in_seq;
  guint64 out_seq;
  GHashTable *held;            /* seq -> RillBatch * (async: RillDoc * or NULL) */
  guint held_docs;             /* async: docs in held, and their bytes */
  gsize held_bytes;

  /* Async stages. */
  RillBatch *pending_out;      /* completions not handed on yet */
  gboolean flush_scheduled;
  guint in_flight;
  guint max_in_flight;
  gboolean pump_scheduled;
  gint64 busy_since;

  /* Sinks: receipts of docs rendered since the last flush. Touched only
   * by the thread running the (serial) sink. */
  GPtrArray *unflushed;        /* RillReceipt * */
  gint64 last_checkpoint;
  gint64 checkpoint_interval;  /* µs, from the scheduler's config */

  /* Counters, updated atomically. */
  guint64 n_in;
  guint64 n_out;
  guint64 n_filtered;
  guint64 n_duplicate;
  guint64 n_failed;
  guint64 time_us;
  GMutex reasons_lock;
  GHashTable *reasons;         /* filter reason -> count */
};

G_GNUC_INTERNAL
RillStage *_rill_stage_new          (RillScheduler *sched,
                                     RillElement   *element,
                                     guint          index);
G_GNUC_INTERNAL
void       _rill_stage_free         (RillStage     *self);
G_GNUC_INTERNAL
void       _rill_stage_account      (RillStage     *self,
                                     RillDoc       *input,
                                     RillDoc       *result,
                                     GError        *error,
                                     RillBatch     *out);
G_GNUC_INTERNAL
RillBatch *_rill_stage_process      (RillStage     *self,
                                     RillBatch     *batch);
G_GNUC_INTERNAL
RillBatch *_rill_stage_close        (RillStage     *self,
                                     GError       **error);
G_GNUC_INTERNAL
gboolean   _rill_stage_checkpoint   (RillStage     *self,
                                     GError       **error);
G_GNUC_INTERNAL
RillDoc   *_rill_stage_get_stats    (RillStage     *self);

G_END_DECLS
