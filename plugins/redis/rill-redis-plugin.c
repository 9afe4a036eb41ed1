/* rill-redis-plugin.c: the redis plugin (Redis streams, lists and hashes)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-redis-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "redis-src", rill_redis_src_get_type (), error) &&
         rill_element_register (plugin, "redis-sink", rill_redis_sink_get_type (), error);
}

RILL_PLUGIN_DEFINE ("redis",
                    "Redis: redis-src reads a stream through a consumer group "
                    "and acknowledges docs once they are written; redis-sink "
                    "writes to a stream, list or hash",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
