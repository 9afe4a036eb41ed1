/* rill-scheduler-private.h: runs the stages of a pipeline on threads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-stage-private.h"

G_BEGIN_DECLS

typedef void (*RillSchedulerDoneFunc) (gpointer user_data);

typedef struct {
  guint threads;
  guint batch_size;
  guint queue_size;     /* docs waiting in front of one stage */
  gsize queue_bytes;    /* and the bytes they may hold */
  gboolean ordered;
  gint64 checkpoint_interval_us;  /* sinks holding receipts flush this often */
} RillSchedulerConfig;

G_GNUC_INTERNAL
RillScheduler *_rill_scheduler_new        (GPtrArray                 *elements,
                                           const RillSchedulerConfig *config,
                                           RillSchedulerDoneFunc      done,
                                           gpointer                   user_data);
G_GNUC_INTERNAL
void           _rill_scheduler_start      (RillScheduler *self);
G_GNUC_INTERNAL
void           _rill_scheduler_cancel     (RillScheduler *self);
G_GNUC_INTERNAL
void           _rill_scheduler_fail       (RillScheduler *self,
                                           const GError  *error);
G_GNUC_INTERNAL
gboolean       _rill_scheduler_is_cancelled (RillScheduler *self);
G_GNUC_INTERNAL
GCancellable  *_rill_scheduler_get_cancellable (RillScheduler *self);
G_GNUC_INTERNAL
const GError  *_rill_scheduler_get_error  (RillScheduler *self);
G_GNUC_INTERNAL
RillDoc       *_rill_scheduler_get_stats  (RillScheduler *self);
G_GNUC_INTERNAL
void           _rill_scheduler_free       (RillScheduler *self);

G_END_DECLS
