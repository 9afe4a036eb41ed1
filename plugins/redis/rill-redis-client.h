/* rill-redis-client.h: a small blocking Redis client on hiredis
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <hiredis/hiredis.h>

G_BEGIN_DECLS

/**
 * RillRedis:
 *
 * One connection to a Redis server (or Valkey: same protocol), given by a URL
 * `redis://[[user]:password@]host[:port][/db]` (default port 6379, db 0).
 *
 * Commands are blocking. A connection lost while running is re-opened with
 * exponential backoff and jitter (100 ms doubling to 5 s) until the
 * reconnect timeout (default 60 s) has passed, and the command is then sent
 * again: a command that had reached the server before the connection broke
 * may therefore run twice (at-least-once), so callers send commands whose
 * repetition is harmless (XACK, XADD of a doc keyed elsewhere, HSET, SET NX...).
 *
 * Redis Cluster redirections (`MOVED`, `ASK`) are not followed: point it at
 * the node that holds the keys, or at a proxy.
 *
 * A #RillRedis is not thread-safe (hiredis contexts are not): use one per
 * element. It may be used from any thread, but never from two at once.
 */
typedef struct _RillRedis RillRedis;

/**
 * RillRedisReply:
 *
 * A hiredis `redisReply`, under a name that `g_autoptr()` accepts:
 * `g_autoptr (RillRedisReply) reply = rill_redis_command (...)`.
 */
typedef redisReply RillRedisReply;

RillRedis      *rill_redis_new                    (const char    *url,
                                                   GError       **error);
void            rill_redis_free                   (RillRedis     *self);

const char     *rill_redis_get_address            (RillRedis     *self);
const char     *rill_redis_get_url                (RillRedis     *self);

void            rill_redis_set_reconnect_timeout  (RillRedis     *self,
                                                   guint          seconds);
guint           rill_redis_get_reconnect_timeout  (RillRedis     *self);
void            rill_redis_set_read_timeout       (RillRedis     *self,
                                                   guint          milliseconds);

gboolean        rill_redis_connect                (RillRedis     *self,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
gboolean        rill_redis_is_connected           (RillRedis     *self);
void            rill_redis_disconnect             (RillRedis     *self);
guint           rill_redis_get_reconnects         (RillRedis     *self);

redisReply     *rill_redis_command                (RillRedis     *self,
                                                   GCancellable  *cancellable,
                                                   GError       **error,
                                                   const char    *format,
                                                   ...);
redisReply     *rill_redis_commandv               (RillRedis     *self,
                                                   GCancellable  *cancellable,
                                                   GError       **error,
                                                   int            argc,
                                                   const char   **argv,
                                                   const size_t  *argvlen);
gboolean        rill_redis_pipeline               (RillRedis     *self,
                                                   GCancellable  *cancellable,
                                                   guint          n,
                                                   const int     *argc,
                                                   const char  ***argv,
                                                   const size_t **argvlen,
                                                   redisReply   **replies,
                                                   GError       **error);
gboolean        rill_redis_reply_check            (RillRedis     *self,
                                                   redisReply    *reply,
                                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillRedis, rill_redis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillRedisReply, freeReplyObject)

G_END_DECLS
