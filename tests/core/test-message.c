/* test-message.c: RillMessage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <rill.h>

static void
test_new (void)
{
  g_autoptr(GError) error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "bad %s", "page");
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillMessage) message = NULL;
  const GError *got;

  rill_doc_set_string (doc, RILL_FIELD_URL, "https://a.example/");
  message = rill_message_new (RILL_MESSAGE_WARNING, "extract", error, doc);

  g_assert_cmpint (rill_message_get_message_type (message), ==, RILL_MESSAGE_WARNING);
  g_assert_cmpstr (rill_message_get_source_name (message), ==, "extract");
  g_assert_true (rill_message_get_doc (message) == doc);

  /* the message holds a copy of the error */
  got = rill_message_get_error (message);
  g_assert_nonnull (got);
  g_assert_true (got != error);
  g_assert_error ((GError *) got, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED);
  g_assert_cmpstr (got->message, ==, "bad page");
  g_clear_error (&error);
  g_assert_cmpstr (rill_message_get_error (message)->message, ==, "bad page");

  /* and a reference on the doc */
  g_clear_pointer (&doc, rill_doc_unref);
  g_assert_cmpstr (rill_doc_get_string (rill_message_get_doc (message), RILL_FIELD_URL), ==,
                   "https://a.example/");
}

static void
test_source_name_copied (void)
{
  char name[] = "sink";
  g_autoptr(RillMessage) message = rill_message_new (RILL_MESSAGE_EOS, name, NULL, NULL);

  name[0] = 'X';
  g_assert_cmpstr (rill_message_get_source_name (message), ==, "sink");
}

static void
test_empty (void)
{
  g_autoptr(RillMessage) message = rill_message_new (RILL_MESSAGE_EOS, NULL, NULL, NULL);

  g_assert_cmpint (rill_message_get_message_type (message), ==, RILL_MESSAGE_EOS);
  g_assert_null (rill_message_get_source_name (message));
  g_assert_null (rill_message_get_error (message));
  g_assert_null (rill_message_get_doc (message));
}

static void
test_types (void)
{
  const RillMessageType types[] = {
    RILL_MESSAGE_EOS, RILL_MESSAGE_ERROR, RILL_MESSAGE_WARNING,
    RILL_MESSAGE_PROGRESS, RILL_MESSAGE_STATS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(RillMessage) message = rill_message_new (types[i], "e", NULL, NULL);

      g_assert_cmpint (rill_message_get_message_type (message), ==, types[i]);
    }
}

static void
test_refcount (void)
{
  g_autoptr(GError) error = g_error_new_literal (RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED, "boom");
  RillMessage *message = rill_message_new (RILL_MESSAGE_ERROR, "src", error, NULL);
  RillMessage *boxed;

  g_assert_true (rill_message_ref (message) == message);
  rill_message_unref (message);
  g_assert_cmpstr (rill_message_get_error (message)->message, ==, "boom");

  g_assert_true (G_TYPE_IS_BOXED (RILL_TYPE_MESSAGE));
  g_assert_cmpstr (g_type_name (RILL_TYPE_MESSAGE), ==, "RillMessage");
  boxed = g_boxed_copy (RILL_TYPE_MESSAGE, message);
  g_assert_true (boxed == message);
  g_boxed_free (RILL_TYPE_MESSAGE, boxed);
  g_assert_cmpstr (rill_message_get_source_name (message), ==, "src");

  rill_message_unref (message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/new", test_new);
  g_test_add_func ("/message/source-name-copied", test_source_name_copied);
  g_test_add_func ("/message/empty", test_empty);
  g_test_add_func ("/message/types", test_types);
  g_test_add_func ("/message/refcount", test_refcount);

  return g_test_run ();
}
