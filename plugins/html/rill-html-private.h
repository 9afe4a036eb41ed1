/* rill-html-private.h: internals shared by the html engine files.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "rill-html-engine.h"

G_BEGIN_DECLS

/* ---- decoding (rill-html-decode.c) ---- */

/* Returns a NUL-terminated UTF-8 copy of @data; or, when @borrowed is
 * not NULL and @data is read as UTF-8, @data itself (not NUL-terminated,
 * *borrowed = TRUE, not to be freed) WITHOUT checking it past the part
 * the charset detection looked at: the caller validates what it keeps
 * (rill_html_utf8_valid(), g_utf8_make_valid()). */
G_GNUC_INTERNAL
char       *rill_html_decode_internal   (const guint8 *data,
                                         gsize         len,
                                         const char   *charset_hint,
                                         gsize        *out_len,
                                         char        **charset_out,
                                         gboolean     *borrowed);
G_GNUC_INTERNAL
gboolean    rill_html_utf8_valid        (const char   *s,
                                         gsize         len);
G_GNUC_INTERNAL
gboolean    rill_html_looks_binary      (const guint8 *data,
                                         gsize         len);

/* ---- parsing (rill-html-parse.c) ---- */

/* Decodes, strips script/style/svg/comment bodies (keeping JSON-LD),
 * unused attributes and redundant whitespace, and parses with libxml2.
 * @for_extraction also drops <nav>, <noscript>, <template> and <select>.
 * Never returns a document without a root. */
G_GNUC_INTERNAL
htmlDocPtr  rill_html_parse             (const guint8 *data,
                                         gsize         len,
                                         const char   *charset_hint,
                                         const char   *url,
                                         gsize         max_input,
                                         gboolean      for_extraction,
                                         char        **charset_out,
                                         GError      **error);

/* ---- DOM helpers (rill-html-dom.c) ---- */

typedef enum {
  TAG_OTHER = 0,
  TAG_HTML, TAG_HEAD, TAG_BODY, TAG_TITLE, TAG_META, TAG_LINK, TAG_BASE,
  TAG_SCRIPT, TAG_STYLE, TAG_NOSCRIPT, TAG_TEMPLATE, TAG_SVG, TAG_IFRAME,
  TAG_OBJECT, TAG_EMBED, TAG_CANVAS, TAG_VIDEO, TAG_AUDIO, TAG_PICTURE,
  TAG_SOURCE, TAG_MAP, TAG_MATH,
  TAG_FORM, TAG_INPUT, TAG_BUTTON, TAG_SELECT, TAG_OPTION, TAG_TEXTAREA,
  TAG_LABEL, TAG_FIELDSET, TAG_DIALOG,
  TAG_NAV, TAG_ASIDE, TAG_FOOTER, TAG_HEADER, TAG_MENU,
  TAG_ARTICLE, TAG_MAIN, TAG_SECTION, TAG_DIV, TAG_P, TAG_SPAN,
  TAG_H1, TAG_H2, TAG_H3, TAG_H4, TAG_H5, TAG_H6,
  TAG_UL, TAG_OL, TAG_LI, TAG_DL, TAG_DT, TAG_DD,
  TAG_BLOCKQUOTE, TAG_PRE, TAG_CODE, TAG_TABLE, TAG_THEAD, TAG_TBODY,
  TAG_TFOOT, TAG_TR, TAG_TD, TAG_TH, TAG_CAPTION,
  TAG_FIGURE, TAG_FIGCAPTION, TAG_IMG, TAG_A, TAG_BR, TAG_HR,
  TAG_B, TAG_STRONG, TAG_I, TAG_EM, TAG_TIME, TAG_ADDRESS, TAG_CENTER,
  TAG_DETAILS, TAG_SUMMARY, TAG_FRAMESET, TAG_FRAME, TAG_FONT,
  TAG_SUP, TAG_SUB, TAG_SMALL, TAG_HGROUP,
  N_TAGS
} RillTag;

G_GNUC_INTERNAL RillTag     rill_html_tag_of        (const xmlNode *node);
G_GNUC_INTERNAL gboolean    rill_html_tag_is_block  (RillTag tag);
G_GNUC_INTERNAL gboolean    rill_html_tag_is_heading (RillTag tag);

/* Attribute value without copy when possible (HTML_PARSE_COMPACT keeps
 * attribute values as one text child). Returns NULL when absent. */
G_GNUC_INTERNAL const char *rill_html_attr          (const xmlNode *node,
                                                     const char    *name);
G_GNUC_INTERNAL gboolean    rill_html_attr_has_word (const xmlNode *node,
                                                     const char    *name,
                                                     const char    *word);

/* Iterative pre-order walk helpers: the next node after @node inside
 * @root, descending into children unless @skip_children. */
G_GNUC_INTERNAL xmlNode    *rill_html_next          (xmlNode  *node,
                                                     xmlNode  *root,
                                                     gboolean  skip_children);

G_GNUC_INTERNAL xmlNode    *rill_html_find_child    (xmlNode    *parent,
                                                     RillTag     tag);
G_GNUC_INTERNAL xmlNode    *rill_html_find_first    (xmlNode    *root,
                                                     RillTag     tag);

/* Appends the text below @node with whitespace collapsed. */
G_GNUC_INTERNAL void        rill_html_collect_text  (xmlNode    *node,
                                                     GString    *out,
                                                     gsize       max_len);
G_GNUC_INTERNAL char       *rill_html_node_text     (xmlNode    *node,
                                                     gsize       max_len);

/* Collapses whitespace runs to single spaces, trims; in place. */
G_GNUC_INTERNAL char       *rill_html_squash        (char       *s);

G_GNUC_INTERNAL char       *rill_html_resolve_url   (const char *base,
                                                     const char *href);

/* ---- metadata (rill-html-metadata.c, rill-html-jsonld.c) ---- */

typedef struct {
  char      *title;
  char      *author;
  char      *date;
  char      *date_modified;
  char      *sitename;
  char      *description;
  char      *canonical_url;
  char      *image;
  char      *source_url;
  char      *type;
  char      *headline;
  char      *article_body;
  GPtrArray *tags;
} RillJsonLd;

G_GNUC_INTERNAL void        rill_jsonld_parse       (const char *json,
                                                     gsize       len,
                                                     RillJsonLd *ld);
G_GNUC_INTERNAL void        rill_jsonld_clear       (RillJsonLd *ld);

G_GNUC_INTERNAL gboolean    rill_html_meta_key_wanted (const char *key,
                                                       gsize       len);
G_GNUC_INTERNAL void        rill_html_metadata      (htmlDocPtr          doc,
                                                     const char         *url,
                                                     RillJsonLd         *ld,
                                                     RillExtraction     *ex,
                                                     gint64              now_us);

/* Visible date lines and source credits inside @root (after cleaning). */
/* @lang: declared language; "a/b/yyyy" is read month first only for
 * English (or unknown) pages */
G_GNUC_INTERNAL char       *rill_html_find_dateline (xmlNode    *root,
                                                     const char *lang,
                                                     gint64      now_us);
G_GNUC_INTERNAL char       *rill_html_find_source   (xmlNode    *root,
                                                     const char *page_url);
G_GNUC_INTERNAL char       *rill_html_date_from_url (const char *url,
                                                     gint64      now_us);
G_GNUC_INTERNAL char       *rill_html_date_scan     (const char *text,
                                                     gint64      now_us,
                                                     gboolean    require_month_word);
G_GNUC_INTERNAL char       *rill_html_date_scan_full (const char *text,
                                                      gint64      now_us,
                                                      gboolean    require_month_word,
                                                      gboolean    us_order);

/* ---- extraction (rill-html-extractor.c, rill-html-clean.c,
 *      rill-html-render.c) ---- */

typedef struct {
  guint32 text_len;    /* code points, whitespace runs count once */
  guint32 link_len;    /* part of text_len inside <a> */
  guint32 commas;
  guint32 ld_match;    /* words also found in JSON-LD articleBody */
  guint32 prose_len;   /* text of long (>= 60 chars) text nodes outside links */
  guint16 n_p;
  guint16 n_li;
  guint16 n_img;
  guint16 n_input;
  guint16 n_embed;
  guint16 n_heading;   /* text inside headings, /8 to fit */
  float   score;
  guint8  tag;
  guint8  scored : 1;
  guint8  drop : 1;    /* excluded from output */
  guint8  keep : 1;    /* never excluded (main candidate path) */
  gint8   weight;      /* class weight / 5 */
} RillNodeInfo;

#define RILL_INFO(n) ((RillNodeInfo *) (n)->_private)

typedef struct {
  htmlDocPtr          doc;
  xmlNode            *body;
  RillNodeInfo       *infos;
  guint               n_infos;
  const RillExtractOptions *opts;
  RillJsonLd         *ld;
  const char         *title;
  GHashTable         *ld_words;
  guint               ld_count;  /* words (> 3 bytes) in articleBody */
  gboolean            raw;       /* render everything not dropped */
  gboolean            stats_stale; /* rill_html_stats_drop() gave up */
} RillExtractCtx;

G_GNUC_INTERNAL void        rill_html_compute_stats (RillExtractCtx *ctx);
/* Updates the statistics for @node being dropped (what the next
 * rill_html_compute_stats() would find) without a new pass; sets
 * ctx->stats_stale when it cannot be exact (saturated counters), then
 * the caller recomputes. Only for top-most dropped nodes. */
G_GNUC_INTERNAL void        rill_html_stats_drop    (RillExtractCtx *ctx,
                                                     xmlNode        *node);
G_GNUC_INTERNAL void        rill_html_clean         (RillExtractCtx *ctx);
G_GNUC_INTERNAL int         rill_html_class_weight  (const xmlNode  *node);
/* 0: no, 1: weak (Readability's unlikely candidates), 2: layout (sidebar,
 * widget, menu...), 3: never article (comments, share, related...) */
G_GNUC_INTERNAL int         rill_html_boilerplate_level (const xmlNode *node,
                                                         gboolean      *content_word);
G_GNUC_INTERNAL gboolean    rill_html_is_hidden     (const xmlNode  *node);
G_GNUC_INTERNAL void        rill_html_render        (RillExtractCtx *ctx,
                                                     xmlNode       **nodes,
                                                     guint           n_nodes,
                                                     GString        *out);
G_GNUC_INTERNAL char       *rill_html_extract_main  (RillExtractCtx *ctx,
                                                     xmlNode       **main_node);

static inline double
rill_link_density (const RillNodeInfo *info)
{
  return info->text_len ? (double) info->link_len / info->text_len : 0.0;
}

G_END_DECLS
