/* rill-registry.c: the plugins and element factories this process knows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gmodule.h>

#include "rill-registry.h"
#include "rill-registry-private.h"
#include "rill-app-sink.h"
#include "rill-app-src.h"
#include "rill-error.h"

/**
 * RillRegistry:
 *
 * Knows every plugin and element factory of the process.
 *
 * The default registry loads plugins the first time it is asked for: it
 * scans each directory of `RILL_PLUGIN_PATH` (colon-separated), then
 * `RILL_PLUGIN_SYSTEM_PATH` if it is set (an empty value means none),
 * else the install directory `$libdir/rill-1.0`. Directories are scanned
 * flat, in order; a file whose plugin name was already loaded is skipped,
 * so a build-tree plugin can shadow an installed one. A file that fails
 * to load is reported with [method@Rill.Registry.get_load_errors] and a
 * warning, never fatal.
 *
 * `app-src` and `app-sink` are built into the library.
 */

struct _RillRegistry
{
  GObject parent_instance;

  GMutex lock;
  GHashTable *factories;   /* name -> RillElementFactory */
  GHashTable *plugins;     /* name -> RillPlugin */
  GPtrArray *load_errors;  /* char * */
  GPtrArray *modules;      /* GModule *, kept resident */
};

G_DEFINE_FINAL_TYPE (RillRegistry, rill_registry, G_TYPE_OBJECT)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
rill_registry_finalize (GObject *object)
{
  RillRegistry *self = RILL_REGISTRY (object);

  g_hash_table_unref (self->factories);
  g_hash_table_unref (self->plugins);
  g_ptr_array_unref (self->load_errors);
  g_ptr_array_unref (self->modules);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_registry_parent_class)->finalize (object);
}

static void
rill_registry_class_init (RillRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_registry_finalize;
}

static void
rill_registry_init (RillRegistry *self)
{
  g_mutex_init (&self->lock);
  self->factories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->plugins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->load_errors = g_ptr_array_new_with_free_func (g_free);
  self->modules = g_ptr_array_new ();
}

static void
add_load_error (RillRegistry *self,
                const char   *message)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->load_errors, g_strdup (message));
  g_mutex_unlock (&self->lock);
  g_warning ("%s", message);
}

static void
register_builtins (RillRegistry *self)
{
  static const RillPluginDesc desc = {
    RILL_MAJOR_VERSION, RILL_MINOR_VERSION, "app",
    "Elements built into librill that connect pipelines to application code",
    RILL_VERSION_S, "LGPL-2.1-or-later", "https://rill.example", NULL, { NULL, }
  };
  g_autoptr(RillPlugin) plugin = _rill_plugin_new (&desc, NULL);

  g_hash_table_insert (self->plugins, g_strdup ("app"), g_object_ref (plugin));
  rill_element_register (plugin, "app-src", RILL_TYPE_APP_SRC, NULL);
  rill_element_register (plugin, "app-sink", RILL_TYPE_APP_SINK, NULL);
}

static void
scan_path_list (RillRegistry *self,
                const char   *list)
{
  g_auto(GStrv) dirs = NULL;

  if (list == NULL)
    return;
  dirs = g_strsplit (list, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    if (*dirs[i] != '\0')
      rill_registry_scan_path (self, dirs[i]);
}

/**
 * rill_registry_get_default:
 *
 * The process's registry; plugins are loaded on the first call.
 *
 * Returns: (transfer none): the default registry
 */
RillRegistry *
rill_registry_get_default (void)
{
  static RillRegistry *registry;
  static gsize loaded;

  /* Registering built-ins calls back into this function, so the object
   * is published before the plugins are scanned. */
  if (g_once_init_enter (&loaded))
    {
      const char *system_path = g_getenv ("RILL_PLUGIN_SYSTEM_PATH");

      registry = g_object_new (RILL_TYPE_REGISTRY, NULL);
      g_once_init_leave (&loaded, 1);
      register_builtins (registry);
      scan_path_list (registry, g_getenv ("RILL_PLUGIN_PATH"));
      scan_path_list (registry, system_path != NULL ? system_path : RILL_PLUGINSDIR);
    }
  return registry;
}

/**
 * rill_registry_scan_path:
 * @self: a registry
 * @directory: (type filename): a directory of plugin modules
 *
 * Loads every module in @directory (not its subdirectories). Failures are
 * recorded, not fatal.
 */
void
rill_registry_scan_path (RillRegistry *self,
                         const char   *directory)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_return_if_fail (RILL_IS_REGISTRY (self));
  g_return_if_fail (directory != NULL);

  dir = g_dir_open (directory, 0, NULL);
  if (dir == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, "." G_MODULE_SUFFIX))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (directory, names->pdata[i], NULL);
      g_autoptr(GError) error = NULL;

      if (!rill_registry_load_file (self, path, &error) &&
          !g_error_matches (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NAME_TAKEN))
        add_load_error (self, error->message);
    }
}

static gboolean
plugin_loaded (RillRegistry *self,
               const char   *name)
{
  gboolean found;

  g_mutex_lock (&self->lock);
  found = g_hash_table_contains (self->plugins, name);
  g_mutex_unlock (&self->lock);
  return found;
}

/**
 * rill_registry_load_file:
 * @self: a registry
 * @filename: (type filename): a plugin module
 * @error: return location for an error
 *
 * Loads one plugin module and registers its elements. A plugin whose name
 * is already loaded is skipped with %RILL_PLUGIN_ERROR_NAME_TAKEN.
 *
 * Returns: %TRUE when the plugin was loaded
 */
gboolean
rill_registry_load_file (RillRegistry  *self,
                         const char    *filename,
                         GError       **error)
{
  GModule *module;
  const RillPluginDesc *desc = NULL;
  g_autoptr(RillPlugin) plugin = NULL;
  g_autoptr(GError) init_error = NULL;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  module = g_module_open (filename, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_MODULE,
                   "cannot load plugin %s: %s", filename, g_module_error ());
      return FALSE;
    }
  if (!g_module_symbol (module, "rill_plugin_desc", (gpointer *) &desc) || desc == NULL)
    {
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NO_DESCRIPTOR,
                   "cannot load plugin %s: it has no rill_plugin_desc symbol", filename);
      g_module_close (module);
      return FALSE;
    }
  if (desc->major_version != RILL_MAJOR_VERSION || desc->minor_version > RILL_MINOR_VERSION ||
      desc->name == NULL || desc->init == NULL)
    {
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_VERSION,
                   "cannot load plugin %s: built for Rill %d.%d, this is %d.%d",
                   filename, desc->major_version, desc->minor_version,
                   RILL_MAJOR_VERSION, RILL_MINOR_VERSION);
      g_module_close (module);
      return FALSE;
    }
  if (plugin_loaded (self, desc->name))
    {
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NAME_TAKEN,
                   "plugin '%s' from %s is already loaded", desc->name, filename);
      g_module_close (module);
      return FALSE;
    }

  plugin = _rill_plugin_new (desc, filename);
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->plugins, g_strdup (desc->name), g_object_ref (plugin));
  g_mutex_unlock (&self->lock);

  /* GTypes registered by the module can never be unloaded. */
  g_module_make_resident (module);
  g_ptr_array_add (self->modules, module);

  if (!desc->init (plugin, &init_error))
    {
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_INIT,
                   "plugin '%s' (%s) failed to initialise: %s", desc->name, filename,
                   init_error != NULL ? init_error->message : "no reason given");
      return FALSE;
    }
  return TRUE;
}

gboolean
_rill_registry_add_factory (RillRegistry        *self,
                            RillElementFactory  *factory,
                            GError             **error)
{
  const char *name = rill_element_factory_get_name (factory);
  gboolean ok = FALSE;

  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->factories, name))
    {
      RillElementFactory *old = g_hash_table_lookup (self->factories, name);
      RillPlugin *plugin = rill_element_factory_get_plugin (old);

      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_NAME_TAKEN,
                   "element '%s' is already registered by %s", name,
                   plugin != NULL ? rill_plugin_get_name (plugin) : "the application");
    }
  else
    {
      g_hash_table_insert (self->factories, g_strdup (name), g_object_ref (factory));
      ok = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

/**
 * rill_registry_find_factory:
 * @self: a registry
 * @name: a factory name
 *
 * Looks a factory up by name.
 *
 * Returns: (transfer none) (nullable): the factory, or %NULL
 */
RillElementFactory *
rill_registry_find_factory (RillRegistry *self,
                            const char   *name)
{
  RillElementFactory *factory;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  factory = g_hash_table_lookup (self->factories, name);
  g_mutex_unlock (&self->lock);
  return factory;
}

/**
 * rill_registry_find_plugin:
 * @self: a registry
 * @name: a plugin name
 *
 * Looks a plugin up by name.
 *
 * Returns: (transfer none) (nullable): the plugin, or %NULL
 */
RillPlugin *
rill_registry_find_plugin (RillRegistry *self,
                           const char   *name)
{
  RillPlugin *plugin;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  plugin = g_hash_table_lookup (self->plugins, name);
  g_mutex_unlock (&self->lock);
  return plugin;
}

static int
compare_factories (gconstpointer a,
                   gconstpointer b)
{
  return g_strcmp0 (rill_element_factory_get_name ((RillElementFactory *) a),
                    rill_element_factory_get_name ((RillElementFactory *) b));
}

static int
compare_plugins (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (rill_plugin_get_name ((RillPlugin *) a),
                    rill_plugin_get_name ((RillPlugin *) b));
}

/**
 * rill_registry_get_factories:
 * @self: a registry
 *
 * Gets every factory, sorted by name.
 *
 * Returns: (transfer container) (element-type RillElementFactory): every
 *   factory, sorted by name
 */
GList *
rill_registry_get_factories (RillRegistry *self)
{
  GList *list;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);

  g_mutex_lock (&self->lock);
  list = g_hash_table_get_values (self->factories);
  g_mutex_unlock (&self->lock);
  return g_list_sort (list, compare_factories);
}

/**
 * rill_registry_get_plugins:
 * @self: a registry
 *
 * Gets every plugin, sorted by name.
 *
 * Returns: (transfer container) (element-type RillPlugin): every plugin,
 *   sorted by name
 */
GList *
rill_registry_get_plugins (RillRegistry *self)
{
  GList *list;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);

  g_mutex_lock (&self->lock);
  list = g_hash_table_get_values (self->plugins);
  g_mutex_unlock (&self->lock);
  return g_list_sort (list, compare_plugins);
}

/**
 * rill_registry_get_plugin_factories:
 * @self: a registry
 * @plugin: (nullable): a plugin, or %NULL for elements registered at run time
 *
 * Gets the factories @plugin registered, sorted by name.
 *
 * Returns: (transfer container) (element-type RillElementFactory): the
 *   factories @plugin registered, sorted by name
 */
GList *
rill_registry_get_plugin_factories (RillRegistry *self,
                                    RillPlugin   *plugin)
{
  GList *all;
  GList *mine = NULL;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);

  all = rill_registry_get_factories (self);
  for (GList *l = all; l != NULL; l = l->next)
    if (rill_element_factory_get_plugin (l->data) == plugin)
      mine = g_list_prepend (mine, l->data);
  g_list_free (all);
  return g_list_reverse (mine);
}

/**
 * rill_registry_get_load_errors:
 * @self: a registry
 *
 * Gets one message per plugin file that could not be loaded.
 *
 * Returns: (transfer full) (array zero-terminated=1): one message per
 *   plugin file that could not be loaded
 */
char **
rill_registry_get_load_errors (RillRegistry *self)
{
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);

  builder = g_strv_builder_new ();
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->load_errors->len; i++)
    g_strv_builder_add (builder, self->load_errors->pdata[i]);
  g_mutex_unlock (&self->lock);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/**
 * rill_registry_suggest:
 * @self: a registry
 * @name: a name that matched no element
 *
 * Gets the nearest element name, if one is close enough to be a likely typo.
 *
 * Returns: (transfer full) (nullable): the nearest element name, if one
 *   is close enough to be a likely typo
 */
char *
rill_registry_suggest (RillRegistry *self,
                       const char   *name)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (RILL_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->factories);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_mutex_unlock (&self->lock);
  g_ptr_array_set_free_func (names, g_free);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return rill_suggest_nearest (name, (const char * const *) names->pdata);
}
