/* rill-registry.h: the plugins and element factories this process knows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-plugin.h"
#include "rill-element-factory.h"

G_BEGIN_DECLS

#define RILL_TYPE_REGISTRY (rill_registry_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillRegistry, rill_registry, RILL, REGISTRY, GObject)

RILL_AVAILABLE_IN_ALL
RillRegistry       *rill_registry_get_default      (void);
RILL_AVAILABLE_IN_ALL
gboolean            rill_registry_load_file        (RillRegistry *self,
                                                    const char   *filename,
                                                    GError      **error);
RILL_AVAILABLE_IN_ALL
void                rill_registry_scan_path        (RillRegistry *self,
                                                    const char   *directory);
RILL_AVAILABLE_IN_ALL
RillElementFactory *rill_registry_find_factory     (RillRegistry *self,
                                                    const char   *name);
RILL_AVAILABLE_IN_ALL
RillPlugin         *rill_registry_find_plugin      (RillRegistry *self,
                                                    const char   *name);
RILL_AVAILABLE_IN_ALL
GList              *rill_registry_get_factories    (RillRegistry *self);
RILL_AVAILABLE_IN_ALL
GList              *rill_registry_get_plugins      (RillRegistry *self);
RILL_AVAILABLE_IN_ALL
GList              *rill_registry_get_plugin_factories (RillRegistry *self,
                                                    RillPlugin   *plugin);
RILL_AVAILABLE_IN_ALL
char              **rill_registry_get_load_errors  (RillRegistry *self);
RILL_AVAILABLE_IN_ALL
char               *rill_registry_suggest          (RillRegistry *self,
                                                    const char   *name);

RILL_AVAILABLE_IN_ALL
char               *rill_suggest_nearest           (const char          *word,
                                                    const char * const  *candidates);

G_END_DECLS
