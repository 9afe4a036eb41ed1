/* rill-dedupe-redis.c: the dedupe index kept in Redis (`dedupe
 * state=redis://host:port/N`), shared by every worker of a job.
 *
 * Each worker signs its docs itself (tokens, XXH3-128 / SimHash / MinHash
 * and band keys, exactly as rill-dedupe-index.c does) and sends them to
 * one Lua script, rill-dedupe-redis.lua, which does the lookup and the
 * insert of a whole batch in one atomic step on the server: two workers
 * checking near-copies at the same moment are serialised by Redis, so one
 * of them is the duplicate of the other, as with one worker. The script
 * is loaded once (SCRIPT LOAD) and run with EVALSHA; after NOSCRIPT (a
 * restarted Redis forgot it) it is sent whole with EVAL.
 *
 * ## Keys (P is the prefix, default `rill:dedupe`)
 *
 * - `P:config` (string): the parameters (rill_dedupe_params_to_string(),
 *   plus bands, rows, verify and threshold for minhash); a worker with
 *   other parameters is refused (%RILL_DEDUPE_ERROR_MISMATCH).
 * - `P:next` (counter): doc ids, 1, 2, ... across all workers, in the
 *   order the server checked the docs. Ids only grow, so "the earliest
 *   added" (the tie rule of the engines) is "the lowest id", as in memory.
 * - `P:key` (hash): doc key -> its recorded verdict "id verdict dup_of
 *   match cluster s1 s2", written in the same script as the index insert.
 * - `P:info` (hash): id -> "date\nURL" of the docs that can be named as a
 *   dup-of (the first doc of a cluster, and a copy dated earlier than
 *   every copy before it).
 * - `P:early` (hash, only when docs carry dates): cluster -> "date id" of
 *   its earliest-dated doc.
 * - exact: `P:x` (hash): the 16-byte XXH3-128 -> id of the first doc.
 * - simhash: the in-memory index cuts the 64 bits into m = max (4,
 *   (k + 2) / 2) blocks and probes, per block, the block value and (k >= 4)
 *   its one-bit neighbours (pigeonhole: every hash within k differs from
 *   the query by at most k / m bits in some block). In Redis each block
 *   value is a string key `P:sh:<block>:<value>` of 16-byte records
 *   (the hash as two 32-bit halves, id, cluster) appended with APPEND; the
 *   script reads all probed keys with one MGET (m (1 + width) keys: 69 for
 *   k = 9, 4 for k <= 3) and does the Hamming test with the bit library on
 *   the two halves. There are at most m x 2^width keys (40,960 for k = 9),
 *   so their overhead is bounded; a doc adds m records (80 bytes, k = 9),
 *   and a probe scans N / 2^width records per key (2.4 at 20k docs, 122
 *   at a million for k = 9).
 * - minhash: one hash `P:mh` for the LSH bands: field = band number (2
 *   bytes) + the band's 32-bit key (the high half of the band hash, as in
 *   rill-minhash.c), value = the packed 4-byte ids of the docs with that
 *   key; one HMGET reads the doc's 32 fields, one HSET appends its id.
 *   `P:sig` (hash): id -> shingle count, cluster, signature (8 + 4 x slots
 *   bytes), read for all candidates with one HMGET. Candidates are
 *   verified in the script (estimated containment or Jaccard, same
 *   threshold, same double arithmetic as rill_minhash_score()), so one
 *   round trip does the whole check and the insert stays atomic with it;
 *   verifying in C would need a second round trip and an optimistic
 *   re-check (WATCH) that fails under contention, for a scan that costs
 *   Lua a few microseconds a candidate.
 *
 * A copy whose score is at least 0.98 stays out of the similarity keys,
 * as in memory. Results (verdict, dup_of, match, cluster, score) are those
 * of the in-memory index given the docs in the order Redis saw them; with
 * one worker that is the input order (tests/dedupe/test-dedupe-redis.c
 * checks it for every method; bench/dedupe/redis.sh on 20,000 docs). One
 * difference in naming: in memory a dropped copy keeps no URL, so when it
 * becomes the earliest-dated doc of its cluster later copies name it
 * `#ID`; Redis keeps its URL.
 *
 * ## Cost
 *
 * One round trip a batch of docs (the element sends the docs of each
 * pipeline batch, up to batch-size, in one call from its prepare_batch).
 * Redis commands run by the script a doc: exact 5 (HGET key, INCR, HGET,
 * HSET, HSET key), simhash 1 MGET + m APPEND + 3, minhash 2 HMGET + 1 a
 * batch of candidates + 2 HSET + 3. Memory in Redis a doc, measured with
 * bench/dedupe/redis.sh (20,000 docs, short keys, no URL or date): exact
 * ~180 bytes, simhash k = 9 ~380, minhash ~2.1 kB (32 band fields of
 * ~50 bytes and a 520-byte signature); the key record adds the key's
 * length, a URL stored for naming its length.
 *
 * ## Redelivery
 *
 * With Redis, sources redeliver entries a dead worker left pending
 * (at-least-once), and the client re-sends a command cut by a lost
 * connection. A doc whose key is in `P:key` is therefore not checked
 * again: it gets its recorded verdict (a new doc is new again, a duplicate
 * a duplicate of the same doc), so the redelivered doc is emitted or
 * dropped exactly as the first time. This replaces the SEEN verdict of
 * the SQLite state.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-redis.h"

#include "rill-dedupe-state.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define DEFAULT_PREFIX "rill:dedupe"
#define HEADER_ARGS 5   /* ARGV[1..5] of the script */
#define DOC_ARGS 7
#define REPLY_VALUES 9

/**
 * rill_dedupe_redis_is_url:
 *
 * Returns: whether @state names a Redis state (`redis://...`)
 */
gboolean
rill_dedupe_redis_is_url (const char *state)
{
  return state != NULL && g_str_has_prefix (state, "redis://");
}

#ifdef RILL_DEDUPE_HAVE_REDIS

#include "rill-redis-client.h"
#include "rill-dedupe-redis-lua.h"

struct _RillDedupeRedis
{
  RillDedupeParams  params;
  RillDedupeIndex  *signer;      /* in memory, used only to sign */
  RillRedis        *redis;
  char             *prefix;
  char             *address;     /* redis://host:port/db (prefix P) */
  char             *sha;
  gboolean          broken;      /* the last check lost Redis for good */
  /* simhash */
  guint             n_blocks;
  guint             radius;
  guint             widths[8];
  char             *widths_arg;
  /* per check, reused */
  GByteArray       *scratch;
};

gboolean
rill_dedupe_redis_is_supported (void)
{
  return TRUE;
}

static char *
config_string (const RillDedupeParams *p)
{
  g_autofree char *base = rill_dedupe_params_to_string (p);
  char thr[G_ASCII_DTOSTR_BUF_SIZE];

  if (p->method != RILL_DEDUPE_METHOD_MINHASH)
    return g_steal_pointer (&base);
  g_ascii_formatd (thr, sizeof thr, "%.17g", p->minhash_threshold);
  return g_strdup_printf ("%s bands=%u rows=%u verify=%s threshold=%s", base,
                          p->minhash_bands, p->minhash_rows,
                          p->minhash_verify == RILL_MINHASH_VERIFY_JACCARD
                            ? "jaccard" : "containment", thr);
}

/* Splits "redis://h:p/db?prefix=NAME" into the client's URL and the prefix. */
static gboolean
parse_url (const char  *url,
           char       **client_url,
           char       **prefix,
           GError     **error)
{
  const char *q = strchr (url, '?');
  g_autoptr (GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer k, v;

  *prefix = g_strdup (DEFAULT_PREFIX);
  if (q == NULL)
    {
      *client_url = g_strdup (url);
      return TRUE;
    }
  *client_url = g_strndup (url, q - url);
  params = g_uri_parse_params (q + 1, -1, "&", G_URI_PARAMS_NONE, error);
  if (params == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      if (strcmp (k, "prefix") == 0 && *(const char *) v != '\0')
        {
          g_free (*prefix);
          *prefix = g_strdup (v);
        }
      else
        {
          g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_INVALID,
                       "dedupe state %s: unknown parameter \"%s\" (only "
                       "prefix=NAME)", url, (const char *) k);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_script (RillDedupeRedis *self,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr (RillRedisReply) reply = NULL;

  reply = rill_redis_command (self->redis, cancellable, error, "SCRIPT LOAD %s",
                              RILL_DEDUPE_REDIS_LUA);
  if (reply == NULL)
    return FALSE;
  if (reply->type != REDIS_REPLY_STRING)
    {
      g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_STATE,
                   "dedupe state %s: SCRIPT LOAD gave no digest", self->address);
      return FALSE;
    }
  g_free (self->sha);
  self->sha = g_strndup (reply->str, reply->len);
  return TRUE;
}

static gboolean
check_config (RillDedupeRedis *self,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autofree char *config = config_string (&self->params);
  g_autofree char *key = g_strconcat (self->prefix, ":config", NULL);
  g_autoptr (RillRedisReply) set = NULL;
  g_autoptr (RillRedisReply) get = NULL;

  set = rill_redis_command (self->redis, cancellable, error, "SET %s %s NX",
                            key, config);
  if (set == NULL)
    return FALSE;
  if (set->type == REDIS_REPLY_STATUS)
    return TRUE;              /* stored: a new index */
  get = rill_redis_command (self->redis, cancellable, error, "GET %s", key);
  if (get == NULL)
    return FALSE;
  if (get->type != REDIS_REPLY_STRING
      || get->len != strlen (config)
      || memcmp (get->str, config, get->len) != 0)
    {
      g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_MISMATCH,
                   "dedupe state %s was written with \"%.*s\", not \"%s\"",
                   self->address,
                   get->type == REDIS_REPLY_STRING ? (int) get->len : 1,
                   get->type == REDIS_REPLY_STRING ? get->str : "?",
                   config);
      return FALSE;
    }
  return TRUE;
}

/**
 * rill_dedupe_redis_new:
 * @params: the parameters (copied)
 * @url: `redis://host:port/db`, optionally `?prefix=NAME` (default
 *   `rill:dedupe`); with Redis Cluster give a prefix in braces
 *   (`prefix={news}`) so that every key of the index is on one node
 * @cancellable: (nullable): cancels the connection attempt
 * @error: return location for a #GError
 *
 * Connects, checks (or stores) the parameters and loads the script.
 *
 * Returns: (transfer full) (nullable): the index, %NULL when Redis cannot
 *   be reached (the client's error names the address) or was written with
 *   other parameters
 */
RillDedupeRedis *
rill_dedupe_redis_new (const RillDedupeParams *params,
                       const char             *url,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr (RillDedupeRedis) self = NULL;
  g_autofree char *client_url = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (RillDedupeRedis, 1);
  self->params = *params;
  self->signer = rill_dedupe_index_new (params, NULL, error);
  if (self->signer == NULL)
    return NULL;
  if (!parse_url (url, &client_url, &prefix, error))
    return NULL;
  self->prefix = g_steal_pointer (&prefix);
  self->redis = rill_redis_new (client_url, error);
  if (self->redis == NULL)
    return NULL;
  if (!rill_redis_connect (self->redis, cancellable, error))
    return NULL;
  self->address = g_strdup_printf ("%s (prefix %s)", client_url, self->prefix);
  if (!check_config (self, cancellable, error)
      || !load_script (self, cancellable, error))
    return NULL;

  if (params->method == RILL_DEDUPE_METHOD_SIMHASH)
    {
      GString *w = g_string_new (NULL);
      guint k = params->simhash_distance;

      /* the block layout of rill-simhash.c */
      self->n_blocks = MAX (4, (k + 2) / 2);
      self->radius = k / self->n_blocks;
      for (guint b = 0; b < self->n_blocks; b++)
        {
          self->widths[b] = 64 / self->n_blocks + (b < 64 % self->n_blocks ? 1 : 0);
          g_string_append_printf (w, "%s%u", b ? "," : "", self->widths[b]);
        }
      self->widths_arg = g_string_free (w, FALSE);
    }
  self->scratch = g_byte_array_new ();
  return g_steal_pointer (&self);
}

void
rill_dedupe_redis_free (RillDedupeRedis *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->signer, rill_dedupe_index_free);
  g_clear_pointer (&self->redis, rill_redis_free);
  g_clear_pointer (&self->scratch, g_byte_array_unref);
  g_free (self->prefix);
  g_free (self->address);
  g_free (self->sha);
  g_free (self->widths_arg);
  g_free (self);
}

const char *
rill_dedupe_redis_get_address (RillDedupeRedis *self)
{
  return self->address;
}

const char *
rill_dedupe_redis_get_prefix (RillDedupeRedis *self)
{
  return self->prefix;
}

/**
 * rill_dedupe_redis_set_reconnect_timeout:
 * @seconds: how long a check keeps reconnecting to a lost Redis before it
 *   fails (the client's default is 60 s)
 */
void
rill_dedupe_redis_set_reconnect_timeout (RillDedupeRedis *self,
                                         guint            seconds)
{
  rill_redis_set_reconnect_timeout (self->redis, seconds);
}

/* Per doc, the script's arguments are laid out in self->scratch; these
 * are offsets into it (the array may move while it grows). */
typedef struct
{
  gsize off[DOC_ARGS];
  gsize len[DOC_ARGS];
} DocArgs;

static void
put (GByteArray *buf, DocArgs *d, guint i, gconstpointer data, gsize len)
{
  d->off[i] = buf->len;
  d->len[i] = len;
  g_byte_array_append (buf, data, len);
}

static void
put_printf (GByteArray *buf, DocArgs *d, guint i, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static void
put_printf (GByteArray *buf, DocArgs *d, guint i, const char *fmt, ...)
{
  g_autofree char *s = NULL;
  va_list ap;

  va_start (ap, fmt);
  s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  put (buf, d, i, s, strlen (s));
}

/* Signs @doc and lays out its 7 arguments. */
static void
sign_doc (RillDedupeRedis    *self,
          RillDedupeRedisDoc *doc,
          DocArgs            *d,
          guint32            *size)
{
  GByteArray *buf = self->scratch;
  const RillDedupeParams *p = &self->params;
  guint64 sig[(1024 + 1) / 2 + 1];
  gboolean searchable;

  searchable = rill_dedupe_index_sign (self->signer, doc->text, doc->len, sig);
  *size = 0;
  put (buf, d, 0, doc->key ? doc->key : "", doc->key ? strlen (doc->key) : 0);
  switch (p->method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      put (buf, d, 1, sig, 16);
      put (buf, d, 2, "", 0);
      break;
    case RILL_DEDUPE_METHOD_SIMHASH:
      {
        guint64 h = sig[0];
        guint32 be[2] = { GUINT32_TO_BE ((guint32) (h >> 32)),
                          GUINT32_TO_BE ((guint32) h) };
        GString *blocks = g_string_new (NULL);
        guint shift = 0;

        put (buf, d, 1, be, sizeof be);
        for (guint b = 0; b < self->n_blocks; b++)
          {
            guint64 v = (h >> shift) & ((G_GUINT64_CONSTANT (1) << self->widths[b]) - 1);

            g_string_append_printf (blocks, "%s%" G_GUINT64_FORMAT, b ? "," : "", v);
            shift += self->widths[b];
          }
        put (buf, d, 2, blocks->str, blocks->len);
        g_string_free (blocks, TRUE);
      }
      break;
    case RILL_DEDUPE_METHOD_MINHASH:
      {
        const guint32 *s = (const guint32 *) sig;
        guint32 keys[1024];

        *size = s[0];
        put (buf, d, 1, s + 1, p->minhash_slots * sizeof (guint32));
        /* band keys as rill-minhash.c computes them: the high half of
         * XXH3-64 of the band's rows, seeded by the band number */
        for (guint b = 0; b < p->minhash_bands; b++)
          keys[b] = (guint32) (XXH3_64bits_withSeed (s + 1 + b * p->minhash_rows,
                                                     p->minhash_rows * sizeof (guint32),
                                                     b) >> 32);
        put (buf, d, 2, keys, p->minhash_bands * sizeof (guint32));
      }
      break;
    }
  put_printf (buf, d, 3, "%u", *size);
  put (buf, d, 4, searchable ? "1" : "0", 1);
  if (doc->date != RILL_DEDUPE_NO_DATE)
    put_printf (buf, d, 5, "%" G_GINT64_FORMAT, doc->date);
  else
    put (buf, d, 5, "", 0);
  put (buf, d, 6, doc->info ? doc->info : "", doc->info ? strlen (doc->info) : 0);
}

static gboolean
is_noscript (const GError *error)
{
  return error && strstr (error->message, "NOSCRIPT") != NULL;
}

static void
set_reply_error (RillDedupeRedis *self,
                 GError         **error)
{
  g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_STATE,
               "dedupe state %s: unexpected reply to the check script",
               self->address);
}

static gint64
reply_int (const redisReply *r)
{
  if (r->type == REDIS_REPLY_INTEGER)
    return r->integer;
  if (r->type == REDIS_REPLY_STRING)
    return g_ascii_strtoll (r->str, NULL, 10);
  return 0;
}

/**
 * rill_dedupe_redis_check:
 * @self: the index
 * @docs: (array length=n_docs): the docs, in order
 * @n_docs: how many (one round trip for all; keep batches to a few
 *   hundred docs: the script blocks the server while it runs)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks each doc against every doc stored so far by any worker and adds
 * it, in one atomic script run; fills the out fields of @docs. A doc whose
 * key was checked before gets its recorded verdict (@again is set).
 *
 * Returns: %FALSE if Redis could not be reached (after the client's
 *   reconnection attempts; once they gave up, the next check makes one
 *   connection attempt only) or answered with an error; then no out
 *   field is set, and the batch may or may not have been stored
 *   (checking it again gives the recorded verdicts)
 */
gboolean
rill_dedupe_redis_check (RillDedupeRedis    *self,
                         RillDedupeRedisDoc *docs,
                         guint               n_docs,
                         GCancellable       *cancellable,
                         GError            **error)
{
  const RillDedupeParams *p = &self->params;
  guint argc = 4 + HEADER_ARGS + n_docs * DOC_ARGS;
  g_autofree const char **argv = g_new (const char *, argc);
  g_autofree size_t *argvlen = g_new (size_t, argc);
  g_autofree DocArgs *dargs = g_new (DocArgs, n_docs);
  g_autofree guint32 *sizes = g_new (guint32, n_docs);
  g_autoptr (RillRedisReply) reply = NULL;
  g_autoptr (GError) local_error = NULL;
  char hdr[HEADER_ARGS][G_ASCII_DTOSTR_BUF_SIZE];
  guint a = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_docs == 0 || docs != NULL, FALSE);
  if (n_docs == 0)
    return TRUE;

  memset (hdr, 0, sizeof hdr);
  switch (p->method)
    {
    case RILL_DEDUPE_METHOD_EXACT:
      hdr[0][0] = 'x';
      break;
    case RILL_DEDUPE_METHOD_SIMHASH:
      hdr[0][0] = 's';
      g_snprintf (hdr[1], sizeof hdr[1], "%u", p->simhash_distance);
      g_snprintf (hdr[2], sizeof hdr[2], "%u", self->radius);
      break;
    case RILL_DEDUPE_METHOD_MINHASH:
      hdr[0][0] = 'm';
      g_snprintf (hdr[1], sizeof hdr[1], "%u", p->minhash_slots);
      g_snprintf (hdr[2], sizeof hdr[2], "%u", p->minhash_bands);
      hdr[3][0] = p->minhash_verify == RILL_MINHASH_VERIFY_JACCARD ? 'j' : 'c';
      g_ascii_formatd (hdr[4], sizeof hdr[4], "%.17g", p->minhash_threshold);
      break;
    }

  /* After a check that gave up reconnecting, one connection attempt
   * decides: the docs behind it fail at once instead of each waiting
   * out the reconnect timeout, and the first check after Redis is back
   * goes through. */
  if (self->broken)
    {
      if (!rill_redis_connect (self->redis, cancellable, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "dedupe state %s: ", self->address);
          return FALSE;
        }
      self->broken = FALSE;
    }

  g_byte_array_set_size (self->scratch, 0);
  for (guint i = 0; i < n_docs; i++)
    sign_doc (self, &docs[i], &dargs[i], &sizes[i]);

  argv[a] = "EVALSHA"; argvlen[a++] = 7;
  argv[a] = self->sha; argvlen[a++] = strlen (self->sha);
  argv[a] = "1"; argvlen[a++] = 1;
  argv[a] = self->prefix; argvlen[a++] = strlen (self->prefix);
  for (guint h = 0; h < HEADER_ARGS; h++)
    {
      if (p->method == RILL_DEDUPE_METHOD_SIMHASH && h == 3)
        argv[a] = self->widths_arg;
      else
        argv[a] = hdr[h];
      argvlen[a] = strlen (argv[a]);
      a++;
    }
  for (guint i = 0; i < n_docs; i++)
    for (guint j = 0; j < DOC_ARGS; j++)
      {
        argv[a] = (const char *) self->scratch->data + dargs[i].off[j];
        argvlen[a++] = dargs[i].len[j];
      }

  reply = rill_redis_commandv (self->redis, cancellable, &local_error,
                               (int) argc, argv, argvlen);
  if (reply == NULL && is_noscript (local_error))
    {
      /* Redis restarted and forgot the script: send it whole (EVAL also
       * caches it, so EVALSHA works again afterwards) */
      g_clear_error (&local_error);
      argv[0] = "EVAL";
      argvlen[0] = 4;
      argv[1] = RILL_DEDUPE_REDIS_LUA;
      argvlen[1] = strlen (RILL_DEDUPE_REDIS_LUA);
      reply = rill_redis_commandv (self->redis, cancellable, &local_error,
                                   (int) argc, argv, argvlen);
    }
  if (reply == NULL)
    {
      self->broken = !rill_redis_is_connected (self->redis)
                     && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "dedupe state %s: ", self->address);
      return FALSE;
    }
  if (reply->type != REDIS_REPLY_ARRAY
      || reply->elements != (gsize) n_docs * REPLY_VALUES)
    {
      set_reply_error (self, error);
      return FALSE;
    }

  for (guint i = 0; i < n_docs; i++)
    {
      redisReply **v = reply->element + (gsize) i * REPLY_VALUES;
      RillDedupeRedisDoc *doc = &docs[i];
      RillDedupeResult *r = &doc->result;
      gint64 s1 = reply_int (v[5]), s2 = reply_int (v[6]);

      memset (r, 0, sizeof *r);
      doc->id = (guint64) reply_int (v[0]);
      r->verdict = reply_int (v[1]) == 1 ? RILL_DEDUPE_DUPLICATE : RILL_DEDUPE_NEW;
      r->dup_of = (guint64) reply_int (v[2]);
      r->match = (guint64) reply_int (v[3]);
      r->cluster = (guint64) reply_int (v[4]);
      doc->again = reply_int (v[7]) == 1;
      g_clear_pointer (&doc->dup_of_info, g_free);
      doc->dup_of_date = RILL_DEDUPE_NO_DATE;
      if (r->verdict == RILL_DEDUPE_DUPLICATE)
        {
          switch (p->method)
            {
            case RILL_DEDUPE_METHOD_EXACT:
              r->score = 1.0;
              break;
            case RILL_DEDUPE_METHOD_SIMHASH:
              r->score = 1.0 - (guint) s1 / 64.0;
              break;
            case RILL_DEDUPE_METHOD_MINHASH:
              r->score = rill_minhash_score (p->minhash_verify,
                                             (double) s1 / p->minhash_slots,
                                             sizes[i], (guint) s2);
              break;
            }
          if (v[8]->type == REDIS_REPLY_STRING && v[8]->len > 0)
            {
              const char *nl = memchr (v[8]->str, '\n', v[8]->len);

              if (nl)
                {
                  if (nl > v[8]->str)
                    doc->dup_of_date = g_ascii_strtoll (v[8]->str, NULL, 10);
                  if (nl + 1 < v[8]->str + v[8]->len)
                    doc->dup_of_info = g_strndup (nl + 1, v[8]->str + v[8]->len - nl - 1);
                }
            }
        }
    }
  return TRUE;
}

static double
info_field (const char *info, const char *name)
{
  const char *s = strstr (info, name);

  return s ? g_ascii_strtod (s + strlen (name), NULL) : 0.0;
}

/**
 * rill_dedupe_redis_get_server_stats:
 * @used_bytes: (out): the server's `used_memory` (INFO memory)
 * @cpu_seconds: (out): the server's CPU time so far, user + system
 *   (INFO cpu), for figures that do not depend on the machine's load
 *
 * Returns: %FALSE on error
 */
gboolean
rill_dedupe_redis_get_server_stats (RillDedupeRedis *self,
                                    guint64         *used_bytes,
                                    double          *cpu_seconds,
                                    GError         **error)
{
  g_autoptr (RillRedisReply) reply = NULL;

  reply = rill_redis_command (self->redis, NULL, error, "INFO");
  if (reply == NULL)
    return FALSE;
  if (reply->type != REDIS_REPLY_STRING)
    {
      set_reply_error (self, error);
      return FALSE;
    }
  *used_bytes = (guint64) info_field (reply->str, "\nused_memory:");
  *cpu_seconds = info_field (reply->str, "\nused_cpu_user:")
                 + info_field (reply->str, "\nused_cpu_sys:");
  return TRUE;
}

#else /* !RILL_DEDUPE_HAVE_REDIS */

struct _RillDedupeRedis
{
  int unused;
};

gboolean
rill_dedupe_redis_is_supported (void)
{
  return FALSE;
}

RillDedupeRedis *
rill_dedupe_redis_new (const RillDedupeParams *params,
                       const char             *url,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_INVALID,
               "dedupe state %s: built without Redis support (hiredis was "
               "missing at build time)", url);
  return NULL;
}

void
rill_dedupe_redis_free (RillDedupeRedis *self)
{
  g_free (self);
}

gboolean
rill_dedupe_redis_check (RillDedupeRedis    *self,
                         RillDedupeRedisDoc *docs,
                         guint               n_docs,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_set_error_literal (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_INVALID,
                       "built without Redis support");
  return FALSE;
}

const char *
rill_dedupe_redis_get_address (RillDedupeRedis *self)
{
  return NULL;
}

const char *
rill_dedupe_redis_get_prefix (RillDedupeRedis *self)
{
  return NULL;
}

void
rill_dedupe_redis_set_reconnect_timeout (RillDedupeRedis *self,
                                         guint            seconds)
{
}

gboolean
rill_dedupe_redis_get_server_stats (RillDedupeRedis *self,
                                    guint64         *used_bytes,
                                    double          *cpu_seconds,
                                    GError         **error)
{
  *used_bytes = 0;
  *cpu_seconds = 0.0;
  return TRUE;
}

#endif /* RILL_DEDUPE_HAVE_REDIS */

/**
 * rill_dedupe_redis_doc_clear:
 *
 * Frees what rill_dedupe_redis_check() allocated in @doc.
 */
void
rill_dedupe_redis_doc_clear (RillDedupeRedisDoc *doc)
{
  g_clear_pointer (&doc->dup_of_info, g_free);
}
