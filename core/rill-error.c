/* rill-error.c: error domains of librill
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-error.h"
#include "rill-version.h"

/**
 * rill_doc_error_quark:
 *
 * The error domain of [error@Rill.DocError].
 *
 * Returns: the domain's quark
 */
G_DEFINE_QUARK (rill-doc-error-quark, rill_doc_error)
/**
 * rill_pipeline_error_quark:
 *
 * The error domain of [error@Rill.PipelineError].
 *
 * Returns: the domain's quark
 */
G_DEFINE_QUARK (rill-pipeline-error-quark, rill_pipeline_error)
/**
 * rill_parse_error_quark:
 *
 * The error domain of [error@Rill.ParseError].
 *
 * Returns: the domain's quark
 */
G_DEFINE_QUARK (rill-parse-error-quark, rill_parse_error)
/**
 * rill_plugin_error_quark:
 *
 * The error domain of [error@Rill.PluginError].
 *
 * Returns: the domain's quark
 */
G_DEFINE_QUARK (rill-plugin-error-quark, rill_plugin_error)

/**
 * rill_get_version:
 *
 * The version of the Rill library in use at run time.
 *
 * Returns: (transfer none): a string such as "1.0.3"
 */
const char *
rill_get_version (void)
{
  return RILL_VERSION_STRING;
}
