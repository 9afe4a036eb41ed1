/* rill-http-cache.c: validators (ETag, Last-Modified) kept per URL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-http-cache.h"

#include <gio/gio.h>
#include <sqlite3.h>

/* One SQLite table, `validators (url PRIMARY KEY, etag, last_modified,
 * stored_at)`, in WAL mode so that several workers can share the file.
 * Used from one thread at a time (http-fetch's I/O thread). */
struct _RillHttpCache
{
  sqlite3 *db;
  sqlite3_stmt *select;
  sqlite3_stmt *upsert;
};

static gboolean
fail (GError    **error,
      sqlite3    *db,
      const char *path,
      const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "cache %s: %s: %s", path, what, db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

/**
 * rill_http_cache_open:
 * @path: the SQLite file, created if missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the cache, or %NULL with @error set
 */
RillHttpCache *
rill_http_cache_open (const char  *path,
                      GError     **error)
{
  RillHttpCache *self = g_new0 (RillHttpCache, 1);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    goto error;
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db,
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "CREATE TABLE IF NOT EXISTS validators ("
                    " url TEXT PRIMARY KEY,"
                    " etag TEXT,"
                    " last_modified TEXT,"
                    " stored_at INTEGER NOT NULL)",
                    NULL, NULL, NULL) != SQLITE_OK)
    goto error;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT etag, last_modified FROM validators WHERE url = ?1",
                          -1, &self->select, NULL) != SQLITE_OK)
    goto error;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO validators (url, etag, last_modified, stored_at)"
                          " VALUES (?1, ?2, ?3, strftime('%s','now'))"
                          " ON CONFLICT (url) DO UPDATE SET etag = ?2,"
                          " last_modified = ?3, stored_at = strftime('%s','now')",
                          -1, &self->upsert, NULL) != SQLITE_OK)
    goto error;
  return self;

error:
  fail (error, self->db, path, "cannot open");
  rill_http_cache_close (self);
  return NULL;
}

/**
 * rill_http_cache_lookup:
 * @cache: the cache
 * @url: the URL about to be requested
 * @etag: (out) (transfer full) (nullable): its stored ETag
 * @last_modified: (out) (transfer full) (nullable): its stored
 *   Last-Modified
 *
 * Returns: whether @url has validators
 */
gboolean
rill_http_cache_lookup (RillHttpCache  *cache,
                        const char     *url,
                        char          **etag,
                        char          **last_modified)
{
  gboolean found = FALSE;

  *etag = NULL;
  *last_modified = NULL;
  sqlite3_bind_text (cache->select, 1, url, -1, SQLITE_STATIC);
  if (sqlite3_step (cache->select) == SQLITE_ROW)
    {
      *etag = g_strdup ((const char *) sqlite3_column_text (cache->select, 0));
      *last_modified = g_strdup ((const char *) sqlite3_column_text (cache->select, 1));
      found = *etag != NULL || *last_modified != NULL;
    }
  sqlite3_reset (cache->select);
  sqlite3_clear_bindings (cache->select);
  return found;
}

/**
 * rill_http_cache_store:
 * @cache: the cache
 * @url: the URL that answered
 * @etag: (nullable): its ETag
 * @last_modified: (nullable): its Last-Modified
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
rill_http_cache_store (RillHttpCache  *cache,
                       const char     *url,
                       const char     *etag,
                       const char     *last_modified,
                       GError        **error)
{
  int rc;

  sqlite3_bind_text (cache->upsert, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text (cache->upsert, 2, etag, -1, SQLITE_STATIC);
  sqlite3_bind_text (cache->upsert, 3, last_modified, -1, SQLITE_STATIC);
  rc = sqlite3_step (cache->upsert);
  sqlite3_reset (cache->upsert);
  sqlite3_clear_bindings (cache->upsert);
  if (rc != SQLITE_DONE)
    return fail (error, cache->db, sqlite3_db_filename (cache->db, "main"), "cannot store");
  return TRUE;
}

void
rill_http_cache_close (RillHttpCache *cache)
{
  if (cache == NULL)
    return;
  sqlite3_finalize (cache->select);
  sqlite3_finalize (cache->upsert);
  sqlite3_close (cache->db);
  g_free (cache);
}
