# rill_test_plugin.py: a plugin file written in Python, loaded by the
# python plugin (librill-python) from RILL_PLUGIN_PATH/python/
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version('Rill', '1.0')
from gi.repository import GObject, Rill  # noqa: E402


@Rill.register_element('py-upper')
class PyUpper(Rill.Transform):
    """Upper-cases one string field; raises (a bug, not a GLib.Error) for
    the value 'boom' so that the doc fails and the run goes on."""
    __gtype_name__ = 'RillTestPluginPyUpper'
    __rill_metadata__ = ('Upper-case', 'Filter/Text',
                         'Upper-cases a string field (test plugin written in Python)',
                         'Rill tests')
    __rill_caps__ = ('ANY', 'ANY')

    field = GObject.Property(type=str, default='title', nick='Field',
                             blurb='String field to upper-case')

    def do_transform(self, doc):
        value = doc[self.field]
        if value == 'boom':
            raise ValueError('cannot upper-case %r' % value)
        doc[self.field] = value.upper()
        return doc


class PyNumber(Rill.Source):
    """Produces `count` docs with a `n` field, from 0."""
    __gtype_name__ = 'RillTestPluginPyNumber'
    __rill_metadata__ = ('Numbers', 'Source/Test', 'Produces numbered docs', 'Rill tests')

    count = GObject.Property(type=int, default=3, minimum=0, maximum=1000000,
                             nick='Count', blurb='How many docs to produce')

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.next = 0

    def do_start(self):
        self.next = 0
        return True

    def do_create(self, cancellable):
        if self.next >= self.count:
            return None
        doc = Rill.Doc(n=self.next, title='doc %d' % self.next)
        self.next += 1
        return doc


# The plain GI calls work too, with the plugin the loader passes in.
Rill.ElementClass.set_metadata(PyNumber, *PyNumber.__rill_metadata__)
Rill.Element.register(__rill_plugin__, 'py-number-src', PyNumber.__gtype__)  # noqa: F821
