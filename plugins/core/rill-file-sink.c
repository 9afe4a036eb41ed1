/* rill-file-sink.c: writes docs to a file, one record per line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"
#include "rill-core-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

/**
 * RillFileSink:
 *
 * `file-sink` writes each doc to the file at `location`: as one line of
 * JSON (`format=json`, the default), as the value of one field per line
 * (`format=field`, newlines inside escaped as `\n`) or as the value of one
 * field followed by a blank line (`format=text`).
 *
 * The file is written in place (not through a temporary file), but only
 * in whole records: docs are buffered and written out in complete lines,
 * so a run that is killed leaves a file of complete lines. The buffer is
 * written out and synced to disk whenever the pipeline flushes the sink
 * (at the end of the stream, after a cancel, at checkpoints).
 *
 * A doc without the field to write (formats `field` and `text`) fails.
 */

#define RILL_TYPE_FILE_SINK (rill_file_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillFileSink, rill_file_sink, RILL, FILE_SINK, RillSink)

struct _RillFileSink
{
  RillSink parent_instance;

  char *location;
  RillCoreWriteFormat format;
  char *field;
  gboolean append;

  RillCoreWriter writer;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_FORMAT,
  PROP_FIELD,
  PROP_APPEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFileSink, rill_file_sink, RILL_TYPE_SINK)

static gboolean
rill_file_sink_start (RillElement  *element,
                      GError      **error)
{
  RillFileSink *self = RILL_FILE_SINK (element);
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
  int fd;

  if (self->location == NULL || *self->location == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no location set",
                   rill_element_get_name (element));
      return FALSE;
    }

  flags |= self->append ? O_APPEND : O_TRUNC;
  fd = g_open (self->location, flags, 0666);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot open %s for writing: %s",
                   self->location, g_strerror (errsv));
      return FALSE;
    }

  rill_core_writer_open_fd (&self->writer, fd, TRUE);
  return TRUE;
}

static gboolean
rill_file_sink_stop (RillElement  *element,
                     GError      **error)
{
  RillFileSink *self = RILL_FILE_SINK (element);

  return rill_core_writer_close (&self->writer, self->location, error);
}

static gboolean
rill_file_sink_render (RillSink  *sink,
                       RillDoc   *doc,
                       GError   **error)
{
  RillFileSink *self = RILL_FILE_SINK (sink);

  return rill_core_writer_format (&self->writer, doc, self->format,
                                  self->field, error);
}

static gboolean
rill_file_sink_flush (RillSink  *sink,
                      GError   **error)
{
  RillFileSink *self = RILL_FILE_SINK (sink);

  if (!rill_core_writer_flush (&self->writer, self->location, error))
    return FALSE;

  if (self->writer.fd >= 0 && g_fsync (self->writer.fd) != 0)
    {
      int errsv = errno;

      /* Pipes, sockets and some special files cannot be synced. */
      if (errsv != EINVAL && errsv != EROFS && errsv != ENOTSUP)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "cannot sync %s: %s", self->location, g_strerror (errsv));
          return FALSE;
        }
    }

  return TRUE;
}

static void
rill_file_sink_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillFileSink *self = RILL_FILE_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_APPEND:
      g_value_set_boolean (value, self->append);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_file_sink_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillFileSink *self = RILL_FILE_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_APPEND:
      self->append = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_file_sink_finalize (GObject *object)
{
  RillFileSink *self = RILL_FILE_SINK (object);

  rill_core_writer_clear (&self->writer);
  g_free (self->location);
  g_free (self->field);

  G_OBJECT_CLASS (rill_file_sink_parent_class)->finalize (object);
}

static void
rill_file_sink_class_init (RillFileSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_file_sink_get_property;
  object_class->set_property = rill_file_sink_set_property;
  object_class->finalize = rill_file_sink_finalize;

  element_class->start = rill_file_sink_start;
  element_class->stop = rill_file_sink_stop;

  sink_class->render = rill_file_sink_render;
  sink_class->flush = rill_file_sink_flush;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "Path of the file to write (created or truncated "
                         "unless append is set)",
                         NULL,
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
  properties[PROP_APPEND] =
    g_param_spec_boolean ("append", "Append",
                          "Append to the file instead of replacing its "
                          "content",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "File sink",
                                   "Sink/File",
                                   "Writes docs to a file as JSON lines, one "
                                   "field per line or plain text",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_file_sink_init (RillFileSink *self)
{
  self->format = RILL_CORE_WRITE_FORMAT_JSON;
  self->field = g_strdup (RILL_FIELD_TEXT);
  rill_core_writer_init (&self->writer);
}
