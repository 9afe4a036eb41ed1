/* rill-dedupe.c: drops or marks duplicate and near-duplicate docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-elements.h"

#include "rill-boilerplate.h"
#include "rill-dedupe-redis.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

/**
 * RillDedupe:
 *
 * `dedupe` finds docs whose `field` (default `text`) duplicates that of an
 * earlier doc, with one of three methods (`method`):
 *
 * - `exact`: the same words (case, punctuation, accents and spacing do not
 *   count);
 * - `simhash`: 64-bit SimHash of word bigrams within `simhash-distance`
 *   bits;
 * - `minhash` (the default): MinHash of word `minhash-shingle`-grams with
 *   banded LSH, every candidate verified by estimated containment (or
 *   Jaccard similarity, `minhash-verify`) of at least `minhash-threshold`;
 *   it finds copies wrapped in another site's menus or truncated.
 *
 * The defaults are the measured ones of `bench/dedupe/README.md`. With
 * `field=url` the URL is canonicalised first (lower-case scheme and host,
 * default port, fragment and tracking parameters such as `utm_*` and
 * `fbclid` removed, query sorted), so `method=exact field=url` drops
 * re-fetched pages.
 *
 * With `mode=drop` (the default) a duplicate is dropped and accounted as
 * "duplicate of URL" (the URL of the cluster's first doc, or of its
 * earliest-dated one when docs carry `date`). With `mode=mark` every doc is
 * kept and gets these fields:
 *
 * - `cluster` (int): the id of its cluster, the same for every copy of one
 *   story (ids count the docs the element has checked, from 1, across runs
 *   with `state`);
 * - `dup-of` (string, duplicates only): the URL of the cluster's first doc
 *   or, when docs carry `date` (ISO 8601), of its earliest-published one
 *   seen so far; `#ID` when that doc had no `url`. A copy dated earlier
 *   than every copy seen before it gets no `dup-of`: it is the original;
 * - `dup-score` (double, duplicates only): similarity to the closest copy
 *   (1 for exact, 1 - distance / 64 for simhash, the verified score for
 *   minhash).
 *
 * A doc without `field` is passed on unchecked.
 *
 * With `boilerplate-pages=N` (N >= 2), paragraphs of `text` (runs of
 * non-blank lines) that appeared on N pages of the same host (from `url`)
 * are removed from `text` before the check: menus, "most read" lists,
 * newsletter blurbs. The first N - 1 pages of a host keep theirs. This
 * table is kept in memory only.
 *
 * ## State across runs
 *
 * With `state=PATH` what the element has seen is kept in a SQLite file
 * (created if needed; a file written with another method or other
 * signature parameters is refused), so an hourly crawl does not emit
 * yesterday's story again. Each doc has a key: the canonical form of its
 * `key-field` (default `url`), or a hash of `field` when it has none. A doc
 * whose key is already stored is dropped (as a duplicate, in both modes):
 * it was handed on by this or an earlier run. A doc that matches a stored
 * one by content is a duplicate as usual.
 *
 * When the state is committed (`commit`) fixes what a run killed with
 * SIGKILL leaves behind. Rows not committed are forgotten, so their docs
 * are processed afresh by the next run:
 *
 * - `commit=end` (the default): one commit when the run ends, after every
 *   sink has flushed. Nothing is ever lost (at-least-once): a doc is
 *   recorded only once the sinks have made it durable. A killed run
 *   records nothing, so the next run emits its docs again; a run that
 *   ended (even cancelled) is remembered whole.
 * - `commit=rendered`: a commit whenever every doc handed on so far has
 *   been rendered by every sink downstream, and at the end. At-least-once
 *   for sinks whose render makes a doc durable (app-sink in an
 *   application, sinks writing each doc through); sinks that buffer
 *   (file-sink and fd-sink buffer 64 KiB between flushes) can lose what
 *   they buffered when killed. Needs ordered output (the default).
 * - `commit=handoff`: a commit before each doc is handed on (the rows of
 *   dropped duplicates go with the next one), and at the end.
 *   At-most-once: no doc is ever emitted twice, but a kill loses the
 *   committed docs not yet written by the sinks (for file-sink: its
 *   buffer and the queues between the element and the sink). One SQLite
 *   commit a doc (WAL, no fsync unless `durable`).
 *
 * `durable=true` also fsyncs each commit (survives power loss, not only
 * SIGKILL).
 *
 * ## Shared state in Redis
 *
 * With `state=redis://HOST:PORT/DB` (optionally `?prefix=NAME`, default
 * `rill:dedupe`; with Redis Cluster a prefix in braces, `{NAME}`, keeps
 * the index on one node) the index lives in Redis and every worker
 * running the same pipeline against it shares it. Check and insert are
 * one atomic server-side script, one script call per batch of up to
 * batch-size docs (the pipeline's `batch-size`, 64 by default; at most
 * 256 docs a call, so other workers do not wait long for Redis): the
 * element prepares the docs of a batch in order, boilerplate stripping
 * included, checks them with one call, then hands each its verdict. So
 * two workers seeing near-copies at the same moment keep one of them, and
 * the workers together keep the docs one worker would keep given the docs
 * in the order Redis saw them
 * (`plugins/dedupe/rill-dedupe-redis.c` explains how the exact, simhash
 * and minhash lookups map onto Redis keys, and what they cost). Ids
 * (`cluster`) are counted by Redis across all workers. Workers with other
 * method or signature parameters are refused at start, as is a Redis that
 * cannot be reached (the error names the address).
 *
 * The key (as above, except that a doc without the key field is keyed by
 * its `redis-id`, the stream entry `redis-src` read it from, or has no key
 * at all: never by a hash of its text, which would make an exact copy
 * look like a redelivery of the original) makes a redelivered doc
 * idempotent instead of "seen": a doc whose key was checked before gets
 * the verdict recorded
 * then, atomically with its insert. A doc that was new is new again (it
 * is emitted again: the first worker may have died before its sinks wrote
 * it), a duplicate is again the duplicate of the same doc. `commit` and
 * `durable` have no effect: every check is stored when it is made (Redis
 * persistence, RDB or AOF, is the server's setting).
 *
 * A Redis lost during the run is reconnected to with backoff for up to
 * 60 s (the batch waits; a restarted server gets the script again);
 * after that every doc of the batch fails (dead-letter file), and so do
 * the next batches at once after one connection attempt each, until Redis
 * answers again. A doc whose check fails while the run is being cancelled
 * is not handled: its source delivers it again.
 *
 * The element is serial: with ordered output (the pipeline default) the
 * same input gives the same output whatever the thread count.
 */

#define RILL_TYPE_DEDUPE (rill_dedupe_get_type ())
G_DECLARE_FINAL_TYPE (RillDedupe, rill_dedupe, RILL, DEDUPE, RillTransform)

typedef struct
{
  RillSink *sink;
  gulong    handler;
  guint64   rendered_seq;       /* atomic: largest seq rendered */
} SinkWatch;

/* One doc made ready for its check: boilerplate stripped, the compared
 * text, its key and date; with Redis, the check's result. */
typedef struct
{
  RillDoc            *doc;        /* not a ref: the stage holds the batch */
  gboolean            checked;    /* it has something to check */
  char               *url;
  char               *text;       /* what is compared */
  char               *key;
  gint64              date;
  RillDedupeRedisDoc  redis;      /* Redis: the check and its result */
  GError             *error;      /* Redis: the check failed */
  gboolean            cancelled;  /* ... while the run was being cancelled */
} Prepared;

static void
prepared_clear (gpointer data)
{
  Prepared *p = data;

  g_free (p->url);
  g_free (p->text);
  g_free (p->key);
  rill_dedupe_redis_doc_clear (&p->redis);
  g_clear_error (&p->error);
  memset (p, 0, sizeof *p);
}

struct _RillDedupe
{
  RillTransform parent_instance;

  /* properties */
  RillDedupeMethod  method;
  char             *field;
  RillDedupeMode    mode;
  char             *state;
  char             *key_field;
  RillDedupeCommit  commit;
  gboolean          durable;
  guint             simhash_distance;
  guint             simhash_shingle;
  guint             minhash_slots;
  guint             minhash_bands;
  guint             minhash_rows;
  guint             minhash_shingle;
  RillMinhashVerify minhash_verify;
  double            minhash_threshold;
  guint             boilerplate_pages;

  /* run state */
  RillDedupeIndex  *index;
  RillDedupeRedis  *redis;          /* state=redis://: instead of index */
  RillBoilerplate  *boilerplate;
  sqlite3_stmt     *info_insert;
  sqlite3_stmt     *info_select;
  GPtrArray        *info_urls;      /* in memory: id - 1 -> url (nullable) */
  GArray           *info_dates;     /* in memory: id - 1 -> gint64 */
  GPtrArray        *sinks;          /* SinkWatch, commit=rendered */
  guint             uncommitted;
  guint64           last_handed_seq;
  gboolean          handed_any;
  GArray           *batch;          /* Redis: Prepared, from prepare_batch */
  guint             batch_next;     /* the one transform gets next */
};

enum {
  PROP_0,
  PROP_METHOD,
  PROP_FIELD,
  PROP_MODE,
  PROP_STATE,
  PROP_KEY_FIELD,
  PROP_COMMIT,
  PROP_DURABLE,
  PROP_SIMHASH_DISTANCE,
  PROP_SIMHASH_SHINGLE,
  PROP_MINHASH_SLOTS,
  PROP_MINHASH_BANDS,
  PROP_MINHASH_ROWS,
  PROP_MINHASH_SHINGLE,
  PROP_MINHASH_VERIFY,
  PROP_MINHASH_THRESHOLD,
  PROP_BOILERPLATE_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillDedupe, rill_dedupe, RILL_TYPE_TRANSFORM)

/* Doc info: the url and date of every checked doc, by id, for dup-of. */

static gboolean
info_open (RillDedupe  *self,
           GError     **error)
{
  sqlite3 *db = rill_dedupe_index_get_db (self->index);

  if (db == NULL)
    {
      self->info_urls = g_ptr_array_new_with_free_func (g_free);
      self->info_dates = g_array_new (FALSE, FALSE, sizeof (gint64));
      return TRUE;
    }

  if (sqlite3_exec (db,
                    "CREATE TABLE IF NOT EXISTS element_docs ("
                    "id INTEGER PRIMARY KEY, url TEXT, date INTEGER)",
                    NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db,
                             "INSERT OR REPLACE INTO element_docs (id, url, date) "
                             "VALUES (?, ?, ?)", -1, &self->info_insert,
                             NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db,
                             "SELECT url, date FROM element_docs WHERE id = ?",
                             -1, &self->info_select, NULL) != SQLITE_OK)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "dedupe state %s: %s", self->state, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
info_add (RillDedupe  *self,
          guint64      id,
          const char  *url,
          gint64       date,
          GError     **error)
{
  if (self->info_insert == NULL)
    {
      /* ids are consecutive from 1 in memory */
      g_ptr_array_add (self->info_urls, g_strdup (url));
      g_array_append_val (self->info_dates, date);
      return TRUE;
    }

  sqlite3_bind_int64 (self->info_insert, 1, (sqlite3_int64) id);
  if (url)
    sqlite3_bind_text (self->info_insert, 2, url, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (self->info_insert, 2);
  if (date != RILL_DEDUPE_NO_DATE)
    sqlite3_bind_int64 (self->info_insert, 3, date);
  else
    sqlite3_bind_null (self->info_insert, 3);
  if (sqlite3_step (self->info_insert) != SQLITE_DONE)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "dedupe state %s: %s", self->state,
                   sqlite3_errmsg (sqlite3_db_handle (self->info_insert)));
      sqlite3_reset (self->info_insert);
      return FALSE;
    }
  sqlite3_reset (self->info_insert);
  return TRUE;
}

/* Returns the url of doc @id ("#ID" when it had none) and its date. */
static char *
info_get (RillDedupe *self,
          guint64     id,
          gint64     *date)
{
  char *url = NULL;

  *date = RILL_DEDUPE_NO_DATE;
  if (self->info_select == NULL)
    {
      if (id >= 1 && id <= self->info_urls->len)
        {
          url = g_strdup (g_ptr_array_index (self->info_urls, id - 1));
          *date = g_array_index (self->info_dates, gint64, id - 1);
        }
    }
  else
    {
      sqlite3_bind_int64 (self->info_select, 1, (sqlite3_int64) id);
      if (sqlite3_step (self->info_select) == SQLITE_ROW)
        {
          const char *u = (const char *) sqlite3_column_text (self->info_select, 0);

          url = g_strdup (u);
          if (sqlite3_column_type (self->info_select, 1) != SQLITE_NULL)
            *date = sqlite3_column_int64 (self->info_select, 1);
        }
      sqlite3_reset (self->info_select);
    }

  if (url == NULL)
    url = g_strdup_printf ("#%" G_GUINT64_FORMAT, id);
  return url;
}

/* ISO 8601 date or date-time to Unix seconds; RILL_DEDUPE_NO_DATE when
 * absent or unreadable. A date without a time is midnight UTC; a time
 * without a zone is UTC. */
static gint64
parse_date (const char *s)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *full = NULL;

  if (s == NULL || *s == '\0')
    return RILL_DEDUPE_NO_DATE;
  utc = g_time_zone_new_utc ();
  if (strchr (s, 'T') == NULL && strchr (s, ' ') == NULL)
    s = full = g_strconcat (s, "T00:00:00", NULL);
  dt = g_date_time_new_from_iso8601 (s, utc);
  if (dt == NULL)
    return RILL_DEDUPE_NO_DATE;
  return g_date_time_to_unix (dt);
}

static char *
url_host (const char *url)
{
  g_autoptr (GUri) uri = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup (g_uri_get_host (uri));
}

/* Commit policy */

static void
on_rendered (RillSink *sink,
             RillDoc  *doc,
             gpointer  user_data)
{
  SinkWatch *w = user_data;
  guint64 seq = rill_doc_get_seq (doc);
  guint64 cur = __atomic_load_n (&w->rendered_seq, __ATOMIC_ACQUIRE);

  while (seq > cur
         && !__atomic_compare_exchange_n (&w->rendered_seq, &cur, seq, TRUE,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    ;
}

static void
sink_watch_free (gpointer data)
{
  SinkWatch *w = data;

  if (w->handler)
    g_signal_handler_disconnect (w->sink, w->handler);
  g_object_unref (w->sink);
  g_free (w);
}

static void
watch_sinks (RillDedupe *self)
{
  g_autoptr (GPtrArray) todo = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  self->sinks = g_ptr_array_new_with_free_func (sink_watch_free);
  g_ptr_array_add (todo, self);
  while (todo->len > 0)
    {
      RillElement *e = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autoptr (GPtrArray) outs = rill_element_get_outputs (e);

      for (guint i = 0; i < outs->len; i++)
        {
          RillElement *o = g_ptr_array_index (outs, i);

          if (!g_hash_table_add (seen, o))
            continue;
          if (RILL_IS_SINK (o))
            {
              SinkWatch *w = g_new0 (SinkWatch, 1);

              w->sink = g_object_ref (RILL_SINK (o));
              w->handler = g_signal_connect (o, "rendered",
                                             G_CALLBACK (on_rendered), w);
              g_ptr_array_add (self->sinks, w);
            }
          else
            g_ptr_array_add (todo, o);
        }
    }
}

/* Whether every doc handed on so far has been rendered by every sink. */
static gboolean
all_rendered (RillDedupe *self)
{
  if (!self->handed_any)
    return TRUE;
  for (guint i = 0; i < self->sinks->len; i++)
    {
      SinkWatch *w = g_ptr_array_index (self->sinks, i);

      if (__atomic_load_n (&w->rendered_seq, __ATOMIC_ACQUIRE) < self->last_handed_seq)
        return FALSE;
    }
  return TRUE;
}

static gboolean
commit (RillDedupe  *self,
        GError     **error)
{
  if (self->uncommitted == 0)
    return TRUE;
  if (!rill_dedupe_index_commit (self->index, error))
    return FALSE;
  self->uncommitted = 0;
  return TRUE;
}

/* RillElement / RillTransform */

static void
clear_run (RillDedupe *self)
{
  g_clear_pointer (&self->info_insert, sqlite3_finalize);
  g_clear_pointer (&self->info_select, sqlite3_finalize);
  g_clear_pointer (&self->index, rill_dedupe_index_free);
  g_clear_pointer (&self->redis, rill_dedupe_redis_free);
  g_clear_pointer (&self->boilerplate, rill_boilerplate_free);
  g_clear_pointer (&self->info_urls, g_ptr_array_unref);
  g_clear_pointer (&self->info_dates, g_array_unref);
  g_clear_pointer (&self->sinks, g_ptr_array_unref);
  g_clear_pointer (&self->batch, g_array_unref);
  self->batch_next = 0;
  self->uncommitted = 0;
  self->handed_any = FALSE;
  self->last_handed_seq = 0;
}

static gboolean
rill_dedupe_start (RillElement  *element,
                   GError      **error)
{
  RillDedupe *self = RILL_DEDUPE (element);
  RillDedupeParams params;
  g_autoptr (GError) local_error = NULL;

  clear_run (self);
  if (self->field == NULL || *self->field == '\0')
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "dedupe: field must not be empty");
      return FALSE;
    }

  rill_dedupe_params_init (&params, self->method);
  params.simhash_distance = self->simhash_distance;
  params.simhash_shingle = self->simhash_shingle;
  params.minhash_slots = self->minhash_slots;
  params.minhash_bands = self->minhash_bands;
  params.minhash_rows = self->minhash_rows;
  params.minhash_shingle = self->minhash_shingle;
  params.minhash_verify = self->minhash_verify;
  params.minhash_threshold = self->minhash_threshold;
  params.durable = self->durable;

  if (rill_dedupe_redis_is_url (self->state))
    {
      self->redis = rill_dedupe_redis_new (&params, self->state, NULL,
                                           &local_error);
      if (self->redis == NULL)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                       "dedupe: %s", local_error->message);
          return FALSE;
        }
    }
  else
    self->index = rill_dedupe_index_new (&params,
                                         self->state && *self->state ? self->state : NULL,
                                         &local_error);
  if (self->index == NULL && self->redis == NULL)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "dedupe: %s", local_error->message);
      return FALSE;
    }
  if (self->index && !info_open (self, error))
    {
      clear_run (self);
      return FALSE;
    }
  if (self->redis)
    {
      self->batch = g_array_new (FALSE, TRUE, sizeof (Prepared));
      g_array_set_clear_func (self->batch, prepared_clear);
    }
  if (self->boilerplate_pages > 0)
    self->boilerplate = rill_boilerplate_new (self->boilerplate_pages);
  if (self->commit == RILL_DEDUPE_COMMIT_RENDERED)
    watch_sinks (self);
  return TRUE;
}

static gboolean
rill_dedupe_stop (RillElement  *element,
                  GError      **error)
{
  RillDedupe *self = RILL_DEDUPE (element);
  gboolean ok = TRUE;

  /* The sinks have flushed: everything handed on is durable downstream. */
  if (self->index)
    ok = commit (self, error);
  clear_run (self);
  return ok;
}

static gboolean
rill_dedupe_drain (RillTransform  *transform,
                   GError        **error)
{
  RillDedupe *self = RILL_DEDUPE (transform);

  /* Rows of trailing duplicates (dropped, never handed on). */
  if (self->commit == RILL_DEDUPE_COMMIT_HANDOFF)
    return commit (self, error);
  return TRUE;
}

/* Everything done to @doc before the index is asked: runs once per doc,
 * in doc order (boilerplate stripping changes `text` and learns from
 * each page of a host). */
static void
prepare_doc (RillDedupe *self,
             RillDoc    *doc,
             Prepared   *p)
{
  const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);
  g_autofree char *canon_url = NULL;

  memset (p, 0, sizeof *p);
  p->doc = doc;
  p->date = RILL_DEDUPE_NO_DATE;

  if (url)
    {
      canon_url = rill_url_canonicalize (url, NULL);
      if (canon_url == NULL)
        canon_url = g_strdup (url);
    }

  if (self->boilerplate && url)
    {
      const char *text = rill_doc_get_string (doc, RILL_FIELD_TEXT);
      g_autofree char *host = url_host (url);

      if (text && host)
        {
          guint n_removed = 0;
          char *stripped = rill_boilerplate_strip (self->boilerplate, host,
                                                   text, &n_removed);

          if (n_removed > 0)
            rill_doc_take_string (doc, RILL_FIELD_TEXT, stripped);
          else
            g_free (stripped);
        }
    }

  if (!rill_doc_has_field (doc, self->field))
    return;

  if (strcmp (self->field, RILL_FIELD_URL) == 0 && canon_url)
    p->text = g_strdup (canon_url);
  else
    p->text = rill_doc_dup_as_string (doc, self->field);
  if (p->text == NULL)
    return;
  p->checked = TRUE;
  p->url = g_strdup (url);

  if (self->redis || rill_dedupe_index_get_db (self->index))
    {
      const char *k = NULL;

      if (self->key_field && *self->key_field)
        {
          if (strcmp (self->key_field, RILL_FIELD_URL) == 0)
            k = canon_url;
          else
            k = rill_doc_get_string (doc, self->key_field);
        }
      /* With Redis the key names a delivery, so that a redelivered doc
       * gets its first verdict again: the stream entry it came from when
       * there is no key field. A hash of the text would make an exact
       * copy pass for a redelivery of the original; with neither, the
       * doc has no key (a redelivery is then checked as a new doc). */
      if (k == NULL && self->redis)
        k = rill_doc_get_string (doc, "redis-id");
      if (k)
        p->key = g_strdup (k);
      else if (!self->redis)
        {
          XXH128_hash_t h = XXH3_128bits (p->text, strlen (p->text));

          p->key = g_strdup_printf ("xxh3:%016" G_GINT64_MODIFIER "x%016"
                                    G_GINT64_MODIFIER "x",
                                    (guint64) h.high64, (guint64) h.low64);
        }
    }

  p->date = parse_date (rill_doc_get_string (doc, RILL_FIELD_DATE));
}

/* Most docs one script call checks: Redis runs a script alone, so other
 * workers wait for it (~30 ms for minhash at this size; a pipeline with
 * batch-size=65536 would block them for seconds, past Redis's
 * busy-script limit). */
#define REDIS_MAX_DOCS_PER_CALL 256

/* Checks the docs of @ps that have something to check, in order, with
 * one script call (one per REDIS_MAX_DOCS_PER_CALL docs); when a call
 * fails, its docs and the ones after it keep the error. */
static void
redis_check_prepared (RillDedupe *self,
                      Prepared   *ps,
                      guint       n)
{
  g_autofree RillDedupeRedisDoc *rds = g_new0 (RillDedupeRedisDoc, n);
  g_autofree guint *pos = g_new (guint, n);
  g_autoptr (GError) local_error = NULL;
  gboolean cancelled = FALSE;
  guint m = 0, done = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!ps[i].checked)
        continue;
      rds[m].text = ps[i].text;
      rds[m].len = -1;
      rds[m].key = ps[i].key;
      rds[m].date = ps[i].date;
      rds[m].info = ps[i].url;
      pos[m++] = i;
    }

  while (done < m && local_error == NULL)
    {
      guint k = MIN (m - done, REDIS_MAX_DOCS_PER_CALL);

      if (!rill_dedupe_redis_check (self->redis, rds + done, k, NULL, &local_error))
        {
          /* a run stopping while Redis is away: the docs were not
           * handled, their source delivers them again */
          cancelled = rill_element_is_cancelled (RILL_ELEMENT (self));
          break;
        }
      for (guint j = done; j < done + k; j++)
        ps[pos[j]].redis = rds[j];      /* takes dup_of_info */
      done += k;
    }

  for (guint j = done; j < m; j++)
    {
      rill_dedupe_redis_doc_clear (&rds[j]);
      ps[pos[j]].error = g_error_copy (local_error);
      ps[pos[j]].cancelled = cancelled;
    }
}

static void
rill_dedupe_prepare_batch (RillTransform  *transform,
                           RillDoc       **docs,
                           guint           n_docs)
{
  RillDedupe *self = RILL_DEDUPE (transform);

  /* the local index answers in microseconds: it checks doc by doc */
  if (self->redis == NULL)
    return;

  g_array_set_size (self->batch, 0);
  self->batch_next = 0;
  g_array_set_size (self->batch, n_docs);
  for (guint i = 0; i < n_docs; i++)
    prepare_doc (self, docs[i], &g_array_index (self->batch, Prepared, i));
  redis_check_prepared (self, (Prepared *) (gpointer) self->batch->data, n_docs);
}

static RillDoc *
fail_doc (RillDedupe *self,
          RillDoc    *doc,
          GError     *state_error,
          GError    **error)
{
  const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
               "dedupe of %s: %s", url ? url : "doc without url",
               state_error->message);
  g_error_free (state_error);
  return NULL;
}

/* The verdict on a prepared doc: dropped, marked or passed on. */
static RillDoc *
finish_doc (RillDedupe  *self,
            RillDoc     *doc,
            Prepared    *p,
            GError     **error)
{
  const char *url = p->url;
  g_autofree char *first_url = NULL;
  gint64 first_date = RILL_DEDUPE_NO_DATE;
  gint64 date = p->date;
  RillDedupeResult result;
  GError *local_error = NULL;
  guint64 id;

  if (!p->checked)
    return rill_doc_ref (doc);

  if (self->redis)
    {
      if (p->error)
        {
          if (p->cancelled)
            {
              g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_CANCELLED,
                           "dedupe: %s", p->error->message);
              return NULL;
            }
          return fail_doc (self, doc, g_steal_pointer (&p->error), error);
        }
      result = p->redis.result;
      if (result.verdict == RILL_DEDUPE_DUPLICATE)
        {
          first_url = p->redis.dup_of_info
                        ? g_steal_pointer (&p->redis.dup_of_info)
                        : g_strdup_printf ("#%" G_GUINT64_FORMAT, result.dup_of);
          first_date = p->redis.dup_of_date;
        }
    }
  else
    {
      id = (guint64) rill_dedupe_index_get_n_docs (self->index) + 1;
      if (!rill_dedupe_index_check_and_add (self->index, p->text, -1, id, p->key,
                                            date, &result, &local_error))
        return fail_doc (self, doc, local_error, error);

      if (result.verdict == RILL_DEDUPE_SEEN)
        {
          gint64 d;
          g_autofree char *seen_url = info_get (self, result.match, &d);

          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_DUPLICATE,
                       "duplicate of %s (seen before)", seen_url);
          return NULL;
        }

      /* A copy that is dropped is never named as anyone's dup-of: in memory,
       * keep its slot (ids are positions) but not its URL. */
      if (!info_add (self, id,
                     result.verdict == RILL_DEDUPE_DUPLICATE && self->mode == RILL_DEDUPE_MODE_DROP &&
                     self->info_insert == NULL ? NULL : url,
                     date, &local_error))
        return fail_doc (self, doc, local_error, error);
      self->uncommitted++;
      if (result.verdict == RILL_DEDUPE_DUPLICATE)
        first_url = info_get (self, result.dup_of, &first_date);
    }

  if (result.verdict == RILL_DEDUPE_DUPLICATE)
    {
      if (self->mode == RILL_DEDUPE_MODE_DROP)
        {
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_DUPLICATE,
                       "duplicate of %s", first_url);
          return NULL;
        }
      if (date == RILL_DEDUPE_NO_DATE || first_date == RILL_DEDUPE_NO_DATE
          || first_date <= date)
        rill_doc_take_string (doc, RILL_FIELD_DUP_OF, g_steal_pointer (&first_url));
      else
        rill_doc_remove_field (doc, RILL_FIELD_DUP_OF);
      rill_doc_set_double (doc, "dup-score", result.score);
      rill_doc_set_int (doc, "cluster", (gint64) result.cluster);
    }
  else if (self->mode == RILL_DEDUPE_MODE_MARK)
    {
      rill_doc_remove_field (doc, RILL_FIELD_DUP_OF);
      rill_doc_set_int (doc, "cluster", (gint64) result.cluster);
    }

  if (self->commit == RILL_DEDUPE_COMMIT_HANDOFF
      && !commit (self, &local_error))
    return fail_doc (self, doc, local_error, error);

  self->handed_any = TRUE;
  self->last_handed_seq = MAX (self->last_handed_seq, rill_doc_get_seq (doc));
  return rill_doc_ref (doc);
}

static RillDoc *
rill_dedupe_transform (RillTransform  *transform,
                       RillDoc        *doc,
                       GError        **error)
{
  RillDedupe *self = RILL_DEDUPE (transform);
  GError *local_error = NULL;
  Prepared single;
  Prepared *p;
  RillDoc *ret;

  if (self->commit == RILL_DEDUPE_COMMIT_RENDERED
      && self->uncommitted > 0 && all_rendered (self)
      && !commit (self, &local_error))
    return fail_doc (self, doc, local_error, error);

  if (self->batch && self->batch_next < self->batch->len
      && g_array_index (self->batch, Prepared, self->batch_next).doc == doc)
    {
      /* prepared and checked with its batch */
      p = &g_array_index (self->batch, Prepared, self->batch_next++);
      ret = finish_doc (self, doc, p, error);
      prepared_clear (p);
      if (self->batch_next == self->batch->len)
        {
          g_array_set_size (self->batch, 0);
          self->batch_next = 0;
        }
      return ret;
    }

  /* not the doc prepare_batch said would come next (or none was
   * prepared): what is left of that batch is stale */
  if (self->batch && self->batch->len > 0)
    {
      g_array_set_size (self->batch, 0);
      self->batch_next = 0;
    }
  prepare_doc (self, doc, &single);
  if (self->redis)
    redis_check_prepared (self, &single, 1);
  ret = finish_doc (self, doc, &single, error);
  prepared_clear (&single);
  return ret;
}

/* GObject */

static void
rill_dedupe_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RillDedupe *self = RILL_DEDUPE (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_KEY_FIELD:
      g_value_set_string (value, self->key_field);
      break;
    case PROP_COMMIT:
      g_value_set_enum (value, self->commit);
      break;
    case PROP_DURABLE:
      g_value_set_boolean (value, self->durable);
      break;
    case PROP_SIMHASH_DISTANCE:
      g_value_set_uint (value, self->simhash_distance);
      break;
    case PROP_SIMHASH_SHINGLE:
      g_value_set_uint (value, self->simhash_shingle);
      break;
    case PROP_MINHASH_SLOTS:
      g_value_set_uint (value, self->minhash_slots);
      break;
    case PROP_MINHASH_BANDS:
      g_value_set_uint (value, self->minhash_bands);
      break;
    case PROP_MINHASH_ROWS:
      g_value_set_uint (value, self->minhash_rows);
      break;
    case PROP_MINHASH_SHINGLE:
      g_value_set_uint (value, self->minhash_shingle);
      break;
    case PROP_MINHASH_VERIFY:
      g_value_set_enum (value, self->minhash_verify);
      break;
    case PROP_MINHASH_THRESHOLD:
      g_value_set_double (value, self->minhash_threshold);
      break;
    case PROP_BOILERPLATE_PAGES:
      g_value_set_uint (value, self->boilerplate_pages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_dedupe_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RillDedupe *self = RILL_DEDUPE (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      self->method = g_value_get_enum (value);
      break;
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_STATE:
      g_free (self->state);
      self->state = g_value_dup_string (value);
      break;
    case PROP_KEY_FIELD:
      g_free (self->key_field);
      self->key_field = g_value_dup_string (value);
      break;
    case PROP_COMMIT:
      self->commit = g_value_get_enum (value);
      break;
    case PROP_DURABLE:
      self->durable = g_value_get_boolean (value);
      break;
    case PROP_SIMHASH_DISTANCE:
      self->simhash_distance = g_value_get_uint (value);
      break;
    case PROP_SIMHASH_SHINGLE:
      self->simhash_shingle = g_value_get_uint (value);
      break;
    case PROP_MINHASH_SLOTS:
      self->minhash_slots = g_value_get_uint (value);
      break;
    case PROP_MINHASH_BANDS:
      self->minhash_bands = g_value_get_uint (value);
      break;
    case PROP_MINHASH_ROWS:
      self->minhash_rows = g_value_get_uint (value);
      break;
    case PROP_MINHASH_SHINGLE:
      self->minhash_shingle = g_value_get_uint (value);
      break;
    case PROP_MINHASH_VERIFY:
      self->minhash_verify = g_value_get_enum (value);
      break;
    case PROP_MINHASH_THRESHOLD:
      self->minhash_threshold = g_value_get_double (value);
      break;
    case PROP_BOILERPLATE_PAGES:
      self->boilerplate_pages = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_dedupe_finalize (GObject *object)
{
  RillDedupe *self = RILL_DEDUPE (object);

  clear_run (self);
  g_free (self->field);
  g_free (self->state);
  g_free (self->key_field);

  G_OBJECT_CLASS (rill_dedupe_parent_class)->finalize (object);
}

static void
rill_dedupe_class_init (RillDedupeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rill_dedupe_get_property;
  object_class->set_property = rill_dedupe_set_property;
  object_class->finalize = rill_dedupe_finalize;

  element_class->start = rill_dedupe_start;
  element_class->stop = rill_dedupe_stop;
  transform_class->transform = rill_dedupe_transform;
  transform_class->drain = rill_dedupe_drain;
  transform_class->prepare_batch = rill_dedupe_prepare_batch;

  /**
   * RillDedupe:method:
   *
   * How copies are recognised: exact, simhash or minhash.
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", "Method",
                       "How copies are found: exact (same words), simhash "
                       "(SimHash of word bigrams within simhash-distance "
                       "bits) or minhash (MinHash + LSH, verified by "
                       "minhash-verify >= minhash-threshold; finds copies "
                       "inside other sites' menus)",
                       RILL_TYPE_DEDUPE_METHOD, RILL_DEDUPE_METHOD_MINHASH,
                       flags);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field compared; url is canonicalised first (host "
                         "case, default port, fragment, tracking parameters, "
                         "query order)",
                         RILL_FIELD_TEXT, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode",
                       "drop: duplicates are dropped (\"duplicate of URL\"); "
                       "mark: every doc is kept, with cluster (int) and, "
                       "for copies, dup-of (URL of the first or "
                       "earliest-dated copy) and dup-score",
                       RILL_TYPE_DEDUPE_MODE, RILL_DEDUPE_MODE_DROP, flags);
  properties[PROP_STATE] =
    g_param_spec_string ("state", "State",
                         "SQLite file keeping what was seen across runs "
                         "(created if missing), or redis://HOST:PORT/DB"
                         "[?prefix=NAME]: an index shared by every worker; "
                         "unset: in memory only",
                         NULL, flags);
  properties[PROP_KEY_FIELD] =
    g_param_spec_string ("key-field", "Key field",
                         "With state: field identifying a doc across runs "
                         "(url is canonicalised); a doc whose key is stored "
                         "is dropped (Redis state: gets its recorded verdict "
                         "again). Without it, a hash of field is the key "
                         "(Redis state: redis-id, the stream entry, or none)",
                         RILL_FIELD_URL, flags);
  properties[PROP_COMMIT] =
    g_param_spec_enum ("commit", "Commit",
                       "When the state is committed: end (once, after the "
                       "sinks flushed: at-least-once, a killed run is "
                       "re-emitted), rendered (when the sinks rendered "
                       "every doc handed on) or handoff (before each doc "
                       "is handed on: at-most-once)",
                       RILL_TYPE_DEDUPE_COMMIT, RILL_DEDUPE_COMMIT_END, flags);
  properties[PROP_DURABLE] =
    g_param_spec_boolean ("durable", "Durable",
                          "fsync every state commit (survives power loss; "
                          "without it commits survive a killed process)",
                          FALSE, flags);
  properties[PROP_SIMHASH_DISTANCE] =
    g_param_spec_uint ("simhash-distance", "SimHash distance",
                       "Largest Hamming distance of a simhash match (9: "
                       "F1 0.78 at precision 0.999 on the bench corpus; "
                       "3 finds little more than exact copies)",
                       0, 15, 9, flags);
  properties[PROP_SIMHASH_SHINGLE] =
    g_param_spec_uint ("simhash-shingle", "SimHash shingle",
                       "Words per simhash feature (2: unigrams match "
                       "unrelated texts of one language)",
                       1, 16, 2, flags);
  properties[PROP_MINHASH_SLOTS] =
    g_param_spec_uint ("minhash-slots", "MinHash slots",
                       "MinHash signature length (memory: 4 bytes a slot "
                       "a doc)",
                       1, 1024, 128, flags);
  properties[PROP_MINHASH_BANDS] =
    g_param_spec_uint ("minhash-bands", "MinHash bands",
                       "LSH bands (more bands: more candidates, higher "
                       "recall); bands x rows <= slots",
                       1, 1024, 32, flags);
  properties[PROP_MINHASH_ROWS] =
    g_param_spec_uint ("minhash-rows", "MinHash rows",
                       "Signature values per LSH band (more rows: fewer "
                       "candidates)",
                       1, 1024, 4, flags);
  properties[PROP_MINHASH_SHINGLE] =
    g_param_spec_uint ("minhash-shingle", "MinHash shingle",
                       "Words per minhash shingle",
                       1, 16, 4, flags);
  properties[PROP_MINHASH_VERIFY] =
    g_param_spec_enum ("minhash-verify", "MinHash verify",
                       "Score of a candidate: containment (shared shingles "
                       "over the smaller text's; copies wrapped in menus "
                       "or truncated still match) or jaccard",
                       RILL_TYPE_MINHASH_VERIFY,
                       RILL_MINHASH_VERIFY_CONTAINMENT, flags);
  properties[PROP_MINHASH_THRESHOLD] =
    g_param_spec_double ("minhash-threshold", "MinHash threshold",
                         "Least verified score of a minhash match (0.65: "
                         "precision 0.9998, recall 0.987 on the bench "
                         "corpus)",
                         0.0, 1.0, 0.65, flags);
  properties[PROP_BOILERPLATE_PAGES] =
    g_param_spec_uint ("boilerplate-pages", "Boilerplate pages",
                       "Remove from text the paragraphs seen on this many "
                       "pages of the same host (menus, newsletter blurbs), "
                       "before the check; 0 = off",
                       0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Dedupe",
                                   "Filter/Text",
                                   "Drops or marks duplicate and "
                                   "near-duplicate docs (exact, SimHash, "
                                   "MinHash), remembering them across runs",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_dedupe_init (RillDedupe *self)
{
  self->method = RILL_DEDUPE_METHOD_MINHASH;
  self->field = g_strdup (RILL_FIELD_TEXT);
  self->mode = RILL_DEDUPE_MODE_DROP;
  self->key_field = g_strdup (RILL_FIELD_URL);
  self->commit = RILL_DEDUPE_COMMIT_END;
  self->simhash_distance = 9;
  self->simhash_shingle = 2;
  self->minhash_slots = 128;
  self->minhash_bands = 32;
  self->minhash_rows = 4;
  self->minhash_shingle = 4;
  self->minhash_verify = RILL_MINHASH_VERIFY_CONTAINMENT;
  self->minhash_threshold = 0.65;
}
