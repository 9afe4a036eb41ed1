/* rill-feed-private.h: the feed readers behind feed-parse, and the URL
 * helpers of crawl-src
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/* Fields of the feed plugin beyond the shared schema. */
#define RILL_FEED_FIELD_FEED_URL  "feed-url"
#define RILL_FEED_FIELD_SITEMAP   "sitemap"
#define RILL_FEED_FIELD_DEPTH     "depth"
#define RILL_FEED_FIELD_REFERRER  "referrer"

/**
 * RillFeedReader:
 * @feed_url: the URL of the feed (copied into `feed-url`)
 * @base_url: what relative links resolve against (the final URL)
 * @entries: (element-type RillDoc): the docs read so far
 * @format: what the body was ("rss", "rdf", "atom", "json-feed",
 *   "sitemap", "sitemap-index")
 * @broken: the XML was not well formed; @entries holds what libxml2's
 *   recover mode could read
 * @skipped: entries without a usable URL
 */
typedef struct {
  const char *feed_url;
  const char *base_url;
  GPtrArray  *entries;
  const char *format;
  gboolean    broken;
  guint       skipped;
} RillFeedReader;

/* ISO 8601 from RFC 822 (RSS pubDate) or RFC 3339 / W3C-DTF (Atom,
 * sitemaps, JSON Feed); NULL when @text is neither. */
char     *rill_feed_parse_date (const char *text);

/* @ref resolved against @base; NULL unless the result is http(s). */
char     *rill_feed_resolve    (const char *base,
                                const char *ref);

/* Each returns FALSE when the body is not a feed of its kind. */
gboolean  rill_feed_read_xml   (RillFeedReader *reader,
                                const guint8   *data,
                                gsize           len);
gboolean  rill_feed_read_json  (RillFeedReader *reader,
                                const guint8   *data,
                                gsize           len);

/* crawl-src: one spelling per URL (lower-case scheme and host, default
 * port and fragment removed, empty path as "/", query parameters
 * sorted); NULL for anything but an absolute http(s) URL. */
char     *rill_crawl_canonicalize (const char *url);

G_END_DECLS
