/* rill-json-gunzip.c: gzip decompressor that reads concatenated members
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-json-gunzip.h"

/*
 * RillJsonGunzip:
 *
 * A #GConverter that wraps a #GZlibDecompressor and starts over at each
 * new gzip member, so that `cat a.gz b.gz` (and files that `jsonl-sink
 * append=true` extended with a new member) read as one stream.
 * #GZlibDecompressor alone stops at the end of the first member.
 */

struct _RillJsonGunzip
{
  GObject parent_instance;

  GConverter *inner;
  gboolean at_boundary;        /* between two members: more may follow */
};

static void rill_json_gunzip_converter_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RillJsonGunzip, rill_json_gunzip, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      rill_json_gunzip_converter_init))

static GConverterResult
rill_json_gunzip_convert (GConverter      *converter,
                          const void      *inbuf,
                          gsize            inbuf_size,
                          void            *outbuf,
                          gsize            outbuf_size,
                          GConverterFlags  flags,
                          gsize           *bytes_read,
                          gsize           *bytes_written,
                          GError         **error)
{
  RillJsonGunzip *self = RILL_JSON_GUNZIP (converter);
  GConverterResult result;

  if (self->at_boundary && inbuf_size == 0)
    {
      *bytes_read = *bytes_written = 0;
      if (flags & G_CONVERTER_INPUT_AT_END)
        return G_CONVERTER_FINISHED;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "need more input");
      return G_CONVERTER_ERROR;
    }

  result = g_converter_convert (self->inner, inbuf, inbuf_size, outbuf, outbuf_size,
                                flags, bytes_read, bytes_written, error);
  if (result != G_CONVERTER_FINISHED)
    {
      if (result != G_CONVERTER_ERROR && *bytes_read > 0)
        self->at_boundary = FALSE;
      return result;
    }

  /* The end of one member: go on when more input follows. */
  if (*bytes_read < inbuf_size || (flags & G_CONVERTER_INPUT_AT_END) == 0)
    {
      g_converter_reset (self->inner);
      self->at_boundary = TRUE;
      if (*bytes_read == 0 && *bytes_written == 0)
        {
          /* Nothing moved: let the caller supply more input. */
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               "need more input");
          return G_CONVERTER_ERROR;
        }
      return G_CONVERTER_CONVERTED;
    }

  return G_CONVERTER_FINISHED;
}

static void
rill_json_gunzip_reset (GConverter *converter)
{
  g_converter_reset (RILL_JSON_GUNZIP (converter)->inner);
  RILL_JSON_GUNZIP (converter)->at_boundary = FALSE;
}

static void
rill_json_gunzip_converter_init (GConverterIface *iface)
{
  iface->convert = rill_json_gunzip_convert;
  iface->reset = rill_json_gunzip_reset;
}

static void
rill_json_gunzip_finalize (GObject *object)
{
  g_clear_object (&RILL_JSON_GUNZIP (object)->inner);

  G_OBJECT_CLASS (rill_json_gunzip_parent_class)->finalize (object);
}

static void
rill_json_gunzip_class_init (RillJsonGunzipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_json_gunzip_finalize;
}

static void
rill_json_gunzip_init (RillJsonGunzip *self)
{
  self->inner = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
}

GConverter *
rill_json_gunzip_new (void)
{
  return g_object_new (RILL_TYPE_JSON_GUNZIP, NULL);
}
