/* rill-version-macros.h: export and versioning macros
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include <glib.h>

#if defined(RILL_COMPILATION)
# define _RILL_EXTERN __attribute__((visibility ("default"))) extern
#else
# define _RILL_EXTERN extern
#endif

#define RILL_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

#ifndef RILL_VERSION_MIN_REQUIRED
# define RILL_VERSION_MIN_REQUIRED RILL_VERSION_1_0
#endif

/**
 * RILL_AVAILABLE_IN_ALL: (attributes doc.skip=true)
 *
 * Marks a symbol exported in every version.
 */
#define RILL_AVAILABLE_IN_ALL _RILL_EXTERN
/**
 * RILL_AVAILABLE_IN_1_0: (attributes doc.skip=true)
 *
 * Marks a symbol that appeared in 1.0.
 */
#define RILL_AVAILABLE_IN_1_0 _RILL_EXTERN
/**
 * RILL_DEPRECATED_IN_1_0: (attributes doc.skip=true)
 *
 * Marks a symbol deprecated in 1.0.
 */
#define RILL_DEPRECATED_IN_1_0 G_DEPRECATED _RILL_EXTERN
/**
 * RILL_DEPRECATED_IN_1_0_FOR: (attributes doc.skip=true)
 * @f: the symbol to use instead
 *
 * Marks a symbol deprecated in 1.0 in favour of @f.
 */
#define RILL_DEPRECATED_IN_1_0_FOR(f) G_DEPRECATED_FOR (f) _RILL_EXTERN
