/* rill-url.c: one spelling per URL, so that copies of a page under
 * different URLs compare equal, and a crawl fetches each page once.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-url.h"

#include <string.h>

/* Parameters that only say how a visitor arrived. Compared in lower case;
 * a trailing '*' matches any suffix. */
static const char *const tracking[] = {
  "utm_*", "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid",
  "msclkid", "yclid", "ysclid", "twclid", "ttclid", "li_fat_id", "igshid",
  "mc_cid", "mc_eid", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp",
  "hsctatracking", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
  "wickedid", "_ga", "_gl", "s_cid", "cmpid", "ncid", "sr_share",
  "ref_src", "ref_url", "spm", "at_medium", "at_campaign",
};

/**
 * rill_url_is_tracking_param:
 * @name: a query parameter name (not decoded)
 *
 * Whether @name only says how a visitor arrived: `utm_*`, `fbclid`,
 * `gclid`, `msclkid`, `yclid`, `mc_cid`, `_ga` and the like (the list is in
 * rill-url.c). [func@Rill.url_canonicalize] drops these parameters.
 *
 * Returns: whether @name is a known tracking parameter
 */
gboolean
rill_url_is_tracking_param (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (tracking); i++)
    {
      gsize n = strlen (tracking[i]);

      if (tracking[i][n - 1] == '*')
        {
          if (strncmp (lower, tracking[i], n - 1) == 0)
            return TRUE;
        }
      else if (strcmp (lower, tracking[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Percent escapes: unreserved characters decoded, the others upper-case
 * hex; bytes that must be escaped (space, controls, non-ASCII) escaped. */
static void
append_normalized (GString *out, const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];

      if (c == '%' && i + 2 < len
          && g_ascii_isxdigit (s[i + 1]) && g_ascii_isxdigit (s[i + 2]))
        {
          guchar v = g_ascii_xdigit_value (s[i + 1]) * 16
                     + g_ascii_xdigit_value (s[i + 2]);

          if (is_unreserved (v))
            g_string_append_c (out, v);
          else
            g_string_append_printf (out, "%%%02X", v);
          i += 2;
        }
      else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>'
               || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|'
               || c == '}')
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, c);
    }
}

typedef struct
{
  char *name;
  char *pair;                  /* normalised "name=value" */
  guint pos;
} Param;

static int
cmp_param (gconstpointer a, gconstpointer b)
{
  const Param *x = a, *y = b;
  int c = strcmp (x->name, y->name);

  if (c == 0)
    c = (int) x->pos - (int) y->pos;
  return c;
}

static void
clear_param (gpointer p)
{
  Param *x = p;

  g_free (x->name);
  g_free (x->pair);
}

/* RFC 3986 5.2.4 */
static char *
remove_dot_segments (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  guint n = g_strv_length (segs);
  GString *s;

  for (guint i = 0; i < n; i++)
    {
      if (strcmp (segs[i], ".") == 0)
        {
          if (i == n - 1)
            g_ptr_array_add (out, "");
        }
      else if (strcmp (segs[i], "..") == 0)
        {
          if (out->len > 1)
            g_ptr_array_remove_index (out, out->len - 1);
          if (i == n - 1)
            g_ptr_array_add (out, "");
        }
      else
        g_ptr_array_add (out, segs[i]);
    }
  s = g_string_new (NULL);
  for (guint i = 0; i < out->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, '/');
      g_string_append (s, out->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

/**
 * rill_url_canonicalize:
 * @url: an absolute URL
 * @error: return location for a #GError (`G_URI_ERROR`)
 *
 * The one spelling of @url that dedupe keys `field=url` on, crawl-src keys
 * its seen set on, and redis-sink's `unique` enqueues once. Canonical form: scheme and host in lower case (an internationalised
 * host in ASCII/punycode, a trailing dot dropped), the scheme's default
 * port dropped (http 80, https 443, ftp 21, ws 80, wss 443), an empty
 * path made "/", "." and ".." segments resolved, percent escapes
 * normalised (unreserved characters decoded, hex in upper case), the
 * fragment dropped, tracking parameters (rill_url_is_tracking_param())
 * and empty "&&" dropped, and the remaining query parameters sorted by
 * name (stable for repeated names); an empty query is dropped. User info
 * and the path's case are kept.
 *
 * Returns: (transfer full) (nullable): the canonical URL, %NULL if @url
 *   does not parse as an absolute URL
 */
char *
rill_url_canonicalize (const char *url,
                       GError    **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GArray) params = NULL;
  g_autofree char *trimmed = NULL;
  const char *query, *userinfo;
  GString *out;
  int port;

  g_return_val_if_fail (url != NULL, NULL);
  trimmed = g_strstrip (g_strdup (url));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED,
                     error);
  if (uri == NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (g_uri_get_host (uri))
    {
      const char *h = g_uri_get_host (uri);
      g_autofree char *ascii = g_hostname_is_non_ascii (h)
                                 ? g_hostname_to_ascii (h) : g_strdup (h);

      host = g_ascii_strdown (ascii ? ascii : h, -1);
      if (host[0] && host[strlen (host) - 1] == '.')
        host[strlen (host) - 1] = '\0';
    }
  port = g_uri_get_port (uri);
  if ((port == 80 && (g_str_equal (scheme, "http") || g_str_equal (scheme, "ws")))
      || (port == 443 && (g_str_equal (scheme, "https") || g_str_equal (scheme, "wss")))
      || (port == 21 && g_str_equal (scheme, "ftp")))
    port = -1;

  out = g_string_new (scheme);
  g_string_append_c (out, ':');
  if (host)
    {
      g_string_append (out, "//");
      userinfo = g_uri_get_userinfo (uri);
      if (userinfo)
        {
          g_string_append (out, userinfo);
          g_string_append_c (out, '@');
        }
      if (strchr (host, ':'))
        g_string_append_printf (out, "[%s]", host);
      else
        g_string_append (out, host);
      if (port >= 0)
        g_string_append_printf (out, ":%d", port);
    }

  path = remove_dot_segments (g_uri_get_path (uri));
  if (host && path[0] == '\0')
    g_string_append_c (out, '/');
  else
    append_normalized (out, path, strlen (path));

  query = g_uri_get_query (uri);
  params = g_array_new (FALSE, FALSE, sizeof (Param));
  g_array_set_clear_func (params, clear_param);
  if (query)
    {
      g_auto (GStrv) parts = g_strsplit (query, "&", -1);

      for (guint i = 0; parts[i]; i++)
        {
          const char *eq = strchr (parts[i], '=');
          gsize nlen = eq ? (gsize) (eq - parts[i]) : strlen (parts[i]);
          GString *pair;
          Param p;

          if (parts[i][0] == '\0')
            continue;
          p.name = g_strndup (parts[i], nlen);
          if (rill_url_is_tracking_param (p.name))
            {
              g_free (p.name);
              continue;
            }
          pair = g_string_new (NULL);
          append_normalized (pair, parts[i], strlen (parts[i]));
          p.pair = g_string_free (pair, FALSE);
          p.pos = i;
          g_array_append_val (params, p);
        }
      g_array_sort (params, cmp_param);
    }
  for (guint i = 0; i < params->len; i++)
    {
      g_string_append_c (out, i == 0 ? '?' : '&');
      g_string_append (out, g_array_index (params, Param, i).pair);
    }
  return g_string_free (out, FALSE);
}
