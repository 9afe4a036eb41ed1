/* rill-json-plugin.c: the json plugin (JSON lines sources and sinks)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-json-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "jsonl-src", rill_jsonl_src_get_type (), error) &&
         rill_element_register (plugin, "jsonl-sink", rill_jsonl_sink_get_type (), error);
}

RILL_PLUGIN_DEFINE ("json",
                    "JSON lines: jsonl-src reads and jsonl-sink writes one doc "
                    "a line, plain or gzip-compressed",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
