/* rill-dedupe-enums.c: enum types of the dedupe plugin's properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-elements.h"

G_DEFINE_ENUM_TYPE (RillDedupeMethod, rill_dedupe_method,
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_METHOD_EXACT, "exact"),
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_METHOD_SIMHASH, "simhash"),
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_METHOD_MINHASH, "minhash"))

G_DEFINE_ENUM_TYPE (RillDedupeMode, rill_dedupe_mode,
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_MODE_DROP, "drop"),
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_MODE_MARK, "mark"))

G_DEFINE_ENUM_TYPE (RillDedupeCommit, rill_dedupe_commit,
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_COMMIT_END, "end"),
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_COMMIT_RENDERED, "rendered"),
  G_DEFINE_ENUM_VALUE (RILL_DEDUPE_COMMIT_HANDOFF, "handoff"))

G_DEFINE_ENUM_TYPE (RillMinhashVerify, rill_minhash_verify,
  G_DEFINE_ENUM_VALUE (RILL_MINHASH_VERIFY_JACCARD, "jaccard"),
  G_DEFINE_ENUM_VALUE (RILL_MINHASH_VERIFY_CONTAINMENT, "containment"))
