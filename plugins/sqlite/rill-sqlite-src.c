/* rill-sqlite-src.c: emits the rows of an SQLite query as docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-sqlite-elements.h"

#include <string.h>

/**
 * RillSqliteSrc:
 *
 * `sqlite-src` opens the SQLite database at `location` read-only, runs
 * `query` (default `SELECT * FROM articles`) and emits each row as a doc
 * whose fields are named after the result columns, typed after the values:
 * INTEGER becomes an int, REAL a double, TEXT a string, BLOB bytes; NULL
 * values are left out. (Lists and nested docs that `sqlite-sink` stored as
 * JSON text come back as strings.)
 *
 * A database that cannot be opened or a query that does not compile fails
 * the run when it starts, with an error naming the database file and the
 * query. A query with more than one statement is refused. An error while
 * stepping through the rows fails the run.
 *
 * Full-text search, for instance:
 *
 * ```
 * sqlite-src location=news.db query="SELECT a.* FROM articles a JOIN
 *   articles_fts f ON f.rowid = a.rowid WHERE articles_fts MATCH 'Ташкент'"
 * ```
 */

#define RILL_TYPE_SQLITE_SRC (rill_sqlite_src_get_type ())
G_DECLARE_FINAL_TYPE (RillSqliteSrc, rill_sqlite_src, RILL, SQLITE_SRC, RillSource)

#define DEFAULT_QUERY "SELECT * FROM articles"
#define BUSY_TIMEOUT_MS 10000

struct _RillSqliteSrc
{
  RillSource parent_instance;

  char *location;
  char *query;

  sqlite3 *db;
  sqlite3_stmt *stmt;
  char **names;                /* column names of stmt */
  int n_columns;
};

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillSqliteSrc, rill_sqlite_src, RILL_TYPE_SOURCE)

static void
close_db (RillSqliteSrc *self)
{
  g_clear_pointer (&self->stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->names, g_strfreev);
  self->n_columns = 0;
}

static gboolean
rill_sqlite_src_start (RillElement  *element,
                       GError      **error)
{
  RillSqliteSrc *self = RILL_SQLITE_SRC (element);
  const char *name = rill_element_get_name (element);
  const char *query = self->query != NULL ? self->query : DEFAULT_QUERY;
  const char *tail = NULL;
  int rc;

  close_db (self);

  if (self->location == NULL || *self->location == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no location set", name);
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->location, &self->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: cannot open database %s: %s", name, self->location,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      close_db (self);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  rc = sqlite3_prepare_v2 (self->db, query, -1, &self->stmt, &tail);
  if (rc != SQLITE_OK || self->stmt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: bad query on database %s: %s (query: %s)", name, self->location,
                   rc != SQLITE_OK ? sqlite3_errmsg (self->db) : "no statement", query);
      close_db (self);
      return FALSE;
    }
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (tail != NULL && *tail == ';')
    tail++;
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (tail != NULL && *tail != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: bad query on database %s: only one statement is allowed "
                   "(query: %s)", name, self->location, query);
      close_db (self);
      return FALSE;
    }

  self->n_columns = sqlite3_column_count (self->stmt);
  self->names = g_new0 (char *, self->n_columns + 1);
  for (int i = 0; i < self->n_columns; i++)
    {
      const char *column = sqlite3_column_name (self->stmt, i);

      self->names[i] = g_strdup (column != NULL ? column : "");
    }

  return TRUE;
}

static gboolean
rill_sqlite_src_stop (RillElement  *element,
                      GError      **error)
{
  close_db (RILL_SQLITE_SRC (element));
  return TRUE;
}

static RillDoc *
rill_sqlite_src_create (RillSource    *source,
                        GCancellable  *cancellable,
                        GError       **error)
{
  RillSqliteSrc *self = RILL_SQLITE_SRC (source);
  RillDoc *doc;
  int rc;

  if (self->stmt == NULL || g_cancellable_is_cancelled (cancellable))
    return NULL;

  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_DONE)
    {
      g_clear_pointer (&self->stmt, sqlite3_finalize);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: cannot read rows from database %s: %s",
                   rill_element_get_name (RILL_ELEMENT (self)), self->location,
                   sqlite3_errmsg (self->db));
      g_clear_pointer (&self->stmt, sqlite3_finalize);
      return NULL;
    }

  doc = rill_doc_new ();
  for (int i = 0; i < self->n_columns; i++)
    {
      const char *name = self->names[i];

      if (*name == '\0')
        continue;

      switch (sqlite3_column_type (self->stmt, i))
        {
        case SQLITE_INTEGER:
          rill_doc_set_int (doc, name, sqlite3_column_int64 (self->stmt, i));
          break;
        case SQLITE_FLOAT:
          rill_doc_set_double (doc, name, sqlite3_column_double (self->stmt, i));
          break;
        case SQLITE_TEXT:
          {
            const char *text = (const char *) sqlite3_column_text (self->stmt, i);
            int length = sqlite3_column_bytes (self->stmt, i);

            rill_doc_take_string (doc, name, g_strndup (text, length));
          }
          break;
        case SQLITE_BLOB:
          {
            const void *data = sqlite3_column_blob (self->stmt, i);
            int length = sqlite3_column_bytes (self->stmt, i);

            rill_doc_take_bytes (doc, name, g_bytes_new (data, length));
          }
          break;
        case SQLITE_NULL:
        default:
          break;
        }
    }

  return doc;
}

static void
rill_sqlite_src_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillSqliteSrc *self = RILL_SQLITE_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_sqlite_src_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillSqliteSrc *self = RILL_SQLITE_SRC (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_QUERY:
      g_free (self->query);
      self->query = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_sqlite_src_finalize (GObject *object)
{
  RillSqliteSrc *self = RILL_SQLITE_SRC (object);

  close_db (self);
  g_free (self->location);
  g_free (self->query);

  G_OBJECT_CLASS (rill_sqlite_src_parent_class)->finalize (object);
}

static void
rill_sqlite_src_class_init (RillSqliteSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->get_property = rill_sqlite_src_get_property;
  object_class->set_property = rill_sqlite_src_set_property;
  object_class->finalize = rill_sqlite_src_finalize;

  element_class->start = rill_sqlite_src_start;
  element_class->stop = rill_sqlite_src_stop;

  source_class->create = rill_sqlite_src_create;

  /**
   * RillSqliteSrc:location:
   *
   * The database file, opened read-only.
   */
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", "Location",
                         "Path of the SQLite database, opened read-only",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillSqliteSrc:query:
   *
   * One SQL statement whose rows become docs.
   */
  properties[PROP_QUERY] =
    g_param_spec_string ("query", "Query",
                         "One SQL statement; each result row becomes a doc "
                         "whose fields are the columns (NULLs left out)",
                         DEFAULT_QUERY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "SQLite source",
                                   "Source/Database",
                                   "Emits the rows of an SQLite query as docs "
                                   "with typed fields",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_sqlite_src_init (RillSqliteSrc *self)
{
  self->query = g_strdup (DEFAULT_QUERY);
}
