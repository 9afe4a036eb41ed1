/* rill-inspect-model.c: plugins, factories and properties in the order
 * rill-inspect shows them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-inspect.h"

static gpointer
ref_object (gconstpointer object,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

static int
compare_plugins (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (rill_plugin_get_name ((RillPlugin *) a),
                    rill_plugin_get_name ((RillPlugin *) b));
}

static int
compare_factories (gconstpointer a,
                   gconstpointer b)
{
  return g_strcmp0 (rill_element_factory_get_name ((RillElementFactory *) a),
                    rill_element_factory_get_name ((RillElementFactory *) b));
}

/*
 * rill_inspect_list_plugins:
 * @registry: the registry
 *
 * Returns: (transfer full) (element-type RillPlugin): the loaded plugins
 *   sorted by name, each with a reference
 */
GList *
rill_inspect_list_plugins (RillRegistry *registry)
{
  GList *plugins = rill_registry_get_plugins (registry);

  /* The registry's list is (transfer container); give the caller a
   * reference on each plugin so all lists here are freed alike. */
  GList *sorted = g_list_copy_deep (plugins, ref_object, NULL);

  g_list_free (plugins);
  return g_list_sort (sorted, compare_plugins);
}

/*
 * rill_inspect_list_factories:
 * @registry: the registry
 * @plugin: (nullable): a plugin, or %NULL for the library's built-in
 *   elements
 *
 * Returns: (transfer full) (element-type RillElementFactory): the
 *   factories of @plugin sorted by name, each with a reference
 */
GList *
rill_inspect_list_factories (RillRegistry *registry,
                             RillPlugin   *plugin)
{
  GList *all = rill_registry_get_factories (registry);
  GList *out = NULL;

  for (GList *l = all; l != NULL; l = l->next)
    {
      RillElementFactory *factory = l->data;

      if (rill_element_factory_get_plugin (factory) == plugin)
        out = g_list_prepend (out, g_object_ref (factory));
    }
  g_list_free (all);
  return g_list_sort (out, compare_factories);
}

/*
 * rill_inspect_has_builtin_factories:
 * @registry: the registry
 *
 * Returns: whether some factories belong to no plugin (app-src, ...)
 */
gboolean
rill_inspect_has_builtin_factories (RillRegistry *registry)
{
  GList *builtin = rill_inspect_list_factories (registry, NULL);
  gboolean any = builtin != NULL;

  g_list_free_full (builtin, g_object_unref);
  return any;
}

/*
 * rill_inspect_factory_plugin_name:
 * @factory: a factory
 *
 * Returns: (transfer none): the name of its plugin, or
 *   %RILL_INSPECT_BUILTIN_PLUGIN for the library's own elements
 */
const char *
rill_inspect_factory_plugin_name (RillElementFactory *factory)
{
  RillPlugin *plugin = rill_element_factory_get_plugin (factory);

  return plugin != NULL ? rill_plugin_get_name (plugin) : RILL_INSPECT_BUILTIN_PLUGIN;
}

static guint
type_depth (GType type)
{
  return g_type_depth (type);
}

static int
compare_pspecs (gconstpointer a,
                gconstpointer b)
{
  GParamSpec *pa = *(GParamSpec **) a;
  GParamSpec *pb = *(GParamSpec **) b;
  guint da = type_depth (pa->owner_type);
  guint db = type_depth (pb->owner_type);

  if (da != db)
    return da < db ? -1 : 1;
  if (pa->param_id != pb->param_id)
    return pa->param_id < pb->param_id ? -1 : 1;
  return g_strcmp0 (pa->name, pb->name);
}

/*
 * rill_inspect_list_properties:
 * @klass: an element class
 *
 * Lists the properties in a stable order: those of base classes first,
 * then each class's in the order it installed them.
 *
 * Returns: (transfer container) (element-type GParamSpec): the
 *   properties
 */
GPtrArray *
rill_inspect_list_properties (GObjectClass *klass)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;
  GPtrArray *out;

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  out = g_ptr_array_sized_new (n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    g_ptr_array_add (out, pspecs[i]);
  g_ptr_array_sort (out, compare_pspecs);
  return out;
}

/*
 * rill_inspect_max_is_unlimited:
 * @max: a maximum number of inputs or outputs
 *
 * Returns: whether @max means "no limit" (tee's outputs, funnel's inputs)
 */
gboolean
rill_inspect_max_is_unlimited (guint max)
{
  return max >= (guint) G_MAXINT;
}

/*
 * rill_inspect_default_to_string:
 * @pspec: a property
 *
 * Returns: (transfer full) (nullable): the default value as a launch
 *   line would write it, or %NULL when it has none (a %NULL string)
 */
char *
rill_inspect_default_to_string (GParamSpec *pspec)
{
  const GValue *value = g_param_spec_get_default_value (pspec);

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) == NULL)
    return NULL;
  if ((G_VALUE_HOLDS_BOXED (value) || G_VALUE_HOLDS_OBJECT (value)) &&
      g_value_peek_pointer (value) == NULL)
    return NULL;
  return rill_value_to_string (value);
}
