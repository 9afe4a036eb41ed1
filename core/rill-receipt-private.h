/* rill-receipt-private.h: what a source is owed for one doc it tracks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-source.h"

G_BEGIN_DECLS

/* A receipt counts holds: one per live doc that came of the tracked doc
 * (the doc itself, tee's copies, docs emitted while it was transformed)
 * and one per sink that rendered such a doc and has not flushed since.
 * When the last hold goes, the source's settled() is called with the
 * token. An abandoned receipt (a sink could not flush) is never settled:
 * the source will see the doc again from its own store. */
typedef struct _RillReceipt RillReceipt;

G_GNUC_INTERNAL
RillReceipt *_rill_receipt_new     (RillSource  *source,
                                    const char  *token);
G_GNUC_INTERNAL
RillReceipt *_rill_receipt_hold    (RillReceipt *self);
G_GNUC_INTERNAL
void         _rill_receipt_release (RillReceipt *self);
G_GNUC_INTERNAL
void         _rill_receipt_abandon (RillReceipt *self);

/* In rill-doc.c: the receipt a doc carries (its hold goes with it). */
G_GNUC_INTERNAL
void         _rill_doc_take_receipt  (RillDoc       *doc,
                                      RillReceipt   *receipt);
G_GNUC_INTERNAL
RillReceipt *_rill_doc_steal_receipt (RillDoc       *doc);
G_GNUC_INTERNAL
void         _rill_doc_inherit_receipt (RillDoc       *doc,
                                        const RillDoc *from);

G_END_DECLS
