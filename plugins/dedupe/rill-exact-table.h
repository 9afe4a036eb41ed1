/* rill-exact-table.h: an open-addressing map from 128-bit hashes to
 * document indexes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 lo;
  guint64 hi;
} RillHash128;

typedef struct _RillExactTable RillExactTable;

RillExactTable *rill_exact_table_new    (void);
void            rill_exact_table_free   (RillExactTable    *self);
gboolean        rill_exact_table_lookup (RillExactTable    *self,
                                         const RillHash128 *hash,
                                         guint32           *idx);
void            rill_exact_table_insert (RillExactTable    *self,
                                         const RillHash128 *hash,
                                         guint32            idx);
gsize           rill_exact_table_memory (RillExactTable    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillExactTable, rill_exact_table_free)

G_END_DECLS
