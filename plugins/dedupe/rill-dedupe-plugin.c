/* rill-dedupe-plugin.c: the dedupe plugin (near-duplicate removal)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "dedupe", rill_dedupe_get_type (), error);
}

RILL_PLUGIN_DEFINE ("dedupe",
                    "Duplicate and near-duplicate removal (exact, SimHash, "
                    "MinHash) with SQLite state across runs, and per-host "
                    "boilerplate paragraph removal",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
