/* rill-reader-app.h: the reader application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_READER_TYPE_APP (rill_reader_app_get_type ())

G_DECLARE_FINAL_TYPE (RillReaderApp, rill_reader_app, RILL_READER, APP, GtkApplication)

RillReaderApp *rill_reader_app_new             (void);
int            rill_reader_app_get_exit_status (RillReaderApp *self);

G_END_DECLS
