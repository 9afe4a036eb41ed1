/* rill-dedupe-index.c: one facade over the exact, simhash and minhash
 * engines, with cluster bookkeeping and optional SQLite state.
 *
 * Every checked doc, duplicate or not, is added: a copy of a copy then
 * still finds its cluster, and with a state file a replayed key is known.
 * Per doc the facade keeps its id (8 bytes) and its cluster's first idx
 * (4 bytes); the engine keeps its signature. Dates cost a hash table entry
 * per cluster, only when given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-index.h"

#include "rill-dedupe-tokens.h"
#include "rill-exact-table.h"
#include "rill-simhash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

typedef struct
{
  gint64  date;
  guint32 idx;
} Earliest;

struct _RillDedupeIndex
{
  RillDedupeParams  params;
  RillTokens        tokens;
  RillExactTable   *exact;
  RillSimhashTable *simhash;
  RillMinhashLsh   *minhash;
  guint32          *sig;          /* minhash: [0] = size, then slots */
  guint64          *ids;
  guint32          *clusters;
  guint32           n_docs;
  guint32           alloc;
  GHashTable       *earliest;     /* cluster idx -> Earliest */
  RillDedupeState  *state;
  gboolean          loading_failed;
};

void
rill_dedupe_params_init (RillDedupeParams *params,
                         RillDedupeMethod  method)
{
  memset (params, 0, sizeof *params);
  params->method = method;
  params->simhash_distance = 3;
  params->simhash_shingle = 2;
  params->minhash_slots = 128;
  params->minhash_bands = 32;
  params->minhash_rows = 4;
  params->minhash_shingle = 4;
  params->minhash_verify = RILL_MINHASH_VERIFY_CONTAINMENT;
  params->minhash_threshold = 0.65;
}

gboolean
rill_dedupe_method_from_string (const char       *name,
                                RillDedupeMethod *method)
{
  static const char *names[] = { "exact", "simhash", "minhash" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *method = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * rill_dedupe_params_to_string:
 *
 * Returns: (transfer full): the parameters that determine what is stored,
 *   as recorded in a state file
 */
char *
rill_dedupe_params_to_string (const RillDedupeParams *p)
{
  switch (p->method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      return g_strdup ("exact xxh3-128 words-v1");
    case RILL_DEDUPE_METHOD_SIMHASH:
      return g_strdup_printf ("simhash words-v1 k=%u shingle=%u",
                              p->simhash_distance, p->simhash_shingle);
    case RILL_DEDUPE_METHOD_MINHASH:
    default:
      return g_strdup_printf ("minhash words-v1 oph slots=%u shingle=%u",
                              p->minhash_slots, p->minhash_shingle);
    }
}

static void
set_error_invalid (GError **error, const char *msg)
{
  g_set_error_literal (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_INVALID, msg);
}

static void
push_doc (RillDedupeIndex *self, guint64 id, guint32 cluster)
{
  if (self->n_docs == self->alloc)
    {
      self->alloc = MAX (1024, self->alloc + self->alloc / 2);
      self->ids = g_renew (guint64, self->ids, self->alloc);
      self->clusters = g_renew (guint32, self->clusters, self->alloc);
    }
  self->ids[self->n_docs] = id;
  self->clusters[self->n_docs] = cluster;
  self->n_docs++;
}

static void
note_date (RillDedupeIndex *self, guint32 cluster, guint32 idx, gint64 date)
{
  Earliest *e;

  if (date == RILL_DEDUPE_NO_DATE)
    return;
  if (self->earliest == NULL)
    self->earliest = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  e = g_hash_table_lookup (self->earliest, GUINT_TO_POINTER (cluster + 1));
  if (e == NULL)
    {
      e = g_new (Earliest, 1);
      e->date = date;
      e->idx = idx;
      g_hash_table_insert (self->earliest, GUINT_TO_POINTER (cluster + 1), e);
    }
  else if (date < e->date)
    {
      e->date = date;
      e->idx = idx;
    }
}

static void
engine_add (RillDedupeIndex *self, gconstpointer sig, guint32 idx)
{
  switch (self->params.method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      rill_exact_table_insert (self->exact, sig, idx);
      break;
    case RILL_DEDUPE_METHOD_SIMHASH:
      rill_simhash_table_add (self->simhash, *(const guint64 *) sig, idx);
      break;
    case RILL_DEDUPE_METHOD_MINHASH:
      {
        const guint32 *s = sig;

        rill_minhash_lsh_add (self->minhash, s + 1, s[0], idx);
      }
      break;
    }
}

static gsize
sig_size (RillDedupeIndex *self)
{
  switch (self->params.method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      return sizeof (RillHash128);
    case RILL_DEDUPE_METHOD_SIMHASH:
      return sizeof (guint64);
    case RILL_DEDUPE_METHOD_MINHASH:
    default:
      return (self->params.minhash_slots + 1) * sizeof (guint32);
    }
}

static void
load_row (guint32       idx,
          guint64       id,
          guint32       cluster,
          gint64        date,
          gconstpointer sig,
          gsize         sig_len,
          gpointer      user_data)
{
  RillDedupeIndex *self = user_data;

  if (sig_len != sig_size (self) || cluster > idx)
    {
      self->loading_failed = TRUE;
      return;
    }
  push_doc (self, id, cluster);
  engine_add (self, sig, idx);
  note_date (self, cluster, idx, date);
}

/**
 * rill_dedupe_index_new:
 * @params: the parameters (copied)
 * @state_path: (nullable): a SQLite file keeping the index across runs,
 *   or %NULL to keep it in memory only
 * @error: return location for a #GError
 *
 * Opens (and loads) or creates an index.
 *
 * Returns: (transfer full) (nullable): the index, %NULL on error
 */
RillDedupeIndex *
rill_dedupe_index_new (const RillDedupeParams *params,
                       const char             *state_path,
                       GError                **error)
{
  g_autoptr (RillDedupeIndex) self = NULL;
  const RillDedupeParams *p = params;

  g_return_val_if_fail (params != NULL, NULL);
  if (p->method > RILL_DEDUPE_METHOD_MINHASH)
    {
      set_error_invalid (error, "unknown dedupe method");
      return NULL;
    }
  if (p->method == RILL_DEDUPE_METHOD_SIMHASH && p->simhash_distance > 15)
    {
      set_error_invalid (error, "simhash distance must be 0..15");
      return NULL;
    }
  if (p->method == RILL_DEDUPE_METHOD_MINHASH
      && (p->minhash_slots == 0 || p->minhash_slots > 1024
          || p->minhash_bands == 0 || p->minhash_rows == 0
          || p->minhash_bands * p->minhash_rows > p->minhash_slots))
    {
      set_error_invalid (error, "minhash needs 1..1024 slots and bands x rows <= slots");
      return NULL;
    }

  self = g_new0 (RillDedupeIndex, 1);
  self->params = *p;
  rill_tokens_init (&self->tokens);
  switch (p->method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      self->exact = rill_exact_table_new ();
      break;
    case RILL_DEDUPE_METHOD_SIMHASH:
      self->simhash = rill_simhash_table_new (p->simhash_distance);
      break;
    case RILL_DEDUPE_METHOD_MINHASH:
      self->minhash = rill_minhash_lsh_new (p->minhash_slots, p->minhash_bands,
                                            p->minhash_rows, p->minhash_verify,
                                            p->minhash_threshold);
      self->sig = g_new (guint32, p->minhash_slots + 1);
      break;
    }

  if (state_path && g_str_has_prefix (state_path, "redis://"))
    {
      /* rill-dedupe-redis.c keeps that index on the server */
      set_error_invalid (error, "a Redis state is opened with rill_dedupe_redis_new()");
      return NULL;
    }
  if (state_path)
    {
      g_autofree char *config = rill_dedupe_params_to_string (p);

      self->state = rill_dedupe_state_open (state_path, config, p->durable, error);
      if (self->state == NULL)
        return NULL;
      if (!rill_dedupe_state_load (self->state, load_row, self, error))
        return NULL;
      if (self->loading_failed)
        {
          g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_STATE,
                       "dedupe state %s holds malformed rows", state_path);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

void
rill_dedupe_index_free (RillDedupeIndex *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->state, rill_dedupe_state_close);
  rill_tokens_clear (&self->tokens);
  g_clear_pointer (&self->exact, rill_exact_table_free);
  g_clear_pointer (&self->simhash, rill_simhash_table_free);
  g_clear_pointer (&self->minhash, rill_minhash_lsh_free);
  g_clear_pointer (&self->earliest, g_hash_table_unref);
  g_free (self->sig);
  g_free (self->ids);
  g_free (self->clusters);
  g_free (self);
}

/* Computes the signature of @text into @sig (sig_size() bytes; minhash:
 * [0] = shingle count, then the slots). Returns whether the text can
 * match anything: an empty text never does with simhash and minhash. */
static gboolean
sign (RillDedupeIndex *self,
      const char      *text,
      gssize           len,
      gpointer         sig)
{
  const RillDedupeParams *p = &self->params;

  rill_tokens_scan (&self->tokens, text, len,
                    p->method == RILL_DEDUPE_METHOD_EXACT);
  switch (p->method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      {
        XXH128_hash_t h = XXH3_128bits (self->tokens.norm->str,
                                        self->tokens.norm->len);
        RillHash128 *out = sig;

        out->lo = h.low64;
        out->hi = h.high64;
        return TRUE;
      }
    case RILL_DEDUPE_METHOD_SIMHASH:
      {
        guint64 h = rill_simhash_compute (self->tokens.words,
                                          self->tokens.n_words,
                                          p->simhash_shingle);

        memcpy (sig, &h, sizeof h);
        return self->tokens.n_words > 0;
      }
    case RILL_DEDUPE_METHOD_MINHASH:
    default:
      {
        guint32 *s = sig;
        guint n_sh;

        rill_minhash_compute (self->tokens.words, self->tokens.n_words,
                              p->minhash_shingle, p->minhash_slots, s + 1,
                              &n_sh);
        s[0] = n_sh;
        return n_sh > 0;
      }
    }
}

/* Computes the signature of @text into @sig and looks it up; returns the
 * matching idx or G_MAXUINT32. @sig must hold sig_size() bytes. */
static guint32
sign_and_find (RillDedupeIndex *self,
               const char      *text,
               gssize           len,
               gpointer         sig,
               double          *score)
{
  guint32 idx = G_MAXUINT32;
  guint dist;

  *score = 0.0;
  if (!sign (self, text, len, sig))
    return G_MAXUINT32;
  switch (self->params.method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      if (rill_exact_table_lookup (self->exact, sig, &idx))
        *score = 1.0;
      else
        idx = G_MAXUINT32;
      break;
    case RILL_DEDUPE_METHOD_SIMHASH:
      if (rill_simhash_table_find (self->simhash, *(const guint64 *) sig,
                                   &idx, &dist))
        *score = 1.0 - dist / 64.0;
      else
        idx = G_MAXUINT32;
      break;
    case RILL_DEDUPE_METHOD_MINHASH:
      {
        const guint32 *s = sig;

        if (!rill_minhash_lsh_find (self->minhash, s + 1, s[0], &idx, score))
          idx = G_MAXUINT32;
      }
      break;
    }
  return idx;
}

/**
 * rill_dedupe_index_sign:
 * @self: the index
 * @text: UTF-8 text
 * @len: its length, or -1 if nul-terminated
 * @sig: (out caller-allocates): rill_dedupe_index_get_sig_size() bytes:
 *   the 128-bit hash (exact: low then high 64 bits), the 64-bit SimHash,
 *   or for minhash the shingle count (guint32) then the slots
 *
 * Computes the signature rill_dedupe_index_check_and_add() would look up,
 * without looking it up (the Redis state looks it up on the server).
 *
 * Returns: whether the text can match anything (an empty text cannot,
 *   with simhash and minhash)
 */
gboolean
rill_dedupe_index_sign (RillDedupeIndex *self,
                        const char      *text,
                        gssize           len,
                        gpointer         sig)
{
  return sign (self, text, len, sig);
}

static void
fill_match (RillDedupeIndex  *self,
            guint32           m,
            double            score,
            RillDedupeResult *result)
{
  guint32 cluster = self->clusters[m];
  guint32 first = cluster;

  if (self->earliest)
    {
      Earliest *e = g_hash_table_lookup (self->earliest,
                                         GUINT_TO_POINTER (cluster + 1));

      if (e)
        first = e->idx;
    }
  result->verdict = RILL_DEDUPE_DUPLICATE;
  result->dup_of = self->ids[first];
  result->match = self->ids[m];
  result->cluster = self->ids[cluster];
  result->score = score;
}

/**
 * rill_dedupe_index_lookup:
 * @self: the index
 * @text: UTF-8 text
 * @len: its length, or -1 if nul-terminated
 * @result: (out caller-allocates): the verdict (never %RILL_DEDUPE_SEEN)
 *
 * Checks @text without adding it. For a new text @result's ids are 0.
 */
void
rill_dedupe_index_lookup (RillDedupeIndex  *self,
                          const char       *text,
                          gssize            len,
                          RillDedupeResult *result)
{
  guint64 sig[(1024 + 1) / 2 + 1];
  double score;
  guint32 m;

  memset (result, 0, sizeof *result);
  m = sign_and_find (self, text, len,
                     self->params.method == RILL_DEDUPE_METHOD_MINHASH
                       ? (gpointer) self->sig : (gpointer) sig, &score);
  if (m != G_MAXUINT32)
    fill_match (self, m, score, result);
}

/**
 * rill_dedupe_index_check_and_add:
 * @self: the index
 * @text: UTF-8 text of the chosen field
 * @len: its length, or -1 if nul-terminated
 * @id: the caller's id for this doc (returned later as dup-of/cluster)
 * @key: (nullable): a stable key for the doc (its URL, its source id);
 *   with a state file, a key already stored makes the verdict
 *   %RILL_DEDUPE_SEEN. Without a state file it is ignored.
 * @date: publication time (any monotonic unit, e.g. Unix seconds) or
 *   %RILL_DEDUPE_NO_DATE
 * @result: (out caller-allocates): the verdict
 * @error: return location for a #GError (state errors only)
 *
 * Checks @text against every doc added so far and adds it. With a state
 * file the doc's row is written into the open transaction: it becomes
 * durable at the next rill_dedupe_index_commit(), which the caller makes
 * before handing the doc on (see bench/dedupe/README.md for the contract).
 *
 * Returns: %FALSE if the state could not be read or written
 */
gboolean
rill_dedupe_index_check_and_add (RillDedupeIndex  *self,
                                 const char       *text,
                                 gssize            len,
                                 guint64           id,
                                 const char       *key,
                                 gint64            date,
                                 RillDedupeResult *result,
                                 GError          **error)
{
  guint64 sigbuf[4];
  gpointer sig = self->params.method == RILL_DEDUPE_METHOD_MINHASH
                   ? (gpointer) self->sig : (gpointer) sigbuf;
  guint32 m, idx, cluster;
  double score;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  memset (result, 0, sizeof *result);

  if (self->state && key)
    {
      int found = rill_dedupe_state_lookup_key (self->state, key, &idx, error);

      if (found < 0)
        return FALSE;
      if (found && idx < self->n_docs)
        {
          result->verdict = RILL_DEDUPE_SEEN;
          result->cluster = self->ids[self->clusters[idx]];
          result->match = self->ids[idx];
          result->dup_of = idx == self->clusters[idx] ? 0 : result->cluster;
          return TRUE;
        }
    }
  if (self->n_docs == G_MAXUINT32 - 1)
    {
      set_error_invalid (error, "dedupe index is full (2^32 - 1 docs)");
      return FALSE;
    }

  m = sign_and_find (self, text, len, sig, &score);
  idx = self->n_docs;
  if (m != G_MAXUINT32)
    {
      cluster = self->clusters[m];
      fill_match (self, m, score, result);
      note_date (self, cluster, idx, date);
    }
  else
    {
      cluster = idx;
      note_date (self, cluster, idx, date);
      result->verdict = RILL_DEDUPE_NEW;
      result->cluster = id;
    }

  if (self->state
      && !rill_dedupe_state_record (self->state, idx, key, id, cluster, date,
                                    sig, sig_size (self), error))
    return FALSE;
  push_doc (self, id, cluster);
  /* A copy all but identical to what it matched adds nothing to the
   * similarity index, so it stays out: memory then follows the distinct
   * docs, not the docs read (10 exact copies of a corpus no longer double
   * it). Looser copies go in, so that a copy of a copy still matches
   * through the first copy (that keeps recall). */
  if (result->verdict == RILL_DEDUPE_NEW || result->score < 0.98)
    engine_add (self, sig, idx);
  return TRUE;
}

/**
 * rill_dedupe_index_commit:
 *
 * Makes every doc added since the last commit durable in the state file.
 * Without a state file it does nothing.
 *
 * Returns: %FALSE on error
 */
gboolean
rill_dedupe_index_commit (RillDedupeIndex *self,
                          GError         **error)
{
  return self->state == NULL || rill_dedupe_state_commit (self->state, error);
}

guint
rill_dedupe_index_get_n_docs (RillDedupeIndex *self)
{
  return self->n_docs;
}

/**
 * rill_dedupe_index_get_memory:
 *
 * Returns: bytes held by the index structures (not counting malloc
 *   overhead and the tokenizer's buffers)
 */
gsize
rill_dedupe_index_get_memory (RillDedupeIndex *self)
{
  gsize bytes = (gsize) self->alloc * (sizeof (guint64) + sizeof (guint32));

  if (self->exact)
    bytes += rill_exact_table_memory (self->exact);
  if (self->simhash)
    bytes += rill_simhash_table_memory (self->simhash);
  if (self->minhash)
    bytes += rill_minhash_lsh_memory (self->minhash);
  return bytes;
}

/**
 * rill_dedupe_index_get_sig_size:
 *
 * Returns: the bytes of a signature (see rill_dedupe_index_sign())
 */
gsize
rill_dedupe_index_get_sig_size (RillDedupeIndex *self)
{
  return sig_size (self);
}

const RillDedupeParams *
rill_dedupe_index_get_params (RillDedupeIndex *self)
{
  return &self->params;
}

/**
 * rill_dedupe_index_get_db:
 *
 * Returns: (transfer none) (nullable): the state connection, %NULL in memory
 */
sqlite3 *
rill_dedupe_index_get_db (RillDedupeIndex *self)
{
  return self->state ? rill_dedupe_state_get_db (self->state) : NULL;
}
