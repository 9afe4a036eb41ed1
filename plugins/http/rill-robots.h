/* rill-robots.h: robots.txt rules (RFC 9309)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillRobots RillRobots;

RillRobots *rill_robots_new_allow_all     (void);
RillRobots *rill_robots_parse             (const char *text,
                                           gsize       len,
                                           const char *agent);
gboolean    rill_robots_is_allowed        (RillRobots *robots,
                                           const char *path);
double      rill_robots_get_crawl_delay   (RillRobots *robots);
void        rill_robots_free              (RillRobots *robots);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillRobots, rill_robots_free)

G_END_DECLS
