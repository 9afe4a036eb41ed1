/* rill-reader-article.h: one article shown by the reader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/* Set by dedupe mode=mark. */
#define RILL_READER_FIELD_CLUSTER "cluster"

#define RILL_READER_TYPE_ARTICLE (rill_reader_article_get_type ())

G_DECLARE_FINAL_TYPE (RillReaderArticle, rill_reader_article, RILL_READER, ARTICLE, GObject)

RillReaderArticle *rill_reader_article_new_from_doc        (RillDoc           *doc);

const char        *rill_reader_article_get_title           (RillReaderArticle *self);
const char        *rill_reader_article_get_source          (RillReaderArticle *self);
const char        *rill_reader_article_get_host            (RillReaderArticle *self);
const char        *rill_reader_article_get_date            (RillReaderArticle *self);
const char        *rill_reader_article_get_lang            (RillReaderArticle *self);
const char        *rill_reader_article_get_url             (RillReaderArticle *self);
const char        *rill_reader_article_get_text            (RillReaderArticle *self);
const char        *rill_reader_article_get_dup_of          (RillReaderArticle *self);
const char        *rill_reader_article_get_also_published_by (RillReaderArticle *self);
gint64             rill_reader_article_get_cluster         (RillReaderArticle *self);
guint              rill_reader_article_get_n_copies        (RillReaderArticle *self);
GPtrArray         *rill_reader_article_get_copies          (RillReaderArticle *self);

GPtrArray         *rill_reader_article_take_copies         (RillReaderArticle *self);
void               rill_reader_article_add_copy            (RillReaderArticle *self,
                                                            RillReaderArticle *copy);

G_END_DECLS
