/* redis-test-server.h: a throwaway redis-server for the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GPid pid;                    /* 0 when not running */
  guint port;
  char *dir;                   /* its --dir, removed by _free() */
  char *url;                   /* redis://127.0.0.1:PORT/0 */
} RillTestRedis;

gboolean       rill_test_redis_available (void);
guint          rill_test_redis_free_port (void);
RillTestRedis *rill_test_redis_start     (guint          port);
gboolean       rill_test_redis_restart   (RillTestRedis *self);
void           rill_test_redis_kill      (RillTestRedis *self,
                                          int            signum);
void           rill_test_redis_free      (RillTestRedis *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillTestRedis, rill_test_redis_free)

G_END_DECLS
