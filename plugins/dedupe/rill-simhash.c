/* rill-simhash.c: 64-bit SimHash (Charikar) over word shingles, and a
 * pigeonhole index that finds a stored hash within Hamming distance k.
 *
 * Index: the 64 bits are cut into k + 1 blocks; two hashes at distance
 * <= k agree on at least one whole block, so one table per block, keyed by
 * that block's value, holds every stored hash, and a query scans the k + 1
 * buckets it falls in. With k = 3 the blocks are 16 bits wide and each
 * table is a flat array of 65536 buckets: a bucket holds N / 65536 entries
 * on average (15 per million documents), scanned sequentially with one XOR
 * and popcount each. Entries carry the full hash (12 bytes), so a lookup
 * touches no other memory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-simhash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

/* counts[8 * b + j] += bit j of byte b, through a table of 256 x 8 lanes */
static gint16 bit_table[256][8];

static gpointer
init_bits (gpointer data)
{
  for (guint v = 0; v < 256; v++)
    for (guint j = 0; j < 8; j++)
      bit_table[v][j] = (v >> j) & 1;
  return NULL;
}

static inline guint64
shingle_hash (const guint64 *w, guint n)
{
  return XXH3_64bits (w, n * sizeof (guint64));
}

/**
 * rill_simhash_compute:
 * @words: word hashes (from rill_tokens_scan())
 * @n_words: number of words
 * @shingle: words per feature
 *
 * Every run of @shingle consecutive words is one feature of weight 1;
 * bit i of the result is set when more than half of the features have
 * bit i set. A text shorter than @shingle words is one feature.
 *
 * Returns: the SimHash, 0 for an empty text
 */
guint64
rill_simhash_compute (const guint64 *words,
                      guint          n_words,
                      guint          shingle)
{
  static GOnce once = G_ONCE_INIT;
  gint32 total[64] = { 0 };
  gint16 counts[64];
  guint n_feat, done = 0;
  guint64 out = 0;

  g_once (&once, init_bits, NULL);
  if (n_words == 0)
    return 0;
  shingle = MAX (shingle, 1);
  n_feat = n_words >= shingle ? n_words - shingle + 1 : 1;

  while (done < n_feat)
    {
      guint chunk = MIN (n_feat - done, 30000);

      memset (counts, 0, sizeof counts);
      for (guint i = done; i < done + chunk; i++)
        {
          guint64 h = shingle_hash (words + i, MIN (shingle, n_words));

          for (guint b = 0; b < 8; b++)
            {
              const gint16 *t = bit_table[(h >> (8 * b)) & 0xff];
              gint16 *c = counts + 8 * b;

              for (guint j = 0; j < 8; j++)
                c[j] += t[j];
            }
        }
      for (guint j = 0; j < 64; j++)
        total[j] += counts[j];
      done += chunk;
    }

  for (guint j = 0; j < 64; j++)
    if ((guint) total[j] * 2 > n_feat)
      out |= G_GUINT64_CONSTANT (1) << j;
  return out;
}

typedef struct __attribute__ ((packed))
{
  guint64 hash;
  guint32 idx;
} Entry;

typedef struct
{
  Entry  *e;
  guint32 len;
  guint32 alloc;
} Bucket;

struct _RillSimhashTable
{
  guint    k;
  guint    n_blocks;
  guint    shift[65];
  guint    width[65];
  Bucket **tables;             /* n_blocks arrays of 1 << width buckets */
  gsize    bytes;
};

/**
 * rill_simhash_table_new:
 * @max_distance: the Hamming distance k that still counts as a match
 *   (0..15)
 *
 * Returns: (transfer full): an empty table
 */
RillSimhashTable *
rill_simhash_table_new (guint max_distance)
{
  RillSimhashTable *self;
  guint shift = 0;

  g_return_val_if_fail (max_distance < 16, NULL);
  self = g_new0 (RillSimhashTable, 1);
  self->k = max_distance;
  self->n_blocks = max_distance + 1;
  self->tables = g_new0 (Bucket *, self->n_blocks);
  for (guint b = 0; b < self->n_blocks; b++)
    {
      guint w = 64 / self->n_blocks + (b < 64 % self->n_blocks ? 1 : 0);

      self->shift[b] = shift;
      self->width[b] = w;
      shift += w;
      self->tables[b] = g_new0 (Bucket, (gsize) 1 << w);
      self->bytes += sizeof (Bucket) << w;
    }
  return self;
}

void
rill_simhash_table_free (RillSimhashTable *self)
{
  if (self == NULL)
    return;
  for (guint b = 0; b < self->n_blocks; b++)
    {
      for (gsize i = 0; i < ((gsize) 1 << self->width[b]); i++)
        g_free (self->tables[b][i].e);
      g_free (self->tables[b]);
    }
  g_free (self->tables);
  g_free (self);
}

static inline guint64
block_of (RillSimhashTable *self, guint b, guint64 h)
{
  return (h >> self->shift[b]) & ((G_GUINT64_CONSTANT (1) << self->width[b]) - 1);
}

void
rill_simhash_table_add (RillSimhashTable *self,
                        guint64           hash,
                        guint32           idx)
{
  for (guint b = 0; b < self->n_blocks; b++)
    {
      Bucket *bk = &self->tables[b][block_of (self, b, hash)];

      if (bk->len == bk->alloc)
        {
          guint32 na = bk->alloc < 4 ? 4 : bk->alloc + bk->alloc / 2;

          bk->e = g_renew (Entry, bk->e, na);
          self->bytes += (gsize) (na - bk->alloc) * sizeof (Entry);
          bk->alloc = na;
        }
      bk->e[bk->len].hash = hash;
      bk->e[bk->len].idx = idx;
      bk->len++;
    }
}

/**
 * rill_simhash_table_find:
 * @self: a table
 * @hash: the query
 * @idx: (out): the stored index of the best match
 * @distance: (out): its distance
 *
 * Finds the stored hash nearest to @hash within the table's distance,
 * preferring the earliest added (lowest @idx) among equally near ones.
 *
 * Returns: whether one was found
 */
gboolean
rill_simhash_table_find (RillSimhashTable *self,
                         guint64           hash,
                         guint32          *idx,
                         guint            *distance)
{
  guint best_d = G_MAXUINT;
  guint32 best_i = G_MAXUINT32;

  for (guint b = 0; b < self->n_blocks; b++)
    {
      const Bucket *bk = &self->tables[b][block_of (self, b, hash)];

      for (guint32 i = 0; i < bk->len; i++)
        {
          guint d = rill_simhash_distance (bk->e[i].hash, hash);

          if (d <= self->k
              && (d < best_d || (d == best_d && bk->e[i].idx < best_i)))
            {
              best_d = d;
              best_i = bk->e[i].idx;
            }
        }
    }
  if (best_i == G_MAXUINT32)
    return FALSE;
  *idx = best_i;
  *distance = best_d;
  return TRUE;
}

gsize
rill_simhash_table_memory (RillSimhashTable *self)
{
  return self->bytes;
}
