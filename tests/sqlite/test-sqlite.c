/* test-sqlite.c: sqlite-sink upserts, columns, FTS5; sqlite-src rows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rill-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "news.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static RillDoc *
article (const char *url,
         const char *title,
         const char *text)
{
  RillDoc *doc = rill_doc_new ();

  if (url != NULL)
    rill_doc_set_string (doc, RILL_FIELD_URL, url);
  if (title != NULL)
    rill_doc_set_string (doc, RILL_FIELD_TITLE, title);
  if (text != NULL)
    rill_doc_set_string (doc, RILL_FIELD_TEXT, text);
  return doc;
}

/* app-src name=in ! sqlite-sink name=sink location=DB @extra, with @docs
 * (a NULL-terminated list, taken). */
static RillPipeline *
sink_docs (Fixture    *f,
           const char *extra,
           ...)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! sqlite-sink name=sink "
                                           "location=\"%s\" %s", f->db,
                                           extra != NULL ? extra : "");
  RillPipeline *pipeline = rill_test_parse (line);
  RillAppSrc *in = RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in"));
  g_autoptr(GError) error = NULL;
  RillDoc *doc;
  va_list args;

  va_start (args, extra);
  while ((doc = va_arg (args, RillDoc *)) != NULL)
    {
      g_assert_true (rill_app_src_push_doc (in, doc));
      rill_doc_unref (doc);
    }
  va_end (args);
  rill_app_src_end_of_stream (in);

  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  return pipeline;
}

static sqlite3 *
open_db (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* The first column of each row of @sql, as text, joined with '|'. */
static char *
query (Fixture    *f,
       const char *sql)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, text != NULL ? text : "NULL");
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_upsert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RillPipeline) p1 = NULL;
  g_autoptr(RillPipeline) p2 = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mode = NULL;

  p1 = sink_docs (f, NULL,
                  article ("https://a.example/1", "Old title", "old text"),
                  article ("https://a.example/2", "Other", "other text"),
                  article ("https://a.example/1", "New title", NULL),
                  NULL);
  g_assert_cmpint (rill_test_stat (p1, "sink", "failed"), ==, 0);

  /* Same url twice: one row, updated; a field the update lacks is kept. */
  rows = query (f, "SELECT count(*) FROM articles");
  g_assert_cmpstr (rows, ==, "2");
  title = query (f, "SELECT title FROM articles WHERE url = 'https://a.example/1'");
  g_assert_cmpstr (title, ==, "New title");
  text = query (f, "SELECT text FROM articles WHERE url = 'https://a.example/1'");
  g_assert_cmpstr (text, ==, "old text");

  /* A second run upserts into the same table. */
  p2 = sink_docs (f, NULL, article ("https://a.example/2", "Other, again", NULL), NULL);
  g_clear_pointer (&rows, g_free);
  rows = query (f, "SELECT title FROM articles ORDER BY url");
  g_assert_cmpstr (rows, ==, "New title|Other, again");

  mode = query (f, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
}

static void
test_columns (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(RillDoc) second = article ("https://a.example/2", "Two", "two");
  g_autoptr(RillDoc) meta = rill_doc_new ();
  static const char * const tags[] = { "a", "b\"c", NULL };
  static const guchar blob[] = { 0, 1, 2, 0xff };
  g_autoptr(GBytes) body = g_bytes_new_static (blob, sizeof blob);
  g_autofree char *columns = NULL;
  g_autofree char *types = NULL;
  g_autofree char *values = NULL;

  rill_doc_set_int (second, RILL_FIELD_STATUS, 200);
  rill_doc_set_double (second, "score", 0.5);
  rill_doc_set_bool (second, "paywalled", TRUE);
  rill_doc_set_bytes (second, RILL_FIELD_BODY, body);
  rill_doc_set_strv (second, RILL_FIELD_TAGS, tags);
  rill_doc_set_string (meta, "by", "desk");
  rill_doc_set_doc (second, "meta", meta);
  rill_doc_set_string (second, RILL_FIELD_FETCHED_AT, "2024-05-01T10:00:00Z");

  p = sink_docs (f, NULL, article ("https://a.example/1", "One", "one"),
                 rill_doc_ref (second), NULL);
  g_assert_cmpint (rill_test_stat (p, "sink", "failed"), ==, 0);

  columns = query (f, "SELECT name FROM pragma_table_info('articles') ORDER BY cid");
  g_assert_cmpstr (columns, ==,
                   "url|title|text|status|score|paywalled|body|tags|meta|fetched-at");
  types = query (f, "SELECT type FROM pragma_table_info('articles') ORDER BY cid");
  g_assert_cmpstr (types, ==, "TEXT|TEXT|TEXT|INTEGER|REAL|INTEGER|BLOB|TEXT|TEXT|TEXT");
  values = query (f, "SELECT typeof(status) || ',' || status || ',' || typeof(score) || ',' || "
                     "paywalled || ',' || typeof(body) || ',' || hex(body) || ',' || tags || "
                     "',' || meta || ',' || \"fetched-at\" FROM articles WHERE url LIKE '%/2'");
  g_assert_cmpstr (values, ==, "integer,200,real,1,blob,000102FF,[\"a\",\"b\\\"c\"],"
                               "{\"by\":\"desk\"},2024-05-01T10:00:00Z");
}

static void
test_fields_and_batches (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(RillPipeline) empty = NULL;
  g_autoptr(RillDoc) doc = article ("https://a.example/x", "X", "x");
  g_autofree char *columns = NULL;
  g_autofree char *rows = NULL;

  /* The table exists from the start, with the listed columns only. */
  empty = sink_docs (f, "table=items fields=url,title,status", NULL);
  columns = query (f, "SELECT name || ':' || type FROM pragma_table_info('items') ORDER BY cid");
  g_assert_cmpstr (columns, ==, "url:TEXT|title:TEXT|status:INTEGER|text:TEXT");

  /* Fields not listed are not written; batches of 2 commit 5 docs. */
  rill_doc_set_string (doc, "extra", "not written");
  p = sink_docs (f, "table=items fields=url,title,status batch-size=2",
                 rill_doc_ref (doc),
                 article ("https://a.example/2", "2", NULL),
                 article ("https://a.example/3", "3", NULL),
                 article ("https://a.example/4", "4", NULL),
                 article ("https://a.example/5", "5", NULL),
                 NULL);
  g_clear_pointer (&columns, g_free);
  columns = query (f, "SELECT group_concat(name) FROM pragma_table_info('items')");
  g_assert_null (strstr (columns, "extra"));
  rows = query (f, "SELECT count(*) || ',' || count(text) FROM items");
  g_assert_cmpstr (rows, ==, "5,0");
}

static void
test_missing_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  p = sink_docs (f, NULL, article (NULL, "no url", "text"),
                 article ("https://a.example/1", "ok", NULL), NULL);
  g_assert_cmpint (rill_test_stat (p, "sink", "failed"), ==, 1);
  rows = query (f, "SELECT count(*) FROM articles");
  g_assert_cmpstr (rows, ==, "1");

  /* key=... chooses another column. */
  {
    g_autoptr(RillDoc) a = article ("https://a.example/h1", "first", NULL);
    g_autoptr(RillDoc) b = article ("https://a.example/h2", "second", NULL);
    g_autoptr(RillPipeline) p2 = NULL;
    g_autofree char *titles = NULL;

    rill_doc_set_string (a, RILL_FIELD_HASH, "same");
    rill_doc_set_string (b, RILL_FIELD_HASH, "same");
    p2 = sink_docs (f, "table=by_hash key=hash", rill_doc_ref (a), rill_doc_ref (b), NULL);
    titles = query (f, "SELECT title || ' ' || url FROM by_hash");
    g_assert_cmpstr (titles, ==, "second https://a.example/h2");
  }
}

static void
test_fts (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(RillPipeline) p2 = NULL;
  g_autofree char *hits = NULL;

  p = sink_docs (f, NULL,
                 article ("https://uz.example/1", "Новости: Ташкент",
                          "В столице прошла встреча."),
                 article ("https://uz.example/2", "Погода",
                          "В городе Ташкент ожидается дождь."),
                 article ("https://uz.example/3", "Другое", "Самарканд и Бухара."),
                 article ("https://fr.example/1", "Le café", "Un article en français."),
                 NULL);

  /* The query form of the brief, and the usual join. */
  hits = query (f, "SELECT url FROM articles WHERE rowid IN "
                   "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Ташкент') "
                   "ORDER BY url");
  g_assert_cmpstr (hits, ==, "https://uz.example/1|https://uz.example/2");
  g_clear_pointer (&hits, g_free);

  /* Case folding in Cyrillic. */
  hits = query (f, "SELECT a.url FROM articles a JOIN articles_fts ON articles_fts.rowid = a.rowid "
                   "WHERE articles_fts MATCH 'ТАШКЕНТ' ORDER BY a.url");
  g_assert_cmpstr (hits, ==, "https://uz.example/1|https://uz.example/2");
  g_clear_pointer (&hits, g_free);

  /* Column filter, Latin with diacritics removed, prefix query. */
  hits = query (f, "SELECT a.url FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                   "WHERE articles_fts MATCH 'title:Ташкент'");
  g_assert_cmpstr (hits, ==, "https://uz.example/1");
  g_clear_pointer (&hits, g_free);
  hits = query (f, "SELECT title FROM articles_fts WHERE articles_fts MATCH 'cafe'");
  g_assert_cmpstr (hits, ==, "Le café");
  g_clear_pointer (&hits, g_free);
  hits = query (f, "SELECT title FROM articles_fts WHERE articles_fts MATCH 'franc*'");
  g_assert_cmpstr (hits, ==, "Le café");
  g_clear_pointer (&hits, g_free);

  /* An upsert re-indexes: the old words no longer match. */
  p2 = sink_docs (f, NULL, article ("https://uz.example/2", "Погода", "Солнечно в Самарканде."),
                  NULL);
  hits = query (f, "SELECT url FROM articles WHERE rowid IN "
                   "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Ташкент')");
  g_assert_cmpstr (hits, ==, "https://uz.example/1");
  g_clear_pointer (&hits, g_free);
  hits = query (f, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Солнечно'");
  g_assert_cmpstr (hits, ==, "1");
  g_clear_pointer (&hits, g_free);
  hits = query (f, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'дождь'");
  g_assert_cmpstr (hits, ==, "0");
  g_clear_pointer (&hits, g_free);

  /* The index agrees with its content table. */
  {
    sqlite3 *db = NULL;
    char *message = NULL;

    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO articles_fts(articles_fts, rank) "
                                       "VALUES ('integrity-check', 1)",
                                   NULL, NULL, &message), ==, SQLITE_OK);
    g_assert_null (message);
    sqlite3_close (db);
  }
}

static void
make_typed_db (Fixture *f)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE articles (url TEXT, n INTEGER, score REAL, "
                                 "  body BLOB, note);"
                                 "INSERT INTO articles VALUES ('https://a.example/1', 42, 2.5, "
                                 "  x'00ff10', NULL);"
                                 "INSERT INTO articles VALUES ('https://a.example/2', -9000000000, "
                                 "  NULL, NULL, 'Ташкент');",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

static void
test_src_typed_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  RillDoc *one, *two;
  GBytes *body;

  make_typed_db (f);
  line = g_strdup_printf ("sqlite-src location=\"%s\" ! app-sink name=out", f->db);
  p = rill_test_parse (line);
  g_assert_true (rill_pipeline_run (p, NULL, &error));
  g_assert_no_error (error);
  docs = rill_test_pull_all (p, "out");
  g_assert_cmpuint (docs->len, ==, 2);
  one = docs->pdata[0];
  two = docs->pdata[1];

  g_assert_cmpint (rill_doc_get_field_type (one, "url"), ==, RILL_FIELD_STRING);
  g_assert_cmpint (rill_doc_get_field_type (one, "n"), ==, RILL_FIELD_INT);
  g_assert_cmpint (rill_doc_get_int (one, "n", 0), ==, 42);
  g_assert_cmpint (rill_doc_get_field_type (one, "score"), ==, RILL_FIELD_DOUBLE);
  g_assert_cmpfloat (rill_doc_get_double (one, "score", 0), ==, 2.5);
  g_assert_cmpint (rill_doc_get_field_type (one, "body"), ==, RILL_FIELD_BYTES);
  body = rill_doc_get_bytes (one, "body");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\x00\xff\x10", 3);
  g_assert_false (rill_doc_has_field (one, "note"));          /* NULL skipped */
  g_assert_cmpuint (rill_doc_get_n_fields (one), ==, 4);

  g_assert_cmpint (rill_doc_get_int (two, "n", 0), ==, -9000000000);
  g_assert_false (rill_doc_has_field (two, "score"));
  g_assert_cmpstr (rill_doc_get_string (two, "note"), ==, "Ташкент");
}

static void
test_sink_to_src (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RillPipeline) p = NULL;
  g_autoptr(RillPipeline) back = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(RillDoc) doc = article ("https://uz.example/1", "Ташкент", "текст");

  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  p = sink_docs (f, NULL, rill_doc_ref (doc), article ("https://uz.example/2", "Другое", "нет"), NULL);

  /* Full-text search from a launch line. */
  line = g_strdup_printf ("sqlite-src location=\"%s\" query=\"SELECT a.* FROM articles a "
                          "JOIN articles_fts f ON f.rowid = a.rowid WHERE articles_fts MATCH "
                          "'ташкент'\" ! app-sink name=out", f->db);
  back = rill_test_parse (line);
  g_assert_true (rill_pipeline_run (back, NULL, &error));
  g_assert_no_error (error);
  docs = rill_test_pull_all (back, "out");
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_true (rill_doc_equal (docs->pdata[0], doc));
}

static void
test_src_bad_query (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const queries[] = {
    "SELECT * FROM no_such_table",
    "SELEKT 1",
    "SELECT 1; SELECT 2",
  };

  make_typed_db (f);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *line = g_strdup_printf ("sqlite-src location=\"%s\" query=\"%s\" ! "
                                               "app-sink name=out", f->db, queries[i]);
      g_autoptr(RillPipeline) p = rill_test_parse (line);
      g_autoptr(GError) error = NULL;

      g_assert_false (rill_pipeline_run (p, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      /* The error names the database and the query. */
      g_assert_nonnull (strstr (error->message, f->db));
      g_assert_nonnull (strstr (error->message, queries[i]));
    }

  /* A missing database fails too, naming it. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
    g_autofree char *line = g_strdup_printf ("sqlite-src location=\"%s\" ! app-sink name=out",
                                             missing);
    g_autoptr(RillPipeline) p = rill_test_parse (line);
    g_autoptr(GError) error = NULL;

    g_assert_false (rill_pipeline_run (p, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, missing));
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("/sqlite/sink/upsert", test_upsert);
  ADD ("/sqlite/sink/columns", test_columns);
  ADD ("/sqlite/sink/fields-and-batches", test_fields_and_batches);
  ADD ("/sqlite/sink/missing-key", test_missing_key);
  ADD ("/sqlite/sink/fts", test_fts);
  ADD ("/sqlite/src/typed-rows", test_src_typed_rows);
  ADD ("/sqlite/src/from-sink", test_sink_to_src);
  ADD ("/sqlite/src/bad-query", test_src_bad_query);

  return g_test_run ();
}
