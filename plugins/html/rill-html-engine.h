/* rill-html-engine.h: article extraction engine behind html-extract,
 * html-links and html-text.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A plain C API on GLib only: it does not depend on librill, so the
 * element wrappers (and tests, benchmarks) can use it directly.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RILL_EXTRACT_ERROR (rill_extract_error_quark ())

/**
 * RillExtractError:
 * @RILL_EXTRACT_ERROR_EMPTY: the input holds no bytes or no parseable HTML
 * @RILL_EXTRACT_ERROR_PARSE: libxml2 could not build a document
 * @RILL_EXTRACT_ERROR_BINARY: the input does not look like text
 *
 * Errors of the extraction engine. May grow.
 */
typedef enum {
  RILL_EXTRACT_ERROR_EMPTY,
  RILL_EXTRACT_ERROR_PARSE,
  RILL_EXTRACT_ERROR_BINARY,
} RillExtractError;

/**
 * RillExtractFormat:
 * @RILL_EXTRACT_FORMAT_TEXT: plain text, one block per line
 * @RILL_EXTRACT_FORMAT_MARKDOWN: Markdown (headings, lists, quotes, tables)
 */
typedef enum {
  RILL_EXTRACT_FORMAT_TEXT,
  RILL_EXTRACT_FORMAT_MARKDOWN,
} RillExtractFormat;

/**
 * RillExtractMode:
 * @RILL_EXTRACT_MODE_BALANCED: default trade-off
 * @RILL_EXTRACT_MODE_PRECISION: drop anything doubtful
 * @RILL_EXTRACT_MODE_RECALL: keep anything plausible
 */
typedef enum {
  RILL_EXTRACT_MODE_BALANCED,
  RILL_EXTRACT_MODE_PRECISION,
  RILL_EXTRACT_MODE_RECALL,
} RillExtractMode;

/**
 * RillExtractOptions:
 * @format: output format of the text
 * @mode: precision/recall trade-off
 * @with_metadata: also fill the metadata fields (default TRUE)
 * @now: fetch time in microseconds since the epoch (0: the current time);
 *   dates after it are rejected
 * @max_input: bytes parsed at most (0: 16 MiB); longer input is cut
 *
 * Initialise with rill_extract_options_init().
 */
typedef struct {
  RillExtractFormat format;
  RillExtractMode   mode;
  gboolean          with_metadata;
  gint64            now;
  gsize             max_input;
  /*< private >*/
  gpointer          reserved[4];
} RillExtractOptions;

/**
 * RillExtraction:
 *
 * Result of rill_extract_html(). Every string is UTF-8 and may be NULL.
 * @date and @date_modified are ISO 8601 (`2025-10-08`,
 * `2025-10-08T16:56:00`, or with a zone `2025-10-08T16:56:00+04:00`).
 * @tags is NULL-terminated (NULL when there are none).
 */
typedef struct {
  char  *text;
  char  *title;
  char  *author;
  char  *date;
  char  *date_modified;
  char  *sitename;
  char  *description;
  char  *canonical_url;
  char  *lang;
  char  *image;
  char **tags;
  char  *source_url;
  char  *charset;        /* charset the input was decoded from */
} RillExtraction;

/**
 * RillLink:
 * @url: absolute URL (resolved against the base URL and <base href>)
 * @text: anchor text, whitespace collapsed (may be empty)
 * @rel: value of rel= (may be NULL)
 * @is_feed: TRUE for <link rel=alternate type=application/rss+xml|atom+xml>
 */
typedef struct {
  char     *url;
  char     *text;
  char     *rel;
  gboolean  is_feed;
} RillLink;

GQuark          rill_extract_error_quark    (void);

void            rill_extract_options_init   (RillExtractOptions *opts);

RillExtraction *rill_extract_html           (const guint8             *data,
                                             gsize                     len,
                                             const char               *charset_hint,
                                             const char               *url,
                                             const RillExtractOptions *opts,
                                             GError                  **error);
void            rill_extraction_free        (RillExtraction *ex);

/* All visible text of the page, blocks separated by newlines, no
 * boilerplate removal (scripts, styles and hidden elements are skipped). */
char           *rill_html_visible_text      (const guint8  *data,
                                             gsize          len,
                                             const char    *charset_hint,
                                             GError       **error);

/* Links of the page: (element-type RillLink) (transfer full).
 * Feeds (<link rel=alternate type=application/rss+xml|atom+xml>) come
 * first. Duplicate URLs are kept once. */
GPtrArray      *rill_html_links             (const guint8  *data,
                                             gsize          len,
                                             const char    *charset_hint,
                                             const char    *url,
                                             GError       **error);
void            rill_link_free              (RillLink *link);

/* Decoding alone: the page as UTF-8 (invalid bytes replaced by U+FFFD).
 * @charset_out: (out) (optional): name of the charset used. */
char           *rill_html_decode            (const guint8  *data,
                                             gsize          len,
                                             const char    *charset_hint,
                                             gsize         *out_len,
                                             char         **charset_out);

/* Date parsing, exposed for tests and other plugins: returns an ISO 8601
 * string or NULL. @now_us: reject dates after it (0: current time). */
char           *rill_html_parse_date        (const char *text,
                                             gint64      now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillExtraction, rill_extraction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillLink, rill_link_free)

G_END_DECLS
