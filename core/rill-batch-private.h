/* rill-batch-private.h: the unit docs move in between stages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-doc.h"

G_BEGIN_DECLS

/* Docs travel in batches so that a queue operation and a wake-up are paid
 * once per batch instead of once per doc. */
typedef struct {
  RillDoc **docs;
  guint len;
  guint alloc;
  gsize bytes;         /* set when the batch is queued */
} RillBatch;

G_GNUC_INTERNAL
RillBatch *_rill_batch_new  (guint      reserve);
G_GNUC_INTERNAL
void       _rill_batch_add  (RillBatch *self,
                             RillDoc   *doc);
G_GNUC_INTERNAL
RillBatch *_rill_batch_copy (RillBatch *self);
G_GNUC_INTERNAL
void       _rill_batch_free (RillBatch *self);
G_GNUC_INTERNAL
gsize      _rill_batch_measure (RillBatch *self);

G_END_DECLS
