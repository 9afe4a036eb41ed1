/* rill-charset.h: charset detection for fetched bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillCharsetSource:
 * @RILL_CHARSET_SOURCE_NONE: nothing could be detected
 * @RILL_CHARSET_SOURCE_BOM: a byte order mark
 * @RILL_CHARSET_SOURCE_HEADER: the `charset` parameter of Content-Type
 * @RILL_CHARSET_SOURCE_META: `<meta charset>` or `http-equiv` in the
 *   first 4 KB
 * @RILL_CHARSET_SOURCE_UTF8: the bytes are valid UTF-8
 * @RILL_CHARSET_SOURCE_GUESS: a statistical guess (uchardet)
 *
 * Where [func@charset_detect] found its answer.
 */
typedef enum {
  RILL_CHARSET_SOURCE_NONE,
  RILL_CHARSET_SOURCE_BOM,
  RILL_CHARSET_SOURCE_HEADER,
  RILL_CHARSET_SOURCE_META,
  RILL_CHARSET_SOURCE_UTF8,
  RILL_CHARSET_SOURCE_GUESS,
} RillCharsetSource;

char *rill_charset_normalize (const char *label);
char *rill_charset_from_meta (const guint8 *data,
                              gsize         len);
char *rill_charset_detect    (const char        *header_charset,
                              const guint8      *data,
                              gsize              len,
                              RillCharsetSource *source);

G_END_DECLS
