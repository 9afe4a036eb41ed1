#!/usr/bin/python3
# test_pipeline.py: building and running Rill pipelines from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('Rill', '1.0')
from gi.repository import Gio, GLib, Rill  # noqa: E402


def make_doc(i):
    doc = Rill.Doc.new()
    doc.set_string('url', 'https://example.com/%d' % i)
    doc.set_string('title', 'Title %d' % i)
    doc.set_int('n', i)
    return doc


def pull_all(sink):
    docs = []
    while True:
        doc = sink.pull_doc(None)
        if doc is None:
            return docs
        docs.append(doc)


def element_stats(pipeline, name):
    stats = pipeline.get_stats()
    element = stats.get_doc(name)
    if element is None:
        element = stats.get_doc('elements').get_doc(name)
    return element


class LaunchLineTest(unittest.TestCase):
    def test_app_src_identity_app_sink(self):
        pipeline = Rill.parse_launch('app-src name=in ! identity ! app-sink name=out')
        self.assertIsInstance(pipeline, Rill.Pipeline)
        src = pipeline.get_by_name('in')
        sink = pipeline.get_by_name('out')
        self.assertIsInstance(src, Rill.AppSrc)
        self.assertIsInstance(sink, Rill.AppSink)

        for i in range(10):
            self.assertTrue(src.push_doc(make_doc(i)))
        src.end_of_stream()
        self.assertFalse(src.push_doc(make_doc(99)))

        self.assertTrue(pipeline.run(None))
        docs = pull_all(sink)
        self.assertEqual([d.get_string('url') for d in docs],
                         ['https://example.com/%d' % i for i in range(10)])
        self.assertEqual([d.get_int('n', -1) for d in docs], list(range(10)))
        self.assertEqual(docs[3].get_string('title'), 'Title 3')
        self.assertTrue(sink.is_eos())

    def test_elements_in_order(self):
        pipeline = Rill.parse_launch(
            'app-src name=a ! identity name=b ! app-sink name=c')
        names = [e.get_name() for e in pipeline.get_elements()]
        self.assertEqual(names, ['a', 'b', 'c'])
        self.assertEqual(pipeline.get_by_name('b').get_factory_name(), 'identity')

    def test_bad_launch_line_raises_glib_error(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.parse_launch('app-src ! identty ! app-sink')
        error = cm.exception
        self.assertEqual(error.domain, 'rill-parse-error-quark')
        self.assertEqual(error.code, int(Rill.ParseError.NO_SUCH_ELEMENT))
        self.assertTrue(error.matches(Rill.parse_error_quark(),
                                      Rill.ParseError.NO_SUCH_ELEMENT))
        self.assertIn("did you mean 'identity'", error.message)

    def test_bad_property_raises(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.parse_launch('app-src ! identity no-such-prop=1 ! app-sink')
        self.assertEqual(cm.exception.code, int(Rill.ParseError.NO_SUCH_PROPERTY))

    def test_error_column(self):
        line = 'app-src ! identty ! app-sink'
        try:
            result = Rill.parse_launch_full(line)
        except GLib.Error as e:
            self.assertIn('column %d' % (line.index('identty') + 1), e.message)
        else:
            self.fail('parse_launch_full accepted %r (got %r)' % (line, result))


class ObjectsTest(unittest.TestCase):
    def build(self, identity_props=None):
        pipeline = Rill.Pipeline.new()
        src = Rill.ElementFactory.make('app-src', 'src')
        ident = Rill.ElementFactory.make('identity', 'id')
        sink = Rill.ElementFactory.make('app-sink', 'sink')
        for name, value in (identity_props or {}).items():
            ident.set_property(name, value)
        for element in (src, ident, sink):
            self.assertTrue(pipeline.add(element))
        self.assertTrue(src.link(ident))
        self.assertTrue(ident.link(sink))
        return pipeline, src, ident, sink

    def test_build_from_objects(self):
        pipeline, src, ident, sink = self.build()
        self.assertIs(pipeline.get_by_name('id'), ident)
        self.assertEqual([e.get_name() for e in src.get_outputs()], ['id'])
        self.assertEqual([e.get_name() for e in sink.get_inputs()], ['id'])

        for i in range(5):
            src.push_doc(make_doc(i))
        src.end_of_stream()
        self.assertTrue(pipeline.run(None))
        self.assertEqual([d.get_int('n', -1) for d in pull_all(sink)], list(range(5)))

    def test_properties_and_failure_accounting(self):
        pipeline, src, ident, sink = self.build({'error-after': 2})
        self.assertEqual(ident.get_property('error-after'), 2)
        self.assertEqual(ident.props.error_after, 2)
        pipeline.set_threads(2)
        self.assertEqual(pipeline.get_threads(), 2)
        pipeline.set_ordered(True)

        for i in range(4):
            src.push_doc(make_doc(i))
        src.end_of_stream()
        self.assertTrue(pipeline.run(None))
        self.assertEqual([d.get_int('n', -1) for d in pull_all(sink)], [0, 2, 3])

        stats = element_stats(pipeline, 'id')
        self.assertEqual(stats.get_int('in', -1), 4)
        self.assertEqual(stats.get_int('out', -1), 3)
        self.assertEqual(stats.get_int('failed', -1), 1)

    def test_unknown_factory_raises(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.ElementFactory.make('no-such-element', None)
        self.assertEqual(cm.exception.domain, 'rill-pipeline-error-quark')
        self.assertEqual(cm.exception.code, int(Rill.PipelineError.NO_SUCH_ELEMENT))

    def test_factory_metadata(self):
        factory = Rill.ElementFactory.find('identity')
        self.assertIsNotNone(factory)
        self.assertEqual(factory.get_name(), 'identity')
        self.assertEqual(factory.get_plugin().get_name(), 'core')
        self.assertIsNone(Rill.ElementFactory.find('no-such-element'))
        registry = Rill.Registry.get_default()
        self.assertEqual(registry.suggest('identty'), 'identity')


class SignalsAndBusTest(unittest.TestCase):
    def test_new_doc_signal(self):
        pipeline = Rill.parse_launch('app-src name=in ! app-sink name=out emit-signals=true')
        src = pipeline.get_by_name('in')
        sink = pipeline.get_by_name('out')
        seen = []
        # Emitted on a worker thread; list.append is atomic under the GIL.
        sink.connect('new-doc', lambda s, doc: seen.append(doc.get_string('url')))
        for i in range(3):
            src.push_doc(make_doc(i))
        src.end_of_stream()
        self.assertTrue(pipeline.run(None))
        self.assertEqual(seen, ['https://example.com/%d' % i for i in range(3)])

    def test_run_async_with_bus_messages(self):
        pipeline = Rill.parse_launch(
            'app-src name=in ! identity error-after=1 ! app-sink name=out')
        src = pipeline.get_by_name('in')
        for i in range(3):
            src.push_doc(make_doc(i))
        src.end_of_stream()

        loop = GLib.MainLoop()
        kinds = []
        warnings = []
        outcome = {}

        def on_message(bus, message):
            kinds.append(message.get_message_type())
            if message.get_message_type() == Rill.MessageType.WARNING:
                warnings.append(message.get_error().message)

        def on_done(pipe, result):
            outcome['ok'] = pipe.run_finish(result)
            loop.quit()

        pipeline.get_bus().connect('message', on_message)
        pipeline.run_async(None, on_done)
        GLib.timeout_add_seconds(30, loop.quit)
        loop.run()
        # Let the last queued messages be dispatched.
        ctx = GLib.MainContext.default()
        while ctx.pending():
            ctx.iteration(False)

        self.assertTrue(outcome.get('ok'))
        self.assertEqual(len(warnings), 1)
        self.assertIn(Rill.MessageType.EOS, kinds)
        self.assertEqual(len(pull_all(pipeline.get_by_name('out'))), 2)

    def test_cancel_raises(self):
        pipeline = Rill.parse_launch('app-src name=in ! app-sink name=out')
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        with self.assertRaises(GLib.Error):
            pipeline.run(cancellable)


if __name__ == '__main__':
    unittest.main(verbosity=2)
