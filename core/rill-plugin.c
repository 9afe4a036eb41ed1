/* rill-plugin.c: a loadable module that registers element factories
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-plugin.h"
#include "rill-element.h"
#include "rill-element-private.h"
#include "rill-error.h"
#include "rill-registry.h"
#include "rill-registry-private.h"

/**
 * RillPlugin:
 *
 * A shared module found on `RILL_PLUGIN_PATH` (or in `$libdir/rill-1.0`)
 * that registers element factories.
 *
 * A plugin exports one descriptor, declared with [func@Rill.PLUGIN_DEFINE];
 * its init function calls [func@Rill.Element.register] for each element:
 *
 * ```c
 * static gboolean
 * plugin_init (RillPlugin *plugin, GError **error)
 * {
 *   return rill_element_register (plugin, "word-count", MY_TYPE_WORD_COUNT, error);
 * }
 *
 * RILL_PLUGIN_DEFINE ("words", "Counts words", plugin_init,
 *                     "1.0", "MIT", "https://example.org")
 * ```
 */

struct _RillPlugin
{
  GObject parent_instance;

  char *name;
  char *description;
  char *version;
  char *license;
  char *origin;
  char *filename;
};

G_DEFINE_FINAL_TYPE (RillPlugin, rill_plugin, G_TYPE_OBJECT)

static void
rill_plugin_finalize (GObject *object)
{
  RillPlugin *self = RILL_PLUGIN (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_free (self->license);
  g_free (self->origin);
  g_free (self->filename);

  G_OBJECT_CLASS (rill_plugin_parent_class)->finalize (object);
}

static void
rill_plugin_class_init (RillPluginClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_plugin_finalize;
}

static void
rill_plugin_init (RillPlugin *self)
{
}

RillPlugin *
_rill_plugin_new (const RillPluginDesc *desc,
                  const char           *filename)
{
  RillPlugin *self = g_object_new (RILL_TYPE_PLUGIN, NULL);

  self->name = g_strdup (desc->name);
  self->description = g_strdup (desc->description);
  self->version = g_strdup (desc->version);
  self->license = g_strdup (desc->license);
  self->origin = g_strdup (desc->origin);
  self->filename = g_strdup (filename);
  return self;
}

/**
 * rill_plugin_get_name:
 * @self: a plugin
 *
 * Gets the plugin's short name.
 *
 * Returns: the plugin's short name
 */
const char *
rill_plugin_get_name (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->name;
}

/**
 * rill_plugin_get_description:
 * @self: a plugin
 *
 * Gets one line about the plugin.
 *
 * Returns: (nullable): one line about the plugin
 */
const char *
rill_plugin_get_description (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->description;
}

/**
 * rill_plugin_get_version:
 * @self: a plugin
 *
 * Gets the plugin's version.
 *
 * Returns: (nullable): the plugin's version
 */
const char *
rill_plugin_get_version (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->version;
}

/**
 * rill_plugin_get_license:
 * @self: a plugin
 *
 * Gets the plugin's licence (SPDX identifier).
 *
 * Returns: (nullable): the plugin's licence (SPDX identifier)
 */
const char *
rill_plugin_get_license (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->license;
}

/**
 * rill_plugin_get_origin:
 * @self: a plugin
 *
 * Gets where the plugin comes from.
 *
 * Returns: (nullable): where the plugin comes from
 */
const char *
rill_plugin_get_origin (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->origin;
}

/**
 * rill_plugin_get_filename:
 * @self: a plugin
 *
 * Gets the module file, %NULL for elements built into the library or registered at run time.
 *
 * Returns: (nullable) (type filename): the module file, %NULL for
 *   elements built into the library or registered at run time
 */
const char *
rill_plugin_get_filename (RillPlugin *self)
{
  g_return_val_if_fail (RILL_IS_PLUGIN (self), NULL);
  return self->filename;
}

/**
 * rill_element_register:
 * @plugin: (nullable): the plugin registering the element, or %NULL for an
 *   element registered at run time (e.g. one written in Python)
 * @name: the factory name, lower-case and dash-separated (`html-extract`)
 * @type: a #GType derived from [class@Rill.Element]
 * @error: return location for an error
 *
 * Makes @type available under @name to [func@Rill.ElementFactory.make]
 * and launch lines.
 *
 * Returns: %TRUE on success; %FALSE when @name is taken
 */
gboolean
rill_element_register (RillPlugin  *plugin,
                       const char  *name,
                       GType        type,
                       GError     **error)
{
  g_autoptr(RillElementFactory) factory = NULL;

  g_return_val_if_fail (plugin == NULL || RILL_IS_PLUGIN (plugin), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (g_type_is_a (type, RILL_TYPE_ELEMENT), FALSE);

  factory = _rill_element_factory_new (name, type, plugin);
  if (!_rill_registry_add_factory (rill_registry_get_default (), factory, error))
    return FALSE;
  _rill_element_set_factory_name (type, name);
  return TRUE;
}
