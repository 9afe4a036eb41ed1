/* rill-dedupe-state.c: persistence of a dedupe index in SQLite.
 *
 * Schema (user_version 1):
 *
 *   meta (name TEXT PRIMARY KEY, value TEXT)   -- 'config': method+params
 *   docs (idx INTEGER PRIMARY KEY,             -- insertion order, from 0
 *         key TEXT UNIQUE,                     -- the caller's doc key
 *         id INTEGER, cluster INTEGER,         -- cluster: idx of its first doc
 *         date INTEGER,                        -- NULL when unknown
 *         sig BLOB)                            -- method's signature, native
 *                                              -- byte order
 *
 * Writes go into one open transaction, begun by the first record after a
 * commit and ended by rill_dedupe_state_commit(). The database runs in WAL
 * mode: a commit survives the process being killed (SIGKILL) with
 * synchronous=NORMAL; with @durable it is fsynced (synchronous=FULL) and
 * survives power loss too. A transaction that was open when the process
 * died is rolled back when the file is opened again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-state.h"

G_DEFINE_QUARK (rill-dedupe-error-quark, rill_dedupe_error)

struct _RillDedupeState
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *by_key;
  gboolean      in_txn;
};

static gboolean
fail (RillDedupeState *self, GError **error, const char *what)
{
  g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_STATE,
               "dedupe state: %s: %s", what,
               self->db ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static gboolean
exec (RillDedupeState *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail (self, error, sql);
  return TRUE;
}

/**
 * rill_dedupe_state_open:
 * @path: the database file (created if missing)
 * @config: a string naming the method and every parameter that changes
 *   signatures; a file written with another config is refused
 * @durable: fsync every commit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the state, or %NULL on error
 */
RillDedupeState *
rill_dedupe_state_open (const char *path,
                        const char *config,
                        gboolean    durable,
                        GError    **error)
{
  g_autoptr (RillDedupeState) self = g_new0 (RillDedupeState, 1);
  sqlite3_stmt *st = NULL;
  int rc;

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      fail (self, error, path);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 10000);
  if (!exec (self, "PRAGMA journal_mode=WAL", error)
      || !exec (self, durable ? "PRAGMA synchronous=FULL"
                              : "PRAGMA synchronous=NORMAL", error)
      || !exec (self,
                "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE IF NOT EXISTS docs (idx INTEGER PRIMARY KEY,"
                " key TEXT UNIQUE, id INTEGER, cluster INTEGER, date INTEGER,"
                " sig BLOB);"
                "PRAGMA user_version=1;", error))
    return NULL;

  sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE name='config'",
                      -1, &st, NULL);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      const char *have = (const char *) sqlite3_column_text (st, 0);

      if (g_strcmp0 (have, config) != 0)
        {
          g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_MISMATCH,
                       "dedupe state %s was written with '%s', not '%s'",
                       path, have, config);
          sqlite3_finalize (st);
          return NULL;
        }
    }
  sqlite3_finalize (st);
  if (rc == SQLITE_DONE)
    {
      sqlite3_prepare_v2 (self->db,
                          "INSERT INTO meta (name, value) VALUES ('config', ?)",
                          -1, &st, NULL);
      sqlite3_bind_text (st, 1, config, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (st);
      sqlite3_finalize (st);
      if (rc != SQLITE_DONE)
        {
          fail (self, error, "writing config");
          return NULL;
        }
    }
  else if (rc != SQLITE_ROW)
    {
      fail (self, error, "reading config");
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO docs (idx, key, id, cluster, date, sig)"
                          " VALUES (?, ?, ?, ?, ?, ?)", -1, &self->insert,
                          NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db, "SELECT idx FROM docs WHERE key = ?",
                             -1, &self->by_key, NULL) != SQLITE_OK)
    {
      fail (self, error, "preparing statements");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * rill_dedupe_state_close:
 *
 * Closes the database; a transaction still open is rolled back (call
 * rill_dedupe_state_commit() first to keep it).
 */
void
rill_dedupe_state_close (RillDedupeState *self)
{
  if (self == NULL)
    return;
  if (self->in_txn)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_finalize (self->insert);
  sqlite3_finalize (self->by_key);
  sqlite3_close (self->db);
  g_free (self);
}

/**
 * rill_dedupe_state_load:
 * @func: (scope call): called for every stored doc, in idx order
 *
 * Returns: %FALSE on error
 */
gboolean
rill_dedupe_state_load (RillDedupeState        *self,
                        RillDedupeStateRowFunc  func,
                        gpointer                user_data,
                        GError                **error)
{
  sqlite3_stmt *st = NULL;
  guint32 expect = 0;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT idx, id, cluster, date, sig FROM docs ORDER BY idx",
                          -1, &st, NULL) != SQLITE_OK)
    return fail (self, error, "loading");
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      guint32 idx = sqlite3_column_int64 (st, 0);

      if (idx != expect++)
        {
          sqlite3_finalize (st);
          g_set_error (error, RILL_DEDUPE_ERROR, RILL_DEDUPE_ERROR_STATE,
                       "dedupe state: docs table has a gap at idx %u", idx);
          return FALSE;
        }
      func (idx, sqlite3_column_int64 (st, 1), sqlite3_column_int64 (st, 2),
            sqlite3_column_type (st, 3) == SQLITE_NULL
              ? G_MININT64 : sqlite3_column_int64 (st, 3),
            sqlite3_column_blob (st, 4), sqlite3_column_bytes (st, 4),
            user_data);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return fail (self, error, "loading");
  return TRUE;
}

/**
 * rill_dedupe_state_lookup_key:
 * @idx: (out): the stored doc's idx
 *
 * Returns: 1 if @key is stored, 0 if not, -1 on error
 */
int
rill_dedupe_state_lookup_key (RillDedupeState *self,
                              const char      *key,
                              guint32         *idx,
                              GError         **error)
{
  int rc, found = 0;

  sqlite3_bind_text (self->by_key, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->by_key);
  if (rc == SQLITE_ROW)
    {
      *idx = sqlite3_column_int64 (self->by_key, 0);
      found = 1;
    }
  else if (rc != SQLITE_DONE)
    {
      fail (self, error, "looking up a key");
      found = -1;
    }
  sqlite3_reset (self->by_key);
  sqlite3_clear_bindings (self->by_key);
  return found;
}

gboolean
rill_dedupe_state_record (RillDedupeState *self,
                          guint32          idx,
                          const char      *key,
                          guint64          id,
                          guint32          cluster,
                          gint64           date,
                          gconstpointer    sig,
                          gsize            sig_len,
                          GError         **error)
{
  sqlite3_stmt *st = self->insert;
  int rc;

  if (!self->in_txn)
    {
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->in_txn = TRUE;
    }
  sqlite3_bind_int64 (st, 1, idx);
  if (key)
    sqlite3_bind_text (st, 2, key, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (st, 2);
  sqlite3_bind_int64 (st, 3, (gint64) id);
  sqlite3_bind_int64 (st, 4, cluster);
  if (date == G_MININT64)
    sqlite3_bind_null (st, 5);
  else
    sqlite3_bind_int64 (st, 5, date);
  sqlite3_bind_blob (st, 6, sig, sig_len, SQLITE_STATIC);
  rc = sqlite3_step (st);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  if (rc != SQLITE_DONE)
    return fail (self, error, "recording a doc");
  return TRUE;
}

/**
 * rill_dedupe_state_commit:
 *
 * Commits the open transaction, if any.
 */
gboolean
rill_dedupe_state_commit (RillDedupeState *self,
                          GError         **error)
{
  if (!self->in_txn)
    return TRUE;
  if (!exec (self, "COMMIT", error))
    return FALSE;
  self->in_txn = FALSE;
  return TRUE;
}

/**
 * rill_dedupe_state_get_db:
 *
 * The connection, for a sink that writes its output in the same
 * transaction as the index (see rill-dedupe-index.h).
 *
 * Returns: (transfer none): the database
 */
sqlite3 *
rill_dedupe_state_get_db (RillDedupeState *self)
{
  return self->db;
}
