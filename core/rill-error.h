/* rill-error.h: error domains of librill
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include <glib.h>
#include "rill-version-macros.h"

G_BEGIN_DECLS

/**
 * RILL_DOC_ERROR:
 *
 * Error domain for the fate of one doc. See [error@Rill.DocError].
 */
#define RILL_DOC_ERROR (rill_doc_error_quark ())

/**
 * RillDocError:
 * @RILL_DOC_ERROR_FAILED: the element could not process the doc
 * @RILL_DOC_ERROR_FILTERED: the element removed the doc on purpose; the
 *   message says why (not a failure)
 * @RILL_DOC_ERROR_DUPLICATE: the doc duplicates an earlier one (not a
 *   failure)
 * @RILL_DOC_ERROR_INVALID: the doc or its JSON form is malformed
 * @RILL_DOC_ERROR_CANCELLED: the pipeline stopped before the doc was done
 *
 * How one doc left the pipeline early. Elements return a #GError in this
 * domain from their processing function; the pipeline accounts for the
 * doc accordingly and goes on with the next one.
 */
typedef enum {
  RILL_DOC_ERROR_FAILED,
  RILL_DOC_ERROR_FILTERED,
  RILL_DOC_ERROR_DUPLICATE,
  RILL_DOC_ERROR_INVALID,
  RILL_DOC_ERROR_CANCELLED,
} RillDocError;

/**
 * RILL_PIPELINE_ERROR:
 *
 * Error domain for building and running pipelines. See
 * [error@Rill.PipelineError].
 */
#define RILL_PIPELINE_ERROR (rill_pipeline_error_quark ())

/**
 * RillPipelineError:
 * @RILL_PIPELINE_ERROR_LINK: two elements cannot be linked
 * @RILL_PIPELINE_ERROR_STATE: the operation is not allowed in this state
 * @RILL_PIPELINE_ERROR_FAILED: an element failed as a whole (could not
 *   start, open its file, ...)
 * @RILL_PIPELINE_ERROR_CANCELLED: the run was cancelled
 * @RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT: no element factory of that name
 *
 * Errors that stop a pipeline or prevent it from being built.
 */
typedef enum {
  RILL_PIPELINE_ERROR_LINK,
  RILL_PIPELINE_ERROR_STATE,
  RILL_PIPELINE_ERROR_FAILED,
  RILL_PIPELINE_ERROR_CANCELLED,
  RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT,
} RillPipelineError;

/**
 * RILL_PARSE_ERROR:
 *
 * Error domain for launch lines. See [error@Rill.ParseError].
 */
#define RILL_PARSE_ERROR (rill_parse_error_quark ())

/**
 * RillParseError:
 * @RILL_PARSE_ERROR_SYNTAX: the line does not follow the grammar
 * @RILL_PARSE_ERROR_NO_SUCH_ELEMENT: no element factory of that name
 * @RILL_PARSE_ERROR_NO_SUCH_PROPERTY: the element has no such property
 * @RILL_PARSE_ERROR_BAD_VALUE: a value does not fit its property
 * @RILL_PARSE_ERROR_LINK: two elements cannot be linked
 * @RILL_PARSE_ERROR_NO_SUCH_NAME: a reference `name.` names no element
 * @RILL_PARSE_ERROR_DUPLICATE_NAME: two elements have the same name
 * @RILL_PARSE_ERROR_EMPTY: the line has no element
 *
 * Errors from [func@Rill.parse_launch]. The message names the column
 * (1-based) and, for unknown names, the nearest known one.
 */
typedef enum {
  RILL_PARSE_ERROR_SYNTAX,
  RILL_PARSE_ERROR_NO_SUCH_ELEMENT,
  RILL_PARSE_ERROR_NO_SUCH_PROPERTY,
  RILL_PARSE_ERROR_BAD_VALUE,
  RILL_PARSE_ERROR_LINK,
  RILL_PARSE_ERROR_NO_SUCH_NAME,
  RILL_PARSE_ERROR_DUPLICATE_NAME,
  RILL_PARSE_ERROR_EMPTY,
} RillParseError;

/**
 * RILL_PLUGIN_ERROR:
 *
 * Error domain for plugin loading. See [error@Rill.PluginError].
 */
#define RILL_PLUGIN_ERROR (rill_plugin_error_quark ())

/**
 * RillPluginError:
 * @RILL_PLUGIN_ERROR_MODULE: the file is not a loadable module
 * @RILL_PLUGIN_ERROR_NO_DESCRIPTOR: the module has no `rill_plugin_desc`
 * @RILL_PLUGIN_ERROR_VERSION: the plugin was built for another Rill version
 * @RILL_PLUGIN_ERROR_INIT: the plugin's init function failed
 * @RILL_PLUGIN_ERROR_NAME_TAKEN: an element of that name is already registered
 *
 * Errors from loading plugins and registering elements.
 */
typedef enum {
  RILL_PLUGIN_ERROR_MODULE,
  RILL_PLUGIN_ERROR_NO_DESCRIPTOR,
  RILL_PLUGIN_ERROR_VERSION,
  RILL_PLUGIN_ERROR_INIT,
  RILL_PLUGIN_ERROR_NAME_TAKEN,
} RillPluginError;

RILL_AVAILABLE_IN_ALL
GQuark rill_doc_error_quark (void);
RILL_AVAILABLE_IN_ALL
GQuark rill_pipeline_error_quark (void);
RILL_AVAILABLE_IN_ALL
GQuark rill_parse_error_quark (void);
RILL_AVAILABLE_IN_ALL
GQuark rill_plugin_error_quark (void);

G_END_DECLS
