/* rill-message.c: what a running pipeline tells its application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-doc.h"
#include "rill-message.h"

/**
 * RillMessage:
 *
 * One piece of news from a running pipeline, delivered by its
 * [class@Rill.Bus] on the application's main context.
 *
 * A message has a [enum@Rill.MessageType], the name of the element that
 * posted it (or `NULL` for the pipeline itself), an optional #GError
 * (for %RILL_MESSAGE_ERROR and %RILL_MESSAGE_WARNING: what went wrong) and
 * an optional [struct@Rill.Doc] (for a warning: the doc that failed; for
 * progress and statistics: the counters as fields).
 *
 * Messages are immutable once created and reference-counted (atomically),
 * so they can be posted from any thread and kept by bindings.
 *
 * ```c
 * static void
 * on_message (RillMessage *message)
 * {
 *   if (rill_message_get_message_type (message) == RILL_MESSAGE_WARNING)
 *     g_printerr ("%s: %s\n",
 *                 rill_message_get_source_name (message),
 *                 rill_message_get_error (message)->message);
 * }
 * ```
 */

struct _RillMessage
{
  gatomicrefcount  ref_count;
  RillMessageType  type;
  char            *source_name;
  GError          *error;
  RillDoc         *doc;
};

G_DEFINE_BOXED_TYPE (RillMessage, rill_message, rill_message_ref, rill_message_unref)

/**
 * rill_message_new:
 * @type: what kind of message
 * @source_name: (nullable): the name of the element that posts it, or
 *   `NULL` for the pipeline
 * @error: (nullable): what went wrong; the message keeps a copy
 * @doc: (nullable): the doc the message is about; the message takes a
 *   reference on it
 *
 * Creates a message, usually to post it with [method@Rill.Bus.post].
 *
 * Returns: (transfer full): a new message
 */
RillMessage *
rill_message_new (RillMessageType  type,
                  const char      *source_name,
                  const GError    *error,
                  RillDoc         *doc)
{
  RillMessage *message = g_new0 (RillMessage, 1);

  g_atomic_ref_count_init (&message->ref_count);
  message->type = type;
  message->source_name = g_strdup (source_name);
  message->error = error != NULL ? g_error_copy (error) : NULL;
  message->doc = doc != NULL ? rill_doc_ref (doc) : NULL;

  return message;
}

/**
 * rill_message_ref:
 * @message: a message
 *
 * Takes a reference on @message (atomically).
 *
 * Returns: (transfer full): @message
 */
RillMessage *
rill_message_ref (RillMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  g_atomic_ref_count_inc (&message->ref_count);

  return message;
}

/**
 * rill_message_unref:
 * @message: (transfer full): a message
 *
 * Drops a reference on @message (atomically) and frees it when it was the
 * last one.
 */
void
rill_message_unref (RillMessage *message)
{
  g_return_if_fail (message != NULL);

  if (!g_atomic_ref_count_dec (&message->ref_count))
    return;

  g_free (message->source_name);
  g_clear_error (&message->error);
  g_clear_pointer (&message->doc, rill_doc_unref);
  g_free (message);
}

/**
 * rill_message_get_message_type:
 * @message: a message
 *
 * What kind of message @message is.
 *
 * Returns: its type
 */
RillMessageType
rill_message_get_message_type (const RillMessage *message)
{
  g_return_val_if_fail (message != NULL, RILL_MESSAGE_ERROR);

  return message->type;
}

/**
 * rill_message_get_source_name:
 * @message: a message
 *
 * The name of the element that posted @message.
 *
 * Returns: (transfer none) (nullable): the element's name, or `NULL` if
 *   the pipeline itself posted it
 */
const char *
rill_message_get_source_name (const RillMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return message->source_name;
}

/**
 * rill_message_get_error:
 * @message: a message
 *
 * What went wrong, for error and warning messages.
 *
 * Returns: (transfer none) (nullable): the error, owned by @message, or
 *   `NULL`
 */
const GError *
rill_message_get_error (const RillMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return message->error;
}

/**
 * rill_message_get_doc:
 * @message: a message
 *
 * The doc @message is about: for a warning, the doc that failed; for
 * progress and statistics, the counters.
 *
 * Returns: (transfer none) (nullable): the doc, or `NULL`
 */
RillDoc *
rill_message_get_doc (const RillMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return message->doc;
}
