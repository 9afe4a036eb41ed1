/* test-properties.c: every element of the core plugin (and app-src/
 * app-sink) describes itself, has its documented properties and rejects
 * unknown ones
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <string.h>

typedef struct {
  const char *factory;
  const char *classification_prefix;
  const char *properties[8];   /* NULL-terminated */
} ElementCase;

static const ElementCase cases[] = {
  { "file-src", "Source", { "location", "recursive", "mode", "field", "shard-index", "shard-count", NULL } },
  { "fd-src", "Source", { "fd", "mode", "field", NULL } },
  { "file-sink", "Sink", { "location", "format", "field", "append", NULL } },
  { "fd-sink", "Sink", { "fd", "format", "field", NULL } },
  { "fake-sink", "Sink", { "count", "dump", NULL } },
  { "identity", "Filter", { "sleep-us", "error-after", NULL } },
  { "tee", "Filter", { NULL } },
  { "funnel", "Filter", { NULL } },
  { "limit", "Filter", { "max", NULL } },
  { "app-src", "Source", { "max-queued", NULL } },
  { "app-sink", "Sink", { "emit-signals", "max-queued", NULL } },
};

static void
test_element (gconstpointer data)
{
  const ElementCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillElement) element = rill_element_factory_make (c->factory, NULL, &error);
  RillElementClass *klass;
  GObjectClass *oclass;

  g_assert_no_error (error);
  g_assert_nonnull (element);
  klass = RILL_ELEMENT_GET_CLASS (element);
  oclass = G_OBJECT_CLASS (klass);

  g_assert_cmpstr (rill_element_get_factory_name (element), ==, c->factory);
  g_assert_nonnull (rill_element_class_get_long_name (klass));
  g_assert_true (g_str_has_prefix (rill_element_class_get_classification (klass),
                                   c->classification_prefix));
  g_assert_nonnull (rill_element_class_get_description (klass));
  g_assert_cmpstr (rill_element_class_get_author (klass), ==, "Rill developers");

  for (guint i = 0; c->properties[i] != NULL; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (oclass, c->properties[i]);
      const char *blurb;

      g_assert_nonnull (pspec);
      blurb = g_param_spec_get_blurb (pspec);
      /* A real sentence for rill-inspect, not the name again. */
      g_assert_nonnull (blurb);
      g_assert_cmpuint (strlen (blurb), >, 15);
    }

  g_assert_null (g_object_class_find_property (oclass, "no-such-property"));
  g_assert_null (g_object_class_find_property (oclass, "locaton"));
}

static void
test_plugin (void)
{
  RillRegistry *registry = rill_registry_get_default ();
  RillPlugin *plugin = rill_registry_find_plugin (registry, "core");
  GList *factories;
  guint n = 0;

  g_assert_nonnull (plugin);
  g_assert_cmpstr (rill_plugin_get_license (plugin), ==, "LGPL-2.1-or-later");
  factories = rill_registry_get_plugin_factories (registry, plugin);
  for (GList *l = factories; l != NULL; l = l->next)
    n++;
  g_assert_cmpuint (n, ==, 9);
  g_list_free (factories);
}

static void
test_links (void)
{
  g_autoptr(RillElement) tee = rill_element_factory_make ("tee", NULL, NULL);
  g_autoptr(RillElement) funnel = rill_element_factory_make ("funnel", NULL, NULL);
  g_autoptr(RillElement) identity = rill_element_factory_make ("identity", NULL, NULL);

  g_assert_cmpuint (rill_element_class_get_max_outputs (RILL_ELEMENT_GET_CLASS (tee)), ==, G_MAXUINT);
  g_assert_cmpuint (rill_element_class_get_max_inputs (RILL_ELEMENT_GET_CLASS (tee)), ==, 1);
  g_assert_cmpuint (rill_element_class_get_max_inputs (RILL_ELEMENT_GET_CLASS (funnel)), ==, G_MAXUINT);
  g_assert_cmpuint (rill_element_class_get_max_outputs (RILL_ELEMENT_GET_CLASS (funnel)), ==, 1);
  g_assert_cmpuint (rill_element_class_get_max_outputs (RILL_ELEMENT_GET_CLASS (identity)), ==, 1);
}

static void
test_parse_unknown_property (void)
{
  static const char *lines[] = {
    "file-src locaton=/tmp/x ! fake-sink",
    "fd-src bogus=1 ! fake-sink",
    "app-src ! file-sink formt=json location=/tmp/x",
    "app-src ! identity sleep=3 ! fake-sink",
    "app-src ! limit maximum=3 ! fake-sink",
    "app-src ! tee nope=1 ! fake-sink",
    "app-src ! funnel nope=1 ! fake-sink",
    "app-src ! fake-sink cnt=1",
    "app-src ! fd-sink file=3",
    "app-src max=3 ! app-sink",
    "app-src ! app-sink emit=true",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillPipeline) pipeline = rill_parse_launch (lines[i], &error);

      g_test_message ("%s", lines[i]);
      g_assert_null (pipeline);
      g_assert_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_NO_SUCH_PROPERTY);
    }
}

static void
test_parse_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillPipeline) pipeline =
    rill_parse_launch ("file-src name=src location=/tmp mode=lines shard-index=1 shard-count=4 "
                       "! limit name=lim max=12 ! file-sink name=out location=/tmp/x format=text",
                       &error);
  RillElement *src, *lim, *out;
  int mode = -1, format = -1;
  guint index = 0, count = 0;
  guint64 max = 0;

  g_assert_no_error (error);
  g_assert_nonnull (pipeline);
  src = rill_pipeline_get_by_name (pipeline, "src");
  lim = rill_pipeline_get_by_name (pipeline, "lim");
  out = rill_pipeline_get_by_name (pipeline, "out");
  g_object_get (src, "mode", &mode, "shard-index", &index, "shard-count", &count, NULL);
  g_object_get (lim, "max", &max, NULL);
  g_object_get (out, "format", &format, NULL);
  g_assert_cmpint (mode, ==, 1);      /* lines */
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (max, ==, 12);
  g_assert_cmpint (format, ==, 2);    /* text */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/elements/properties/%s", cases[i].factory);

      g_test_add_data_func (path, &cases[i], test_element);
    }
  g_test_add_func ("/elements/properties/plugin", test_plugin);
  g_test_add_func ("/elements/properties/links", test_links);
  g_test_add_func ("/elements/properties/parse-unknown", test_parse_unknown_property);
  g_test_add_func ("/elements/properties/parse-values", test_parse_values);

  return g_test_run ();
}
