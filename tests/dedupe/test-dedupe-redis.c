/* test-dedupe-redis.c: `dedupe state=redis://...`, the index shared
 * through Redis, against the in-memory index.
 *
 * Starts its own redis-server on a free 127.0.0.1 port (no persistence,
 * in a temporary directory) and kills it by PID at the end; skips when
 * /usr/bin/redis-server is missing or the plugin was built without Redis.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include "rill-dedupe-redis.h"
#include "rill-dedupe-state.h"
#include "test-dedupe-common.h"
#ifdef RILL_DEDUPE_HAVE_REDIS
#include "rill-redis-client.h"
#endif

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define REDIS_SERVER "/usr/bin/redis-server"

static GSubprocess *server;
static char *server_dir;
static guint server_port;
static const char *skip_reason;

static guint
free_port (void)
{
  g_autoptr (GSocket) sock = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                       G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (sock);
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
redis_url (const char *prefix)
{
  return g_strdup_printf ("redis://127.0.0.1:%u/0?prefix=%s", server_port, prefix);
}

#ifdef RILL_DEDUPE_HAVE_REDIS
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A redis-server on 127.0.0.1:@port, without persistence, in @dir. */
static GSubprocess *
spawn_server (guint       port,
              const char *dir)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* killed with the test even when an assertion aborts it */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error,
                                      REDIS_SERVER, "--port", port_s,
                                      "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no",
                                      "--dir", dir, NULL);
  g_assert_no_error (error);
  return proc;
}

/* Waits (at most 5 s) until the server on @port answers PING. */
static void
wait_ping (guint port)
{
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%u/0", port);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (RillRedis) r = rill_redis_new (url, NULL);
      g_autoptr (RillRedisReply) reply = NULL;

      if (r && rill_redis_connect (r, NULL, NULL)
          && (reply = rill_redis_command (r, NULL, NULL, "PING")) != NULL)
        return;
      g_usleep (50000);
    }
  g_error ("redis-server on port %u did not answer PING within 5 s", port);
}

static void
kill_server (GSubprocess *proc)
{
  const char *pid = g_subprocess_get_identifier (proc);

  if (pid)
    kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);
}

static gboolean
server_start (void)
{
  g_autoptr (GError) error = NULL;

  if (!rill_dedupe_redis_is_supported ())
    {
      skip_reason = "dedupe was built without Redis support";
      return FALSE;
    }
  if (!g_file_test (REDIS_SERVER, G_FILE_TEST_IS_EXECUTABLE))
    {
      skip_reason = REDIS_SERVER " is missing";
      return FALSE;
    }
  server_dir = g_dir_make_tmp ("rill-dedupe-redis-XXXXXX", &error);
  g_assert_no_error (error);
  server_port = free_port ();
  server = spawn_server (server_port, server_dir);
  wait_ping (server_port);
  return TRUE;
}
#else
static gboolean
server_start (void)
{
  skip_reason = "dedupe was built without Redis support";
  return FALSE;
}
#endif

static void
server_stop (void)
{
  if (server)
    {
      kill_server (server);
      g_clear_object (&server);
    }
  if (server_dir)
    {
      g_autoptr (GDir) dir = g_dir_open (server_dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (server_dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (server_dir);
      g_clear_pointer (&server_dir, g_free);
    }
}

#define SKIP_IF_NO_SERVER() \
  G_STMT_START { if (server == NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

/* A corpus of @n docs: originals, and copies of earlier ones (exact,
 * reformatted, with a few or many words changed, wrapped in other text,
 * truncated), some empty texts, dates on about half. */
typedef struct
{
  GPtrArray *texts;
  GArray    *dates;
} Corpus;

static void
corpus_free (Corpus *c)
{
  g_ptr_array_unref (c->texts);
  g_array_unref (c->dates);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Corpus, corpus_free)

static Corpus *
make_corpus (guint32 seed,
             guint   n)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  Corpus *c = g_new0 (Corpus, 1);

  c->texts = g_ptr_array_new_with_free_func (g_free);
  c->dates = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n; i++)
    {
      guint kind = originals->len < 5 ? 0 : g_rand_int_range (rand, 0, 10);
      const char *orig = originals->len
        ? originals->pdata[g_rand_int_range (rand, 0, originals->len)] : NULL;
      char *text;
      gint64 date;

      switch (kind)
        {
        case 0: case 1: case 2:
          text = test_make_text (rand, g_rand_int_range (rand, 80, 250));
          g_ptr_array_add (originals, g_strdup (text));
          break;
        case 3:
          text = g_strdup (orig);
          break;
        case 4:
          text = g_ascii_strup (orig, -1);
          break;
        case 5:
          text = test_edit_text (rand, orig, g_rand_int_range (rand, 1, 3));
          break;
        case 6:
          text = test_edit_text (rand, orig, g_rand_int_range (rand, 3, 25));
          break;
        case 7:
          {
            g_autofree char *head = test_make_text (rand, 40);
            g_autofree char *tail = test_make_text (rand, 30);

            text = g_strconcat (head, "\n\n", orig, "\n\n", tail, NULL);
          }
          break;
        case 8:
          text = g_strndup (orig, strlen (orig) * 7 / 10);
          break;
        default:
          text = g_rand_int_range (rand, 0, 4) == 0 ? g_strdup (" ... ")
                 : test_make_text (rand, g_rand_int_range (rand, 1, 6));
          break;
        }
      g_ptr_array_add (c->texts, text);
      date = g_rand_boolean (rand)
        ? 1700000000 + g_rand_int_range (rand, 0, 1000) * 3600
        : RILL_DEDUPE_NO_DATE;
      g_array_append_val (c->dates, date);
    }
  return c;
}

static void
local_results (const RillDedupeParams *params,
               Corpus                 *c,
               RillDedupeResult       *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RillDedupeIndex) index = rill_dedupe_index_new (params, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < c->texts->len; i++)
    g_assert_true (rill_dedupe_index_check_and_add (index, c->texts->pdata[i], -1,
                                                    i + 1, NULL,
                                                    g_array_index (c->dates, gint64, i),
                                                    &out[i], &error));
}

static RillDedupeRedis *
open_redis (const RillDedupeParams *params,
            const char             *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = redis_url (prefix);
  RillDedupeRedis *r = rill_dedupe_redis_new (params, url, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
fill_doc (RillDedupeRedisDoc *d,
          Corpus             *c,
          guint               i,
          gboolean            with_key)
{
  memset (d, 0, sizeof *d);
  d->text = c->texts->pdata[i];
  d->len = -1;
  d->key = with_key ? g_strdup_printf ("doc-%u", i) : NULL;
  d->date = g_array_index (c->dates, gint64, i);
  d->info = g_strdup_printf ("https://news.example/%u", i);
}

static void
free_doc (RillDedupeRedisDoc *d)
{
  g_free ((char *) d->key);
  g_free ((char *) d->info);
  rill_dedupe_redis_doc_clear (d);
}

static void
assert_same (const RillDedupeResult *a,
             const RillDedupeResult *b,
             guint                   i)
{
  if (a->verdict != b->verdict || a->dup_of != b->dup_of || a->match != b->match
      || a->cluster != b->cluster || a->score != b->score)
    g_error ("doc %u: local verdict %d dup_of %" G_GUINT64_FORMAT " match %"
             G_GUINT64_FORMAT " cluster %" G_GUINT64_FORMAT " score %.17g; "
             "redis %d %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %"
             G_GUINT64_FORMAT " %.17g", i, a->verdict, a->dup_of, a->match,
             a->cluster, a->score, b->verdict, b->dup_of, b->match, b->cluster,
             b->score);
}

/* The corpus through the in-memory index and, in batches of 1 to 64
 * docs, through Redis: identical results for every doc. */
static void
check_equivalence (const RillDedupeParams *params,
                   const char             *prefix,
                   guint                   min_dups)
{
  g_autoptr (Corpus) c = make_corpus (7, 400);
  g_autoptr (RillDedupeRedis) r = open_redis (params, prefix);
  g_autofree RillDedupeResult *local = g_new0 (RillDedupeResult, c->texts->len);
  static const guint batches[] = { 1, 5, 17, 64, 3 };
  guint n_dups = 0, n_earlier = 0, b = 0;

  local_results (params, c, local);
  for (guint i = 0; i < c->texts->len; b++)
    {
      guint n = MIN (batches[b % G_N_ELEMENTS (batches)], c->texts->len - i);
      g_autofree RillDedupeRedisDoc *docs = g_new0 (RillDedupeRedisDoc, n);
      g_autoptr (GError) error = NULL;

      for (guint j = 0; j < n; j++)
        fill_doc (&docs[j], c, i + j, TRUE);
      g_assert_true (rill_dedupe_redis_check (r, docs, n, NULL, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < n; j++)
        {
          const RillDedupeResult *l = &local[i + j];

          g_assert_cmpuint (docs[j].id, ==, i + j + 1);
          g_assert_false (docs[j].again);
          assert_same (l, &docs[j].result, i + j);
          if (l->verdict == RILL_DEDUPE_DUPLICATE)
            {
              g_autofree char *want = g_strdup_printf ("https://news.example/%"
                                                       G_GUINT64_FORMAT, l->dup_of - 1);

              n_dups++;
              n_earlier += l->dup_of != l->cluster;
              g_assert_cmpstr (docs[j].dup_of_info, ==, want);
              g_assert_cmpint (docs[j].dup_of_date, ==,
                               g_array_index (c->dates, gint64, l->dup_of - 1));
            }
          free_doc (&docs[j]);
        }
      i += n;
    }
  g_test_message ("%s: %u duplicates of %u docs, %u named after an earlier-dated copy",
                  prefix, n_dups, c->texts->len, n_earlier);
  g_assert_cmpuint (n_dups, >=, min_dups);
}

static void
test_same_as_local_exact (void)
{
  RillDedupeParams p;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_EXACT);
  check_equivalence (&p, "t:eq-exact", 60);
}

static void
test_same_as_local_simhash (void)
{
  RillDedupeParams p;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_SIMHASH);
  p.simhash_distance = 9;       /* the element's default: 1-bit probes */
  check_equivalence (&p, "t:eq-simhash9", 100);
  p.simhash_distance = 3;       /* exact block probes */
  check_equivalence (&p, "t:eq-simhash3", 80);
}

static void
test_same_as_local_minhash (void)
{
  RillDedupeParams p;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_MINHASH);
  check_equivalence (&p, "t:eq-minhash", 150);
  p.minhash_verify = RILL_MINHASH_VERIFY_JACCARD;
  p.minhash_threshold = 0.5;
  check_equivalence (&p, "t:eq-minhash-j", 80);
}

/* Two workers (two connections) taking docs in turn give the results of
 * one in-memory index. */
static void
test_two_workers_alternating (void)
{
  g_autoptr (Corpus) c = make_corpus (11, 300);
  g_autofree RillDedupeResult *local = g_new0 (RillDedupeResult, c->texts->len);
  g_autoptr (RillDedupeRedis) w1 = NULL;
  g_autoptr (RillDedupeRedis) w2 = NULL;
  RillDedupeParams p;
  guint n_dups = 0;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_MINHASH);
  w1 = open_redis (&p, "t:alt");
  w2 = open_redis (&p, "t:alt");
  local_results (&p, c, local);
  for (guint i = 0; i < c->texts->len; i++)
    {
      RillDedupeRedisDoc d;
      g_autoptr (GError) error = NULL;

      fill_doc (&d, c, i, TRUE);
      g_assert_true (rill_dedupe_redis_check (i % 2 ? w2 : w1, &d, 1, NULL, &error));
      g_assert_no_error (error);
      assert_same (&local[i], &d.result, i);
      n_dups += d.result.verdict == RILL_DEDUPE_DUPLICATE;
      free_doc (&d);
    }
  g_assert_cmpuint (n_dups, >=, 100);
}

/* A key checked again (same batch, later batch, other worker) gets the
 * recorded verdict; the doc is not its own duplicate. */
static void
test_redelivery_index (void)
{
  g_autoptr (Corpus) c = make_corpus (3, 60);
  g_autofree RillDedupeRedisDoc *first = g_new0 (RillDedupeRedisDoc, 60);
  g_autofree RillDedupeRedisDoc *again = g_new0 (RillDedupeRedisDoc, 120);
  g_autoptr (RillDedupeRedis) w1 = NULL;
  g_autoptr (RillDedupeRedis) w2 = NULL;
  g_autoptr (GError) error = NULL;
  RillDedupeParams p;
  guint n_new = 0, n_dup = 0;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_SIMHASH);
  p.simhash_distance = 9;
  w1 = open_redis (&p, "t:redeliver");
  w2 = open_redis (&p, "t:redeliver");
  for (guint i = 0; i < 60; i++)
    fill_doc (&first[i], c, i, TRUE);
  g_assert_true (rill_dedupe_redis_check (w1, first, 60, NULL, &error));
  g_assert_no_error (error);

  /* every doc twice in one batch, on the other worker */
  for (guint i = 0; i < 120; i++)
    fill_doc (&again[i], c, i / 2, TRUE);
  g_assert_true (rill_dedupe_redis_check (w2, again, 120, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 120; i++)
    {
      const RillDedupeRedisDoc *f = &first[i / 2], *a = &again[i];

      g_assert_true (a->again);
      g_assert_cmpuint (a->id, ==, f->id);
      g_assert_cmpint (a->result.verdict, ==, f->result.verdict);
      g_assert_cmpuint (a->result.dup_of, ==, f->result.dup_of);
      g_assert_cmpuint (a->result.cluster, ==, f->result.cluster);
      g_assert_cmpstr (a->dup_of_info, ==, f->dup_of_info);
      if (f->result.verdict == RILL_DEDUPE_NEW)
        g_assert_cmpuint (a->result.dup_of, ==, 0);
    }
  for (guint i = 0; i < 60; i++)
    {
      n_new += first[i].result.verdict == RILL_DEDUPE_NEW;
      n_dup += first[i].result.verdict == RILL_DEDUPE_DUPLICATE;
      free_doc (&first[i]);
    }
  for (guint i = 0; i < 120; i++)
    free_doc (&again[i]);
  g_assert_cmpuint (n_new, >, 0);
  g_assert_cmpuint (n_dup, >, 0);

  /* nothing new was added: the next doc gets the next id */
  {
    RillDedupeRedisDoc d = { .text = "an unrelated text of its own", .len = -1,
                             .key = "fresh", .date = RILL_DEDUPE_NO_DATE };

    g_assert_true (rill_dedupe_redis_check (w1, &d, 1, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (d.id, ==, 61);
    rill_dedupe_redis_doc_clear (&d);
  }
}

/* After SCRIPT FLUSH (what a restarted Redis forgets) EVALSHA gets
 * NOSCRIPT and the script is sent whole. */
#ifdef RILL_DEDUPE_HAVE_REDIS
static void
test_noscript (void)
{
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%u/0", server_port);
  g_autoptr (RillRedis) admin = NULL;
  g_autoptr (RillRedisReply) reply = NULL;
  g_autoptr (RillDedupeRedis) r = NULL;
  g_autoptr (GError) error = NULL;
  RillDedupeParams p;
  RillDedupeRedisDoc d = { .text = "one two three four five", .len = -1,
                           .date = RILL_DEDUPE_NO_DATE };

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_EXACT);
  r = open_redis (&p, "t:noscript");
  admin = rill_redis_new (url, &error);
  g_assert_no_error (error);
  reply = rill_redis_command (admin, NULL, &error, "SCRIPT FLUSH");
  g_assert_no_error (error);
  g_assert_true (rill_dedupe_redis_check (r, &d, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.result.verdict, ==, RILL_DEDUPE_NEW);
  g_assert_true (rill_dedupe_redis_check (r, &d, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.result.verdict, ==, RILL_DEDUPE_DUPLICATE);
  g_assert_cmpuint (d.result.dup_of, ==, 1);
  rill_dedupe_redis_doc_clear (&d);
}
#endif

#ifdef RILL_DEDUPE_HAVE_REDIS
typedef struct
{
  guint port;
  char *dir;
  GSubprocess *proc;
  RillDedupeRedis *idx;
  RillDedupeRedisDoc *doc;
  GError *error;
  gboolean ok;
} Restart;

/* The check, on a thread of its own: the server is spawned by the main
 * thread (PR_SET_PDEATHSIG follows the spawning thread). */
static gpointer
check_thread (gpointer data)
{
  Restart *r = data;

  r->ok = rill_dedupe_redis_check (r->idx, r->doc, 1, NULL, &r->error);
  return NULL;
}

/* Redis killed: a check waits for it (reconnecting with backoff) and goes
 * through once it is back, re-sending the script the new server does not
 * know; a check that gave up fails naming the address, and the next one
 * after Redis is back goes through. */
static void
test_restart (void)
{
  Restart r = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *addr = NULL;
  g_autoptr (RillDedupeRedis) idx = NULL;
  g_autoptr (GError) error = NULL;
  GThread *th;
  RillDedupeParams p;
  RillDedupeRedisDoc d = { .text = "some words to check for copies", .len = -1,
                           .key = "k1", .date = RILL_DEDUPE_NO_DATE };

  SKIP_IF_NO_SERVER ();
  r.port = free_port ();
  r.dir = g_dir_make_tmp ("rill-dedupe-redis-b-XXXXXX", &error);
  g_assert_no_error (error);
  r.proc = spawn_server (r.port, r.dir);
  wait_ping (r.port);
  url = g_strdup_printf ("redis://127.0.0.1:%u/0?prefix=t:restart", r.port);
  addr = g_strdup_printf ("127.0.0.1:%u", r.port);
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_SIMHASH);
  idx = rill_dedupe_redis_new (&p, url, NULL, &error);
  g_assert_no_error (error);
  rill_dedupe_redis_set_reconnect_timeout (idx, 30);
  g_assert_true (rill_dedupe_redis_check (idx, &d, 1, NULL, &error));
  g_assert_no_error (error);

  /* killed, restarted 0.3 s later (empty): the check waits and succeeds */
  kill_server (r.proc);
  g_clear_object (&r.proc);
  r.idx = idx;
  r.doc = &d;
  th = g_thread_new ("check", check_thread, &r);
  g_usleep (300000);
  r.proc = spawn_server (r.port, r.dir);
  g_thread_join (th);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (d.again);       /* the new server lost everything */
  g_assert_cmpint (d.result.verdict, ==, RILL_DEDUPE_NEW);

  /* killed for good: the check gives up, naming the address; so does
   * the next one (one connection attempt) */
  rill_dedupe_redis_set_reconnect_timeout (idx, 1);
  kill_server (r.proc);
  g_clear_object (&r.proc);
  g_assert_false (rill_dedupe_redis_check (idx, &d, 1, NULL, &error));
  g_assert_nonnull (strstr (error->message, addr));
  g_clear_error (&error);
  g_assert_false (rill_dedupe_redis_check (idx, &d, 1, NULL, &error));
  g_assert_nonnull (strstr (error->message, addr));
  g_clear_error (&error);

  /* back: the next check goes through */
  r.proc = spawn_server (r.port, r.dir);
  wait_ping (r.port);
  g_assert_true (rill_dedupe_redis_check (idx, &d, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.result.verdict, ==, RILL_DEDUPE_NEW);
  rill_dedupe_redis_doc_clear (&d);

  kill_server (r.proc);
  g_clear_object (&r.proc);
  g_rmdir (r.dir);
  g_free (r.dir);
}
#endif

static void
test_param_mismatch (void)
{
  g_autofree char *url = redis_url ("t:mismatch");
  g_autoptr (RillDedupeRedis) a = NULL;
  g_autoptr (RillDedupeRedis) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *addr = NULL;
  RillDedupeParams p;

  SKIP_IF_NO_SERVER ();
  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_MINHASH);
  a = open_redis (&p, "t:mismatch");
  p.minhash_threshold = 0.8;
  b = rill_dedupe_redis_new (&p, url, NULL, &error);
  g_assert_null (b);
  g_assert_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_MISMATCH);
  addr = g_strdup_printf ("127.0.0.1:%u", server_port);
  g_assert_nonnull (strstr (error->message, addr));
  g_clear_error (&error);

  rill_dedupe_params_init (&p, RILL_DEDUPE_METHOD_EXACT);
  b = rill_dedupe_redis_new (&p, url, NULL, &error);
  g_assert_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "minhash"));
}

/* Pipelines */

static RillDoc *
new_doc (const char *url,
         const char *text)
{
  RillDoc *doc = rill_doc_new ();

  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  rill_doc_set_string (doc, RILL_FIELD_TEXT, text);
  return doc;
}

static RillPipeline *
make_pipeline (const char *dedupe,
               GPtrArray  *docs)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! %s ! app-sink name=out",
                                           dedupe);
  RillPipeline *pipeline = rill_test_parse (line);
  RillElement *src = rill_pipeline_get_by_name (pipeline, "in");

  for (guint i = 0; i < docs->len; i++)
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (src), docs->pdata[i]));
  rill_app_src_end_of_stream (RILL_APP_SRC (src));
  return pipeline;
}

static GPtrArray *
run_pipeline (const char  *dedupe,
              GPtrArray   *docs,
              GError     **error)
{
  g_autoptr (RillPipeline) pipeline = make_pipeline (dedupe, docs);

  if (!rill_pipeline_run (pipeline, NULL, error))
    return NULL;
  return rill_test_pull_all (pipeline, "out");
}

static GPtrArray *
redelivery_docs (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *t1 = test_make_text (rand, 150);
  g_autofree char *t2 = test_make_text (rand, 150);
  g_autofree char *t1b = test_edit_text (rand, t1, 2);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  g_ptr_array_add (docs, new_doc ("https://a.example/1", t1));
  g_ptr_array_add (docs, new_doc ("https://b.example/1", t1b));
  g_ptr_array_add (docs, new_doc ("https://c.example/1", t2));
  return docs;
}

/* A run redelivered whole (a worker died before its sinks wrote): the new
 * docs are emitted again, the duplicate is again a duplicate of the same
 * doc. */
static void
test_redelivery_element (void)
{
  g_autofree char *url = redis_url ("t:el-redeliver");
  g_autofree char *drop = g_strdup_printf ("dedupe method=minhash state=\"%s\"", url);
  g_autofree char *mark = g_strdup_printf ("dedupe method=minhash mode=mark state=\"%s\"", url);
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GPtrArray) out1 = NULL;
  g_autoptr (GPtrArray) out2 = NULL;
  g_autoptr (GPtrArray) out3 = NULL;
  g_autoptr (GError) error = NULL;

  SKIP_IF_NO_SERVER ();
  docs = redelivery_docs ();
  out1 = run_pipeline (drop, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out1->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (out1->pdata[0], RILL_FIELD_URL), ==, "https://a.example/1");
  g_assert_cmpstr (rill_doc_get_string (out1->pdata[1], RILL_FIELD_URL), ==, "https://c.example/1");

  g_ptr_array_unref (docs);
  docs = redelivery_docs ();
  out2 = run_pipeline (drop, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out2->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (out2->pdata[0], RILL_FIELD_URL), ==, "https://a.example/1");
  g_assert_cmpstr (rill_doc_get_string (out2->pdata[1], RILL_FIELD_URL), ==, "https://c.example/1");

  g_ptr_array_unref (docs);
  docs = redelivery_docs ();
  out3 = run_pipeline (mark, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out3->len, ==, 3);
  g_assert_false (rill_doc_has_field (out3->pdata[0], RILL_FIELD_DUP_OF));
  g_assert_cmpstr (rill_doc_get_string (out3->pdata[1], RILL_FIELD_DUP_OF), ==,
                   "https://a.example/1");
  g_assert_cmpint (rill_doc_get_int (out3->pdata[0], "cluster", 0), ==, 1);
  g_assert_cmpint (rill_doc_get_int (out3->pdata[1], "cluster", 0), ==, 1);
  g_assert_cmpint (rill_doc_get_int (out3->pdata[2], "cluster", 0), ==, 3);
}

static RillDoc *
entry_doc (const char *redis_id,
           const char *text)
{
  RillDoc *doc = rill_doc_new ();

  if (redis_id != NULL)
    rill_doc_set_string (doc, "redis-id", redis_id);
  rill_doc_set_string (doc, RILL_FIELD_TEXT, text);
  return doc;
}

/* Docs without a key field (no url): an exact copy in another stream entry
 * is a duplicate, not a redelivery of the original; the same entry read
 * again (same redis-id) gets its first verdict again; without a redis-id
 * the copy is still a duplicate. */
static void
test_key_without_url (void)
{
  g_autofree char *url = redis_url ("t:el-nokey");
  g_autofree char *drop = g_strdup_printf ("dedupe method=exact state=\"%s\"", url);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *t1 = test_make_text (rand, 120);
  g_autofree char *t2 = test_make_text (rand, 120);
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) out1 = NULL;
  g_autoptr (GPtrArray) out2 = NULL;
  g_autoptr (GError) error = NULL;

  SKIP_IF_NO_SERVER ();
  g_ptr_array_add (docs, entry_doc ("1-0", t1));
  g_ptr_array_add (docs, entry_doc ("2-0", t1));
  g_ptr_array_add (docs, entry_doc (NULL, t1));
  g_ptr_array_add (docs, entry_doc ("3-0", t2));
  out1 = run_pipeline (drop, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out1->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (out1->pdata[0], "redis-id"), ==, "1-0");
  g_assert_cmpstr (rill_doc_get_string (out1->pdata[1], "redis-id"), ==, "3-0");

  /* Entry 1-0 delivered again (its worker died before writing it). */
  g_ptr_array_set_size (docs, 0);
  g_ptr_array_add (docs, entry_doc ("1-0", t1));
  out2 = run_pipeline (drop, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out2->len, ==, 1);
}

typedef struct
{
  RillPipeline *pipeline;
  GError       *error;
  gboolean      ok;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;

  w->ok = rill_pipeline_run (w->pipeline, NULL, &w->error);
  return NULL;
}

/* Two pipelines, run at the same time on two threads, share one index:
 * together they keep each distinct text once, as one pipeline does. */
static void
test_two_pipelines (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (9);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) half0 = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) half1 = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  GPtrArray *half[2] = { half0, half1 };
  g_autoptr (GPtrArray) one = NULL;
  g_autoptr (GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *url = redis_url ("t:two-pipelines");
  g_autofree char *line = g_strdup_printf ("dedupe method=exact state=\"%s\"", url);
  g_autoptr (GError) error = NULL;
  Worker w[2] = { { 0 } };
  GThread *th[2];
  guint n_kept = 0;

  SKIP_IF_NO_SERVER ();
  for (guint i = 0; i < 60; i++)
    g_ptr_array_add (texts, test_make_text (rand, 60));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *u = g_strdup_printf ("https://site%u.example/%u", i % 7, i);
      const char *t = texts->pdata[g_rand_int_range (rand, 0, texts->len)];

      g_ptr_array_add (all, new_doc (u, t));
      g_ptr_array_add (half[i % 2], new_doc (u, t));
    }

  one = run_pipeline ("dedupe method=exact", all, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    w[i].pipeline = make_pipeline (line, half[i]);
  for (guint i = 0; i < 2; i++)
    th[i] = g_thread_new ("worker", worker_run, &w[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GPtrArray) out = NULL;

      g_thread_join (th[i]);
      g_assert_no_error (w[i].error);
      g_assert_true (w[i].ok);
      out = rill_test_pull_all (w[i].pipeline, "out");
      for (guint j = 0; j < out->len; j++)
        {
          const char *t = rill_doc_get_string (out->pdata[j], RILL_FIELD_TEXT);

          g_assert_true (g_hash_table_add (kept, (gpointer) g_intern_string (t)));
          n_kept++;
        }
      g_object_unref (w[i].pipeline);
    }
  g_assert_cmpuint (n_kept, ==, one->len);
  for (guint j = 0; j < one->len; j++)
    g_assert_true (g_hash_table_contains (kept, rill_doc_get_string (one->pdata[j],
                                                                     RILL_FIELD_TEXT)));
}

static void
test_down_at_start (void)
{
  guint port = free_port ();
  g_autofree char *line = g_strdup_printf ("dedupe state=redis://127.0.0.1:%u/0", port);
  g_autofree char *addr = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr (GPtrArray) docs = redelivery_docs ();
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GError) error = NULL;

  if (!rill_dedupe_redis_is_supported ())
    {
      g_test_skip ("dedupe was built without Redis support");
      return;
    }
  out = run_pipeline (line, docs, &error);
  g_assert_null (out);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, addr));
  g_assert_nonnull (strstr (error->message, "connect"));
}

/* The element's start with other parameters than the stored ones. */
static void
test_mismatch_element (void)
{
  g_autofree char *url = redis_url ("t:el-mismatch");
  g_autofree char *a = g_strdup_printf ("dedupe method=simhash state=\"%s\"", url);
  g_autofree char *b = g_strdup_printf ("dedupe method=simhash simhash-distance=5 state=\"%s\"", url);
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GError) error = NULL;

  SKIP_IF_NO_SERVER ();
  docs = redelivery_docs ();
  out = run_pipeline (a, docs, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, g_ptr_array_unref);
  g_ptr_array_unref (docs);
  docs = redelivery_docs ();
  out = run_pipeline (b, docs, &error);
  g_assert_null (out);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "k=9"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

#ifdef RILL_DEDUPE_HAVE_REDIS
/* How many scripts the server has run so far (EVALSHA, and EVAL after
 * NOSCRIPT), from INFO commandstats. */
static guint64
script_calls (void)
{
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%u/0", server_port);
  g_autoptr (RillRedis) r = rill_redis_new (url, NULL);
  g_autoptr (RillRedisReply) reply = NULL;
  g_autoptr (GError) error = NULL;
  static const char *names[] = { "cmdstat_evalsha:calls=", "cmdstat_eval:calls=" };
  guint64 n = 0;

  g_assert_nonnull (r);
  g_assert_true (rill_redis_connect (r, NULL, &error));
  reply = rill_redis_command (r, NULL, &error, "INFO commandstats");
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_nonnull (reply->str);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *s = strstr (reply->str, names[i]);

      if (s)
        n += g_ascii_strtoull (s + strlen (names[i]), NULL, 10);
    }
  return n;
}

/* @n docs on five hosts: texts of make_corpus(), about half of them with
 * their host's menu paragraph (for boilerplate-pages), dates on about
 * half. */
static GPtrArray *
batch_docs (guint n)
{
  g_autoptr (Corpus) c = make_corpus (21, n);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://site%u.example/story/%u", i % 5, i);
      g_autofree char *text = NULL;
      gint64 date = g_array_index (c->dates, gint64, i);
      RillDoc *doc;

      if (i % 2)
        text = g_strdup_printf ("%s\n\nHome | World | Sport | Weather | Site %u\n",
                                (const char *) c->texts->pdata[i], i % 5);
      else
        text = g_strdup (c->texts->pdata[i]);
      doc = new_doc (url, text);
      if (date != RILL_DEDUPE_NO_DATE)
        {
          g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (date);

          rill_doc_take_string (doc, RILL_FIELD_DATE, g_date_time_format_iso8601 (dt));
        }
      g_ptr_array_add (docs, doc);
    }
  return docs;
}

/* A pipeline with state=redis:// checks its docs a batch per script call,
 * and marks them exactly as the in-memory index does: same cluster,
 * dup-of, dup-score, and the same boilerplate stripped. */
static void
test_element_batches (void)
{
  static const char *methods[] = { "exact", "simhash", "minhash" };
  const guint n = 300;

  SKIP_IF_NO_SERVER ();
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *prefix = g_strdup_printf ("t:el-batch-%s", methods[m]);
      g_autofree char *url = redis_url (prefix);
      g_autofree char *local_line = g_strdup_printf ("dedupe method=%s mode=mark "
                                                     "boilerplate-pages=3", methods[m]);
      g_autofree char *redis_line = g_strdup_printf ("%s state=\"%s\"", local_line, url);
      g_autoptr (GPtrArray) docs = NULL;
      g_autoptr (GPtrArray) local = NULL;
      g_autoptr (GPtrArray) out = NULL;
      g_autoptr (GError) error = NULL;
      guint64 before, calls;
      guint n_dups = 0, n_stripped = 0;

      docs = batch_docs (n);
      local = run_pipeline (local_line, docs, &error);
      g_assert_no_error (error);
      g_ptr_array_unref (docs);

      docs = batch_docs (n);
      before = script_calls ();
      out = run_pipeline (redis_line, docs, &error);
      g_assert_no_error (error);
      calls = script_calls () - before;
      g_test_message ("%s: %u docs, %" G_GUINT64_FORMAT " script calls",
                      methods[m], n, calls);
      g_assert_cmpuint (calls, >=, 1);
      g_assert_cmpuint (calls, <=, n / 10);

      g_assert_cmpuint (out->len, ==, n);
      g_assert_cmpuint (local->len, ==, n);
      for (guint i = 0; i < n; i++)
        {
          RillDoc *a = local->pdata[i], *b = out->pdata[i];

          g_assert_cmpstr (rill_doc_get_string (a, RILL_FIELD_URL), ==,
                           rill_doc_get_string (b, RILL_FIELD_URL));
          g_assert_cmpstr (rill_doc_get_string (a, RILL_FIELD_TEXT), ==,
                           rill_doc_get_string (b, RILL_FIELD_TEXT));
          g_assert_cmpstr (rill_doc_get_string (a, RILL_FIELD_DUP_OF), ==,
                           rill_doc_get_string (b, RILL_FIELD_DUP_OF));
          g_assert_cmpint (rill_doc_get_int (a, "cluster", -1), ==,
                           rill_doc_get_int (b, "cluster", -2));
          g_assert_cmpfloat (rill_doc_get_double (a, "dup-score", -1.0), ==,
                             rill_doc_get_double (b, "dup-score", -1.0));
          n_dups += rill_doc_has_field (a, "dup-score");
          n_stripped += strstr (rill_doc_get_string (a, RILL_FIELD_TEXT), "| Weather |") == NULL
                        && i % 2;
        }
      g_test_message ("%s: %u marked as copies, %u menus stripped", methods[m],
                      n_dups, n_stripped);
      g_assert_cmpuint (n_dups, >=, n / 8);
      g_assert_cmpuint (n_stripped, >=, n / 4);
    }
}
/* transform checks that it is handed the doc prepare_batch said comes
 * next: a doc that was not prepared is checked alone, and what is left of
 * the batch is checked again doc by doc (its keys get their recorded
 * verdicts), so the verdicts stay right. */
static void
test_element_unprepared (void)
{
  g_autofree char *url = redis_url ("t:el-unprepared");
  g_autoptr (GRand) rand = g_rand_new_with_seed (13);
  g_autofree char *t1 = test_make_text (rand, 80);
  g_autofree char *t2 = test_make_text (rand, 80);
  g_autoptr (RillElement) e = NULL;
  g_autoptr (RillDoc) a = NULL;
  g_autoptr (RillDoc) b = NULL;
  g_autoptr (RillDoc) c = NULL;
  g_autoptr (RillDoc) d = NULL;
  g_autoptr (GError) error = NULL;
  RillTransformClass *klass;
  RillDoc *batch[3];
  RillDoc *out;
  guint64 before;

  SKIP_IF_NO_SERVER ();
  e = rill_element_factory_make ("dedupe", "d", &error);
  g_assert_no_error (error);
  g_object_set (e, "method", RILL_DEDUPE_METHOD_EXACT, "mode", 1 /* mark */,
                "state", url, NULL);
  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->start (e, &error));
  g_assert_no_error (error);
  klass = RILL_TRANSFORM_GET_CLASS (e);
  g_assert_nonnull (klass->prepare_batch);

  a = new_doc ("https://a.example/1", t1);
  b = new_doc ("https://b.example/1", t1);
  c = new_doc ("https://c.example/1", t2);
  d = new_doc ("https://d.example/1", t1);
  batch[0] = a;
  batch[1] = b;
  batch[2] = c;

  before = script_calls ();
  klass->prepare_batch (RILL_TRANSFORM (e), batch, 3);
  g_assert_cmpuint (script_calls () - before, ==, 1);

  out = klass->transform (RILL_TRANSFORM (e), a, &error);
  g_assert_no_error (error);
  g_assert_true (out == a);
  rill_doc_unref (out);
  g_assert_cmpint (rill_doc_get_int (a, "cluster", 0), ==, 1);
  g_assert_false (rill_doc_has_field (a, RILL_FIELD_DUP_OF));
  g_assert_cmpuint (script_calls () - before, ==, 1);

  /* not the doc that was prepared next */
  out = klass->transform (RILL_TRANSFORM (e), d, &error);
  g_assert_no_error (error);
  rill_doc_unref (out);
  g_assert_cmpuint (script_calls () - before, ==, 2);
  g_assert_cmpint (rill_doc_get_int (d, "cluster", 0), ==, 1);
  g_assert_cmpstr (rill_doc_get_string (d, RILL_FIELD_DUP_OF), ==, "https://a.example/1");

  /* the rest of the batch, each checked alone: the verdicts recorded by
   * the batch call */
  out = klass->transform (RILL_TRANSFORM (e), b, &error);
  g_assert_no_error (error);
  rill_doc_unref (out);
  out = klass->transform (RILL_TRANSFORM (e), c, &error);
  g_assert_no_error (error);
  rill_doc_unref (out);
  g_assert_cmpuint (script_calls () - before, ==, 4);
  g_assert_cmpint (rill_doc_get_int (b, "cluster", 0), ==, 1);
  g_assert_cmpstr (rill_doc_get_string (b, RILL_FIELD_DUP_OF), ==, "https://a.example/1");
  g_assert_cmpint (rill_doc_get_int (c, "cluster", 0), ==, 3);
  g_assert_false (rill_doc_has_field (c, RILL_FIELD_DUP_OF));

  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->stop (e, &error));
  g_assert_no_error (error);
}
static void
redis_config_set (const char *name,
                  const char *value)
{
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%u/0", server_port);
  g_autoptr (RillRedis) r = rill_redis_new (url, NULL);
  g_autoptr (RillRedisReply) reply = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (r);
  g_assert_true (rill_redis_connect (r, NULL, &error));
  reply = rill_redis_command (r, NULL, &error, "CONFIG SET %s %s", name, value);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

/* A batch whose script call fails (a full Redis refuses the writes):
 * every doc of the batch that had something to check fails with the
 * error, naming its URL; a doc without the field passes; the next batch
 * goes through. */
static void
test_element_batch_fails (void)
{
  g_autofree char *url = redis_url ("t:el-batch-fails");
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  g_autofree char *t1 = test_make_text (rand, 80);
  g_autofree char *t2 = test_make_text (rand, 80);
  g_autoptr (RillElement) e = NULL;
  g_autoptr (RillDoc) a = NULL;
  g_autoptr (RillDoc) b = NULL;
  g_autoptr (RillDoc) c = NULL;
  g_autoptr (RillDoc) d = NULL;
  g_autoptr (GError) error = NULL;
  RillTransformClass *klass;
  RillDoc *batch[3];
  RillDoc *out;
  guint64 before;

  SKIP_IF_NO_SERVER ();
  e = rill_element_factory_make ("dedupe", "d", &error);
  g_assert_no_error (error);
  g_object_set (e, "method", RILL_DEDUPE_METHOD_MINHASH, "state", url, NULL);
  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->start (e, &error));
  g_assert_no_error (error);
  klass = RILL_TRANSFORM_GET_CLASS (e);

  a = new_doc ("https://a.example/1", t1);
  b = new_doc ("https://b.example/1", t2);
  c = rill_doc_new ();
  rill_doc_set_string (c, RILL_FIELD_URL, "https://c.example/1");
  d = new_doc ("https://d.example/1", t1);
  batch[0] = a;
  batch[1] = c;
  batch[2] = b;

  before = script_calls ();
  redis_config_set ("maxmemory", "1");
  klass->prepare_batch (RILL_TRANSFORM (e), batch, 3);
  redis_config_set ("maxmemory", "0");
  g_assert_cmpuint (script_calls () - before, ==, 1);

  out = klass->transform (RILL_TRANSFORM (e), a, &error);
  g_assert_null (out);
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "https://a.example/1"));
  g_assert_nonnull (strstr (error->message, "OOM"));
  g_clear_error (&error);

  out = klass->transform (RILL_TRANSFORM (e), c, &error);
  g_assert_no_error (error);
  g_assert_true (out == c);
  rill_doc_unref (out);

  out = klass->transform (RILL_TRANSFORM (e), b, &error);
  g_assert_null (out);
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "https://b.example/1"));
  g_clear_error (&error);
  g_assert_cmpuint (script_calls () - before, ==, 1);

  /* nothing of the failed batch was stored: d is new */
  batch[0] = d;
  klass->prepare_batch (RILL_TRANSFORM (e), batch, 1);
  out = klass->transform (RILL_TRANSFORM (e), d, &error);
  g_assert_no_error (error);
  g_assert_true (out == d);
  rill_doc_unref (out);

  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->stop (e, &error));
  g_assert_no_error (error);
}
/* A batch larger than the per-call cap (256 docs) is checked in calls of
 * at most 256 docs, in order: the same marks as the in-memory index. */
static void
test_element_big_batch (void)
{
  g_autofree char *url = redis_url ("t:el-big-batch");
  const char *line = "dedupe method=minhash mode=mark boilerplate-pages=3";
  const guint n = 600;
  g_autoptr (GPtrArray) local = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (RillElement) e = NULL;
  g_autoptr (GError) error = NULL;
  RillTransformClass *klass;
  guint64 before;

  SKIP_IF_NO_SERVER ();
  docs = batch_docs (n);
  local = run_pipeline (line, docs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (local->len, ==, n);
  g_ptr_array_unref (docs);

  e = rill_element_factory_make ("dedupe", "d", &error);
  g_assert_no_error (error);
  g_object_set (e, "mode", 1 /* mark */, "boilerplate-pages", 3, "state", url, NULL);
  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->start (e, &error));
  g_assert_no_error (error);
  klass = RILL_TRANSFORM_GET_CLASS (e);

  docs = batch_docs (n);
  before = script_calls ();
  klass->prepare_batch (RILL_TRANSFORM (e), (RillDoc **) docs->pdata, n);
  g_assert_cmpuint (script_calls () - before, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      RillDoc *a = local->pdata[i], *b = docs->pdata[i];
      RillDoc *out = klass->transform (RILL_TRANSFORM (e), b, &error);

      g_assert_no_error (error);
      g_assert_true (out == b);
      rill_doc_unref (out);
      g_assert_cmpstr (rill_doc_get_string (a, RILL_FIELD_TEXT), ==,
                       rill_doc_get_string (b, RILL_FIELD_TEXT));
      g_assert_cmpstr (rill_doc_get_string (a, RILL_FIELD_DUP_OF), ==,
                       rill_doc_get_string (b, RILL_FIELD_DUP_OF));
      g_assert_cmpint (rill_doc_get_int (a, "cluster", -1), ==,
                       rill_doc_get_int (b, "cluster", -2));
      g_assert_cmpfloat (rill_doc_get_double (a, "dup-score", -1.0), ==,
                         rill_doc_get_double (b, "dup-score", -1.0));
    }
  g_assert_cmpuint (script_calls () - before, ==, 3);
  g_assert_true (RILL_ELEMENT_GET_CLASS (e)->stop (e, &error));
  g_assert_no_error (error);
}
#endif

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server_start ();

  g_test_add_func ("/dedupe/redis/same-as-local/exact", test_same_as_local_exact);
  g_test_add_func ("/dedupe/redis/same-as-local/simhash", test_same_as_local_simhash);
  g_test_add_func ("/dedupe/redis/same-as-local/minhash", test_same_as_local_minhash);
  g_test_add_func ("/dedupe/redis/two-workers-alternating", test_two_workers_alternating);
  g_test_add_func ("/dedupe/redis/redelivery-index", test_redelivery_index);
#ifdef RILL_DEDUPE_HAVE_REDIS
  g_test_add_func ("/dedupe/redis/noscript", test_noscript);
  g_test_add_func ("/dedupe/redis/restart", test_restart);
  g_test_add_func ("/dedupe/redis/element-batches", test_element_batches);
  g_test_add_func ("/dedupe/redis/element-unprepared", test_element_unprepared);
  g_test_add_func ("/dedupe/redis/element-batch-fails", test_element_batch_fails);
  g_test_add_func ("/dedupe/redis/element-big-batch", test_element_big_batch);
#endif
  g_test_add_func ("/dedupe/redis/param-mismatch", test_param_mismatch);
  g_test_add_func ("/dedupe/redis/redelivery-element", test_redelivery_element);
  g_test_add_func ("/dedupe/redis/key-without-url", test_key_without_url);
  g_test_add_func ("/dedupe/redis/two-pipelines", test_two_pipelines);
  g_test_add_func ("/dedupe/redis/mismatch-element", test_mismatch_element);
  g_test_add_func ("/dedupe/redis/down-at-start", test_down_at_start);

  ret = g_test_run ();
  server_stop ();
  return ret;
}
