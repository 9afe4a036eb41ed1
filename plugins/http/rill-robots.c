/* rill-robots.c: robots.txt rules (RFC 9309)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-robots.h"

#include <stdlib.h>
#include <string.h>

/* The rules that apply to one user agent: the groups naming its product
 * token, or else the `*` groups. Matching follows RFC 9309: the longest
 * matching pattern wins, `allow` wins a tie, `*` matches any run of
 * characters and a final `$` anchors the end. */

typedef struct {
  char *pattern;
  gboolean allow;
} Rule;

struct _RillRobots
{
  GArray *rules;          /* Rule */
  double crawl_delay;     /* < 0: none */
};

static void
rule_clear (gpointer data)
{
  g_free (((Rule *) data)->pattern);
}

static RillRobots *
robots_new (void)
{
  RillRobots *self = g_new0 (RillRobots, 1);

  self->rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_array_set_clear_func (self->rules, rule_clear);
  self->crawl_delay = -1;
  return self;
}

/**
 * rill_robots_new_allow_all:
 *
 * Rules that allow everything: what a host without a robots.txt (or
 * whose robots.txt could not be fetched) gets.
 *
 * Returns: (transfer full): new rules
 */
RillRobots *
rill_robots_new_allow_all (void)
{
  return robots_new ();
}

typedef struct {
  gboolean ours;          /* names our token */
  gboolean star;          /* names `*` */
  GArray *rules;
  double crawl_delay;
} Group;

/**
 * rill_robots_parse:
 * @text: the robots.txt body
 * @len: its length
 * @agent: our product token, e.g. `rill` (matched case-insensitively)
 *
 * Parses @text and keeps the rules for @agent.
 *
 * Returns: (transfer full): the rules
 */
RillRobots *
rill_robots_parse (const char *text,
                   gsize       len,
                   const char *agent)
{
  RillRobots *self = robots_new ();
  g_autofree char *copy = g_strndup (text, len);
  g_autofree char *token = g_ascii_strdown (agent, -1);
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (Group));
  Group *current = NULL;
  gboolean in_agents = FALSE;
  gboolean any_ours = FALSE;
  char *line, *next;

  for (line = copy; line != NULL; line = next)
    {
      char *colon, *key, *value, *hash;

      next = strpbrk (line, "\r\n");
      if (next != NULL)
        *next++ = '\0';
      if ((hash = strchr (line, '#')) != NULL)
        *hash = '\0';
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      key = g_strstrip (line);
      value = g_strstrip (colon + 1);

      if (g_ascii_strcasecmp (key, "user-agent") == 0)
        {
          g_autofree char *v = g_ascii_strdown (value, -1);

          if (!in_agents || current == NULL)
            {
              Group g = { 0, };

              g.rules = g_array_new (FALSE, FALSE, sizeof (Rule));
              g.crawl_delay = -1;
              g_array_append_val (groups, g);
              current = &g_array_index (groups, Group, groups->len - 1);
            }
          in_agents = TRUE;
          if (strcmp (v, "*") == 0)
            current->star = TRUE;
          else if (v[0] != '\0' && g_str_has_prefix (token, v))
            current->ours = any_ours = TRUE;
          continue;
        }

      in_agents = FALSE;
      if (current == NULL)
        continue;
      if (g_ascii_strcasecmp (key, "allow") == 0 ||
          g_ascii_strcasecmp (key, "disallow") == 0)
        {
          Rule r;

          if (value[0] == '\0')
            continue;     /* an empty disallow allows everything */
          r.allow = g_ascii_strcasecmp (key, "allow") == 0;
          r.pattern = g_strdup (value);
          g_array_append_val (current->rules, r);
        }
      else if (g_ascii_strcasecmp (key, "crawl-delay") == 0)
        {
          char *end = NULL;
          double d = g_ascii_strtod (value, &end);

          if (end != value && d >= 0)
            current->crawl_delay = d;
        }
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *g = &g_array_index (groups, Group, i);

      if (any_ours ? g->ours : g->star)
        {
          for (guint j = 0; j < g->rules->len; j++)
            {
              Rule r = g_array_index (g->rules, Rule, j);

              r.pattern = g_strdup (r.pattern);
              g_array_append_val (self->rules, r);
            }
          if (g->crawl_delay >= 0)
            self->crawl_delay = MAX (self->crawl_delay, g->crawl_delay);
        }
      for (guint j = 0; j < g->rules->len; j++)
        g_free (g_array_index (g->rules, Rule, j).pattern);
      g_array_unref (g->rules);
    }
  g_array_unref (groups);
  return self;
}

/* Whether @pattern matches a prefix of @path. */
static gboolean
match (const char *pattern,
       const char *path)
{
  if (*pattern == '\0')
    return TRUE;
  if (*pattern == '$' && pattern[1] == '\0')
    return *path == '\0';
  if (*pattern == '*')
    {
      while (*pattern == '*')
        pattern++;
      if (*pattern == '\0')
        return TRUE;
      for (const char *p = path; ; p++)
        {
          if (match (pattern, p))
            return TRUE;
          if (*p == '\0')
            return FALSE;
        }
    }
  if (*pattern != *path)
    return FALSE;
  return match (pattern + 1, path + 1);
}

/**
 * rill_robots_is_allowed:
 * @robots: the rules
 * @path: the path and query of a URL, starting with `/`
 *
 * Returns: whether @path may be fetched
 */
gboolean
rill_robots_is_allowed (RillRobots *robots,
                        const char *path)
{
  gsize best = 0;
  gboolean allowed = TRUE;

  if (strcmp (path, "/robots.txt") == 0)
    return TRUE;
  for (guint i = 0; i < robots->rules->len; i++)
    {
      Rule *r = &g_array_index (robots->rules, Rule, i);
      gsize n = strlen (r->pattern);

      if (n < best || (n == best && !r->allow))
        continue;
      if (match (r->pattern, path))
        {
          best = n;
          allowed = r->allow;
        }
    }
  return allowed;
}

/**
 * rill_robots_get_crawl_delay:
 * @robots: the rules
 *
 * Returns: the `Crawl-delay` in seconds, or a negative number if none
 */
double
rill_robots_get_crawl_delay (RillRobots *robots)
{
  return robots->crawl_delay;
}

void
rill_robots_free (RillRobots *robots)
{
  if (robots == NULL)
    return;
  g_array_unref (robots->rules);
  g_free (robots);
}
