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
 *   probes 4     68    70    72     ~77    72   (at most; see below)
 *
 * A table's bucket is the top `b` bits of the block value (b <= the
 * block's bits), so a probe for a neighbour that differs in one of the
 * lower bits lands in the same bucket: a query probes m (1 + r b)
 * buckets. A table starts with 2^8 buckets and doubles them (splitting
 * each bucket by its next bit) whenever it holds more than 8 entries per
 * bucket, until b reaches the block width; from then on buckets hold
 * N / 2^bits entries (15 per million documents for 16 bits, 122 for 13
 * bits). Memory thus follows the documents (per block, about 12 bytes an
 * entry plus a quarter of slack and a 16-byte header per 8 entries)
 * instead of a fixed 2^bits buckets per block. Buckets are scanned
 * sequentially with one XOR and popcount each; entries carry the full hash (12 bytes), so a
 * lookup touches no other memory, and the ~70 buckets of a k = 9 query
 * are prefetched before they are scanned so their cache misses overlap.
 * The cost of a lookup grows linearly with N / 2^bits: for k >= 10 and
 * tens of millions of documents, shard the index.
 *
 * SimHash: features are hashed (word pairs through XXH3's inlined 16-byte
 * path) and their bits counted with SWAR counters (4-bit lanes spilled
 * into 8-bit lanes spilled into 32-bit totals), no table and no branch
 * per bit.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-simhash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

/* The hash of a feature of @n words: XXH3_64bits() of their hashes. Word
 * pairs (the default) take XXH3's 16-byte path inlined. */
static inline guint64
feature_hash (const guint64 *w, guint n)
{
#if XXH_VERSION_MAJOR == 0 && XXH_VERSION_MINOR == 8
  if (n == 2)
    return XXH3_len_9to16_64b ((const xxh_u8 *) w, 16, XXH3_kSecret, 0);
#endif
  return XXH3_64bits (w, n * sizeof (guint64));
}

#define NIBBLES G_GUINT64_CONSTANT (0x1111111111111111)
#define LOW_NIBBLES G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F)

/* Per-bit counters of many 64-bit values, without a branch or a table:
 * four words of 16 four-bit counters take 15 values (nibble k of c4[j]
 * counts bit 4k + j), then spill into eight words of 8 eight-bit
 * counters (byte m of c8[j] counts bit 8m + j), which spill into 32-bit
 * totals every 255 values. */
typedef struct
{
  guint64 c4[4];
  guint64 c8[8];
  guint   n4;
  guint   n8;
  guint32 total[64];
} BitCounts;

static inline void
spill4 (BitCounts *bc)
{
  for (guint j = 0; j < 4; j++)
    {
      bc->c8[j] += bc->c4[j] & LOW_NIBBLES;
      bc->c8[j + 4] += (bc->c4[j] >> 4) & LOW_NIBBLES;
      bc->c4[j] = 0;
    }
  bc->n8 += bc->n4;
  bc->n4 = 0;
}

static inline void
spill8 (BitCounts *bc)
{
  for (guint j = 0; j < 8; j++)
    {
      for (guint m = 0; m < 8; m++)
        bc->total[8 * m + j] += (bc->c8[j] >> (8 * m)) & 0xff;
      bc->c8[j] = 0;
    }
  bc->n8 = 0;
}

static inline void
bit_counts_add (BitCounts *bc, guint64 h)
{
  bc->c4[0] += h & NIBBLES;
  bc->c4[1] += (h >> 1) & NIBBLES;
  bc->c4[2] += (h >> 2) & NIBBLES;
  bc->c4[3] += (h >> 3) & NIBBLES;
  if (G_UNLIKELY (++bc->n4 == 15))
    {
      spill4 (bc);
      if (G_UNLIKELY (bc->n8 > 255 - 15))
        spill8 (bc);
    }
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
  BitCounts bc;
  guint n_feat;
  guint64 out = 0;

  if (n_words == 0)
    return 0;
  shingle = MAX (shingle, 1);
  if (n_words < shingle)
    return feature_hash (words, n_words);
  n_feat = n_words - shingle + 1;

  memset (&bc, 0, sizeof bc);
  if (shingle == 2)
    for (guint i = 0; i < n_feat; i++)
      bit_counts_add (&bc, feature_hash (words + i, 2));
  else
    for (guint i = 0; i < n_feat; i++)
      bit_counts_add (&bc, feature_hash (words + i, shingle));
  spill4 (&bc);
  spill8 (&bc);

  for (guint j = 0; j < 64; j++)
    if ((guint64) bc.total[j] * 2 > n_feat)
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

/* Mean entries per bucket before a table doubles its buckets */
#define BUCKET_LOAD 8
/* Buckets of a new table: 1 << FIRST_BITS (or fewer for narrow blocks) */
#define FIRST_BITS 8
/* Most probes of one query: 8 blocks x (1 + 16 one-bit neighbours) */
#define MAX_PROBES (8 * 17)

typedef struct
{
  guint   shift;               /* first bit of the block in the hash */
  guint   width;               /* bits of the block */
  guint   bits;                /* the bucket is the block's top bits bits */
  Bucket *buckets;             /* 1 << bits */
} Table;

struct _RillSimhashTable
{
  guint   k;
  guint   radius;
  guint   n_blocks;
  guint32 n_entries;           /* hashes added */
  Table   tables[8];
  gsize   bytes;
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
  g_assert (self->n_blocks <= G_N_ELEMENTS (self->tables));
  g_assert (self->radius <= 1);
  for (guint b = 0; b < self->n_blocks; b++)
    {
      Table *t = &self->tables[b];

      t->width = 64 / self->n_blocks + (b < 64 % self->n_blocks ? 1 : 0);
      t->shift = shift;
      t->bits = MIN (t->width, FIRST_BITS);
      shift += t->width;
      t->buckets = g_new0 (Bucket, (gsize) 1 << t->bits);
      self->bytes += sizeof (Bucket) << t->bits;
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
      Table *t = &self->tables[b];

      for (gsize i = 0; i < ((gsize) 1 << t->bits); i++)
        g_free (t->buckets[i].hash);
      g_free (t->buckets);
    }
  g_free (self);
}

/* The bucket of @h in @t: the top t->bits bits of its block */
static inline guint64
bucket_of (const Table *t, guint64 h)
{
  return (h >> (t->shift + t->width - t->bits))
         & ((G_GUINT64_CONSTANT (1) << t->bits) - 1);
}

static void
bucket_reserve (RillSimhashTable *self, Bucket *bk, guint32 na)
{
  guint64 *nh = g_malloc ((gsize) na * (sizeof (guint64) + sizeof (guint32)));

  if (bk->len)
    {
      memcpy (nh, bk->hash, bk->len * sizeof (guint64));
      memcpy (nh + na, BUCKET_IDX (bk), bk->len * sizeof (guint32));
    }
  g_free (bk->hash);
  self->bytes -= (gsize) bk->alloc * (sizeof (guint64) + sizeof (guint32));
  self->bytes += (gsize) na * (sizeof (guint64) + sizeof (guint32));
  bk->hash = nh;
  bk->alloc = na;
}

static inline void
bucket_push (RillSimhashTable *self, Bucket *bk, guint64 hash, guint32 idx)
{
  if (bk->len == bk->alloc)
    bucket_reserve (self, bk, bk->alloc < 4 ? 4 : bk->alloc + bk->alloc / 2);
  bk->hash[bk->len] = hash;
  BUCKET_IDX (bk)[bk->len] = idx;
  bk->len++;
}

/* Doubles the buckets of @t: bucket i splits into 2i and 2i + 1 by the
 * next bit of the block; each half gets a quarter of slack. */
static void
table_split (RillSimhashTable *self, Table *t)
{
  gsize n_old = (gsize) 1 << t->bits;
  Bucket *old = t->buckets;

  t->bits++;
  t->buckets = g_new0 (Bucket, n_old * 2);
  self->bytes += sizeof (Bucket) * n_old;
  for (gsize i = 0; i < n_old; i++)
    {
      Bucket *ob = &old[i];
      const guint32 *oidx = BUCKET_IDX (ob);
      guint32 n1 = 0;

      if (ob->len == 0)
        continue;
      for (guint32 e = 0; e < ob->len; e++)
        n1 += bucket_of (t, ob->hash[e]) & 1;
      for (guint half = 0; half < 2; half++)
        {
          guint32 n = half ? n1 : ob->len - n1;

          if (n > 0)
            bucket_reserve (self, &t->buckets[2 * i + half], n + n / 4 + 2);
        }
      for (guint32 e = 0; e < ob->len; e++)
        {
          Bucket *nb = &t->buckets[bucket_of (t, ob->hash[e])];

          nb->hash[nb->len] = ob->hash[e];
          BUCKET_IDX (nb)[nb->len] = oidx[e];
          nb->len++;
        }
      self->bytes -= (gsize) ob->alloc * (sizeof (guint64) + sizeof (guint32));
      g_free (ob->hash);
    }
  g_free (old);
}

void
rill_simhash_table_add (RillSimhashTable *self,
                        guint64           hash,
                        guint32           idx)
{
  self->n_entries++;
  for (guint b = 0; b < self->n_blocks; b++)
    {
      Table *t = &self->tables[b];

      if (t->bits < t->width
          && self->n_entries > ((guint64) BUCKET_LOAD << t->bits))
        table_split (self, t);
      bucket_push (self, &t->buckets[bucket_of (t, hash)], hash, idx);
    }
}

/* Scans the probed buckets for the nearest entry within k (lowest idx
 * among equally near ones); cloned for CPUs with POPCNT. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute (target_clones)
__attribute__ ((target_clones ("popcnt", "default")))
#endif
#endif
static void
scan_probes (const Bucket **probes,
             guint          n_probes,
             guint64        q,
             guint          k,
             guint         *best_d,
             guint32       *best_i)
{
  for (guint p = 0; p < n_probes; p++)
    {
      const Bucket *bk = probes[p];
      const guint64 *h = bk->hash;

      for (guint32 i = 0; i < bk->len; i++)
        {
          guint d = (guint) __builtin_popcountll (h[i] ^ q);

          if (G_UNLIKELY (d <= k))
            {
              guint32 idx = BUCKET_IDX (bk)[i];

              if (d < *best_d || (d == *best_d && idx < *best_i))
                {
                  *best_d = d;
                  *best_i = idx;
                }
            }
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
 * The buckets to probe are listed first and their headers, then their
 * entries, prefetched, so the cache misses of the ~70 probes overlap
 * instead of following one another.
 *
 * Returns: whether one was found
 */
gboolean
rill_simhash_table_find (RillSimhashTable *self,
                         guint64           hash,
                         guint32          *idx,
                         guint            *distance)
{
  const Bucket *probes[MAX_PROBES];
  guint n_probes = 0;
  guint best_d = G_MAXUINT;
  guint32 best_i = G_MAXUINT32;

  for (guint b = 0; b < self->n_blocks; b++)
    {
      const Table *t = &self->tables[b];
      guint64 v = bucket_of (t, hash);

      probes[n_probes++] = &t->buckets[v];
      if (self->radius >= 1)
        for (guint i = 0; i < t->bits; i++)
          probes[n_probes++] = &t->buckets[v ^ (G_GUINT64_CONSTANT (1) << i)];
    }
  for (guint p = 0; p < n_probes; p++)
    __builtin_prefetch (probes[p]);
  for (guint p = 0; p < n_probes; p++)
    if (probes[p]->len > 0)
      __builtin_prefetch (probes[p]->hash);

  scan_probes (probes, n_probes, hash, self->k, &best_d, &best_i);
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
