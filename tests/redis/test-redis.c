/* test-redis.c: redis-src and redis-sink against a redis-server the test
 * starts on 127.0.0.1: round trips, acknowledgement, claiming, the
 * idle-timeout rule, reconnecting, a Redis that is down, bad entries,
 * lists and hashes; and the client's URL parsing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"
#include "rill-redis-client.h"
#include "redis-test-server.h"

#include <signal.h>
#include <string.h>

/* One server for the whole program (the restart test has its own). */
static RillTestRedis *server;

static gboolean
need_server (void)
{
  if (server == NULL)
    {
      g_test_skip (rill_test_redis_available () ? "redis-server did not start"
                                                : "/usr/bin/redis-server is missing");
      return FALSE;
    }
  return TRUE;
}

static RillRedis *
client_for (const char *url)
{
  g_autoptr(GError) error = NULL;
  RillRedis *redis = rill_redis_new (url, &error);

  g_assert_no_error (error);
  g_assert_true (rill_redis_connect (redis, NULL, &error));
  g_assert_no_error (error);
  return redis;
}

/* Runs a command on the shared server; asserts it succeeded. */
static redisReply *
cmd (const char *format,
     ...)
{
  static RillRedis *redis;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) argv = NULL;
  redisReply *reply;
  va_list ap;

  if (redis == NULL)
    redis = client_for (server->url);

  /* Space-separated words; no quoting needed in these tests. */
  va_start (ap, format);
  line = g_strdup_vprintf (format, ap);
  va_end (ap);
  argv = g_strsplit (line, " ", -1);

  reply = rill_redis_commandv (redis, NULL, &error, g_strv_length (argv),
                               (const char **) argv, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static long long
cmd_int (const char *format,
         const char *arg1,
         const char *arg2)
{
  g_autoptr(RillRedisReply) reply = cmd (format, arg1, arg2);

  g_assert_cmpint (reply->type, ==, REDIS_REPLY_INTEGER);
  return reply->integer;
}

static long long
pending (const char *stream,
         const char *group)
{
  g_autoptr(RillRedisReply) reply = cmd ("XPENDING %s %s", stream, group);

  g_assert_cmpint (reply->type, ==, REDIS_REPLY_ARRAY);
  g_assert_cmpint (reply->elements, >=, 1);
  return reply->element[0]->integer;
}

static char *
xadd (const char *stream,
      const char *field,
      const char *value)
{
  g_autoptr(RillRedisReply) reply = NULL;
  const char *argv[] = { "XADD", stream, "*", field, value };
  g_autoptr(GError) error = NULL;
  g_autoptr(RillRedis) redis = client_for (server->url);

  reply = rill_redis_commandv (redis, NULL, &error, 5, argv, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (reply->type, ==, REDIS_REPLY_STRING);
  return g_strdup (reply->str);
}

/* Runs @line to its end, pushing @docs into the app-src "in" if any. */
static RillPipeline *
run_line (const char *line,
          GPtrArray  *docs,
          GError    **error)
{
  RillPipeline *pipeline = rill_test_parse (line);
  RillElement *in = rill_pipeline_get_by_name (pipeline, "in");

  if (in != NULL)
    {
      for (guint i = 0; docs != NULL && i < docs->len; i++)
        g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), docs->pdata[i]));
      rill_app_src_end_of_stream (RILL_APP_SRC (in));
    }
  rill_pipeline_run (pipeline, NULL, error);
  return pipeline;
}

static RillPipeline *
run_ok (const char *line,
        GPtrArray  *docs)
{
  g_autoptr(GError) error = NULL;
  RillPipeline *pipeline = run_line (line, docs, &error);

  g_assert_no_error (error);
  return pipeline;
}

/* app-sink emit-signals=true: keep a copy of each doc (through JSON, so
 * the copy does not hold the doc's acknowledgement back). */
static void
on_new_doc (RillAppSink *sink,
            RillDoc     *doc,
            GPtrArray   *out)
{
  g_autofree char *json = rill_doc_to_json (doc, FALSE);
  RillDoc *copy = rill_doc_new_from_json (json, -1, NULL);

  g_assert_nonnull (copy);
  g_ptr_array_add (out, copy);
}

static GPtrArray *
collect (RillPipeline *pipeline,
         const char   *name)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  RillElement *sink = rill_pipeline_get_by_name (pipeline, name);

  g_assert_true (RILL_IS_APP_SINK (sink));
  g_object_set (sink, "emit-signals", TRUE, NULL);
  g_signal_connect (sink, "new-doc", G_CALLBACK (on_new_doc), out);
  return out;
}

static RillDoc *
make_doc (guint n)
{
  static const guchar binary[] = { 0, 1, 2, 0xff, '\n', '"' };
  static const char * const tags[] = { "мир", "a\"b", "", NULL };
  RillDoc *doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  g_autofree char *url = g_strdup_printf ("https://example.org/%u", n);
  g_autofree char *id = g_strdup_printf ("id-%u", n);
  g_autoptr(GBytes) body = g_bytes_new_static (binary, sizeof binary);

  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  rill_doc_set_string (doc, "id", id);
  rill_doc_set_string (doc, RILL_FIELD_TITLE, "Ташкент: \"quotes\"\nand a\ttab");
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200 + n);
  rill_doc_set_double (doc, "score", 0.5 + n);
  rill_doc_set_bool (doc, "ok", n % 2 == 0);
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  rill_doc_set_strv (doc, RILL_FIELD_TAGS, tags);
  rill_doc_set_int (nested, "n", n);
  rill_doc_set_doc (doc, "meta", nested);
  return doc;
}

static GPtrArray *
make_docs (guint n)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (docs, make_doc (i));
  return docs;
}

/* ---- the client ---------------------------------------------------- */

static void
test_client_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillRedis) a = rill_redis_new ("redis://127.0.0.1", &error);
  g_autoptr(RillRedis) b = NULL;
  g_autoptr(RillRedis) c = NULL;
  g_autoptr(RillRedis) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rill_redis_get_address (a), ==, "127.0.0.1:6379/0");

  b = rill_redis_new ("redis://:s3cret@cache.example:6390/4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rill_redis_get_address (b), ==, "cache.example:6390/4");

  c = rill_redis_new ("redis://[::1]:7000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rill_redis_get_address (c), ==, "[::1]:7000/0");

  bad = rill_redis_new ("http://127.0.0.1/", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "http://127.0.0.1/"));
  g_clear_error (&error);

  bad = rill_redis_new ("redis://127.0.0.1/zero", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "redis://127.0.0.1/zero"));
}

static void
test_client_commands (void)
{
  g_autoptr(RillRedis) redis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillRedisReply) set = NULL;
  g_autoptr(RillRedisReply) wrong = NULL;
  const char *a1[] = { "SET", "client-k1", "v1" };
  const char *a2[] = { "INCR", "client-n" };
  const char *a3[] = { "LPUSH", "client-k1", "x" };    /* WRONGTYPE */
  const char **argv[] = { a1, a2, a2, a3 };
  const int argc[] = { 3, 2, 2, 3 };
  redisReply *replies[4];

  if (!need_server ())
    return;

  redis = client_for (server->url);
  set = rill_redis_command (redis, NULL, &error, "SET %s %b", "client-k0", "a\0b", (size_t) 3);
  g_assert_no_error (error);
  g_assert_cmpint (set->type, ==, REDIS_REPLY_STATUS);

  g_assert_true (rill_redis_pipeline (redis, NULL, 4, argc, argv, NULL, replies, &error));
  g_assert_no_error (error);
  g_assert_cmpint (replies[1]->integer, ==, 1);
  g_assert_cmpint (replies[2]->integer, ==, 2);
  g_assert_cmpint (replies[3]->type, ==, REDIS_REPLY_ERROR);
  g_assert_false (rill_redis_reply_check (redis, replies[3], &error));
  g_assert_nonnull (strstr (error->message, "WRONGTYPE"));
  g_clear_error (&error);
  for (guint i = 0; i < 4; i++)
    freeReplyObject (replies[i]);

  /* An error reply is a GError naming the address; the connection stays. */
  wrong = rill_redis_command (redis, NULL, &error, "LPUSH client-k1 x");
  g_assert_null (wrong);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, rill_redis_get_address (redis)));
  g_assert_true (rill_redis_is_connected (redis));
}

/* ---- sink and source ------------------------------------------------ */

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) docs = make_docs (50);
  g_autoptr(RillPipeline) write = NULL;
  g_autoptr(RillPipeline) read = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(RillRedisReply) consumers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  line = g_strdup_printf ("app-src name=in ! redis-sink location=%s stream=rt batch-size=16",
                          server->url);
  write = run_ok (line, docs);
  g_assert_cmpint (cmd_int ("XLEN %s", "rt", NULL), ==, 50);

  g_free (line);
  line = g_strdup_printf ("redis-src name=src location=%s stream=rt idle-timeout=1 block=200 "
                          "! identity ! app-sink name=out", server->url);
  read = rill_test_parse (line);
  out = collect (read, "out");
  g_assert_true (rill_pipeline_run (read, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (out->len, ==, 50);
  for (guint i = 0; i < out->len; i++)
    {
      RillDoc *doc = out->pdata[i];

      /* One source, serial: the stream's order. */
      g_assert_nonnull (rill_doc_get_string (doc, "redis-id"));
      rill_doc_remove_field (doc, "redis-id");
      g_assert_true (rill_doc_equal (doc, docs->pdata[i]));
    }
  g_assert_cmpint (pending ("rt", "rill"), ==, 0);
  g_assert_cmpint (rill_test_stat (read, "src", "out"), ==, 50);

  /* A consumer that stopped with nothing pending leaves the group. */
  consumers = cmd ("XINFO CONSUMERS rt rill");
  g_assert_cmpint (consumers->type, ==, REDIS_REPLY_ARRAY);
  g_assert_cmpuint (consumers->elements, ==, 0);
}

static void
test_url_entries (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillRedisReply) r = NULL;
  g_autofree char *line = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  RillDoc *doc;

  if (!need_server ())
    return;

  r = cmd ("XADD ue * url https://a.example/1 lang en");
  id1 = g_strdup (r->str);
  id2 = xadd ("ue", "doc", "{\"url\":\"https://b.example/\",\"status\":404,\"tags\":[\"x\",\"y\"]}");

  line = g_strdup_printf ("redis-src location=%s stream=ue group=g2 idle-timeout=1 block=200 "
                          "! app-sink name=out", server->url);
  pipeline = rill_test_parse (line);
  out = collect (pipeline, "out");
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (out->len, ==, 2);
  doc = out->pdata[0];
  g_assert_cmpstr (rill_doc_get_string (doc, "url"), ==, "https://a.example/1");
  g_assert_cmpstr (rill_doc_get_string (doc, "lang"), ==, "en");
  g_assert_cmpstr (rill_doc_get_string (doc, "redis-id"), ==, id1);
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 3);
  doc = out->pdata[1];
  g_assert_cmpstr (rill_doc_get_string (doc, "url"), ==, "https://b.example/");
  g_assert_cmpint (rill_doc_get_int (doc, "status", 0), ==, 404);
  g_assert_cmpstr (rill_doc_get_strv (doc, "tags")[1], ==, "y");
  g_assert_cmpstr (rill_doc_get_string (doc, "redis-id"), ==, id2);
  g_assert_cmpint (pending ("ue", "g2"), ==, 0);
}

static void
test_url_only_frontier (void)
{
  g_autoptr(GPtrArray) docs = make_docs (5);
  g_autoptr(RillPipeline) write = NULL;
  g_autoptr(RillPipeline) read = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(RillRedisReply) range = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  line = g_strdup_printf ("app-src name=in ! redis-sink location=%s stream=fr url-only=true",
                          server->url);
  write = run_ok (line, docs);

  range = cmd ("XRANGE fr - +");
  g_assert_cmpuint (range->elements, ==, 5);
  g_assert_cmpuint (range->element[0]->element[1]->elements, ==, 2);
  g_assert_cmpstr (range->element[0]->element[1]->element[0]->str, ==, "url");
  g_assert_cmpstr (range->element[0]->element[1]->element[1]->str, ==, "https://example.org/0");

  g_free (line);
  line = g_strdup_printf ("redis-src location=%s stream=fr idle-timeout=1 block=200 "
                          "! app-sink name=out", server->url);
  read = rill_test_parse (line);
  out = collect (read, "out");
  g_assert_true (rill_pipeline_run (read, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 5);
  g_assert_cmpstr (rill_doc_get_string (out->pdata[4], "url"), ==, "https://example.org/4");
}

static RillDoc *
url_doc (const char *url)
{
  RillDoc *doc = rill_doc_new ();

  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  return doc;
}

/* unique=: each canonical URL enters the stream once, over two runs (two
 * workers), whatever its spelling; a doc without url fails. */
static void
test_unique (void)
{
  const char *first[] = { "https://u.example/a?utm_source=x", "https://U.example/a#top",
                          "https://u.example/b", NULL };
  const char *second[] = { "https://u.example/b", "https://u.example/c", "https://u.example/a", NULL };
  g_autoptr(RillRedisReply) range = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  line = g_strdup_printf ("app-src name=in ! redis-sink name=sink location=%s stream=uq "
                          "url-only=true unique=uqp", server->url);
  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
      g_autoptr(RillPipeline) pipeline = NULL;
      const char **urls = run == 0 ? first : second;

      for (guint i = 0; urls[i] != NULL; i++)
        g_ptr_array_add (docs, url_doc (urls[i]));
      if (run == 1)
        g_ptr_array_add (docs, rill_doc_new ());
      pipeline = run_ok (line, docs);
      g_assert_cmpint (rill_test_stat (pipeline, "sink", "failed"), ==, run == 1 ? 1 : 0);
    }

  range = cmd ("XRANGE uq - +");
  g_assert_cmpuint (range->elements, ==, 3);
  /* The first spelling seen is what enters the stream. */
  g_assert_cmpstr (range->element[0]->element[1]->element[1]->str, ==, "https://u.example/a?utm_source=x");
  g_assert_cmpstr (range->element[1]->element[1]->element[1]->str, ==, "https://u.example/b");
  g_assert_cmpstr (range->element[2]->element[1]->element[1]->str, ==, "https://u.example/c");
  g_assert_cmpint (cmd_int ("SCARD %s", "uqp:seen", NULL), ==, 3);
}

static void
test_bad_json (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *line = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  if (!need_server ())
    return;

  a = xadd ("bj", "doc", "{\"url\":\"https://ok.example/1\"}");
  b = xadd ("bj", "doc", "{not json");
  c = xadd ("bj", "doc", "[1, 2]");

  line = g_strdup_printf ("redis-src name=src location=%s stream=bj idle-timeout=1 block=200 "
                          "! fake-sink", server->url);
  pipeline = run_ok (line, NULL);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, 1);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "failed"), ==, 2);
  /* The bad ones went to the failures and are acknowledged too. */
  g_assert_cmpint (pending ("bj", "rill"), ==, 0);
}

/* A sink that cannot write (the key holds a string) fails the run at its
 * flush, and nothing is acknowledged. */
static void
test_failed_flush_keeps_pending (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(RillRedisReply) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  for (guint i = 0; i < 10; i++)
    g_free (xadd ("ff", "url", "https://ff.example/"));
  set = cmd ("SET ff-out not-a-stream");

  line = g_strdup_printf ("redis-src location=%s stream=ff idle-timeout=1 block=200 "
                          "! redis-sink location=%s stream=ff-out", server->url, server->url);
  pipeline = run_line (line, NULL, &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "WRONGTYPE"));
  g_assert_cmpint (pending ("ff", "rill"), ==, 10);
}

/* Entries read by a consumer that died are taken over and acknowledged. */
static void
test_claim (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(RillRedisReply) group = NULL;
  g_autoptr(RillRedisReply) dead = NULL;
  g_autoptr(RillRedisReply) consumers = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  for (guint i = 0; i < 6; i++)
    g_free (xadd ("cl", "url", "https://claim.example/"));
  group = cmd ("XGROUP CREATE cl rill 0");
  dead = cmd ("XREADGROUP GROUP rill dead COUNT 100 STREAMS cl >");
  g_assert_cmpuint (dead->element[0]->element[1]->elements, ==, 6);
  g_assert_cmpint (pending ("cl", "rill"), ==, 6);
  g_usleep (150 * 1000);

  line = g_strdup_printf ("redis-src name=src location=%s stream=cl consumer=alive "
                          "claim-idle=100 idle-timeout=1 block=200 ! fake-sink", server->url);
  pipeline = run_ok (line, NULL);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, 6);
  g_assert_cmpint (pending ("cl", "rill"), ==, 0);
}

/* Entries still in flight in this worker are not taken over by itself
 * when they pass claim-idle (here the sink needs 1.2 s for 4 docs, with
 * claim-idle=100): each doc goes out once. */
static void
test_no_self_claim (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  for (guint i = 0; i < 4; i++)
    g_free (xadd ("sc", "url", "https://self.example/"));

  line = g_strdup_printf ("redis-src name=src location=%s stream=sc claim-idle=100 block=100 "
                          "idle-timeout=1 ! test-slow-sink name=sink sleep-us=300000",
                          server->url);
  pipeline = run_ok (line, NULL);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, 4);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "in"), ==, 4);
  g_assert_cmpint (pending ("sc", "rill"), ==, 0);
}

typedef struct {
  const char *url;
  long long claimed;
} Thief;

static gpointer
thief_thread (gpointer data)
{
  Thief *thief = data;
  g_autoptr(RillRedis) redis = client_for (thief->url);

  /* Claim what is idle for 500 ms, every 50 ms from 0.2 s to 1.6 s in;
   * claim-idle=600 of the worker would let them go to 600 ms before its
   * own XAUTOCLAIM resets them, its heartbeat keeps them below 300. */
  g_usleep (200 * 1000);
  thief->claimed = 0;
  for (guint i = 0; i < 28; i++)
    {
      g_autoptr(RillRedisReply) reply = NULL;
      g_autoptr(GError) error = NULL;

      reply = rill_redis_command (redis, NULL, &error, "XAUTOCLAIM hb rill thief 500 0 COUNT 100");
      g_assert_no_error (error);
      thief->claimed += reply->element[1]->elements;
      g_usleep (50 * 1000);
    }
  return NULL;
}

/* A live worker whose docs stay in its pipeline longer than claim-idle
 * (a sink taking 1.8 s for 6 docs, claim-idle=600) keeps its entries
 * fresh, so another worker claiming meanwhile takes none of them. */
static void
test_heartbeat (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *line = NULL;
  Thief thief = { NULL, -1 };
  GThread *thread;

  if (!need_server ())
    return;

  for (guint i = 0; i < 6; i++)
    g_free (xadd ("hb", "url", "https://heartbeat.example/"));

  thief.url = server->url;
  line = g_strdup_printf ("redis-src name=src location=%s stream=hb claim-idle=600 block=50 "
                          "idle-timeout=1 ! test-slow-sink sleep-us=300000", server->url);
  pipeline = rill_test_parse (line);
  thread = g_thread_new ("thief", thief_thread, &thief);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
    g_assert_no_error (error);
  }
  g_thread_join (thread);

  g_assert_cmpint (thief.claimed, ==, 0);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, 6);
  g_assert_cmpint (pending ("hb", "rill"), ==, 0);
}

typedef struct {
  const char *stream;
  const char *url;
  gint acked;
} AckLater;

static gpointer
ack_later_thread (gpointer data)
{
  AckLater *job = data;
  g_autoptr(RillRedis) redis = client_for (job->url);
  g_autoptr(RillRedisReply) range = NULL;
  g_autoptr(GError) error = NULL;

  g_usleep (1500 * 1000);
  range = rill_redis_command (redis, NULL, &error, "XRANGE %s - +", job->stream);
  g_assert_no_error (error);
  g_atomic_int_set (&job->acked, TRUE);
  for (size_t i = 0; i < range->elements; i++)
    {
      g_autoptr(RillRedisReply) ack = NULL;

      ack = rill_redis_command (redis, NULL, &error, "XACK %s rill %s", job->stream,
                                range->element[i]->element[0]->str);
      g_assert_no_error (error);
    }
  return NULL;
}

/* idle-timeout ends the stream only once nothing is pending in the group:
 * here another consumer holds entries (claim-idle=0: never taken over)
 * until it acknowledges them 1.5 s in. */
static void
test_idle_waits_for_pending (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(RillRedisReply) group = NULL;
  g_autoptr(RillRedisReply) other = NULL;
  g_autofree char *line = NULL;
  AckLater job = { "iw", NULL, FALSE };
  GThread *thread;

  if (!need_server ())
    return;

  for (guint i = 0; i < 3; i++)
    g_free (xadd ("iw", "url", "https://idle.example/"));
  group = cmd ("XGROUP CREATE iw rill 0");
  other = cmd ("XREADGROUP GROUP rill busy COUNT 100 STREAMS iw >");
  g_free (xadd ("iw", "url", "https://idle.example/mine"));

  job.url = server->url;
  thread = g_thread_new ("ack-later", ack_later_thread, &job);
  line = g_strdup_printf ("redis-src name=src location=%s stream=iw claim-idle=0 "
                          "idle-timeout=1 block=200 ! fake-sink", server->url);
  pipeline = run_ok (line, NULL);
  /* The run could end only after the other consumer acknowledged. */
  g_assert_true (g_atomic_int_get (&job.acked));
  g_thread_join (thread);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, 1);
  g_assert_cmpint (pending ("iw", "rill"), ==, 0);
}

static void
test_down_at_start (void)
{
  guint port = rill_test_redis_free_port ();
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", port);
  const char *lines[] = {
    "redis-src location=redis://%s/0 ! fake-sink",
    "app-src name=in ! redis-sink location=redis://%s/0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(RillPipeline) pipeline = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      line = g_strdup_printf (lines[i], where);
#pragma GCC diagnostic pop

      pipeline = run_line (line, NULL, &error);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, where));
      g_assert_nonnull (strstr (error->message, "cannot connect to Redis"));
    }
}

static void
test_hash (void)
{
  g_autoptr(GPtrArray) docs = make_docs (3);
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(RillRedisReply) value = NULL;
  g_autoptr(RillDoc) back = NULL;
  g_autoptr(RillDoc) again = rill_doc_copy (docs->pdata[1]);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  /* id-1 twice (the second wins), and one doc without an id. */
  rill_doc_set_string (again, RILL_FIELD_TITLE, "second");
  g_ptr_array_add (docs, g_steal_pointer (&again));
  g_ptr_array_add (docs, rill_doc_new ());

  line = g_strdup_printf ("app-src name=in ! redis-sink name=sink location=%s stream=hk "
                          "type=hash fields=url,title", server->url);
  pipeline = run_ok (line, docs);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "failed"), ==, 1);
  g_assert_cmpint (cmd_int ("HLEN %s", "hk", NULL), ==, 3);

  value = cmd ("HGET hk id-1");
  g_assert_cmpint (value->type, ==, REDIS_REPLY_STRING);
  back = rill_doc_new_from_json (value->str, value->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rill_doc_get_string (back, "title"), ==, "second");
  g_assert_cmpstr (rill_doc_get_string (back, "url"), ==, "https://example.org/1");
  g_assert_cmpuint (rill_doc_get_n_fields (back), ==, 2);
}

static void
test_list (void)
{
  g_autoptr(GPtrArray) docs = make_docs (300);
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(RillPipeline) urls = NULL;
  g_autoptr(RillRedisReply) items = NULL;
  g_autoptr(RillRedisReply) url = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  line = g_strdup_printf ("app-src name=in ! redis-sink location=%s stream=ls type=list "
                          "fields=-body batch-size=100", server->url);
  pipeline = run_ok (line, docs);
  g_assert_cmpint (cmd_int ("LLEN %s", "ls", NULL), ==, 300);

  items = cmd ("LRANGE ls 0 -1");
  for (size_t i = 0; i < items->elements; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillDoc) doc = rill_doc_new_from_json (items->element[i]->str,
                                                       items->element[i]->len, &error);
      g_autoptr(RillDoc) want = rill_doc_copy (docs->pdata[i]);

      g_assert_no_error (error);
      rill_doc_remove_field (want, RILL_FIELD_BODY);
      g_assert_true (rill_doc_equal (doc, want));
    }

  g_free (line);
  line = g_strdup_printf ("app-src name=in ! redis-sink location=%s stream=lu type=list "
                          "url-only=true", server->url);
  urls = run_ok (line, docs);
  url = cmd ("LINDEX lu 299");
  g_assert_cmpstr (url->str, ==, "https://example.org/299");
}

static void
test_maxlen (void)
{
  g_autoptr(GPtrArray) docs = make_docs (1000);
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *line = NULL;

  if (!need_server ())
    return;

  line = g_strdup_printf ("app-src name=in ! redis-sink location=%s stream=ml maxlen=10",
                          server->url);
  pipeline = run_ok (line, docs);
  /* MAXLEN ~ trims whole nodes: about 10, certainly far below 1000. */
  g_assert_cmpint (cmd_int ("XLEN %s", "ml", NULL), <, 500);
  g_assert_cmpint (cmd_int ("XLEN %s", "ml", NULL), >=, 10);
}

/* ---- Redis restarted mid-run ---------------------------------------- */

typedef struct {
  RillPipeline *pipeline;
  GCancellable *cancellable;
  GError *error;
  gboolean ok;
} Run;

static gpointer
run_thread (gpointer data)
{
  Run *run = data;

  run->ok = rill_pipeline_run (run->pipeline, run->cancellable, &run->error);
  return NULL;
}

static gboolean
wait_for (RillRedis  *redis,
          const char *command,
          long long   want,
          gint64      timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(RillRedisReply) reply = rill_redis_command (redis, NULL, NULL, command);
      long long n = -1;

      if (reply != NULL && reply->type == REDIS_REPLY_INTEGER)
        n = reply->integer;
      else if (reply != NULL && reply->type == REDIS_REPLY_ARRAY && reply->elements > 0 &&
               reply->element[0]->type == REDIS_REPLY_INTEGER)
        n = reply->element[0]->integer;
      if (n == want)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static void
test_restart (void)
{
  g_autoptr(RillTestRedis) own = NULL;
  g_autoptr(RillRedis) redis = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *line = NULL;
  Run run = { NULL, NULL, NULL, FALSE };
  GThread *thread;

  if (!rill_test_redis_available ())
    {
      g_test_skip ("/usr/bin/redis-server is missing");
      return;
    }
  own = rill_test_redis_start (0);
  g_assert_nonnull (own);

  redis = client_for (own->url);
  rill_redis_set_reconnect_timeout (redis, 10);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RillRedisReply) r = rill_redis_command (redis, NULL, NULL,
                                                        "XADD in * url https://before/%u", i);
      g_assert_nonnull (r);
    }

  /* Live: the test cancels it once the docs after the restart are through. */
  line = g_strdup_printf ("redis-src location=%s stream=in block=200 reconnect-timeout=15 "
                          "! redis-sink location=%s stream=out reconnect-timeout=15",
                          own->url, own->url);
  run.pipeline = rill_test_parse (line);
  run.cancellable = cancellable;
  thread = g_thread_new ("run", run_thread, &run);

  g_assert_true (wait_for (redis, "XLEN out", 20, 10 * G_USEC_PER_SEC));
  g_assert_true (wait_for (redis, "XPENDING in rill", 0, 10 * G_USEC_PER_SEC));

  rill_test_redis_kill (own, SIGKILL);
  g_usleep (G_USEC_PER_SEC);
  g_assert_true (rill_test_redis_restart (own));

  /* Data is lost (no persistence): a fresh stream, a fresh group. */
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(RillRedisReply) r = rill_redis_command (redis, NULL, NULL,
                                                        "XADD in * url https://after/%u", i);
      g_assert_nonnull (r);
    }
  g_assert_true (wait_for (redis, "XLEN out", 10, 15 * G_USEC_PER_SEC));
  g_assert_true (wait_for (redis, "XPENDING in rill", 0, 10 * G_USEC_PER_SEC));

  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  /* Cancelled, not failed: both elements got their connection back. */
  g_assert_error (run.error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_cmpint (rill_test_stat (run.pipeline, "redis-src0", "out"), >=, 30);
  g_object_unref (run.pipeline);
}

/* A Redis that stays away longer than reconnect-timeout fails the run
 * with its address. */
static void
test_reconnect_gives_up (void)
{
  g_autoptr(RillTestRedis) own = NULL;
  g_autofree char *line = NULL;
  g_autofree char *where = NULL;
  Run run = { NULL, NULL, NULL, FALSE };
  GThread *thread;

  if (!rill_test_redis_available ())
    {
      g_test_skip ("/usr/bin/redis-server is missing");
      return;
    }
  own = rill_test_redis_start (0);
  g_assert_nonnull (own);
  where = g_strdup_printf ("127.0.0.1:%u", own->port);

  line = g_strdup_printf ("redis-src location=%s stream=gone block=100 reconnect-timeout=1 "
                          "! fake-sink", own->url);
  run.pipeline = rill_test_parse (line);
  thread = g_thread_new ("run", run_thread, &run);
  g_usleep (300 * 1000);
  rill_test_redis_kill (own, SIGKILL);
  g_thread_join (thread);

  g_assert_false (run.ok);
  g_assert_nonnull (run.error);
  g_assert_nonnull (strstr (run.error->message, where));
  g_clear_error (&run.error);
  g_object_unref (run.pipeline);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rill_test_register_scheduler_elements ();

  if (rill_test_redis_available ())
    server = rill_test_redis_start (0);

  g_test_add_func ("/redis/client/url", test_client_url);
  g_test_add_func ("/redis/client/commands", test_client_commands);
  g_test_add_func ("/redis/round-trip", test_round_trip);
  g_test_add_func ("/redis/src/url-entries", test_url_entries);
  g_test_add_func ("/redis/src/bad-json", test_bad_json);
  g_test_add_func ("/redis/src/claim", test_claim);
  g_test_add_func ("/redis/src/no-self-claim", test_no_self_claim);
  g_test_add_func ("/redis/src/heartbeat", test_heartbeat);
  g_test_add_func ("/redis/src/idle-waits-for-pending", test_idle_waits_for_pending);
  g_test_add_func ("/redis/ack/failed-flush-keeps-pending", test_failed_flush_keeps_pending);
  g_test_add_func ("/redis/sink/url-only", test_url_only_frontier);
  g_test_add_func ("/redis/sink/unique", test_unique);
  g_test_add_func ("/redis/sink/hash", test_hash);
  g_test_add_func ("/redis/sink/list", test_list);
  g_test_add_func ("/redis/sink/maxlen", test_maxlen);
  g_test_add_func ("/redis/down-at-start", test_down_at_start);
  g_test_add_func ("/redis/restart", test_restart);
  g_test_add_func ("/redis/reconnect-gives-up", test_reconnect_gives_up);

  ret = g_test_run ();
  g_clear_pointer (&server, rill_test_redis_free);
  return ret;
}
