/* rill-sqlite-plugin.c: the sqlite plugin (SQLite sink and source)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-sqlite-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "sqlite-sink", rill_sqlite_sink_get_type (), error) &&
         rill_element_register (plugin, "sqlite-src", rill_sqlite_src_get_type (), error);
}

RILL_PLUGIN_DEFINE ("sqlite",
                    "SQLite: sqlite-sink upserts docs into a table with a "
                    "full-text index, sqlite-src emits the rows of a query",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
