/* rill-test-utils.c: helpers shared by the C test suites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

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
