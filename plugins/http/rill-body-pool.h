/* rill-body-pool.h: recycled buffers for response bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillBodyPool RillBodyPool;
typedef struct _RillBodyBlock RillBodyBlock;

RillBodyPool  *rill_body_pool_new             (gsize          max_bytes);
void           rill_body_pool_close           (RillBodyPool  *pool);
gsize          rill_body_pool_get_free_bytes  (RillBodyPool  *pool);

RillBodyBlock *rill_body_pool_take            (RillBodyPool  *pool,
                                               gsize          size);
guint8        *rill_body_block_get_data       (RillBodyBlock *block);
gsize          rill_body_block_get_capacity   (RillBodyBlock *block);
RillBodyBlock *rill_body_block_grow           (RillBodyBlock *block,
                                               gsize          used,
                                               gsize          size);
GBytes        *rill_body_block_free_to_bytes  (RillBodyBlock *block,
                                               gsize          len);
void           rill_body_block_release        (RillBodyBlock *block);

G_END_DECLS
