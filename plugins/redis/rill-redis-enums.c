/* rill-redis-enums.c: enum types of the redis plugin's properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-redis-elements.h"

G_DEFINE_ENUM_TYPE (RillRedisSinkType, rill_redis_sink_type,
  G_DEFINE_ENUM_VALUE (RILL_REDIS_SINK_TYPE_STREAM, "stream"),
  G_DEFINE_ENUM_VALUE (RILL_REDIS_SINK_TYPE_LIST, "list"),
  G_DEFINE_ENUM_VALUE (RILL_REDIS_SINK_TYPE_HASH, "hash"))
