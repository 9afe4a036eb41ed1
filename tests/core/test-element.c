/* test-element.c: metadata, caps, linking and pipeline checks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

static RillElement *
make (const char *factory,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  RillElement *element = rill_element_factory_make (factory, name, &error);

  g_assert_no_error (error);
  return element;
}

/* Linking elements whose caps cannot meet fails and names both elements
 * and their caps. */
static void
test_caps_mismatch (void)
{
  g_autoptr(RillElement) plain = make ("test-plain", "plain");
  g_autoptr(RillElement) html = make ("test-html", "html");
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_element_link (plain, html, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK);
  g_assert_nonnull (strstr (error->message, "'plain'"));
  g_assert_nonnull (strstr (error->message, "'html'"));
  g_assert_nonnull (strstr (error->message, "text/plain"));
  g_assert_nonnull (strstr (error->message, "text/html"));
}

static void
test_caps_can_meet (void)
{
  g_assert_true (rill_caps_can_meet ("text/html", "text/plain; text/html"));
  g_assert_true (rill_caps_can_meet ("ANY", "text/html"));
  g_assert_true (rill_caps_can_meet ("text/html", "ANY"));
  g_assert_true (rill_caps_can_meet ("text/*", "text/html"));
  g_assert_true (rill_caps_can_meet ("TEXT/HTML", "text/html"));
  g_assert_false (rill_caps_can_meet ("text/plain", "text/html"));
  g_assert_false (rill_caps_can_meet ("text/plain", NULL));
  g_assert_false (rill_caps_can_meet (NULL, "ANY"));
  g_assert_false (rill_caps_can_meet ("image/png", "text/*"));
}

/* Metadata set by a subclass is its own; what it leaves unset comes from
 * its base class, whatever order the classes were initialised in. */
static void
test_metadata_inheritance (void)
{
  RillElementClass *burn = g_type_class_ref (RILL_TYPE_TEST_BURN);
  RillElementClass *sink = g_type_class_ref (rill_element_factory_get_element_type (
                                               rill_element_factory_find ("fake-sink")));

  g_assert_cmpstr (rill_element_class_get_long_name (burn), ==, "CPU burner");
  g_assert_cmpstr (rill_element_class_get_accepts (burn), ==, "ANY");
  g_assert_cmpstr (rill_element_class_get_produces (burn), ==, "ANY");
  g_assert_cmpint (rill_element_class_get_concurrency (burn), ==, RILL_CONCURRENCY_PARALLEL);
  g_assert_cmpuint (rill_element_class_get_max_inputs (burn), ==, 1);
  g_assert_null (rill_element_class_get_produces (sink));
  g_assert_cmpint (rill_element_class_get_concurrency (sink), ==, RILL_CONCURRENCY_SERIAL);
  g_type_class_unref (burn);
  g_type_class_unref (sink);
}

/* One output unless the element says otherwise: a second link fails and
 * suggests a tee; a tee takes many. Same for inputs and funnel. */
static void
test_link_limits (void)
{
  g_autoptr(RillElement) a = make ("identity", "a");
  g_autoptr(RillElement) b = make ("identity", "b");
  g_autoptr(RillElement) c = make ("identity", "c");
  g_autoptr(RillElement) tee = make ("tee", "t");
  g_autoptr(RillElement) funnel = make ("funnel", "f");
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_element_link (a, b, &error));
  g_assert_false (rill_element_link (a, c, &error));
  g_assert_nonnull (strstr (error->message, "tee"));
  g_clear_error (&error);
  g_assert_false (rill_element_link (c, b, &error));
  g_assert_nonnull (strstr (error->message, "funnel"));
  g_clear_error (&error);
  g_assert_false (rill_element_link (c, c, &error));
  g_clear_error (&error);

  g_assert_true (rill_element_link (tee, a, &error) || (g_clear_error (&error), TRUE));
  g_assert_true (rill_element_link (tee, c, &error));
  g_assert_true (rill_element_link (b, funnel, &error));
  g_assert_true (rill_element_link (c, funnel, &error));
  g_assert_no_error (error);
}

/* Elements get unique names; a duplicate explicit name is refused. */
static void
test_pipeline_names (void)
{
  g_autoptr(RillPipeline) pipeline = rill_pipeline_new ();
  g_autoptr(RillElement) a = make ("identity", NULL);
  g_autoptr(RillElement) b = make ("identity", NULL);
  g_autoptr(RillElement) c = make ("identity", "identity0");
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_pipeline_add (pipeline, a, &error));
  g_assert_true (rill_pipeline_add (pipeline, b, &error));
  g_assert_cmpstr (rill_element_get_name (a), ==, "identity0");
  g_assert_cmpstr (rill_element_get_name (b), ==, "identity1");
  g_assert_cmpstr (rill_element_get_factory_name (a), ==, "identity");
  g_assert_false (rill_pipeline_add (pipeline, c, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (rill_pipeline_add (pipeline, a, &error));
  g_assert_true (rill_pipeline_get_by_name (pipeline, "identity1") == b);
  g_assert_null (rill_pipeline_get_by_name (pipeline, "nope"));
}

static void
assert_run_fails (RillPipeline *pipeline,
                  const char   *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK);
  g_assert_nonnull (strstr (error->message, needle));
}

/* A graph that cannot run says why, naming the element. */
static void
test_pipeline_validation (void)
{
  g_autoptr(RillPipeline) no_sink = rill_pipeline_new ();
  g_autoptr(RillPipeline) no_input = rill_pipeline_new ();
  g_autoptr(RillPipeline) cycle = rill_pipeline_new ();
  g_autoptr(RillElement) src = make ("test-count-src", "src");
  g_autoptr(RillElement) mid = make ("identity", "mid");
  g_autoptr(RillElement) lone = make ("fake-sink", "lone");
  g_autoptr(RillElement) src2 = make ("test-count-src", "src2");
  g_autoptr(RillElement) funnel = make ("funnel", "f");
  g_autoptr(RillElement) tee = make ("tee", "t");
  g_autoptr(RillElement) sink = make ("fake-sink", "sink");

  rill_pipeline_add (no_sink, src, NULL);
  rill_pipeline_add (no_sink, mid, NULL);
  g_assert_true (rill_element_link (src, mid, NULL));
  assert_run_fails (no_sink, "'mid' has no output");

  rill_pipeline_add (no_input, lone, NULL);
  assert_run_fails (no_input, "'lone' has no input");

  rill_pipeline_add (cycle, src2, NULL);
  rill_pipeline_add (cycle, funnel, NULL);
  rill_pipeline_add (cycle, tee, NULL);
  rill_pipeline_add (cycle, sink, NULL);
  g_assert_true (rill_element_link_many (NULL, src2, funnel, tee, sink, NULL));
  g_assert_true (rill_element_link (tee, funnel, NULL));
  assert_run_fails (cycle, "cycle");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rill_test_register_elements ();
  rill_test_register_scheduler_elements ();

  g_test_add_func ("/element/caps-mismatch", test_caps_mismatch);
  g_test_add_func ("/element/caps-can-meet", test_caps_can_meet);
  g_test_add_func ("/element/metadata-inheritance", test_metadata_inheritance);
  g_test_add_func ("/element/link-limits", test_link_limits);
  g_test_add_func ("/pipeline/names", test_pipeline_names);
  g_test_add_func ("/pipeline/validation", test_pipeline_validation);
  return g_test_run ();
}
