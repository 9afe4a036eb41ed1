/* rill-redis-src.c: reads docs from a Redis stream through a consumer group
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-redis-elements.h"
#include "rill-redis-client.h"

#include <string.h>
#include <unistd.h>

/**
 * RillRedisSrc:
 *
 * `redis-src` reads docs from the Redis stream `stream` at `location` as
 * consumer `consumer` of the consumer group `group` (`XREADGROUP`), so N
 * workers running the same line share the entries between them, each
 * entry going to one worker.
 *
 * An entry becomes one doc. An entry with a field `doc` holds a doc as
 * JSON (what `redis-sink` writes; see [ctor@Rill.Doc.new_from_json]); an
 * entry that is not valid JSON there is reported as a failed doc (kept in
 * the dead-letter file with `redis-id` and the text in `raw-doc`, its
 * error naming the stream and the entry id) and acknowledged. Any other entry gives a doc with one string field per
 * field of the entry, so `XADD rill * url https://example.org/` gives a
 * doc with `url`. Every doc gets the field `redis-id`: the entry id.
 *
 * Acknowledgement: an entry is acknowledged (`XACK`) only once its doc and
 * every doc made from it were written by every sink and made durable by
 * the sink's flush, or were filtered, dropped as duplicates or failed
 * (see [method@Rill.Source.track]). The acknowledgements are sent in
 * batches before each read and when the element stops. A worker that is
 * killed leaves its entries pending; another worker takes them over
 * (`XAUTOCLAIM`) once they have been pending for `claim-idle`
 * milliseconds, and processes them again: delivery is at-least-once.
 * While a doc is in the pipeline, its worker refreshes the entry's idle
 * time (`XCLAIM … JUSTID` to itself), so a slow pipeline keeps its
 * entries; after a reconnect a worker waits `claim-idle` + 6 s before it
 * claims, so that the other workers are back and have refreshed theirs.
 *
 * Termination: with `idle-timeout=0` (the default) the source runs until
 * the pipeline is cancelled. With `idle-timeout=N` it ends the stream once
 * no entry arrived (new or claimed) for N seconds and the group has no
 * pending entry at all (`XPENDING`): since an entry is acknowledged only
 * after all its results were written, no worker can add more then, so all
 * workers of a batch job end by themselves.
 *
 * A lost connection is re-opened with exponential backoff (100 ms doubling
 * to 5 s, with jitter) for up to `reconnect-timeout` seconds, after which
 * the run fails with an error naming the address. A stream or group that
 * vanished (a Redis restarted without persistence) is created again. A
 * Redis that is down when the run starts fails it at once: “cannot
 * connect to Redis at HOST:PORT: ...”.
 */

#define RILL_TYPE_REDIS_SRC (rill_redis_src_get_type ())
G_DECLARE_FINAL_TYPE (RillRedisSrc, rill_redis_src, RILL, REDIS_SRC, RillSource)

#define DEFAULT_LOCATION "redis://127.0.0.1:6379/0"
#define ACK_CHUNK 1000
#define CLAIM_INTERVAL_MAX_MS 5000
#define STOP_RECONNECT_TIMEOUT 2
#define RECONNECT_GRACE_MS 6000   /* longest backoff step (5 s) and some */

struct _RillRedisSrc
{
  RillSource parent_instance;

  /* properties */
  char *location;
  char *stream;
  char *group;
  char *consumer;
  char *start_id;
  guint block;
  guint claim_idle;
  guint idle_timeout;
  guint reconnect_timeout;

  /* state of a run; used from one thread at a time */
  RillRedis *redis;
  gint64 last_entry;           /* monotonic µs of the last entry read */
  gint64 next_claim;           /* monotonic µs of the next XAUTOCLAIM */
  gint64 next_heartbeat;       /* monotonic µs of the next XCLAIM of our own */
  guint reconnects;            /* of the client, when last looked at */
  char *claim_cursor;

  /* shared with settled(), under lock */
  GMutex lock;
  gboolean running;
  GPtrArray *to_ack;           /* char * entry ids */
  GHashTable *in_flight;       /* entry ids tracked and not acknowledged yet */
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_STREAM,
  PROP_GROUP,
  PROP_CONSUMER,
  PROP_START_ID,
  PROP_BLOCK,
  PROP_CLAIM_IDLE,
  PROP_IDLE_TIMEOUT,
  PROP_RECONNECT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillRedisSrc, rill_redis_src, RILL_TYPE_SOURCE)

static const char *
name_of (RillRedisSrc *self)
{
  return rill_element_get_name (RILL_ELEMENT (self));
}

static gboolean
is_nogroup (const GError *error)
{
  return error != NULL && strstr (error->message, "NOGROUP") != NULL;
}

/* XGROUP CREATE ... MKSTREAM; a group that exists already is fine. */
static gboolean
ensure_group (RillRedisSrc  *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RillRedisReply) reply = NULL;

  reply = rill_redis_command (self->redis, cancellable, &local_error,
                              "XGROUP CREATE %s %s %s MKSTREAM",
                              self->stream, self->group, self->start_id);
  if (reply == NULL)
    {
      if (strstr (local_error->message, "BUSYGROUP") != NULL)
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "%s: cannot create the consumer group %s of stream %s: ",
                                  name_of (self), self->group, self->stream);
      return FALSE;
    }
  return TRUE;
}

/* Sends @reply's command again after creating the group if Redis lost it. */
static redisReply *
command_with_group (RillRedisSrc  *self,
                    GCancellable  *cancellable,
                    GError       **error,
                    int            argc,
                    const char   **argv)
{
  g_autoptr(GError) local_error = NULL;
  redisReply *reply;

  reply = rill_redis_commandv (self->redis, cancellable, &local_error, argc, argv, NULL);
  if (reply == NULL && is_nogroup (local_error))
    {
      g_debug ("%s: consumer group %s of %s is gone (Redis restarted?); creating it again",
               name_of (self), self->group, self->stream);
      g_clear_error (&local_error);
      if (!ensure_group (self, cancellable, error))
        return NULL;
      reply = rill_redis_commandv (self->redis, cancellable, &local_error, argc, argv, NULL);
    }
  if (reply == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name_of (self));
  return reply;
}

/* XACK everything settled so far, in chunks. On error the ids not
 * acknowledged are put back. */
static gboolean
send_acks (RillRedisSrc  *self,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  guint done = 0;

  g_mutex_lock (&self->lock);
  if (self->to_ack->len > 0)
    {
      ids = g_steal_pointer (&self->to_ack);
      self->to_ack = g_ptr_array_new_with_free_func (g_free);
    }
  g_mutex_unlock (&self->lock);

  if (ids == NULL)
    return TRUE;

  while (done < ids->len)
    {
      guint n = MIN (ids->len - done, ACK_CHUNK);
      g_autofree const char **argv = g_new (const char *, n + 3);
      g_autoptr(RillRedisReply) reply = NULL;

      argv[0] = "XACK";
      argv[1] = self->stream;
      argv[2] = self->group;
      for (guint i = 0; i < n; i++)
        argv[3 + i] = ids->pdata[done + i];

      reply = rill_redis_commandv (self->redis, cancellable, error, n + 3, argv, NULL);
      if (reply == NULL)
        {
          g_prefix_error (error, "%s: cannot acknowledge %u entries of %s: ",
                          name_of (self), ids->len - done, self->stream);
          g_mutex_lock (&self->lock);
          for (guint i = done; i < ids->len; i++)
            g_ptr_array_add (self->to_ack, g_strdup (ids->pdata[i]));
          g_mutex_unlock (&self->lock);
          return FALSE;
        }

      /* Only now are they no longer ours: until the XACK, an XAUTOCLAIM
       * that returns one must not make a second doc of it. */
      g_mutex_lock (&self->lock);
      for (guint i = 0; i < n; i++)
        g_hash_table_remove (self->in_flight, ids->pdata[done + i]);
      g_mutex_unlock (&self->lock);
      done += n;
    }

  return TRUE;
}

static void
ack_later (RillRedisSrc *self,
           const char   *id)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->to_ack, g_strdup (id));
  g_mutex_unlock (&self->lock);
}

static void
set_field (RillDoc    *doc,
           const char *name,
           redisReply *value)
{
  if (value->type != REDIS_REPLY_STRING && value->type != REDIS_REPLY_STATUS)
    return;
  if (g_utf8_validate (value->str, value->len, NULL))
    rill_doc_take_string (doc, name, g_strndup (value->str, value->len));
  else
    rill_doc_take_bytes (doc, name, g_bytes_new (value->str, value->len));
}

/* Turns one entry [id, [field, value, ...]] into a doc, or NULL when the
 * entry was deleted or is bad (then it is reported and acknowledged). */
static RillDoc *
entry_to_doc (RillRedisSrc *self,
              redisReply   *entry)
{
  g_autoptr(RillDoc) doc = NULL;
  g_autofree char *id = NULL;
  redisReply *fields, *json = NULL;

  if (entry == NULL || entry->type != REDIS_REPLY_ARRAY || entry->elements < 2 ||
      entry->element[0]->type != REDIS_REPLY_STRING)
    return NULL;

  id = g_strndup (entry->element[0]->str, entry->element[0]->len);
  fields = entry->element[1];
  if (fields->type != REDIS_REPLY_ARRAY)
    {
      /* Deleted from the stream while pending: nothing to do. */
      ack_later (self, id);
      return NULL;
    }

  for (size_t i = 0; i + 1 < fields->elements; i += 2)
    {
      redisReply *name = fields->element[i];

      if (name->type == REDIS_REPLY_STRING && name->len == 3 && memcmp (name->str, "doc", 3) == 0)
        {
          json = fields->element[i + 1];
          break;
        }
    }

  if (json != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (json->type == REDIS_REPLY_STRING)
        doc = rill_doc_new_from_json (json->str, json->len, &error);
      if (doc == NULL)
        {
          g_autoptr(GError) bad = NULL;
          g_autoptr(RillDoc) failed = rill_doc_new ();

          bad = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                             "%s: stream %s entry %s: invalid JSON in field doc: %s",
                             name_of (self), self->stream, id,
                             error != NULL ? error->message : "not a string");
          rill_doc_set_string (failed, "redis-id", id);
          if (json->type == REDIS_REPLY_STRING)
            set_field (failed, "raw-doc", json);
          rill_element_report_failure (RILL_ELEMENT (self), failed, bad);
          ack_later (self, id);
          return NULL;
        }
    }
  else
    {
      doc = rill_doc_new ();
      for (size_t i = 0; i + 1 < fields->elements; i += 2)
        {
          redisReply *name = fields->element[i];
          g_autofree char *field = NULL;

          if (name->type != REDIS_REPLY_STRING || name->len == 0 ||
              !g_utf8_validate (name->str, name->len, NULL))
            continue;
          field = g_strndup (name->str, name->len);
          set_field (doc, field, fields->element[i + 1]);
        }
    }

  rill_doc_set_string (doc, "redis-id", id);
  return g_steal_pointer (&doc);
}

/* Adds the docs of @entries (an array of entries) to @docs; returns how many. */
static guint
take_entries (RillRedisSrc  *self,
              redisReply    *entries,
              RillDoc      **docs,
              guint          max)
{
  guint n = 0;

  if (entries == NULL || entries->type != REDIS_REPLY_ARRAY)
    return 0;

  for (size_t i = 0; i < entries->elements && n < max; i++)
    {
      redisReply *entry = entries->element[i];
      RillDoc *doc;
      const char *id;
      gboolean ours;

      /* An entry we still have in flight that we claimed back from
       * ourselves: claiming it only reset its idle time. */
      if (entry->type == REDIS_REPLY_ARRAY && entry->elements >= 1 &&
          entry->element[0]->type == REDIS_REPLY_STRING)
        {
          g_autofree char *key = g_strndup (entry->element[0]->str, entry->element[0]->len);

          g_mutex_lock (&self->lock);
          ours = g_hash_table_contains (self->in_flight, key);
          g_mutex_unlock (&self->lock);
          if (ours)
            continue;
        }

      doc = entry_to_doc (self, entry);
      if (doc == NULL)
        continue;

      id = rill_doc_get_string (doc, "redis-id");
      g_mutex_lock (&self->lock);
      g_hash_table_add (self->in_flight, g_strdup (id));
      g_mutex_unlock (&self->lock);
      rill_source_track (RILL_SOURCE (self), doc, id);
      docs[n++] = doc;
    }

  return n;
}

/* Claiming and heartbeats are timed after claim-idle. */
static gint64
claim_interval (RillRedisSrc *self)
{
  return MIN (self->claim_idle, CLAIM_INTERVAL_MAX_MS) * (gint64) 1000;
}

/* XAUTOCLAIM: takes over entries pending too long in other consumers. */
static gboolean
claim (RillRedisSrc  *self,
       RillDoc      **docs,
       guint          max,
       guint         *n_out,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *idle = g_strdup_printf ("%u", self->claim_idle);
  g_autofree char *count = g_strdup_printf ("%u", max);
  const char *argv[] = { "XAUTOCLAIM", self->stream, self->group, self->consumer,
                         idle, self->claim_cursor, "COUNT", count };
  g_autoptr(RillRedisReply) reply = NULL;
  gint64 interval = claim_interval (self);

  *n_out = 0;
  reply = command_with_group (self, cancellable, error, G_N_ELEMENTS (argv), argv);
  if (reply == NULL)
    return FALSE;

  if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 2 ||
      reply->element[0]->type != REDIS_REPLY_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: unexpected reply to XAUTOCLAIM from Redis at %s",
                   name_of (self), rill_redis_get_address (self->redis));
      return FALSE;
    }

  g_free (self->claim_cursor);
  self->claim_cursor = g_strndup (reply->element[0]->str, reply->element[0]->len);
  *n_out = take_entries (self, reply->element[1], docs, max);
  if (*n_out > 0)
    g_debug ("%s: claimed %u entries of %s", name_of (self), *n_out, self->stream);

  /* Go on with the scan at once while it has more; else wait. */
  if (strcmp (self->claim_cursor, "0-0") != 0)
    self->next_claim = g_get_monotonic_time ();
  else
    self->next_claim = g_get_monotonic_time () + interval;
  return TRUE;
}

/* XREADGROUP ... BLOCK: new entries, waiting up to `block` ms for one. */
static gboolean
read_new (RillRedisSrc  *self,
          RillDoc      **docs,
          guint          max,
          guint         *n_out,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *count = g_strdup_printf ("%u", max);
  g_autofree char *block = g_strdup_printf ("%u", self->block);
  const char *argv[] = { "XREADGROUP", "GROUP", self->group, self->consumer,
                         "COUNT", count, "BLOCK", block, "STREAMS", self->stream, ">" };
  g_autoptr(RillRedisReply) reply = NULL;

  *n_out = 0;
  reply = command_with_group (self, cancellable, error, G_N_ELEMENTS (argv), argv);
  if (reply == NULL)
    return FALSE;

  /* nil: the block time passed with nothing new. */
  if (reply->type != REDIS_REPLY_ARRAY)
    return TRUE;

  for (size_t i = 0; i < reply->elements; i++)
    {
      redisReply *stream = reply->element[i];

      if (stream->type == REDIS_REPLY_ARRAY && stream->elements >= 2)
        *n_out += take_entries (self, stream->element[1], docs + *n_out, max - *n_out);
    }
  return TRUE;
}

/* XPENDING summary: how many entries of the group are not acknowledged. */
static gboolean
count_pending (RillRedisSrc  *self,
               long long     *pending,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *argv[] = { "XPENDING", self->stream, self->group };
  g_autoptr(RillRedisReply) reply = NULL;

  reply = command_with_group (self, cancellable, error, G_N_ELEMENTS (argv), argv);
  if (reply == NULL)
    return FALSE;

  if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 1 ||
      reply->element[0]->type != REDIS_REPLY_INTEGER)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: unexpected reply to XPENDING from Redis at %s",
                   name_of (self), rill_redis_get_address (self->redis));
      return FALSE;
    }
  *pending = reply->element[0]->integer;
  return TRUE;
}

/* Heartbeat: XCLAIM ... JUSTID our own entries still in flight that are
 * getting old (idle for a fifth of claim-idle), which resets their idle
 * time, so that a pipeline that holds a doc longer than claim-idle does
 * not have it taken over by another worker while it is alive. */
static gboolean
heartbeat (RillRedisSrc  *self,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *min_idle = g_strdup_printf ("%u", self->claim_idle / 5);
  GHashTableIter iter;
  gpointer key;
  guint done = 0;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_mutex_unlock (&self->lock);

  while (done < ids->len)
    {
      guint n = MIN (ids->len - done, ACK_CHUNK);
      g_autofree const char **argv = g_new (const char *, n + 6);
      g_autoptr(RillRedisReply) reply = NULL;

      argv[0] = "XCLAIM";
      argv[1] = self->stream;
      argv[2] = self->group;
      argv[3] = self->consumer;
      argv[4] = min_idle;
      for (guint i = 0; i < n; i++)
        argv[5 + i] = ids->pdata[done + i];
      argv[5 + n] = "JUSTID";

      reply = command_with_group (self, cancellable, error, n + 6, argv);
      if (reply == NULL)
        return FALSE;
      done += n;
    }

  return TRUE;
}

static guint
rill_redis_src_create_batch (RillSource    *source,
                             RillDoc      **docs,
                             guint          max,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RillRedisSrc *self = RILL_REDIS_SRC (source);

  g_return_val_if_fail (self->redis != NULL, 0);

  for (;;)
    {
      guint n = 0;
      gint64 now;

      if (g_cancellable_is_cancelled (cancellable))
        return 0;

      if (!send_acks (self, cancellable, error))
        return 0;

      /* After a reconnect (a Redis restart, a network cut) every worker's
       * entries look idle: refresh ours at once, and give the others the
       * time to come back and do the same before claiming theirs. */
      if (rill_redis_get_reconnects (self->redis) != self->reconnects)
        {
          self->reconnects = rill_redis_get_reconnects (self->redis);
          self->next_heartbeat = 0;
          self->next_claim = g_get_monotonic_time () +
                             ((gint64) self->claim_idle + RECONNECT_GRACE_MS) * 1000;
        }

      if (self->claim_idle > 0 && g_get_monotonic_time () >= self->next_heartbeat)
        {
          if (!heartbeat (self, cancellable, error))
            return 0;
          self->next_heartbeat = g_get_monotonic_time () + claim_interval (self) / 5;
        }

      if (self->claim_idle > 0 && g_get_monotonic_time () >= self->next_claim)
        {
          if (!claim (self, docs, max, &n, cancellable, error))
            return 0;
          if (n > 0)
            {
              self->last_entry = g_get_monotonic_time ();
              return n;
            }
        }

      if (g_cancellable_is_cancelled (cancellable))
        return 0;

      if (!read_new (self, docs, max, &n, cancellable, error))
        return 0;
      now = g_get_monotonic_time ();
      if (n > 0)
        {
          self->last_entry = now;
          return n;
        }

      /* Nothing new: look for abandoned entries now rather than later
       * (unless in the grace time after a reconnect). */
      if (self->next_claim <= now + claim_interval (self))
        self->next_claim = MIN (self->next_claim, now);

      if (self->idle_timeout > 0 &&
          now - self->last_entry >= (gint64) self->idle_timeout * G_USEC_PER_SEC)
        {
          long long pending = -1;

          if (!send_acks (self, cancellable, error))
            return 0;
          if (!count_pending (self, &pending, cancellable, error))
            return 0;
          if (pending == 0)
            {
              g_debug ("%s: nothing new for %u s and nothing pending in group %s: end of stream",
                       name_of (self), self->idle_timeout, self->group);
              return 0;
            }
        }
    }
}

static void
rill_redis_src_settled (RillSource *source,
                        const char *token)
{
  RillRedisSrc *self = RILL_REDIS_SRC (source);

  g_mutex_lock (&self->lock);
  if (self->running)
    g_ptr_array_add (self->to_ack, g_strdup (token));
  g_mutex_unlock (&self->lock);
}

static void
reset_state (RillRedisSrc *self)
{
  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_ptr_array_set_size (self->to_ack, 0);
  g_hash_table_remove_all (self->in_flight);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->redis, rill_redis_free);
  g_clear_pointer (&self->claim_cursor, g_free);
}

static gboolean
rill_redis_src_start (RillElement  *element,
                      GError      **error)
{
  RillRedisSrc *self = RILL_REDIS_SRC (element);

  reset_state (self);

  if (self->stream == NULL || *self->stream == '\0' ||
      self->group == NULL || *self->group == '\0' ||
      self->consumer == NULL || *self->consumer == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: stream, group and consumer must not be empty", name_of (self));
      return FALSE;
    }

  self->redis = rill_redis_new (self->location, error);
  if (self->redis == NULL)
    {
      g_prefix_error (error, "%s: ", name_of (self));
      return FALSE;
    }
  rill_redis_set_reconnect_timeout (self->redis, self->reconnect_timeout);
  rill_redis_set_read_timeout (self->redis, self->block + 10000);

  if (!rill_redis_connect (self->redis, NULL, error))
    {
      g_prefix_error (error, "%s: ", name_of (self));
      g_clear_pointer (&self->redis, rill_redis_free);
      return FALSE;
    }

  if (!ensure_group (self, NULL, error))
    {
      g_clear_pointer (&self->redis, rill_redis_free);
      return FALSE;
    }

  self->claim_cursor = g_strdup ("0-0");
  self->last_entry = g_get_monotonic_time ();
  self->next_claim = 0;
  self->next_heartbeat = 0;
  self->reconnects = rill_redis_get_reconnects (self->redis);

  g_mutex_lock (&self->lock);
  self->running = TRUE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Removes this consumer from the group when it holds no pending entry,
 * so that the group does not collect one consumer per past run. */
static void
forget_consumer (RillRedisSrc *self)
{
  const char *pending_argv[] = { "XPENDING", self->stream, self->group, "-", "+", "1",
                                 self->consumer };
  const char *del_argv[] = { "XGROUP", "DELCONSUMER", self->stream, self->group,
                             self->consumer };
  g_autoptr(RillRedisReply) mine = NULL;
  g_autoptr(RillRedisReply) deleted = NULL;
  gboolean busy;

  g_mutex_lock (&self->lock);
  busy = g_hash_table_size (self->in_flight) > 0;
  g_mutex_unlock (&self->lock);
  if (busy)
    return;

  /* DELCONSUMER drops the consumer's pending entries: only when there
   * are none (nobody else can give it new ones once it stopped reading). */
  mine = rill_redis_commandv (self->redis, NULL, NULL, G_N_ELEMENTS (pending_argv),
                              pending_argv, NULL);
  if (mine == NULL || mine->type != REDIS_REPLY_ARRAY || mine->elements != 0)
    return;
  deleted = rill_redis_commandv (self->redis, NULL, NULL, G_N_ELEMENTS (del_argv),
                                 del_argv, NULL);
}

static gboolean
rill_redis_src_stop (RillElement  *element,
                     GError      **error)
{
  RillRedisSrc *self = RILL_REDIS_SRC (element);

  if (self->redis != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* Whatever cannot be acknowledged now is delivered again later. */
      rill_redis_set_reconnect_timeout (self->redis,
                                        MIN (self->reconnect_timeout, STOP_RECONNECT_TIMEOUT));
      if (!send_acks (self, NULL, &local_error))
        rill_element_report_warning (element, "%s (they will be delivered again)",
                                     local_error->message);
      else
        forget_consumer (self);
    }

  reset_state (self);
  return TRUE;
}

static void
rill_redis_src_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillRedisSrc *self = RILL_REDIS_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_STREAM:
      g_value_set_string (value, self->stream);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;
    case PROP_CONSUMER:
      g_value_set_string (value, self->consumer);
      break;
    case PROP_START_ID:
      g_value_set_string (value, self->start_id);
      break;
    case PROP_BLOCK:
      g_value_set_uint (value, self->block);
      break;
    case PROP_CLAIM_IDLE:
      g_value_set_uint (value, self->claim_idle);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_RECONNECT_TIMEOUT:
      g_value_set_uint (value, self->reconnect_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_redis_src_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillRedisSrc *self = RILL_REDIS_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      rill_redis_set_string (&self->location, value, DEFAULT_LOCATION);
      break;
    case PROP_STREAM:
      rill_redis_set_string (&self->stream, value, "rill");
      break;
    case PROP_GROUP:
      rill_redis_set_string (&self->group, value, "rill");
      break;
    case PROP_CONSUMER:
      if (g_value_get_string (value) != NULL)
        rill_redis_set_string (&self->consumer, value, NULL);
      else
        {
          g_free (self->consumer);
          self->consumer = g_strdup_printf ("%s-%d", g_get_host_name (), (int) getpid ());
        }
      break;
    case PROP_START_ID:
      rill_redis_set_string (&self->start_id, value, "0");
      break;
    case PROP_BLOCK:
      self->block = g_value_get_uint (value);
      break;
    case PROP_CLAIM_IDLE:
      self->claim_idle = g_value_get_uint (value);
      break;
    case PROP_IDLE_TIMEOUT:
      self->idle_timeout = g_value_get_uint (value);
      break;
    case PROP_RECONNECT_TIMEOUT:
      self->reconnect_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_redis_src_finalize (GObject *object)
{
  RillRedisSrc *self = RILL_REDIS_SRC (object);

  reset_state (self);
  g_ptr_array_unref (self->to_ack);
  g_hash_table_unref (self->in_flight);
  g_mutex_clear (&self->lock);
  g_free (self->location);
  g_free (self->stream);
  g_free (self->group);
  g_free (self->consumer);
  g_free (self->start_id);

  G_OBJECT_CLASS (rill_redis_src_parent_class)->finalize (object);
}

static void
rill_redis_src_class_init (RillRedisSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_redis_src_get_property;
  object_class->set_property = rill_redis_src_set_property;
  object_class->finalize = rill_redis_src_finalize;

  element_class->start = rill_redis_src_start;
  element_class->stop = rill_redis_src_stop;

  source_class->create_batch = rill_redis_src_create_batch;
  source_class->settled = rill_redis_src_settled;

  /**
   * RillRedisSrc:location:
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
   * RillRedisSrc:stream:
   *
   * The key of the stream to read.
   */
  properties[PROP_STREAM] =
    g_param_spec_string ("stream", "Stream",
                         "Key of the Redis stream to read (created when missing)",
                         "rill",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:group:
   *
   * The consumer group; workers of one job share it.
   */
  properties[PROP_GROUP] =
    g_param_spec_string ("group", "Group",
                         "Consumer group: the workers of one job use the same "
                         "group and share its entries (created when missing)",
                         "rill",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:consumer:
   *
   * The name of this worker in the group, `HOSTNAME-PID` by default.
   */
  properties[PROP_CONSUMER] =
    g_param_spec_string ("consumer", "Consumer",
                         "Name of this worker in the consumer group "
                         "(default: HOSTNAME-PID); must differ between workers",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:start-id:
   *
   * Where a new group starts: `0` for the whole stream, `$` for new entries.
   */
  properties[PROP_START_ID] =
    g_param_spec_string ("start-id", "Start id",
                         "Where a group created by this element starts: 0 reads "
                         "the whole stream, $ only entries added from now on",
                         "0",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:block:
   *
   * How long one read waits for new entries, in milliseconds.
   */
  properties[PROP_BLOCK] =
    g_param_spec_uint ("block", "Block",
                       "How long one XREADGROUP waits for new entries, in ms "
                       "(acknowledgements and cancellation wait for it too)",
                       1, 600000, 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:claim-idle:
   *
   * After how many milliseconds an entry pending in another consumer is
   * taken over (0: never).
   */
  properties[PROP_CLAIM_IDLE] =
    g_param_spec_uint ("claim-idle", "Claim idle",
                       "Take over (XAUTOCLAIM) entries that another consumer "
                       "has left pending for this many ms, e.g. because it "
                       "died; 0 never takes any",
                       0, G_MAXUINT, 60000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:idle-timeout:
   *
   * End the stream once nothing arrived for this many seconds and the
   * group has no pending entry; 0 runs until cancelled.
   */
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", "Idle timeout",
                       "End of stream once no entry arrived for this many "
                       "seconds and the group has no pending entry at all "
                       "(all workers are done); 0 runs until cancelled",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillRedisSrc:reconnect-timeout:
   *
   * How long a lost connection is retried before the run fails.
   */
  properties[PROP_RECONNECT_TIMEOUT] =
    g_param_spec_uint ("reconnect-timeout", "Reconnect timeout",
                       "How many seconds a lost connection is retried (with "
                       "backoff) before the run fails; 0 fails at once",
                       0, G_MAXUINT, 60,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Redis stream source",
                                   "Source/Network",
                                   "Reads docs from a Redis stream through a "
                                   "consumer group and acknowledges each once "
                                   "every sink has durably written it",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_redis_src_init (RillRedisSrc *self)
{
  g_mutex_init (&self->lock);
  self->to_ack = g_ptr_array_new_with_free_func (g_free);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->block = 1000;
  self->claim_idle = 60000;
  self->reconnect_timeout = 60;
}
