/* rill-reader-window.h: the reader's main window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rill-reader-article.h"

G_BEGIN_DECLS

/**
 * RillReaderSourceKind:
 * @RILL_READER_SOURCE_FEED: the URL is an RSS, Atom or JSON feed
 * @RILL_READER_SOURCE_SITE: the URL is a site to crawl
 *
 * What the reader does with the URL it is given.
 */
typedef enum {
  RILL_READER_SOURCE_FEED,
  RILL_READER_SOURCE_SITE,
} RillReaderSourceKind;

#define RILL_READER_TYPE_WINDOW (rill_reader_window_get_type ())

G_DECLARE_FINAL_TYPE (RillReaderWindow, rill_reader_window, RILL_READER, WINDOW, GtkApplicationWindow)

RillReaderWindow     *rill_reader_window_new           (GtkApplication       *application);
void                  rill_reader_window_read          (RillReaderWindow     *self,
                                                        const char           *url,
                                                        RillReaderSourceKind  kind);
gboolean              rill_reader_window_is_running    (RillReaderWindow     *self);
GListModel           *rill_reader_window_get_articles  (RillReaderWindow     *self);
RillReaderSourceKind  rill_reader_guess_source_kind    (const char           *url);

void                  rill_reader_window_select        (RillReaderWindow     *self,
                                                        RillReaderArticle    *article);

G_END_DECLS
