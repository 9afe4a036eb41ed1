/* test-registry.c: plugin loading, run-time registration, suggestions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>

#include "rill-test-utils.h"

/* The build-tree plugins on RILL_PLUGIN_PATH are loaded, with their
 * descriptors; the built-in app elements are there too. */
static void
test_default_plugins (void)
{
  RillRegistry *registry = rill_registry_get_default ();
  RillPlugin *core = rill_registry_find_plugin (registry, "core");
  RillPlugin *app = rill_registry_find_plugin (registry, "app");
  RillElementFactory *identity = rill_registry_find_factory (registry, "identity");
  GList *mine;

  g_assert_nonnull (core);
  g_assert_cmpstr (rill_plugin_get_license (core), ==, "LGPL-2.1-or-later");
  g_assert_true (g_str_has_suffix (rill_plugin_get_filename (core), "." G_MODULE_SUFFIX));
  g_assert_nonnull (app);
  g_assert_null (rill_plugin_get_filename (app));
  g_assert_nonnull (identity);
  g_assert_true (rill_element_factory_get_plugin (identity) == core);
  g_assert_cmpstr (rill_element_factory_get_classification (identity), !=, NULL);
  g_assert_nonnull (rill_registry_find_factory (registry, "app-src"));

  mine = rill_registry_get_plugin_factories (registry, core);
  g_assert_cmpuint (g_list_length (mine), >=, 9);
  g_list_free (mine);
}

/* A file that is not a plugin is reported and skipped; the registry goes
 * on working. */
static void
test_broken_plugin (void)
{
  RillRegistry *registry = rill_registry_get_default ();
  g_autofree char *dir = g_dir_make_tmp ("rill-plugins-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "librill-junk." G_MODULE_SUFFIX, NULL);
  g_autofree char *nodesc = g_build_filename (dir, "librill-nodesc." G_MODULE_SUFFIX, NULL);
  g_autofree char *libglib = NULL;
  g_auto(GStrv) errors = NULL;
  g_autoptr(GError) error = NULL;
  gboolean junk_reported = FALSE;

  g_assert_true (g_file_set_contents (junk, "this is not an ELF file", -1, NULL));
  g_assert_false (rill_registry_load_file (registry, junk, &error));
  g_assert_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_MODULE);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);

  /* A real shared object without a descriptor. */
  libglib = g_module_build_path (NULL, "rill-1.0");
  {
    g_autofree char *self_lib = g_build_filename (g_getenv ("RILL_BUILD_ROOT"), "core",
                                                  "librill-1.0." G_MODULE_SUFFIX, NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (self_lib, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (nodesc, contents, len, NULL));
  }
  g_assert_false (rill_registry_load_file (registry, nodesc, &error));
  g_assert_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NO_DESCRIPTOR);
  g_clear_error (&error);

  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*librill-junk*");
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*librill-nodesc*");
  rill_registry_scan_path (registry, dir);
  g_test_assert_expected_messages ();
  errors = rill_registry_get_load_errors (registry);
  for (guint i = 0; errors[i] != NULL; i++)
    junk_reported |= strstr (errors[i], "librill-junk") != NULL;
  g_assert_true (junk_reported);
  g_assert_nonnull (rill_registry_find_factory (registry, "identity"));

  g_unlink (junk);
  g_unlink (nodesc);
  g_rmdir (dir);
}

/* Loading the same plugin twice is refused by name, not fatal. */
static void
test_plugin_loaded_once (void)
{
  RillRegistry *registry = rill_registry_get_default ();
  RillPlugin *core = rill_registry_find_plugin (registry, "core");
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_registry_load_file (registry, rill_plugin_get_filename (core), &error));
  g_assert_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NAME_TAKEN);
}

/* Elements registered at run time are usable by name; a taken name is
 * refused. */
static void
test_runtime_registration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillElement) element = NULL;

  rill_test_register_elements ();
  element = rill_element_factory_make ("test-burn", "b", &error);
  g_assert_no_error (error);
  g_assert_true (RILL_IS_TEST_BURN (element));
  g_assert_null (rill_element_factory_get_plugin (rill_element_factory_find ("test-burn")));

  g_assert_false (rill_element_register (NULL, "identity", RILL_TYPE_TEST_BURN, &error));
  g_assert_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NAME_TAKEN);
  g_assert_nonnull (strstr (error->message, "core"));
}

/* Unknown names suggest the nearest known one. */
static void
test_suggestions (void)
{
  RillRegistry *registry = rill_registry_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *s1 = rill_registry_suggest (registry, "identty");
  g_autofree char *s2 = rill_registry_suggest (registry, "fakesink");
  g_autofree char *s3 = rill_registry_suggest (registry, "qqqqqqqqqq");

  g_assert_cmpstr (s1, ==, "identity");
  g_assert_cmpstr (s2, ==, "fake-sink");
  g_assert_null (s3);

  g_assert_null (rill_element_factory_make ("identiy", NULL, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT);
  g_assert_cmpstr (error->message, ==, "no element 'identiy'; did you mean 'identity'?");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/default-plugins", test_default_plugins);
  g_test_add_func ("/registry/broken-plugin", test_broken_plugin);
  g_test_add_func ("/registry/plugin-loaded-once", test_plugin_loaded_once);
  g_test_add_func ("/registry/runtime-registration", test_runtime_registration);
  g_test_add_func ("/registry/suggestions", test_suggestions);
  return g_test_run ();
}
