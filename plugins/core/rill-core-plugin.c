/* rill-core-plugin.c: the core plugin (files, stdio, flow elements)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  static const struct {
    const char *name;
    GType (*get_type) (void);
  } elements[] = {
    { "file-src", rill_file_src_get_type },
    { "fd-src", rill_fd_src_get_type },
    { "file-sink", rill_file_sink_get_type },
    { "fd-sink", rill_fd_sink_get_type },
    { "fake-sink", rill_fake_sink_get_type },
    { "identity", rill_identity_get_type },
    { "tee", rill_tee_get_type },
    { "funnel", rill_funnel_get_type },
    { "limit", rill_limit_get_type },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (elements); i++)
    if (!rill_element_register (plugin, elements[i].name, elements[i].get_type (), error))
      return FALSE;

  return TRUE;
}

RILL_PLUGIN_DEFINE ("core",
                    "Core elements: file and stdio sources and sinks, tee, "
                    "funnel, identity, limit, fake-sink",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
