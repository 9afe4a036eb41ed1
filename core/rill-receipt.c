/* rill-receipt.c: what a source is owed for one doc it tracks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-receipt-private.h"

struct _RillReceipt
{
  gatomicrefcount holds;
  gint abandoned;              /* atomic */
  RillSource *source;          /* strong: settled() may come after the run */
  char token[];
};

RillReceipt *
_rill_receipt_new (RillSource *source,
                   const char *token)
{
  gsize len = strlen (token);
  RillReceipt *self = g_malloc (sizeof (RillReceipt) + len + 1);

  g_atomic_ref_count_init (&self->holds);
  self->abandoned = FALSE;
  self->source = g_object_ref (source);
  memcpy (self->token, token, len + 1);
  return self;
}

RillReceipt *
_rill_receipt_hold (RillReceipt *self)
{
  g_atomic_ref_count_inc (&self->holds);
  return self;
}

void
_rill_receipt_release (RillReceipt *self)
{
  RillSourceClass *klass;

  if (!g_atomic_ref_count_dec (&self->holds))
    return;
  klass = RILL_SOURCE_GET_CLASS (self->source);
  if (!g_atomic_int_get (&self->abandoned) && klass->settled != NULL)
    klass->settled (self->source, self->token);
  g_object_unref (self->source);
  g_free (self);
}

/* Drops a hold and makes sure settled() is never called for this doc. */
void
_rill_receipt_abandon (RillReceipt *self)
{
  g_atomic_int_set (&self->abandoned, TRUE);
  _rill_receipt_release (self);
}
