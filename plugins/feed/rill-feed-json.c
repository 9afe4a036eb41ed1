/* rill-feed-json.c: JSON Feed 1.0 and 1.1 (https://jsonfeed.org)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-private.h"

#include <string.h>

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
nonempty (const char *s)
{
  g_autofree char *copy = NULL;

  if (s == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (s));
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* JSON Feed 1.1 `authors` (a list), 1.0 `author` (one object). */
static char *
authors_of (JsonObject *obj)
{
  g_autoptr(GString) names = g_string_new (NULL);
  JsonNode *node = json_object_get_member (obj, "authors");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *a = json_array_get_element (arr, i);
          const char *name;

          if (!JSON_NODE_HOLDS_OBJECT (a))
            continue;
          name = member_string (json_node_get_object (a), "name");
          if (name != NULL && *name != '\0')
            {
              if (names->len > 0)
                g_string_append (names, ", ");
              g_string_append (names, name);
            }
        }
    }
  node = json_object_get_member (obj, "author");
  if (names->len == 0 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *name = member_string (json_node_get_object (node), "name");

      if (name != NULL)
        g_string_append (names, name);
    }
  return names->len > 0 ? g_strdup (names->str) : NULL;
}

static void
read_item (RillFeedReader *reader,
           JsonObject     *item,
           const char     *feed_author)
{
  g_autoptr(RillDoc) doc = NULL;
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *author = NULL;
  g_autofree char *date = NULL;
  g_autofree char *image = NULL;
  JsonNode *tags;

  url = rill_feed_resolve (reader->base_url, member_string (item, "url"));
  if (url == NULL)
    url = rill_feed_resolve (reader->base_url, member_string (item, "external_url"));
  if (url == NULL)
    url = rill_feed_resolve (NULL, member_string (item, "id"));
  if (url == NULL)
    {
      reader->skipped++;
      return;
    }

  doc = rill_doc_new ();
  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  title = nonempty (member_string (item, "title"));
  if (title != NULL)
    rill_doc_set_string (doc, RILL_FIELD_TITLE, title);
  date = rill_feed_parse_date (member_string (item, "date_published"));
  if (date == NULL)
    date = rill_feed_parse_date (member_string (item, "date_modified"));
  if (date != NULL)
    rill_doc_set_string (doc, RILL_FIELD_DATE, date);
  author = authors_of (item);
  if (author != NULL || feed_author != NULL)
    rill_doc_set_string (doc, RILL_FIELD_AUTHOR, author != NULL ? author : feed_author);
  summary = nonempty (member_string (item, "summary"));
  if (summary != NULL)
    rill_doc_set_string (doc, RILL_FIELD_DESCRIPTION, summary);
  image = rill_feed_resolve (reader->base_url, member_string (item, "image"));
  if (image == NULL)
    image = rill_feed_resolve (reader->base_url, member_string (item, "banner_image"));
  if (image != NULL)
    rill_doc_set_string (doc, RILL_FIELD_IMAGE, image);

  tags = json_object_get_member (item, "tags");
  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags))
    {
      JsonArray *arr = json_node_get_array (tags);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *t = json_array_get_element (arr, i);

          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
            g_strv_builder_add (b, json_node_get_string (t));
        }
      strv = g_strv_builder_end (b);
      if (strv[0] != NULL)
        rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const *) strv);
    }
  if (reader->feed_url != NULL)
    rill_doc_set_string (doc, RILL_FEED_FIELD_FEED_URL, reader->feed_url);
  g_ptr_array_add (reader->entries, g_steal_pointer (&doc));
}

/**
 * rill_feed_read_json:
 * @reader: where the entries go
 * @data: the body
 * @len: its length
 *
 * Reads a JSON Feed (its `version` names jsonfeed.org).
 *
 * Returns: %FALSE when the body is not a JSON Feed
 */
gboolean
rill_feed_read_json (RillFeedReader *reader,
                     const guint8   *data,
                     gsize           len)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *obj;
  JsonNode *items;
  const char *version;
  g_autofree char *feed_author = NULL;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
  version = member_string (obj, "version");
  if (version == NULL || strstr (version, "jsonfeed.org/version/") == NULL)
    return FALSE;

  reader->format = "json-feed";
  feed_author = authors_of (obj);
  items = json_object_get_member (obj, "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *arr = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *item = json_array_get_element (arr, i);

          if (JSON_NODE_HOLDS_OBJECT (item))
            read_item (reader, json_node_get_object (item), feed_author);
        }
    }
  return TRUE;
}
