/* rill-warc-src.c: reads WARC files, one doc per response or resource record
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-warc-elements.h"
#include "rill-warc-http.h"
#include "rill-warc-reader.h"

#include <string.h>

/**
 * RillWarcSrc:
 *
 * `warc-src` reads WARC 1.0 and 1.1 files: plain, gzip per record (the
 * `.warc.gz` of Common Crawl, wget and Heritrix) or one gzip stream for
 * the whole file. It streams in constant memory: two fixed 256 KiB
 * buffers and, for a record that becomes a doc, its block (at most
 * `max-size` bytes). `location` is one file, a glob pattern or `-` for
 * standard input.
 *
 * Each record of a type in `record-types` (`response` and `resource` by
 * default) becomes a doc:
 *
 * - `url`: WARC-Target-URI (without `<>`)
 * - `fetched-at`: WARC-Date, as written (ISO 8601)
 * - `status` (int), `headers` (string list of `Name: value`, in order),
 *   `content-type` (media type, lower case) and `charset`: from the HTTP
 *   response in the block; for a record without HTTP headers (a
 *   `resource`) `content-type` and `charset` come from the record's own
 *   Content-Type and there is no `status`
 * - `body` (bytes): the HTTP payload, de-chunked when the response said
 *   `Transfer-Encoding: chunked`, and decoded when it said
 *   `Content-Encoding: gzip` or `deflate`; any other content coding (or
 *   a payload that does not decode) is kept as it is and named in the
 *   field `content-encoding`
 * - `warc-record-id`, `warc-type`, `warc-filename` (the path read) and
 *   `warc-offset` (int: the file offset of the record's gzip member, or
 *   of the record in a plain file; the offset Common Crawl's index gives)
 *
 * `mime-types` keeps only the records whose content type is in the list
 * (`text/` followed by a star matches every text type); the others are
 * skipped silently, like records of other types. Records larger than `max-size` are
 * skipped without being read into memory and reported as failed docs.
 *
 * Bad input: a record with a malformed header, a Content-Length past the
 * end of the file or of its gzip member, or a broken gzip member is
 * reported as a failed doc whose error names the file and the offset,
 * and reading resumes at the next record: at the next gzip member when
 * the file has one member per record, else at the next line that starts
 * with `WARC/1.`. A file that cannot be opened among several is reported
 * and skipped; when the only file cannot be opened the run fails.
 *
 * Sharding: with `shard-count=N` and `shard-index=I`, a location that
 * names several files is split by file (the files at positions I modulo
 * N in sorted order); one file is split by record (the records whose
 * number, counting every record of the file from 0, is I modulo N).
 */

#define RILL_TYPE_WARC_SRC (rill_warc_src_get_type ())
G_DECLARE_FINAL_TYPE (RillWarcSrc, rill_warc_src, RILL, WARC_SRC, RillSource)

#define DEFAULT_MAX_SIZE (32 * 1024 * 1024)
#define MAX_HEADER_LINES 512

struct _RillWarcSrc
{
  RillSource parent_instance;

  char *location;
  GStrv record_types;
  GStrv mime_types;
  guint64 max_size;
  guint shard_index;
  guint shard_count;

  GPtrArray *files;
  guint next_file;
  gboolean shard_by_record;
  RillWarcReader *reader;
  guint64 record_no;
  GString *line;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_RECORD_TYPES,
  PROP_MIME_TYPES,
  PROP_MAX_SIZE,
  PROP_SHARD_INDEX,
  PROP_SHARD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillWarcSrc, rill_warc_src, RILL_TYPE_SOURCE)

static void
reset_state (RillWarcSrc *self)
{
  g_clear_pointer (&self->reader, rill_warc_reader_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->next_file = 0;
  self->record_no = 0;
}

static gboolean
rill_warc_src_start (RillElement  *element,
                     GError      **error)
{
  RillWarcSrc *self = RILL_WARC_SRC (element);
  g_autoptr(GPtrArray) all = NULL;

  reset_state (self);
  if (!rill_location_check_shard (self->shard_index, self->shard_count, error))
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  all = rill_location_expand (self->location, RILL_LOCATION_STDIN, error);
  if (all == NULL)
    {
      g_prefix_error (error, "%s: ", rill_element_get_name (element));
      return FALSE;
    }

  self->shard_by_record = all->len == 1;
  if (!self->shard_by_record)
    rill_location_keep_shard (all, self->shard_index, self->shard_count);
  self->files = g_steal_pointer (&all);

  /* One file that cannot be opened fails the run now, with its reason. */
  if (self->files->len == 1)
    {
      self->reader = rill_warc_reader_open (self->files->pdata[0], error);
      if (self->reader == NULL)
        {
          g_prefix_error (error, "%s: ", rill_element_get_name (element));
          return FALSE;
        }
      self->next_file = 1;
    }
  return TRUE;
}

static gboolean
rill_warc_src_stop (RillElement  *element,
                    GError      **error)
{
  reset_state (RILL_WARC_SRC (element));
  return TRUE;
}

static const char *
header_get (GPtrArray  *headers,
            const char *name)
{
  for (guint i = 0; i + 1 < headers->len; i += 2)
    if (g_ascii_strcasecmp (headers->pdata[i], name) == 0)
      return headers->pdata[i + 1];
  return NULL;
}

static gboolean
strv_has_nocase (GStrv       list,
                 const char *value)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], value) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
mime_wanted (RillWarcSrc *self,
             const char  *type)
{
  if (self->mime_types == NULL || self->mime_types[0] == NULL)
    return TRUE;
  if (type == NULL)
    return FALSE;
  for (guint i = 0; self->mime_types[i] != NULL; i++)
    {
      const char *want = self->mime_types[i];
      gsize n = strlen (want);

      if (n >= 2 && want[n - 2] == '/' && want[n - 1] == '*')
        {
          if (g_ascii_strncasecmp (type, want, n - 1) == 0)
            return TRUE;
        }
      else if (g_ascii_strcasecmp (type, want) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
strip_uri (const char *uri)
{
  gsize n = strlen (uri);

  if (n >= 2 && uri[0] == '<' && uri[n - 1] == '>')
    return rill_warc_sanitize (uri + 1, n - 2);
  return rill_warc_sanitize (uri, n);
}

/* A doc naming the record, for failures. */
static RillDoc *
failure_doc (RillWarcSrc *self,
             GPtrArray   *headers,
             guint64      file_offset)
{
  RillDoc *doc = rill_doc_new ();
  const char *uri = headers != NULL ? header_get (headers, "WARC-Target-URI") : NULL;
  const char *id = headers != NULL ? header_get (headers, "WARC-Record-ID") : NULL;

  if (uri != NULL)
    rill_doc_take_string (doc, RILL_FIELD_URL, strip_uri (uri));
  if (id != NULL)
    rill_doc_take_string (doc, RILL_WARC_FIELD_RECORD_ID, rill_warc_sanitize (id, -1));
  rill_doc_take_string (doc, RILL_WARC_FIELD_FILENAME,
                        rill_warc_sanitize (rill_warc_reader_get_path (self->reader), -1));
  rill_doc_set_int (doc, RILL_WARC_FIELD_OFFSET, file_offset);
  return doc;
}

static void
report (RillWarcSrc *self,
        GPtrArray   *headers,
        guint64      record_start,
        const char  *format,
        ...) G_GNUC_PRINTF (4, 5);

static void
report (RillWarcSrc *self,
        GPtrArray   *headers,
        guint64      record_start,
        const char  *format,
        ...)
{
  g_autoptr(RillDoc) doc = failure_doc (self, headers,
                                        rill_warc_reader_file_offset (self->reader, record_start));
  g_autofree char *where = rill_warc_reader_describe_offset (self->reader, record_start);
  g_autofree char *what = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                       "%s: %s, record at %s: %s",
                       rill_element_get_name (RILL_ELEMENT (self)),
                       rill_warc_reader_get_path (self->reader), where, what);
  rill_element_report_failure (RILL_ELEMENT (self), doc, error);
}

static RillDoc *
make_doc (RillWarcSrc *self,
          GPtrArray   *headers,
          GBytes      *block,
          guint64      file_offset,
          const char  *type)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (block, &length);
  const char *uri = header_get (headers, "WARC-Target-URI");
  const char *date = header_get (headers, "WARC-Date");
  const char *id = header_get (headers, "WARC-Record-ID");
  const char *warc_type = header_get (headers, "Content-Type");
  RillWarcHttp http = { 0, };
  g_autoptr(GBytes) body = NULL;

  if (rill_warc_http_parse (data, length, &http))
    {
      const char *payload = (const char *) data + http.body_offset;
      gsize payload_len = length - http.body_offset;

      if (!mime_wanted (self, http.content_type))
        {
          rill_warc_http_clear (&http);
          return NULL;
        }
      rill_doc_set_int (doc, RILL_FIELD_STATUS, http.status);
      if (http.content_type != NULL)
        rill_doc_set_string (doc, RILL_FIELD_CONTENT_TYPE, http.content_type);
      if (http.charset != NULL)
        rill_doc_take_string (doc, RILL_FIELD_CHARSET, rill_warc_sanitize (http.charset, -1));
      g_ptr_array_add (http.headers, NULL);
      rill_doc_set_strv (doc, RILL_WARC_FIELD_HEADERS,
                         (const char * const *) http.headers->pdata);

      if (http.transfer_encoding != NULL && strstr (http.transfer_encoding, "chunked") != NULL)
        {
          gboolean complete;

          body = rill_warc_dechunk ((const guint8 *) payload, payload_len, &complete);
        }
      else
        body = g_bytes_new_from_bytes (block, http.body_offset, payload_len);

      if (http.content_encoding != NULL && *http.content_encoding != '\0' &&
          g_strcmp0 (http.content_encoding, "identity") != 0)
        {
          g_autoptr(GError) error = NULL;
          gsize n = 0;
          const guint8 *p = g_bytes_get_data (body, &n);
          GBytes *decoded = rill_warc_decode_content (p, n, http.content_encoding,
                                                      self->max_size, &error);

          if (decoded != NULL)
            {
              g_bytes_unref (body);
              body = decoded;
            }
          else
            rill_doc_set_string (doc, RILL_WARC_FIELD_CONTENT_ENCODING, http.content_encoding);
        }
      rill_warc_http_clear (&http);
    }
  else
    {
      g_autofree char *media = NULL;
      g_autofree char *charset = NULL;

      if (warc_type != NULL)
        rill_warc_parse_content_type (warc_type, &media, &charset);
      if (!mime_wanted (self, media))
        return NULL;
      if (media != NULL)
        rill_doc_take_string (doc, RILL_FIELD_CONTENT_TYPE, rill_warc_sanitize (media, -1));
      if (charset != NULL)
        rill_doc_take_string (doc, RILL_FIELD_CHARSET, rill_warc_sanitize (charset, -1));
      body = g_bytes_ref (block);
    }

  if (uri != NULL)
    rill_doc_take_string (doc, RILL_FIELD_URL, strip_uri (uri));
  if (date != NULL)
    rill_doc_take_string (doc, RILL_FIELD_FETCHED_AT, rill_warc_sanitize (date, -1));
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  if (id != NULL)
    rill_doc_take_string (doc, RILL_WARC_FIELD_RECORD_ID, rill_warc_sanitize (id, -1));
  rill_doc_take_string (doc, RILL_WARC_FIELD_TYPE, g_ascii_strdown (type, -1));
  rill_doc_take_string (doc, RILL_WARC_FIELD_FILENAME,
                        rill_warc_sanitize (rill_warc_reader_get_path (self->reader), -1));
  rill_doc_set_int (doc, RILL_WARC_FIELD_OFFSET, file_offset);
  return g_steal_pointer (&doc);
}

typedef enum {
  RECORD_DOC,        /* *out_doc is set */
  RECORD_SKIPPED,    /* go on with the next record */
  RECORD_END,        /* this file is done */
} RecordResult;

/* After a bad record: TRUE to go on in this file. */
static RecordResult
after_bad_record (RillWarcSrc *self)
{
  return rill_warc_reader_resync (self->reader) ? RECORD_SKIPPED : RECORD_END;
}

static RecordResult
read_record (RillWarcSrc  *self,
             RillDoc     **out_doc)
{
  RillWarcReader *r = self->reader;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  RillWarcReadStatus status;
  guint64 start;
  guint64 length = 0;
  guint64 n_read = 0;
  const char *type;
  const char *cl;
  char *end = NULL;
  gboolean wanted;
  gboolean member_start;
  g_autoptr(GByteArray) block = NULL;
  guint64 file_offset;

  /* Blank lines between records. */
  do
    {
      start = rill_warc_reader_tell (r);
      status = rill_warc_reader_read_line (r, self->line, &error);
      if (status == RILL_WARC_READ_EOF)
        return RECORD_END;
      if (status == RILL_WARC_READ_ERROR)
        {
          report (self, NULL, start, "%s", error->message);
          return after_bad_record (self);
        }
    }
  while (self->line->len == 0);

  if (!g_str_has_prefix (self->line->str, "WARC/1."))
    {
      g_autofree char *shown = rill_warc_sanitize (self->line->str, MIN (self->line->len, 40));

      report (self, NULL, start, "expected a WARC/1.0 or WARC/1.1 line, found '%s'", shown);
      return after_bad_record (self);
    }
  member_start = rill_warc_reader_member_starts_at (r, start);
  file_offset = rill_warc_reader_file_offset (r, start);

  for (guint n = 0; ; n++)
    {
      char *colon;

      status = rill_warc_reader_read_line (r, self->line, &error);
      if (status == RILL_WARC_READ_EOF)
        {
          report (self, headers, start, "the file ends inside the record header");
          return RECORD_END;
        }
      if (status == RILL_WARC_READ_ERROR)
        {
          report (self, headers, start, "%s", error->message);
          return after_bad_record (self);
        }
      if (self->line->len == 0)
        break;
      if (n >= MAX_HEADER_LINES)
        {
          report (self, headers, start, "more than %d header lines", MAX_HEADER_LINES);
          return after_bad_record (self);
        }
      if ((self->line->str[0] == ' ' || self->line->str[0] == '\t') && headers->len >= 2)
        {
          char *prev = headers->pdata[headers->len - 1];

          headers->pdata[headers->len - 1] = g_strconcat (prev, " ", g_strstrip (self->line->str), NULL);
          g_free (prev);
          continue;
        }
      colon = strchr (self->line->str, ':');
      if (colon == NULL)
        {
          g_autofree char *shown = rill_warc_sanitize (self->line->str, MIN (self->line->len, 40));

          report (self, headers, start, "malformed header line '%s'", shown);
          return after_bad_record (self);
        }
      g_ptr_array_add (headers, g_strstrip (g_strndup (self->line->str, colon - self->line->str)));
      g_ptr_array_add (headers, g_strstrip (g_strdup (colon + 1)));
    }

  cl = header_get (headers, "Content-Length");
  if (cl != NULL)
    length = g_ascii_strtoull (cl, &end, 10);
  if (cl == NULL || end == cl || *end != '\0')
    {
      report (self, headers, start, "no valid Content-Length");
      return after_bad_record (self);
    }

  type = header_get (headers, "WARC-Type");
  wanted = type != NULL && strv_has_nocase (self->record_types, type);
  if (wanted && self->shard_by_record && self->shard_count > 1 &&
      self->record_no % self->shard_count != self->shard_index)
    wanted = FALSE;
  self->record_no++;

  if (wanted && length > self->max_size)
    {
      report (self, headers, start,
              "record of %" G_GUINT64_FORMAT " bytes is larger than max-size (%" G_GUINT64_FORMAT ")",
              length, self->max_size);
      wanted = FALSE;
    }

  if (wanted)
    block = g_byte_array_sized_new (length);
  status = rill_warc_reader_read_block (r, length, block,
                                        member_start && rill_warc_reader_is_multi_member (r),
                                        &n_read, &error);
  switch (status)
    {
    case RILL_WARC_READ_OK:
      break;
    case RILL_WARC_READ_EOF:
      report (self, headers, start,
              "truncated: Content-Length is %" G_GUINT64_FORMAT " but the file ends after %"
              G_GUINT64_FORMAT " bytes", length, n_read);
      return RECORD_END;
    case RILL_WARC_READ_MEMBER:
      report (self, headers, start,
              "truncated: Content-Length is %" G_GUINT64_FORMAT " but its gzip member ends after %"
              G_GUINT64_FORMAT " bytes", length, n_read);
      return RECORD_SKIPPED;
    case RILL_WARC_READ_ERROR:
    default:
      report (self, headers, start, "%s", error->message);
      return after_bad_record (self);
    }

  if (!wanted)
    return RECORD_SKIPPED;

  {
    /* GByteArray rounds its allocation up to a power of two; shrink it
     * to the record's size, or queued docs hold ~1.5x their bytes. */
    gsize len = 0;
    guint8 *data = g_byte_array_steal (block, &len);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_realloc (data, MAX (len, 1)), len);

    *out_doc = make_doc (self, headers, bytes, file_offset, type);
  }
  return *out_doc != NULL ? RECORD_DOC : RECORD_SKIPPED;
}

static gboolean
open_next (RillWarcSrc *self)
{
  while (self->next_file < self->files->len)
    {
      const char *path = self->files->pdata[self->next_file++];
      g_autoptr(GError) error = NULL;

      self->reader = rill_warc_reader_open (path, &error);
      if (self->reader != NULL)
        return TRUE;
      {
        g_autoptr(RillDoc) doc = rill_doc_new ();

        g_prefix_error (&error, "%s: ", rill_element_get_name (RILL_ELEMENT (self)));
        rill_doc_take_string (doc, RILL_WARC_FIELD_FILENAME, rill_warc_sanitize (path, -1));
        rill_element_report_failure (RILL_ELEMENT (self), doc, error);
      }
    }
  return FALSE;
}

static RillDoc *
rill_warc_src_create (RillSource    *source,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RillWarcSrc *self = RILL_WARC_SRC (source);

  if (self->files == NULL)
    return NULL;

  for (;;)
    {
      RillDoc *doc = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      if (self->reader == NULL && !open_next (self))
        return NULL;

      switch (read_record (self, &doc))
        {
        case RECORD_DOC:
          return doc;
        case RECORD_SKIPPED:
          break;
        case RECORD_END:
        default:
          g_clear_pointer (&self->reader, rill_warc_reader_free);
          break;
        }
    }
}

static void
rill_warc_src_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillWarcSrc *self = RILL_WARC_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_RECORD_TYPES:
      g_value_set_boxed (value, self->record_types);
      break;
    case PROP_MIME_TYPES:
      g_value_set_boxed (value, self->mime_types);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
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
rill_warc_src_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillWarcSrc *self = RILL_WARC_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_RECORD_TYPES:
      g_strfreev (self->record_types);
      self->record_types = g_value_dup_boxed (value);
      break;
    case PROP_MIME_TYPES:
      g_strfreev (self->mime_types);
      self->mime_types = g_value_dup_boxed (value);
      break;
    case PROP_MAX_SIZE:
      self->max_size = g_value_get_uint64 (value);
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
rill_warc_src_finalize (GObject *object)
{
  RillWarcSrc *self = RILL_WARC_SRC (object);

  reset_state (self);
  g_free (self->location);
  g_strfreev (self->record_types);
  g_strfreev (self->mime_types);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (rill_warc_src_parent_class)->finalize (object);
}

static void
rill_warc_src_class_init (RillWarcSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_warc_src_get_property;
  object_class->set_property = rill_warc_src_set_property;
  object_class->finalize = rill_warc_src_finalize;
  element_class->start = rill_warc_src_start;
  element_class->stop = rill_warc_src_stop;
  source_class->create = rill_warc_src_create;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "A WARC file (.warc or .warc.gz), a glob pattern "
                         "such as /data/*.warc.gz, or - for standard input",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_TYPES] =
    g_param_spec_boxed ("record-types", "Record types",
                        "WARC-Type values whose records become docs, "
                        "comma-separated (default response,resource)",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIME_TYPES] =
    g_param_spec_boxed ("mime-types", "MIME types",
                        "Keep only records of these content types, "
                        "comma-separated, e.g. text/html,text/*; empty "
                        "keeps all",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", "Maximum size",
                         "Records whose block is larger than this many "
                         "bytes are skipped and reported as failed",
                         1, G_MAXUINT64, DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARD_INDEX] =
    g_param_spec_uint ("shard-index", "Shard index",
                       "Which shard this worker reads, from 0 to "
                       "shard-count - 1",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARD_COUNT] =
    g_param_spec_uint ("shard-count", "Shard count",
                       "How many workers share the input: by file when "
                       "the location names several, else by record number",
                       1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "WARC source",
                                   "Source/File",
                                   "Reads WARC 1.0/1.1 files (plain or gzip) "
                                   "and turns response and resource records "
                                   "into docs",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_warc_src_init (RillWarcSrc *self)
{
  static const char * const default_types[] = { "response", "resource", NULL };

  self->record_types = g_strdupv ((GStrv) default_types);
  self->max_size = DEFAULT_MAX_SIZE;
  self->shard_count = 1;
  self->line = g_string_new (NULL);
}
