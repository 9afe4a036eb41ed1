/* rill-types.h: forward declarations shared by the public headers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>
#include "rill-version-macros.h"

G_BEGIN_DECLS

typedef struct _RillDoc RillDoc;
typedef struct _RillMessage RillMessage;
typedef struct _RillBus RillBus;
typedef struct _RillElement RillElement;
typedef struct _RillPipeline RillPipeline;
typedef struct _RillPlugin RillPlugin;
typedef struct _RillElementFactory RillElementFactory;
typedef struct _RillRegistry RillRegistry;

/**
 * RillConcurrency:
 * @RILL_CONCURRENCY_SERIAL: one doc at a time, in order (dedupe, sinks)
 * @RILL_CONCURRENCY_PARALLEL: stateless per doc; the pipeline runs it on
 *   every worker thread at once (extract, langid)
 * @RILL_CONCURRENCY_ASYNC: starts work and completes later on the
 *   pipeline's I/O thread (http-fetch); the pipeline keeps it at its
 *   in-flight limit
 *
 * How an element wants the pipeline to schedule it.
 */
typedef enum {
  RILL_CONCURRENCY_SERIAL,
  RILL_CONCURRENCY_PARALLEL,
  RILL_CONCURRENCY_ASYNC,
} RillConcurrency;

G_END_DECLS
