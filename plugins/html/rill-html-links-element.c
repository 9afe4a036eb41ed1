/* rill-html-links-element.c: the html-links element
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-html-elements.h"

/**
 * RillHtmlLinks:
 *
 * `html-links` turns a page (`body`) into one doc per link: `url`
 * (absolute, resolved against the page URL and `<base href>`),
 * `anchor-text`, `rel`, `is-feed` (for `<link rel=alternate
 * type=application/rss+xml|atom+xml>`, which come first) and `found-on`
 * (the page's URL). With `feeds-only`, only feed links. The page itself
 * is passed on too when `keep-page` is set; otherwise it is counted as
 * filtered ("expanded into links").
 *
 * Each link also gets `depth` (int): the page's `depth` + 1, or 1 when
 * the page has none (a page without `depth` is a seed, depth 0). That is
 * the field `crawl-src` gives its pages, so a crawl made of separate
 * elements can bound its depth the same way: keep `depth` with the link
 * on its way back to the fetcher (`redis-sink fields=url,depth` in a
 * shared crawl, see docs/scale-out.md) and drop the links too deep with
 * `filter field=depth op=le value=N`. A `depth` given as a string of
 * digits (a stream entry written by hand, `XADD ... depth 2`) counts as
 * that number; any other value counts as absent.
 */

#define RILL_HTML_FIELD_DEPTH "depth"

struct _RillHtmlLinks
{
  RillTransform parent_instance;

  gboolean feeds_only;
  gboolean keep_page;
};

G_DEFINE_FINAL_TYPE (RillHtmlLinks, rill_html_links, RILL_TYPE_TRANSFORM)

enum {
  PROP_0,
  PROP_FEEDS_ONLY,
  PROP_KEEP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The page's depth: its `depth` field as an int or a string of digits,
 * else 0 (a seed). */
static gint64
page_depth (RillDoc *doc)
{
  const char *str;
  guint64 value;

  switch (rill_doc_get_field_type (doc, RILL_HTML_FIELD_DEPTH))
    {
    case RILL_FIELD_INT:
      return CLAMP (rill_doc_get_int (doc, RILL_HTML_FIELD_DEPTH, 0), 0, G_MAXINT64 - 1);
    case RILL_FIELD_STRING:
      str = rill_doc_get_string (doc, RILL_HTML_FIELD_DEPTH);
      if (g_ascii_string_to_unsigned (str, 10, 0, G_MAXINT64 - 1, &value, NULL))
        return (gint64) value;
      return 0;
    default:
      return 0;
    }
}

static RillDoc *
rill_html_links_transform (RillTransform  *transform,
                           RillDoc        *doc,
                           GError        **error)
{
  RillHtmlLinks *self = RILL_HTML_LINKS (transform);
  g_autoptr(GBytes) body = rill_html_doc_body (doc, RILL_FIELD_BODY, error);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  const char *page = rill_html_doc_url (doc);
  gint64 depth = page_depth (doc) + 1;
  gsize len;
  const guint8 *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &len);
  links = rill_html_links (data, len, rill_doc_get_string (doc, RILL_FIELD_CHARSET), page,
                           &local_error);
  if (links == NULL)
    {
      rill_html_fail (error, doc, local_error);
      return NULL;
    }
  for (guint i = 0; i < links->len; i++)
    {
      RillLink *link = links->pdata[i];
      g_autoptr(RillDoc) out = NULL;

      if (self->feeds_only && !link->is_feed)
        continue;
      out = rill_doc_new ();
      rill_doc_set_string (out, RILL_FIELD_URL, link->url);
      if (link->text != NULL && *link->text != '\0')
        rill_doc_set_string (out, "anchor-text", link->text);
      if (link->rel != NULL)
        rill_doc_set_string (out, "rel", link->rel);
      rill_doc_set_bool (out, "is-feed", link->is_feed);
      if (page != NULL)
        rill_doc_set_string (out, "found-on", page);
      rill_doc_set_int (out, RILL_HTML_FIELD_DEPTH, depth);
      rill_transform_emit (transform, out);
    }
  if (self->keep_page)
    return rill_doc_ref (doc);
  g_set_error_literal (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, "expanded into links");
  return NULL;
}

static void
rill_html_links_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillHtmlLinks *self = RILL_HTML_LINKS (object);

  switch (prop_id)
    {
    case PROP_FEEDS_ONLY:
      g_value_set_boolean (value, self->feeds_only);
      break;
    case PROP_KEEP_PAGE:
      g_value_set_boolean (value, self->keep_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_html_links_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillHtmlLinks *self = RILL_HTML_LINKS (object);

  switch (prop_id)
    {
    case PROP_FEEDS_ONLY:
      self->feeds_only = g_value_get_boolean (value);
      break;
    case PROP_KEEP_PAGE:
      self->keep_page = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_html_links_class_init (RillHtmlLinksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  object_class->get_property = rill_html_links_get_property;
  object_class->set_property = rill_html_links_set_property;
  RILL_TRANSFORM_CLASS (klass)->transform = rill_html_links_transform;

  properties[PROP_FEEDS_ONLY] =
    g_param_spec_boolean ("feeds-only", "Feeds only",
                          "Emit only feed links (<link rel=alternate type=application/rss+xml>)",
                          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_PAGE] =
    g_param_spec_boolean ("keep-page", "Keep page",
                          "Pass the page on after its links", FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class, "HTML links", "Parser/HTML",
                                   "One doc per link of a page, absolute, with its anchor text",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, "text/html; application/xhtml+xml", "text/uri-list");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_html_links_init (RillHtmlLinks *self)
{
}
