/* rill-text-plugin.c: the text plugin (language, normalisation, quality,
 * field filters)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  static const struct {
    const char *name;
    GType (*get_type) (void);
  } elements[] = {
    { "langid", rill_langid_get_type },
    { "normalize", rill_normalize_get_type },
    { "quality", rill_quality_get_type },
    { "filter", rill_filter_get_type },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (elements); i++)
    if (!rill_element_register (plugin, elements[i].name, elements[i].get_type (), error))
      return FALSE;

  return TRUE;
}

RILL_PLUGIN_DEFINE ("text",
                    "Text elements: language identification (CLD2), "
                    "Unicode normalisation, Gopher/C4 quality rules, "
                    "field filters",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
