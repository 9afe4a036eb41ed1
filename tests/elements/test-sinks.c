/* test-sinks.c: file-sink, fd-sink and fake-sink write and count docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <string.h>
#include <unistd.h>

/* Three docs: a URL each, a text with a newline and a backslash in the
 * second, no text in none. */
static void
push_docs (RillAppSrc *src)
{
  static const char *texts[] = { "first text", "two\nlines \\ slash", "third\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autofree char *url = g_strdup_printf ("https://example.org/%u", i);

      rill_doc_set_string (doc, RILL_FIELD_URL, url);
      rill_doc_set_string (doc, RILL_FIELD_TEXT, texts[i]);
      rill_doc_set_int (doc, "n", i);
      g_assert_true (rill_app_src_push_doc (src, doc));
    }
  rill_app_src_end_of_stream (src);
}

/* app-src (3 docs) ! @sink_factory with properties; runs it. */
static RillPipeline *
run_sink (const char *sink_factory,
          const char *p1, const char *v1,
          const char *p2, const char *v2,
          const char *p3, const char *v3,
          const char *p4, const char *v4)
{
  RillPipeline *pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  RillElement *src, *sink;

  src = et_make (pipeline, "app-src", "src", NULL);
  sink = et_make (pipeline, sink_factory, "sink", p1, v1, p2, v2, p3, v3, p4, v4, NULL);
  et_link (src, sink);
  push_docs (RILL_APP_SRC (src));

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  return pipeline;
}

static void
test_file_sink_json (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.jsonl", NULL);
  g_autoptr(RillPipeline) pipeline = run_sink ("file-sink", "location", path,
                                               NULL, NULL, NULL, NULL, NULL, NULL);
  g_autofree char *contents = et_read_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  /* Three lines, each a doc that reads back equal, and a final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillDoc) doc = rill_doc_new_from_json (lines[i], -1, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rill_doc_get_int (doc, "n", -1), ==, i);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RillDoc) doc = rill_doc_new_from_json (lines[1], -1, &error);

    g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_TEXT), ==, "two\nlines \\ slash");
  }
  g_assert_cmpint (et_stat (pipeline, "sink", "in"), ==, 3);
  g_assert_cmpint (et_stat (pipeline, "sink", "failed"), ==, 0);
  et_rm_rf (dir);
}

static void
test_file_sink_field (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr(RillPipeline) pipeline = run_sink ("file-sink", "location", path,
                                               "format", "field", NULL, NULL, NULL, NULL);
  g_autofree char *contents = et_read_file (path);

  g_assert_cmpstr (contents, ==,
                   "first text\n"
                   "two\\nlines \\\\ slash\n"
                   "third\\n\n");
  et_rm_rf (dir);
}

static void
test_file_sink_field_url (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "urls.txt", NULL);
  g_autoptr(RillPipeline) pipeline = run_sink ("file-sink", "location", path,
                                               "format", "field", "field", "url", NULL, NULL);
  g_autofree char *contents = et_read_file (path);

  g_assert_cmpstr (contents, ==,
                   "https://example.org/0\n"
                   "https://example.org/1\n"
                   "https://example.org/2\n");
  et_rm_rf (dir);
}

static void
test_file_sink_text (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr(RillPipeline) pipeline = run_sink ("file-sink", "location", path,
                                               "format", "text", NULL, NULL, NULL, NULL);
  g_autofree char *contents = et_read_file (path);

  g_assert_cmpstr (contents, ==,
                   "first text\n\n"
                   "two\nlines \\ slash\n\n"
                   "third\n\n");
  et_rm_rf (dir);
}

static void
test_file_sink_missing_field (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr(RillPipeline) pipeline = run_sink ("file-sink", "location", path,
                                               "format", "field", "field", "title", NULL, NULL);
  g_autofree char *contents = et_read_file (path);

  /* Each doc without the field fails alone; nothing is written. */
  g_assert_cmpstr (contents, ==, "");
  g_assert_cmpint (et_stat (pipeline, "sink", "failed"), ==, 3);
  et_rm_rf (dir);
}

static void
test_file_sink_append (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *contents = NULL;

  et_write_file (dir, "out.txt", "already here\n");
  {
    g_autoptr(RillPipeline) p = run_sink ("file-sink", "location", path, "format", "field",
                                          "field", "url", "append", "true");
  }
  contents = et_read_file (path);
  g_assert_cmpstr (contents, ==,
                   "already here\n"
                   "https://example.org/0\n"
                   "https://example.org/1\n"
                   "https://example.org/2\n");
  g_clear_pointer (&contents, g_free);

  /* Without append the file is replaced. */
  {
    g_autoptr(RillPipeline) p = run_sink ("file-sink", "location", path, "format", "field",
                                          "field", "url", NULL, NULL);
  }
  contents = et_read_file (path);
  g_assert_cmpstr (contents, ==,
                   "https://example.org/0\n"
                   "https://example.org/1\n"
                   "https://example.org/2\n");
  et_rm_rf (dir);
}

static void
test_file_sink_bad_location (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  RillElement *src, *sink;

  src = et_make (pipeline, "app-src", "src", NULL);
  sink = et_make (pipeline, "file-sink", "sink",
                  "location", "/nonexistent-dir-of-rill/out.jsonl", NULL);
  et_link (src, sink);
  rill_app_src_end_of_stream (RILL_APP_SRC (src));

  g_assert_false (et_run (pipeline, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir-of-rill/out.jsonl"));
}

static void
test_file_sink_big (void)
{
  g_autofree char *dir = et_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "big.txt", NULL);
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  RillElement *src, *sink;

  /* More than the sink's buffer: written out in several chunks, each
   * ending on a whole line. */
  src = et_make (pipeline, "app-src", "src", NULL);
  sink = et_make (pipeline, "file-sink", "sink", "location", path,
                  "format", "field", "field", "url", NULL);
  et_link (src, sink);
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autofree char *url = g_strdup_printf ("https://example.org/page/%u", i);

      rill_doc_set_string (doc, RILL_FIELD_URL, url);
      rill_app_src_push_doc (RILL_APP_SRC (src), doc);
    }
  rill_app_src_end_of_stream (RILL_APP_SRC (src));
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  contents = et_read_file (path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 20001);
  g_assert_cmpstr (lines[0], ==, "https://example.org/page/0");
  g_assert_cmpstr (lines[19999], ==, "https://example.org/page/19999");
  et_rm_rf (dir);
}

static void
test_fd_sink (void)
{
  int fds[2];
  g_autofree char *fd_text = NULL;
  char buffer[4096];
  gssize n;

  g_assert_cmpint (pipe (fds), ==, 0);
  fd_text = g_strdup_printf ("%d", fds[1]);
  {
    g_autoptr(RillPipeline) p = run_sink ("fd-sink", "fd", fd_text, "format", "field",
                                          "field", "url", NULL, NULL);
  }
  /* The sink does not close the descriptor: close it to see EOF. */
  g_assert_cmpint (close (fds[1]), ==, 0);

  n = read (fds[0], buffer, sizeof buffer - 1);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_cmpstr (buffer, ==,
                   "https://example.org/0\n"
                   "https://example.org/1\n"
                   "https://example.org/2\n");
  close (fds[0]);
}

static void
test_fd_sink_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RillPipeline) p = run_sink ("fd-sink", "format", "text", NULL, NULL,
                                            NULL, NULL, NULL, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("first text\n\ntwo\nlines \\ slash\n\nthird\n\n");
}

static void
test_fake_sink (void)
{
  g_autoptr(RillPipeline) pipeline = run_sink ("fake-sink", NULL, NULL, NULL, NULL,
                                               NULL, NULL, NULL, NULL);
  RillElement *sink = rill_pipeline_get_by_name (pipeline, "sink");
  guint64 count = 0;
  GParamSpec *pspec;

  g_object_get (sink, "count", &count, NULL);
  g_assert_cmpuint (count, ==, 3);
  /* count is read-only. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "count");
  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);
}

static void
test_fake_sink_dump (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RillPipeline) p = run_sink ("fake-sink", "dump", "true", NULL, NULL,
                                            NULL, NULL, NULL, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{*\"url\"*\"https://example.org/0\"*}\n{*}\n{*\"n\"*2*}\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elements/file-sink/json", test_file_sink_json);
  g_test_add_func ("/elements/file-sink/field", test_file_sink_field);
  g_test_add_func ("/elements/file-sink/field-url", test_file_sink_field_url);
  g_test_add_func ("/elements/file-sink/text", test_file_sink_text);
  g_test_add_func ("/elements/file-sink/missing-field", test_file_sink_missing_field);
  g_test_add_func ("/elements/file-sink/append", test_file_sink_append);
  g_test_add_func ("/elements/file-sink/bad-location", test_file_sink_bad_location);
  g_test_add_func ("/elements/file-sink/big", test_file_sink_big);
  g_test_add_func ("/elements/fd-sink/pipe", test_fd_sink);
  g_test_add_func ("/elements/fd-sink/stdout", test_fd_sink_stdout);
  g_test_add_func ("/elements/fake-sink/count", test_fake_sink);
  g_test_add_func ("/elements/fake-sink/dump", test_fake_sink_dump);

  return g_test_run ();
}
