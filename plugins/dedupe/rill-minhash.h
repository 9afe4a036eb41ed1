/* rill-minhash.h: MinHash signatures (one-permutation hashing) and a
 * banded LSH index with verification on the stored signatures.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillMinhashVerify:
 * @RILL_MINHASH_VERIFY_JACCARD: score = estimated Jaccard similarity
 *   |A ∩ B| / |A ∪ B|
 * @RILL_MINHASH_VERIFY_CONTAINMENT: score = estimated containment of the
 *   smaller shingle set in the larger, |A ∩ B| / min (|A|, |B|), with
 *   |A ∩ B| = J (|A| + |B|) / (1 + J); robust to text added around a copy
 *   (re-wrapping) and to truncation
 */
typedef enum
{
  RILL_MINHASH_VERIFY_JACCARD,
  RILL_MINHASH_VERIFY_CONTAINMENT,
} RillMinhashVerify;

void rill_minhash_compute (const guint64 *words,
                           guint          n_words,
                           guint          shingle,
                           guint          n_slots,
                           guint32       *sig,
                           guint         *n_shingles);

double rill_minhash_jaccard (const guint32 *a,
                             const guint32 *b,
                             guint          n_slots);

double rill_minhash_score (RillMinhashVerify verify,
                           double            jaccard,
                           guint             size_a,
                           guint             size_b);

typedef struct _RillMinhashLsh RillMinhashLsh;

RillMinhashLsh *rill_minhash_lsh_new    (guint              n_slots,
                                         guint              n_bands,
                                         guint              rows,
                                         RillMinhashVerify  verify,
                                         double             threshold);
void            rill_minhash_lsh_free   (RillMinhashLsh    *self);
void            rill_minhash_lsh_add    (RillMinhashLsh    *self,
                                         const guint32     *sig,
                                         guint              size,
                                         guint32            idx);
gboolean        rill_minhash_lsh_find   (RillMinhashLsh    *self,
                                         const guint32     *sig,
                                         guint              size,
                                         guint32           *idx,
                                         double            *score);
gsize           rill_minhash_lsh_memory (RillMinhashLsh    *self);
guint           rill_minhash_lsh_get_n_slots (RillMinhashLsh *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillMinhashLsh, rill_minhash_lsh_free)

G_END_DECLS
