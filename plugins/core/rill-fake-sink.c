/* rill-fake-sink.c: discards docs, counting them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

#include <stdio.h>

/**
 * RillFakeSink:
 *
 * `fake-sink` discards every doc and counts them in its read-only `count`
 * property (reset when a run starts). With `dump=true` it prints each doc
 * as one line of JSON on standard output first.
 */

#define RILL_TYPE_FAKE_SINK (rill_fake_sink_get_type ())
G_DECLARE_FINAL_TYPE (RillFakeSink, rill_fake_sink, RILL, FAKE_SINK, RillSink)

struct _RillFakeSink
{
  RillSink parent_instance;

  GMutex lock;      /* guards count, read from other threads */
  guint64 count;
  gboolean dump;
};

enum {
  PROP_0,
  PROP_COUNT,
  PROP_DUMP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFakeSink, rill_fake_sink, RILL_TYPE_SINK)

static gboolean
rill_fake_sink_start (RillElement  *element,
                      GError      **error)
{
  RillFakeSink *self = RILL_FAKE_SINK (element);

  g_mutex_lock (&self->lock);
  self->count = 0;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
rill_fake_sink_render (RillSink  *sink,
                       RillDoc   *doc,
                       GError   **error)
{
  RillFakeSink *self = RILL_FAKE_SINK (sink);

  if (self->dump)
    {
      g_autofree char *json = rill_doc_to_json (doc, FALSE);

      /* One call per line, so lines from two sinks never interleave. */
      fprintf (stdout, "%s\n", json);
    }

  g_mutex_lock (&self->lock);
  self->count++;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
rill_fake_sink_flush (RillSink  *sink,
                      GError   **error)
{
  RillFakeSink *self = RILL_FAKE_SINK (sink);

  if (self->dump)
    fflush (stdout);
  return TRUE;
}

static void
rill_fake_sink_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillFakeSink *self = RILL_FAKE_SINK (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_mutex_lock (&self->lock);
      g_value_set_uint64 (value, self->count);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_DUMP:
      g_value_set_boolean (value, self->dump);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_fake_sink_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillFakeSink *self = RILL_FAKE_SINK (object);

  switch (prop_id)
    {
    case PROP_DUMP:
      self->dump = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_fake_sink_finalize (GObject *object)
{
  RillFakeSink *self = RILL_FAKE_SINK (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_fake_sink_parent_class)->finalize (object);
}

static void
rill_fake_sink_class_init (RillFakeSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSinkClass *sink_class = RILL_SINK_CLASS (klass);

  object_class->get_property = rill_fake_sink_get_property;
  object_class->set_property = rill_fake_sink_set_property;
  object_class->finalize = rill_fake_sink_finalize;

  element_class->start = rill_fake_sink_start;

  sink_class->render = rill_fake_sink_render;
  sink_class->flush = rill_fake_sink_flush;

  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", "Count",
                         "Docs received since the run started",
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUMP] =
    g_param_spec_boolean ("dump", "Dump",
                          "Print each doc as one line of JSON on standard "
                          "output",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Fake sink",
                                   "Sink",
                                   "Discards docs and counts them",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_fake_sink_init (RillFakeSink *self)
{
  g_mutex_init (&self->lock);
}
