/* rill-element-factory.c: creates elements of one registered name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-element-factory.h"
#include "rill-error.h"
#include "rill-registry.h"
#include "rill-registry-private.h"

/**
 * RillElementFactory:
 *
 * The registry's entry for one element name: it knows the element's
 * type, the plugin that registered it and its metadata, and creates
 * elements.
 */

struct _RillElementFactory
{
  GObject parent_instance;

  char *name;
  GType type;
  RillPlugin *plugin;
};

G_DEFINE_FINAL_TYPE (RillElementFactory, rill_element_factory, G_TYPE_OBJECT)

static void
rill_element_factory_finalize (GObject *object)
{
  RillElementFactory *self = RILL_ELEMENT_FACTORY (object);

  g_free (self->name);
  g_clear_object (&self->plugin);

  G_OBJECT_CLASS (rill_element_factory_parent_class)->finalize (object);
}

static void
rill_element_factory_class_init (RillElementFactoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_element_factory_finalize;
}

static void
rill_element_factory_init (RillElementFactory *self)
{
}

RillElementFactory *
_rill_element_factory_new (const char *name,
                           GType       type,
                           RillPlugin *plugin)
{
  RillElementFactory *self = g_object_new (RILL_TYPE_ELEMENT_FACTORY, NULL);

  self->name = g_strdup (name);
  self->type = type;
  self->plugin = plugin != NULL ? g_object_ref (plugin) : NULL;
  return self;
}

/**
 * rill_element_factory_find:
 * @name: a factory name such as "html-extract"
 *
 * Looks a factory up in the default registry.
 *
 * Returns: (transfer none) (nullable): the factory, or %NULL
 */
RillElementFactory *
rill_element_factory_find (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return rill_registry_find_factory (rill_registry_get_default (), name);
}

/**
 * rill_element_factory_make:
 * @factory_name: a factory name such as "html-extract"
 * @name: (nullable): a name for the new element
 * @error: return location for an error
 *
 * Creates an element by factory name. An unknown name fails with
 * %RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT and suggests the nearest one.
 *
 * Returns: (transfer full): a new element, or %NULL
 */
RillElement *
rill_element_factory_make (const char  *factory_name,
                           const char  *name,
                           GError     **error)
{
  RillRegistry *registry;
  RillElementFactory *factory;

  g_return_val_if_fail (factory_name != NULL, NULL);

  registry = rill_registry_get_default ();
  factory = rill_registry_find_factory (registry, factory_name);
  if (factory == NULL)
    {
      g_autofree char *nearest = rill_registry_suggest (registry, factory_name);

      if (nearest != NULL)
        g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT,
                     "no element '%s'; did you mean '%s'?", factory_name, nearest);
      else
        g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_NO_SUCH_ELEMENT,
                     "no element '%s'", factory_name);
      return NULL;
    }
  return rill_element_factory_create (factory, name);
}

/**
 * rill_element_factory_create:
 * @self: a factory
 * @name: (nullable): a name for the new element
 *
 * Creates a new element.
 *
 * Returns: (transfer full): a new element
 */
RillElement *
rill_element_factory_create (RillElementFactory *self,
                             const char         *name)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);

  return g_object_new (self->type, "name", name, NULL);
}

/**
 * rill_element_factory_get_name:
 * @self: a factory
 *
 * Gets the factory name.
 *
 * Returns: the factory name
 */
const char *
rill_element_factory_get_name (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);
  return self->name;
}

/**
 * rill_element_factory_get_element_type:
 * @self: a factory
 *
 * Gets the type of the elements it makes.
 *
 * Returns: the type of the elements it makes
 */
GType
rill_element_factory_get_element_type (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), G_TYPE_INVALID);
  return self->type;
}

/**
 * rill_element_factory_get_plugin:
 * @self: a factory
 *
 * Gets the plugin that registered it.
 *
 * Returns: (transfer none) (nullable): the plugin that registered it
 */
RillPlugin *
rill_element_factory_get_plugin (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);
  return self->plugin;
}

static RillElementClass *
element_class (RillElementFactory *self)
{
  return g_type_class_peek (self->type) != NULL ? g_type_class_peek (self->type)
                                                : g_type_class_ref (self->type);
}

/**
 * rill_element_factory_get_long_name:
 * @self: a factory
 *
 * Gets the element's long name.
 *
 * Returns: (nullable): the element's long name
 */
const char *
rill_element_factory_get_long_name (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);
  return rill_element_class_get_long_name (element_class (self));
}

/**
 * rill_element_factory_get_classification:
 * @self: a factory
 *
 * Gets the element's classification.
 *
 * Returns: (nullable): the element's classification
 */
const char *
rill_element_factory_get_classification (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);
  return rill_element_class_get_classification (element_class (self));
}

/**
 * rill_element_factory_get_description:
 * @self: a factory
 *
 * Gets the element's description.
 *
 * Returns: (nullable): the element's description
 */
const char *
rill_element_factory_get_description (RillElementFactory *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT_FACTORY (self), NULL);
  return rill_element_class_get_description (element_class (self));
}
