/* rill-dedupe-elements.h: the element types and enums of the dedupe plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

#include "rill-dedupe-index.h"

G_BEGIN_DECLS

/**
 * RillDedupeMode:
 * @RILL_DEDUPE_MODE_DROP: duplicates are dropped (accounted as duplicate,
 *   "duplicate of URL")
 * @RILL_DEDUPE_MODE_MARK: every doc is kept; duplicates get `dup-of`,
 *   every doc gets `cluster`
 *
 * What `dedupe` does with a duplicate.
 */
typedef enum {
  RILL_DEDUPE_MODE_DROP,
  RILL_DEDUPE_MODE_MARK,
} RillDedupeMode;

/**
 * RillDedupeCommit:
 * @RILL_DEDUPE_COMMIT_END: the state is committed once, when the run
 *   ends after every sink has flushed: at-least-once, a killed run's docs
 *   are all processed (and emitted) again by the next run
 * @RILL_DEDUPE_COMMIT_RENDERED: the state is committed whenever every doc
 *   handed on so far has been rendered by every downstream sink (and at
 *   the end): at-least-once as far as the sinks' render is durable
 * @RILL_DEDUPE_COMMIT_HANDOFF: the state is committed before each doc is
 *   handed on: at-most-once, a kill loses the docs between the commit and
 *   the sink's write
 *
 * When `dedupe state=PATH` makes what it has seen durable.
 */
typedef enum {
  RILL_DEDUPE_COMMIT_END,
  RILL_DEDUPE_COMMIT_RENDERED,
  RILL_DEDUPE_COMMIT_HANDOFF,
} RillDedupeCommit;

#define RILL_TYPE_DEDUPE_METHOD (rill_dedupe_method_get_type ())
GType rill_dedupe_method_get_type (void) G_GNUC_CONST;

#define RILL_TYPE_DEDUPE_MODE (rill_dedupe_mode_get_type ())
GType rill_dedupe_mode_get_type (void) G_GNUC_CONST;

#define RILL_TYPE_DEDUPE_COMMIT (rill_dedupe_commit_get_type ())
GType rill_dedupe_commit_get_type (void) G_GNUC_CONST;

#define RILL_TYPE_MINHASH_VERIFY (rill_minhash_verify_get_type ())
GType rill_minhash_verify_get_type (void) G_GNUC_CONST;

GType rill_dedupe_get_type (void);

G_END_DECLS
