/* rill-warc-reader.h: a streaming reader of plain or gzip'd WARC bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Size of the fixed input and output buffers; a header line longer than
 * the output buffer is reported as a bad header. */
#define RILL_WARC_READER_BUFFER_SIZE (256 * 1024)

typedef struct _RillWarcReader RillWarcReader;

typedef enum {
  RILL_WARC_READ_OK,        /* everything asked for was read */
  RILL_WARC_READ_EOF,       /* the input ended first */
  RILL_WARC_READ_MEMBER,    /* a gzip member ended first (stop_at_member) */
  RILL_WARC_READ_ERROR,     /* a read error or a broken gzip member */
} RillWarcReadStatus;

RillWarcReader    *rill_warc_reader_open           (const char      *path,
                                                    GError         **error);
void               rill_warc_reader_free           (RillWarcReader  *reader);
const char        *rill_warc_reader_get_path       (RillWarcReader  *reader);
gboolean           rill_warc_reader_is_gzip        (RillWarcReader  *reader);
gboolean           rill_warc_reader_is_multi_member (RillWarcReader *reader);
guint64            rill_warc_reader_tell           (RillWarcReader  *reader);
gboolean           rill_warc_reader_member_starts_at (RillWarcReader *reader,
                                                    guint64          decoded_offset);
char              *rill_warc_reader_describe_offset (RillWarcReader *reader,
                                                    guint64          decoded_offset);
guint64            rill_warc_reader_file_offset    (RillWarcReader  *reader,
                                                    guint64          decoded_offset);
RillWarcReadStatus rill_warc_reader_read_line      (RillWarcReader  *reader,
                                                    GString         *line,
                                                    GError         **error);
RillWarcReadStatus rill_warc_reader_read_block     (RillWarcReader  *reader,
                                                    guint64          length,
                                                    GByteArray      *dest,
                                                    gboolean         stop_at_member,
                                                    guint64         *n_read,
                                                    GError         **error);
gboolean           rill_warc_reader_resync         (RillWarcReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillWarcReader, rill_warc_reader_free)

G_END_DECLS
