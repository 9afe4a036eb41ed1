/* rill-file-src.c: reads files, as whole docs or one doc per line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

#include <string.h>
#include <glib/gstdio.h>

/**
 * RillFileSrc:
 *
 * `file-src` reads the files named by `location`: one file, a glob
 * pattern (`/data/\*.html`) or a directory (every regular file in it,
 * sorted by name, and in its subdirectories too with `recursive=true`).
 * The files are read in sorted order.
 *
 * With `mode=whole` (the default) each file becomes one doc whose `url`
 * is the file's `file://` URI, `body` its bytes and `content-type` a type
 * guessed from its name and first bytes. With `mode=lines` each file is
 * read line by line in constant memory and each non-empty line (trimmed,
 * lines starting with `#` skipped) becomes a doc whose `field` (`url` by
 * default) holds the line.
 *
 * A location that matches no file fails the run when it starts. A file
 * that cannot be read among several (or a line that is not UTF-8) is
 * reported as a failed doc naming the path, and reading goes on.
 *
 * Sharding: with `shard-count=N` and `shard-index=I`, only the files
 * whose position in the sorted list is I modulo N are read (`whole`
 * mode), or only the lines whose record number (counting the non-empty,
 * non-comment lines of all the files, from 0) is I modulo N (`lines`
 * mode), so N workers with the same location read disjoint parts.
 */

#define RILL_TYPE_FILE_SRC (rill_file_src_get_type ())
G_DECLARE_FINAL_TYPE (RillFileSrc, rill_file_src, RILL, FILE_SRC, RillSource)

/* Files at least this large are mapped instead of read. */
#define MAP_THRESHOLD (1024 * 1024)
/* How many bytes content-type sniffing looks at. */
#define SNIFF_SIZE 4096

struct _RillFileSrc
{
  RillSource parent_instance;

  /* properties */
  char *location;
  gboolean recursive;
  RillCoreReadMode mode;
  char *field;
  guint shard_index;
  guint shard_count;

  /* state of a run */
  GPtrArray *files;            /* char *, sorted, to read */
  guint next_file;
  GDataInputStream *lines;     /* the file being read in lines mode */
  char *current_path;
  guint64 line_no;             /* physical line in current_path */
  guint64 record_no;           /* non-empty, non-comment lines so far */
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_RECURSIVE,
  PROP_MODE,
  PROP_FIELD,
  PROP_SHARD_INDEX,
  PROP_SHARD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFileSrc, rill_file_src, RILL_TYPE_SOURCE)

static char *
path_to_uri (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  char *uri = g_filename_to_uri (absolute, NULL, NULL);

  return uri != NULL ? uri : g_strconcat ("file://", absolute, NULL);
}

static void
report_file_failure (RillFileSrc  *self,
                     const char   *path,
                     const GError *error)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();

  rill_doc_take_string (doc, RILL_FIELD_URL, path_to_uri (path));
  rill_element_report_failure (RILL_ELEMENT (self), doc, error);
}

static void
close_current (RillFileSrc *self)
{
  if (self->lines != NULL)
    g_input_stream_close (G_INPUT_STREAM (self->lines), NULL, NULL);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->current_path, g_free);
  self->line_no = 0;
}

static void
reset_state (RillFileSrc *self)
{
  close_current (self);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->next_file = 0;
  self->record_no = 0;
}

static gboolean
rill_file_src_start (RillElement  *element,
                     GError      **error)
{
  RillFileSrc *self = RILL_FILE_SRC (element);
  g_autoptr(GPtrArray) all = NULL;

  reset_state (self);

  if (!rill_location_check_shard (self->shard_index, self->shard_count, error))
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  all = rill_location_expand (self->location,
                              self->recursive ? RILL_LOCATION_RECURSIVE : RILL_LOCATION_NONE,
                              error);
  if (all == NULL)
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  if (self->mode == RILL_CORE_READ_MODE_WHOLE)
    rill_location_keep_shard (all, self->shard_index, self->shard_count);
  self->files = g_steal_pointer (&all);

  return TRUE;
}

static gboolean
rill_file_src_stop (RillElement  *element,
                    GError      **error)
{
  reset_state (RILL_FILE_SRC (element));
  return TRUE;
}

static GBytes *
read_file (const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  GStatBuf st;
  GError *local_error = NULL;

  if (g_stat (path, &st) == 0 && st.st_size >= MAP_THRESHOLD)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local_error);

      if (mapped != NULL)
        return g_mapped_file_get_bytes (mapped);
      g_clear_error (&local_error);   /* fall back to reading */
    }

  {
    char *contents = NULL;
    gsize length = 0;

    if (!g_file_get_contents (path, &contents, &length, &local_error))
      {
        g_propagate_error (error, local_error);
        return NULL;
      }
    return g_bytes_new_take (contents, length);
  }
}

static char *
guess_content_type (const char *path,
                    GBytes     *body)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (body, &size);
  g_autofree char *type = g_content_type_guess (path, data, MIN (size, SNIFF_SIZE), NULL);
  char *mime = type != NULL ? g_content_type_get_mime_type (type) : NULL;

  return mime != NULL ? mime : g_strdup ("application/octet-stream");
}

static RillDoc *
create_whole (RillFileSrc   *self,
              GCancellable  *cancellable)
{
  while (self->next_file < self->files->len)
    {
      const char *path = g_ptr_array_index (self->files, self->next_file++);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = NULL;
      RillDoc *doc;

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;

      body = read_file (path, cancellable, &error);
      if (body == NULL)
        {
          g_prefix_error (&error, "%s: ", rill_element_get_name (RILL_ELEMENT (self)));
          report_file_failure (self, path, error);
          continue;
        }

      doc = rill_doc_new ();
      rill_doc_take_string (doc, RILL_FIELD_URL, path_to_uri (path));
      rill_doc_take_string (doc, RILL_FIELD_CONTENT_TYPE, guess_content_type (path, body));
      rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
      return doc;
    }

  return NULL;
}

/* Opens the next file for lines mode; FALSE when there is none left. */
static gboolean
open_next_lines (RillFileSrc  *self,
                 GCancellable *cancellable)
{
  while (self->next_file < self->files->len)
    {
      const char *path = g_ptr_array_index (self->files, self->next_file++);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFileInputStream) in = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      in = g_file_read (file, cancellable, &error);
      if (in == NULL)
        {
          g_prefix_error (&error, "%s: cannot read %s: ",
                          rill_element_get_name (RILL_ELEMENT (self)), path);
          report_file_failure (self, path, error);
          continue;
        }

      self->lines = g_data_input_stream_new (G_INPUT_STREAM (in));
      g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->lines),
                                               64 * 1024);
      g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
      self->current_path = g_strdup (path);
      self->line_no = 0;
      return TRUE;
    }

  return FALSE;
}

static RillDoc *
create_line (RillFileSrc   *self,
             GCancellable  *cancellable)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;
      char *text;
      RillDoc *doc;

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;

      if (self->lines == NULL && !open_next_lines (self, cancellable))
        return NULL;

      line = g_data_input_stream_read_line (self->lines, &length, cancellable, &error);
      if (line == NULL)
        {
          if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_prefix_error (&error, "%s: cannot read %s after line %" G_GUINT64_FORMAT ": ",
                              rill_element_get_name (RILL_ELEMENT (self)),
                              self->current_path, self->line_no);
              report_file_failure (self, self->current_path, error);
            }
          close_current (self);
          continue;
        }
      self->line_no++;

      /* Before trimming: a NUL inside the line would cut it short. */
      if (strlen (line) != length || !g_utf8_validate (line, length, NULL))
        {
          g_autoptr(GError) bad = NULL;

          if (self->record_no++ % self->shard_count != self->shard_index)
            continue;
          bad = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                             "%s: %s line %" G_GUINT64_FORMAT " is not UTF-8 text",
                             rill_element_get_name (RILL_ELEMENT (self)),
                             self->current_path, self->line_no);
          report_file_failure (self, self->current_path, bad);
          continue;
        }

      text = g_strstrip (line);
      if (*text == '\0' || *text == '#')
        continue;

      if (self->record_no++ % self->shard_count != self->shard_index)
        continue;

      doc = rill_doc_new ();
      rill_doc_set_string (doc, self->field != NULL ? self->field : RILL_FIELD_URL, text);
      return doc;
    }
}

static RillDoc *
rill_file_src_create (RillSource    *source,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RillFileSrc *self = RILL_FILE_SRC (source);

  if (self->files == NULL)
    return NULL;

  if (self->mode == RILL_CORE_READ_MODE_LINES)
    return create_line (self, cancellable);
  else
    return create_whole (self, cancellable);
}

static void
rill_file_src_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillFileSrc *self = RILL_FILE_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_RECURSIVE:
      g_value_set_boolean (value, self->recursive);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_SHARD_INDEX:
      g_value_set_uint (value, self->shard_index);
      break;
    case PROP_SHARD_COUNT:
      g_value_set_uint (value, self->shard_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_file_src_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillFileSrc *self = RILL_FILE_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_RECURSIVE:
      self->recursive = g_value_get_boolean (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_SHARD_INDEX:
      self->shard_index = g_value_get_uint (value);
      break;
    case PROP_SHARD_COUNT:
      self->shard_count = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_file_src_finalize (GObject *object)
{
  RillFileSrc *self = RILL_FILE_SRC (object);

  reset_state (self);
  g_free (self->location);
  g_free (self->field);

  G_OBJECT_CLASS (rill_file_src_parent_class)->finalize (object);
}

static void
rill_file_src_class_init (RillFileSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_file_src_get_property;
  object_class->set_property = rill_file_src_set_property;
  object_class->finalize = rill_file_src_finalize;

  element_class->start = rill_file_src_start;
  element_class->stop = rill_file_src_stop;

  source_class->create = rill_file_src_create;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "A file, a glob pattern such as /data/*.html, or a "
                         "directory whose regular files are all read",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECURSIVE] =
    g_param_spec_boolean ("recursive", "Recursive",
                          "Also read the files in subdirectories of a "
                          "directory location",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode",
                       "whole: one doc per file with its bytes in body; "
                       "lines: one doc per non-empty, non-# line",
                       RILL_TYPE_CORE_READ_MODE,
                       RILL_CORE_READ_MODE_WHOLE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field that receives each line in lines mode",
                         RILL_FIELD_URL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARD_INDEX] =
    g_param_spec_uint ("shard-index", "Shard index",
                       "Which shard this worker reads, from 0 to "
                       "shard-count - 1",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARD_COUNT] =
    g_param_spec_uint ("shard-count", "Shard count",
                       "How many workers share the input: each reads the "
                       "files (whole mode) or lines (lines mode) whose "
                       "number is shard-index modulo shard-count",
                       1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "File source",
                                   "Source/File",
                                   "Reads files (one, a glob or a directory) "
                                   "as whole docs or one doc per line",
                                   "Rill developers");
  /* Lines are usually URLs, files anything at all. */
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_file_src_init (RillFileSrc *self)
{
  self->mode = RILL_CORE_READ_MODE_WHOLE;
  self->field = g_strdup (RILL_FIELD_URL);
  self->shard_count = 1;
}
