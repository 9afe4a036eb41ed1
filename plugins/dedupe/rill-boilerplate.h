/* rill-boilerplate.h: per-host paragraph boilerplate removal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillBoilerplate RillBoilerplate;

RillBoilerplate *rill_boilerplate_new   (guint            min_pages);
void             rill_boilerplate_free  (RillBoilerplate *self);
char            *rill_boilerplate_strip (RillBoilerplate *self,
                                         const char      *host,
                                         const char      *text,
                                         guint           *n_removed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillBoilerplate, rill_boilerplate_free)

G_END_DECLS
