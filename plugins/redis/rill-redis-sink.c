/* rill-redis-sink.c: writes docs to a Redis stream, list or hash
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-redis-elements.h"
#include "rill-redis-client.h"

#include <string.h>

/**
 * RillRedisSink:
 *
 * `redis-sink` writes docs to the key `stream` of the Redis server at
 * `location`:
 *
 * - `type=stream` (the default): one `XADD` per doc, with one field `doc`
 *   holding the doc as JSON (see [method@Rill.Doc.to_json]), which is what
 *   `redis-src` reads back; `maxlen=N` trims the stream to about N entries
 *   (`MAXLEN ~ N`).
 * - `type=list`: `RPUSH` of the JSON.
 * - `type=hash`: `HSET` of the JSON under the value of the doc field
 *   `key-field` (`id` by default; a doc without it fails), so a doc
 *   written twice is still there once.
 *
 * With `url-only=true` only the doc's `url` is written (the entry is
 * `url <value>`; the list item or hash value is the URL): the form of a
 * shared crawl frontier that `redis-src` turns back into docs with `url`.
 * `fields=url,title` writes only those fields, `fields=-body` all but
 * `body` (as `jsonl-sink`).
 *
 * With `unique=PREFIX` (types `stream` and `list`) each canonical URL
 * enters the key once across all workers: every doc is written by one
 * script that adds the doc's canonical `url` (fragment and tracking
 * parameters removed, host lower-cased, query sorted:
 * [func@Rill.url_canonicalize], as for `dedupe field=url`) to the set `PREFIX:seen` and appends the entry
 * only when the URL was not there. Check and append are one atomic step,
 * so a page delivered again after a worker died, or a batch sent again
 * after a reconnect, adds nothing twice; what enters the stream is the
 * first spelling seen. That is the enqueue of a shared crawl frontier
 * (with Redis Cluster, give the stream and the prefix the same hash tag:
 * `stream={crawl}:frontier unique={crawl}`). A doc without `url`, or
 * whose URL cannot be parsed, fails.
 *
 * Docs are buffered and sent pipelined, `batch-size` at a time and when
 * the sink flushes (at the end of the stream and at each checkpoint of
 * the pipeline); every reply is checked, so a flush that succeeds means
 * the docs are in Redis: what the acknowledgement of `redis-src` relies
 * on. A flush that fails fails the run, and the docs it held are not
 * acknowledged upstream.
 *
 * A lost connection is re-opened with exponential backoff for up to
 * `reconnect-timeout` seconds and the whole batch is sent again, so a doc
 * may be written twice (at-least-once; a hash keyed by doc id absorbs
 * that). Redis must be up when the run starts: otherwise it fails at once
 * with “cannot connect to Redis at HOST:PORT: ...”.
 */

#define RILL_TYPE_REDIS_SINK (rill_redis_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillRedisSink, rill_redis_sink, RILL, REDIS_SINK, RillSink)

#define DEFAULT_LOCATION "redis://127.0.0.1:6379/0"

/* KEYS: the key, the set of seen URLs. ARGV: canonical URL, "list" or
 * "stream", entry field, value, maxlen ("0": none). */
static const char unique_script[] =
  "if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return false end\n"
  "if ARGV[2] == 'list' then return redis.call('RPUSH', KEYS[1], ARGV[4]) end\n"
  "if ARGV[5] ~= '0' then\n"
  "  return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '*', ARGV[3], ARGV[4])\n"
  "end\n"
  "return redis.call('XADD', KEYS[1], '*', ARGV[3], ARGV[4])\n";

typedef struct {
  char *field;                 /* hash field or canonical URL, or NULL */
  char *value;
  gsize value_len;
} Item;

struct _RillRedisSink
{
  RillSink parent_instance;

  /* properties */
  char *location;
  char *stream;
  RillRedisSinkType type;
  char *key_field;
  guint maxlen;
  char **fields;
  gboolean url_only;
  guint batch_size;
  guint reconnect_timeout;
  char *unique;

  /* state of a run */
  RillRedis *redis;
  GArray *items;               /* Item */
  GError *broken;              /* a batch that could not be sent */
  char *seen_key;              /* unique: PREFIX:seen */
  guint64 n_seen;              /* unique: docs whose URL was there already */
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_STREAM,
  PROP_TYPE,
  PROP_KEY_FIELD,
  PROP_MAXLEN,
  PROP_FIELDS,
  PROP_URL_ONLY,
  PROP_BATCH_SIZE,
  PROP_RECONNECT_TIMEOUT,
  PROP_UNIQUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillRedisSink, rill_redis_sink, RILL_TYPE_SINK)

static const char *
name_of (RillRedisSink *self)
{
  return rill_element_get_name (RILL_ELEMENT (self));
}

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->field);
  g_free (item->value);
}

static void
reset_state (RillRedisSink *self)
{
  g_clear_pointer (&self->redis, rill_redis_free);
  g_array_set_size (self->items, 0);
  g_clear_error (&self->broken);
  g_clear_pointer (&self->seen_key, g_free);
}

static gboolean
rill_redis_sink_start (RillElement  *element,
                       GError      **error)
{
  RillRedisSink *self = RILL_REDIS_SINK (element);

  reset_state (self);

  if (self->stream == NULL || *self->stream == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: the key (stream) must not be empty", name_of (self));
      return FALSE;
    }

  if (self->unique != NULL && *self->unique != '\0')
    {
      if (self->type == RILL_REDIS_SINK_TYPE_HASH)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: unique= needs type=stream or type=list (a hash is "
                       "keyed by key-field already)", name_of (self));
          return FALSE;
        }
      self->seen_key = g_strconcat (self->unique, ":seen", NULL);
    }
  self->n_seen = 0;

  self->redis = rill_redis_new (self->location, error);
  if (self->redis == NULL)
    {
      g_prefix_error (error, "%s: ", name_of (self));
      return FALSE;
    }
  rill_redis_set_reconnect_timeout (self->redis, self->reconnect_timeout);

  if (!rill_redis_connect (self->redis, NULL, error))
    {
      g_prefix_error (error, "%s: ", name_of (self));
      g_clear_pointer (&self->redis, rill_redis_free);
      return FALSE;
    }

  return TRUE;
}

static gboolean
rill_redis_sink_stop (RillElement  *element,
                      GError      **error)
{
  RillRedisSink *self = RILL_REDIS_SINK (element);

  if (self->seen_key != NULL)
    g_debug ("%s: %" G_GUINT64_FORMAT " docs not written: their URL was in %s already",
             name_of (self), self->n_seen, self->seen_key);

  /* What is still buffered was never flushed: its docs are not settled,
   * so a tracking source delivers them again. */
  reset_state (self);
  return TRUE;
}

/* Sends items [0, n) of the buffer pipelined and checks every reply. */
static gboolean
send_items (RillRedisSink  *self,
            guint           n,
            GError        **error)
{
  Item *items = (Item *) self->items->data;
  g_autofree int *argc = NULL;
  g_autofree const char ***argv = NULL;
  g_autofree const size_t **argvlen = NULL;
  g_autofree redisReply **replies = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *maxlen = NULL;
  guint n_cmds;
  gboolean ok = TRUE;

  if (n == 0)
    return TRUE;

  if (self->maxlen > 0)
    maxlen = g_strdup_printf ("%u", self->maxlen);

  if (self->seen_key != NULL)
    {
      /* One script a doc: SADD, then XADD or RPUSH if it was new. */
      const char *type = self->type == RILL_REDIS_SINK_TYPE_LIST ? "list" : "stream";
      const char *field = self->url_only ? "url" : "doc";

      if (maxlen == NULL)
        maxlen = g_strdup ("0");
      n_cmds = n;
      argc = g_new (int, n_cmds);
      argv = g_new (const char **, n_cmds);
      argvlen = g_new (const size_t *, n_cmds);
      for (guint i = 0; i < n; i++)
        {
          const char **av = g_new (const char *, 10);
          size_t *al = g_new (size_t, 10);
          int k = 0;

          g_ptr_array_add (owned, av);
          g_ptr_array_add (owned, al);
          av[k] = "EVAL"; al[k++] = 4;
          av[k] = unique_script; al[k++] = sizeof unique_script - 1;
          av[k] = "2"; al[k++] = 1;
          av[k] = self->stream; al[k++] = strlen (self->stream);
          av[k] = self->seen_key; al[k++] = strlen (self->seen_key);
          av[k] = items[i].field; al[k++] = strlen (items[i].field);
          av[k] = type; al[k++] = strlen (type);
          av[k] = field; al[k++] = strlen (field);
          av[k] = items[i].value; al[k++] = items[i].value_len;
          av[k] = maxlen; al[k++] = strlen (maxlen);
          argc[i] = k;
          argv[i] = av;
          argvlen[i] = al;
        }
    }
  else if (self->type == RILL_REDIS_SINK_TYPE_STREAM)
    {
      /* One XADD a doc. */
      n_cmds = n;
      argc = g_new (int, n_cmds);
      argv = g_new (const char **, n_cmds);
      argvlen = g_new (const size_t *, n_cmds);
      for (guint i = 0; i < n; i++)
        {
          const char **av = g_new (const char *, 8);
          size_t *al = g_new (size_t, 8);
          int k = 0;

          g_ptr_array_add (owned, av);
          g_ptr_array_add (owned, al);
          av[k] = "XADD"; al[k++] = 4;
          av[k] = self->stream; al[k++] = strlen (self->stream);
          if (maxlen != NULL)
            {
              av[k] = "MAXLEN"; al[k++] = 6;
              av[k] = "~"; al[k++] = 1;
              av[k] = maxlen; al[k++] = strlen (maxlen);
            }
          av[k] = "*"; al[k++] = 1;
          if (self->url_only)
            {
              av[k] = "url"; al[k++] = 3;
            }
          else
            {
              av[k] = "doc"; al[k++] = 3;
            }
          av[k] = items[i].value; al[k++] = items[i].value_len;
          /* XADD key [MAXLEN ~ N] * field value: at most 8 */
          argc[i] = k;
          argv[i] = av;
          argvlen[i] = al;
        }
    }
  else
    {
      /* One RPUSH or HSET with all the values. */
      gboolean hash = self->type == RILL_REDIS_SINK_TYPE_HASH;
      guint per = hash ? 2 : 1;
      const char **av = g_new (const char *, 2 + per * n);
      size_t *al = g_new (size_t, 2 + per * n);
      int k = 0;

      g_ptr_array_add (owned, av);
      g_ptr_array_add (owned, al);
      av[k] = hash ? "HSET" : "RPUSH"; al[k] = strlen (av[k]); k++;
      av[k] = self->stream; al[k++] = strlen (self->stream);
      for (guint i = 0; i < n; i++)
        {
          if (hash)
            {
              av[k] = items[i].field; al[k++] = strlen (items[i].field);
            }
          av[k] = items[i].value; al[k++] = items[i].value_len;
        }
      n_cmds = 1;
      argc = g_new (int, 1);
      argv = g_new (const char **, 1);
      argvlen = g_new (const size_t *, 1);
      argc[0] = k;
      argv[0] = av;
      argvlen[0] = al;
    }

  replies = g_new0 (redisReply *, n_cmds);
  if (!rill_redis_pipeline (self->redis, NULL, n_cmds, argc, argv, argvlen, replies, error))
    {
      g_prefix_error (error, "%s: cannot write %u docs to %s: ", name_of (self), n, self->stream);
      return FALSE;
    }

  for (guint i = 0; i < n_cmds; i++)
    {
      if (ok && !rill_redis_reply_check (self->redis, replies[i], error))
        {
          g_prefix_error (error, "%s: cannot write to %s: ", name_of (self), self->stream);
          ok = FALSE;
        }
      else if (self->seen_key != NULL && replies[i]->type == REDIS_REPLY_NIL)
        self->n_seen++;
      freeReplyObject (replies[i]);
    }
  if (!ok)
    return FALSE;

  g_array_remove_range (self->items, 0, n);
  return TRUE;
}

static gboolean
send_all (RillRedisSink  *self,
          GError        **error)
{
  if (self->broken != NULL)
    {
      g_propagate_error (error, g_error_copy (self->broken));
      return FALSE;
    }

  while (self->items->len > 0)
    if (!send_items (self, MIN (self->items->len, self->batch_size), error))
      {
        self->broken = g_error_copy (*error);
        return FALSE;
      }
  return TRUE;
}

static gboolean
rill_redis_sink_render (RillSink  *sink,
                        RillDoc   *doc,
                        GError   **error)
{
  RillRedisSink *self = RILL_REDIS_SINK (sink);
  Item item = { NULL, NULL, 0 };

  /* Redis is gone: the next flush fails the run and nothing buffered is
   * acknowledged; past a bound the docs fail (to the dead-letter file). */
  if (self->broken != NULL && self->items->len >= 4 * self->batch_size)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "%s", self->broken->message);
      return FALSE;
    }

  if (self->type == RILL_REDIS_SINK_TYPE_HASH)
    {
      item.field = rill_doc_dup_as_string (doc, self->key_field);
      if (item.field == NULL || *item.field == '\0')
        {
          const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

          g_free (item.field);
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "%s: doc %s has no field %s to key the hash %s by",
                       name_of (self), url != NULL ? url : "without url",
                       self->key_field, self->stream);
          return FALSE;
        }
    }

  if (self->seen_key != NULL)
    {
      const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);
      g_autoptr(GError) local_error = NULL;

      if (url == NULL)
        {
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "%s: doc has no url (unique=%s)", name_of (self), self->unique);
          return FALSE;
        }
      item.field = rill_url_canonicalize (url, &local_error);
      if (item.field == NULL)
        {
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "%s: cannot canonicalise %s: %s", name_of (self), url,
                       local_error != NULL ? local_error->message : "invalid URL");
          return FALSE;
        }
    }

  if (self->url_only)
    {
      const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

      if (url == NULL)
        {
          g_free (item.field);
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "%s: doc has no url (url-only=true)", name_of (self));
          return FALSE;
        }
      item.value = g_strdup (url);
    }
  else if (self->fields != NULL && self->fields[0] != NULL)
    {
      g_autoptr(RillDoc) selected =
        rill_doc_select_fields (doc, (const char * const *) self->fields);

      item.value = rill_doc_to_json (selected, FALSE);
    }
  else
    item.value = rill_doc_to_json (doc, FALSE);
  item.value_len = strlen (item.value);

  g_array_append_val (self->items, item);

  /* A full batch goes now; should that fail, the docs stay buffered and
   * the next flush fails the run. */
  if (self->items->len >= self->batch_size && self->broken == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!send_all (self, &local_error))
        g_debug ("%s", local_error->message);
    }
  return TRUE;
}

static gboolean
rill_redis_sink_flush (RillSink  *sink,
                       GError   **error)
{
  RillRedisSink *self = RILL_REDIS_SINK (sink);

  if (self->redis == NULL)
    return TRUE;
  return send_all (self, error);
}

static void
rill_redis_sink_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillRedisSink *self = RILL_REDIS_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_STREAM:
      g_value_set_string (value, self->stream);
      break;
    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_KEY_FIELD:
      g_value_set_string (value, self->key_field);
      break;
    case PROP_MAXLEN:
      g_value_set_uint (value, self->maxlen);
      break;
    case PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;
    case PROP_URL_ONLY:
      g_value_set_boolean (value, self->url_only);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_RECONNECT_TIMEOUT:
      g_value_set_uint (value, self->reconnect_timeout);
      break;
    case PROP_UNIQUE:
      g_value_set_string (value, self->unique);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_redis_sink_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillRedisSink *self = RILL_REDIS_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      rill_redis_set_string (&self->location, value, DEFAULT_LOCATION);
      break;
    case PROP_STREAM:
      rill_redis_set_string (&self->stream, value, "rill");
      break;
    case PROP_TYPE:
      self->type = g_value_get_enum (value);
      break;
    case PROP_KEY_FIELD:
      rill_redis_set_string (&self->key_field, value, "id");
      break;
    case PROP_MAXLEN:
      self->maxlen = g_value_get_uint (value);
      break;
    case PROP_FIELDS:
      g_strfreev (self->fields);
      self->fields = g_value_dup_boxed (value);
      break;
    case PROP_URL_ONLY:
      self->url_only = g_value_get_boolean (value);
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = g_value_get_uint (value);
      break;
    case PROP_RECONNECT_TIMEOUT:
      self->reconnect_timeout = g_value_get_uint (value);
      break;
    case PROP_UNIQUE:
      g_free (self->unique);
      self->unique = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_redis_sink_finalize (GObject *object)
{
  RillRedisSink *self = RILL_REDIS_SINK (object);

  reset_state (self);
  g_array_unref (self->items);
  g_free (self->location);
  g_free (self->stream);
  g_free (self->key_field);
  g_strfreev (self->fields);
  g_free (self->unique);

  G_OBJECT_CLASS (rill_redis_sink_parent_class)->finalize (object);
}

static void
rill_redis_sink_class_init (RillRedisSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_redis_sink_get_property;
  object_class->set_property = rill_redis_sink_set_property;
  object_class->finalize = rill_redis_sink_finalize;

  element_class->start = rill_redis_sink_start;
  element_class->stop = rill_redis_sink_stop;

  sink_class->render = rill_redis_sink_render;
  sink_class->flush = rill_redis_sink_flush;

  /**
   * RillRedisSink:location:
   *
   * The Redis server, as `redis://[[user]:password@]host[:port][/db]`.
   */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "Redis server as redis://[[user]:password@]host[:port][/db] "
                         "(port 6379 and db 0 by default)",
                         DEFAULT_LOCATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:stream:
   *
   * The key written to: a stream, a list or a hash, after `type`.
   */
  properties[PROP_STREAM] =
    g_param_spec_string ("stream", "Stream",
                         "Key written to: the stream, list or hash (see type)",
                         "rill",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:type:
   *
   * What kind of key: `stream` (XADD), `list` (RPUSH) or `hash` (HSET).
   */
  properties[PROP_TYPE] =
    g_param_spec_enum ("type", "Type",
                       "Kind of key: stream (XADD), list (RPUSH) or hash "
                       "(HSET keyed by key-field)",
                       RILL_TYPE_REDIS_SINK_TYPE, RILL_REDIS_SINK_TYPE_STREAM,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:key-field:
   *
   * With `type=hash`, the doc field whose value is the hash field.
   */
  properties[PROP_KEY_FIELD] =
    g_param_spec_string ("key-field", "Key field",
                         "With type=hash: the doc field whose value names the "
                         "hash field (docs without it fail)",
                         "id",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:maxlen:
   *
   * With `type=stream`, trim the stream to about this many entries.
   */
  properties[PROP_MAXLEN] =
    g_param_spec_uint ("maxlen", "Max length",
                       "With type=stream: keep about this many entries "
                       "(XADD MAXLEN ~ N); 0 keeps all",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:fields:
   *
   * The fields written, or `-name` for fields left out.
   */
  properties[PROP_FIELDS] =
    g_param_spec_boxed ("fields", "Fields",
                        "Fields to write, in this order (default: all); "
                        "-name leaves a field out, e.g. -body",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:url-only:
   *
   * Write only the doc's `url` (a shared crawl frontier).
   */
  properties[PROP_URL_ONLY] =
    g_param_spec_boolean ("url-only", "URL only",
                          "Write only the url (stream entry “url <value>”), "
                          "e.g. for a shared crawl frontier; docs without url fail",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:batch-size:
   *
   * How many docs are sent in one round trip.
   */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", "Batch size",
                       "How many docs are buffered and sent pipelined in one "
                       "round trip (also sent at each flush)",
                       1, 1000000, 256,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSink:reconnect-timeout:
   *
   * How long a lost connection is retried before the run fails.
   */
  properties[PROP_RECONNECT_TIMEOUT] =
    g_param_spec_uint ("reconnect-timeout", "Reconnect timeout",
                       "How many seconds a lost connection is retried (with "
                       "backoff) before the run fails; 0 fails at once",
                       0, G_MAXUINT, 60,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * RillRedisSink:unique:
   *
   * Write each canonical URL once, across all workers: the prefix of the
   * Redis set `PREFIX:seen` of the URLs written.
   */
  properties[PROP_UNIQUE] =
    g_param_spec_string ("unique", "Unique",
                         "Write a doc only if its canonical url is new: PREFIX "
                         "names the set PREFIX:seen shared by all workers, checked "
                         "and appended to in one atomic step (stream or list)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Redis sink",
                                   "Sink/Network",
                                   "Writes docs as JSON (or just their URL) to a "
                                   "Redis stream, list or hash, in pipelined batches",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_redis_sink_init (RillRedisSink *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  self->type = RILL_REDIS_SINK_TYPE_STREAM;
  self->batch_size = 256;
  self->reconnect_timeout = 60;
}
