/* rill-dedupe-state.h: the SQLite file behind `dedupe state=PATH`.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RILL_DEDUPE_ERROR (rill_dedupe_error_quark ())

/**
 * RillDedupeError:
 * @RILL_DEDUPE_ERROR_STATE: the state database could not be opened, read
 *   or written
 * @RILL_DEDUPE_ERROR_MISMATCH: the state file was written with another
 *   method or other parameters
 * @RILL_DEDUPE_ERROR_INVALID: invalid parameters
 */
typedef enum
{
  RILL_DEDUPE_ERROR_STATE,
  RILL_DEDUPE_ERROR_MISMATCH,
  RILL_DEDUPE_ERROR_INVALID,
} RillDedupeError;

GQuark rill_dedupe_error_quark (void);

typedef struct _RillDedupeState RillDedupeState;

typedef void (*RillDedupeStateRowFunc) (guint32       idx,
                                        guint64       id,
                                        guint32       cluster,
                                        gint64        date,
                                        gconstpointer sig,
                                        gsize         sig_len,
                                        gpointer      user_data);

RillDedupeState *rill_dedupe_state_open       (const char             *path,
                                               const char             *config,
                                               gboolean                durable,
                                               GError                **error);
void             rill_dedupe_state_close      (RillDedupeState        *self);
gboolean         rill_dedupe_state_load       (RillDedupeState        *self,
                                               RillDedupeStateRowFunc  func,
                                               gpointer                user_data,
                                               GError                **error);
int              rill_dedupe_state_lookup_key (RillDedupeState        *self,
                                               const char             *key,
                                               guint32                *idx,
                                               GError                **error);
gboolean         rill_dedupe_state_record     (RillDedupeState        *self,
                                               guint32                 idx,
                                               const char             *key,
                                               guint64                 id,
                                               guint32                 cluster,
                                               gint64                  date,
                                               gconstpointer           sig,
                                               gsize                   sig_len,
                                               GError                **error);
gboolean         rill_dedupe_state_commit     (RillDedupeState        *self,
                                               GError                **error);
sqlite3         *rill_dedupe_state_get_db     (RillDedupeState        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDedupeState, rill_dedupe_state_close)

G_END_DECLS
