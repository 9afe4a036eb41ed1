/* rill-dead-letter-private.h: the file failed docs are kept in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-doc.h"

G_BEGIN_DECLS

typedef struct _RillDeadLetter RillDeadLetter;

G_GNUC_INTERNAL
RillDeadLetter *_rill_dead_letter_open  (const char      *path,
                                         GError         **error);
G_GNUC_INTERNAL
void            _rill_dead_letter_write (RillDeadLetter  *self,
                                         const char      *element,
                                         RillDoc         *doc,
                                         const GError    *error);
G_GNUC_INTERNAL
void            _rill_dead_letter_close (RillDeadLetter  *self);

G_END_DECLS
