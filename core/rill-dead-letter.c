/* rill-dead-letter.c: the file failed docs are kept in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gstdio.h>

#include "rill-dead-letter-private.h"

/* One JSON object per line: {"element": ..., "error": {"domain", "code",
 * "message"}, "doc": {...}}. Each line is written whole and flushed at
 * once, so a killed run loses no failure already reported. */
struct _RillDeadLetter {
  GMutex lock;
  FILE *file;
  char *path;
};

RillDeadLetter *
_rill_dead_letter_open (const char  *path,
                        GError     **error)
{
  RillDeadLetter *self;
  FILE *file = g_fopen (path, "w");

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot open the errors file %s: %s", path, g_strerror (saved));
      return NULL;
    }
  self = g_new0 (RillDeadLetter, 1);
  g_mutex_init (&self->lock);
  self->file = file;
  self->path = g_strdup (path);
  return self;
}

void
_rill_dead_letter_write (RillDeadLetter *self,
                         const char     *element,
                         RillDoc        *doc,
                         const GError   *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "element");
  json_builder_add_string_value (builder, element);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, g_quark_to_string (error->domain));
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, error->code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  if (doc != NULL)
    {
      json_builder_set_member_name (builder, "doc");
      json_builder_add_value (builder, rill_doc_to_json_node (doc));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  g_mutex_lock (&self->lock);
  fputs (line, self->file);
  fputc ('\n', self->file);
  fflush (self->file);
  g_mutex_unlock (&self->lock);
}

void
_rill_dead_letter_close (RillDeadLetter *self)
{
  if (self == NULL)
    return;
  fclose (self->file);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}
