/* rill-http-src.c: emits one url doc per location, for http-fetch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-http-elements.h"

/**
 * RillHttpSrc:
 *
 * `http-src` emits one doc per URL of `location` (a comma-separated list
 * on a launch line), each with only `url` set. It does not fetch: chain
 * it to `http-fetch`, which does, so that politeness, retries and the
 * cache live in one place:
 *
 * ```
 * rill-launch http-src location=https://a.example/,https://b.example/ \
 *     ! http-fetch ! html-extract ! jsonl-sink location=out.jsonl
 * ```
 *
 * A location that is not an absolute http or https URL fails the run
 * when it starts.
 */

#define RILL_TYPE_HTTP_SRC (rill_http_src_get_type ())
G_DECLARE_FINAL_TYPE (RillHttpSrc, rill_http_src, RILL, HTTP_SRC, RillSource)

struct _RillHttpSrc
{
  RillSource parent_instance;

  GStrv location;
  guint next;
};

enum {
  PROP_0,
  PROP_LOCATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillHttpSrc, rill_http_src, RILL_TYPE_SOURCE)

static gboolean
rill_http_src_start (RillElement  *element,
                     GError      **error)
{
  RillHttpSrc *self = RILL_HTTP_SRC (element);

  self->next = 0;
  for (guint i = 0; self->location != NULL && self->location[i] != NULL; i++)
    {
      g_autofree char *scheme = g_uri_parse_scheme (self->location[i]);

      if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                             g_ascii_strcasecmp (scheme, "https") != 0) ||
          !g_uri_is_valid (self->location[i], G_URI_FLAGS_NONE, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "location '%s' is not an http or https URL", self->location[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static RillDoc *
rill_http_src_create (RillSource    *source,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RillHttpSrc *self = RILL_HTTP_SRC (source);
  RillDoc *doc;

  if (self->location == NULL || self->location[self->next] == NULL)
    return NULL;
  doc = rill_doc_new ();
  rill_doc_set_string (doc, RILL_FIELD_URL, self->location[self->next++]);
  return doc;
}

static void
rill_http_src_finalize (GObject *object)
{
  g_strfreev (RILL_HTTP_SRC (object)->location);
  G_OBJECT_CLASS (rill_http_src_parent_class)->finalize (object);
}

static void
rill_http_src_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillHttpSrc *self = RILL_HTTP_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_boxed (value, self->location);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_http_src_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillHttpSrc *self = RILL_HTTP_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_strfreev (self->location);
      self->location = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_http_src_class_init (RillHttpSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  object_class->finalize = rill_http_src_finalize;
  object_class->get_property = rill_http_src_get_property;
  object_class->set_property = rill_http_src_set_property;
  element_class->start = rill_http_src_start;
  RILL_SOURCE_CLASS (klass)->create = rill_http_src_create;

  /**
   * RillHttpSrc:location:
   *
   * The URLs to emit, in order.
   */
  properties[PROP_LOCATION] =
    g_param_spec_boxed ("location", "Location",
                        "The http or https URLs to emit as url docs, in order "
                        "(comma-separated on a launch line)",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "HTTP URL source",
                                   "Source/Network",
                                   "Emits one url doc per location, to be "
                                   "fetched by http-fetch",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, "text/uri-list");
}

static void
rill_http_src_init (RillHttpSrc *self)
{
}
