/* rill-dedupe-index.h: the engine behind the `dedupe` element.
 *
 * A RillDedupeIndex takes texts one at a time, in order, and says for each
 * whether it duplicates one it has seen. It knows nothing of RillDoc: the
 * element hands it the chosen field (for `field=url`, first canonicalised
 * with rill_url_canonicalize()) and its own ids.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "rill-dedupe-state.h"
#include "rill-minhash.h"

G_BEGIN_DECLS

/**
 * RillDedupeMethod:
 * @RILL_DEDUPE_METHOD_EXACT: XXH3-128 of the normalised text (see
 *   #RillTokens: case, punctuation, accents and spacing do not count)
 * @RILL_DEDUPE_METHOD_SIMHASH: 64-bit SimHash over word shingles, a match
 *   within a Hamming distance
 * @RILL_DEDUPE_METHOD_MINHASH: MinHash over word shingles, banded LSH,
 *   candidates verified on stored signatures
 */
typedef enum
{
  RILL_DEDUPE_METHOD_EXACT,
  RILL_DEDUPE_METHOD_SIMHASH,
  RILL_DEDUPE_METHOD_MINHASH,
} RillDedupeMethod;

/** RILL_DEDUPE_NO_DATE: the date argument when the publication date is unknown */
#define RILL_DEDUPE_NO_DATE G_MININT64

/**
 * RillDedupeParams:
 * @method: the method
 * @simhash_distance: largest Hamming distance of a simhash match (0..15;
 *   default 3)
 * @simhash_shingle: words per simhash feature (default 2)
 * @minhash_slots: signature length (default 128)
 * @minhash_bands: LSH bands (default 32)
 * @minhash_rows: values per band (default 4; bands x rows <= slots)
 * @minhash_shingle: words per shingle (default 4)
 * @minhash_verify: how candidates are scored (default containment)
 * @minhash_threshold: least score of a match (default 0.65)
 * @durable: with a state file, fsync every commit (default FALSE: commits
 *   survive SIGKILL, not power loss)
 *
 * Parameters; fill with rill_dedupe_params_init() and change what you
 * need. The defaults are explained in bench/dedupe/README.md.
 */
typedef struct
{
  RillDedupeMethod  method;
  guint             simhash_distance;
  guint             simhash_shingle;
  guint             minhash_slots;
  guint             minhash_bands;
  guint             minhash_rows;
  guint             minhash_shingle;
  RillMinhashVerify minhash_verify;
  double            minhash_threshold;
  gboolean          durable;
} RillDedupeParams;

void rill_dedupe_params_init (RillDedupeParams *params,
                              RillDedupeMethod  method);

gboolean rill_dedupe_method_from_string (const char       *name,
                                         RillDedupeMethod *method);

/**
 * RillDedupeVerdict:
 * @RILL_DEDUPE_NEW: not seen before: hand it on
 * @RILL_DEDUPE_DUPLICATE: duplicates an earlier doc (see #RillDedupeResult)
 * @RILL_DEDUPE_SEEN: a state file already holds this key: it was handed
 *   on (or dropped) by an earlier run; do not emit it again
 */
typedef enum
{
  RILL_DEDUPE_NEW,
  RILL_DEDUPE_DUPLICATE,
  RILL_DEDUPE_SEEN,
} RillDedupeVerdict;

/**
 * RillDedupeResult:
 * @verdict: the verdict
 * @dup_of: for a duplicate, the id of the doc it duplicates: the first doc
 *   of its cluster, or, when dates were given, the earliest-dated doc of
 *   the cluster seen so far
 * @match: the id of the stored doc that matched best (may be a later
 *   member of the cluster than @dup_of)
 * @cluster: the cluster id, the id of the cluster's first doc (a new doc
 *   starts a cluster named after itself)
 * @score: similarity to @match: 1 for exact, 1 - distance / 64 for
 *   simhash, the verified score for minhash; 0 for a new doc
 */
typedef struct
{
  RillDedupeVerdict verdict;
  guint64           dup_of;
  guint64           match;
  guint64           cluster;
  double            score;
} RillDedupeResult;

typedef struct _RillDedupeIndex RillDedupeIndex;

RillDedupeIndex *rill_dedupe_index_new             (const RillDedupeParams *params,
                                                    const char             *state_path,
                                                    GError                **error);
void             rill_dedupe_index_free            (RillDedupeIndex        *self);

gboolean         rill_dedupe_index_check_and_add   (RillDedupeIndex        *self,
                                                    const char             *text,
                                                    gssize                  len,
                                                    guint64                 id,
                                                    const char             *key,
                                                    gint64                  date,
                                                    RillDedupeResult       *result,
                                                    GError                **error);
gboolean         rill_dedupe_index_sign            (RillDedupeIndex        *self,
                                                    const char             *text,
                                                    gssize                  len,
                                                    gpointer                sig);
gsize            rill_dedupe_index_get_sig_size    (RillDedupeIndex        *self);
void             rill_dedupe_index_lookup          (RillDedupeIndex        *self,
                                                    const char             *text,
                                                    gssize                  len,
                                                    RillDedupeResult       *result);
gboolean         rill_dedupe_index_commit          (RillDedupeIndex        *self,
                                                    GError                **error);

guint            rill_dedupe_index_get_n_docs      (RillDedupeIndex        *self);
gsize            rill_dedupe_index_get_memory      (RillDedupeIndex        *self);
const RillDedupeParams *
                 rill_dedupe_index_get_params      (RillDedupeIndex        *self);
sqlite3         *rill_dedupe_index_get_db          (RillDedupeIndex        *self);
char            *rill_dedupe_params_to_string      (const RillDedupeParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDedupeIndex, rill_dedupe_index_free)

G_END_DECLS
