/* rill-core-writer.c: formats docs as whole lines for file-sink and fd-sink
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-writer.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

void
rill_core_writer_init (RillCoreWriter *writer)
{
  writer->fd = -1;
  writer->close_fd = FALSE;
  writer->buffer = g_string_sized_new (RILL_CORE_WRITER_BUFFER_SIZE);
}

void
rill_core_writer_open_fd (RillCoreWriter *writer,
                          int             fd,
                          gboolean        close_fd)
{
  writer->fd = fd;
  writer->close_fd = close_fd;
  g_string_truncate (writer->buffer, 0);
}

static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* Appends one record for @doc to the buffer; writes the buffer out once
 * it holds more than RILL_CORE_WRITER_BUFFER_SIZE bytes. A doc that cannot
 * be formatted fails alone and leaves the buffer as it was. */
gboolean
rill_core_writer_format (RillCoreWriter       *writer,
                         RillDoc              *doc,
                         RillCoreWriteFormat   format,
                         const char           *field,
                         GError              **error)
{
  switch (format)
    {
    case RILL_CORE_WRITE_FORMAT_JSON:
      {
        g_autofree char *json = rill_doc_to_json (doc, FALSE);

        g_string_append (writer->buffer, json);
        g_string_append_c (writer->buffer, '\n');
      }
      break;

    case RILL_CORE_WRITE_FORMAT_FIELD:
    case RILL_CORE_WRITE_FORMAT_TEXT:
      {
        g_autofree char *value = NULL;

        if (field == NULL || !rill_doc_has_field (doc, field))
          {
            const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

            g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                         "doc %s has no field '%s' to write",
                         url != NULL ? url : "(without url)",
                         field != NULL ? field : "(none)");
            return FALSE;
          }
        value = rill_doc_dup_as_string (doc, field);
        if (value == NULL)
          value = g_strdup ("");

        if (format == RILL_CORE_WRITE_FORMAT_FIELD)
          {
            append_escaped (writer->buffer, value);
            g_string_append_c (writer->buffer, '\n');
          }
        else
          {
            gsize len = strlen (value);

            /* Exactly one blank line between records, whatever the
             * value ends with. */
            while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == '\r'))
              len--;
            g_string_append_len (writer->buffer, value, len);
            g_string_append (writer->buffer, "\n\n");
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (writer->buffer->len >= RILL_CORE_WRITER_BUFFER_SIZE)
    return rill_core_writer_flush (writer, NULL, error);

  return TRUE;
}

/* Writes out every buffered record. @what names the destination in
 * errors. */
gboolean
rill_core_writer_flush (RillCoreWriter  *writer,
                        const char      *what,
                        GError         **error)
{
  gsize done = 0;

  if (writer->fd < 0)
    {
      g_string_truncate (writer->buffer, 0);
      return TRUE;
    }

  while (done < writer->buffer->len)
    {
      gssize n = write (writer->fd, writer->buffer->str + done,
                        writer->buffer->len - done);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          /* Keep what could not be written; a later flush retries. */
          g_string_erase (writer->buffer, 0, done);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "cannot write to %s: %s",
                       what != NULL ? what : "output", g_strerror (errsv));
          return FALSE;
        }
      done += n;
    }

  g_string_truncate (writer->buffer, 0);
  return TRUE;
}

/* Flushes and closes (the fd only if the writer owns it). */
gboolean
rill_core_writer_close (RillCoreWriter  *writer,
                        const char      *what,
                        GError         **error)
{
  gboolean ok = TRUE;

  if (writer->fd < 0)
    return TRUE;

  ok = rill_core_writer_flush (writer, what, error);
  if (writer->close_fd)
    {
      GError *close_error = NULL;

      if (!g_close (writer->fd, &close_error))
        {
          if (ok)
            g_propagate_prefixed_error (error, close_error, "cannot close %s: ",
                                        what != NULL ? what : "output");
          else
            g_error_free (close_error);
          ok = FALSE;
        }
    }
  writer->fd = -1;
  writer->close_fd = FALSE;
  g_string_truncate (writer->buffer, 0);

  return ok;
}

void
rill_core_writer_clear (RillCoreWriter *writer)
{
  if (writer->fd >= 0 && writer->close_fd)
    g_close (writer->fd, NULL);
  writer->fd = -1;
  if (writer->buffer != NULL)
    g_string_free (writer->buffer, TRUE);
  writer->buffer = NULL;
}
