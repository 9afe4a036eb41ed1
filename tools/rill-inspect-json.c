/* rill-inspect-json.c: the machine-readable form of rill-inspect
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Keys are stable; new keys may be added, none is renamed or removed.
 *
 * rill-inspect --json:
 *   { "plugins": [PLUGIN...], "load-errors": ["..."] }
 *   (elements that the library registers itself, such as app-src, are
 *   listed under a plugin named "builtin" whose other fields are null)
 * rill-inspect --json PLUGIN:
 *   PLUGIN = { "name", "description", "version", "license", "origin",
 *              "filename", "elements": [ { "name", "long-name",
 *              "classification", "description" } ] }
 * rill-inspect --json ELEMENT:
 *   { "name", "long-name", "classification", "description", "author",
 *     "plugin", "concurrency": "serial"|"parallel"|"async",
 *     "accepts": [media type...], "produces": [media type...],
 *     "max-inputs", "max-outputs" (integers; -1 = unlimited),
 *     "properties": [ { "name", "nick", "blurb", "type" (GType name),
 *        "owner" (the class that installed it), "readable", "writable",
 *        "construct-only", "default" (typed: number, boolean, string,
 *        array of strings for GStrv, enum nick, or null),
 *        "default-string" (as a launch line writes it, or null),
 *        and only for numbers "minimum", "maximum";
 *        only for enums and flags "values": [ { "nick", "name",
 *        "value" } ] } ] }
 */
#include "config.h"

#include <math.h>

#include "rill-inspect.h"
#include "rill-tools.h"

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double (JsonBuilder *builder,
            double       value)
{
  /* JSON has no infinities or NaN. */
  if (isnan (value))
    json_builder_add_string_value (builder, "nan");
  else if (isinf (value))
    json_builder_add_string_value (builder, value > 0 ? "inf" : "-inf");
  else
    json_builder_add_double_value (builder, value);
}

static void
add_uint64 (JsonBuilder *builder,
            guint64      value)
{
  /* JSON readers (json-glib included) hold integers as int64; larger
   * values can only be given as doubles. */
  if (value <= (guint64) G_MAXINT64)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, (double) value);
}

static void
add_caps_member (JsonBuilder *builder,
                 const char  *name,
                 const char  *caps)
{
  g_auto(GStrv) types = rill_tools_split_caps (caps);

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; types[i] != NULL; i++)
    json_builder_add_string_value (builder, types[i]);
  json_builder_end_array (builder);
}

static void
add_max_member (JsonBuilder *builder,
                const char  *name,
                guint        max)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder,
                              rill_inspect_max_is_unlimited (max) ? -1 : (gint64) max);
}

static void
add_value (JsonBuilder  *builder,
           const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      json_builder_add_boolean_value (builder, g_value_get_boolean (value));
      return;
    case G_TYPE_CHAR:
      json_builder_add_int_value (builder, g_value_get_schar (value));
      return;
    case G_TYPE_UCHAR:
      json_builder_add_int_value (builder, g_value_get_uchar (value));
      return;
    case G_TYPE_INT:
      json_builder_add_int_value (builder, g_value_get_int (value));
      return;
    case G_TYPE_UINT:
      json_builder_add_int_value (builder, g_value_get_uint (value));
      return;
    case G_TYPE_LONG:
      json_builder_add_int_value (builder, g_value_get_long (value));
      return;
    case G_TYPE_ULONG:
      add_uint64 (builder, g_value_get_ulong (value));
      return;
    case G_TYPE_INT64:
      json_builder_add_int_value (builder, g_value_get_int64 (value));
      return;
    case G_TYPE_UINT64:
      add_uint64 (builder, g_value_get_uint64 (value));
      return;
    case G_TYPE_FLOAT:
      add_double (builder, g_value_get_float (value));
      return;
    case G_TYPE_DOUBLE:
      add_double (builder, g_value_get_double (value));
      return;
    case G_TYPE_STRING:
      if (g_value_get_string (value) != NULL)
        json_builder_add_string_value (builder, g_value_get_string (value));
      else
        json_builder_add_null_value (builder);
      return;
    case G_TYPE_ENUM:
      {
        GEnumClass *klass = g_type_class_ref (type);
        GEnumValue *ev = g_enum_get_value (klass, g_value_get_enum (value));

        if (ev != NULL)
          json_builder_add_string_value (builder, ev->value_nick);
        else
          json_builder_add_int_value (builder, g_value_get_enum (value));
        g_type_class_unref (klass);
        return;
      }
    case G_TYPE_BOXED:
      if (type == G_TYPE_STRV)
        {
          const char * const *strv = g_value_get_boxed (value);

          if (strv == NULL)
            {
              json_builder_add_null_value (builder);
              return;
            }
          json_builder_begin_array (builder);
          for (guint i = 0; strv[i] != NULL; i++)
            json_builder_add_string_value (builder, strv[i]);
          json_builder_end_array (builder);
          return;
        }
      if (g_value_get_boxed (value) == NULL)
        {
          json_builder_add_null_value (builder);
          return;
        }
      break;
    case G_TYPE_OBJECT:
      if (g_value_get_object (value) == NULL)
        {
          json_builder_add_null_value (builder);
          return;
        }
      break;
    default:
      break;
    }

  /* Flags and anything else: as a launch line writes it. */
  {
    g_autofree char *text = rill_value_to_string (value);

    if (text != NULL)
      json_builder_add_string_value (builder, text);
    else
      json_builder_add_null_value (builder);
  }
}

static void
add_range (JsonBuilder *builder,
           GParamSpec  *pspec)
{
  GValue min = G_VALUE_INIT, max = G_VALUE_INIT;
  GType vtype = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (&min, vtype);
  g_value_init (&max, vtype);

  if (G_IS_PARAM_SPEC_CHAR (pspec))
    {
      g_value_set_schar (&min, G_PARAM_SPEC_CHAR (pspec)->minimum);
      g_value_set_schar (&max, G_PARAM_SPEC_CHAR (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_UCHAR (pspec))
    {
      g_value_set_uchar (&min, G_PARAM_SPEC_UCHAR (pspec)->minimum);
      g_value_set_uchar (&max, G_PARAM_SPEC_UCHAR (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_INT (pspec))
    {
      g_value_set_int (&min, G_PARAM_SPEC_INT (pspec)->minimum);
      g_value_set_int (&max, G_PARAM_SPEC_INT (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      g_value_set_uint (&min, G_PARAM_SPEC_UINT (pspec)->minimum);
      g_value_set_uint (&max, G_PARAM_SPEC_UINT (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_LONG (pspec))
    {
      g_value_set_long (&min, G_PARAM_SPEC_LONG (pspec)->minimum);
      g_value_set_long (&max, G_PARAM_SPEC_LONG (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_ULONG (pspec))
    {
      g_value_set_ulong (&min, G_PARAM_SPEC_ULONG (pspec)->minimum);
      g_value_set_ulong (&max, G_PARAM_SPEC_ULONG (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    {
      g_value_set_int64 (&min, G_PARAM_SPEC_INT64 (pspec)->minimum);
      g_value_set_int64 (&max, G_PARAM_SPEC_INT64 (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      g_value_set_uint64 (&min, G_PARAM_SPEC_UINT64 (pspec)->minimum);
      g_value_set_uint64 (&max, G_PARAM_SPEC_UINT64 (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_FLOAT (pspec))
    {
      g_value_set_float (&min, G_PARAM_SPEC_FLOAT (pspec)->minimum);
      g_value_set_float (&max, G_PARAM_SPEC_FLOAT (pspec)->maximum);
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      g_value_set_double (&min, G_PARAM_SPEC_DOUBLE (pspec)->minimum);
      g_value_set_double (&max, G_PARAM_SPEC_DOUBLE (pspec)->maximum);
    }
  else
    {
      g_value_unset (&min);
      g_value_unset (&max);
      return;
    }

  json_builder_set_member_name (builder, "minimum");
  add_value (builder, &min);
  json_builder_set_member_name (builder, "maximum");
  add_value (builder, &max);
  g_value_unset (&min);
  g_value_unset (&max);
}

static void
add_enum_values (JsonBuilder *builder,
                 GParamSpec  *pspec)
{
  GType vtype = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (G_TYPE_IS_ENUM (vtype))
    {
      GEnumClass *klass = g_type_class_ref (vtype);

      json_builder_set_member_name (builder, "values");
      json_builder_begin_array (builder);
      for (guint i = 0; i < klass->n_values; i++)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "nick", klass->values[i].value_nick);
          add_string_member (builder, "name", klass->values[i].value_name);
          json_builder_set_member_name (builder, "value");
          json_builder_add_int_value (builder, klass->values[i].value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      g_type_class_unref (klass);
    }
  else if (G_TYPE_IS_FLAGS (vtype))
    {
      GFlagsClass *klass = g_type_class_ref (vtype);

      json_builder_set_member_name (builder, "values");
      json_builder_begin_array (builder);
      for (guint i = 0; i < klass->n_values; i++)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "nick", klass->values[i].value_nick);
          add_string_member (builder, "name", klass->values[i].value_name);
          json_builder_set_member_name (builder, "value");
          json_builder_add_int_value (builder, klass->values[i].value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      g_type_class_unref (klass);
    }
}

static void
add_property (JsonBuilder *builder,
              GParamSpec  *pspec)
{
  g_autofree char *default_string = rill_inspect_default_to_string (pspec);

  json_builder_begin_object (builder);
  add_string_member (builder, "name", g_param_spec_get_name (pspec));
  add_string_member (builder, "nick", g_param_spec_get_nick (pspec));
  add_string_member (builder, "blurb", g_param_spec_get_blurb (pspec));
  add_string_member (builder, "type", g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspec)));
  add_string_member (builder, "owner", g_type_name (pspec->owner_type));
  json_builder_set_member_name (builder, "readable");
  json_builder_add_boolean_value (builder, (pspec->flags & G_PARAM_READABLE) != 0);
  json_builder_set_member_name (builder, "writable");
  json_builder_add_boolean_value (builder, (pspec->flags & G_PARAM_WRITABLE) != 0);
  json_builder_set_member_name (builder, "construct-only");
  json_builder_add_boolean_value (builder, (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0);
  json_builder_set_member_name (builder, "default");
  add_value (builder, g_param_spec_get_default_value (pspec));
  add_string_member (builder, "default-string", default_string);
  add_range (builder, pspec);
  add_enum_values (builder, pspec);
  json_builder_end_object (builder);
}

static void
add_factory_summary (JsonBuilder        *builder,
                     RillElementFactory *factory)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "name", rill_element_factory_get_name (factory));
  add_string_member (builder, "long-name", rill_element_factory_get_long_name (factory));
  add_string_member (builder, "classification",
                     rill_element_factory_get_classification (factory));
  add_string_member (builder, "description", rill_element_factory_get_description (factory));
  json_builder_end_object (builder);
}

static void
add_plugin (JsonBuilder  *builder,
            RillRegistry *registry,
            RillPlugin   *plugin)
{
  GList *factories = rill_inspect_list_factories (registry, plugin);

  json_builder_begin_object (builder);
  add_string_member (builder, "name",
                     plugin != NULL ? rill_plugin_get_name (plugin) : RILL_INSPECT_BUILTIN_PLUGIN);
  add_string_member (builder, "description",
                     plugin != NULL ? rill_plugin_get_description (plugin) : NULL);
  add_string_member (builder, "version",
                     plugin != NULL ? rill_plugin_get_version (plugin) : NULL);
  add_string_member (builder, "license",
                     plugin != NULL ? rill_plugin_get_license (plugin) : NULL);
  add_string_member (builder, "origin",
                     plugin != NULL ? rill_plugin_get_origin (plugin) : NULL);
  add_string_member (builder, "filename",
                     plugin != NULL ? rill_plugin_get_filename (plugin) : NULL);
  json_builder_set_member_name (builder, "elements");
  json_builder_begin_array (builder);
  for (GList *l = factories; l != NULL; l = l->next)
    add_factory_summary (builder, l->data);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  g_list_free_full (factories, g_object_unref);
}

/*
 * rill_inspect_registry_to_json:
 * @registry: the registry
 *
 * Returns: (transfer full): every plugin with its elements, and the
 *   plugins that failed to load
 */
JsonNode *
rill_inspect_registry_to_json (RillRegistry *registry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GList *plugins = rill_inspect_list_plugins (registry);
  g_auto(GStrv) load_errors = rill_registry_get_load_errors (registry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plugins");
  json_builder_begin_array (builder);
  if (rill_inspect_has_builtin_factories (registry))
    add_plugin (builder, registry, NULL);
  for (GList *l = plugins; l != NULL; l = l->next)
    add_plugin (builder, registry, l->data);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "load-errors");
  json_builder_begin_array (builder);
  for (guint i = 0; load_errors != NULL && load_errors[i] != NULL; i++)
    json_builder_add_string_value (builder, load_errors[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  g_list_free_full (plugins, g_object_unref);
  return json_builder_get_root (builder);
}

/*
 * rill_inspect_plugin_to_json:
 * @registry: the registry
 * @plugin: (nullable): a plugin, or %NULL for the built-in elements
 *
 * Returns: (transfer full): the plugin's metadata and its elements
 */
JsonNode *
rill_inspect_plugin_to_json (RillRegistry *registry,
                             RillPlugin   *plugin)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_plugin (builder, registry, plugin);
  return json_builder_get_root (builder);
}

/*
 * rill_inspect_factory_to_json:
 * @factory: an element factory
 *
 * Returns: (transfer full): everything rill-inspect knows about the
 *   element, properties included
 */
JsonNode *
rill_inspect_factory_to_json (RillElementFactory *factory)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GType type = rill_element_factory_get_element_type (factory);
  RillElementClass *klass = g_type_class_ref (type);
  g_autoptr(GPtrArray) properties = rill_inspect_list_properties (G_OBJECT_CLASS (klass));

  json_builder_begin_object (builder);
  add_string_member (builder, "name", rill_element_factory_get_name (factory));
  add_string_member (builder, "long-name", rill_element_factory_get_long_name (factory));
  add_string_member (builder, "classification",
                     rill_element_factory_get_classification (factory));
  add_string_member (builder, "description", rill_element_factory_get_description (factory));
  add_string_member (builder, "author", rill_element_class_get_author (klass));
  add_string_member (builder, "plugin", rill_inspect_factory_plugin_name (factory));
  add_string_member (builder, "type", g_type_name (type));
  add_string_member (builder, "concurrency",
                     rill_tools_concurrency_to_string (rill_element_class_get_concurrency (klass)));
  add_caps_member (builder, "accepts", rill_element_class_get_accepts (klass));
  add_caps_member (builder, "produces", rill_element_class_get_produces (klass));
  add_max_member (builder, "max-inputs", rill_element_class_get_max_inputs (klass));
  add_max_member (builder, "max-outputs", rill_element_class_get_max_outputs (klass));

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < properties->len; i++)
    add_property (builder, g_ptr_array_index (properties, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  g_type_class_unref (klass);
  return json_builder_get_root (builder);
}

/*
 * rill_inspect_json_to_string:
 * @node: a JSON tree
 *
 * Returns: (transfer full): @node pretty-printed, with a final newline
 */
char *
rill_inspect_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}
