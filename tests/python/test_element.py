#!/usr/bin/python3
# test_element.py: elements written in Python, registered at run time
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('Rill', '1.0')
from gi.repository import GLib, GObject, Rill  # noqa: E402


class PyTag(Rill.Transform):
    """Sets `tag` on every doc; filters docs titled 'drop', fails docs
    titled 'fail', and emits an extra copy of docs titled 'twice'."""
    __gtype_name__ = 'RillTestPyTag'

    tag = GObject.Property(type=str, default='none',
                           blurb='Value written to the tag field')

    def do_transform(self, doc):
        title = doc.get_string('title')
        if title == 'drop':
            raise GLib.Error('dropped on purpose', 'rill-doc-error-quark',
                             int(Rill.DocError.FILTERED))
        if title == 'fail':
            raise GLib.Error('cannot tag this one', 'rill-doc-error-quark',
                             int(Rill.DocError.FAILED))
        if title == 'twice':
            extra = doc.copy()
            extra.set_string('title', 'twice (copy)')
            extra.set_string('tag', self.tag)
            # Rill.Transform.emit, not GObject's signal emission.
            Rill.Transform.emit(self, extra)
        doc.set_string('tag', self.tag)
        return doc


class PyCountSource(Rill.Source):
    """Produces `count` docs numbered from 0."""
    __gtype_name__ = 'RillTestPyCountSource'

    count = GObject.Property(type=int, default=3, minimum=0, maximum=1000000,
                             blurb='How many docs to produce')

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.next = 0

    def do_start(self):
        self.next = 0
        return True

    def do_create(self, cancellable):
        if self.next >= self.count:
            return None
        doc = Rill.Doc.new()
        doc.set_int('n', self.next)
        doc.set_string('title', 'doc %d' % self.next)
        self.next += 1
        return doc


class PyListSink(Rill.Sink):
    """Keeps the titles of the docs it renders."""
    __gtype_name__ = 'RillTestPyListSink'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.titles = []
        self.flushed = 0

    def do_render(self, doc):
        self.titles.append(doc.get_string('title'))
        return True

    def do_flush(self):
        self.flushed += 1
        return True


class PyTrackedSource(Rill.Source):
    """Produces `count` docs, each tracked; records the settled tokens."""
    __gtype_name__ = 'RillTestPyTrackedSource'

    count = GObject.Property(type=int, default=3, minimum=0, maximum=1000000,
                             blurb='How many docs to produce')

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.next = 0
        self.settled = []

    def do_create(self, cancellable):
        if self.next >= self.count:
            return None
        doc = Rill.Doc.new()
        doc.set_string('title', 'doc %d' % self.next)
        self.track(doc, 'id-%d' % self.next)
        self.next += 1
        return doc

    def do_settled(self, token):
        # Called from a pipeline thread: list.append is atomic under the GIL.
        self.settled.append(token)


Rill.Element.register(None, 'py-tag', PyTag.__gtype__)
Rill.Element.register(None, 'py-count-src', PyCountSource.__gtype__)
Rill.Element.register(None, 'py-list-sink', PyListSink.__gtype__)


def push_titles(src, titles):
    for title in titles:
        doc = Rill.Doc.new()
        doc.set_string('title', title)
        src.push_doc(doc)
    src.end_of_stream()


def pull_all(sink):
    docs = []
    while True:
        doc = sink.pull_doc(None)
        if doc is None:
            return docs
        docs.append(doc)


class PythonElementTest(unittest.TestCase):
    def test_registered(self):
        factory = Rill.ElementFactory.find('py-tag')
        self.assertIsNotNone(factory)
        self.assertEqual(factory.get_element_type(), PyTag.__gtype__)
        self.assertIsNone(factory.get_plugin())
        with self.assertRaises(GLib.Error) as cm:
            Rill.Element.register(None, 'py-tag', PyTag.__gtype__)
        self.assertEqual(cm.exception.domain, 'rill-plugin-error-quark')
        self.assertEqual(cm.exception.code, int(Rill.PluginError.NAME_TAKEN))

    def test_transform_in_launch_line(self):
        pipeline = Rill.parse_launch(
            'app-src name=in ! py-tag name=t tag=hello ! app-sink name=out')
        self.assertEqual(pipeline.get_by_name('t').props.tag, 'hello')
        push_titles(pipeline.get_by_name('in'), ['a', 'drop', 'fail', 'twice', 'b'])
        self.assertTrue(pipeline.run(None))

        docs = pull_all(pipeline.get_by_name('out'))
        self.assertEqual([d.get_string('title') for d in docs],
                         ['a', 'twice (copy)', 'twice', 'b'])
        self.assertEqual({d.get_string('tag') for d in docs}, {'hello'})

        stats = pipeline.get_stats().get_doc('t')
        self.assertEqual(stats.get_int('in', -1), 5)
        self.assertEqual(stats.get_int('out', -1), 4)
        self.assertEqual(stats.get_int('filtered', -1), 1)
        self.assertEqual(stats.get_int('failed', -1), 1)
        reasons = stats.get_doc('filter-reasons')
        self.assertEqual(reasons.get_int('dropped on purpose', -1), 1)

    def test_tracked_source_settled_after_flush(self):
        pipeline = Rill.Pipeline.new()
        src = PyTrackedSource(name='src', count=20)
        sink = PyListSink(name='sink')
        pipeline.add(src)
        pipeline.add(sink)
        src.link(sink)
        self.assertTrue(pipeline.run(None))
        self.assertEqual(len(sink.titles), 20)
        self.assertGreaterEqual(sink.flushed, 1)
        self.assertEqual(sorted(src.settled), sorted('id-%d' % i for i in range(20)))

    def test_bad_python_property_value(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.parse_launch('py-count-src count=many ! py-list-sink')
        self.assertEqual(cm.exception.code, int(Rill.ParseError.BAD_VALUE))
        with self.assertRaises(GLib.Error) as cm:
            Rill.parse_launch('py-count-src cuont=3 ! py-list-sink')
        self.assertEqual(cm.exception.code, int(Rill.ParseError.NO_SUCH_PROPERTY))
        self.assertIn("did you mean 'count'", cm.exception.message)

    def test_source_and_sink_in_python(self):
        pipeline = Rill.parse_launch(
            'py-count-src name=src count=50 ! identity ! py-list-sink name=sink')
        pipeline.set_threads(4)
        self.assertTrue(pipeline.run(None))
        sink = pipeline.get_by_name('sink')
        self.assertEqual(sink.titles, ['doc %d' % i for i in range(50)])
        self.assertGreaterEqual(sink.flushed, 1)

        # A pipeline runs again from the start.
        self.assertTrue(pipeline.run(None))
        self.assertEqual(len(sink.titles), 100)


if __name__ == '__main__':
    unittest.main(verbosity=2)
