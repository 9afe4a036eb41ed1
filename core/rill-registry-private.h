/* rill-registry-private.h: constructors the registry uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-plugin.h"
#include "rill-element-factory.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
RillPlugin         *_rill_plugin_new          (const RillPluginDesc *desc,
                                               const char           *filename);
G_GNUC_INTERNAL
RillElementFactory *_rill_element_factory_new (const char           *name,
                                               GType                 type,
                                               RillPlugin           *plugin);
G_GNUC_INTERNAL
gboolean            _rill_registry_add_factory (RillRegistry        *self,
                                               RillElementFactory   *factory,
                                               GError              **error);

G_END_DECLS
