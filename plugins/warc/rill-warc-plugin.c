/* rill-warc-plugin.c: the warc plugin (WARC files in and out)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-warc-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "warc-src", rill_warc_src_get_type (), error) &&
         rill_element_register (plugin, "warc-sink", rill_warc_sink_get_type (), error);
}

RILL_PLUGIN_DEFINE ("warc",
                    "WARC 1.0/1.1 files (plain or gzip per record): a streaming "
                    "reader and a writer",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
