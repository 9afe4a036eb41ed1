/* rill-warc-sink.c: writes docs as WARC/1.1 records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-warc-elements.h"
#include "rill-warc-record.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/**
 * RillWarcSink:
 *
 * `warc-sink` writes docs (what `http-fetch` produces: `url`,
 * `final-url`, `status`, `content-type`, `charset`, `headers`, `body`,
 * `fetched-at`) to a WARC/1.1 file at `location`, each record its own
 * gzip member (`gzip=true`, the default, for a `.warc.gz`) or plain.
 *
 * The file starts with a `warcinfo` record. Each doc with a `status`
 * becomes a `request` record (a minimal `GET` for the URL) and a
 * `response` record holding an HTTP/1.1 response: the status line, the
 * doc's `headers` (a string list of `Name: value`, or a nested doc of
 * name → string), then the body. Because `body` holds the payload as
 * delivered (de-chunked, decoded), `Transfer-Encoding`,
 * `Content-Encoding` and `Content-Length` headers are renamed
 * `X-Crawler-Transfer-Encoding` and so on (as Common Crawl does) and a
 * `Content-Length` of the body is written. A doc without `status` becomes
 * a `resource` record whose Content-Type is the doc's `content-type`.
 * WARC-Target-URI is `final-url` if the doc has one, else `url`.
 * WARC-Date is `fetched-at` (ISO 8601, written in UTC) or the time of
 * writing. WARC-Block-Digest and WARC-Payload-Digest are `sha1:` and the
 * base32 SHA-1, as wget and Common Crawl write them. A doc without `url`
 * or `body` fails.
 *
 * Durability: whole records only. The two records of a doc are built in
 * memory and written with one loop of write(2); when a write fails the
 * file is cut back to the end of the previous doc's records. A process
 * killed during a write can leave at most one incomplete gzip member at
 * the end of the file, which every gzip reader (and `warc-src`) rejects
 * as truncated: it is never taken for a valid record. The file is synced
 * to disk whenever the pipeline flushes the sink.
 */

#define RILL_TYPE_WARC_SINK (rill_warc_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillWarcSink, rill_warc_sink, RILL, WARC_SINK, RillSink)

struct _RillWarcSink
{
  RillSink parent_instance;

  char *location;
  gboolean gzip;

  int fd;
  guint64 written;
  GByteArray *buffer;
  GByteArray *record;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_GZIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillWarcSink, rill_warc_sink, RILL_TYPE_SINK)

static gboolean
write_all (RillWarcSink  *self,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = write (self->fd, data + done, length - done);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          /* Never leave part of a record behind. */
          if (ftruncate (self->fd, self->written) == 0)
            lseek (self->fd, self->written, SEEK_SET);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s: cannot write %s: %s",
                       rill_element_get_name (RILL_ELEMENT (self)),
                       self->location, g_strerror (errsv));
          return FALSE;
        }
      done += n;
    }
  self->written += length;
  return TRUE;
}

/* Adds the record in self->record to self->buffer, gzip'd or not. */
static void
take_record (RillWarcSink *self)
{
  if (!self->gzip || !rill_warc_gzip_member (self->buffer, self->record->data, self->record->len))
    g_byte_array_append (self->buffer, self->record->data, self->record->len);
  g_byte_array_set_size (self->record, 0);
}

static char *
warc_date (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (iso != NULL)
    {
      dt = g_date_time_new_from_iso8601 (iso, NULL);
      if (dt == NULL)
        {
          /* a date without a zone is taken as UTC */
          g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

          dt = g_date_time_new_from_iso8601 (iso, tz);
        }
    }
  if (dt == NULL)
    dt = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
rill_warc_sink_start (RillElement  *element,
                      GError      **error)
{
  RillWarcSink *self = RILL_WARC_SINK (element);
  g_autofree char *id = rill_warc_new_record_id ();
  g_autofree char *date = warc_date (NULL);
  g_autofree char *base = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *header = NULL;

  if (self->location == NULL || *self->location == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no location set", rill_element_get_name (element));
      return FALSE;
    }
  self->fd = g_open (self->location, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (self->fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s: cannot open %s: %s", rill_element_get_name (element),
                   self->location, g_strerror (errsv));
      return FALSE;
    }
  self->written = 0;

  base = g_path_get_basename (self->location);
  fields = g_strdup_printf ("software: Rill/%s\r\n"
                            "format: WARC File Format 1.1\r\n"
                            "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
                            RILL_VERSION_S);
  header = g_strdup_printf ("WARC-Type: warcinfo\r\n"
                            "WARC-Date: %s\r\n"
                            "WARC-Filename: %s\r\n"
                            "WARC-Record-ID: %s\r\n"
                            "Content-Type: application/warc-fields\r\n",
                            date, base, id);
  rill_warc_append_record (self->record, header, (const guint8 *) fields, strlen (fields), NULL, 0);
  take_record (self);
  if (!write_all (self, self->buffer->data, self->buffer->len, error))
    {
      g_byte_array_set_size (self->buffer, 0);
      return FALSE;
    }
  g_byte_array_set_size (self->buffer, 0);
  return TRUE;
}

static const char *
reason_phrase (gint64 status)
{
  switch (status)
    {
    case 200: return "OK";
    case 201: return "Created";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

/* Appends "Name: value\r\n", renaming the headers that describe a
 * transfer the body no longer has. Returns TRUE for Content-Type. */
static gboolean
append_header (GString    *out,
               const char *name,
               const char *value)
{
  static const char * const renamed[] = {
    "Transfer-Encoding", "Content-Encoding", "Content-Length",
  };

  if (strpbrk (name, "\r\n") != NULL || strpbrk (value, "\r\n") != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (renamed); i++)
    if (g_ascii_strcasecmp (name, renamed[i]) == 0)
      {
        g_string_append_printf (out, "X-Crawler-%s: %s\r\n", name, value);
        return FALSE;
      }
  g_string_append_printf (out, "%s: %s\r\n", name, value);
  return g_ascii_strcasecmp (name, "Content-Type") == 0;
}

static char *
http_head (RillDoc *doc,
           gsize    body_len)
{
  GString *out = g_string_new (NULL);
  gint64 status = rill_doc_get_int (doc, RILL_FIELD_STATUS, 200);
  gboolean have_type = FALSE;

  g_string_append_printf (out, "HTTP/1.1 %" G_GINT64_FORMAT " %s\r\n", status, reason_phrase (status));
  switch (rill_doc_get_field_type (doc, RILL_WARC_FIELD_HEADERS))
    {
    case RILL_FIELD_STRV:
      {
        const char * const *lines = rill_doc_get_strv (doc, RILL_WARC_FIELD_HEADERS);

        for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
          {
            const char *colon = strchr (lines[i], ':');
            g_autofree char *name = NULL;

            if (colon == NULL)
              continue;
            name = g_strstrip (g_strndup (lines[i], colon - lines[i]));
            if (append_header (out, name, colon[1] == ' ' ? colon + 2 : colon + 1))
              have_type = TRUE;
          }
      }
      break;
    case RILL_FIELD_DOC:
      {
        RillDoc *h = rill_doc_get_doc (doc, RILL_WARC_FIELD_HEADERS);

        for (guint i = 0; i < rill_doc_get_n_fields (h); i++)
          {
            const char *name = rill_doc_get_field_name (h, i);
            g_autofree char *value = rill_doc_dup_as_string (h, name);

            if (value != NULL && append_header (out, name, value))
              have_type = TRUE;
          }
      }
      break;
    default:
      break;
    }
  if (!have_type && rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE) != NULL)
    {
      const char *charset = rill_doc_get_string (doc, RILL_FIELD_CHARSET);

      g_string_append_printf (out, "Content-Type: %s%s%s\r\n",
                              rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE),
                              charset != NULL ? "; charset=" : "",
                              charset != NULL ? charset : "");
    }
  g_string_append_printf (out, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body_len);
  return g_string_free (out, FALSE);
}

static gboolean
rill_warc_sink_render (RillSink  *sink,
                       RillDoc   *doc,
                       GError   **error)
{
  RillWarcSink *self = RILL_WARC_SINK (sink);
  const char *url = rill_doc_get_string (doc, RILL_FIELD_FINAL_URL);
  GBytes *body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  g_autofree char *date = warc_date (rill_doc_get_string (doc, RILL_FIELD_FETCHED_AT));
  g_autofree char *response_id = rill_warc_new_record_id ();
  gsize body_len = 0;
  const guint8 *body_data;
  g_autofree char *payload_digest = NULL;
  gboolean ok;

  if (url == NULL)
    url = rill_doc_get_string (doc, RILL_FIELD_URL);
  if (url == NULL || body == NULL || strpbrk (url, "\r\n") != NULL)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "%s: %s: a WARC record needs a url and a body",
                   rill_element_get_name (RILL_ELEMENT (self)),
                   url != NULL ? url : "(no url)");
      return FALSE;
    }
  body_data = g_bytes_get_data (body, &body_len);
  payload_digest = rill_warc_sha1_base32 (body_data, body_len, NULL, 0);

  if (!rill_doc_has_field (doc, RILL_FIELD_STATUS))
    {
      const char *type = rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE);
      g_autofree char *header =
        g_strdup_printf ("WARC-Type: resource\r\n"
                         "WARC-Record-ID: %s\r\n"
                         "WARC-Date: %s\r\n"
                         "WARC-Target-URI: %s\r\n"
                         "Content-Type: %s\r\n"
                         "WARC-Payload-Digest: %s\r\n"
                         "WARC-Block-Digest: %s\r\n",
                         response_id, date, url,
                         type != NULL ? type : "application/octet-stream",
                         payload_digest, payload_digest);

      rill_warc_append_record (self->record, header, body_data, body_len, NULL, 0);
      take_record (self);
    }
  else
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *request_id = rill_warc_new_record_id ();
      g_autofree char *request = NULL;
      g_autofree char *request_digest = NULL;
      g_autofree char *header = NULL;
      g_autofree char *head = http_head (doc, body_len);
      g_autofree char *block_digest = NULL;
      const char *path = uri != NULL && *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/";
      const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
      const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "";
      int port = uri != NULL ? g_uri_get_port (uri) : -1;
      g_autofree char *host_port = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);

      request = g_strdup_printf ("GET %s%s%s HTTP/1.1\r\n"
                                 "Host: %s\r\n"
                                 "User-Agent: Rill/%s\r\n"
                                 "Accept: */*\r\n"
                                 "\r\n",
                                 path, query != NULL ? "?" : "", query != NULL ? query : "",
                                 host_port, RILL_VERSION_S);
      request_digest = rill_warc_sha1_base32 ((const guint8 *) request, strlen (request), NULL, 0);
      header = g_strdup_printf ("WARC-Type: request\r\n"
                                "WARC-Record-ID: %s\r\n"
                                "WARC-Date: %s\r\n"
                                "WARC-Target-URI: %s\r\n"
                                "WARC-Concurrent-To: %s\r\n"
                                "Content-Type: application/http; msgtype=request\r\n"
                                "WARC-Block-Digest: %s\r\n",
                                request_id, date, url, response_id, request_digest);
      rill_warc_append_record (self->record, header, (const guint8 *) request, strlen (request), NULL, 0);
      take_record (self);

      g_clear_pointer (&header, g_free);
      block_digest = rill_warc_sha1_base32 ((const guint8 *) head, strlen (head), body_data, body_len);
      header = g_strdup_printf ("WARC-Type: response\r\n"
                                "WARC-Record-ID: %s\r\n"
                                "WARC-Date: %s\r\n"
                                "WARC-Target-URI: %s\r\n"
                                "WARC-Concurrent-To: %s\r\n"
                                "Content-Type: application/http; msgtype=response\r\n"
                                "WARC-Payload-Digest: %s\r\n"
                                "WARC-Block-Digest: %s\r\n",
                                response_id, date, url, request_id,
                                payload_digest, block_digest);
      rill_warc_append_record (self->record, header, (const guint8 *) head, strlen (head),
                               body_data, body_len);
      take_record (self);
    }

  ok = write_all (self, self->buffer->data, self->buffer->len, error);
  g_byte_array_set_size (self->buffer, 0);
  return ok;
}

static gboolean
rill_warc_sink_flush (RillSink  *sink,
                      GError   **error)
{
  RillWarcSink *self = RILL_WARC_SINK (sink);

  if (self->fd >= 0 && fsync (self->fd) != 0 && errno != EINVAL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s: cannot sync %s: %s", rill_element_get_name (RILL_ELEMENT (self)),
                   self->location, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
rill_warc_sink_stop (RillElement  *element,
                     GError      **error)
{
  RillWarcSink *self = RILL_WARC_SINK (element);
  gboolean ok = TRUE;

  if (self->fd >= 0)
    {
      ok = rill_warc_sink_flush (RILL_SINK (self), error);
      if (close (self->fd) != 0 && ok)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s: cannot close %s: %s", rill_element_get_name (element),
                       self->location, g_strerror (errsv));
          ok = FALSE;
        }
      self->fd = -1;
    }
  return ok;
}

static void
rill_warc_sink_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillWarcSink *self = RILL_WARC_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_GZIP:
      g_value_set_boolean (value, self->gzip);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_warc_sink_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillWarcSink *self = RILL_WARC_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_GZIP:
      self->gzip = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_warc_sink_finalize (GObject *object)
{
  RillWarcSink *self = RILL_WARC_SINK (object);

  if (self->fd >= 0)
    close (self->fd);
  g_free (self->location);
  g_byte_array_unref (self->buffer);
  g_byte_array_unref (self->record);

  G_OBJECT_CLASS (rill_warc_sink_parent_class)->finalize (object);
}

static void
rill_warc_sink_class_init (RillWarcSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_warc_sink_get_property;
  object_class->set_property = rill_warc_sink_set_property;
  object_class->finalize = rill_warc_sink_finalize;
  element_class->start = rill_warc_sink_start;
  element_class->stop = rill_warc_sink_stop;
  sink_class->render = rill_warc_sink_render;
  sink_class->flush = rill_warc_sink_flush;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "The WARC file to write (created or truncated)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GZIP] =
    g_param_spec_boolean ("gzip", "Gzip",
                          "Compress each record as its own gzip member "
                          "(a .warc.gz); false writes a plain .warc",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "WARC sink",
                                   "Sink/File",
                                   "Writes fetched pages as WARC/1.1 request "
                                   "and response records, gzip per record",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_warc_sink_init (RillWarcSink *self)
{
  self->fd = -1;
  self->gzip = TRUE;
  self->buffer = g_byte_array_new ();
  self->record = g_byte_array_new ();
}
