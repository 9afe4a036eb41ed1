/* rill-sqlite-elements.h: the elements of the sqlite plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>
#include <rill.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL GType rill_sqlite_sink_get_type (void);
G_GNUC_INTERNAL GType rill_sqlite_src_get_type  (void);

G_END_DECLS
