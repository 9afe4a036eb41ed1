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

/* SWAR popcount: baseline x86-64 has no POPCNT instruction, and the
 * libgcc fallback is a call. */
static inline guint
rill_simhash_distance (guint64 a,
                       guint64 b)
{
  guint64 x = a ^ b;

  x = x - ((x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555));
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333))
      + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  x = (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  return (guint) ((x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
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
