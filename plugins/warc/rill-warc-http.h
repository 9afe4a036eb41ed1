/* rill-warc-http.h: HTTP messages inside WARC blocks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int status;                /* 0 when the block is not an HTTP response */
  GPtrArray *headers;        /* char *, "Name: value", in order */
  char *content_type;        /* media type, lower case, no parameters */
  char *charset;             /* from the Content-Type parameters */
  char *transfer_encoding;   /* lower case */
  char *content_encoding;    /* lower case */
  gsize body_offset;         /* where the payload starts in the block */
} RillWarcHttp;

void     rill_warc_http_clear          (RillWarcHttp *http);
gboolean rill_warc_http_parse          (const guint8 *data,
                                        gsize         length,
                                        RillWarcHttp *http);
void     rill_warc_parse_content_type  (const char   *value,
                                        char        **media_type,
                                        char        **charset);
GBytes  *rill_warc_dechunk             (const guint8 *data,
                                        gsize         length,
                                        gboolean     *complete);
GBytes  *rill_warc_decode_content      (const guint8 *data,
                                        gsize         length,
                                        const char   *encoding,
                                        gsize         max_size,
                                        GError      **error);
char    *rill_warc_sanitize            (const char   *text,
                                        gssize        length);

G_END_DECLS
