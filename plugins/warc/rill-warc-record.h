/* rill-warc-record.h: building WARC/1.1 records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *rill_warc_sha1_base32     (const guint8 *data,
                                    gsize         length,
                                    const guint8 *data2,
                                    gsize         length2);
char    *rill_warc_new_record_id   (void);
void     rill_warc_append_record   (GByteArray   *out,
                                    const char   *header,
                                    const guint8 *block,
                                    gsize         block_len,
                                    const guint8 *block2,
                                    gsize         block2_len);
gboolean rill_warc_gzip_member     (GByteArray   *dest,
                                    const guint8 *data,
                                    gsize         length);

G_END_DECLS
