/* rill-fd-src.c: reads docs from a file descriptor (stdin by default)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

#include <string.h>
#include <gio/gunixinputstream.h>

/**
 * RillFdSrc:
 *
 * `fd-src` reads an open file descriptor, standard input by default.
 *
 * With `mode=lines` (the default) each non-empty line, trimmed, becomes a
 * doc whose `field` (`url` by default) holds it; lines starting with `#`
 * are skipped. Lines are passed on as soon as they are read: the element
 * never waits for more input while it has a complete line, so interactive
 * input and slow pipes are not held back. With `mode=whole` everything up
 * to the end of the input becomes one doc with the bytes in `body`.
 *
 * The descriptor is not closed. Reads on pipes and terminals wake up when
 * the run is cancelled.
 */

#define RILL_TYPE_FD_SRC (rill_fd_src_get_type ())
G_DECLARE_FINAL_TYPE (RillFdSrc, rill_fd_src, RILL, FD_SRC, RillSource)

#define BUFFER_SIZE (64 * 1024)

struct _RillFdSrc
{
  RillSource parent_instance;

  int fd;
  RillCoreReadMode mode;
  char *field;

  GDataInputStream *in;
  gboolean done;
  guint64 line_no;
};

enum {
  PROP_0,
  PROP_FD,
  PROP_MODE,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFdSrc, rill_fd_src, RILL_TYPE_SOURCE)

static gboolean
rill_fd_src_start (RillElement  *element,
                   GError      **error)
{
  RillFdSrc *self = RILL_FD_SRC (element);
  g_autoptr(GInputStream) base = NULL;

  g_clear_object (&self->in);
  base = g_unix_input_stream_new (self->fd, FALSE);
  self->in = g_data_input_stream_new (base);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->in),
                                           BUFFER_SIZE);
  g_data_input_stream_set_newline_type (self->in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  self->done = FALSE;
  self->line_no = 0;

  return TRUE;
}

static gboolean
rill_fd_src_stop (RillElement  *element,
                  GError      **error)
{
  RillFdSrc *self = RILL_FD_SRC (element);

  g_clear_object (&self->in);
  return TRUE;
}

/* Whether a whole line is already buffered, so reading it cannot block. */
static gboolean
line_is_buffered (RillFdSrc *self)
{
  gsize available = 0;
  const char *data = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (self->in),
                                                          &available);

  return available > 0 && memchr (data, '\n', available) != NULL;
}

/* Reads lines until one makes a doc; NULL at the end of the input (or
 * with @error set on a read error), or, with @only_buffered, as soon as
 * reading on would have to wait for input. */
static RillDoc *
read_line_doc (RillFdSrc     *self,
               gboolean       only_buffered,
               GCancellable  *cancellable,
               GError       **error)
{
  for (;;)
    {
      g_autofree char *line = NULL;
      gsize length = 0;
      char *text;
      RillDoc *doc;

      if (only_buffered && !line_is_buffered (self))
        return NULL;

      line = g_data_input_stream_read_line (self->in, &length, cancellable, error);
      if (line == NULL)
        {
          self->done = TRUE;
          return NULL;
        }
      self->line_no++;

      if (strlen (line) != length || !g_utf8_validate (line, length, NULL))
        {
          g_autoptr(GError) bad = NULL;

          bad = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                             "%s: fd %d line %" G_GUINT64_FORMAT " is not UTF-8 text",
                             rill_element_get_name (RILL_ELEMENT (self)),
                             self->fd, self->line_no);
          rill_element_report_failure (RILL_ELEMENT (self), NULL, bad);
          continue;
        }

      text = g_strstrip (line);
      if (*text == '\0' || *text == '#')
        continue;

      doc = rill_doc_new ();
      rill_doc_set_string (doc, self->field != NULL ? self->field : RILL_FIELD_URL, text);
      return doc;
    }
}

static RillDoc *
read_whole_doc (RillFdSrc     *self,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  guint8 chunk[BUFFER_SIZE];
  g_autofree char *type = NULL;
  char *mime;
  RillDoc *doc;

  self->done = TRUE;

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (self->in), chunk, sizeof chunk,
                                      cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (data, chunk, n);
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  type = g_content_type_guess (NULL, g_bytes_get_data (body, NULL),
                               MIN (g_bytes_get_size (body), 4096), NULL);
  mime = type != NULL ? g_content_type_get_mime_type (type) : NULL;

  doc = rill_doc_new ();
  rill_doc_take_string (doc, RILL_FIELD_CONTENT_TYPE,
                        mime != NULL ? mime : g_strdup ("application/octet-stream"));
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  return doc;
}

static RillDoc *
next_doc (RillFdSrc     *self,
          gboolean       only_buffered,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RillDoc *doc;

  if (self->in == NULL || self->done)
    return NULL;

  if (self->mode == RILL_CORE_READ_MODE_WHOLE)
    doc = read_whole_doc (self, cancellable, &local_error);
  else
    doc = read_line_doc (self, only_buffered, cancellable, &local_error);

  if (local_error != NULL)
    {
      /* A cancelled read just ends the stream. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, local_error->domain, local_error->code,
                     "%s: cannot read fd %d: %s",
                     rill_element_get_name (RILL_ELEMENT (self)), self->fd,
                     local_error->message);
      self->done = TRUE;
      return NULL;
    }

  return doc;
}

static RillDoc *
rill_fd_src_create (RillSource    *source,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return next_doc (RILL_FD_SRC (source), FALSE, cancellable, error);
}

static guint
rill_fd_src_create_batch (RillSource    *source,
                          RillDoc      **docs,
                          guint          max,
                          GCancellable  *cancellable,
                          GError       **error)
{
  RillFdSrc *self = RILL_FD_SRC (source);
  guint n = 0;

  if (max == 0)
    return 0;

  /* Block for the first doc only; then take the lines already buffered. */
  while (n < max)
    {
      RillDoc *doc;

      if (n > 0 && (self->mode != RILL_CORE_READ_MODE_LINES || !line_is_buffered (self)))
        break;

      doc = next_doc (self, n > 0, cancellable, n == 0 ? error : NULL);
      if (doc == NULL)
        break;
      docs[n++] = doc;
    }

  return n;
}

static void
rill_fd_src_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RillFdSrc *self = RILL_FD_SRC (object);

  switch (prop_id)
    {
    case PROP_FD:
      g_value_set_int (value, self->fd);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_fd_src_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RillFdSrc *self = RILL_FD_SRC (object);

  switch (prop_id)
    {
    case PROP_FD:
      self->fd = g_value_get_int (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_fd_src_finalize (GObject *object)
{
  RillFdSrc *self = RILL_FD_SRC (object);

  g_clear_object (&self->in);
  g_free (self->field);

  G_OBJECT_CLASS (rill_fd_src_parent_class)->finalize (object);
}

static void
rill_fd_src_class_init (RillFdSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_fd_src_get_property;
  object_class->set_property = rill_fd_src_set_property;
  object_class->finalize = rill_fd_src_finalize;

  element_class->start = rill_fd_src_start;
  element_class->stop = rill_fd_src_stop;

  source_class->create = rill_fd_src_create;
  source_class->create_batch = rill_fd_src_create_batch;

  properties[PROP_FD] =
    g_param_spec_int ("fd", "File descriptor",
                      "Open file descriptor to read (0 is standard input); "
                      "it is not closed",
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode",
                       "lines: one doc per non-empty, non-# line; whole: "
                       "one doc with everything up to the end in body",
                       RILL_TYPE_CORE_READ_MODE,
                       RILL_CORE_READ_MODE_LINES,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field that receives each line in lines mode",
                         RILL_FIELD_URL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "File descriptor source",
                                   "Source/File",
                                   "Reads docs from a file descriptor "
                                   "(standard input by default), one per line "
                                   "or the whole input as one",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_fd_src_init (RillFdSrc *self)
{
  self->fd = 0;
  self->mode = RILL_CORE_READ_MODE_LINES;
  self->field = g_strdup (RILL_FIELD_URL);
}
