/* rill-plugin.h: a loadable module that registers element factories
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-version.h"

G_BEGIN_DECLS

#define RILL_TYPE_PLUGIN (rill_plugin_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillPlugin, rill_plugin, RILL, PLUGIN, GObject)

/**
 * RillPluginInitFunc:
 * @plugin: the plugin being loaded
 * @error: return location for an error
 *
 * Registers the plugin's elements with [func@Rill.Element.register].
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*RillPluginInitFunc) (RillPlugin  *plugin,
                                        GError     **error);

/**
 * RillPluginDesc:
 * @major_version: the major Rill version the plugin was built against
 * @minor_version: the minor Rill version the plugin was built against
 * @name: short name, e.g. `core`
 * @description: one line for rill-inspect
 * @version: the plugin's version
 * @license: SPDX identifier
 * @origin: where the plugin comes from (a URL)
 * @init: registers the elements
 *
 * The descriptor every plugin module exports as `rill_plugin_desc`;
 * declare it with [func@Rill.PLUGIN_DEFINE].
 */
typedef struct {
  int major_version;
  int minor_version;
  const char *name;
  const char *description;
  const char *version;
  const char *license;
  const char *origin;
  RillPluginInitFunc init;
  /*< private >*/
  gpointer _reserved[4];
} RillPluginDesc;

/**
 * RILL_PLUGIN_DEFINE:
 * @name: the plugin's short name, a string
 * @description: one line, a string
 * @init: a [callback@Rill.PluginInitFunc]
 * @version: the plugin's version, a string
 * @license: SPDX identifier, a string
 * @origin: where it comes from, a string
 *
 * Declares the exported descriptor of a plugin module.
 */
#define RILL_PLUGIN_DEFINE(name, description, init, version, license, origin) \
  G_MODULE_EXPORT const RillPluginDesc rill_plugin_desc = {                 \
    RILL_MAJOR_VERSION, RILL_MINOR_VERSION,                                 \
    name, description, version, license, origin, init, { NULL, }           \
  };

RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_name        (RillPlugin *self);
RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_description (RillPlugin *self);
RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_version     (RillPlugin *self);
RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_license     (RillPlugin *self);
RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_origin      (RillPlugin *self);
RILL_AVAILABLE_IN_ALL
const char *rill_plugin_get_filename    (RillPlugin *self);

RILL_AVAILABLE_IN_ALL
gboolean    rill_element_register       (RillPlugin  *plugin,
                                         const char  *name,
                                         GType        type,
                                         GError     **error);

G_END_DECLS
