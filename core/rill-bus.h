/* rill-bus.h: delivers a pipeline's messages on a main context
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-message.h"

G_BEGIN_DECLS

#define RILL_TYPE_BUS (rill_bus_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillBus, rill_bus, RILL, BUS, GObject)

RILL_AVAILABLE_IN_ALL
RillBus     *rill_bus_new          (void);
RILL_AVAILABLE_IN_ALL
void         rill_bus_post         (RillBus      *self,
                                    RillMessage  *message);
RILL_AVAILABLE_IN_ALL
void         rill_bus_attach       (RillBus      *self,
                                    GMainContext *context);
RILL_AVAILABLE_IN_ALL
void         rill_bus_detach       (RillBus      *self);
RILL_AVAILABLE_IN_ALL
RillMessage *rill_bus_pop          (RillBus      *self);
RILL_AVAILABLE_IN_ALL
void         rill_bus_dispatch     (RillBus      *self);

G_END_DECLS
