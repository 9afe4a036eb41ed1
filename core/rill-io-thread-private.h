/* rill-io-thread-private.h: the thread async elements run on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillIoThread RillIoThread;

G_GNUC_INTERNAL
RillIoThread *_rill_io_thread_new     (void);
G_GNUC_INTERNAL
void          _rill_io_thread_invoke  (RillIoThread   *self,
                                       GSourceFunc     func,
                                       gpointer        data,
                                       GDestroyNotify  notify);
G_GNUC_INTERNAL
void          _rill_io_thread_free    (RillIoThread   *self);

G_END_DECLS
