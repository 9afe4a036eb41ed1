/* rill-inspect.c: describes plugins, elements and their properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   rill-inspect                 every plugin and its elements
 *   rill-inspect ELEMENT         one element: metadata, caps, properties
 *   rill-inspect PLUGIN          one plugin and its elements
 *   rill-inspect --json [NAME]   the same as JSON (rill-inspect-json.c)
 *   rill-inspect --exists NAME   exit status only: 0 if the element exists
 *
 * Exit codes are the #RillToolExit values of rill-tools.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rill-tools.h"
#include "rill-inspect.h"

/* Width of the label column in the details view. */
#define LABEL_WIDTH 24

static gboolean opt_json = FALSE;
static char *opt_exists = NULL;
static gboolean opt_version = FALSE;
static char **opt_names = NULL;

static void
print_detail (const char *label,
              const char *value)
{
  g_print ("  %-*s %s\n", LABEL_WIDTH, label, value != NULL ? value : "(none)");
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = rill_inspect_json_to_string (node);

  fputs (text, stdout);
  json_node_unref (node);
}

static guint
print_plugin_factories (RillRegistry *registry,
                        RillPlugin   *plugin,
                        const char   *prefix)
{
  GList *factories = rill_inspect_list_factories (registry, plugin);
  guint n = 0;

  for (GList *l = factories; l != NULL; l = l->next, n++)
    {
      RillElementFactory *factory = l->data;
      const char *description = rill_element_factory_get_description (factory);

      g_print ("%s%s: %s%s%s\n", prefix != NULL ? prefix : "",
               rill_element_factory_get_name (factory),
               rill_element_factory_get_long_name (factory),
               description != NULL ? " \u2014 " : "",
               description != NULL ? description : "");
    }
  g_list_free_full (factories, g_object_unref);
  return n;
}

static int
list_everything (RillRegistry *registry)
{
  GList *plugins = rill_inspect_list_plugins (registry);
  guint n_plugins = 0, n_elements = 0;

  if (opt_json)
    {
      print_json (rill_inspect_registry_to_json (registry));
      g_list_free_full (plugins, g_object_unref);
      return RILL_TOOL_EXIT_SUCCESS;
    }

  if (rill_inspect_has_builtin_factories (registry))
    n_elements += print_plugin_factories (registry, NULL, RILL_INSPECT_BUILTIN_PLUGIN ": ");

  for (GList *l = plugins; l != NULL; l = l->next, n_plugins++)
    {
      RillPlugin *plugin = l->data;
      g_autofree char *prefix = g_strdup_printf ("%s: ", rill_plugin_get_name (plugin));

      n_elements += print_plugin_factories (registry, plugin, prefix);
    }

  g_print ("\nTotal: %u plugin%s, %u element%s\n",
           n_plugins, n_plugins == 1 ? "" : "s",
           n_elements, n_elements == 1 ? "" : "s");

  g_list_free_full (plugins, g_object_unref);
  return RILL_TOOL_EXIT_SUCCESS;
}

static void
print_plugin_details (RillPlugin *plugin)
{
  if (plugin == NULL)
    {
      print_detail ("Name", RILL_INSPECT_BUILTIN_PLUGIN);
      print_detail ("Description", "elements of librill itself");
      return;
    }
  print_detail ("Name", rill_plugin_get_name (plugin));
  print_detail ("Description", rill_plugin_get_description (plugin));
  print_detail ("Filename", rill_plugin_get_filename (plugin));
  print_detail ("Version", rill_plugin_get_version (plugin));
  print_detail ("License", rill_plugin_get_license (plugin));
  print_detail ("Origin", rill_plugin_get_origin (plugin));
}

static int
show_plugin (RillRegistry *registry,
             RillPlugin   *plugin)
{
  guint n;

  if (opt_json)
    {
      print_json (rill_inspect_plugin_to_json (registry, plugin));
      return RILL_TOOL_EXIT_SUCCESS;
    }

  g_print ("Plugin details:\n");
  print_plugin_details (plugin);
  g_print ("\nElements:\n");
  n = print_plugin_factories (registry, plugin, "  ");
  g_print ("\n%u element%s\n", n, n == 1 ? "" : "s");
  return RILL_TOOL_EXIT_SUCCESS;
}

static char *
max_to_string (guint max)
{
  if (rill_inspect_max_is_unlimited (max))
    return g_strdup ("unlimited");
  return g_strdup_printf ("%u", max);
}

/* The range of a numeric property, e.g. "0 - 100", or NULL. */
static char *
range_to_string (GParamSpec *pspec)
{
#define RANGE(check, cast, fmt) \
  if (check (pspec)) \
    return g_strdup_printf (fmt " - " fmt, cast (pspec)->minimum, cast (pspec)->maximum)

  RANGE (G_IS_PARAM_SPEC_CHAR, G_PARAM_SPEC_CHAR, "%d");
  RANGE (G_IS_PARAM_SPEC_UCHAR, G_PARAM_SPEC_UCHAR, "%u");
  RANGE (G_IS_PARAM_SPEC_INT, G_PARAM_SPEC_INT, "%d");
  RANGE (G_IS_PARAM_SPEC_UINT, G_PARAM_SPEC_UINT, "%u");
  RANGE (G_IS_PARAM_SPEC_LONG, G_PARAM_SPEC_LONG, "%ld");
  RANGE (G_IS_PARAM_SPEC_ULONG, G_PARAM_SPEC_ULONG, "%lu");
  RANGE (G_IS_PARAM_SPEC_INT64, G_PARAM_SPEC_INT64, "%" G_GINT64_FORMAT);
  RANGE (G_IS_PARAM_SPEC_UINT64, G_PARAM_SPEC_UINT64, "%" G_GUINT64_FORMAT);
  RANGE (G_IS_PARAM_SPEC_FLOAT, G_PARAM_SPEC_FLOAT, "%g");
  RANGE (G_IS_PARAM_SPEC_DOUBLE, G_PARAM_SPEC_DOUBLE, "%g");
#undef RANGE
  return NULL;
}

/* A type name for people, as gst-inspect writes them. */
static char *
type_to_string (GType type)
{
  static const struct {
    GType type;
    const char *name;
  } names[] = {
    { G_TYPE_STRING, "String" },
    { G_TYPE_BOOLEAN, "Boolean" },
    { G_TYPE_CHAR, "Char" },
    { G_TYPE_UCHAR, "Unsigned Char" },
    { G_TYPE_INT, "Integer" },
    { G_TYPE_UINT, "Unsigned Integer" },
    { G_TYPE_LONG, "Long" },
    { G_TYPE_ULONG, "Unsigned Long" },
    { G_TYPE_INT64, "Integer64" },
    { G_TYPE_UINT64, "Unsigned Integer64" },
    { G_TYPE_FLOAT, "Float" },
    { G_TYPE_DOUBLE, "Double" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (type == names[i].type)
      return g_strdup (names[i].name);
  if (type == G_TYPE_STRV)
    return g_strdup ("List of strings (comma-separated)");
  if (G_TYPE_IS_ENUM (type))
    return g_strdup_printf ("Enum \"%s\"", g_type_name (type));
  if (G_TYPE_IS_FLAGS (type))
    return g_strdup_printf ("Flags \"%s\"", g_type_name (type));
  if (G_TYPE_IS_BOXED (type))
    return g_strdup_printf ("Boxed \"%s\"", g_type_name (type));
  if (G_TYPE_IS_OBJECT (type))
    return g_strdup_printf ("Object \"%s\"", g_type_name (type));
  return g_strdup (g_type_name (type));
}

static char *
flags_to_string (GParamSpec *pspec)
{
  GString *flags = g_string_new (NULL);

  if (pspec->flags & G_PARAM_READABLE)
    g_string_append (flags, "readable");
  if (pspec->flags & G_PARAM_WRITABLE)
    g_string_append_printf (flags, "%swritable", flags->len > 0 ? ", " : "");
  if (pspec->flags & G_PARAM_CONSTRUCT_ONLY)
    g_string_append_printf (flags, "%sconstruct-only", flags->len > 0 ? ", " : "");
  if (pspec->flags & G_PARAM_DEPRECATED)
    g_string_append_printf (flags, "%sdeprecated", flags->len > 0 ? ", " : "");
  return g_string_free (flags, FALSE);
}

static void
print_property (GParamSpec *pspec)
{
  const int indent = 24;
  GType vtype = G_PARAM_SPEC_VALUE_TYPE (pspec);
  g_autofree char *flags = flags_to_string (pspec);
  g_autofree char *range = range_to_string (pspec);
  g_autofree char *def = rill_inspect_default_to_string (pspec);
  g_autofree char *type_name = type_to_string (vtype);
  const char *blurb = g_param_spec_get_blurb (pspec);

  g_print ("  %-*s: %s\n", indent - 4, g_param_spec_get_name (pspec),
           blurb != NULL ? blurb : "");
  g_print ("%*s  flags: %s\n", indent, "", flags);
  g_print ("%*s  %s", indent, "", type_name);
  if (range != NULL)
    g_print (". Range: %s", range);
  if (def != NULL && vtype == G_TYPE_STRING)
    g_print (". Default: \"%s\"", def);
  else if (def != NULL)
    g_print (". Default: %s", def);
  else
    g_print (". Default: null");
  g_print ("\n");

  if (G_TYPE_IS_ENUM (vtype))
    {
      GEnumClass *klass = g_type_class_ref (vtype);

      for (guint i = 0; i < klass->n_values; i++)
        g_print ("%*s    (%d): %-16s - %s\n", indent, "",
                 klass->values[i].value, klass->values[i].value_nick,
                 klass->values[i].value_name);
      g_type_class_unref (klass);
    }
  else if (G_TYPE_IS_FLAGS (vtype))
    {
      GFlagsClass *klass = g_type_class_ref (vtype);

      for (guint i = 0; i < klass->n_values; i++)
        g_print ("%*s    (0x%08x): %-16s - %s\n", indent, "",
                 klass->values[i].value, klass->values[i].value_nick,
                 klass->values[i].value_name);
      g_type_class_unref (klass);
    }
}

static void
print_caps (const char *label,
            const char *caps)
{
  g_auto(GStrv) types = rill_tools_split_caps (caps);

  if (types[0] == NULL)
    {
      print_detail (label, "(none)");
      return;
    }
  for (guint i = 0; types[i] != NULL; i++)
    print_detail (i == 0 ? label : "", types[i]);
}

static int
show_element (RillElementFactory *factory)
{
  GType type;
  RillElementClass *klass;
  g_autoptr(GPtrArray) properties = NULL;
  g_autofree char *max_inputs = NULL;
  g_autofree char *max_outputs = NULL;

  if (opt_json)
    {
      print_json (rill_inspect_factory_to_json (factory));
      return RILL_TOOL_EXIT_SUCCESS;
    }

  type = rill_element_factory_get_element_type (factory);
  klass = g_type_class_ref (type);
  properties = rill_inspect_list_properties (G_OBJECT_CLASS (klass));
  max_inputs = max_to_string (rill_element_class_get_max_inputs (klass));
  max_outputs = max_to_string (rill_element_class_get_max_outputs (klass));

  g_print ("Factory details:\n");
  print_detail ("Name", rill_element_factory_get_name (factory));
  print_detail ("Long name", rill_element_factory_get_long_name (factory));
  print_detail ("Classification", rill_element_factory_get_classification (factory));
  print_detail ("Description", rill_element_factory_get_description (factory));
  print_detail ("Author", rill_element_class_get_author (klass));
  print_detail ("Type", g_type_name (type));

  g_print ("\nPlugin details:\n");
  print_plugin_details (rill_element_factory_get_plugin (factory));

  g_print ("\nScheduling:\n");
  print_detail ("Concurrency",
                rill_tools_concurrency_to_string (rill_element_class_get_concurrency (klass)));
  print_detail ("Max inputs", max_inputs);
  print_detail ("Max outputs", max_outputs);

  g_print ("\nCaps:\n");
  print_caps ("Accepts", rill_element_class_get_accepts (klass));
  print_caps ("Produces", rill_element_class_get_produces (klass));

  g_print ("\nProperties:\n");
  if (properties->len == 0)
    g_print ("  (none)\n");
  for (guint i = 0; i < properties->len; i++)
    print_property (g_ptr_array_index (properties, i));

  g_type_class_unref (klass);
  return RILL_TOOL_EXIT_SUCCESS;
}

/* The nearest element name, else the nearest plugin name. */
static char *
suggest (RillRegistry *registry,
         const char   *name)
{
  char *suggestion = rill_registry_suggest (registry, name);
  GList *plugins;
  g_autoptr(GPtrArray) names = NULL;

  if (suggestion != NULL)
    return suggestion;

  plugins = rill_inspect_list_plugins (registry);
  names = g_ptr_array_new ();
  for (GList *l = plugins; l != NULL; l = l->next)
    g_ptr_array_add (names, (gpointer) rill_plugin_get_name (l->data));
  g_ptr_array_add (names, NULL);
  suggestion = rill_suggest_nearest (name, (const char * const *) names->pdata);
  g_list_free_full (plugins, g_object_unref);
  return suggestion;
}

static RillPlugin *
find_plugin (RillRegistry *registry,
             const char   *name,
             gboolean     *is_builtin)
{
  *is_builtin = FALSE;
  if (g_strcmp0 (name, RILL_INSPECT_BUILTIN_PLUGIN) == 0 &&
      rill_registry_find_plugin (registry, name) == NULL &&
      rill_inspect_has_builtin_factories (registry))
    {
      *is_builtin = TRUE;
      return NULL;
    }
  return rill_registry_find_plugin (registry, name);
}

static int
show_name (RillRegistry *registry,
           const char   *name)
{
  RillElementFactory *factory;
  RillPlugin *plugin;
  gboolean is_builtin;
  g_autofree char *suggestion = NULL;

  factory = rill_registry_find_factory (registry, name);
  if (factory != NULL)
    return show_element (factory);

  plugin = find_plugin (registry, name, &is_builtin);
  if (plugin != NULL || is_builtin)
    return show_plugin (registry, plugin);

  suggestion = suggest (registry, name);
  if (suggestion != NULL)
    g_printerr ("%s: no element or plugin '%s'; did you mean '%s'?\n",
                g_get_prgname (), name, suggestion);
  else
    g_printerr ("%s: no element or plugin '%s'\n", g_get_prgname (), name);
  return RILL_TOOL_EXIT_FAILURE;
}

static gboolean
parse_options (int    *argc,
               char ***argv,
               int    *exit_code)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
      "Print JSON (stable keys) instead of text", NULL },
    { "exists", 0, 0, G_OPTION_ARG_FILENAME, &opt_exists,
      "Print nothing; exit 0 if element NAME exists, 1 if not", "NAME" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
      "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_names,
      NULL, "[ELEMENT | PLUGIN]" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new ("- describe Rill elements and plugins");
  g_option_context_set_summary (context,
    "Without an argument, lists every plugin and its elements.\n"
    "With the name of an element, shows its metadata, caps and properties;\n"
    "with the name of a plugin, its metadata and elements.");
  g_option_context_set_description (context,
    "Exit status: 0 success, 1 unknown element or plugin, 2 usage error.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, rill_tools_get_option_entries (), NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rill_tools_error ("%s (try --help)", error->message);
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  if (opt_version)
    {
      g_print ("rill-inspect %s\n", RILL_VERSION_S);
      *exit_code = RILL_TOOL_EXIT_SUCCESS;
      return FALSE;
    }

  if (opt_names != NULL && opt_names[0] != NULL && opt_names[1] != NULL)
    {
      rill_tools_error ("give one element or plugin name at a time (try --help)");
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  RillRegistry *registry;
  int exit_code = RILL_TOOL_EXIT_SUCCESS;

  rill_tools_init ("rill-inspect");

  if (!parse_options (&argc, &argv, &exit_code))
    goto out;

  /* Options first: --plugin-path must be known before the registry scans. */
  rill_tools_apply_options ();
  registry = rill_registry_get_default ();

  if (opt_exists != NULL)
    exit_code = rill_registry_find_factory (registry, opt_exists) != NULL
                  ? RILL_TOOL_EXIT_SUCCESS : RILL_TOOL_EXIT_FAILURE;
  else if (opt_names == NULL || opt_names[0] == NULL)
    exit_code = list_everything (registry);
  else
    exit_code = show_name (registry, opt_names[0]);

out:
  g_clear_pointer (&opt_exists, g_free);
  g_clear_pointer (&opt_names, g_strfreev);
  return exit_code;
}
