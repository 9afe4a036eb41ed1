/* rill-json-gunzip.h: gzip decompressor that reads concatenated members
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RILL_TYPE_JSON_GUNZIP (rill_json_gunzip_get_type ())
G_GNUC_INTERNAL
G_DECLARE_FINAL_TYPE (RillJsonGunzip, rill_json_gunzip, RILL, JSON_GUNZIP, GObject)

G_GNUC_INTERNAL
GConverter *rill_json_gunzip_new (void);

G_END_DECLS
