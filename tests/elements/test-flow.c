/* test-flow.c: identity, tee, funnel and limit in real pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <string.h>

static RillElement *
src_with_docs (RillPipeline *pipeline,
               const char   *name,
               const char   *prefix,
               guint         n)
{
  RillElement *src = et_make (pipeline, "app-src", name, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autofree char *url = g_strdup_printf ("https://%s.example/%u", prefix, i);

      rill_doc_set_string (doc, RILL_FIELD_URL, url);
      rill_doc_set_int (doc, "i", i);
      g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (src), doc));
    }
  rill_app_src_end_of_stream (RILL_APP_SRC (src));
  return src;
}

static void
test_identity (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  RillElement *src, *id, *sink;

  src = src_with_docs (pipeline, "src", "a", 500);
  id = et_make (pipeline, "identity", "id", NULL);
  sink = et_make (pipeline, "app-sink", "sink", NULL);
  rill_element_link_many (&error, src, id, sink, NULL);
  g_assert_no_error (error);
  rill_pipeline_set_threads (pipeline, 4);

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  docs = et_pull_all (sink);
  g_assert_cmpuint (docs->len, ==, 500);
  /* Ordered by default, although identity is parallel. */
  for (guint i = 0; i < docs->len; i++)
    g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "i", -1), ==, i);
  g_assert_cmpint (et_stat (pipeline, "id", "in"), ==, 500);
  g_assert_cmpint (et_stat (pipeline, "id", "out"), ==, 500);
  g_assert_cmpint (rill_element_class_get_concurrency (RILL_ELEMENT_GET_CLASS (id)), ==,
                   RILL_CONCURRENCY_PARALLEL);
}

static void
test_identity_error_after (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  RillElement *src, *id, *sink;

  src = src_with_docs (pipeline, "src", "a", 10);
  id = et_make (pipeline, "identity", "id", "error-after", "4", "sleep-us", "100", NULL);
  sink = et_make (pipeline, "app-sink", "sink", NULL);
  rill_element_link_many (&error, src, id, sink, NULL);
  g_assert_no_error (error);
  warnings = et_watch_warnings (pipeline);

  /* One failed doc does not fail the run. */
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  docs = et_pull_all (sink);
  g_assert_cmpuint (docs->len, ==, 9);
  g_assert_cmpint (et_stat (pipeline, "id", "in"), ==, 10);
  g_assert_cmpint (et_stat (pipeline, "id", "failed"), ==, 1);
  g_assert_cmpint (et_stat (pipeline, "id", "out"), ==, 9);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "error-after"));
}

static void
test_tee (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  RillElement *src, *tee, *sink_a, *sink_b, *fake;

  src = src_with_docs (pipeline, "src", "t", 200);
  tee = et_make (pipeline, "tee", "t", NULL);
  sink_a = et_make (pipeline, "app-sink", "a", NULL);
  sink_b = et_make (pipeline, "app-sink", "b", NULL);
  fake = et_make (pipeline, "fake-sink", "c", NULL);
  et_link (src, tee);
  et_link (tee, sink_a);
  et_link (tee, sink_b);
  et_link (tee, fake);

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  a = et_pull_all (sink_a);
  b = et_pull_all (sink_b);
  g_assert_cmpuint (a->len, ==, 200);
  g_assert_cmpuint (b->len, ==, 200);
  for (guint i = 0; i < 200; i++)
    {
      g_assert_cmpint (rill_doc_get_int (a->pdata[i], "i", -1), ==, i);
      g_assert_cmpint (rill_doc_get_int (b->pdata[i], "i", -1), ==, i);
      /* Each branch has its own copy: changing one does not change the
       * other. */
      rill_doc_set_string (a->pdata[i], "mark", "a");
      g_assert_false (rill_doc_has_field (b->pdata[i], "mark"));
    }
  {
    guint64 count = 0;

    g_object_get (fake, "count", &count, NULL);
    g_assert_cmpuint (count, ==, 200);
  }
}

static void
test_funnel (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) urls = NULL;
  RillElement *src1, *src2, *funnel, *sink;
  gint64 last_one = -1, last_two = -1;

  src1 = src_with_docs (pipeline, "one", "one", 150);
  src2 = src_with_docs (pipeline, "two", "two", 70);
  funnel = et_make (pipeline, "funnel", "f", NULL);
  sink = et_make (pipeline, "app-sink", "sink", NULL);
  et_link (src1, funnel);
  et_link (src2, funnel);
  et_link (funnel, sink);

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  docs = et_pull_all (sink);
  urls = et_collect_strings (docs, RILL_FIELD_URL);
  g_assert_cmpuint (docs->len, ==, 220);
  g_assert_true (et_strv_has (urls, "https://one.example/149"));
  g_assert_true (et_strv_has (urls, "https://two.example/69"));
  /* Each input keeps its own order inside the merged stream. */
  for (guint i = 0; i < docs->len; i++)
    {
      gint64 n = rill_doc_get_int (docs->pdata[i], "i", -1);

      if (g_str_has_prefix (urls->pdata[i], "https://one."))
        {
          g_assert_cmpint (n, ==, last_one + 1);
          last_one = n;
        }
      else
        {
          g_assert_cmpint (n, ==, last_two + 1);
          last_two = n;
        }
    }
  g_assert_cmpint (et_stat (pipeline, "f", "in"), ==, 220);
}

static void
test_limit (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(RillDoc) stats = NULL;
  RillDoc *limit_stats, *reasons;
  RillElement *src, *limit, *sink;

  src = src_with_docs (pipeline, "src", "l", 100);
  limit = et_make (pipeline, "limit", "lim", "max", "7", NULL);
  sink = et_make (pipeline, "app-sink", "sink", NULL);
  rill_element_link_many (&error, src, limit, sink, NULL);
  g_assert_no_error (error);

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  docs = et_pull_all (sink);
  g_assert_cmpuint (docs->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "i", -1), ==, i);
  g_assert_cmpint (et_stat (pipeline, "lim", "filtered"), ==, 93);
  g_assert_cmpint (et_stat (pipeline, "lim", "failed"), ==, 0);

  /* The reason is kept in the stats. */
  stats = rill_pipeline_get_stats (pipeline);
  limit_stats = rill_doc_get_doc (stats, "lim");
  reasons = rill_doc_get_doc (limit_stats, "filter-reasons");
  g_assert_nonnull (reasons);
  g_assert_cmpint (rill_doc_get_int (reasons, "limit of 7 reached", -1), ==, 93);
}

static void
test_limit_default (void)
{
  g_autoptr(RillElement) limit = rill_element_factory_make ("limit", NULL, NULL);
  guint64 max = 0;

  g_object_get (limit, "max", &max, NULL);
  g_assert_cmpuint (max, ==, G_MAXUINT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elements/identity/pass", test_identity);
  g_test_add_func ("/elements/identity/error-after", test_identity_error_after);
  g_test_add_func ("/elements/tee/copies", test_tee);
  g_test_add_func ("/elements/funnel/merges", test_funnel);
  g_test_add_func ("/elements/limit/filters", test_limit);
  g_test_add_func ("/elements/limit/default", test_limit_default);

  return g_test_run ();
}
