/* rill-jsonl-src.c: reads docs from JSON lines files, plain or gzip
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-json-elements.h"
#include "rill-json-gunzip.h"

#include <string.h>
#include <gio/gunixinputstream.h>

/**
 * RillJsonlSrc:
 *
 * `jsonl-src` reads docs written one JSON object a line (the form
 * `jsonl-sink` and `file-sink` write, see [ctor@Rill.Doc.new_from_json]
 * for the conventions: bytes are `{"$bytes": base64}`) from `location`:
 * one file, a glob pattern (`/data/\*.jsonl.gz`, files read in sorted
 * order, names ending in `.partial` skipped: those are unfinished output
 * of a `jsonl-sink`), or `-` for standard input.
 *
 * Files are read line by line in constant memory. A file whose name ends
 * in `.gz`, or whose first bytes are the gzip magic, is decompressed on
 * the fly; concatenated gzip members are read one after the other.
 * Blank lines are skipped.
 *
 * A line that is not a JSON object (or not UTF-8) is reported as a failed
 * doc whose error names the file and the line number, and reading goes
 * on; the failed doc carries `url` (the file's URI), `line-number` and
 * `raw-line` (the first 4 KiB of the line) so that the dead-letter file
 * shows what was wrong. A location that matches no file fails the run
 * when it starts; a file that cannot be read or is a truncated gzip stream
 * is reported as one failed doc and the next file is read.
 *
 * Sharding: with `shard-count=N` and `shard-index=I`, only the records
 * whose number (counting the non-blank lines of all the files, in order,
 * from 0) is I modulo N are parsed and emitted, so N workers with the same
 * location read disjoint parts.
 */

#define RILL_TYPE_JSONL_SRC (rill_jsonl_src_get_type ())
G_DECLARE_FINAL_TYPE (RillJsonlSrc, rill_jsonl_src, RILL, JSONL_SRC, RillSource)

#define READ_BUFFER_SIZE (64 * 1024)
#define RAW_LINE_MAX 4096

struct _RillJsonlSrc
{
  RillSource parent_instance;

  /* properties */
  char *location;
  guint shard_index;
  guint shard_count;

  /* state of a run */
  GPtrArray *files;            /* char *, sorted; "-" is stdin */
  guint next_file;
  GDataInputStream *lines;
  char *current_path;
  char *current_uri;
  guint64 line_no;
  guint64 record_no;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_SHARD_INDEX,
  PROP_SHARD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillJsonlSrc, rill_jsonl_src, RILL_TYPE_SOURCE)

static char *
path_to_uri (const char *path)
{
  g_autofree char *absolute = NULL;
  char *uri;

  if (strcmp (path, "-") == 0)
    return g_strdup ("stdin:");
  absolute = g_canonicalize_filename (path, NULL);
  uri = g_filename_to_uri (absolute, NULL, NULL);
  return uri != NULL ? uri : g_strconcat ("file://", absolute, NULL);
}

static const char *
display_name (const char *path)
{
  return strcmp (path, "-") == 0 ? "<stdin>" : path;
}

static void
close_current (RillJsonlSrc *self)
{
  if (self->lines != NULL)
    g_input_stream_close (G_INPUT_STREAM (self->lines), NULL, NULL);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->current_path, g_free);
  g_clear_pointer (&self->current_uri, g_free);
  self->line_no = 0;
}

static void
reset_state (RillJsonlSrc *self)
{
  close_current (self);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->next_file = 0;
  self->record_no = 0;
}

static void
report (RillJsonlSrc *self,
        const char   *raw_line,
        gsize         raw_length,
        const GError *error)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();

  rill_doc_set_string (doc, RILL_FIELD_URL, self->current_uri);
  if (self->line_no > 0)
    rill_doc_set_int (doc, "line-number", self->line_no);
  if (raw_line != NULL)
    {
      gsize n = MIN (raw_length, RAW_LINE_MAX);
      const char *end = NULL;

      gboolean valid = g_utf8_validate (raw_line, n, &end);

      /* Cut at a character boundary; a line that is not UTF-8 goes as bytes. */
      if (valid || (n < raw_length && end >= raw_line + n - 3))
        rill_doc_take_string (doc, "raw-line", g_strndup (raw_line, end - raw_line));
      else
        rill_doc_take_bytes (doc, "raw-line", g_bytes_new (raw_line, n));
    }
  rill_element_report_failure (RILL_ELEMENT (self), doc, error);
}

static gboolean
rill_jsonl_src_start (RillElement  *element,
                      GError      **error)
{
  RillJsonlSrc *self = RILL_JSONL_SRC (element);

  reset_state (self);

  if (!rill_location_check_shard (self->shard_index, self->shard_count, error))
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  self->files = rill_location_expand (self->location,
                                      RILL_LOCATION_STDIN | RILL_LOCATION_SKIP_PARTIAL, error);
  if (self->files == NULL)
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  return TRUE;
}

static gboolean
rill_jsonl_src_stop (RillElement  *element,
                     GError      **error)
{
  reset_state (RILL_JSONL_SRC (element));
  return TRUE;
}

/* Wraps @in in a decompressor when the name or the first bytes say gzip. */
static GInputStream *
maybe_gunzip (const char    *path,
              GInputStream  *in,
              GCancellable  *cancellable)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new_sized (in, READ_BUFFER_SIZE);
  gboolean gzip = g_str_has_suffix (path, ".gz");

  if (!gzip)
    {
      gsize avail = 0;
      const guchar *head;

      /* A short or failed fill leaves too few bytes: not gzip then. */
      g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2, cancellable, NULL);
      head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &avail);
      gzip = avail >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

  if (gzip)
    {
      g_autoptr(GConverter) gunzip = rill_json_gunzip_new ();

      return g_converter_input_stream_new (buffered, gunzip);
    }
  return g_steal_pointer (&buffered);
}

static gboolean
open_next (RillJsonlSrc *self,
           GCancellable *cancellable)
{
  while (self->next_file < self->files->len)
    {
      const char *path = g_ptr_array_index (self->files, self->next_file++);
      g_autoptr(GError) error = NULL;
      g_autoptr(GInputStream) in = NULL;
      g_autoptr(GInputStream) decoded = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      self->current_path = g_strdup (path);
      self->current_uri = path_to_uri (path);
      self->line_no = 0;

      if (strcmp (path, "-") == 0)
        in = g_unix_input_stream_new (0, FALSE);
      else
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);

          in = G_INPUT_STREAM (g_file_read (file, cancellable, &error));
          if (in == NULL)
            {
              g_prefix_error (&error, "%s: cannot read %s: ",
                              rill_element_get_name (RILL_ELEMENT (self)), path);
              report (self, NULL, 0, error);
              close_current (self);
              continue;
            }
        }

      decoded = maybe_gunzip (path, in, cancellable);
      self->lines = g_data_input_stream_new (decoded);
      g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->lines),
                                               READ_BUFFER_SIZE);
      g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_LF);
      return TRUE;
    }

  return FALSE;
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

static RillDoc *
rill_jsonl_src_create (RillSource    *source,
                       GCancellable  *cancellable,
                       GError       **error)
{
  RillJsonlSrc *self = RILL_JSONL_SRC (source);
  const char *name = rill_element_get_name (RILL_ELEMENT (self));

  if (self->files == NULL)
    return NULL;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;
      RillDoc *doc;

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;

      if (self->lines == NULL && !open_next (self, cancellable))
        return NULL;

      line = g_data_input_stream_read_line (self->lines, &length, cancellable, &local_error);
      if (line == NULL)
        {
          if (local_error != NULL &&
              !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_prefix_error (&local_error, "%s: cannot read %s after line %" G_GUINT64_FORMAT ": ",
                              name, display_name (self->current_path), self->line_no);
              report (self, NULL, 0, local_error);
            }
          close_current (self);
          continue;
        }
      self->line_no++;

      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      if (is_blank (line, length))
        continue;
      if (self->record_no++ % self->shard_count != self->shard_index)
        continue;

      doc = rill_doc_new_from_json (line, length, &local_error);
      if (doc == NULL)
        {
          g_autoptr(GError) bad = NULL;

          bad = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                             "%s: %s line %" G_GUINT64_FORMAT ": %s",
                             name, display_name (self->current_path), self->line_no,
                             local_error != NULL ? local_error->message : "not a JSON object");
          report (self, line, length, bad);
          continue;
        }
      return doc;
    }
}

static void
rill_jsonl_src_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillJsonlSrc *self = RILL_JSONL_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
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
rill_jsonl_src_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillJsonlSrc *self = RILL_JSONL_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
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
rill_jsonl_src_finalize (GObject *object)
{
  RillJsonlSrc *self = RILL_JSONL_SRC (object);

  reset_state (self);
  g_free (self->location);

  G_OBJECT_CLASS (rill_jsonl_src_parent_class)->finalize (object);
}

static void
rill_jsonl_src_class_init (RillJsonlSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_jsonl_src_get_property;
  object_class->set_property = rill_jsonl_src_set_property;
  object_class->finalize = rill_jsonl_src_finalize;

  element_class->start = rill_jsonl_src_start;
  element_class->stop = rill_jsonl_src_stop;

  source_class->create = rill_jsonl_src_create;

  /**
   * RillJsonlSrc:location:
   *
   * The file to read, a glob pattern or `-` for standard input.
   */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "A JSON lines file (.gz for gzip), a glob pattern "
                         "such as /data/*.jsonl.gz, or - for standard input",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillJsonlSrc:shard-index:
   *
   * Which shard this worker reads.
   */
  properties[PROP_SHARD_INDEX] =
    g_param_spec_uint ("shard-index", "Shard index",
                       "Which shard this worker reads, from 0 to "
                       "shard-count - 1",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillJsonlSrc:shard-count:
   *
   * How many workers share the input.
   */
  properties[PROP_SHARD_COUNT] =
    g_param_spec_uint ("shard-count", "Shard count",
                       "How many workers share the input: each reads the "
                       "non-blank lines whose number is shard-index modulo "
                       "shard-count",
                       1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "JSON lines source",
                                   "Source/File",
                                   "Reads docs from JSON lines files (plain or "
                                   "gzip), one doc a line",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_jsonl_src_init (RillJsonlSrc *self)
{
  self->shard_count = 1;
}
