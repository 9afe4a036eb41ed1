/* elements-test.c: helpers of the element tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <glib/gstdio.h>

/* Makes an element of @factory, sets the properties given as name/value
 * string pairs (parsed through their GParamSpecs by g_object_set() with
 * GValue transforms from strings where needed) and adds it to @pipeline. */
RillElement *
et_make (RillPipeline *pipeline,
         const char   *factory,
         const char   *name,
         const char   *first_property,
         ...)
{
  g_autoptr(GError) error = NULL;
  RillElement *element = rill_element_factory_make (factory, name, &error);
  const char *prop;
  va_list args;

  g_assert_no_error (error);
  g_assert_nonnull (element);

  va_start (args, first_property);
  for (prop = first_property; prop != NULL; prop = va_arg (args, const char *))
    {
      const char *text = va_arg (args, const char *);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (element), prop);
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_nonnull (pspec);
      g_value_init (&value, pspec->value_type);
      if (G_IS_PARAM_SPEC_ENUM (pspec))
        {
          GEnumValue *ev = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class, text);

          g_assert_nonnull (ev);
          g_value_set_enum (&value, ev->value);
        }
      else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
        g_value_set_boolean (&value, g_str_equal (text, "true"));
      else if (G_IS_PARAM_SPEC_STRING (pspec))
        g_value_set_string (&value, text);
      else if (G_IS_PARAM_SPEC_INT (pspec))
        g_value_set_int (&value, (int) g_ascii_strtoll (text, NULL, 10));
      else if (G_IS_PARAM_SPEC_UINT (pspec))
        g_value_set_uint (&value, (guint) g_ascii_strtoull (text, NULL, 10));
      else if (G_IS_PARAM_SPEC_UINT64 (pspec))
        g_value_set_uint64 (&value, g_ascii_strtoull (text, NULL, 10));
      else
        g_assert_not_reached ();
      g_object_set_property (G_OBJECT (element), prop, &value);
    }
  va_end (args);

  if (pipeline != NULL)
    {
      rill_pipeline_add (pipeline, element, &error);
      g_assert_no_error (error);
      g_object_unref (element);   /* the pipeline keeps its own */
    }
  return element;
}

void
et_link (RillElement *a,
         RillElement *b)
{
  g_autoptr(GError) error = NULL;

  rill_element_link (a, b, &error);
  g_assert_no_error (error);
}

gboolean
et_run (RillPipeline  *pipeline,
        GError       **error)
{
  return rill_pipeline_run (pipeline, NULL, error);
}

GPtrArray *
et_pull_all (RillElement *app_sink)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  RillDoc *doc;

  g_assert_true (RILL_IS_APP_SINK (app_sink));
  while ((doc = rill_app_sink_pull_doc (RILL_APP_SINK (app_sink), NULL)) != NULL)
    g_ptr_array_add (docs, doc);
  g_assert_true (rill_app_sink_is_eos (RILL_APP_SINK (app_sink)));
  return docs;
}

gint64
et_stat (RillPipeline *pipeline,
         const char   *element,
         const char   *counter)
{
  g_autoptr(RillDoc) stats = rill_pipeline_get_stats (pipeline);
  RillDoc *one = rill_doc_get_doc (stats, element);

  g_assert_nonnull (one);
  g_assert_true (rill_doc_has_field (one, counter));
  return rill_doc_get_int (one, counter, -1);
}

char *
et_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rill-elements-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
et_write_file (const char *dir,
               const char *name,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

void
et_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) ||
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          et_rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

char *
et_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The values of @field in @docs, in order (NULL for a missing field is
 * stored as "(none)"). */
GPtrArray *
et_collect_strings (GPtrArray  *docs,
                    const char *field)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < docs->len; i++)
    {
      const char *v = rill_doc_get_string (docs->pdata[i], field);

      g_ptr_array_add (out, g_strdup (v != NULL ? v : "(none)"));
    }
  return out;
}

gboolean
et_strv_has (GPtrArray  *strings,
             const char *value)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (strings->pdata[i], value) == 0)
      return TRUE;
  return FALSE;
}

static void
on_bus_message (RillBus     *bus,
                RillMessage *message,
                gpointer     data)
{
  GPtrArray *warnings = data;
  const GError *error = rill_message_get_error (message);

  if (rill_message_get_message_type (message) == RILL_MESSAGE_WARNING && error != NULL)
    g_ptr_array_add (warnings, g_strdup (error->message));
}

/* The messages of the WARNING messages the bus of @pipeline will carry
 * (transfer full; the bus keeps its own reference). */
GPtrArray *
et_watch_warnings (RillPipeline *pipeline)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_ref (warnings);
  g_signal_connect_data (rill_pipeline_get_bus (pipeline), "message",
                         G_CALLBACK (on_bus_message), warnings,
                         (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
  return warnings;
}
