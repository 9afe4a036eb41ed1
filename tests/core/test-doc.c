/* test-doc.c: RillDoc fields, copies, GValues and JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <rill.h>

/* Bit-exact comparison: tells -0.0 from 0.0 and compares NaNs. */
static void
assert_same_double (double got,
                    double expected)
{
  if (isnan (expected))
    {
      g_assert_true (isnan (got));
      return;
    }
  g_assert_cmpmem (&got, sizeof got, &expected, sizeof expected);
}

static RillDoc *
json_round_trip (const RillDoc *doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = rill_doc_to_json (doc, FALSE);
  RillDoc *back;

  g_assert_nonnull (json);
  g_assert_null (strchr (json, '\n'));
  back = rill_doc_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  return back;
}

static void
assert_field_order (const RillDoc      *doc,
                    const char * const *expected)
{
  g_auto(GStrv) names = rill_doc_get_field_names (doc);

  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, g_strv_length ((char **) expected));
  g_assert_cmpstrv (names, expected);
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (rill_doc_get_field_name (doc, i), ==, expected[i]);
}

static void
test_new (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_auto(GStrv) names = rill_doc_get_field_names (doc);

  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 0);
  g_assert_cmpuint (rill_doc_get_seq (doc), ==, 0);
  g_assert_nonnull (names);
  g_assert_null (names[0]);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_URL));
  g_assert_cmpint (rill_doc_get_field_type (doc, RILL_FIELD_URL), ==, RILL_FIELD_NONE);
  g_assert_false (rill_doc_remove_field (doc, RILL_FIELD_URL));

  rill_doc_set_seq (doc, G_MAXUINT64);
  g_assert_cmpuint (rill_doc_get_seq (doc), ==, G_MAXUINT64);
}

static void
test_refcount (void)
{
  RillDoc *doc = rill_doc_new ();
  RillDoc *boxed;
  GBytes *bytes = g_bytes_new ("abc", 3);
  g_autofree char *text = NULL;

  rill_doc_set_bytes (doc, "b", bytes);
  g_assert_true (rill_doc_ref (doc) == doc);
  rill_doc_unref (doc);
  /* still alive: one reference left */
  text = rill_doc_dup_as_string (doc, "b");
  g_assert_cmpstr (text, ==, "abc");

  /* the boxed copy shares, never copies */
  boxed = g_boxed_copy (RILL_TYPE_DOC, doc);
  g_assert_true (boxed == doc);
  g_boxed_free (RILL_TYPE_DOC, boxed);
  g_assert_true (rill_doc_get_bytes (doc, "b") == bytes);

  g_assert_true (G_TYPE_IS_BOXED (RILL_TYPE_DOC));
  g_assert_cmpstr (g_type_name (RILL_TYPE_DOC), ==, "RillDoc");

  rill_doc_unref (doc);
  /* the doc dropped its own reference on the bytes, not ours */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "abc", 3);
  g_bytes_unref (bytes);
}

static gpointer
ref_unref_thread (gpointer data)
{
  RillDoc *doc = data;

  for (guint i = 0; i < 100000; i++)
    {
      rill_doc_ref (doc);
      rill_doc_unref (doc);
    }

  return NULL;
}

static void
test_refcount_threads (void)
{
  RillDoc *doc = rill_doc_new ();
  GThread *threads[4];

  rill_doc_set_string (doc, "s", "still here");
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("ref", ref_unref_thread, doc);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpstr (rill_doc_get_string (doc, "s"), ==, "still here");
  rill_doc_unref (doc);
}

static void
test_string (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  char buf[] = "https://a.example/";

  rill_doc_set_string (doc, RILL_FIELD_URL, buf);
  buf[0] = 'X';   /* the doc has its own copy */
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "https://a.example/");
  g_assert_cmpint (rill_doc_get_field_type (doc, RILL_FIELD_URL), ==, RILL_FIELD_STRING);
  g_assert_true (rill_doc_has_field (doc, RILL_FIELD_URL));

  rill_doc_set_string (doc, RILL_FIELD_URL, "https://b.example/");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "https://b.example/");
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 1);

  /* setting a field to its own value must not read freed memory */
  rill_doc_set_string (doc, RILL_FIELD_URL, rill_doc_get_string (doc, RILL_FIELD_URL));
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "https://b.example/");

  rill_doc_take_string (doc, RILL_FIELD_TITLE, g_strdup ("A title"));
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_TITLE), ==, "A title");

  rill_doc_set_string (doc, "empty", "");
  g_assert_cmpstr (rill_doc_get_string (doc, "empty"), ==, "");

  /* other getters do not convert */
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_URL, -7), ==, -7);
  g_assert_null (rill_doc_get_strv (doc, RILL_FIELD_URL));
  g_assert_null (rill_doc_get_bytes (doc, RILL_FIELD_URL));
  g_assert_null (rill_doc_get_doc (doc, RILL_FIELD_URL));
  g_assert_null (rill_doc_get_string (doc, "absent"));

  /* NULL removes */
  rill_doc_set_string (doc, RILL_FIELD_URL, NULL);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_URL));
  rill_doc_take_string (doc, RILL_FIELD_TITLE, NULL);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_TITLE));
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 1);

  g_assert_true (rill_doc_remove_field (doc, "empty"));
  g_assert_false (rill_doc_remove_field (doc, "empty"));
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 0);
}

static void
test_int (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();

  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 200);
  g_assert_cmpint (rill_doc_get_field_type (doc, RILL_FIELD_STATUS), ==, RILL_FIELD_INT);
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 404);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 404);

  rill_doc_set_int (doc, "min", G_MININT64);
  rill_doc_set_int (doc, "max", G_MAXINT64);
  g_assert_cmpint (rill_doc_get_int (doc, "min", 0), ==, G_MININT64);
  g_assert_cmpint (rill_doc_get_int (doc, "max", 0), ==, G_MAXINT64);

  g_assert_cmpint (rill_doc_get_int (doc, "absent", 42), ==, 42);
  /* an int is not a double, nor a bool */
  assert_same_double (rill_doc_get_double (doc, RILL_FIELD_STATUS, 0.5), 0.5);
  g_assert_true (rill_doc_get_bool (doc, RILL_FIELD_STATUS, TRUE));
  g_assert_null (rill_doc_get_string (doc, RILL_FIELD_STATUS));

  g_assert_true (rill_doc_remove_field (doc, "min"));
  g_assert_cmpint (rill_doc_get_int (doc, "min", 3), ==, 3);
}

static void
test_double (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();

  rill_doc_set_double (doc, "d", 0.1);
  assert_same_double (rill_doc_get_double (doc, "d", 0), 0.1);
  g_assert_cmpint (rill_doc_get_field_type (doc, "d"), ==, RILL_FIELD_DOUBLE);
  rill_doc_set_double (doc, "d", -0.0);
  assert_same_double (rill_doc_get_double (doc, "d", 1), -0.0);
  rill_doc_set_double (doc, "d", NAN);
  g_assert_true (isnan (rill_doc_get_double (doc, "d", 1)));
  rill_doc_set_double (doc, "d", -INFINITY);
  assert_same_double (rill_doc_get_double (doc, "d", 1), -INFINITY);

  assert_same_double (rill_doc_get_double (doc, "absent", 2.5), 2.5);
  g_assert_cmpint (rill_doc_get_int (doc, "d", 9), ==, 9);

  g_assert_true (rill_doc_remove_field (doc, "d"));
  g_assert_false (rill_doc_has_field (doc, "d"));
}

static void
test_bool (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();

  rill_doc_set_bool (doc, "b", TRUE);
  g_assert_true (rill_doc_get_bool (doc, "b", FALSE));
  g_assert_cmpint (rill_doc_get_field_type (doc, "b"), ==, RILL_FIELD_BOOL);
  rill_doc_set_bool (doc, "b", FALSE);
  g_assert_false (rill_doc_get_bool (doc, "b", TRUE));
  /* any non-zero value is TRUE, and stored as TRUE */
  rill_doc_set_bool (doc, "b", 42);
  g_assert_cmpint (rill_doc_get_bool (doc, "b", FALSE), ==, TRUE);

  g_assert_true (rill_doc_get_bool (doc, "absent", TRUE));
  g_assert_false (rill_doc_get_bool (doc, "absent", FALSE));
  g_assert_cmpint (rill_doc_get_int (doc, "b", -1), ==, -1);

  g_assert_true (rill_doc_remove_field (doc, "b"));
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 0);
}

static void
test_bytes (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(GBytes) body = g_bytes_new ("a\0b\xff", 4);
  GBytes *taken = g_bytes_new ("taken", 5);

  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  g_assert_true (rill_doc_get_bytes (doc, RILL_FIELD_BODY) == body);
  g_assert_cmpint (rill_doc_get_field_type (doc, RILL_FIELD_BODY), ==, RILL_FIELD_BYTES);

  rill_doc_take_bytes (doc, RILL_FIELD_BODY, taken);
  g_assert_true (rill_doc_get_bytes (doc, RILL_FIELD_BODY) == taken);
  /* setting the same bytes again keeps them alive */
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, rill_doc_get_bytes (doc, RILL_FIELD_BODY));
  g_assert_cmpmem (g_bytes_get_data (rill_doc_get_bytes (doc, RILL_FIELD_BODY), NULL), 5,
                   "taken", 5);

  g_assert_null (rill_doc_get_string (doc, RILL_FIELD_BODY));
  g_assert_null (rill_doc_get_bytes (doc, "absent"));

  rill_doc_set_bytes (doc, RILL_FIELD_BODY, NULL);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_BODY));
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  rill_doc_take_bytes (doc, RILL_FIELD_BODY, NULL);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_BODY));
}

static void
test_strv (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  char *tags[] = { g_strdup ("news"), g_strdup ("world"), NULL };
  const char * const empty[] = { NULL };
  const char * const *got;

  rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const *) tags);
  g_free (tags[0]);
  tags[0] = g_strdup ("changed");
  got = rill_doc_get_strv (doc, RILL_FIELD_TAGS);
  g_assert_cmpstrv (got, ((const char * const []) { "news", "world", NULL }));
  g_assert_cmpint (rill_doc_get_field_type (doc, RILL_FIELD_TAGS), ==, RILL_FIELD_STRV);
  g_free (tags[0]);
  g_free (tags[1]);

  /* set from its own value */
  rill_doc_set_strv (doc, RILL_FIELD_TAGS, rill_doc_get_strv (doc, RILL_FIELD_TAGS));
  g_assert_cmpstrv (rill_doc_get_strv (doc, RILL_FIELD_TAGS),
                    ((const char * const []) { "news", "world", NULL }));

  rill_doc_set_strv (doc, RILL_FIELD_TAGS, empty);
  got = rill_doc_get_strv (doc, RILL_FIELD_TAGS);
  g_assert_nonnull (got);
  g_assert_null (got[0]);
  g_assert_true (rill_doc_has_field (doc, RILL_FIELD_TAGS));

  g_assert_null (rill_doc_get_string (doc, RILL_FIELD_TAGS));
  g_assert_null (rill_doc_get_strv (doc, "absent"));

  rill_doc_set_strv (doc, RILL_FIELD_TAGS, NULL);
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_TAGS));
}

static void
test_nested (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) meta = rill_doc_new ();
  RillDoc *inner;

  rill_doc_set_string (meta, "k", "v");
  rill_doc_set_doc (doc, "meta", meta);
  g_assert_cmpint (rill_doc_get_field_type (doc, "meta"), ==, RILL_FIELD_DOC);

  inner = rill_doc_get_doc (doc, "meta");
  g_assert_nonnull (inner);
  /* stored by value: a copy, not the caller's doc */
  g_assert_true (inner != meta);
  g_assert_true (rill_doc_equal (inner, meta));
  rill_doc_set_string (meta, "k", "changed later");
  g_assert_cmpstr (rill_doc_get_string (rill_doc_get_doc (doc, "meta"), "k"), ==, "v");

  /* the returned nested doc belongs to the parent and can be changed */
  rill_doc_set_int (inner, "n", 3);
  g_assert_cmpint (rill_doc_get_int (rill_doc_get_doc (doc, "meta"), "n", 0), ==, 3);

  /* a doc set into itself is a copy: no cycle */
  rill_doc_set_doc (doc, "self", doc);
  g_assert_nonnull (rill_doc_get_doc (doc, "self"));
  g_assert_false (rill_doc_has_field (rill_doc_get_doc (doc, "self"), "self"));
  g_assert_true (rill_doc_has_field (rill_doc_get_doc (doc, "self"), "meta"));

  /* replacing a nested doc with a doc from inside it */
  rill_doc_set_doc (doc, "meta", rill_doc_get_doc (doc, "meta"));
  g_assert_cmpstr (rill_doc_get_string (rill_doc_get_doc (doc, "meta"), "k"), ==, "v");

  g_assert_null (rill_doc_get_doc (doc, "absent"));
  rill_doc_set_doc (doc, "meta", NULL);
  g_assert_false (rill_doc_has_field (doc, "meta"));
}

static void
test_replace_type (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);

  rill_doc_set_string (doc, "a", "1");
  rill_doc_set_string (doc, "b", "2");
  rill_doc_set_string (doc, "c", "3");

  /* replacing with another type keeps the position */
  rill_doc_set_int (doc, "b", 2);
  assert_field_order (doc, (const char * const []) { "a", "b", "c", NULL });
  g_assert_cmpint (rill_doc_get_field_type (doc, "b"), ==, RILL_FIELD_INT);
  g_assert_null (rill_doc_get_string (doc, "b"));

  rill_doc_set_bytes (doc, "b", bytes);
  rill_doc_set_double (doc, "b", 2.0);
  rill_doc_set_strv (doc, "a", (const char * const []) { "x", NULL });
  rill_doc_set_bool (doc, "a", TRUE);
  assert_field_order (doc, (const char * const []) { "a", "b", "c", NULL });
  g_assert_cmpint (rill_doc_get_field_type (doc, "a"), ==, RILL_FIELD_BOOL);
  g_assert_cmpint (rill_doc_get_field_type (doc, "b"), ==, RILL_FIELD_DOUBLE);
}

static void
test_order (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  const char *long_name = "a-field-name-much-longer-than-any-in-the-schema";
  /* 22 and 23 bytes: either side of the inline name buffer */
  const char *name22 = "abcdefghijklmnopqrstuv";
  const char *name23 = "abcdefghijklmnopqrstuvw";

  rill_doc_set_string (doc, RILL_FIELD_URL, "u");
  rill_doc_set_string (doc, RILL_FIELD_TITLE, "t");
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  assert_field_order (doc, (const char * const []) { "url", "title", "status", NULL });

  rill_doc_set_string (doc, RILL_FIELD_URL, "u2");
  assert_field_order (doc, (const char * const []) { "url", "title", "status", NULL });

  g_assert_true (rill_doc_remove_field (doc, RILL_FIELD_TITLE));
  assert_field_order (doc, (const char * const []) { "url", "status", NULL });
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);

  rill_doc_set_string (doc, RILL_FIELD_TITLE, "t");
  assert_field_order (doc, (const char * const []) { "url", "status", "title", NULL });

  rill_doc_set_string (doc, long_name, "long");
  rill_doc_set_string (doc, name22, "22");
  rill_doc_set_string (doc, name23, "23");
  g_assert_cmpstr (rill_doc_get_string (doc, long_name), ==, "long");
  g_assert_cmpstr (rill_doc_get_string (doc, name22), ==, "22");
  g_assert_cmpstr (rill_doc_get_string (doc, name23), ==, "23");
  /* a name that is a prefix of another is another field */
  g_assert_null (rill_doc_get_string (doc, "abcdefghijklmnopqrstu"));
  g_assert_cmpstr (rill_doc_get_field_name (doc, 3), ==, long_name);
  g_assert_true (rill_doc_remove_field (doc, long_name));
  g_assert_cmpstr (rill_doc_get_field_name (doc, 3), ==, name22);
  g_assert_cmpstr (rill_doc_get_field_name (doc, 4), ==, name23);

  /* an empty name is a name */
  rill_doc_set_int (doc, "", 1);
  g_assert_cmpint (rill_doc_get_int (doc, "", 0), ==, 1);
}

static void
test_many_fields (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) copy = NULL;
  g_autoptr(RillDoc) back = NULL;

  /* well past the inline array, with long and short names */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf (i % 2 ? "f%u" : "field-with-a-long-name-%u", i);

      rill_doc_set_int (doc, name, i);
    }
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 200);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf (i % 2 ? "f%u" : "field-with-a-long-name-%u", i);

      g_assert_cmpstr (rill_doc_get_field_name (doc, i), ==, name);
      g_assert_cmpint (rill_doc_get_int (doc, name, -1), ==, i);
    }

  /* remove every other one, from the front */
  for (guint i = 0; i < 200; i += 2)
    {
      g_autofree char *name = g_strdup_printf ("field-with-a-long-name-%u", i);

      g_assert_true (rill_doc_remove_field (doc, name));
    }
  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", 2 * i + 1);

      g_assert_cmpstr (rill_doc_get_field_name (doc, i), ==, name);
    }

  copy = rill_doc_copy (doc);
  g_assert_true (rill_doc_equal (doc, copy));
  back = json_round_trip (doc);
  g_assert_true (rill_doc_equal (doc, back));
  g_assert_cmpstr (rill_doc_get_field_name (back, 99), ==, "f199");
}

static RillDoc *
make_full_doc (void)
{
  RillDoc *doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  g_autoptr(RillDoc) deeper = rill_doc_new ();
  g_autoptr(GBytes) body = g_bytes_new ("<html>\0\xff\xfe", 9);

  rill_doc_set_int (deeper, "level", 2);
  rill_doc_set_strv (deeper, "list", (const char * const []) { "x", NULL });
  rill_doc_set_string (nested, "k", "v");
  rill_doc_set_doc (nested, "deeper", deeper);

  rill_doc_set_string (doc, RILL_FIELD_URL, "https://news.example/a?b=c&d=\"e\"");
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  rill_doc_set_double (doc, "score", 0.1);
  rill_doc_set_bool (doc, "paywall", FALSE);
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const []) { "a", "b c", "", NULL });
  rill_doc_set_doc (doc, "meta", nested);
  rill_doc_set_seq (doc, 17);

  return doc;
}

static void
test_copy (void)
{
  g_autoptr(RillDoc) doc = make_full_doc ();
  g_autoptr(RillDoc) copy = rill_doc_copy (doc);
  RillDoc *nested_copy;

  g_assert_true (copy != doc);
  g_assert_true (rill_doc_equal (doc, copy));
  g_assert_cmpuint (rill_doc_get_seq (copy), ==, 17);
  assert_field_order (copy, (const char * const []) {
    "url", "status", "score", "paywall", "body", "tags", "meta", NULL });

  /* bytes are shared, everything else is copied */
  g_assert_true (rill_doc_get_bytes (copy, RILL_FIELD_BODY) == rill_doc_get_bytes (doc, RILL_FIELD_BODY));
  g_assert_true (rill_doc_get_string (copy, RILL_FIELD_URL) != rill_doc_get_string (doc, RILL_FIELD_URL));
  g_assert_true (rill_doc_get_strv (copy, RILL_FIELD_TAGS) != rill_doc_get_strv (doc, RILL_FIELD_TAGS));
  nested_copy = rill_doc_get_doc (copy, "meta");
  g_assert_true (nested_copy != rill_doc_get_doc (doc, "meta"));

  /* changing the copy leaves the original alone */
  rill_doc_set_string (copy, RILL_FIELD_URL, "other");
  rill_doc_set_int (rill_doc_get_doc (nested_copy, "deeper"), "level", 99);
  rill_doc_remove_field (copy, RILL_FIELD_STATUS);
  rill_doc_set_seq (copy, 18);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "https://news.example/a?b=c&d=\"e\"");
  g_assert_cmpint (rill_doc_get_int (rill_doc_get_doc (rill_doc_get_doc (doc, "meta"), "deeper"), "level", 0), ==, 2);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);
  g_assert_cmpuint (rill_doc_get_seq (doc), ==, 17);
  g_assert_false (rill_doc_equal (doc, copy));

  /* and the other way round */
  g_clear_pointer (&copy, rill_doc_unref);
  copy = rill_doc_copy (doc);
  rill_doc_set_string (doc, "new", "field");
  g_assert_false (rill_doc_has_field (copy, "new"));
}

static void
test_equal (void)
{
  g_autoptr(RillDoc) a = rill_doc_new ();
  g_autoptr(RillDoc) b = rill_doc_new ();
  g_autoptr(RillDoc) c = NULL;
  g_autoptr(GBytes) b1 = g_bytes_new ("xy", 2);
  g_autoptr(GBytes) b2 = g_bytes_new ("xy", 2);

  g_assert_true (rill_doc_equal (NULL, NULL));
  g_assert_false (rill_doc_equal (a, NULL));
  g_assert_false (rill_doc_equal (NULL, a));
  g_assert_true (rill_doc_equal (a, b));

  /* order does not matter, seq does not matter */
  rill_doc_set_string (a, "x", "1");
  rill_doc_set_int (a, "y", 2);
  rill_doc_set_bytes (a, "z", b1);
  rill_doc_set_int (b, "y", 2);
  rill_doc_set_bytes (b, "z", b2);
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_string (b, "x", "1");
  rill_doc_set_seq (b, 5);
  g_assert_true (rill_doc_equal (a, b));
  g_assert_true (rill_doc_equal (b, a));

  /* same name, other type */
  rill_doc_set_string (b, "y", "2");
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_int (b, "y", 2);

  /* a field more on one side */
  rill_doc_set_bool (b, "w", FALSE);
  g_assert_false (rill_doc_equal (a, b));
  g_assert_false (rill_doc_equal (b, a));
  rill_doc_remove_field (b, "w");

  /* same count, different names */
  rill_doc_set_int (a, "p", 1);
  rill_doc_set_int (b, "q", 1);
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_remove_field (a, "p");
  rill_doc_remove_field (b, "q");
  g_assert_true (rill_doc_equal (a, b));

  /* doubles: NaN equals NaN, 0.0 equals -0.0, others by value */
  rill_doc_set_double (a, "d", NAN);
  rill_doc_set_double (b, "d", NAN);
  g_assert_true (rill_doc_equal (a, b));
  rill_doc_set_double (a, "d", 0.0);
  rill_doc_set_double (b, "d", -0.0);
  g_assert_true (rill_doc_equal (a, b));
  rill_doc_set_double (b, "d", 1e-300);
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_double (b, "d", 0.0);

  /* lists and bools */
  rill_doc_set_strv (a, "l", (const char * const []) { "a", "b", NULL });
  rill_doc_set_strv (b, "l", (const char * const []) { "a", NULL });
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_strv (b, "l", (const char * const []) { "a", "b", NULL });
  g_assert_true (rill_doc_equal (a, b));
  rill_doc_set_bool (a, "t", TRUE);
  rill_doc_set_bool (b, "t", FALSE);
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_bool (b, "t", TRUE);

  /* bytes by content */
  rill_doc_take_bytes (b, "z", g_bytes_new ("xz", 2));
  g_assert_false (rill_doc_equal (a, b));
  rill_doc_set_bytes (b, "z", b1);

  /* nested docs by content */
  c = rill_doc_new ();
  rill_doc_set_int (c, "n", 1);
  rill_doc_set_doc (a, "c", c);
  rill_doc_set_doc (b, "c", c);
  g_assert_true (rill_doc_equal (a, b));
  rill_doc_set_int (rill_doc_get_doc (b, "c"), "n", 2);
  g_assert_false (rill_doc_equal (a, b));
}

static void
test_value_get (void)
{
  g_autoptr(RillDoc) doc = make_full_doc ();
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_false (rill_doc_get_value (doc, "absent", &v));
  g_assert_false (G_IS_VALUE (&v));

  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_URL, &v));
  g_assert_true (G_VALUE_HOLDS_STRING (&v));
  g_assert_cmpstr (g_value_get_string (&v), ==, "https://news.example/a?b=c&d=\"e\"");
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_STATUS, &v));
  g_assert_true (G_VALUE_HOLDS_INT64 (&v));
  g_assert_cmpint (g_value_get_int64 (&v), ==, 200);
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, "score", &v));
  g_assert_true (G_VALUE_HOLDS_DOUBLE (&v));
  assert_same_double (g_value_get_double (&v), 0.1);
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, "paywall", &v));
  g_assert_true (G_VALUE_HOLDS_BOOLEAN (&v));
  g_assert_false (g_value_get_boolean (&v));
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_BODY, &v));
  g_assert_true (G_VALUE_HOLDS (&v, G_TYPE_BYTES));
  g_assert_true (g_value_get_boxed (&v) == rill_doc_get_bytes (doc, RILL_FIELD_BODY));
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_TAGS, &v));
  g_assert_true (G_VALUE_HOLDS (&v, G_TYPE_STRV));
  g_assert_cmpstrv (g_value_get_boxed (&v), ((const char * const []) { "a", "b c", "", NULL }));
  g_value_unset (&v);

  g_assert_true (rill_doc_get_value (doc, "meta", &v));
  g_assert_true (G_VALUE_HOLDS (&v, RILL_TYPE_DOC));
  g_assert_true (g_value_get_boxed (&v) == rill_doc_get_doc (doc, "meta"));
  g_value_unset (&v);

  /* into an initialized value: converted when GLib knows how */
  g_value_init (&v, G_TYPE_STRING);
  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_STATUS, &v));
  g_assert_cmpstr (g_value_get_string (&v), ==, "200");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_INT);
  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_STATUS, &v));
  g_assert_cmpint (g_value_get_int (&v), ==, 200);
  g_value_set_int (&v, -5);
  g_assert_false (rill_doc_get_value (doc, RILL_FIELD_BODY, &v));
  g_assert_cmpint (g_value_get_int (&v), ==, -5);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_INT64);
  g_assert_true (rill_doc_get_value (doc, RILL_FIELD_STATUS, &v));
  g_assert_cmpint (g_value_get_int64 (&v), ==, 200);
}

static void
check_set_value (RillDoc       *doc,
                 const GValue  *value,
                 RillFieldType  expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_doc_set_value (doc, "v", value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rill_doc_get_field_type (doc, "v"), ==, expected);
}

static void
test_value_set (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  g_autoptr(GBytes) bytes = g_bytes_new ("b", 1);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  const char * const strv[] = { "s", "t", NULL };

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "hello");
  check_set_value (doc, &v, RILL_FIELD_STRING);
  g_assert_cmpstr (rill_doc_get_string (doc, "v"), ==, "hello");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_CHAR);
  g_value_set_schar (&v, -3);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, -3);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_UCHAR);
  g_value_set_uchar (&v, 250);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, 250);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, G_MININT);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, G_MININT);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_UINT);
  g_value_set_uint (&v, G_MAXUINT);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, G_MAXUINT);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_LONG);
  g_value_set_long (&v, -123456789L);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, -123456789L);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_ULONG);
  g_value_set_ulong (&v, 123456789UL);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, 123456789);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, G_MININT64);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, G_MININT64);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_UINT64);
  g_value_set_uint64 (&v, G_MAXINT64);
  check_set_value (doc, &v, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (doc, "v", 0), ==, G_MAXINT64);
  g_value_set_uint64 (&v, (guint64) G_MAXINT64 + 1);
  g_assert_false (rill_doc_set_value (doc, "too-big", &v, &error));
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too-big"));
  g_assert_false (rill_doc_has_field (doc, "too-big"));
  g_clear_error (&error);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, 2.5);
  check_set_value (doc, &v, RILL_FIELD_DOUBLE);
  assert_same_double (rill_doc_get_double (doc, "v", 0), 2.5);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_FLOAT);
  g_value_set_float (&v, 0.25f);
  check_set_value (doc, &v, RILL_FIELD_DOUBLE);
  assert_same_double (rill_doc_get_double (doc, "v", 0), 0.25);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_value_set_boolean (&v, TRUE);
  check_set_value (doc, &v, RILL_FIELD_BOOL);
  g_assert_true (rill_doc_get_bool (doc, "v", FALSE));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_BYTES);
  g_value_set_boxed (&v, bytes);
  check_set_value (doc, &v, RILL_FIELD_BYTES);
  g_assert_true (rill_doc_get_bytes (doc, "v") == bytes);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, strv);
  check_set_value (doc, &v, RILL_FIELD_STRV);
  g_assert_cmpstrv (rill_doc_get_strv (doc, "v"), strv);
  g_value_unset (&v);

  rill_doc_set_string (nested, "n", "x");
  g_value_init (&v, RILL_TYPE_DOC);
  g_value_set_boxed (&v, nested);
  check_set_value (doc, &v, RILL_FIELD_DOC);
  g_assert_true (rill_doc_equal (rill_doc_get_doc (doc, "v"), nested));
  g_value_unset (&v);

  /* a NULL boxed or string value removes the field */
  g_value_init (&v, G_TYPE_STRING);
  g_assert_true (rill_doc_set_value (doc, "v", &v, &error));
  g_assert_no_error (error);
  g_assert_false (rill_doc_has_field (doc, "v"));
  g_value_unset (&v);

  /* other types fail and name the field */
  g_value_init (&v, G_TYPE_POINTER);
  g_assert_false (rill_doc_set_value (doc, "ptr-field", &v, &error));
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ptr-field"));
  g_assert_nonnull (strstr (error->message, "gpointer"));
  g_clear_error (&error);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_OBJECT);
  g_assert_false (rill_doc_set_value (doc, "obj-field", &v, &error));
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "obj-field"));
  g_clear_error (&error);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_HASH_TABLE);
  g_assert_false (rill_doc_set_value (doc, "hash-field", &v, &error));
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hash-field"));
  g_clear_error (&error);

  g_assert_cmpuint (rill_doc_get_n_fields (doc), ==, 0);
}

static void
test_dup_as_string (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  struct {
    const char *name;
    const char *expected;
  } cases[] = {
    { "s", "plain text" },
    { "i", "-42" },
    { "imin", "-9223372036854775808" },
    { "d1", "1.0" },
    { "d01", "0.1" },
    { "dnan", "nan" },
    { "dinf", "-inf" },
    { "t", "true" },
    { "f", "false" },
    { "utf8", "h\xc3\xa9llo" },
    { "nul", "<3 bytes>" },
    { "bad", "<2 bytes>" },
    { "empty-bytes", "" },
    { "tags", "a, b" },
    { "no-tags", "" },
    { "doc", "{\"k\":\"v\",\"n\":1}" },
  };

  rill_doc_set_string (doc, "s", "plain text");
  rill_doc_set_int (doc, "i", -42);
  rill_doc_set_int (doc, "imin", G_MININT64);
  rill_doc_set_double (doc, "d1", 1.0);
  rill_doc_set_double (doc, "d01", 0.1);
  rill_doc_set_double (doc, "dnan", NAN);
  rill_doc_set_double (doc, "dinf", -INFINITY);
  rill_doc_set_bool (doc, "t", TRUE);
  rill_doc_set_bool (doc, "f", FALSE);
  rill_doc_take_bytes (doc, "utf8", g_bytes_new ("h\xc3\xa9llo", 6));
  rill_doc_take_bytes (doc, "nul", g_bytes_new ("a\0b", 3));
  rill_doc_take_bytes (doc, "bad", g_bytes_new ("\xff\xfe", 2));
  rill_doc_take_bytes (doc, "empty-bytes", g_bytes_new (NULL, 0));
  rill_doc_set_strv (doc, "tags", (const char * const []) { "a", "b", NULL });
  rill_doc_set_strv (doc, "no-tags", (const char * const []) { NULL });
  rill_doc_set_string (nested, "k", "v");
  rill_doc_set_int (nested, "n", 1);
  rill_doc_set_doc (doc, "doc", nested);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rill_doc_dup_as_string (doc, cases[i].name);

      g_test_message ("field %s", cases[i].name);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  g_assert_null (rill_doc_dup_as_string (doc, "absent"));
}

static void
test_json_compact (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  g_autofree char *json = NULL;
  g_autofree char *empty = NULL;

  rill_doc_set_string (doc, "url", "u");
  rill_doc_set_int (doc, "n", 1);
  rill_doc_set_double (doc, "d", 1.0);
  rill_doc_set_bool (doc, "b", TRUE);
  rill_doc_set_strv (doc, "l", (const char * const []) { "x", "y", NULL });
  rill_doc_set_strv (doc, "e", (const char * const []) { NULL });
  rill_doc_take_bytes (doc, "raw", g_bytes_new ("hi", 2));
  rill_doc_set_double (doc, "nan", NAN);
  rill_doc_set_doc (doc, "m", nested);
  rill_doc_set_seq (doc, 99);

  json = rill_doc_to_json (doc, FALSE);
  g_assert_cmpstr (json, ==,
                   "{\"url\":\"u\",\"n\":1,\"d\":1.0,\"b\":true,\"l\":[\"x\",\"y\"],"
                   "\"e\":[],\"raw\":{\"$bytes\":\"aGk=\"},"
                   "\"nan\":{\"$double\":\"nan\"},\"m\":{}}");

  empty = rill_doc_to_json (nested, FALSE);
  g_assert_cmpstr (empty, ==, "{}");
  g_free (empty);
  empty = rill_doc_to_json (nested, TRUE);
  g_assert_cmpstr (empty, ==, "{}");
}

static void
test_json_pretty (void)
{
  g_autoptr(RillDoc) doc = make_full_doc ();
  g_autoptr(RillDoc) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = rill_doc_to_json (doc, TRUE);
  g_autofree char *small = NULL;
  g_autoptr(RillDoc) small_doc = rill_doc_new ();

  g_assert_nonnull (strchr (json, '\n'));
  back = rill_doc_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rill_doc_equal (doc, back));

  rill_doc_set_int (small_doc, "a", 1);
  rill_doc_set_strv (small_doc, "l", (const char * const []) { "x", NULL });
  small = rill_doc_to_json (small_doc, TRUE);
  g_assert_cmpstr (small, ==, "{\n  \"a\": 1,\n  \"l\": [\n    \"x\"\n  ]\n}");
}

static void
test_json_round_trip (void)
{
  g_autoptr(RillDoc) doc = make_full_doc ();
  g_autoptr(RillDoc) back = json_round_trip (doc);
  GBytes *body;

  g_assert_true (rill_doc_equal (doc, back));
  /* order is kept, seq is not part of JSON */
  assert_field_order (back, (const char * const []) {
    "url", "status", "score", "paywall", "body", "tags", "meta", NULL });
  g_assert_cmpuint (rill_doc_get_seq (back), ==, 0);

  body = rill_doc_get_bytes (back, RILL_FIELD_BODY);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "<html>\0\xff\xfe", 9);
  g_assert_cmpint (rill_doc_get_field_type (back, "score"), ==, RILL_FIELD_DOUBLE);
  g_assert_cmpint (rill_doc_get_field_type (back, "paywall"), ==, RILL_FIELD_BOOL);
  g_assert_cmpint (rill_doc_get_field_type (back, "meta"), ==, RILL_FIELD_DOC);
  g_assert_cmpint (rill_doc_get_int (rill_doc_get_doc (rill_doc_get_doc (back, "meta"), "deeper"),
                                     "level", 0), ==, 2);
}

static void
test_json_doubles (void)
{
  const double values[] = {
    1.0, 0.1, -0.0, 0.0, 1e300, -1e300, 1e-300, 5e-324, DBL_MAX, -DBL_MAX,
    DBL_MIN, 123456789.0, 1e21, 1e22, 0.30000000000000004, 2.5, -7.0,
    9007199254740993.0, 1.0 / 3.0, M_PI, NAN, INFINITY, -INFINITY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autoptr(RillDoc) back = NULL;
      g_autoptr(RillDoc) from_node = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      rill_doc_set_double (doc, "d", values[i]);
      json = rill_doc_to_json (doc, FALSE);
      g_test_message ("%.17g -> %s", values[i], json);

      back = json_round_trip (doc);
      g_assert_cmpint (rill_doc_get_field_type (back, "d"), ==, RILL_FIELD_DOUBLE);
      assert_same_double (rill_doc_get_double (back, "d", 42), values[i]);

      node = rill_doc_to_json_node (doc);
      from_node = rill_doc_new_from_json_node (node, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rill_doc_get_field_type (from_node, "d"), ==, RILL_FIELD_DOUBLE);
      assert_same_double (rill_doc_get_double (from_node, "d", 42), values[i]);

      /* the tree written by json-glib's generator reads back too */
      {
        g_autofree char *generated = json_to_string (node, FALSE);
        g_autoptr(RillDoc) from_text = rill_doc_new_from_json (generated, -1, &error);

        g_test_message ("  generator: %s", generated);
        g_assert_no_error (error);
        g_assert_cmpint (rill_doc_get_field_type (from_text, "d"), ==, RILL_FIELD_DOUBLE);
        assert_same_double (rill_doc_get_double (from_text, "d", 42), values[i]);
      }
    }
}

static void
test_json_ints (void)
{
  const gint64 values[] = { 0, 1, -1, 200, G_MAXINT32, (gint64) G_MAXINT32 + 1, G_MININT64, G_MAXINT64, G_MININT64 + 1 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autoptr(RillDoc) back = NULL;

      rill_doc_set_int (doc, "i", values[i]);
      back = json_round_trip (doc);
      g_assert_cmpint (rill_doc_get_field_type (back, "i"), ==, RILL_FIELD_INT);
      g_assert_cmpint (rill_doc_get_int (back, "i", 42), ==, values[i]);
    }
}

static void
test_json_bytes (void)
{
  const struct {
    const char *data;
    gsize size;
  } values[] = {
    { "", 0 },
    { "\0", 1 },
    { "a\0b\0", 4 },
    { "\xff\xfe\x80", 3 },
    { "plain", 5 },
    { "ab", 2 },
    { "abc", 3 },
    { "\xc3\x28", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autoptr(RillDoc) back = NULL;
      GBytes *bytes;

      rill_doc_take_bytes (doc, "b", g_bytes_new (values[i].data, values[i].size));
      back = json_round_trip (doc);
      bytes = rill_doc_get_bytes (back, "b");
      g_assert_nonnull (bytes);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       values[i].data, values[i].size);
    }
}

static void
test_json_strings (void)
{
  const char *values[] = {
    "",
    "plain",
    "quote \" backslash \\ slash /",
    "controls \n\r\t\b\f \x01 \x1f end",
    "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
    "e\xcc\x81 (combining)",
    "\xe2\x80\xa8 line separator",
    "{\"looks\": [\"like json\"]}",
    NULL
  };
  const guint n_values = G_N_ELEMENTS (values) - 1;
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) back = NULL;

  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", values[i], i);

      rill_doc_set_string (doc, name, values[i]);
    }
  rill_doc_set_strv (doc, "list", (const char * const *) values);

  back = json_round_trip (doc);
  g_assert_true (rill_doc_equal (doc, back));
  g_assert_cmpstrv (rill_doc_get_strv (back, "list"), values);
  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", values[i], i);

      g_assert_cmpstr (rill_doc_get_field_name (back, i), ==, name);
      g_assert_cmpstr (rill_doc_get_string (back, name), ==, values[i]);
    }
}

/* Strings must be UTF-8; one that is not still gives valid JSON (with
 * U+FFFD for the broken bytes) instead of breaking the whole line. */
static void
test_json_invalid_utf8_string (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *text;

  rill_doc_set_string (doc, "s", "ok \xff\xfe end");
  rill_doc_set_string (doc, "bad-name-\xc3", "x");
  json = rill_doc_to_json (doc, FALSE);
  g_assert_true (g_utf8_validate (json, -1, NULL));

  back = rill_doc_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  text = rill_doc_get_string (back, "s");
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "ok "));
  g_assert_true (g_str_has_suffix (text, " end"));
  g_assert_nonnull (strstr (text, "\xef\xbf\xbd"));
  g_assert_cmpuint (rill_doc_get_n_fields (back), ==, 2);
}

static void
test_json_empty_strv (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) back = NULL;
  g_autoptr(RillDoc) parsed = NULL;
  g_autoptr(GError) error = NULL;

  rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const []) { NULL });
  back = json_round_trip (doc);
  g_assert_cmpint (rill_doc_get_field_type (back, RILL_FIELD_TAGS), ==, RILL_FIELD_STRV);
  g_assert_nonnull (rill_doc_get_strv (back, RILL_FIELD_TAGS));
  g_assert_null (rill_doc_get_strv (back, RILL_FIELD_TAGS)[0]);

  parsed = rill_doc_new_from_json ("{\"tags\": []}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rill_doc_get_field_type (parsed, RILL_FIELD_TAGS), ==, RILL_FIELD_STRV);
  g_assert_true (rill_doc_equal (doc, parsed));
}

static void
test_json_nested (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(RillDoc) back = NULL;
  RillDoc *level = doc;

  /* 20 levels deep */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RillDoc) child = rill_doc_new ();

      rill_doc_set_int (level, "depth", i);
      rill_doc_set_doc (level, "child", child);
      level = rill_doc_get_doc (level, "child");
    }
  rill_doc_set_string (level, "leaf", "yes");

  back = json_round_trip (doc);
  g_assert_true (rill_doc_equal (doc, back));
  level = back;
  for (guint i = 0; i < 20; i++)
    {
      g_assert_cmpint (rill_doc_get_int (level, "depth", -1), ==, i);
      level = rill_doc_get_doc (level, "child");
      g_assert_nonnull (level);
    }
  g_assert_cmpstr (rill_doc_get_string (level, "leaf"), ==, "yes");
}

/* Nested docs that look like the special forms still round-trip. */
static void
test_json_reserved_names (void)
{
  const char *names[] = { "$bytes", "$double", "$doc" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autoptr(RillDoc) as_string = rill_doc_new ();
      g_autoptr(RillDoc) as_doc = rill_doc_new ();
      g_autoptr(RillDoc) two = rill_doc_new ();
      g_autoptr(RillDoc) back = NULL;

      rill_doc_set_string (as_string, names[i], "aGk=");
      rill_doc_set_doc (as_doc, names[i], as_string);
      rill_doc_set_string (two, names[i], "nan");
      rill_doc_set_int (two, "other", 1);

      /* top level: always a doc */
      rill_doc_set_string (doc, names[i], "nan");
      back = json_round_trip (doc);
      g_assert_true (rill_doc_equal (doc, back));
      g_clear_pointer (&back, rill_doc_unref);
      g_clear_pointer (&doc, rill_doc_unref);

      doc = rill_doc_new ();
      rill_doc_set_doc (doc, "s", as_string);
      rill_doc_set_doc (doc, "d", as_doc);
      rill_doc_set_doc (doc, "two", two);
      back = json_round_trip (doc);
      g_assert_true (rill_doc_equal (doc, back));
      g_assert_cmpint (rill_doc_get_field_type (back, "s"), ==, RILL_FIELD_DOC);
      g_assert_cmpint (rill_doc_get_field_type (rill_doc_get_doc (back, "d"), names[i]), ==, RILL_FIELD_DOC);
    }
}

static void
test_json_node (void)
{
  g_autoptr(RillDoc) doc = make_full_doc ();
  g_autoptr(RillDoc) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  rill_doc_set_double (doc, "inf", INFINITY);
  node = rill_doc_to_json_node (doc);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, RILL_FIELD_URL), ==,
                   "https://news.example/a?b=c&d=\"e\"");
  g_assert_cmpint (json_object_get_int_member (object, RILL_FIELD_STATUS), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, RILL_FIELD_BODY),
                                                  "$bytes"), ==, "PGh0bWw+AP/+");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "inf"),
                                                  "$double"), ==, "inf");

  back = rill_doc_new_from_json_node (node, &error);
  g_assert_no_error (error);
  g_assert_true (rill_doc_equal (doc, back));
}

static void
test_json_read (void)
{
  g_autoptr(RillDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *json =
    "{\"i\": 1, \"d\": 1.0, \"e\": 1e2, \"n\": null, \"s\": \"x\","
    " \"b\": false, \"x\": {\"$double\": 3}, \"y\": {\"$double\": \"-inf\"},"
    " \"z\": {\"$bytes\": \"\"}, \"w\": {\"$doc\": {\"$bytes\": 1}}}";

  doc = rill_doc_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  assert_field_order (doc, (const char * const []) { "i", "d", "e", "s", "b", "x", "y", "z", "w", NULL });
  g_assert_cmpint (rill_doc_get_field_type (doc, "i"), ==, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_field_type (doc, "d"), ==, RILL_FIELD_DOUBLE);
  g_assert_cmpint (rill_doc_get_field_type (doc, "e"), ==, RILL_FIELD_DOUBLE);
  g_assert_false (rill_doc_has_field (doc, "n"));
  g_assert_false (rill_doc_get_bool (doc, "b", TRUE));
  assert_same_double (rill_doc_get_double (doc, "x", 0), 3.0);
  assert_same_double (rill_doc_get_double (doc, "y", 0), -INFINITY);
  g_assert_cmpuint (g_bytes_get_size (rill_doc_get_bytes (doc, "z")), ==, 0);
  g_assert_cmpint (rill_doc_get_int (rill_doc_get_doc (doc, "w"), "$bytes", 0), ==, 1);
  g_clear_pointer (&doc, rill_doc_unref);

  /* a length shorter than the string */
  doc = rill_doc_new_from_json ("{\"a\":1}garbage", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rill_doc_get_int (doc, "a", 0), ==, 1);
}

static void
test_json_errors (void)
{
  const struct {
    const char *json;
    const char *in_message;
  } cases[] = {
    { "", NULL },
    { "   ", NULL },
    { "{", NULL },
    { "{\"a\": }", NULL },
    { "{\"a\": 1,}", NULL },
    { "not json", NULL },
    { "[]", "array" },
    { "[{\"a\": 1}]", "array" },
    { "42", "number" },
    { "\"string\"", "string" },
    { "null", "null" },
    { "true", "boolean" },
    { "{\"nums\": [1, 2]}", "nums" },
    { "{\"mixed\": [\"a\", 2]}", "mixed" },
    { "{\"nested-array\": [[\"a\"]]}", "nested-array" },
    { "{\"objs\": [{}]}", "objs" },
    { "{\"nulls\": [null]}", "nulls" },
    { "{\"deep\": {\"inner\": [true]}}", "deep.inner" },
    { "{\"a\": {\"$doc\": {\"b\": {\"c\": [1]}}}}", "a.b.c" },
    { "{\"bad64\": {\"$bytes\": \"!!!\"}}", "bad64" },
    { "{\"num64\": {\"$bytes\": 12}}", "num64" },
    { "{\"baddouble\": {\"$double\": \"abc\"}}", "baddouble" },
    { "{\"baddoc\": {\"$doc\": 1}}", "baddoc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillDoc) doc = NULL;

      g_test_message ("input: %s", cases[i].json);
      doc = rill_doc_new_from_json (cases[i].json, -1, &error);
      g_assert_null (doc);
      g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
      g_test_message ("error: %s", error->message);
      if (cases[i].in_message != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }
}

static void
test_json_parse_error_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillDoc) doc = rill_doc_new_from_json ("{\n  \"a\": tru\n}", -1, &error);

  g_assert_null (doc);
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  /* json-glib's message with its position */
  g_assert_nonnull (strstr (error->message, "Invalid JSON"));
  g_assert_nonnull (strstr (error->message, "2:"));
}

static void
test_json_too_deep (void)
{
  GString *json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RillDoc) doc = NULL;
  g_autoptr(RillDoc) ok = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 600; i++)
    g_string_append (json, "{\"a\":");
  g_string_append (json, "1");
  for (guint i = 0; i < 600; i++)
    g_string_append_c (json, '}');
  text = g_string_free (json, FALSE);

  doc = rill_doc_new_from_json (text, -1, &error);
  g_assert_null (doc);
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deep"));
  g_clear_error (&error);

  ok = rill_doc_new_from_json ("{\"a\":{\"a\":{\"a\":{\"a\":1}}}}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
}

/* Hostile input deep enough to overflow json-glib's recursive parser
 * fails cleanly instead of crashing. */
static void
test_json_hostile_depth (void)
{
  const guint depth = 200000;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillDoc) doc = NULL;
  g_autoptr(RillDoc) in_string = NULL;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  GString *json = g_string_new ("{\"a\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  text = g_string_free (json, FALSE);

  doc = rill_doc_new_from_json (text, -1, &error);
  g_assert_null (doc);
  g_assert_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID);
  g_clear_error (&error);

  /* brackets inside strings are just characters, escaped quotes too */
  quoted = g_strdup_printf ("{\"s\": \"\\\"%s\"}", text + strlen ("{\"a\":"));
  in_string = rill_doc_new_from_json (quoted, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (rill_doc_get_string (in_string, "s")), ==, depth + 1);
}

/* A sink's `fields`: names keep (in their order), -names leave out. */
static void
test_select_fields (void)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  const char *keep[] = { "title", "", "url", "missing", "title", NULL };
  const char *drop[] = { "-body", "-missing", NULL };
  const char *both[] = { "url", "body", "-body", NULL };
  g_autoptr(RillDoc) kept = NULL;
  g_autoptr(RillDoc) dropped = NULL;
  g_autoptr(RillDoc) mixed = NULL;
  g_autoptr(RillDoc) all = NULL;

  rill_doc_set_seq (doc, 7);
  rill_doc_set_string (doc, "url", "https://example.org/");
  rill_doc_set_string (doc, "body", "<p>x</p>");
  rill_doc_set_string (doc, "title", "T");
  rill_doc_set_int (doc, "status", 200);

  kept = rill_doc_select_fields (doc, keep);
  g_assert_cmpuint (rill_doc_get_n_fields (kept), ==, 2);
  g_assert_cmpstr (rill_doc_get_field_name (kept, 0), ==, "title");
  g_assert_cmpstr (rill_doc_get_field_name (kept, 1), ==, "url");
  g_assert_cmpuint (rill_doc_get_seq (kept), ==, 7);

  dropped = rill_doc_select_fields (doc, drop);
  g_assert_cmpuint (rill_doc_get_n_fields (dropped), ==, 3);
  g_assert_false (rill_doc_has_field (dropped, "body"));
  g_assert_cmpint (rill_doc_get_int (dropped, "status", 0), ==, 200);

  mixed = rill_doc_select_fields (doc, both);
  g_assert_cmpuint (rill_doc_get_n_fields (mixed), ==, 1);
  g_assert_true (rill_doc_has_field (mixed, "url"));

  all = rill_doc_select_fields (doc, NULL);
  g_assert_true (rill_doc_equal (all, doc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doc/new", test_new);
  g_test_add_func ("/doc/refcount", test_refcount);
  g_test_add_func ("/doc/refcount-threads", test_refcount_threads);
  g_test_add_func ("/doc/field/string", test_string);
  g_test_add_func ("/doc/field/int", test_int);
  g_test_add_func ("/doc/field/double", test_double);
  g_test_add_func ("/doc/field/bool", test_bool);
  g_test_add_func ("/doc/field/bytes", test_bytes);
  g_test_add_func ("/doc/field/strv", test_strv);
  g_test_add_func ("/doc/field/doc", test_nested);
  g_test_add_func ("/doc/field/replace-type", test_replace_type);
  g_test_add_func ("/doc/order", test_order);
  g_test_add_func ("/doc/many-fields", test_many_fields);
  g_test_add_func ("/doc/copy", test_copy);
  g_test_add_func ("/doc/equal", test_equal);
  g_test_add_func ("/doc/value/get", test_value_get);
  g_test_add_func ("/doc/value/set", test_value_set);
  g_test_add_func ("/doc/dup-as-string", test_dup_as_string);
  g_test_add_func ("/doc/json/compact", test_json_compact);
  g_test_add_func ("/doc/json/pretty", test_json_pretty);
  g_test_add_func ("/doc/json/round-trip", test_json_round_trip);
  g_test_add_func ("/doc/json/doubles", test_json_doubles);
  g_test_add_func ("/doc/json/ints", test_json_ints);
  g_test_add_func ("/doc/json/bytes", test_json_bytes);
  g_test_add_func ("/doc/json/strings", test_json_strings);
  g_test_add_func ("/doc/json/invalid-utf8-string", test_json_invalid_utf8_string);
  g_test_add_func ("/doc/json/empty-strv", test_json_empty_strv);
  g_test_add_func ("/doc/json/nested", test_json_nested);
  g_test_add_func ("/doc/json/reserved-names", test_json_reserved_names);
  g_test_add_func ("/doc/json/node", test_json_node);
  g_test_add_func ("/doc/json/read", test_json_read);
  g_test_add_func ("/doc/json/errors", test_json_errors);
  g_test_add_func ("/doc/json/parse-error-message", test_json_parse_error_message);
  g_test_add_func ("/doc/json/too-deep", test_json_too_deep);
  g_test_add_func ("/doc/json/hostile-depth", test_json_hostile_depth);

  g_test_add_func ("/doc/select-fields", test_select_fields);
  return g_test_run ();
}
