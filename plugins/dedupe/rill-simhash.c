/* rill-simhash.c: 64-bit SimHash (Charikar) over word shingles, and a
 * pigeonhole index that finds a stored hash within Hamming distance k.
 *
 * Index (multi-index hashing, Norouzi et al. 2012): the 64 bits are cut
 * into m blocks; two hashes at distance <= k differ in at least one block
 * by at most r = floor (k / m) bits (pigeonhole). One table per block,
 * keyed by that block's value, holds every stored hash; a query probes, in
 * each table, every block value within r bits of its own. m = max (4,
 * floor ((k + 2) / 2)), so r <= 1 and the blocks are at most 16 bits:
 *
 *   k      0-3   4-7   8-9   10-11  12-13  14-15
 *   m      4     4     5     6      7      8
 *   bits   16    16    13    11     9-10   8
 *   probes 4     68    70    72     ~77    72
 *
 * Each table is a flat array of 2^bits buckets holding N / 2^bits entries
 * on average (15 per million documents for 16 bits, 122 for 13 bits),
 * scanned sequentially with one XOR and popcount each. Entries carry the
 * full hash (12 bytes), so a lookup touches no other memory. The cost of
 * a lookup grows linearly with N / 2^bits: for k >= 10 and tens of millions
 * of documents, shard the index.
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

/* A bucket keeps hashes and indexes in two arrays (one allocation), so a
 * scan reads 8 contiguous bytes per entry. */
typedef struct
{
  guint64 *hash;               /* alloc hashes, then alloc guint32 idx */
  guint32  len;
  guint32  alloc;
} Bucket;

#define BUCKET_IDX(bk) ((guint32 *) ((bk)->hash + (bk)->alloc))

struct _RillSimhashTable
{
  guint    k;
  guint    radius;
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
  self->n_blocks = MAX (4, (max_distance + 2) / 2);
  self->radius = max_distance / self->n_blocks;
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
        g_free (self->tables[b][i].hash);
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
          guint64 *nh = g_malloc ((gsize) na * (sizeof (guint64) + sizeof (guint32)));

          if (bk->len)
            {
              memcpy (nh, bk->hash, bk->len * sizeof (guint64));
              memcpy (nh + na, BUCKET_IDX (bk), bk->len * sizeof (guint32));
            }
          g_free (bk->hash);
          bk->hash = nh;
          self->bytes += (gsize) (na - bk->alloc) * (sizeof (guint64) + sizeof (guint32));
          bk->alloc = na;
        }
      bk->hash[bk->len] = hash;
      BUCKET_IDX (bk)[bk->len] = idx;
      bk->len++;
    }
}

/* Finds the first entry within distance k; cloned for CPUs with POPCNT. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute (target_clones)
__attribute__ ((target_clones ("popcnt", "default")))
#endif
#endif
static guint32
scan_hashes (const guint64 *h,
             guint32        from,
             guint32        len,
             guint64        q,
             guint          k)
{
  for (guint32 i = from; i < len; i++)
    if ((guint) __builtin_popcountll (h[i] ^ q) <= k)
      return i;
  return len;
}

static void
scan_bucket (RillSimhashTable *self,
             const Bucket     *bk,
             guint64           hash,
             guint            *best_d,
             guint32          *best_i)
{
  for (guint32 i = scan_hashes (bk->hash, 0, bk->len, hash, self->k);
       i < bk->len;
       i = scan_hashes (bk->hash, i + 1, bk->len, hash, self->k))
    {
      guint d = rill_simhash_distance (bk->hash[i], hash);
      guint32 idx = BUCKET_IDX (bk)[i];

      if (d < *best_d || (d == *best_d && idx < *best_i))
        {
          *best_d = d;
          *best_i = idx;
        }
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
      const Bucket *tab = self->tables[b];
      guint w = self->width[b];
      guint64 v = block_of (self, b, hash);

      scan_bucket (self, &tab[v], hash, &best_d, &best_i);
      if (self->radius >= 1)
        for (guint i = 0; i < w; i++)
          {
            guint64 v1 = v ^ (G_GUINT64_CONSTANT (1) << i);

            scan_bucket (self, &tab[v1], hash, &best_d, &best_i);
            if (self->radius >= 2)
              for (guint j = i + 1; j < w; j++)
                {
                  guint64 v2 = v1 ^ (G_GUINT64_CONSTANT (1) << j);

                  scan_bucket (self, &tab[v2], hash, &best_d, &best_i);
                  if (self->radius >= 3)
                    for (guint l = j + 1; l < w; l++)
                      scan_bucket (self, &tab[v2 ^ (G_GUINT64_CONSTANT (1) << l)],
                                   hash, &best_d, &best_i);
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
