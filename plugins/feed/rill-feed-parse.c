/* rill-feed-parse.c: one doc per entry of a feed or sitemap
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-elements.h"
#include "rill-feed-private.h"

#include <string.h>
#include <gio/gio.h>

/**
 * RillFeedParse:
 *
 * `feed-parse` reads the `body` of each doc as a feed or a sitemap and
 * passes on one doc per entry. It understands RSS 0.9x, 1.0 (RDF) and
 * 2.0, Atom 1.0, JSON Feed 1.0/1.1, sitemaps and sitemap indexes
 * (with the Google News and image extensions), plain or gzip-compressed
 * (detected by the gzip magic bytes, whatever the URL or content type
 * says).
 *
 * Each entry doc has `url` (absolute: relative links are resolved
 * against `xml:base`, then the feed's `final-url` or `url`) and, when the
 * feed gives them, `title`, `date` (ISO 8601: RSS `pubDate` in RFC 822
 * with any zone, Atom `published` or else `updated`, `dc:date`, sitemap
 * `lastmod`, `news:publication_date`, which wins over `lastmod`),
 * `author`, `description` (text, HTML tags removed), `tags` (RSS
 * categories, Atom category terms, `dc:subject`, `news:keywords`, JSON
 * Feed tags), `image`, and from news sitemaps `sitename` and `lang`. Two
 * fields are the plugin's own:
 *
 * - `feed-url` (string): the `url` of the feed the entry came from;
 * - `sitemap` (bool): set on the entries of a sitemap index, which name
 *   further sitemaps to fetch and parse in turn.
 *
 * The feed doc itself is consumed: it is accounted as filtered with the
 * reason "feed parsed", so the statistics read "N feeds in, N filtered
 * (feed parsed), M entries out". Entries without a usable http(s) URL are
 * skipped.
 *
 * Malformed XML gives the entries before the error (libxml2's recover
 * mode) and a warning naming the feed. A body that is neither XML of a
 * known feed kind nor a JSON Feed fails with "not a feed: URL"; so does a
 * gzip body that inflates past `max-size`.
 *
 * feed-parse is parallel: it keeps no state between docs.
 */

#define RILL_TYPE_FEED_PARSE (rill_feed_parse_get_type ())
G_DECLARE_FINAL_TYPE (RillFeedParse, rill_feed_parse, RILL, FEED_PARSE, RillTransform)

struct _RillFeedParse
{
  RillTransform parent_instance;

  guint64 max_size;
};

enum {
  PROP_0,
  PROP_MAX_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFeedParse, rill_feed_parse, RILL_TYPE_TRANSFORM)

#define DEFAULT_MAX_SIZE (64 * 1024 * 1024)

/* Inflates a gzip body up to @max bytes. On a truncated or corrupt
 * stream, returns what was inflated and sets @truncated; NULL (with
 * @error) when nothing could be or the cap was passed. */
static GBytes *
inflate_gzip (GBytes    *body,
              guint64    max,
              gboolean  *truncated,
              GError   **error)
{
  g_autoptr(GZlibDecompressor) dec = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_len;
  const guint8 *in = g_bytes_get_data (body, &in_len);
  guint8 buf[65536];

  *truncated = FALSE;
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gsize read = 0, written = 0;
      GConverterResult r;

      r = g_converter_convert (G_CONVERTER (dec), in, in_len, buf, sizeof buf,
                               G_CONVERTER_INPUT_AT_END, &read, &written, &local);
      if (r == G_CONVERTER_ERROR)
        {
          if (out->len == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          *truncated = TRUE;
          break;
        }
      in += read;
      in_len -= read;
      if (out->len + written > max)
        {
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "larger than %" G_GUINT64_FORMAT " bytes once inflated", max);
          return NULL;
        }
      g_byte_array_append (out, buf, written);
      if (r == G_CONVERTER_FINISHED)
        break;
      if (read == 0 && written == 0)
        {
          *truncated = TRUE;
          break;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
looks_like_json (const guint8 *data,
                 gsize         len)
{
  gsize i = 0;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return i < len && data[i] == '{';
}

static RillDoc *
rill_feed_parse_transform (RillTransform  *transform,
                           RillDoc        *doc,
                           GError        **error)
{
  RillFeedParse *self = RILL_FEED_PARSE (transform);
  const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);
  const char *final_url = rill_doc_get_string (doc, RILL_FIELD_FINAL_URL);
  const char *name = url != NULL ? url : "(doc without url)";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
  g_autoptr(GBytes) body = NULL;
  RillFeedReader reader = { 0 };
  const guint8 *data;
  gsize len = 0;
  gboolean ok;

  body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  if (body != NULL)
    g_bytes_ref (body);
  else if (rill_doc_get_field_type (doc, RILL_FIELD_BODY) == RILL_FIELD_STRING)
    {
      const char *s = rill_doc_get_string (doc, RILL_FIELD_BODY);
      body = g_bytes_new (s, strlen (s));
    }
  if (body == NULL || g_bytes_get_size (body) == 0)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                   "not a feed: %s (no body)", name);
      return NULL;
    }

  data = g_bytes_get_data (body, &len);
  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      g_autoptr(GError) local = NULL;
      gboolean truncated = FALSE;
      GBytes *inflated = inflate_gzip (body, self->max_size, &truncated, &local);

      if (inflated == NULL)
        {
          g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                       "not a feed: %s (gzip: %s)", name, local->message);
          return NULL;
        }
      if (truncated)
        rill_element_report_warning (RILL_ELEMENT (self),
                                     "%s: truncated gzip, reading the %" G_GSIZE_FORMAT
                                     " bytes inflated", name, g_bytes_get_size (inflated));
      g_bytes_unref (body);
      body = inflated;
      data = g_bytes_get_data (body, &len);
    }

  reader.feed_url = url;
  reader.base_url = final_url != NULL ? final_url : url;
  reader.entries = entries;
  if (looks_like_json (data, len))
    ok = rill_feed_read_json (&reader, data, len);
  else
    ok = rill_feed_read_xml (&reader, data, len);

  if (!ok)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "not a feed: %s", name);
      return NULL;
    }
  if (reader.broken)
    rill_element_report_warning (RILL_ELEMENT (self),
                                 "%s: malformed XML (%s), %u entries read before the error",
                                 name, reader.format, entries->len);

  for (guint i = 0; i < entries->len; i++)
    rill_transform_emit (transform, entries->pdata[i]);

  g_set_error_literal (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, "feed parsed");
  return NULL;
}

static void
rill_feed_parse_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillFeedParse *self = RILL_FEED_PARSE (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_feed_parse_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillFeedParse *self = RILL_FEED_PARSE (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      self->max_size = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_feed_parse_class_init (RillFeedParseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_feed_parse_get_property;
  object_class->set_property = rill_feed_parse_set_property;

  transform_class->transform = rill_feed_parse_transform;

  /**
   * RillFeedParse:max-size:
   *
   * The largest body, in bytes, a gzip-compressed feed or sitemap may
   * inflate to; a larger one fails (the sitemap protocol allows 50 MB).
   */
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", "Maximum inflated size",
                         "Largest size in bytes a gzip feed or sitemap may "
                         "inflate to; larger ones fail",
                         1024, G_MAXUINT64, DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Feed parser",
                                   "Parser/Feed",
                                   "Turns RSS, Atom, JSON Feed and sitemap "
                                   "bodies into one doc per entry",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, "text/uri-list");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_feed_parse_init (RillFeedParse *self)
{
  self->max_size = DEFAULT_MAX_SIZE;
}
