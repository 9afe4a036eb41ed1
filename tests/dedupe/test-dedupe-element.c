/* test-dedupe-element.c: the `dedupe` element through pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* A deterministic pseudo-text of @n_words words, seeded by @seed. */
static char *
make_text (guint32 seed,
           guint   n_words)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      guint len = g_rand_int_range (rand, 3, 9);

      if (i > 0)
        g_string_append_c (s, i % 12 == 0 ? '\n' : ' ');
      for (guint j = 0; j < len; j++)
        g_string_append_c (s, 'a' + g_rand_int_range (rand, 0, 26));
      if (i % 12 == 11)
        g_string_append_c (s, '.');
    }
  return g_string_free (s, FALSE);
}

static RillDoc *
new_doc (const char *url,
         const char *text,
         const char *date)
{
  RillDoc *doc = rill_doc_new ();

  if (url)
    rill_doc_set_string (doc, RILL_FIELD_URL, url);
  if (text)
    rill_doc_set_string (doc, RILL_FIELD_TEXT, text);
  if (date)
    rill_doc_set_string (doc, RILL_FIELD_DATE, date);
  return doc;
}

/* Runs "app-src name=in ! @middle ! app-sink name=out" over @docs. */
static GPtrArray *
run_docs (const char    *middle,
          GPtrArray     *docs,
          guint          threads,
          RillPipeline **out_pipeline,
          GError       **error)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! %s ! app-sink name=out",
                                           middle);
  g_autoptr (RillPipeline) pipeline = rill_test_parse (line);
  RillElement *src = rill_pipeline_get_by_name (pipeline, "in");
  GPtrArray *out;

  if (threads)
    rill_pipeline_set_threads (pipeline, threads);
  for (guint i = 0; i < docs->len; i++)
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (src), docs->pdata[i]));
  rill_app_src_end_of_stream (RILL_APP_SRC (src));
  if (!rill_pipeline_run (pipeline, NULL, error))
    return NULL;
  out = rill_test_pull_all (pipeline, "out");
  if (out_pipeline)
    *out_pipeline = g_steal_pointer (&pipeline);
  return out;
}

static GPtrArray *
run_ok (const char    *middle,
        GPtrArray     *docs,
        RillPipeline **out_pipeline)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *out = run_docs (middle, docs, 0, out_pipeline, &error);

  g_assert_no_error (error);
  return out;
}

static const char *
url_of (GPtrArray *docs,
        guint      i)
{
  return rill_doc_get_string (docs->pdata[i], RILL_FIELD_URL);
}

static char *
joined_urls (GPtrArray *docs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < docs->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", url_of (docs, i));
  return g_string_free (s, FALSE);
}

/* Labelled set: 12 originals "o<i>", then for each original a copy that
 * differs only in formatting ("f<i>"), one with 2 words of 150 changed
 * ("n<i>") and one wrapped in another site's menus and footer ("w<i>"). */
static GPtrArray *
labelled_set (void)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://o.example/o%u", i);
      g_autofree char *text = make_text (i + 1, 150);

      g_ptr_array_add (docs, new_doc (url, text, NULL));
    }
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *text = make_text (i + 1, 150);
      g_autofree char *upper = g_utf8_strup (text, -1);
      g_autofree char *formatted = g_strconcat ("\xc2\xab", upper, "!\xc2\xbb", NULL);
      g_autofree char *near = g_strdup (text);
      g_autofree char *menu = make_text (1000 + i, 70);
      g_autofree char *footer = make_text (2000 + i, 60);
      g_autofree char *wrapped = g_strconcat (menu, "\n\n", text, "\n\n", footer, NULL);
      char *p;
      g_autofree char *fu = g_strdup_printf ("https://f.example/f%u", i);
      g_autofree char *nu = g_strdup_printf ("https://n.example/n%u", i);
      g_autofree char *wu = g_strdup_printf ("https://w.example/w%u", i);

      /* change two words in the middle */
      p = near + strlen (near) / 3;
      while (*p != ' ')
        p++;
      p[1] = p[1] == 'z' ? 'y' : 'z';
      p = near + 2 * strlen (near) / 3;
      while (*p != ' ')
        p++;
      p[2] = p[2] == 'q' ? 'r' : 'q';

      g_ptr_array_add (docs, new_doc (fu, formatted, NULL));
      g_ptr_array_add (docs, new_doc (nu, near, NULL));
      g_ptr_array_add (docs, new_doc (wu, wrapped, NULL));
    }
  return docs;
}

static guint
count_prefix (GPtrArray  *docs,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < docs->len; i++)
    if (g_str_has_prefix (url_of (docs, i), prefix))
      n++;
  return n;
}

static void
check_method (const char *method,
              guint       kept_f,
              guint       kept_n,
              guint       kept_w)
{
  g_autoptr (GPtrArray) docs = labelled_set ();
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *middle = g_strdup_printf ("dedupe name=d method=%s", method);

  out = run_ok (middle, docs, &pipeline);
  g_test_message ("%s: o %u f %u n %u w %u", method,
                  count_prefix (out, "https://o."), count_prefix (out, "https://f."),
                  count_prefix (out, "https://n."), count_prefix (out, "https://w."));
  /* every distinct doc is kept */
  g_assert_cmpuint (count_prefix (out, "https://o."), ==, 12);
  g_assert_cmpuint (count_prefix (out, "https://f."), ==, kept_f);
  g_assert_cmpuint (count_prefix (out, "https://n."), ==, kept_n);
  if (kept_w != G_MAXUINT)
    g_assert_cmpuint (count_prefix (out, "https://w."), ==, kept_w);
  g_assert_cmpint (rill_test_stat (pipeline, "d", "duplicate"), ==, 48 - out->len);
}

static void
test_method_exact (void)
{
  check_method ("exact", 0, 12, 12);
}

static void
test_method_simhash (void)
{
  /* copies wrapped in 130 foreign words move the hash by about as much
   * as a different text: some are found, some not */
  check_method ("simhash", 0, 0, G_MAXUINT);
}

static void
test_method_minhash (void)
{
  check_method ("minhash", 0, 0, 0);
}

static void
test_mark (void)
{
  g_autoptr (GPtrArray) docs = labelled_set ();
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;

  out = run_ok ("dedupe name=d mode=mark", docs, &pipeline);
  g_assert_cmpuint (out->len, ==, 48);
  g_assert_cmpint (rill_test_stat (pipeline, "d", "duplicate"), ==, 0);
  for (guint i = 0; i < 12; i++)
    {
      RillDoc *orig = out->pdata[i];

      g_assert_false (rill_doc_has_field (orig, RILL_FIELD_DUP_OF));
      g_assert_cmpint (rill_doc_get_int (orig, "cluster", -1), ==, i + 1);
      for (guint k = 0; k < 3; k++)
        {
          RillDoc *copy = out->pdata[12 + 3 * i + k];

          g_assert_cmpstr (rill_doc_get_string (copy, RILL_FIELD_DUP_OF), ==,
                           rill_doc_get_string (orig, RILL_FIELD_URL));
          g_assert_cmpint (rill_doc_get_int (copy, "cluster", -1), ==, i + 1);
          g_assert_cmpfloat (rill_doc_get_double (copy, "dup-score", 0), >=, 0.65);
          g_assert_cmpfloat (rill_doc_get_double (copy, "dup-score", 0), <=, 1.0);
        }
    }
}

static void
test_drop_message (void)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *text = make_text (7, 80);

  g_ptr_array_add (docs, new_doc ("https://a.example/1", text, NULL));
  g_ptr_array_add (docs, new_doc ("https://b.example/1", text, NULL));
  g_ptr_array_add (docs, new_doc ("https://c.example/1", NULL, NULL));
  out = run_ok ("dedupe name=d method=exact", docs, &pipeline);
  /* a doc without the field passes unchecked */
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmpstr (url_of (out, 1), ==, "https://c.example/1");
  g_assert_cmpint (rill_test_stat (pipeline, "d", "duplicate"), ==, 1);
  g_assert_cmpint (rill_test_stat (pipeline, "d", "out"), ==, 2);
}

static void
test_earliest_date (void)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *text = make_text (42, 120);

  /* Five outlets publish one story; the second seen was the first out. */
  g_ptr_array_add (docs, new_doc ("https://a.example/s", text, "2024-05-02T10:00:00Z"));
  g_ptr_array_add (docs, new_doc ("https://b.example/s", text, "2024-05-01T08:00:00+02:00"));
  g_ptr_array_add (docs, new_doc ("https://c.example/s", text, "2024-05-03"));
  g_ptr_array_add (docs, new_doc ("https://d.example/s", text, NULL));
  g_ptr_array_add (docs, new_doc ("https://e.example/s", text, "2024-04-30"));
  g_ptr_array_add (docs, new_doc ("https://f.example/s", text, "2024-05-05"));
  out = run_ok ("dedupe mode=mark method=exact", docs, NULL);
  g_assert_cmpuint (out->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (rill_doc_get_int (out->pdata[i], "cluster", -1), ==, 1);
  g_assert_false (rill_doc_has_field (out->pdata[0], RILL_FIELD_DUP_OF));
  /* b is earlier than every copy seen before it: the original */
  g_assert_false (rill_doc_has_field (out->pdata[1], RILL_FIELD_DUP_OF));
  g_assert_cmpstr (rill_doc_get_string (out->pdata[2], RILL_FIELD_DUP_OF), ==, "https://b.example/s");
  g_assert_cmpstr (rill_doc_get_string (out->pdata[3], RILL_FIELD_DUP_OF), ==, "https://b.example/s");
  g_assert_false (rill_doc_has_field (out->pdata[4], RILL_FIELD_DUP_OF));
  g_assert_cmpstr (rill_doc_get_string (out->pdata[5], RILL_FIELD_DUP_OF), ==, "https://e.example/s");
}

static void
test_url_canon (void)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *urls = NULL;

  g_ptr_array_add (docs, new_doc ("https://example.com/a?a=1&b=2", NULL, NULL));
  g_ptr_array_add (docs, new_doc ("HTTPS://Example.COM:443/a?b=2&utm_source=x&a=1&fbclid=z#top", NULL, NULL));
  g_ptr_array_add (docs, new_doc ("https://example.com/a?a=1&b=3", NULL, NULL));
  g_ptr_array_add (docs, new_doc ("https://example.com/b?utm_medium=rss", NULL, NULL));
  g_ptr_array_add (docs, new_doc ("https://example.com/b", NULL, NULL));
  g_ptr_array_add (docs, new_doc ("http://example.com:80/b", NULL, NULL));
  out = run_ok ("dedupe method=exact field=url", docs, NULL);
  urls = joined_urls (out);
  g_assert_cmpstr (urls, ==, "https://example.com/a?a=1&b=2 https://example.com/a?a=1&b=3 "
                   "https://example.com/b?utm_medium=rss http://example.com:80/b");
}

static void
test_boilerplate (void)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) out = NULL;
  const char *menu = "Home | World | Sport | Culture";
  const char *blurb = "Stay with us on Telegram: news every hour.";

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://news.example/%u", i);
      g_autofree char *body = make_text (100 + i, 40);
      g_autofree char *text = g_strdup_printf ("%s\n\n%s\n\n%s", menu, body, blurb);

      g_ptr_array_add (docs, new_doc (url, text, NULL));
    }
  {
    g_autofree char *body = make_text (200, 40);
    g_autofree char *text = g_strdup_printf ("%s\n\n%s", body, blurb);

    g_ptr_array_add (docs, new_doc ("https://other.example/1", text, NULL));
  }
  out = run_ok ("dedupe method=exact boilerplate-pages=3", docs, NULL);
  g_assert_cmpuint (out->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    {
      const char *text = rill_doc_get_string (out->pdata[i], RILL_FIELD_TEXT);
      g_autofree char *body = make_text (100 + i, 40);

      g_assert_nonnull (strstr (text, body));
      g_assert_true ((strstr (text, menu) != NULL) == (i < 2));
      g_assert_true ((strstr (text, blurb) != NULL) == (i < 2));
    }
  /* another host: its first page keeps the blurb */
  g_assert_nonnull (strstr (rill_doc_get_string (out->pdata[4], RILL_FIELD_TEXT), blurb));
}

static void
test_determinism (void)
{
  g_autoptr (GPtrArray) docs = labelled_set ();
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;

  for (guint threads = 1; threads <= 4; threads += 3)
    {
      g_autoptr (GPtrArray) out = run_docs ("normalize ! dedupe mode=mark method=simhash",
                                            docs, threads, NULL, &error);
      GString *s = g_string_new (NULL);
      g_autofree char *all = NULL;

      g_assert_no_error (error);
      for (guint i = 0; i < out->len; i++)
        {
          g_autofree char *json = rill_doc_to_json (out->pdata[i], FALSE);

          g_string_append_printf (s, "%s\n", json);
        }
      all = g_string_free (s, FALSE);
      if (first == NULL)
        first = g_steal_pointer (&all);
      else
        g_assert_cmpstr (all, ==, first);
    }
}

static char *
tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    {
      g_autoptr (GError) error = NULL;

      dir = g_dir_make_tmp ("rill-dedupe-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (dir, name, NULL);
}

static void
test_state_two_runs (void)
{
  g_autofree char *state = tmp_path ("two-runs.sqlite");
  g_autofree char *t1 = make_text (1, 100);
  g_autofree char *t2 = make_text (2, 100);
  g_autofree char *t3 = make_text (3, 100);
  g_autoptr (GPtrArray) run1 = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) run2 = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr (GPtrArray) out1 = NULL;
  g_autoptr (GPtrArray) out2 = NULL;
  g_autoptr (GPtrArray) out3 = NULL;
  g_autoptr (RillPipeline) p2 = NULL;
  g_autofree char *middle = g_strdup_printf ("dedupe name=d mode=mark state=%s", state);
  g_autofree char *other = g_strdup_printf ("dedupe name=d method=exact state=%s", state);
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (run1, new_doc ("https://a.example/1", t1, NULL));
  g_ptr_array_add (run1, new_doc ("https://a.example/2", t2, NULL));
  out1 = run_ok (middle, run1, NULL);
  g_assert_cmpuint (out1->len, ==, 2);

  /* the hour after: the same page again (tracking parameter added), the
   * same story elsewhere, and a new story */
  g_ptr_array_add (run2, new_doc ("https://a.example/1?utm_campaign=x", t1, NULL));
  g_ptr_array_add (run2, new_doc ("https://b.example/2", t2, NULL));
  g_ptr_array_add (run2, new_doc ("https://a.example/3", t3, NULL));
  out2 = run_ok (middle, run2, &p2);
  g_assert_cmpuint (out2->len, ==, 2);
  g_assert_cmpstr (url_of (out2, 0), ==, "https://b.example/2");
  g_assert_cmpstr (rill_doc_get_string (out2->pdata[0], RILL_FIELD_DUP_OF), ==, "https://a.example/2");
  g_assert_cmpint (rill_doc_get_int (out2->pdata[0], "cluster", -1), ==, 2);
  g_assert_cmpstr (url_of (out2, 1), ==, "https://a.example/3");
  g_assert_cmpint (rill_doc_get_int (out2->pdata[1], "cluster", -1), ==, 4);
  g_assert_cmpint (rill_test_stat (p2, "d", "duplicate"), ==, 1);

  /* a state file written with another method is refused */
  out3 = run_docs (other, run2, 0, NULL, &error);
  g_assert_null (out3);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

/* SIGKILL: rill-launch on a file of lines, killed mid-run, then run again */

/* The whole lines of @path; a killed writer may leave a partial last
 * line (a short write() under SIGKILL), which only @partial_ok allows and
 * which does not count as emitted. */
static char **
read_lines (const char *path,
            gboolean    partial_ok,
            guint      *n)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  char **lines;

  if (!g_file_get_contents (path, &data, &len, NULL) || len == 0)
    {
      *n = 0;
      return g_new0 (char *, 1);
    }
  if (data[len - 1] != '\n')
    {
      char *nl = g_strrstr_len (data, len, "\n");

      g_assert_true (partial_ok);
      len = nl ? (gsize) (nl - data) + 1 : 0;
      if (len == 0)
        {
          *n = 0;
          return g_new0 (char *, 1);
        }
    }
  data[len - 1] = '\0';
  lines = g_strsplit (data, "\n", -1);
  *n = g_strv_length (lines);
  return lines;
}

static GPid
spawn_launch (const char *input,
              const char *output,
              const char *state,
              const char *commit)
{
  const char *root = g_getenv ("RILL_BUILD_ROOT");
  g_autofree char *launch = g_build_filename (root, "tools", "rill-launch", NULL);
  g_autofree char *a_in = g_strdup_printf ("location=%s", input);
  g_autofree char *a_state = g_strdup_printf ("state=%s", state);
  g_autofree char *a_commit = g_strdup_printf ("commit=%s", commit);
  g_autofree char *a_out = g_strdup_printf ("location=%s", output);
  const char *argv[] = { launch, "-q", "file-src", a_in, "mode=lines", "field=text", "!",
                         "dedupe", "method=exact", a_state, a_commit, "!",
                         "file-sink", a_out, "format=field", "field=text", NULL };
  g_autoptr (GError) error = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                 &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_pid (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

/* Runs to the end; asserts success. */
static void
launch_to_end (const char *input,
               const char *output,
               const char *state,
               const char *commit)
{
  int status = wait_pid (spawn_launch (input, output, state, commit));

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Starts a run and kills it with SIGKILL once its output is not empty
 * (bounded: 20 s). Returns whether it was killed (not finished before). */
static gboolean
launch_and_kill (const char *input,
                 const char *output,
                 const char *state,
                 const char *commit)
{
  GPid pid = spawn_launch (input, output, state, commit);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int status;

  for (;;)
    {
      GStatBuf st;

      if (g_stat (output, &st) == 0 && st.st_size > 0)
        break;
      if (waitpid (pid, &status, WNOHANG) == pid)
        return FALSE;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (500);
    }
  kill (pid, SIGKILL);
  status = wait_pid (pid);
  return WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
}

#define KILL_DOCS 20000

/* Input: KILL_DOCS lines, every fifth a copy of an earlier one. The first
 * 1000 lines are the input of an earlier, finished run. */
static void
write_kill_input (const char *part,
                  const char *full,
                  GHashTable *uniques)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < KILL_DOCS; i++)
    {
      guint src = i % 5 == 4 ? i - 3 : i;
      g_autofree char *line = g_strdup_printf ("story %u: %08x %08x %08x", src,
                                               g_int_hash (&src), src * 2654435761u,
                                               src ^ 0x5bd1e995u);

      g_string_append_printf (s, "%s\n", line);
      g_hash_table_add (uniques, g_steal_pointer (&line));
      if (i == 999)
        g_assert_true (g_file_set_contents (part, s->str, s->len, NULL));
    }
  g_assert_true (g_file_set_contents (full, s->str, s->len, NULL));
  g_string_free (s, TRUE);
}

static void
count_into (GHashTable *counts,
            char      **lines)
{
  for (guint i = 0; lines[i]; i++)
    {
      gpointer n = g_hash_table_lookup (counts, lines[i]);

      g_hash_table_insert (counts, g_strdup (lines[i]),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
    }
}

static void
check_kill (const char *commit)
{
  g_autofree char *dir_name = g_strdup_printf ("kill-%s", commit);
  g_autofree char *dir = tmp_path (dir_name);
  g_autofree char *part = g_build_filename (dir, "part.txt", NULL);
  g_autofree char *full = g_build_filename (dir, "full.txt", NULL);
  g_autofree char *state = g_build_filename (dir, "state.sqlite", NULL);
  g_autofree char *out_a = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *out_b = g_build_filename (dir, "b.txt", NULL);
  g_autofree char *out_c = g_build_filename (dir, "c.txt", NULL);
  g_autoptr (GHashTable) uniques = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) in_a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) in_b = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) in_c = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  g_auto (GStrv) c = NULL;
  guint na, nb, nc, n_unique;
  gboolean killed;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_kill_input (part, full, uniques);
  n_unique = g_hash_table_size (uniques);
  g_assert_cmpuint (n_unique, ==, KILL_DOCS / 5 * 4);

  launch_to_end (part, out_a, state, commit);
  killed = launch_and_kill (full, out_b, state, commit);
  launch_to_end (full, out_c, state, commit);

  a = read_lines (out_a, FALSE, &na);
  b = read_lines (out_b, TRUE, &nb);
  c = read_lines (out_c, FALSE, &nc);
  g_test_message ("commit=%s: earlier run %u, killed run %u (%s), rerun %u, unique %u",
                  commit, na, nb, killed ? "killed" : "finished first", nc, n_unique);
  count_into (in_a, a);
  count_into (in_b, b);
  count_into (in_c, c);
  g_assert_cmpuint (na, ==, 800);
  /* no run emits a doc twice, nor a doc of the finished earlier run */
  g_assert_cmpuint (g_hash_table_size (in_a), ==, na);
  g_assert_cmpuint (g_hash_table_size (in_b), ==, nb);
  g_assert_cmpuint (g_hash_table_size (in_c), ==, nc);
  for (guint i = 0; i < nb; i++)
    g_assert_false (g_hash_table_contains (in_a, b[i]));
  for (guint i = 0; i < nc; i++)
    g_assert_false (g_hash_table_contains (in_a, c[i]));

  if (g_str_equal (commit, "end"))
    {
      /* at-least-once: nothing of a killed run was committed, so the rerun
       * emits every unique doc after the earlier run, in order; none lost */
      if (killed)
        g_assert_cmpuint (nc, ==, n_unique - na);
      else
        g_assert_cmpuint (nc, ==, 0);
      for (guint i = 0; i < nb; i++)
        g_assert_true (!killed || g_hash_table_contains (in_c, b[i]));
    }
  else
    {
      /* handoff, at-most-once: no doc twice across the runs; the docs lost
       * are at most those the killed run had committed but not written */
      for (guint i = 0; i < nc; i++)
        g_assert_false (g_hash_table_contains (in_b, c[i]));
      g_test_message ("commit=handoff: %u docs lost", n_unique - na - nb - nc);
    }

  /* every output line is one of the input's unique docs */
  g_hash_table_iter_init (&iter, in_c);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (uniques, key));
  if (g_str_equal (commit, "end"))
    {
      /* the union holds every unique doc */
      g_hash_table_iter_init (&iter, uniques);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_assert_true (g_hash_table_contains (in_a, key) || g_hash_table_contains (in_b, key)
                       || g_hash_table_contains (in_c, key));
    }
}

static void
test_sigkill_end (void)
{
  check_kill ("end");
}

static void
test_sigkill_handoff (void)
{
  check_kill ("handoff");
}

static void
test_inspect (void)
{
  const char *root = g_getenv ("RILL_BUILD_ROOT");
  g_autofree char *inspect = g_build_filename (root, "tools", "rill-inspect", NULL);
  const char *argv[] = { inspect, "dedupe", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "minhash-threshold"));
  g_assert_nonnull (strstr (out, "boilerplate-pages"));
  g_assert_nonnull (strstr (out, "Least verified score"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dedupe/element/exact", test_method_exact);
  g_test_add_func ("/dedupe/element/simhash", test_method_simhash);
  g_test_add_func ("/dedupe/element/minhash", test_method_minhash);
  g_test_add_func ("/dedupe/element/mark", test_mark);
  g_test_add_func ("/dedupe/element/drop-message", test_drop_message);
  g_test_add_func ("/dedupe/element/earliest-date", test_earliest_date);
  g_test_add_func ("/dedupe/element/url-canon", test_url_canon);
  g_test_add_func ("/dedupe/element/boilerplate", test_boilerplate);
  g_test_add_func ("/dedupe/element/determinism", test_determinism);
  g_test_add_func ("/dedupe/element/state-two-runs", test_state_two_runs);
  g_test_add_func ("/dedupe/element/sigkill-end", test_sigkill_end);
  g_test_add_func ("/dedupe/element/sigkill-handoff", test_sigkill_handoff);
  g_test_add_func ("/dedupe/element/inspect", test_inspect);

  return g_test_run ();
}
