/* rill-element.c: base class of everything in a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-element.h"
#include "rill-element-private.h"
#include "rill-error.h"
#include "rill-pipeline-private.h"

/**
 * RillElement:
 *
 * The base class of sources, transforms and sinks.
 *
 * An element describes itself in its class (see
 * [method@Rill.ElementClass.set_metadata]): a long name, a classification
 * such as `Source/Network`, what it accepts and produces (its caps, media
 * types such as `text/html`) and how the pipeline may schedule it
 * ([enum@Rill.Concurrency]). Its settings are GObject properties, so the
 * launch parser, `rill-inspect` and every binding see them.
 *
 * Elements are linked with [method@Rill.Element.link]; a link whose caps
 * cannot meet fails with a message naming both elements.
 */

typedef struct {
  char *long_name;
  char *classification;
  char *description;
  char *author;
  char *accepts;
  char *produces;
  RillConcurrency concurrency;
  guint max_inputs;
  guint max_outputs;
  gboolean links_set;
} RillElementMeta;

typedef struct {
  char *name;
  RillPipeline *pipeline;      /* weak: the pipeline owns its elements */
  GPtrArray *outputs;          /* RillElement *, not owned */
  GPtrArray *inputs;           /* RillElement *, not owned */
  RillStage *stage;
} RillElementPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RillElement, rill_element, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark
meta_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("rill-element-meta");
  return q;
}

/* Metadata is stored on the type that set it; a field left unset is
 * inherited from the nearest ancestor that set it (looked up field by
 * field, so the order in which classes are initialised does not matter). */
static RillElementMeta *
own_meta (GType type)
{
  RillElementMeta *meta = g_type_get_qdata (type, meta_quark ());

  if (meta == NULL)
    {
      meta = g_new0 (RillElementMeta, 1);
      meta->concurrency = (RillConcurrency) -1;  /* -1: inherit */
      g_type_set_qdata (type, meta_quark (), meta);
    }
  return meta;
}

#define INHERITED(type, field, unset, fallback)                              \
  G_STMT_START {                                                            \
    for (GType t_ = (type); t_ != 0; t_ = g_type_parent (t_))               \
      {                                                                     \
        RillElementMeta *m_ = g_type_get_qdata (t_, meta_quark ());         \
        if (m_ != NULL && m_->field != (unset))                             \
          return m_->field;                                                 \
      }                                                                     \
    return (fallback);                                                      \
  } G_STMT_END

static const char *
meta_long_name (GType type) { INHERITED (type, long_name, NULL, NULL); }
static const char *
meta_classification (GType type) { INHERITED (type, classification, NULL, NULL); }
static const char *
meta_description (GType type) { INHERITED (type, description, NULL, NULL); }
static const char *
meta_author (GType type) { INHERITED (type, author, NULL, NULL); }
static const char *
meta_accepts (GType type) { INHERITED (type, accepts, NULL, NULL); }
static const char *
meta_produces (GType type) { INHERITED (type, produces, NULL, NULL); }
static RillConcurrency
meta_concurrency (GType type) { INHERITED (type, concurrency, (RillConcurrency) -1, RILL_CONCURRENCY_SERIAL); }
static const RillElementMeta *
meta_links (GType type)
{
  static const RillElementMeta one_each = { .max_inputs = 1, .max_outputs = 1 };

  for (GType t = type; t != 0; t = g_type_parent (t))
    {
      RillElementMeta *m = g_type_get_qdata (t, meta_quark ());

      if (m != NULL && m->links_set)
        return m;
    }
  return &one_each;
}

static void
set_str (char **slot, const char *value)
{
  char *old = *slot;

  *slot = g_strdup (value);
  g_free (old);
}

/**
 * rill_element_class_set_metadata:
 * @klass: an element class
 * @long_name: a human name, e.g. "HTTP fetcher"
 * @classification: slash-separated kind, e.g. "Source/Network"
 * @description: one sentence for `rill-inspect`
 * @author: who wrote it
 *
 * Describes the element type; call it from `class_init`.
 */
void
rill_element_class_set_metadata (RillElementClass *klass,
                                 const char       *long_name,
                                 const char       *classification,
                                 const char       *description,
                                 const char       *author)
{
  RillElementMeta *meta;

  g_return_if_fail (RILL_IS_ELEMENT_CLASS (klass));

  meta = own_meta (G_TYPE_FROM_CLASS (klass));
  set_str (&meta->long_name, long_name);
  set_str (&meta->classification, classification);
  set_str (&meta->description, description);
  set_str (&meta->author, author);
}

/**
 * rill_element_class_set_caps:
 * @klass: an element class
 * @accepts: (nullable): media types the element takes in, separated by
 *   `;` (e.g. "text/html; application/xhtml+xml"), or "ANY"; %NULL for
 *   sources
 * @produces: (nullable): media types the element puts out, or "ANY";
 *   %NULL for sinks
 *
 * Declares the element's caps; a subtype `*` matches any subtype
 * ("text/\*").
 */
void
rill_element_class_set_caps (RillElementClass *klass,
                             const char       *accepts,
                             const char       *produces)
{
  RillElementMeta *meta;

  g_return_if_fail (RILL_IS_ELEMENT_CLASS (klass));

  /* An explicit NULL ("accepts nothing") is stored as "" so that it is
   * not mistaken for "inherit". */
  meta = own_meta (G_TYPE_FROM_CLASS (klass));
  set_str (&meta->accepts, accepts != NULL ? accepts : "");
  set_str (&meta->produces, produces != NULL ? produces : "");
}

/**
 * rill_element_class_set_concurrency:
 * @klass: an element class
 * @concurrency: how the pipeline may schedule the element
 *
 * Declares whether the element is serial, parallel or async.
 */
void
rill_element_class_set_concurrency (RillElementClass *klass,
                                    RillConcurrency   concurrency)
{
  g_return_if_fail (RILL_IS_ELEMENT_CLASS (klass));

  own_meta (G_TYPE_FROM_CLASS (klass))->concurrency = concurrency;
}

/**
 * rill_element_class_set_max_links:
 * @klass: an element class
 * @max_inputs: how many upstream elements may link to it (%G_MAXUINT: any)
 * @max_outputs: how many downstream elements it may link to (%G_MAXUINT: any)
 *
 * Elements take one input and one output unless they say otherwise: a tee
 * has any number of outputs, a funnel any number of inputs, a source no
 * input and a sink no output.
 */
void
rill_element_class_set_max_links (RillElementClass *klass,
                                  guint             max_inputs,
                                  guint             max_outputs)
{
  RillElementMeta *meta;

  g_return_if_fail (RILL_IS_ELEMENT_CLASS (klass));

  meta = own_meta (G_TYPE_FROM_CLASS (klass));
  meta->max_inputs = max_inputs;
  meta->max_outputs = max_outputs;
  meta->links_set = TRUE;
}

#define TYPE(klass) G_TYPE_FROM_CLASS (klass)

static const char *
none_if_empty (const char *caps)
{
  return caps != NULL && *caps != '\0' ? caps : NULL;
}

/**
 * rill_element_class_get_long_name:
 * @klass: an element class
 *
 * Gets the long name.
 *
 * Returns: (nullable): the long name
 */
const char *
rill_element_class_get_long_name (RillElementClass *klass)
{
  return meta_long_name (TYPE (klass));
}

/**
 * rill_element_class_get_classification:
 * @klass: an element class
 *
 * Gets the classification, e.g. "Filter/Text".
 *
 * Returns: (nullable): the classification, e.g. "Filter/Text"
 */
const char *
rill_element_class_get_classification (RillElementClass *klass)
{
  return meta_classification (TYPE (klass));
}

/**
 * rill_element_class_get_description:
 * @klass: an element class
 *
 * Gets the description.
 *
 * Returns: (nullable): the description
 */
const char *
rill_element_class_get_description (RillElementClass *klass)
{
  return meta_description (TYPE (klass));
}

/**
 * rill_element_class_get_author:
 * @klass: an element class
 *
 * Gets the author.
 *
 * Returns: (nullable): the author
 */
const char *
rill_element_class_get_author (RillElementClass *klass)
{
  return meta_author (TYPE (klass));
}

/**
 * rill_element_class_get_accepts:
 * @klass: an element class
 *
 * Gets the caps the element takes in.
 *
 * Returns: (nullable): the caps the element takes in
 */
const char *
rill_element_class_get_accepts (RillElementClass *klass)
{
  return none_if_empty (meta_accepts (TYPE (klass)));
}

/**
 * rill_element_class_get_produces:
 * @klass: an element class
 *
 * Gets the caps the element puts out.
 *
 * Returns: (nullable): the caps the element puts out
 */
const char *
rill_element_class_get_produces (RillElementClass *klass)
{
  return none_if_empty (meta_produces (TYPE (klass)));
}

/**
 * rill_element_class_get_concurrency:
 * @klass: an element class
 *
 * Gets how the element is scheduled.
 *
 * Returns: how the element is scheduled
 */
RillConcurrency
rill_element_class_get_concurrency (RillElementClass *klass)
{
  return meta_concurrency (TYPE (klass));
}

/**
 * rill_element_class_get_max_inputs:
 * @klass: an element class
 *
 * Gets how many inputs the element takes.
 *
 * Returns: how many inputs the element takes
 */
guint
rill_element_class_get_max_inputs (RillElementClass *klass)
{
  return meta_links (TYPE (klass))->max_inputs;
}

/**
 * rill_element_class_get_max_outputs:
 * @klass: an element class
 *
 * Gets how many outputs the element takes.
 *
 * Returns: how many outputs the element takes
 */
guint
rill_element_class_get_max_outputs (RillElementClass *klass)
{
  return meta_links (TYPE (klass))->max_outputs;
}

void
_rill_element_set_factory_name (GType       type,
                                const char *name)
{
  g_type_set_qdata (type, g_quark_from_static_string ("rill-factory-name"), g_strdup (name));
}

/* Does one media type of @a meet one of @b? */
static gboolean
media_type_matches (const char *a,
                    const char *b)
{
  const char *sa = strchr (a, '/');
  const char *sb = strchr (b, '/');

  if (sa == NULL || sb == NULL)
    return g_ascii_strcasecmp (a, b) == 0;
  if ((sa - a) != (sb - b) || g_ascii_strncasecmp (a, b, sa - a) != 0)
    return FALSE;
  return strcmp (sa + 1, "*") == 0 || strcmp (sb + 1, "*") == 0 ||
         g_ascii_strcasecmp (sa + 1, sb + 1) == 0;
}

/**
 * rill_caps_can_meet:
 * @produces: (nullable): caps an upstream element produces
 * @accepts: (nullable): caps a downstream element accepts
 *
 * Whether docs described by @produces may flow into an element that
 * accepts @accepts: "ANY" meets everything, otherwise one media type must
 * be in both lists.
 *
 * Returns: %TRUE if they can meet
 */
gboolean
rill_caps_can_meet (const char *produces,
                    const char *accepts)
{
  g_auto(GStrv) p = NULL;
  g_auto(GStrv) a = NULL;

  if (produces == NULL || accepts == NULL)
    return FALSE;
  if (strcmp (produces, RILL_CAPS_ANY) == 0 || strcmp (accepts, RILL_CAPS_ANY) == 0)
    return TRUE;

  p = g_strsplit (produces, ";", -1);
  a = g_strsplit (accepts, ";", -1);
  for (guint i = 0; p[i] != NULL; i++)
    for (guint j = 0; a[j] != NULL; j++)
      {
        g_strstrip (p[i]);
        g_strstrip (a[j]);
        if (*p[i] != '\0' && *a[j] != '\0' && media_type_matches (p[i], a[j]))
          return TRUE;
      }
  return FALSE;
}

static void
rill_element_finalize (GObject *object)
{
  RillElement *self = RILL_ELEMENT (object);
  RillElementPrivate *priv = rill_element_get_instance_private (self);

  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->outputs, g_ptr_array_unref);
  g_clear_pointer (&priv->inputs, g_ptr_array_unref);

  G_OBJECT_CLASS (rill_element_parent_class)->finalize (object);
}

static void
rill_element_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RillElement *self = RILL_ELEMENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, rill_element_get_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_element_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RillElement *self = RILL_ELEMENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      rill_element_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_element_class_init (RillElementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rill_element_finalize;
  object_class->get_property = rill_element_get_property;
  object_class->set_property = rill_element_set_property;

  /**
   * RillElement:name:
   *
   * The element's name, unique in its pipeline; defaults to the factory
   * name followed by a number.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", "Name",
                         "Name of the element, unique in its pipeline",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_element_init (RillElement *self)
{
  RillElementPrivate *priv = rill_element_get_instance_private (self);

  priv->outputs = g_ptr_array_new ();
  priv->inputs = g_ptr_array_new ();
}

/**
 * rill_element_get_name:
 * @self: an element
 *
 * Gets the element's name.
 *
 * Returns: (nullable): the element's name
 */
const char *
rill_element_get_name (RillElement *self)
{
  RillElementPrivate *priv;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), NULL);

  priv = rill_element_get_instance_private (self);
  return priv->name;
}

/**
 * rill_element_set_name:
 * @self: an element
 * @name: (nullable): the new name; %NULL picks one when the element is
 *   added to a pipeline
 *
 * Names the element. Only before it is added to a pipeline: the pipeline
 * finds its elements by name.
 */
void
rill_element_set_name (RillElement *self,
                       const char  *name)
{
  RillElementPrivate *priv;

  g_return_if_fail (RILL_IS_ELEMENT (self));

  priv = rill_element_get_instance_private (self);
  if (g_strcmp0 (priv->name, name) == 0)
    return;
  if (priv->pipeline != NULL)
    {
      g_critical ("cannot rename '%s' to '%s': it is in a pipeline", priv->name, name);
      return;
    }
  g_free (priv->name);
  priv->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * rill_element_get_factory_name:
 * @self: an element
 *
 * Gets the name the element's type was registered under, e.g. "html-extract".
 *
 * Returns: (nullable): the name the element's type was registered under,
 *   e.g. "html-extract"
 */
const char *
rill_element_get_factory_name (RillElement *self)
{
  g_return_val_if_fail (RILL_IS_ELEMENT (self), NULL);

  for (GType t = G_OBJECT_TYPE (self); t != 0; t = g_type_parent (t))
    {
      const char *name = g_type_get_qdata (t, g_quark_from_static_string ("rill-factory-name"));

      if (name != NULL)
        return name;
    }
  return NULL;
}

/**
 * rill_element_get_pipeline:
 * @self: an element
 *
 * Gets the pipeline the element was added to.
 *
 * Returns: (transfer none) (nullable): the pipeline the element was added to
 */
RillPipeline *
rill_element_get_pipeline (RillElement *self)
{
  RillElementPrivate *priv;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), NULL);

  priv = rill_element_get_instance_private (self);
  return priv->pipeline;
}

void
_rill_element_set_pipeline (RillElement  *self,
                            RillPipeline *pipeline)
{
  RillElementPrivate *priv = rill_element_get_instance_private (self);

  priv->pipeline = pipeline;
}

void
_rill_element_set_stage (RillElement *self,
                         RillStage   *stage)
{
  RillElementPrivate *priv = rill_element_get_instance_private (self);

  priv->stage = stage;
}

RillStage *
_rill_element_get_stage (RillElement *self)
{
  RillElementPrivate *priv = rill_element_get_instance_private (self);

  return priv->stage;
}

static const char *
display_name (RillElement *self)
{
  const char *name = rill_element_get_name (self);

  return name != NULL ? name : G_OBJECT_TYPE_NAME (self);
}

static const char *
caps_or_none (const char *caps)
{
  return caps != NULL ? caps : "nothing";
}

/**
 * rill_element_link:
 * @self: the upstream element
 * @dest: the downstream element
 * @error: return location for an error
 *
 * Makes the docs @self puts out flow into @dest. Fails, naming both
 * elements and their caps, when @self produces nothing @dest accepts or
 * when either has no free link; fails when the two are in different
 * pipelines.
 *
 * Returns: %TRUE when linked
 */
gboolean
rill_element_link (RillElement  *self,
                   RillElement  *dest,
                   GError      **error)
{
  RillElementPrivate *priv;
  RillElementPrivate *dpriv;
  RillElementClass *klass;
  RillElementClass *dklass;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), FALSE);
  g_return_val_if_fail (RILL_IS_ELEMENT (dest), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = rill_element_get_instance_private (self);
  dpriv = rill_element_get_instance_private (dest);
  klass = RILL_ELEMENT_GET_CLASS (self);
  dklass = RILL_ELEMENT_GET_CLASS (dest);

  if (self == dest)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "cannot link '%s' to itself", display_name (self));
      return FALSE;
    }
  if (priv->pipeline != NULL && dpriv->pipeline != NULL && priv->pipeline != dpriv->pipeline)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "cannot link '%s' to '%s': they are in different pipelines",
                   display_name (self), display_name (dest));
      return FALSE;
    }
  if (priv->pipeline != NULL && rill_pipeline_is_running (priv->pipeline))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_STATE,
                   "cannot link '%s' to '%s' while the pipeline runs",
                   display_name (self), display_name (dest));
      return FALSE;
    }
  if (!rill_caps_can_meet (rill_element_class_get_produces (klass),
                           rill_element_class_get_accepts (dklass)))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "cannot link '%s' to '%s': '%s' produces %s but '%s' accepts %s",
                   display_name (self), display_name (dest),
                   display_name (self), caps_or_none (rill_element_class_get_produces (klass)),
                   display_name (dest), caps_or_none (rill_element_class_get_accepts (dklass)));
      return FALSE;
    }
  if (priv->outputs->len >= rill_element_class_get_max_outputs (klass))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "cannot link '%s' to '%s': '%s' already has %u output%s (use a tee to branch)",
                   display_name (self), display_name (dest), display_name (self),
                   priv->outputs->len, priv->outputs->len == 1 ? "" : "s");
      return FALSE;
    }
  if (dpriv->inputs->len >= rill_element_class_get_max_inputs (dklass))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "cannot link '%s' to '%s': '%s' already has %u input%s (use a funnel to merge)",
                   display_name (self), display_name (dest), display_name (dest),
                   dpriv->inputs->len, dpriv->inputs->len == 1 ? "" : "s");
      return FALSE;
    }
  if (g_ptr_array_find (priv->outputs, dest, NULL))
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_LINK,
                   "'%s' is already linked to '%s'", display_name (self), display_name (dest));
      return FALSE;
    }

  g_ptr_array_add (priv->outputs, dest);
  g_ptr_array_add (dpriv->inputs, self);
  return TRUE;
}

/**
 * rill_element_link_many:
 * @error: return location for an error
 * @first: the first element
 * @second: the second element
 * @...: more elements, then %NULL
 *
 * Links the elements one after the other.
 *
 * Returns: %TRUE when all were linked
 */
gboolean
rill_element_link_many (GError      **error,
                        RillElement  *first,
                        RillElement  *second,
                        ...)
{
  va_list args;
  gboolean ok = TRUE;

  va_start (args, second);
  while (second != NULL && ok)
    {
      ok = rill_element_link (first, second, error);
      first = second;
      second = va_arg (args, RillElement *);
    }
  va_end (args);
  return ok;
}

/**
 * rill_element_get_outputs:
 * @self: an element
 *
 * Gets the elements @self links to.
 *
 * Returns: (transfer container) (element-type RillElement): the elements
 *   @self links to
 */
GPtrArray *
rill_element_get_outputs (RillElement *self)
{
  RillElementPrivate *priv;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), NULL);

  priv = rill_element_get_instance_private (self);
  return g_ptr_array_copy (priv->outputs, NULL, NULL);
}

/**
 * rill_element_get_inputs:
 * @self: an element
 *
 * Gets the elements linked to @self.
 *
 * Returns: (transfer container) (element-type RillElement): the elements
 *   linked to @self
 */
GPtrArray *
rill_element_get_inputs (RillElement *self)
{
  RillElementPrivate *priv;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), NULL);

  priv = rill_element_get_instance_private (self);
  return g_ptr_array_copy (priv->inputs, NULL, NULL);
}

/**
 * rill_element_report_failure:
 * @self: an element
 * @doc: (nullable): the doc that failed, if there is one
 * @error: what went wrong; include the document (URL, file, record) in
 *   the message
 *
 * Accounts for one doc that failed in @self outside the normal return
 * path (a source's bad record, a sink's failed write): it is counted,
 * kept in the dead-letter file and posted as a warning. The pipeline
 * goes on.
 */
void
rill_element_report_failure (RillElement  *self,
                             RillDoc      *doc,
                             const GError *error)
{
  RillElementPrivate *priv;

  g_return_if_fail (RILL_IS_ELEMENT (self));
  g_return_if_fail (error != NULL);

  priv = rill_element_get_instance_private (self);
  if (priv->pipeline != NULL)
    _rill_pipeline_report_failure (priv->pipeline, self, doc, error);
  else
    g_warning ("%s: %s", display_name (self), error->message);
}

/**
 * rill_element_report_warning:
 * @self: an element
 * @format: printf-style message
 * @...: arguments
 *
 * Posts a warning that concerns no particular doc.
 */
void
rill_element_report_warning (RillElement *self,
                             const char  *format,
                             ...)
{
  RillElementPrivate *priv;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_return_if_fail (RILL_IS_ELEMENT (self));

  priv = rill_element_get_instance_private (self);
  va_start (args, format);
  error = g_error_new_valist (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, format, args);
  va_end (args);
  if (priv->pipeline != NULL)
    _rill_pipeline_post_warning (priv->pipeline, self, error);
  else
    g_warning ("%s: %s", display_name (self), error->message);
}

/**
 * rill_element_is_cancelled:
 * @self: an element
 *
 * Whether the run @self is part of is stopping; long loops inside an
 * element check it.
 *
 * Returns: %TRUE when the run is being cancelled
 */
gboolean
rill_element_is_cancelled (RillElement *self)
{
  RillElementPrivate *priv;

  g_return_val_if_fail (RILL_IS_ELEMENT (self), FALSE);

  priv = rill_element_get_instance_private (self);
  return priv->pipeline != NULL && _rill_pipeline_is_cancelled (priv->pipeline);
}

gboolean
_rill_element_start (RillElement  *self,
                     GError      **error)
{
  RillElementClass *klass = RILL_ELEMENT_GET_CLASS (self);

  return klass->start == NULL || klass->start (self, error);
}

gboolean
_rill_element_stop (RillElement  *self,
                    GError      **error)
{
  RillElementClass *klass = RILL_ELEMENT_GET_CLASS (self);

  return klass->stop == NULL || klass->stop (self, error);
}
