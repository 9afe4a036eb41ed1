/* rill-batch.c: the unit docs move in between stages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-batch-private.h"
#include "rill-doc-private.h"

RillBatch *
_rill_batch_new (guint reserve)
{
  RillBatch *self = g_new (RillBatch, 1);

  self->alloc = MAX (reserve, 1);
  self->docs = g_new (RillDoc *, self->alloc);
  self->len = 0;
  self->bytes = 0;
  return self;
}

/* Takes ownership of @doc. */
void
_rill_batch_add (RillBatch *self,
                 RillDoc   *doc)
{
  if (self->len == self->alloc)
    {
      self->alloc *= 2;
      self->docs = g_renew (RillDoc *, self->docs, self->alloc);
    }
  self->docs[self->len++] = doc;
}

/* Deep copies: the branches of a tee change their docs independently. */
RillBatch *
_rill_batch_copy (RillBatch *self)
{
  RillBatch *copy = _rill_batch_new (self->len);

  for (guint i = 0; i < self->len; i++)
    {
      RillDoc *doc = rill_doc_copy (self->docs[i]);

      rill_doc_set_seq (doc, rill_doc_get_seq (self->docs[i]));
      _rill_batch_add (copy, doc);
    }
  return copy;
}

void
_rill_batch_free (RillBatch *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->len; i++)
    rill_doc_unref (self->docs[i]);
  g_free (self->docs);
  g_free (self);
}

/* Records and returns the bytes the batch's docs hold. */
gsize
_rill_batch_measure (RillBatch *self)
{
  self->bytes = 0;
  for (guint i = 0; i < self->len; i++)
    self->bytes += rill_doc_get_size (self->docs[i]);
  return self->bytes;
}
