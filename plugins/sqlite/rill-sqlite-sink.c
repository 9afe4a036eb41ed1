/* rill-sqlite-sink.c: upserts docs into an SQLite table with an FTS5 index
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-sqlite-elements.h"

#include <string.h>

/**
 * RillSqliteSink:
 *
 * `sqlite-sink` writes each doc as a row of `table` (default `articles`)
 * in the SQLite database at `location` (created if missing), in WAL mode.
 *
 * Columns are named after the fields (quoted, so `fetched-at` is a column
 * name). With `fields` set, only those fields are written and the table is
 * created when the element starts; otherwise the table is created from
 * the fields of the first doc and a column is added (`ALTER TABLE`)
 * whenever a doc brings a new field. Columns are typed after the value
 * they are created for: ints and booleans INTEGER, doubles REAL, strings
 * TEXT, bytes BLOB, lists of strings and nested docs JSON text (for a
 * `fields` list, after the schema: `status` INTEGER, `body` BLOB, other
 * known fields TEXT, unknown ones untyped).
 *
 * Rows are upserted on `key` (default `url`, a UNIQUE index `TABLE_key`):
 * a doc whose key is already there updates the columns it has and leaves
 * the others as they were. A doc without the key field fails.
 *
 * Full-text search (`fts=true`, the default): an external-content FTS5
 * table `TABLE_fts` over the `title` and `text` columns, tokenizer
 * `unicode61 remove_diacritics 2`, kept in sync by triggers on `TABLE`
 * (insert, update, delete), so that
 *
 * ```
 * SELECT a.url, a.title FROM articles a
 *   JOIN articles_fts f ON f.rowid = a.rowid
 *  WHERE articles_fts MATCH 'Ташкент' ORDER BY f.rank;
 * ```
 *
 * works (as does `... FROM articles WHERE rowid IN (SELECT rowid FROM
 * articles_fts WHERE articles_fts MATCH '...')`). An FTS table added to a
 * table that already has rows is rebuilt once.
 *
 * Writes are batched: one transaction per `batch-size` docs, committed
 * also when the stream ends, on a cancel and when the element stops, so a
 * killed run loses at most the open transaction and never leaves a torn
 * row. Errors name the database file and the doc's key.
 */

#define RILL_TYPE_SQLITE_SINK (rill_sqlite_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillSqliteSink, rill_sqlite_sink, RILL, SQLITE_SINK, RillSink)

#define DEFAULT_TABLE "articles"
#define DEFAULT_BATCH_SIZE 500
#define BUSY_TIMEOUT_MS 10000
#define MAX_CACHED_STATEMENTS 64

struct _RillSqliteSink
{
  RillSink parent_instance;

  /* properties */
  char *location;
  char *table;
  char *key;
  char **fields;
  guint batch_size;
  gboolean fts;

  /* state of a run */
  sqlite3 *db;
  gboolean table_ready;
  GHashTable *columns;         /* column name → itself */
  GHashTable *statements;      /* column list signature → sqlite3_stmt */
  gboolean in_transaction;
  guint n_pending;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_TABLE,
  PROP_KEY,
  PROP_FIELDS,
  PROP_BATCH_SIZE,
  PROP_FTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillSqliteSink, rill_sqlite_sink, RILL_TYPE_SINK)

/* An SQL identifier, double-quoted. */
static char *
quote_id (const char *name)
{
  GString *s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static gboolean
db_error (RillSqliteSink  *self,
          GError         **error,
          const char      *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "%s: %s in database %s: %s",
               rill_element_get_name (RILL_ELEMENT (self)), what, self->location,
               self->db != NULL ? sqlite3_errmsg (self->db) : "not open");
  return FALSE;
}

static gboolean
exec (RillSqliteSink  *self,
      const char      *sql,
      GError         **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: database %s: %s (while running: %s)",
                   rill_element_get_name (RILL_ELEMENT (self)), self->location,
                   message != NULL ? message : sqlite3_errmsg (self->db), sql);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static const char *
type_for_field (RillFieldType type)
{
  switch (type)
    {
    case RILL_FIELD_INT:
    case RILL_FIELD_BOOL:
      return "INTEGER";
    case RILL_FIELD_DOUBLE:
      return "REAL";
    case RILL_FIELD_BYTES:
      return "BLOB";
    case RILL_FIELD_STRING:
    case RILL_FIELD_STRV:
    case RILL_FIELD_DOC:
      return "TEXT";
    case RILL_FIELD_NONE:
    default:
      return "";
    }
}

static const char *
type_for_schema_name (const char *name)
{
  static const char * const text_fields[] = {
    RILL_FIELD_URL, RILL_FIELD_FINAL_URL, RILL_FIELD_CONTENT_TYPE,
    RILL_FIELD_CHARSET, RILL_FIELD_FETCHED_AT, RILL_FIELD_TITLE,
    RILL_FIELD_TEXT, RILL_FIELD_AUTHOR, RILL_FIELD_DATE, RILL_FIELD_SITENAME,
    RILL_FIELD_SOURCE_URL, RILL_FIELD_LANG, RILL_FIELD_DESCRIPTION,
    RILL_FIELD_CANONICAL_URL, RILL_FIELD_TAGS, RILL_FIELD_IMAGE,
    RILL_FIELD_HASH, RILL_FIELD_DUP_OF, RILL_FIELD_ERROR,
  };

  if (strcmp (name, RILL_FIELD_STATUS) == 0)
    return "INTEGER";
  if (strcmp (name, RILL_FIELD_BODY) == 0)
    return "BLOB";
  for (gsize i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (strcmp (name, text_fields[i]) == 0)
      return "TEXT";
  return "";
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
clear_statements (RillSqliteSink *self)
{
  if (self->statements != NULL)
    g_hash_table_remove_all (self->statements);
}

static void
close_db (RillSqliteSink *self)
{
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  self->table_ready = FALSE;
  self->in_transaction = FALSE;
  self->n_pending = 0;
}

/* Reads the columns of the table into self->columns; FALSE if no table. */
static gboolean
load_columns (RillSqliteSink  *self,
              gboolean        *exists,
              GError         **error)
{
  g_autofree char *table = quote_id (self->table);
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  *exists = FALSE;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error, "cannot read the table's columns");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      *exists = TRUE;
      if (name != NULL)
        {
          char *copy = g_strdup (name);

          g_hash_table_replace (self->columns, copy, copy);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, "cannot read the table's columns");
  return TRUE;
}

static gboolean
add_column (RillSqliteSink  *self,
            const char      *name,
            const char      *type,
            GError         **error)
{
  g_autofree char *table = quote_id (self->table);
  g_autofree char *column = quote_id (name);
  g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s %s", table, column, type);
  char *copy;

  if (!exec (self, sql, error))
    return FALSE;
  copy = g_strdup (name);
  g_hash_table_replace (self->columns, copy, copy);
  clear_statements (self);
  return TRUE;
}

static gboolean
ensure_fts (RillSqliteSink  *self,
            GError         **error)
{
  g_autofree char *fts_name = g_strconcat (self->table, "_fts", NULL);
  g_autofree char *fts = quote_id (fts_name);
  g_autofree char *table = quote_id (self->table);
  g_autofree char *content = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean existed;
  char *q;

  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? RILL_FIELD_TITLE : RILL_FIELD_TEXT;

      if (!g_hash_table_contains (self->columns, name) &&
          !add_column (self, name, "TEXT", error))
        return FALSE;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_master WHERE name = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error, "cannot look up the FTS table");
  sqlite3_bind_text (stmt, 1, fts_name, -1, SQLITE_TRANSIENT);
  existed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (existed)
    return TRUE;

  /* The content option is a string literal, not an identifier. */
  q = sqlite3_mprintf ("%Q", self->table);
  content = g_strdup (q);
  sqlite3_free (q);

  sql = g_strdup_printf (
    "CREATE VIRTUAL TABLE %1$s USING fts5(title, text, content=%3$s, "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER IF NOT EXISTS \"%4$s_ai\" AFTER INSERT ON %2$s BEGIN "
    "  INSERT INTO %1$s(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END;"
    "CREATE TRIGGER IF NOT EXISTS \"%4$s_ad\" AFTER DELETE ON %2$s BEGIN "
    "  INSERT INTO %1$s(%1$s, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "END;"
    "CREATE TRIGGER IF NOT EXISTS \"%4$s_au\" AFTER UPDATE ON %2$s BEGIN "
    "  INSERT INTO %1$s(%1$s, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "  INSERT INTO %1$s(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END;"
    "INSERT INTO %1$s(%1$s) VALUES ('rebuild');",
    fts, table, content, fts_name);
  return exec (self, sql, error);
}

/* Creates the table (columns @names with @types) if needed, the key index
 * and the FTS table. */
static gboolean
ensure_table (RillSqliteSink  *self,
              GPtrArray       *names,
              GPtrArray       *types,
              GError         **error)
{
  g_autofree char *table = quote_id (self->table);
  g_autofree char *key = quote_id (self->key);
  g_autofree char *index_name = g_strconcat (self->table, "_key", NULL);
  g_autofree char *index = quote_id (index_name);
  g_autofree char *sql = NULL;
  gboolean exists;

  if (!load_columns (self, &exists, error))
    return FALSE;

  if (!exists)
    {
      GString *create = g_string_new ("CREATE TABLE ");

      g_string_append_printf (create, "%s (%s %s", table, key,
                              type_for_schema_name (self->key));
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *column = NULL;

          if (strcmp (names->pdata[i], self->key) == 0)
            continue;
          column = quote_id (names->pdata[i]);
          g_string_append_printf (create, ", %s %s", column, (const char *) types->pdata[i]);
        }
      g_string_append (create, ")");
      sql = g_string_free (create, FALSE);
      if (!exec (self, sql, error))
        return FALSE;
      if (!load_columns (self, &exists, error))
        return FALSE;
    }
  else
    {
      if (!g_hash_table_contains (self->columns, self->key) &&
          !add_column (self, self->key, type_for_schema_name (self->key), error))
        return FALSE;
      for (guint i = 0; i < names->len; i++)
        if (!g_hash_table_contains (self->columns, names->pdata[i]) &&
            !add_column (self, names->pdata[i], types->pdata[i], error))
          return FALSE;
    }

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)", index, table, key);
  if (!exec (self, sql, error))
    return FALSE;

  if (self->fts && !ensure_fts (self, error))
    return FALSE;

  self->table_ready = TRUE;
  return TRUE;
}

static gboolean
begin (RillSqliteSink  *self,
       GError         **error)
{
  if (self->in_transaction)
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  self->n_pending = 0;
  return TRUE;
}

static gboolean
commit (RillSqliteSink  *self,
        GError         **error)
{
  if (self->db == NULL)
    return TRUE;
  /* A failed statement may have rolled the transaction back already. */
  if (self->in_transaction && !sqlite3_get_autocommit (self->db) &&
      !exec (self, "COMMIT", error))
    return FALSE;
  self->in_transaction = FALSE;
  self->n_pending = 0;
  return TRUE;
}

static gboolean
rill_sqlite_sink_start (RillElement  *element,
                        GError      **error)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (element);
  const char *name = rill_element_get_name (element);
  int rc;

  close_db (self);

  if (self->location == NULL || *self->location == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no location set", name);
      return FALSE;
    }
  if (self->table == NULL || *self->table == '\0' || self->key == NULL || *self->key == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: table and key must not be empty", name);
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->location, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: cannot open database %s: %s", name, self->location,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      close_db (self);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);

  if (!exec (self, "PRAGMA journal_mode=WAL", error) ||
      !exec (self, "PRAGMA synchronous=NORMAL", error))
    {
      close_db (self);
      return FALSE;
    }

  if (self->fields != NULL && self->fields[0] != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) types = g_ptr_array_new ();

      for (guint i = 0; self->fields[i] != NULL; i++)
        {
          g_ptr_array_add (names, self->fields[i]);
          g_ptr_array_add (types, (char *) type_for_schema_name (self->fields[i]));
        }
      if (!ensure_table (self, names, types, error))
        {
          close_db (self);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
rill_sqlite_sink_stop (RillElement  *element,
                       GError      **error)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (element);
  gboolean ok = commit (self, error);

  close_db (self);
  return ok;
}

static gboolean
rill_sqlite_sink_flush (RillSink  *sink,
                        GError   **error)
{
  return commit (RILL_SQLITE_SINK (sink), error);
}

static gboolean
wanted (RillSqliteSink *self,
        const char     *name)
{
  return self->fields == NULL || self->fields[0] == NULL ||
         strcmp (name, self->key) == 0 ||
         g_strv_contains ((const char * const *) self->fields, name);
}

static sqlite3_stmt *
get_statement (RillSqliteSink  *self,
               GPtrArray       *names,
               GError         **error)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GString) sql = NULL;
  g_autofree char *table = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  guint n_updates = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_string_append (signature, names->pdata[i]);
      g_string_append_c (signature, '\n');
    }
  stmt = g_hash_table_lookup (self->statements, signature->str);
  if (stmt != NULL)
    return stmt;

  table = quote_id (self->table);
  key = quote_id (self->key);
  sql = g_string_new ("INSERT INTO ");
  g_string_append_printf (sql, "%s (", table);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *column = quote_id (names->pdata[i]);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", column);
    }
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < names->len; i++)
    g_string_append (sql, i > 0 ? ", ?" : "?");
  g_string_append_printf (sql, ") ON CONFLICT (%s) DO ", key);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *column = NULL;

      if (strcmp (names->pdata[i], self->key) == 0)
        continue;
      column = quote_id (names->pdata[i]);
      g_string_append_printf (sql, "%s%s = excluded.%s",
                              n_updates++ > 0 ? ", " : "UPDATE SET ", column, column);
    }
  if (n_updates == 0)
    g_string_append (sql, "NOTHING");

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, error, "cannot prepare the insert");
      return NULL;
    }

  if (g_hash_table_size (self->statements) >= MAX_CACHED_STATEMENTS)
    clear_statements (self);
  g_hash_table_insert (self->statements, g_string_free (g_steal_pointer (&signature), FALSE), stmt);
  return stmt;
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

static void
bind_field (sqlite3_stmt *stmt,
            int           index,
            RillDoc      *doc,
            const char   *name)
{
  switch (rill_doc_get_field_type (doc, name))
    {
    case RILL_FIELD_STRING:
      sqlite3_bind_text (stmt, index, rill_doc_get_string (doc, name), -1, SQLITE_STATIC);
      break;
    case RILL_FIELD_INT:
      sqlite3_bind_int64 (stmt, index, rill_doc_get_int (doc, name, 0));
      break;
    case RILL_FIELD_BOOL:
      sqlite3_bind_int (stmt, index, rill_doc_get_bool (doc, name, FALSE) ? 1 : 0);
      break;
    case RILL_FIELD_DOUBLE:
      sqlite3_bind_double (stmt, index, rill_doc_get_double (doc, name, 0));
      break;
    case RILL_FIELD_BYTES:
      {
        GBytes *bytes = rill_doc_get_bytes (doc, name);
        gsize size = 0;
        const void *data = g_bytes_get_data (bytes, &size);

        sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", size, SQLITE_STATIC);
      }
      break;
    case RILL_FIELD_STRV:
      sqlite3_bind_text (stmt, index, strv_to_json (rill_doc_get_strv (doc, name)), -1, g_free);
      break;
    case RILL_FIELD_DOC:
      sqlite3_bind_text (stmt, index, rill_doc_to_json (rill_doc_get_doc (doc, name), FALSE),
                         -1, g_free);
      break;
    case RILL_FIELD_NONE:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static gboolean
rill_sqlite_sink_render (RillSink  *sink,
                         RillDoc   *doc,
                         GError   **error)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (sink);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *key_value = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_fields = rill_doc_get_n_fields (doc);
  sqlite3_stmt *stmt;
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   "%s: not started", rill_element_get_name (RILL_ELEMENT (self)));
      return FALSE;
    }

  key_value = rill_doc_dup_as_string (doc, self->key);
  if (key_value == NULL)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "%s: doc has no '%s' field to use as the key of table %s in "
                   "database %s", rill_element_get_name (RILL_ELEMENT (self)),
                   self->key, self->table, self->location);
      return FALSE;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const char *name = rill_doc_get_field_name (doc, i);

      if (wanted (self, name))
        g_ptr_array_add (names, (char *) name);
    }

  if (!begin (self, &local_error))
    goto failed;

  if (!self->table_ready)
    {
      g_autoptr(GPtrArray) types = g_ptr_array_new ();

      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (types, (char *) type_for_field (rill_doc_get_field_type (doc, names->pdata[i])));
      if (!ensure_table (self, names, types, &local_error))
        goto failed;
    }
  else
    {
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = names->pdata[i];

          if (!g_hash_table_contains (self->columns, name) &&
              !add_column (self, name, type_for_field (rill_doc_get_field_type (doc, name)),
                           &local_error))
            goto failed;
        }
    }

  stmt = get_statement (self, names, &local_error);
  if (stmt == NULL)
    goto failed;

  for (guint i = 0; i < names->len; i++)
    bind_field (stmt, i + 1, doc, names->pdata[i]);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    db_error (self, &local_error, "cannot write the row");
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  if (++self->n_pending >= self->batch_size)
    return commit (self, error);
  return TRUE;

failed:
  /* Some errors (disk full, I/O) roll the whole transaction back. */
  if (self->in_transaction && sqlite3_get_autocommit (self->db))
    {
      rill_element_report_warning (RILL_ELEMENT (self),
                                   "%s: database %s rolled back a transaction of %u docs",
                                   rill_element_get_name (RILL_ELEMENT (self)),
                                   self->location, self->n_pending);
      self->in_transaction = FALSE;
      self->n_pending = 0;
    }
  g_set_error (error, local_error->domain, local_error->code,
               "%s (doc %s)", local_error->message, key_value);
  return FALSE;
}

static void
rill_sqlite_sink_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_FTS:
      g_value_set_boolean (value, self->fts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_sqlite_sink_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_TABLE:
      g_free (self->table);
      self->table = g_value_dup_string (value);
      break;
    case PROP_KEY:
      g_free (self->key);
      self->key = g_value_dup_string (value);
      break;
    case PROP_FIELDS:
      g_strfreev (self->fields);
      self->fields = g_value_dup_boxed (value);
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = g_value_get_uint (value);
      break;
    case PROP_FTS:
      self->fts = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_sqlite_sink_finalize (GObject *object)
{
  RillSqliteSink *self = RILL_SQLITE_SINK (object);

  close_db (self);
  g_free (self->location);
  g_free (self->table);
  g_free (self->key);
  g_strfreev (self->fields);

  G_OBJECT_CLASS (rill_sqlite_sink_parent_class)->finalize (object);
}

static void
rill_sqlite_sink_class_init (RillSqliteSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_sqlite_sink_get_property;
  object_class->set_property = rill_sqlite_sink_set_property;
  object_class->finalize = rill_sqlite_sink_finalize;

  element_class->start = rill_sqlite_sink_start;
  element_class->stop = rill_sqlite_sink_stop;

  sink_class->render = rill_sqlite_sink_render;
  sink_class->flush = rill_sqlite_sink_flush;

  /**
   * RillSqliteSink:location:
   *
   * The database file, created if missing.
   */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "Path of the SQLite database (created if missing, "
                         "put in WAL mode)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSink:table:
   *
   * The table the rows go to.
   */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", "Table",
                         "Table the docs are written to; its FTS5 index is "
                         "TABLE_fts",
                         DEFAULT_TABLE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSink:key:
   *
   * The field rows are upserted on.
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", "Key",
                         "Field whose value identifies a row (UNIQUE index): "
                         "a doc with a key already stored updates that row",
                         RILL_FIELD_URL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSink:fields:
   *
   * The fields written as columns; all when unset.
   */
  properties[PROP_FIELDS] =
    g_param_spec_boxed ("fields", "Fields",
                        "Fields written as columns, the table created with "
                        "them at start (default: every field, columns added "
                        "as new fields appear)",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSink:batch-size:
   *
   * Docs per transaction.
   */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", "Batch size",
                       "Docs written per transaction (also committed at the "
                       "end of the stream and on stop)",
                       1, G_MAXUINT, DEFAULT_BATCH_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSink:fts:
   *
   * Whether to keep the full-text index TABLE_fts.
   */
  properties[PROP_FTS] =
    g_param_spec_boolean ("fts", "Full-text search",
                          "Keep an FTS5 index TABLE_fts over the title and "
                          "text columns (unicode61, diacritics removed)",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "SQLite sink",
                                   "Sink/Database",
                                   "Upserts docs into an SQLite table whose "
                                   "columns follow the fields, with an FTS5 "
                                   "index over title and text",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_sqlite_sink_init (RillSqliteSink *self)
{
  self->table = g_strdup (DEFAULT_TABLE);
  self->key = g_strdup (RILL_FIELD_URL);
  self->batch_size = DEFAULT_BATCH_SIZE;
  self->fts = TRUE;
}
