/* rill-dedupe-redis.h: the dedupe index kept in Redis, shared by workers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rill-dedupe-index.h"

G_BEGIN_DECLS

/**
 * RillDedupeRedisDoc:
 * @text: (in): UTF-8 text of the compared field
 * @len: (in): its length, or -1 if nul-terminated
 * @key: (in) (nullable): the doc's stable key (URL, source id): a key
 *   checked before gets its recorded verdict again; %NULL: no record
 * @date: (in): publication time (Unix seconds) or %RILL_DEDUPE_NO_DATE
 * @info: (in) (nullable): what names this doc when it is a later doc's
 *   dup-of (the element stores its URL)
 * @id: (out): the id Redis gave the doc (1, 2, ... across every worker)
 * @result: (out): the verdict (never %RILL_DEDUPE_SEEN)
 * @again: (out): whether @key had been checked before (a redelivery):
 *   @id and @result are the recorded ones
 * @dup_of_info: (out) (nullable): for a duplicate, the @info of the doc
 *   named by @result.dup_of (free with rill_dedupe_redis_doc_clear())
 * @dup_of_date: (out): for a duplicate, that doc's date, or
 *   %RILL_DEDUPE_NO_DATE
 *
 * One doc of a rill_dedupe_redis_check() batch.
 */
typedef struct
{
  const char       *text;
  gssize            len;
  const char       *key;
  gint64            date;
  const char       *info;

  guint64           id;
  RillDedupeResult  result;
  gboolean          again;
  char             *dup_of_info;
  gint64            dup_of_date;
} RillDedupeRedisDoc;

typedef struct _RillDedupeRedis RillDedupeRedis;

gboolean         rill_dedupe_redis_is_url        (const char             *state);
gboolean         rill_dedupe_redis_is_supported  (void);

RillDedupeRedis *rill_dedupe_redis_new           (const RillDedupeParams *params,
                                                  const char             *url,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
void             rill_dedupe_redis_free          (RillDedupeRedis        *self);

gboolean         rill_dedupe_redis_check         (RillDedupeRedis        *self,
                                                  RillDedupeRedisDoc     *docs,
                                                  guint                   n_docs,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
void             rill_dedupe_redis_doc_clear     (RillDedupeRedisDoc     *doc);

const char      *rill_dedupe_redis_get_address   (RillDedupeRedis        *self);
const char      *rill_dedupe_redis_get_prefix    (RillDedupeRedis        *self);
void             rill_dedupe_redis_set_reconnect_timeout (RillDedupeRedis *self,
                                                          guint            seconds);
gboolean         rill_dedupe_redis_get_server_stats (RillDedupeRedis     *self,
                                                     guint64             *used_bytes,
                                                     double              *cpu_seconds,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDedupeRedis, rill_dedupe_redis_free)

G_END_DECLS
