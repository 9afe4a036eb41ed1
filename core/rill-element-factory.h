/* rill-element-factory.h: creates elements of one registered name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-element.h"

G_BEGIN_DECLS

#define RILL_TYPE_ELEMENT_FACTORY (rill_element_factory_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillElementFactory, rill_element_factory, RILL, ELEMENT_FACTORY, GObject)

RILL_AVAILABLE_IN_ALL
RillElementFactory *rill_element_factory_find           (const char          *name);
RILL_AVAILABLE_IN_ALL
RillElement        *rill_element_factory_make           (const char          *factory_name,
                                                         const char          *name,
                                                         GError             **error);
RILL_AVAILABLE_IN_ALL
RillElement        *rill_element_factory_create         (RillElementFactory  *self,
                                                         const char          *name);
RILL_AVAILABLE_IN_ALL
const char         *rill_element_factory_get_name       (RillElementFactory  *self);
RILL_AVAILABLE_IN_ALL
GType               rill_element_factory_get_element_type (RillElementFactory *self);
RILL_AVAILABLE_IN_ALL
RillPlugin         *rill_element_factory_get_plugin     (RillElementFactory  *self);
RILL_AVAILABLE_IN_ALL
const char         *rill_element_factory_get_long_name  (RillElementFactory  *self);
RILL_AVAILABLE_IN_ALL
const char         *rill_element_factory_get_classification (RillElementFactory *self);
RILL_AVAILABLE_IN_ALL
const char         *rill_element_factory_get_description (RillElementFactory *self);

G_END_DECLS
