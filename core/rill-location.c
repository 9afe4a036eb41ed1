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
 * @location: (type filename): a file, a directory (its regular files), a
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
 *   with %G_IO_ERROR_NOT_FOUND when nothing matches
 */
GPtrArray *
rill_location_expand (const char         *location,
                      RillLocationFlags   flags,
                      GError            **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (location != NULL, NULL);

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
