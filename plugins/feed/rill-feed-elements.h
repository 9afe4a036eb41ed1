/* rill-feed-elements.h: element types and enums of the feed plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/**
 * RillCrawlScope:
 * @RILL_CRAWL_SCOPE_HOST: links to the host of a seed (exactly)
 * @RILL_CRAWL_SCOPE_DOMAIN: links to the host of a seed or any of its
 *   subdomains (a leading `www.` of the seed is dropped first)
 * @RILL_CRAWL_SCOPE_PREFIX: links that start with a seed URL up to the
 *   last `/` of its path
 * @RILL_CRAWL_SCOPE_REGEX: no implicit scope; the `allow` pattern alone
 *   decides (it is then required)
 *
 * Which links crawl-src follows.
 */
typedef enum {
  RILL_CRAWL_SCOPE_HOST,
  RILL_CRAWL_SCOPE_DOMAIN,
  RILL_CRAWL_SCOPE_PREFIX,
  RILL_CRAWL_SCOPE_REGEX,
} RillCrawlScope;

#define RILL_TYPE_CRAWL_SCOPE (rill_crawl_scope_get_type ())
GType rill_crawl_scope_get_type (void) G_GNUC_CONST;

GType rill_feed_parse_get_type (void);
GType rill_crawl_src_get_type (void);

G_END_DECLS
