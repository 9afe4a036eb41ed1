/* rill-redis-elements.h: the element types and enums of the redis plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <rill.h>

G_BEGIN_DECLS

/**
 * RillRedisSinkType:
 * @RILL_REDIS_SINK_TYPE_STREAM: `XADD` to a stream
 * @RILL_REDIS_SINK_TYPE_LIST: `RPUSH` to a list
 * @RILL_REDIS_SINK_TYPE_HASH: `HSET` in a hash, keyed by a doc field
 *
 * What kind of Redis key `redis-sink` writes to.
 */
typedef enum {
  RILL_REDIS_SINK_TYPE_STREAM,
  RILL_REDIS_SINK_TYPE_LIST,
  RILL_REDIS_SINK_TYPE_HASH,
} RillRedisSinkType;

G_GNUC_INTERNAL GType rill_redis_sink_type_get_type (void);
#define RILL_TYPE_REDIS_SINK_TYPE (rill_redis_sink_type_get_type ())

/* A string property's new value, or @fallback when it is set to NULL. */
static inline void
rill_redis_set_string (char         **field,
                       const GValue  *value,
                       const char    *fallback)
{
  const char *s = g_value_get_string (value);

  g_free (*field);
  *field = g_strdup (s != NULL ? s : fallback);
}

G_GNUC_INTERNAL GType rill_redis_src_get_type  (void);
G_GNUC_INTERNAL GType rill_redis_sink_get_type (void);

G_END_DECLS
