/* rill-inspect.h: what rill-inspect knows about factories and plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/* Name shown for elements that the library itself registers (app-src,
 * app-sink) rather than a plugin. */
#define RILL_INSPECT_BUILTIN_PLUGIN "builtin"

GList      *rill_inspect_list_plugins          (RillRegistry       *registry);
GList      *rill_inspect_list_factories        (RillRegistry       *registry,
                                                RillPlugin         *plugin);
gboolean    rill_inspect_has_builtin_factories (RillRegistry       *registry);
const char *rill_inspect_factory_plugin_name   (RillElementFactory *factory);
GPtrArray  *rill_inspect_list_properties       (GObjectClass       *klass);
gboolean    rill_inspect_max_is_unlimited      (guint               max);
char       *rill_inspect_default_to_string     (GParamSpec         *pspec);

JsonNode   *rill_inspect_registry_to_json      (RillRegistry       *registry);
JsonNode   *rill_inspect_plugin_to_json        (RillRegistry       *registry,
                                                RillPlugin         *plugin);
JsonNode   *rill_inspect_factory_to_json       (RillElementFactory *factory);
char       *rill_inspect_json_to_string        (JsonNode           *node);

G_END_DECLS
