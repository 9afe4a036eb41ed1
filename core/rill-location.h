/* rill-location.h: the files a source's `location` names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

/**
 * RillLocationFlags:
 * @RILL_LOCATION_NONE: no flag
 * @RILL_LOCATION_RECURSIVE: descend into subdirectories (symbolic links to
 *   directories are not followed: they can loop)
 * @RILL_LOCATION_STDIN: `-` names standard input and is returned as is
 * @RILL_LOCATION_SKIP_PARTIAL: leave out `*.partial` files (what a sink
 *   is still writing)
 *
 * How [func@Rill.location_expand] reads a location.
 */
typedef enum {
  RILL_LOCATION_NONE = 0,
  RILL_LOCATION_RECURSIVE = 1 << 0,
  RILL_LOCATION_STDIN = 1 << 1,
  RILL_LOCATION_SKIP_PARTIAL = 1 << 2,
} RillLocationFlags;

RILL_AVAILABLE_IN_ALL
GPtrArray *rill_location_expand (const char         *location,
                                 RillLocationFlags   flags,
                                 GError            **error);

RILL_AVAILABLE_IN_ALL
gboolean   rill_location_check_shard (guint               shard_index,
                                      guint               shard_count,
                                      GError            **error);
RILL_AVAILABLE_IN_ALL
void       rill_location_keep_shard  (GPtrArray          *files,
                                      guint               shard_index,
                                      guint               shard_count);

G_END_DECLS
