/* rill-simhash.h: 64-bit SimHash and a Hamming-ball index over it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint64 rill_simhash_compute (const guint64 *words,
                              guint          n_words,
                              guint          shingle);

static inline guint
rill_simhash_distance (guint64 a,
                       guint64 b)
{
  return __builtin_popcountll (a ^ b);
}

typedef struct _RillSimhashTable RillSimhashTable;

RillSimhashTable *rill_simhash_table_new    (guint             max_distance);
void              rill_simhash_table_free   (RillSimhashTable *self);
void              rill_simhash_table_add    (RillSimhashTable *self,
                                             guint64           hash,
                                             guint32           idx);
gboolean          rill_simhash_table_find   (RillSimhashTable *self,
                                             guint64           hash,
                                             guint32          *idx,
                                             guint            *distance);
gsize             rill_simhash_table_memory (RillSimhashTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillSimhashTable, rill_simhash_table_free)

G_END_DECLS
