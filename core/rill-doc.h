/* rill-doc.h: one record flowing through a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "rill-types.h"

G_BEGIN_DECLS

/**
 * RillFieldType:
 * @RILL_FIELD_NONE: no such field
 * @RILL_FIELD_STRING: a UTF-8 string
 * @RILL_FIELD_INT: a signed 64-bit integer
 * @RILL_FIELD_DOUBLE: a double
 * @RILL_FIELD_BOOL: a boolean
 * @RILL_FIELD_BYTES: raw bytes (a #GBytes)
 * @RILL_FIELD_STRV: a list of strings
 * @RILL_FIELD_DOC: a nested object (a #RillDoc)
 *
 * The type of a doc field.
 */
typedef enum {
  RILL_FIELD_NONE,
  RILL_FIELD_STRING,
  RILL_FIELD_INT,
  RILL_FIELD_DOUBLE,
  RILL_FIELD_BOOL,
  RILL_FIELD_BYTES,
  RILL_FIELD_STRV,
  RILL_FIELD_DOC,
} RillFieldType;

/* The documented schema shared by all plugins (see docs/fields.md). */
/**
 * RILL_FIELD_URL:
 *
 * Field name: the address a doc is about (what to fetch, or what was fetched).
 */
#define RILL_FIELD_URL            "url"
/**
 * RILL_FIELD_FINAL_URL:
 *
 * Field name: the address after redirects.
 */
#define RILL_FIELD_FINAL_URL      "final-url"
/**
 * RILL_FIELD_STATUS:
 *
 * Field name: the HTTP status (int).
 */
#define RILL_FIELD_STATUS         "status"
/**
 * RILL_FIELD_CONTENT_TYPE:
 *
 * Field name: the media type, without parameters.
 */
#define RILL_FIELD_CONTENT_TYPE   "content-type"
/**
 * RILL_FIELD_CHARSET:
 *
 * Field name: the charset the body is in.
 */
#define RILL_FIELD_CHARSET        "charset"
/**
 * RILL_FIELD_BODY:
 *
 * Field name: the raw bytes fetched (bytes).
 */
#define RILL_FIELD_BODY           "body"
/**
 * RILL_FIELD_FETCHED_AT:
 *
 * Field name: when the body was fetched (ISO 8601, UTC).
 */
#define RILL_FIELD_FETCHED_AT     "fetched-at"
/**
 * RILL_FIELD_TITLE:
 *
 * Field name: the title.
 */
#define RILL_FIELD_TITLE          "title"
/**
 * RILL_FIELD_TEXT:
 *
 * Field name: the main text, with paragraph breaks.
 */
#define RILL_FIELD_TEXT           "text"
/**
 * RILL_FIELD_AUTHOR:
 *
 * Field name: the author.
 */
#define RILL_FIELD_AUTHOR         "author"
/**
 * RILL_FIELD_DATE:
 *
 * Field name: the publication date (ISO 8601).
 */
#define RILL_FIELD_DATE           "date"
/**
 * RILL_FIELD_SITENAME:
 *
 * Field name: the name of the site.
 */
#define RILL_FIELD_SITENAME       "sitename"
/**
 * RILL_FIELD_SOURCE_URL:
 *
 * Field name: the outlet that first published a republished story.
 */
#define RILL_FIELD_SOURCE_URL     "source-url"
/**
 * RILL_FIELD_LANG:
 *
 * Field name: the language (ISO 639-1).
 */
#define RILL_FIELD_LANG           "lang"
/**
 * RILL_FIELD_DESCRIPTION:
 *
 * Field name: the summary a page gives of itself.
 */
#define RILL_FIELD_DESCRIPTION    "description"
/**
 * RILL_FIELD_CANONICAL_URL:
 *
 * Field name: the canonical address a page declares.
 */
#define RILL_FIELD_CANONICAL_URL  "canonical-url"
/**
 * RILL_FIELD_TAGS:
 *
 * Field name: keywords (string list).
 */
#define RILL_FIELD_TAGS           "tags"
/**
 * RILL_FIELD_IMAGE:
 *
 * Field name: the lead image.
 */
#define RILL_FIELD_IMAGE          "image"
/**
 * RILL_FIELD_HASH:
 *
 * Field name: a content hash.
 */
#define RILL_FIELD_HASH           "hash"
/**
 * RILL_FIELD_DUP_OF:
 *
 * Field name: the doc this one duplicates.
 */
#define RILL_FIELD_DUP_OF         "dup-of"
/**
 * RILL_FIELD_ERROR:
 *
 * Field name: why a doc failed.
 */
#define RILL_FIELD_ERROR          "error"

#define RILL_TYPE_DOC (rill_doc_get_type ())

RILL_AVAILABLE_IN_ALL
GType          rill_doc_get_type        (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_new             (void);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_ref             (RillDoc       *doc);
RILL_AVAILABLE_IN_ALL
void           rill_doc_unref           (RillDoc       *doc);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_copy            (const RillDoc *doc);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_select_fields   (const RillDoc      *doc,
                                         const char * const *fields);
RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_equal           (const RillDoc *a,
                                         const RillDoc *b);

RILL_AVAILABLE_IN_ALL
guint64        rill_doc_get_seq         (const RillDoc *doc);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_seq         (RillDoc       *doc,
                                         guint64        seq);

RILL_AVAILABLE_IN_ALL
guint          rill_doc_get_n_fields    (const RillDoc *doc);
RILL_AVAILABLE_IN_ALL
const char    *rill_doc_get_field_name  (const RillDoc *doc,
                                         guint          index);
RILL_AVAILABLE_IN_ALL
char         **rill_doc_get_field_names (const RillDoc *doc);
RILL_AVAILABLE_IN_ALL
RillFieldType  rill_doc_get_field_type  (const RillDoc *doc,
                                         const char    *name);
RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_has_field       (const RillDoc *doc,
                                         const char    *name);
RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_remove_field    (RillDoc       *doc,
                                         const char    *name);

RILL_AVAILABLE_IN_ALL
void           rill_doc_set_string      (RillDoc       *doc,
                                         const char    *name,
                                         const char    *value);
RILL_AVAILABLE_IN_ALL
void           rill_doc_take_string     (RillDoc       *doc,
                                         const char    *name,
                                         char          *value);
RILL_AVAILABLE_IN_ALL
const char    *rill_doc_get_string      (const RillDoc *doc,
                                         const char    *name);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_int         (RillDoc       *doc,
                                         const char    *name,
                                         gint64         value);
RILL_AVAILABLE_IN_ALL
gint64         rill_doc_get_int         (const RillDoc *doc,
                                         const char    *name,
                                         gint64         default_value);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_double      (RillDoc       *doc,
                                         const char    *name,
                                         double         value);
RILL_AVAILABLE_IN_ALL
double         rill_doc_get_double      (const RillDoc *doc,
                                         const char    *name,
                                         double         default_value);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_bool        (RillDoc       *doc,
                                         const char    *name,
                                         gboolean       value);
RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_get_bool        (const RillDoc *doc,
                                         const char    *name,
                                         gboolean       default_value);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_bytes       (RillDoc       *doc,
                                         const char    *name,
                                         GBytes        *value);
RILL_AVAILABLE_IN_ALL
void           rill_doc_take_bytes      (RillDoc       *doc,
                                         const char    *name,
                                         GBytes        *value);
RILL_AVAILABLE_IN_ALL
GBytes        *rill_doc_get_bytes       (const RillDoc *doc,
                                         const char    *name);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_strv        (RillDoc       *doc,
                                         const char    *name,
                                         const char * const *value);
RILL_AVAILABLE_IN_ALL
const char * const *rill_doc_get_strv   (const RillDoc *doc,
                                         const char    *name);
RILL_AVAILABLE_IN_ALL
void           rill_doc_set_doc         (RillDoc       *doc,
                                         const char    *name,
                                         RillDoc       *value);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_get_doc         (const RillDoc *doc,
                                         const char    *name);

RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_get_value       (const RillDoc *doc,
                                         const char    *name,
                                         GValue        *value);
RILL_AVAILABLE_IN_ALL
gboolean       rill_doc_set_value       (RillDoc       *doc,
                                         const char    *name,
                                         const GValue  *value,
                                         GError       **error);
RILL_AVAILABLE_IN_ALL
char          *rill_doc_dup_as_string   (const RillDoc *doc,
                                         const char    *name);

RILL_AVAILABLE_IN_ALL
JsonNode      *rill_doc_to_json_node    (const RillDoc *doc);
RILL_AVAILABLE_IN_ALL
char          *rill_doc_to_json         (const RillDoc *doc,
                                         gboolean       pretty);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_new_from_json_node (JsonNode   *node,
                                         GError       **error);
RILL_AVAILABLE_IN_ALL
RillDoc       *rill_doc_new_from_json   (const char    *data,
                                         gssize         length,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDoc, rill_doc_unref)

G_END_DECLS
