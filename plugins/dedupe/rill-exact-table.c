/* rill-exact-table.c: linear probing over 20-byte slots, at most 70% full;
 * the first index stored for a hash wins (later inserts of the same hash
 * are ignored).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-exact-table.h"

#include <string.h>

typedef struct __attribute__ ((packed))
{
  guint64 lo;
  guint64 hi;
  guint32 idx;                  /* G_MAXUINT32: empty */
} Slot;

struct _RillExactTable
{
  Slot  *slots;
  gsize  mask;
  gsize  used;
};

static Slot *
alloc_slots (gsize n)
{
  Slot *s = g_new (Slot, n);

  for (gsize i = 0; i < n; i++)
    s[i].idx = G_MAXUINT32;
  return s;
}

RillExactTable *
rill_exact_table_new (void)
{
  RillExactTable *self = g_new0 (RillExactTable, 1);

  self->mask = 1023;
  self->slots = alloc_slots (1024);
  return self;
}

void
rill_exact_table_free (RillExactTable *self)
{
  if (self == NULL)
    return;
  g_free (self->slots);
  g_free (self);
}

static inline gsize
find_slot (RillExactTable *self, const RillHash128 *h)
{
  gsize pos = h->lo & self->mask;

  while (self->slots[pos].idx != G_MAXUINT32
         && (self->slots[pos].lo != h->lo || self->slots[pos].hi != h->hi))
    pos = (pos + 1) & self->mask;
  return pos;
}

gboolean
rill_exact_table_lookup (RillExactTable    *self,
                         const RillHash128 *hash,
                         guint32           *idx)
{
  gsize pos = find_slot (self, hash);

  if (self->slots[pos].idx == G_MAXUINT32)
    return FALSE;
  *idx = self->slots[pos].idx;
  return TRUE;
}

static void
grow (RillExactTable *self)
{
  Slot *old = self->slots;
  gsize old_n = self->mask + 1;

  self->mask = old_n * 2 - 1;
  self->slots = alloc_slots (old_n * 2);
  for (gsize i = 0; i < old_n; i++)
    if (old[i].idx != G_MAXUINT32)
      {
        RillHash128 h = { old[i].lo, old[i].hi };

        self->slots[find_slot (self, &h)] = old[i];
      }
  g_free (old);
}

void
rill_exact_table_insert (RillExactTable    *self,
                         const RillHash128 *hash,
                         guint32            idx)
{
  gsize pos;

  if ((self->used + 1) * 10 > (self->mask + 1) * 7)
    grow (self);
  pos = find_slot (self, hash);
  if (self->slots[pos].idx != G_MAXUINT32)
    return;
  self->slots[pos].lo = hash->lo;
  self->slots[pos].hi = hash->hi;
  self->slots[pos].idx = idx;
  self->used++;
}

gsize
rill_exact_table_memory (RillExactTable *self)
{
  return (self->mask + 1) * sizeof (Slot);
}
