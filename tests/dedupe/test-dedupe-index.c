/* test-dedupe-index.c: the exact, simhash and minhash engines and their
 * SQLite state.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rill-dedupe-index.h"
#include "rill-dedupe-tokens.h"
#include "test-dedupe-common.h"

typedef struct
{
  GPtrArray *texts;
  GArray    *truth;             /* guint: index of the original */
  GArray    *near;              /* gboolean: a near (not exact) copy */
} Corpus;

static void
corpus_free (Corpus *c)
{
  g_ptr_array_unref (c->texts);
  g_array_unref (c->truth);
  g_array_unref (c->near);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Corpus, corpus_free)

/* 60 originals, then for each of the first 30: an exact copy, a copy with
 * different case/punctuation/spacing, and a near copy (3 words edited,
 * some text appended). */
static Corpus *
make_corpus (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  Corpus *c = g_new0 (Corpus, 1);

  c->texts = g_ptr_array_new_with_free_func (g_free);
  c->truth = g_array_new (FALSE, FALSE, sizeof (guint));
  c->near = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (guint i = 0; i < 60; i++)
    {
      gboolean f = FALSE;

      g_ptr_array_add (c->texts, test_make_text (rand, 300));
      g_array_append_val (c->truth, i);
      g_array_append_val (c->near, f);
    }
  for (guint i = 0; i < 30; i++)
    {
      const char *orig = c->texts->pdata[i];
      g_autofree char *edited = test_edit_text (rand, orig, 3);
      g_autofree char *upper = g_ascii_strup (orig, -1);
      gboolean f = FALSE, t = TRUE;

      g_ptr_array_add (c->texts, g_strdup (orig));
      g_array_append_val (c->truth, i);
      g_array_append_val (c->near, f);
      g_ptr_array_add (c->texts, g_strdup_printf ("  %s!!  ", upper));
      g_array_append_val (c->truth, i);
      g_array_append_val (c->near, f);
      g_ptr_array_add (c->texts, g_strconcat (edited, "\n\nShare this story.", NULL));
      g_array_append_val (c->truth, i);
      g_array_append_val (c->near, t);
    }
  return c;
}

static void
check_method (RillDedupeMethod method, gboolean expect_near)
{
  g_autoptr (Corpus) c = make_corpus ();
  g_autoptr (GError) error = NULL;
  g_autoptr (RillDedupeIndex) index = NULL;
  RillDedupeParams params;

  rill_dedupe_params_init (&params, method);
  params.simhash_distance = 9;
  index = rill_dedupe_index_new (&params, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < c->texts->len; i++)
    {
      RillDedupeResult r;
      guint truth = g_array_index (c->truth, guint, i);

      g_assert_true (rill_dedupe_index_check_and_add (index, c->texts->pdata[i], -1,
                                                      1000 + i, NULL,
                                                      RILL_DEDUPE_NO_DATE, &r,
                                                      &error));
      g_assert_no_error (error);
      if (truth == i)
        {
          g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_NEW);
          g_assert_cmpuint (r.cluster, ==, 1000 + i);
        }
      else if (!g_array_index (c->near, gboolean, i) || expect_near)
        {
          g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_DUPLICATE);
          g_assert_cmpuint (r.dup_of, ==, 1000 + truth);
          g_assert_cmpuint (r.cluster, ==, 1000 + truth);
        }
      else
        g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_NEW);
    }
  g_assert_cmpuint (rill_dedupe_index_get_n_docs (index), ==, c->texts->len);
}

static void
test_exact (void)
{
  check_method (RILL_DEDUPE_METHOD_EXACT, FALSE);
}

static void
test_simhash (void)
{
  check_method (RILL_DEDUPE_METHOD_SIMHASH, TRUE);
}

static void
test_minhash (void)
{
  check_method (RILL_DEDUPE_METHOD_MINHASH, TRUE);
}

static void
test_tokens (void)
{
  RillTokens a, b;

  rill_tokens_init (&a);
  rill_tokens_init (&b);
  rill_tokens_scan (&a, "  \xc2\xab" "Café\xc2\xa0" "déjà—VU\xc2\xbb, 42!  ", -1, TRUE);
  g_assert_cmpstr (a.norm->str, ==, "cafe deja vu 42");
  rill_tokens_scan (&b, "CAFE\xcc\x81 deja\xcc\x80\n\nvu \"42\"", -1, TRUE);
  g_assert_cmpstr (b.norm->str, ==, "cafe deja vu 42");
  g_assert_cmpuint (a.n_words, ==, 4);
  g_assert_cmpmem (a.words, a.n_words * 8, b.words, b.n_words * 8);
  rill_tokens_scan (&a, "Ёлка ПРИВЕТ", -1, TRUE);
  g_assert_cmpstr (a.norm->str, ==, "елка привет");
  rill_tokens_scan (&a, "", 0, TRUE);
  g_assert_cmpuint (a.n_words, ==, 0);
  rill_tokens_scan (&a, "bad \xff\xfe utf8", -1, TRUE);
  g_assert_cmpstr (a.norm->str, ==, "bad utf8");
  rill_tokens_clear (&a);
  rill_tokens_clear (&b);
}

/* Two indexes fed the same docs give the same verdicts. */
static void
test_determinism (void)
{
  g_autoptr (Corpus) c = make_corpus ();

  for (RillDedupeMethod m = RILL_DEDUPE_METHOD_EXACT; m <= RILL_DEDUPE_METHOD_MINHASH; m++)
    {
      g_autoptr (RillDedupeIndex) a = NULL;
      g_autoptr (RillDedupeIndex) b = NULL;
      RillDedupeParams params;

      rill_dedupe_params_init (&params, m);
      a = rill_dedupe_index_new (&params, NULL, NULL);
      b = rill_dedupe_index_new (&params, NULL, NULL);
      for (guint i = 0; i < c->texts->len; i++)
        {
          RillDedupeResult ra, rb;

          rill_dedupe_index_check_and_add (a, c->texts->pdata[i], -1, i, NULL,
                                           RILL_DEDUPE_NO_DATE, &ra, NULL);
          rill_dedupe_index_check_and_add (b, c->texts->pdata[i], -1, i, NULL,
                                           RILL_DEDUPE_NO_DATE, &rb, NULL);
          g_assert_cmpint (ra.verdict, ==, rb.verdict);
          g_assert_cmpuint (ra.cluster, ==, rb.cluster);
          g_assert_cmpuint (ra.dup_of, ==, rb.dup_of);
          g_assert_cmpfloat (ra.score, ==, rb.score);
        }
    }
}

static void
test_lookup_and_dates (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *t = test_make_text (rand, 200);
  g_autoptr (RillDedupeIndex) index = NULL;
  RillDedupeParams params;
  RillDedupeResult r;

  rill_dedupe_params_init (&params, RILL_DEDUPE_METHOD_EXACT);
  index = rill_dedupe_index_new (&params, NULL, NULL);
  rill_dedupe_index_lookup (index, t, -1, &r);
  g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_NEW);
  g_assert_cmpuint (rill_dedupe_index_get_n_docs (index), ==, 0);

  /* first seen dated 300, then 200 (earlier), then 250 */
  rill_dedupe_index_check_and_add (index, t, -1, 1, NULL, 300, &r, NULL);
  g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_NEW);
  rill_dedupe_index_check_and_add (index, t, -1, 2, NULL, 200, &r, NULL);
  g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_DUPLICATE);
  g_assert_cmpuint (r.dup_of, ==, 1);
  g_assert_cmpuint (r.cluster, ==, 1);
  rill_dedupe_index_check_and_add (index, t, -1, 3, NULL, 250, &r, NULL);
  g_assert_cmpuint (r.dup_of, ==, 2);   /* the earliest published so far */
  g_assert_cmpuint (r.cluster, ==, 1);
  rill_dedupe_index_lookup (index, t, -1, &r);
  g_assert_cmpint (r.verdict, ==, RILL_DEDUPE_DUPLICATE);
  g_assert_cmpuint (rill_dedupe_index_get_n_docs (index), ==, 3);
}

static void
test_invalid_params (void)
{
  g_autoptr (GError) error = NULL;
  RillDedupeParams params;
  RillDedupeIndex *index;

  rill_dedupe_params_init (&params, RILL_DEDUPE_METHOD_MINHASH);
  params.minhash_bands = 100;
  index = rill_dedupe_index_new (&params, NULL, &error);
  g_assert_null (index);
  g_assert_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_INVALID);
}

/* Feeds docs [from, to) of @c with keys "doc-N"; emits NEW docs into an
 * `emitted` table of the state database in the same transaction as their
 * index rows. Returns how many were emitted. */
static guint
run_with_state (Corpus *c, const char *path, guint from, guint to,
                gint kill_after)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RillDedupeIndex) index = NULL;
  RillDedupeParams params;
  guint emitted = 0;

  rill_dedupe_params_init (&params, RILL_DEDUPE_METHOD_MINHASH);
  index = rill_dedupe_index_new (&params, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (rill_dedupe_index_get_db (index),
                                 "CREATE TABLE IF NOT EXISTS emitted (key TEXT)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = from; i < to; i++)
    {
      g_autofree char *key = g_strdup_printf ("doc-%u", i);
      g_autofree char *sql = NULL;
      RillDedupeResult r;

      g_assert_true (rill_dedupe_index_check_and_add (index, c->texts->pdata[i], -1,
                                                      i, key, RILL_DEDUPE_NO_DATE,
                                                      &r, &error));
      if (kill_after >= 0 && i == (guint) kill_after)
        raise (SIGKILL);      /* recorded, emitted, not committed */
      if (r.verdict == RILL_DEDUPE_NEW)
        {
          sql = g_strdup_printf ("INSERT INTO emitted VALUES ('%s')", key);
          g_assert_cmpint (sqlite3_exec (rill_dedupe_index_get_db (index), sql,
                                         NULL, NULL, NULL), ==, SQLITE_OK);
          emitted++;
        }
      g_assert_true (rill_dedupe_index_commit (index, &error));
    }
  return emitted;
}

static guint
count_rows (const char *path, const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *st;
  guint n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return n;
}

static void
test_persistence (void)
{
  g_autoptr (Corpus) c = make_corpus ();
  g_autofree char *dir = g_dir_make_tmp ("rill-dedupe-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  guint n1, n2, n_again;

  /* run 1: originals 0..59 and the first copies; run 2: the rest */
  n1 = run_with_state (c, path, 0, 80, -1);
  g_assert_cmpuint (n1, ==, 60);
  n2 = run_with_state (c, path, 80, c->texts->len, -1);
  g_assert_cmpuint (n2, ==, 0);        /* copies of docs of run 1 */
  /* run 3 replays everything: every key is SEEN, nothing emitted */
  n_again = run_with_state (c, path, 0, c->texts->len, -1);
  g_assert_cmpuint (n_again, ==, 0);
  g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM docs"), ==, c->texts->len);

  /* another method on the same file is refused */
  {
    g_autoptr (GError) error = NULL;
    RillDedupeParams params;
    RillDedupeIndex *index;

    rill_dedupe_params_init (&params, RILL_DEDUPE_METHOD_EXACT);
    index = rill_dedupe_index_new (&params, path, &error);
    g_assert_null (index);
    g_assert_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_MISMATCH);
  }
  g_unlink (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* A run killed with SIGKILL, then restarted over the same input: every
 * original is emitted exactly once. */
static void
test_crash_restart (void)
{
  g_autoptr (Corpus) c = make_corpus ();
  g_autofree char *dir = g_dir_make_tmp ("rill-dedupe-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  guint kill_points[] = { 0, 17, 59, 75 };

  for (guint k = 0; k < G_N_ELEMENTS (kill_points); k++)
    {
      pid_t pid = fork ();
      int status;

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          run_with_state (c, path, 0, c->texts->len, kill_points[k]);
          _exit (0);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
    }
  run_with_state (c, path, 0, c->texts->len, -1);
  g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM emitted"), ==, 60);
  g_assert_cmpuint (count_rows (path, "SELECT count(DISTINCT key) FROM emitted"), ==, 60);
  g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM emitted WHERE"
                                " CAST(substr(key, 5) AS INTEGER) >= 60"), ==, 0);
  g_assert_cmpuint (count_rows (path, "SELECT count(*) FROM docs"), ==, c->texts->len);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dedupe/tokens", test_tokens);
  g_test_add_func ("/dedupe/exact", test_exact);
  g_test_add_func ("/dedupe/simhash", test_simhash);
  g_test_add_func ("/dedupe/minhash", test_minhash);
  g_test_add_func ("/dedupe/determinism", test_determinism);
  g_test_add_func ("/dedupe/lookup-and-dates", test_lookup_and_dates);
  g_test_add_func ("/dedupe/invalid-params", test_invalid_params);
  g_test_add_func ("/dedupe/persistence", test_persistence);
  g_test_add_func ("/dedupe/crash-restart", test_crash_restart);
  return g_test_run ();
}
