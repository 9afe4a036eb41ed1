/* rill-fd-sink.c: writes docs to a file descriptor (stdout by default)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"
#include "rill-core-writer.h"

/**
 * RillFdSink:
 *
 * `fd-sink` writes each doc to an open file descriptor, standard output
 * by default, in the same formats as `file-sink`: one line of JSON
 * (`format=json`), one field per line with newlines escaped as `\n`
 * (`format=field`) or one field followed by a blank line
 * (`format=text`).
 *
 * Records are buffered and written in whole lines only; the buffer is
 * written out whenever the pipeline flushes the sink and when it stops.
 * The descriptor is never closed.
 */

#define RILL_TYPE_FD_SINK (rill_fd_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillFdSink, rill_fd_sink, RILL, FD_SINK, RillSink)

struct _RillFdSink
{
  RillSink parent_instance;

  int fd;
  RillCoreWriteFormat format;
  char *field;

  char *what;                 /* "fd 1", for errors */
  RillCoreWriter writer;
};

enum {
  PROP_0,
  PROP_FD,
  PROP_FORMAT,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFdSink, rill_fd_sink, RILL_TYPE_SINK)

static gboolean
rill_fd_sink_start (RillElement  *element,
                    GError      **error)
{
  RillFdSink *self = RILL_FD_SINK (element);

  g_free (self->what);
  self->what = g_strdup_printf ("fd %d", self->fd);
  rill_core_writer_open_fd (&self->writer, self->fd, FALSE);

  return TRUE;
}

static gboolean
rill_fd_sink_stop (RillElement  *element,
                   GError      **error)
{
  RillFdSink *self = RILL_FD_SINK (element);

  return rill_core_writer_close (&self->writer, self->what, error);
}

static gboolean
rill_fd_sink_render (RillSink  *sink,
                     RillDoc   *doc,
                     GError   **error)
{
  RillFdSink *self = RILL_FD_SINK (sink);

  return rill_core_writer_format (&self->writer, doc, self->format,
                                  self->field, error);
}

static gboolean
rill_fd_sink_flush (RillSink  *sink,
                    GError   **error)
{
  RillFdSink *self = RILL_FD_SINK (sink);

  return rill_core_writer_flush (&self->writer, self->what, error);
}

static void
rill_fd_sink_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RillFdSink *self = RILL_FD_SINK (object);

  switch (prop_id)
    {
    case PROP_FD:
      g_value_set_int (value, self->fd);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_fd_sink_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RillFdSink *self = RILL_FD_SINK (object);

  switch (prop_id)
    {
    case PROP_FD:
      self->fd = g_value_get_int (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
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
rill_fd_sink_finalize (GObject *object)
{
  RillFdSink *self = RILL_FD_SINK (object);

  rill_core_writer_clear (&self->writer);
  g_free (self->field);
  g_free (self->what);

  G_OBJECT_CLASS (rill_fd_sink_parent_class)->finalize (object);
}

static void
rill_fd_sink_class_init (RillFdSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_fd_sink_get_property;
  object_class->set_property = rill_fd_sink_set_property;
  object_class->finalize = rill_fd_sink_finalize;

  element_class->start = rill_fd_sink_start;
  element_class->stop = rill_fd_sink_stop;

  sink_class->render = rill_fd_sink_render;
  sink_class->flush = rill_fd_sink_flush;

  properties[PROP_FD] =
    g_param_spec_int ("fd", "File descriptor",
                      "Open file descriptor to write to (1 is standard "
                      "output); it is not closed",
                      0, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", "Format",
                       "How docs are written: json (one JSON object per "
                       "line), field (one field per line, newlines escaped "
                       "as \\n) or text (one field, then a blank line)",
                       RILL_TYPE_CORE_WRITE_FORMAT,
                       RILL_CORE_WRITE_FORMAT_JSON,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field written by the field and text formats",
                         RILL_FIELD_TEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "File descriptor sink",
                                   "Sink/File",
                                   "Writes docs to a file descriptor "
                                   "(standard output by default)",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_fd_sink_init (RillFdSink *self)
{
  self->fd = 1;
  self->format = RILL_CORE_WRITE_FORMAT_JSON;
  self->field = g_strdup (RILL_FIELD_TEXT);
  rill_core_writer_init (&self->writer);
}
