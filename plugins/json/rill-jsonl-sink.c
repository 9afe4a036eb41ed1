/* rill-jsonl-sink.c: writes docs as JSON lines, plain or gzip, atomically
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-json-elements.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

/**
 * RillJsonlSink:
 *
 * `jsonl-sink` writes each doc as one line of JSON (see
 * [ctor@Rill.Doc.new_from_json] for the conventions: bytes are
 * `{"$bytes": base64}`) to the file at `location`, gzip-compressed (gzip
 * format, readable by `zcat` and `jsonl-src`) when the name ends in `.gz`.
 *
 * `fields` chooses what is written: `fields=url,title,text` writes only
 * those fields, in that order (fields a doc lacks are left out);
 * `fields=-body,-html` writes every
 * field but those. Both kinds can be mixed.
 *
 * Crash safety: write-then-rename. The docs go to `LOCATION.partial`; when
 * the element stops (the end of the stream, a cancel, or a failed run
 * after start) the file is finished (gzip trailer), synced to disk and
 * renamed over `LOCATION`, and the directory is synced. A run that is
 * killed leaves `LOCATION` as it was before the run (complete lines, a
 * valid gzip stream) and a `LOCATION.partial` that readers ignore
 * (`jsonl-src` skips `*.partial` in glob patterns) and the next run
 * replaces. The cost: nothing of a run is visible under `LOCATION` before
 * it ends.
 *
 * With `append=true` the existing file is first copied to
 * `LOCATION.partial` (a reflink where the file system supports it), and
 * the new lines go after it; for `.gz` they form a new gzip member, which
 * gzip readers and `jsonl-src` read as the continuation of the stream.
 */

#define RILL_TYPE_JSONL_SINK (rill_jsonl_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillJsonlSink, rill_jsonl_sink, RILL, JSONL_SINK, RillSink)

#define WRITE_BUFFER_SIZE (64 * 1024)
#define PARTIAL_SUFFIX ".partial"

struct _RillJsonlSink
{
  RillSink parent_instance;

  /* properties */
  char *location;
  char **fields;
  gboolean append;

  /* state of a run */
  char *partial;
  int fd;
  GOutputStream *out;          /* owns fd */
  GString *buffer;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_FIELDS,
  PROP_APPEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillJsonlSink, rill_jsonl_sink, RILL_TYPE_SINK)

static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s %s: %s", what, path, g_strerror (errsv));
  return FALSE;
}

static void
close_output (RillJsonlSink *self)
{
  if (self->out != NULL)
    g_output_stream_close (self->out, NULL, NULL);
  g_clear_object (&self->out);
  self->fd = -1;
  g_string_truncate (self->buffer, 0);
}

static gboolean
copy_existing (RillJsonlSink  *self,
               GError        **error)
{
  g_autoptr(GFile) src = g_file_new_for_path (self->location);
  g_autoptr(GFile) dest = g_file_new_for_path (self->partial);
  g_autoptr(GError) local_error = NULL;

  if (g_file_copy (src, dest, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                   NULL, NULL, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;   /* nothing to append to yet */

  g_set_error (error, local_error->domain, local_error->code,
               "cannot copy %s to %s for appending: %s",
               self->location, self->partial, local_error->message);
  return FALSE;
}

static gboolean
rill_jsonl_sink_start (RillElement  *element,
                       GError      **error)
{
  RillJsonlSink *self = RILL_JSONL_SINK (element);
  GOutputStream *base;
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

  close_output (self);
  g_clear_pointer (&self->partial, g_free);

  if (self->location == NULL || *self->location == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no location set", rill_element_get_name (element));
      return FALSE;
    }

  self->partial = g_strconcat (self->location, PARTIAL_SUFFIX, NULL);
  if (self->append)
    {
      if (!copy_existing (self, error))
        return FALSE;
      flags |= O_APPEND;
      if (!g_file_test (self->partial, G_FILE_TEST_EXISTS))
        flags |= O_TRUNC;
    }
  else
    flags |= O_TRUNC;

  self->fd = g_open (self->partial, flags, 0666);
  if (self->fd < 0)
    return set_errno_error (error, errno, "cannot open for writing", self->partial);

  base = g_unix_output_stream_new (self->fd, TRUE);
  if (g_str_has_suffix (self->location, ".gz"))
    {
      g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);

      self->out = g_converter_output_stream_new (base, G_CONVERTER (gzip));
      g_object_unref (base);
    }
  else
    self->out = base;

  return TRUE;
}

static gboolean
write_buffer (RillJsonlSink  *self,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->out == NULL || self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len,
                                  NULL, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "cannot write %s: %s", self->partial, local_error->message);
      g_string_truncate (self->buffer, 0);
      return FALSE;
    }
  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static gboolean
sync_fd (int          fd,
         const char  *path,
         GError     **error)
{
  if (fd >= 0 && fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    return set_errno_error (error, errno, "cannot sync", path);
  return TRUE;
}

static void
sync_parent_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
rill_jsonl_sink_stop (RillElement  *element,
                      GError      **error)
{
  RillJsonlSink *self = RILL_JSONL_SINK (element);
  g_autoptr(GError) local_error = NULL;

  if (self->out == NULL)
    return TRUE;

  if (!write_buffer (self, error))
    {
      close_output (self);
      return FALSE;
    }

  /* Finishes the gzip stream; the fd stays open until the stream is freed. */
  if (!g_output_stream_close (self->out, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "cannot finish %s: %s", self->partial, local_error->message);
      close_output (self);
      return FALSE;
    }
  g_clear_object (&self->out);
  self->fd = -1;
  close_output (self);

  {
    int fd = g_open (self->partial, O_RDONLY | O_CLOEXEC, 0);
    gboolean ok = fd >= 0 || (set_errno_error (error, errno, "cannot open", self->partial), FALSE);

    if (ok)
      {
        ok = sync_fd (fd, self->partial, error);
        close (fd);
      }
    if (!ok)
      return FALSE;
  }

  if (g_rename (self->partial, self->location) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot rename %s to %s: %s", self->partial, self->location,
                   g_strerror (errsv));
      return FALSE;
    }
  sync_parent_dir (self->location);
  return TRUE;
}

static gboolean
rill_jsonl_sink_render (RillSink  *sink,
                        RillDoc   *doc,
                        GError   **error)
{
  RillJsonlSink *self = RILL_JSONL_SINK (sink);
  g_autofree char *json = NULL;

  if (self->out == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   "%s: not started", rill_element_get_name (RILL_ELEMENT (self)));
      return FALSE;
    }

  if (self->fields != NULL && self->fields[0] != NULL)
    {
      g_autoptr(RillDoc) selected =
        rill_doc_select_fields (doc, (const char * const *) self->fields);

      json = rill_doc_to_json (selected, FALSE);
    }
  else
    json = rill_doc_to_json (doc, FALSE);

  g_string_append (self->buffer, json);
  g_string_append_c (self->buffer, '\n');

  if (self->buffer->len >= WRITE_BUFFER_SIZE)
    return write_buffer (self, error);
  return TRUE;
}

static gboolean
rill_jsonl_sink_flush (RillSink  *sink,
                       GError   **error)
{
  RillJsonlSink *self = RILL_JSONL_SINK (sink);
  g_autoptr(GError) local_error = NULL;

  if (!write_buffer (self, error))
    return FALSE;
  if (self->out != NULL && !g_output_stream_flush (self->out, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "cannot flush %s: %s", self->partial, local_error->message);
      return FALSE;
    }
  return sync_fd (self->fd, self->partial, error);
}

static void
rill_jsonl_sink_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillJsonlSink *self = RILL_JSONL_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;
    case PROP_APPEND:
      g_value_set_boolean (value, self->append);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_jsonl_sink_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillJsonlSink *self = RILL_JSONL_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_FIELDS:
      g_strfreev (self->fields);
      self->fields = g_value_dup_boxed (value);
      break;
    case PROP_APPEND:
      self->append = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_jsonl_sink_finalize (GObject *object)
{
  RillJsonlSink *self = RILL_JSONL_SINK (object);

  close_output (self);
  g_string_free (self->buffer, TRUE);
  g_free (self->partial);
  g_free (self->location);
  g_strfreev (self->fields);

  G_OBJECT_CLASS (rill_jsonl_sink_parent_class)->finalize (object);
}

static void
rill_jsonl_sink_class_init (RillJsonlSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_jsonl_sink_get_property;
  object_class->set_property = rill_jsonl_sink_set_property;
  object_class->finalize = rill_jsonl_sink_finalize;

  element_class->start = rill_jsonl_sink_start;
  element_class->stop = rill_jsonl_sink_stop;

  sink_class->render = rill_jsonl_sink_render;
  sink_class->flush = rill_jsonl_sink_flush;

  /**
   * RillJsonlSink:location:
   *
   * The file written; `.gz` compresses it.
   */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "Path of the JSON lines file, gzip-compressed when "
                         "it ends in .gz; written as LOCATION.partial and "
                         "renamed when the run ends",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillJsonlSink:fields:
   *
   * The fields written, or `-name` for fields left out.
   */
  properties[PROP_FIELDS] =
    g_param_spec_boxed ("fields", "Fields",
                        "Fields to write, in this order (default: all); "
                        "-name leaves a field out, e.g. -body",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillJsonlSink:append:
   *
   * Whether the lines go after the existing content.
   */
  properties[PROP_APPEND] =
    g_param_spec_boolean ("append", "Append",
                          "Keep the existing content of the file and add the "
                          "new lines after it (a new gzip member for .gz)",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "JSON lines sink",
                                   "Sink/File",
                                   "Writes docs as JSON lines (plain or gzip) "
                                   "that a killed run never leaves torn",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_jsonl_sink_init (RillJsonlSink *self)
{
  self->fd = -1;
  self->buffer = g_string_sized_new (WRITE_BUFFER_SIZE + 4096);
}
