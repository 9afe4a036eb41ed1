/* rill-message.h: what a running pipeline tells its application
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
 * RillMessageType:
 * @RILL_MESSAGE_EOS: every doc has been accounted for; the run is over
 * @RILL_MESSAGE_ERROR: the pipeline failed as a whole and stops
 * @RILL_MESSAGE_WARNING: one doc failed; the pipeline goes on
 * @RILL_MESSAGE_PROGRESS: periodic counters while running
 * @RILL_MESSAGE_STATS: the final accounting, posted just before EOS
 *
 * The kinds of [struct@Rill.Message].
 */
typedef enum {
  RILL_MESSAGE_EOS,
  RILL_MESSAGE_ERROR,
  RILL_MESSAGE_WARNING,
  RILL_MESSAGE_PROGRESS,
  RILL_MESSAGE_STATS,
} RillMessageType;

#define RILL_TYPE_MESSAGE (rill_message_get_type ())

RILL_AVAILABLE_IN_ALL
GType           rill_message_get_type        (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillMessage    *rill_message_new             (RillMessageType  type,
                                              const char      *source_name,
                                              const GError    *error,
                                              RillDoc         *doc);
RILL_AVAILABLE_IN_ALL
RillMessage    *rill_message_ref             (RillMessage     *message);
RILL_AVAILABLE_IN_ALL
void            rill_message_unref           (RillMessage     *message);

RILL_AVAILABLE_IN_ALL
RillMessageType rill_message_get_message_type (const RillMessage *message);
RILL_AVAILABLE_IN_ALL
const char     *rill_message_get_source_name (const RillMessage *message);
RILL_AVAILABLE_IN_ALL
const GError   *rill_message_get_error       (const RillMessage *message);
RILL_AVAILABLE_IN_ALL
RillDoc        *rill_message_get_doc         (const RillMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillMessage, rill_message_unref)

G_END_DECLS
