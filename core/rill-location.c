/* rill-location.c: the files a source's `location` names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glob.h>
#include <string.h>

#include "rill-location.h"

static gboolean
keep (const char        *path,
      RillLocationFlags  flags)
{
  return !(flags & RILL_LOCATION_SKIP_PARTIAL) || !g_str_has_suffix (path, ".partial");
}

static void
list_directory (const char        *dir,
                RillLocationFlags  flags,
                GPtrArray         *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if ((flags & RILL_LOCATION_RECURSIVE) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            list_directory (path, flags, out);
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && keep (path, flags))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rill_location_expand:
 * @location: (type filename) (nullable): a file, a directory (its regular files), a
 *   glob pattern such as `CC-MAIN-*.warc.gz`, or `-` with
 *   %RILL_LOCATION_STDIN
 * @flags: how to read it
 * @error: return location for an error
 *
 * The files a source's `location` property names, sorted by path so that
 * every worker of a sharded job sees the same order. Sources use it so
 * that every one of them reads locations the same way.
 *
 * Returns: (transfer full) (element-type filename): the paths, or %NULL
 *   with %G_IO_ERROR_NOT_FOUND when nothing matches, or
 *   %G_IO_ERROR_INVALID_ARGUMENT when @location is unset
 */
GPtrArray *
rill_location_expand (const char         *location,
                      RillLocationFlags   flags,
                      GError            **error)
{
  g_autoptr(GPtrArray) files = NULL;

  if (location == NULL || *location == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no location set");
      return NULL;
    }
  files = g_ptr_array_new_with_free_func (g_free);

  if ((flags & RILL_LOCATION_STDIN) && strcmp (location, "-") == 0)
    g_ptr_array_add (files, g_strdup (location));
  else if (g_file_test (location, G_FILE_TEST_IS_DIR))
    list_directory (location, flags, files);
  else if (g_file_test (location, G_FILE_TEST_EXISTS))
    g_ptr_array_add (files, g_strdup (location));
  else if (strpbrk (location, "*?[") != NULL)
    {
      glob_t g;

      if (glob (location, 0, NULL, &g) == 0)
        for (gsize i = 0; i < g.gl_pathc; i++)
          {
            const char *path = g.gl_pathv[i];

            if (g_file_test (path, G_FILE_TEST_IS_DIR))
              {
                if (flags & RILL_LOCATION_RECURSIVE)
                  list_directory (path, flags, files);
              }
            else if (keep (path, flags))
              g_ptr_array_add (files, g_strdup (path));
          }
      globfree (&g);
    }

  if (files->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "location '%s' matches no file", location);
      return NULL;
    }
  g_ptr_array_sort (files, compare_paths);
  return g_steal_pointer (&files);
}

/**
 * rill_location_check_shard:
 * @shard_index: this worker's shard, from 0
 * @shard_count: how many workers share the input
 * @error: return location for an error
 *
 * Checks a source's `shard-index` and `shard-count` properties.
 *
 * Returns: %TRUE when @shard_index is below @shard_count
 */
gboolean
rill_location_check_shard (guint    shard_index,
                           guint    shard_count,
                           GError **error)
{
  if (shard_index < shard_count)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "shard-index %u must be less than shard-count %u", shard_index, shard_count);
  return FALSE;
}

/**
 * rill_location_keep_shard:
 * @files: (element-type filename): paths from [func@Rill.location_expand]
 * @shard_index: this worker's shard, from 0
 * @shard_count: how many workers share the input
 *
 * Keeps the paths whose position is @shard_index modulo @shard_count, so
 * that N workers given the same location split its files with no overlap
 * and no gap.
 */
void
rill_location_keep_shard (GPtrArray *files,
                          guint      shard_index,
                          guint      shard_count)
{
  guint kept = 0;

  g_return_if_fail (files != NULL);
  g_return_if_fail (shard_index < shard_count);

  for (guint i = 0; i < files->len; i++)
    {
      if (i % shard_count == shard_index)
        {
          char *path = files->pdata[i];

          files->pdata[i] = files->pdata[kept];
          files->pdata[kept++] = path;
        }
    }
  g_ptr_array_set_size (files, kept);
}
