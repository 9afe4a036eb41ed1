/* rill-doc-private.h: the inside of RillDoc, shared by rill-doc.c and
 * rill-doc-json.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-doc.h"
#include "rill-receipt-private.h"

G_BEGIN_DECLS

/* Names up to this many bytes (without the NUL) live inside the field
 * itself, so that setting a field of the usual schema costs no allocation
 * for its name. Longer names are g_strdup()ed. */
#define RILL_DOC_INLINE_NAME_LEN 22

/* Fields kept inside the RillDoc allocation before the array moves to the
 * heap (then it grows by doubling). */
#define RILL_DOC_INLINE_FIELDS 8

typedef struct
{
  union
  {
    char    *s;
    gint64   i;
    double   d;
    gboolean b;
    GBytes  *bytes;
    char   **strv;
    RillDoc *doc;
  } v;
  char   *heap_name;        /* NULL when the name is in inline_name */
  guint8  type;             /* a RillFieldType */
  char    inline_name[RILL_DOC_INLINE_NAME_LEN + 1];
} RillField;

struct _RillDoc
{
  gatomicrefcount ref_count;
  guint           n_fields;
  guint           n_alloc;
  guint64         seq;
  RillReceipt    *receipt;  /* NULL unless its source tracks it */
  RillField      *fields;    /* inline_fields or a heap array */
  RillField       inline_fields[RILL_DOC_INLINE_FIELDS];
};

static inline const char *
rill_field_name (const RillField *field)
{
  return field->heap_name != NULL ? field->heap_name : field->inline_name;
}

/* Writes the shortest text that reads back as exactly @value (with a
 * decimal point or an exponent, so that a JSON reader sees a double), or
 * "nan", "inf", "-inf". @buf must hold G_ASCII_DTOSTR_BUF_SIZE bytes. */
G_GNUC_INTERNAL
const char *rill_doc_format_double (double  value,
                                    char   *buf);

/* Sets the field @name to @value (transfer full, not copied). */
G_GNUC_INTERNAL
void        rill_doc_take_doc      (RillDoc       *doc,
                                    const char    *name,
                                    RillDoc       *value);

/* Appends the JSON text of @doc to @out (what rill_doc_to_json() returns). */
G_GNUC_INTERNAL
void        rill_doc_append_json   (const RillDoc *doc,
                                    GString       *out,
                                    gboolean       pretty);

/* Roughly the bytes @doc holds (strings, byte fields, nested docs): what
 * the scheduler bounds its queues by, next to the number of docs. */
G_GNUC_INTERNAL
gsize       rill_doc_get_size      (const RillDoc *doc);

G_END_DECLS
