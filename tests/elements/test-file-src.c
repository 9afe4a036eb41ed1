/* test-file-src.c: file-src reads files, globs, directories, lines, shards
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <string.h>
#include <unistd.h>

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = et_make_tmpdir ();
  et_write_file (f->dir, "b.html", "<html><body>B</body></html>");
  et_write_file (f->dir, "a.html", "<html><body>A</body></html>");
  et_write_file (f->dir, "c.txt", "plain C\n");
  et_write_file (f->dir, "sub/d.html", "<html><body>D</body></html>");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  et_rm_rf (f->dir);
  g_free (f->dir);
}

/* file-src (with @props) ! app-sink; returns the docs, asserting the run
 * succeeded. */
static GPtrArray *last_warnings;

static GPtrArray *
run_src (const char   *location,
         RillPipeline **out_pipeline,
         const char   *p1, const char *v1,
         const char   *p2, const char *v2,
         const char   *p3, const char *v3)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  RillElement *src, *sink;
  GPtrArray *docs;

  src = et_make (pipeline, "file-src", "src", "location", location, p1, v1, p2, v2, p3, v3, NULL);
  sink = et_make (pipeline, "app-sink", "sink", NULL);
  et_link (src, sink);
  g_clear_pointer (&last_warnings, g_ptr_array_unref);
  last_warnings = et_watch_warnings (pipeline);

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  docs = et_pull_all (sink);
  if (out_pipeline != NULL)
    *out_pipeline = g_steal_pointer (&pipeline);
  return docs;
}

static char *
uri_of (const char *dir,
        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_filename_to_uri (path, NULL, NULL);
}

static void
test_single_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.html", NULL);
  g_autofree char *uri = uri_of (f->dir, "a.html");
  g_autoptr(GPtrArray) docs = run_src (path, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  RillDoc *doc;
  GBytes *body;

  g_assert_cmpuint (docs->len, ==, 1);
  doc = docs->pdata[0];
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, uri);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/html");
  body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "<html><body>A</body></html>", strlen ("<html><body>A</body></html>"));
}

static void
test_glob (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *pattern = g_build_filename (f->dir, "*.html", NULL);
  g_autoptr(GPtrArray) docs = run_src (pattern, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  g_autofree char *a = uri_of (f->dir, "a.html");
  g_autofree char *b = uri_of (f->dir, "b.html");

  /* Sorted, only the matching files, not the subdirectory's. */
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], RILL_FIELD_URL), ==, a);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[1], RILL_FIELD_URL), ==, b);
}

static void
test_directory (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = run_src (f->dir, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  g_autofree char *a = uri_of (f->dir, "a.html");
  g_autofree char *b = uri_of (f->dir, "b.html");
  g_autofree char *c = uri_of (f->dir, "c.txt");

  g_assert_cmpuint (docs->len, ==, 3);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], RILL_FIELD_URL), ==, a);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[1], RILL_FIELD_URL), ==, b);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[2], RILL_FIELD_URL), ==, c);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[2], RILL_FIELD_CONTENT_TYPE), ==, "text/plain");
}

static void
test_directory_recursive (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = run_src (f->dir, NULL, "recursive", "true",
                                       NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) urls = et_collect_strings (docs, RILL_FIELD_URL);
  g_autofree char *d = uri_of (f->dir, "sub/d.html");

  g_assert_cmpuint (docs->len, ==, 4);
  g_assert_true (et_strv_has (urls, d));
}

static void
test_nothing_matches (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_build_filename (f->dir, "*.pdf", NULL);
  RillElement *src, *sink;

  src = et_make (pipeline, "file-src", "src", "location", pattern, NULL);
  sink = et_make (pipeline, "fake-sink", "sink", NULL);
  et_link (src, sink);

  g_assert_false (et_run (pipeline, &error));
  g_assert_nonnull (error);
  /* The error names the location. */
  g_assert_nonnull (strstr (error->message, pattern));
}

static void
test_missing_file_skipped (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *target = g_build_filename (f->dir, "gone.html", NULL);
  g_autofree char *link = g_build_filename (f->dir, "a2.html", NULL);
  g_autofree char *pattern = g_build_filename (f->dir, "*.html", NULL);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) urls = NULL;

  /* A dangling symlink matches the glob but cannot be read. */
  g_assert_cmpint (symlink (target, link), ==, 0);

  docs = run_src (pattern, &pipeline, NULL, NULL, NULL, NULL, NULL, NULL);
  urls = et_collect_strings (docs, RILL_FIELD_URL);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_false (et_strv_has (urls, "(none)"));
  g_assert_cmpint (et_stat (pipeline, "src", "failed"), ==, 1);
  /* The warning names the path. */
  g_assert_cmpuint (last_warnings->len, ==, 1);
  g_assert_nonnull (strstr (last_warnings->pdata[0], link));
}

static void
test_lines (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) urls = NULL;

  et_write_file (f->dir, "urls.txt",
                 "# seeds\n"
                 "https://a.example/\n"
                 "\n"
                 "   https://b.example/x  \r\n"
                 "  # indented comment\n"
                 "https://c.example/");   /* no final newline */
  path = g_build_filename (f->dir, "urls.txt", NULL);

  docs = run_src (path, NULL, "mode", "lines", NULL, NULL, NULL, NULL);
  urls = et_collect_strings (docs, RILL_FIELD_URL);
  g_assert_cmpuint (urls->len, ==, 3);
  g_assert_cmpstr (urls->pdata[0], ==, "https://a.example/");
  g_assert_cmpstr (urls->pdata[1], ==, "https://b.example/x");
  g_assert_cmpstr (urls->pdata[2], ==, "https://c.example/");
  g_assert_false (rill_doc_has_field (docs->pdata[0], RILL_FIELD_BODY));
}

static void
test_lines_field (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  et_write_file (f->dir, "text.txt", "hello\nworld\n");
  path = g_build_filename (f->dir, "text.txt", NULL);

  docs = run_src (path, NULL, "mode", "lines", "field", "text", NULL, NULL);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[1], RILL_FIELD_TEXT), ==, "world");
  g_assert_false (rill_doc_has_field (docs->pdata[1], RILL_FIELD_URL));
}

static void
test_lines_big_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  RillElement *src, *sink;
  guint64 count = 0;

  /* Bigger than any read buffer, so lines span buffer refills. */
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (contents, "https://site.example/page/%u\n", i);
  et_write_file (f->dir, "big.txt", contents->str);
  path = g_build_filename (f->dir, "big.txt", NULL);

  src = et_make (pipeline, "file-src", "src", "location", path, "mode", "lines", NULL);
  sink = et_make (pipeline, "fake-sink", "sink", NULL);
  et_link (src, sink);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  g_object_get (sink, "count", &count, NULL);
  g_assert_cmpuint (count, ==, 50000);
}

static void
test_lines_invalid_utf8 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  et_write_file (f->dir, "bad.txt", "https://ok.example/\nhttps://bad.example/\xff\xfe\nhttps://ok2.example/\n");
  path = g_build_filename (f->dir, "bad.txt", NULL);

  docs = run_src (path, &pipeline, "mode", "lines", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpint (et_stat (pipeline, "src", "failed"), ==, 1);
  g_assert_cmpuint (last_warnings->len, ==, 1);
  g_assert_nonnull (strstr (last_warnings->pdata[0], "bad.txt line 2"));
}

static void
test_shard_whole (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

  /* Three shards of the 3 files of the directory: disjoint, complete. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      g_autoptr(GPtrArray) docs = run_src (f->dir, NULL, "shard-index", index,
                                           "shard-count", "3", NULL, NULL);
      g_autoptr(GPtrArray) urls = et_collect_strings (docs, RILL_FIELD_URL);

      g_assert_cmpuint (docs->len, ==, 1);
      g_assert_false (et_strv_has (all, urls->pdata[0]));
      g_ptr_array_add (all, g_strdup (urls->pdata[0]));
    }
  g_assert_cmpuint (all->len, ==, 3);
}

static void
test_shard_lines (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) s0 = NULL;
  g_autoptr(GPtrArray) s1 = NULL;
  g_autoptr(GPtrArray) u0 = NULL;
  g_autoptr(GPtrArray) u1 = NULL;

  et_write_file (f->dir, "urls.txt", "# c\nu0\nu1\n\nu2\nu3\nu4\n");
  path = g_build_filename (f->dir, "urls.txt", NULL);

  s0 = run_src (path, NULL, "mode", "lines", "shard-index", "0", "shard-count", "2");
  s1 = run_src (path, NULL, "mode", "lines", "shard-index", "1", "shard-count", "2");
  u0 = et_collect_strings (s0, RILL_FIELD_URL);
  u1 = et_collect_strings (s1, RILL_FIELD_URL);

  g_assert_cmpuint (u0->len, ==, 3);
  g_assert_cmpstr (u0->pdata[0], ==, "u0");
  g_assert_cmpstr (u0->pdata[1], ==, "u2");
  g_assert_cmpstr (u0->pdata[2], ==, "u4");
  g_assert_cmpuint (u1->len, ==, 2);
  g_assert_cmpstr (u1->pdata[0], ==, "u1");
  g_assert_cmpstr (u1->pdata[1], ==, "u3");
}

static void
test_bad_shard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  RillElement *src, *sink;

  src = et_make (pipeline, "file-src", "src", "location", f->dir,
                 "shard-index", "2", "shard-count", "2", NULL);
  sink = et_make (pipeline, "fake-sink", "sink", NULL);
  et_link (src, sink);
  g_assert_false (et_run (pipeline, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "shard-index"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/elements/file-src/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("single-file", test_single_file);
  ADD ("glob", test_glob);
  ADD ("directory", test_directory);
  ADD ("directory-recursive", test_directory_recursive);
  ADD ("nothing-matches", test_nothing_matches);
  ADD ("missing-file-skipped", test_missing_file_skipped);
  ADD ("lines", test_lines);
  ADD ("lines-field", test_lines_field);
  ADD ("lines-big-file", test_lines_big_file);
  ADD ("lines-invalid-utf8", test_lines_invalid_utf8);
  ADD ("shard-whole", test_shard_whole);
  ADD ("shard-lines", test_shard_lines);
  ADD ("bad-shard", test_bad_shard);

  return g_test_run ();
}
