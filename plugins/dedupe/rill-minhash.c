/* rill-minhash.c: MinHash by one-permutation hashing with optimal
 * densification (Shrivastava, ICML 2017), banded LSH, verification.
 *
 * Signature: each shingle's 64-bit hash picks one of n_slots bins by its
 * high half and competes for that bin's minimum with its low half; empty
 * bins borrow the value of a non-empty bin chosen by a per-bin hash
 * sequence. That costs one hash per shingle instead of one per shingle
 * and permutation, and estimates Jaccard like n_slots independent
 * permutations.
 *
 * LSH: the signature is cut into n_bands bands of `rows` values; a band
 * hashes to a 64-bit key, and each band has an open-addressing multimap
 * key -> document (8 bytes an entry). Any stored document sharing one band
 * key is a candidate; candidates are verified on their stored signatures
 * and set sizes (rill_minhash_score()), and the best scoring one at or
 * above the threshold is the match.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-minhash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

static inline guint64
mix64 (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* XXH3_64bits() of @n word hashes; 2 to 16 words (16 to 128 bytes, the
 * usual shingles) take XXH3's mid-size path inlined, which gives the same
 * value. */
static inline guint64
shingle_hash (const guint64 *w, guint n)
{
#if XXH_VERSION_MAJOR == 0 && XXH_VERSION_MINOR == 8
  if (n == 4)
    return XXH3_len_17to128_64b ((const xxh_u8 *) w, 32, XXH3_kSecret,
                                 sizeof XXH3_kSecret, 0);
#endif
  return XXH3_64bits (w, n * sizeof (guint64));
}

/**
 * rill_minhash_compute:
 * @words: word hashes (from rill_tokens_scan())
 * @n_words: number of words
 * @shingle: words per shingle
 * @n_slots: signature length (at most 1024)
 * @sig: (out caller-allocates) (array length=n_slots): the signature
 * @n_shingles: (out): number of shingles (the set size used by
 *   containment; repeated shingles are counted again)
 *
 * A text shorter than @shingle words is one shingle. An empty text gives
 * a signature of all 0xffffffff and 0 shingles.
 */
void
rill_minhash_compute (const guint64 *words,
                      guint          n_words,
                      guint          shingle,
                      guint          n_slots,
                      guint32       *sig,
                      guint         *n_shingles)
{
  guint8 filled[1024];
  guint n_sh, n_filled = 0;

  g_return_if_fail (n_slots > 0 && n_slots <= 1024);
  memset (sig, 0xff, n_slots * sizeof (guint32));
  memset (filled, 0, n_slots);
  *n_shingles = 0;
  if (n_words == 0)
    return;
  shingle = MAX (shingle, 1);
  n_sh = n_words >= shingle ? n_words - shingle + 1 : 1;
  *n_shingles = n_sh;

  for (guint i = 0; i < n_sh; i++)
    {
      guint64 h = shingle_hash (words + i, MIN (shingle, n_words));
      guint bin = (guint) (((h >> 32) * n_slots) >> 32);
      guint32 v = (guint32) h;

      /* no branch: sig starts at 0xffffffff, so min () also fills */
      filled[bin] = 1;
      sig[bin] = MIN (sig[bin], v);
    }

  for (guint j = 0; j < n_slots; j++)
    n_filled += filled[j];
  if (n_filled == n_slots)
    return;
  for (guint j = 0; j < n_slots; j++)
    {
      if (filled[j])
        continue;
      for (guint64 attempt = 1;; attempt++)
        {
          guint64 r = mix64 (((guint64) j << 32) ^ attempt);
          guint src = (guint) (((r >> 32) * n_slots) >> 32);

          if (filled[src] == 1)
            {
              sig[j] = sig[src];
              break;
            }
        }
    }
}

/**
 * rill_minhash_jaccard:
 *
 * Returns: the share of equal slots of @a and @b, an estimate of their
 *   Jaccard similarity
 */
double
rill_minhash_jaccard (const guint32 *a,
                      const guint32 *b,
                      guint          n_slots)
{
  guint m = 0;

  for (guint i = 0; i < n_slots; i++)
    m += a[i] == b[i];
  return (double) m / n_slots;
}

double
rill_minhash_score (RillMinhashVerify verify,
                    double            jaccard,
                    guint             size_a,
                    guint             size_b)
{
  double inter;
  guint mn;

  if (verify == RILL_MINHASH_VERIFY_JACCARD)
    return jaccard;
  mn = MIN (size_a, size_b);
  if (mn == 0)
    return jaccard;
  inter = jaccard * ((double) size_a + size_b) / (1.0 + jaccard);
  return MIN (1.0, inter / mn);
}

typedef struct
{
  guint32 key;                  /* high half of the band hash */
  guint32 idx;                  /* G_MAXUINT32: empty */
} Slot;

typedef struct
{
  Slot  *slots;
  guint  mask;
  guint  used;
} Band;

struct _RillMinhashLsh
{
  guint             n_slots;
  guint             n_bands;
  guint             rows;
  RillMinhashVerify verify;
  double            threshold;
  Band             *bands;
  guint32          *sigs;       /* n_docs x n_slots, indexed by idx */
  guint32          *sizes;
  gsize             n_docs;      /* highest idx + 1 */
  gsize             alloc;
  GArray           *cands;
  guint32          *keys;       /* n_bands band keys of keys_sig */
  guint32          *keys_sig;   /* n_bands x rows values */
  gboolean          keys_valid;
};

/**
 * rill_minhash_lsh_new:
 * @n_slots: signature length
 * @n_bands: number of bands
 * @rows: values per band (@n_bands * @rows <= @n_slots)
 * @verify: how candidates are scored
 * @threshold: the least score of a match
 *
 * Returns: (transfer full): an empty index
 */
RillMinhashLsh *
rill_minhash_lsh_new (guint             n_slots,
                      guint             n_bands,
                      guint             rows,
                      RillMinhashVerify verify,
                      double            threshold)
{
  RillMinhashLsh *self;

  g_return_val_if_fail (n_bands > 0 && rows > 0, NULL);
  g_return_val_if_fail (n_bands * rows <= n_slots, NULL);
  self = g_new0 (RillMinhashLsh, 1);
  self->n_slots = n_slots;
  self->n_bands = n_bands;
  self->rows = rows;
  self->verify = verify;
  self->threshold = threshold;
  self->bands = g_new0 (Band, n_bands);
  for (guint b = 0; b < n_bands; b++)
    {
      self->bands[b].mask = 1023;
      self->bands[b].slots = g_new (Slot, 1024);
      memset (self->bands[b].slots, 0xff, 1024 * sizeof (Slot));
    }
  self->cands = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->keys = g_new (guint32, n_bands);
  self->keys_sig = g_new (guint32, (gsize) n_bands * rows);
  return self;
}

void
rill_minhash_lsh_free (RillMinhashLsh *self)
{
  if (self == NULL)
    return;
  for (guint b = 0; b < self->n_bands; b++)
    g_free (self->bands[b].slots);
  g_free (self->bands);
  g_free (self->sigs);
  g_free (self->sizes);
  g_array_unref (self->cands);
  g_free (self->keys);
  g_free (self->keys_sig);
  g_free (self);
}

guint
rill_minhash_lsh_get_n_slots (RillMinhashLsh *self)
{
  return self->n_slots;
}

static inline guint64
band_hash (RillMinhashLsh *self, const guint32 *sig, guint b)
{
#if XXH_VERSION_MAJOR == 0 && XXH_VERSION_MINOR == 8
  if (self->rows == 4)
    return XXH3_len_9to16_64b ((const xxh_u8 *) (sig + b * 4), 16,
                               XXH3_kSecret, b);
#endif
  return XXH3_64bits_withSeed (sig + b * self->rows,
                               self->rows * sizeof (guint32), b);
}

/* The band keys of @sig, kept from the last call: a doc is looked up,
 * then added with the same signature. */
static const guint32 *
band_keys (RillMinhashLsh *self, const guint32 *sig)
{
  gsize n = (gsize) self->n_bands * self->rows;

  if (!self->keys_valid
      || memcmp (self->keys_sig, sig, n * sizeof (guint32)) != 0)
    {
      memcpy (self->keys_sig, sig, n * sizeof (guint32));
      for (guint b = 0; b < self->n_bands; b++)
        self->keys[b] = (guint32) (band_hash (self, sig, b) >> 32);
      self->keys_valid = TRUE;
    }
  return self->keys;
}

static inline guint
slot_pos (guint32 key, guint mask)
{
  return (guint) (((guint64) key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) & mask;
}

static void
band_insert (Band *band, guint32 key, guint32 idx)
{
  guint pos = slot_pos (key, band->mask);

  while (band->slots[pos].idx != G_MAXUINT32)
    pos = (pos + 1) & band->mask;
  band->slots[pos].key = key;
  band->slots[pos].idx = idx;
  band->used++;
}

static void
band_grow (Band *band)
{
  Slot *old = band->slots;
  guint old_n = band->mask + 1;

  band->mask = old_n * 2 - 1;
  band->slots = g_new (Slot, old_n * 2);
  memset (band->slots, 0xff, old_n * 2 * sizeof (Slot));
  band->used = 0;
  for (guint i = 0; i < old_n; i++)
    if (old[i].idx != G_MAXUINT32)
      band_insert (band, old[i].key, old[i].idx);
  g_free (old);
}

void
rill_minhash_lsh_add (RillMinhashLsh *self,
                      const guint32  *sig,
                      guint           size,
                      guint32         idx)
{
  const guint32 *keys;

  if (idx >= self->alloc)
    {
      gsize na = MAX (MAX (1024, self->alloc + self->alloc / 2), (gsize) idx + 1);

      self->sigs = g_renew (guint32, self->sigs, na * self->n_slots);
      self->sizes = g_renew (guint32, self->sizes, na);
      self->alloc = na;
    }
  memcpy (self->sigs + (gsize) idx * self->n_slots, sig,
          self->n_slots * sizeof (guint32));
  self->sizes[idx] = size;
  self->n_docs = MAX (self->n_docs, (gsize) idx + 1);

  keys = band_keys (self, sig);
  for (guint b = 0; b < self->n_bands; b++)
    {
      Band *band = &self->bands[b];

      if ((band->used + 1) * 2 > band->mask + 1)
        band_grow (band);
      band_insert (band, keys[b], idx);
    }
}

static int
cmp_u32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/**
 * rill_minhash_lsh_find:
 * @self: the index
 * @sig: the query signature
 * @size: the query's shingle count
 * @idx: (out): index of the best match
 * @score: (out): its score
 *
 * Returns: whether a candidate scored at least the threshold; ties go to
 *   the earliest added
 */
gboolean
rill_minhash_lsh_find (RillMinhashLsh *self,
                       const guint32  *sig,
                       guint           size,
                       guint32        *idx,
                       double         *score)
{
  double best = -1.0;
  guint32 best_i = G_MAXUINT32, prev = G_MAXUINT32;

  const guint32 *keys = band_keys (self, sig);

  g_array_set_size (self->cands, 0);
  /* the bands' first slots are far apart: start loading them all */
  for (guint b = 0; b < self->n_bands; b++)
    {
      const Band *band = &self->bands[b];

      __builtin_prefetch (&band->slots[slot_pos (keys[b], band->mask)]);
    }
  for (guint b = 0; b < self->n_bands; b++)
    {
      Band *band = &self->bands[b];
      guint32 key = keys[b];
      guint pos = slot_pos (key, band->mask);

      for (; band->slots[pos].idx != G_MAXUINT32; pos = (pos + 1) & band->mask)
        if (band->slots[pos].key == key)
          g_array_append_val (self->cands, band->slots[pos].idx);
    }
  if (self->cands->len == 0)
    return FALSE;
  if (self->cands->len > 1)
    g_array_sort (self->cands, cmp_u32);

  for (guint i = 0; i < self->cands->len; i++)
    {
      guint32 c = g_array_index (self->cands, guint32, i);
      double j, s;

      if (c == prev)
        continue;
      prev = c;
      j = rill_minhash_jaccard (sig, self->sigs + (gsize) c * self->n_slots,
                                self->n_slots);
      s = rill_minhash_score (self->verify, j, size, self->sizes[c]);
      if (s > best)
        {
          best = s;
          best_i = c;
        }
    }
  if (best_i == G_MAXUINT32 || best < self->threshold)
    return FALSE;
  *idx = best_i;
  *score = best;
  return TRUE;
}

gsize
rill_minhash_lsh_memory (RillMinhashLsh *self)
{
  gsize bytes = self->alloc * (self->n_slots + 1) * sizeof (guint32);

  for (guint b = 0; b < self->n_bands; b++)
    bytes += (gsize) (self->bands[b].mask + 1) * sizeof (Slot);
  return bytes;
}
