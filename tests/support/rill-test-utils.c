/* rill-test-utils.c: helpers shared by the C test suites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <glib/gstdio.h>

/**
 * rill_test_register_elements:
 *
 * Registers the test-only elements (`test-burn`) once.
 */
void
rill_test_register_elements (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GError) error = NULL;

      rill_element_register (NULL, "test-burn", RILL_TYPE_TEST_BURN, &error);
      g_assert_no_error (error);
      g_once_init_leave (&done, 1);
    }
}

/* ../shared beside the source tree, or NULL when absent (tests skip). */
const char *
rill_test_shared_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *env = g_getenv ("RILL_SHARED_DIR");

      if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
        dir = g_canonicalize_filename (env, NULL);
    }
  return dir;
}

RillPipeline *
rill_test_parse (const char *line)
{
  g_autoptr(GError) error = NULL;
  RillPipeline *pipeline = rill_parse_launch (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pipeline);
  return pipeline;
}

/* Everything the app-sink @sink_name received, after the run. */
GPtrArray *
rill_test_pull_all (RillPipeline *pipeline,
                    const char   *sink_name)
{
  RillElement *sink = rill_pipeline_get_by_name (pipeline, sink_name);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  RillDoc *doc;

  g_assert_true (RILL_IS_APP_SINK (sink));
  while ((doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL)) != NULL)
    g_ptr_array_add (docs, doc);
  return docs;
}

gint64
rill_test_stat (RillPipeline *pipeline,
                const char   *element,
                const char   *counter)
{
  g_autoptr(RillDoc) stats = rill_pipeline_get_stats (pipeline);
  RillDoc *one = rill_doc_get_doc (stats, element);

  g_assert_nonnull (one);
  return rill_doc_get_int (one, counter, -1);
}

void
rill_test_run_clear (RillTestRun *run)
{
  g_clear_object (&run->pipeline);
  g_clear_pointer (&run->docs, g_ptr_array_unref);
  g_clear_pointer (&run->errors, g_free);
  g_clear_error (&run->error);
}

/* Runs @line with one doc per URL of @urls (NULL-terminated) pushed
 * into "in", each with `url` and `i` (its index), and keeps in @run
 * what came out of "out" and the dead-letter file. */
void
rill_test_run_urls (RillTestRun        *run,
                    const char         *line,
                    const char * const *urls)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-test-run-XXXXXX", NULL);
  g_autofree char *errors_path = g_build_filename (dir, "errors.jsonl", NULL);
  RillElement *in;

  run->pipeline = rill_test_parse (line);
  rill_pipeline_set_errors_location (run->pipeline, errors_path);
  in = rill_pipeline_get_by_name (run->pipeline, "in");
  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();

      rill_doc_set_string (doc, RILL_FIELD_URL, urls[i]);
      rill_doc_set_int (doc, "i", i);
      g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
    }
  rill_app_src_end_of_stream (RILL_APP_SRC (in));
  rill_pipeline_run (run->pipeline, NULL, &run->error);
  run->docs = rill_test_pull_all (run->pipeline, "out");
  if (!g_file_get_contents (errors_path, &run->errors, NULL, NULL))
    run->errors = g_strdup ("");
  g_unlink (errors_path);
  g_rmdir (dir);
}
