#!/usr/bin/python3
# test_overrides.py: the Pythonic layer of bindings/python/gi/overrides/Rill.py
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Uses the overrides of this source tree: their folder goes first on
# gi.overrides.__path__, before `from gi.repository import Rill`, so that
# an installed Rill.py cannot shadow them.

import gc
import os
import sys
import tempfile
import json
import unittest

import gi
import gi.overrides

_SOURCE_ROOT = os.environ.get('RILL_SOURCE_ROOT',
                              os.path.join(os.path.dirname(__file__), '..', '..'))
gi.overrides.__path__.insert(0, os.path.join(_SOURCE_ROOT, 'bindings', 'python', 'gi', 'overrides'))
gi.require_version('Rill', '1.0')
from gi.repository import Gio, GLib, GObject, Rill  # noqa: E402

OVERRIDES = sys.modules['gi.overrides.Rill']


class DocMappingTest(unittest.TestCase):
    def test_overrides_in_use(self):
        self.assertTrue(OVERRIDES.__file__.startswith(os.path.abspath(_SOURCE_ROOT)) or
                        os.path.samefile(os.path.dirname(OVERRIDES.__file__),
                                         os.path.join(_SOURCE_ROOT, 'bindings', 'python',
                                                      'gi', 'overrides')))
        self.assertIs(Rill.Doc, OVERRIDES.Doc)
        # Docs made by C code come out as the override class too.
        self.assertIsInstance(Rill.Doc.new_from_json('{"a": 1}', -1), OVERRIDES.Doc)

    def test_keyword_constructor_and_types(self):
        doc = Rill.Doc(url='https://example.com/a', status=200, score=0.5,
                       fresh=True, body=b'\x00\xffraw', tags=['news', 'world'],
                       meta={'name': 'inner', 'depth': 2})
        self.assertEqual(doc.get_field_type('url'), Rill.FieldType.STRING)
        self.assertEqual(doc.get_field_type('status'), Rill.FieldType.INT)
        self.assertEqual(doc.get_field_type('score'), Rill.FieldType.DOUBLE)
        self.assertEqual(doc.get_field_type('fresh'), Rill.FieldType.BOOL)
        self.assertEqual(doc.get_field_type('body'), Rill.FieldType.BYTES)
        self.assertEqual(doc.get_field_type('tags'), Rill.FieldType.STRV)
        self.assertEqual(doc.get_field_type('meta'), Rill.FieldType.DOC)

        self.assertEqual(doc['url'], 'https://example.com/a')
        self.assertIs(type(doc['status']), int)
        self.assertIs(doc['fresh'], True)
        self.assertEqual(doc['score'], 0.5)
        self.assertEqual(doc['body'], b'\x00\xffraw')
        self.assertEqual(doc['tags'], ['news', 'world'])
        self.assertIsInstance(doc['meta'], Rill.Doc)
        self.assertEqual(doc['meta']['depth'], 2)

    def test_mapping_protocol(self):
        doc = Rill.Doc({'title': 'T'}, lang='en')
        doc['text'] = 'body text'
        self.assertEqual(len(doc), 3)
        self.assertEqual(list(doc), ['title', 'lang', 'text'])
        self.assertIn('lang', doc)
        self.assertNotIn('author', doc)
        self.assertNotIn(42, doc)
        self.assertEqual(dict(doc), {'title': 'T', 'lang': 'en', 'text': 'body text'})
        self.assertEqual(doc.get('author'), None)
        self.assertEqual(doc.get('author', 'nobody'), 'nobody')
        del doc['lang']
        self.assertNotIn('lang', doc)
        with self.assertRaises(KeyError):
            del doc['lang']
        with self.assertRaises(KeyError):
            doc['lang']
        self.assertEqual(doc.pop('text'), 'body text')
        self.assertEqual(doc.pop('text', 'gone'), 'gone')
        doc.update({'a': 1}, b=[])
        self.assertEqual(doc['b'], [])
        self.assertEqual(doc.to_dict(), {'title': 'T', 'a': 1, 'b': []})

    def test_replacing_a_field_changes_its_type(self):
        doc = Rill.Doc(n='three')
        doc['n'] = 3
        self.assertEqual(doc.get_field_type('n'), Rill.FieldType.INT)
        self.assertEqual(doc.get_int('n', -1), 3)

    def test_nested_dicts_round_trip(self):
        doc = Rill.Doc(outer={'inner': {'leaf': 'x', 'tags': ['a']}})
        self.assertEqual(doc.to_dict(), {'outer': {'inner': {'leaf': 'x', 'tags': ['a']}}})
        self.assertEqual(json.loads(doc.to_json(False)),
                         {'outer': {'inner': {'leaf': 'x', 'tags': ['a']}}})

    def test_bad_values(self):
        doc = Rill.Doc()
        with self.assertRaises(TypeError):
            doc['x'] = object()
        with self.assertRaises(TypeError):
            doc['x'] = ['a', 1]
        with self.assertRaises(TypeError):
            doc['x'] = None
        with self.assertRaises(TypeError):
            doc[1] = 'one'
        with self.assertRaises(OverflowError):
            doc['x'] = 1 << 63
        doc['x'] = -(1 << 63)
        self.assertEqual(doc['x'], -(1 << 63))
        self.assertEqual(len(doc), 1)

    def test_equality(self):
        a = Rill.Doc(title='same', n=1)
        b = Rill.Doc(title='same', n=1)
        self.assertEqual(a, b)
        self.assertEqual(a, {'title': 'same', 'n': 1})
        b['n'] = 2
        self.assertNotEqual(a, b)
        with self.assertRaises(TypeError):
            hash(a)
        self.assertIn("seq=", repr(a))


def push(src, docs):
    for doc in docs:
        src.push_doc(doc)
    src.end_of_stream()


class FactoryTest(unittest.TestCase):
    def test_make_with_properties(self):
        limit = Rill.ElementFactory.make('limit', max=10)
        self.assertEqual(limit.props.max, 10)
        named = Rill.ElementFactory.make('identity', 'ident', error_after=3)
        self.assertEqual(named.get_name(), 'ident')
        self.assertEqual(named.get_property('error-after'), 3)
        factory = Rill.ElementFactory.find('limit')
        self.assertEqual(factory.create(None, max=4).props.max, 4)

    def test_make_errors(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.ElementFactory.make('no-such-element', max=1)
        self.assertEqual(cm.exception.domain, 'rill-pipeline-error-quark')
        self.assertEqual(cm.exception.code, int(Rill.PipelineError.NO_SUCH_ELEMENT))
        with self.assertRaises(TypeError):
            Rill.ElementFactory.make('limit', no_such_property=1)

    def test_parse_error_intact(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.parse_launch('app-src ! identty ! app-sink')
        self.assertEqual(cm.exception.domain, 'rill-parse-error-quark')
        self.assertIn("did you mean 'identity'", cm.exception.message)


class IterDocsTest(unittest.TestCase):
    def test_iterates_all_docs(self):
        pipeline = Rill.parse_launch('app-src name=in ! identity ! app-sink name=out')
        push(pipeline['in'], [Rill.Doc(n=i) for i in range(200)])
        self.assertEqual([doc['n'] for doc in pipeline.iter_docs('out')], list(range(200)))
        self.assertFalse(pipeline.is_running())
        self.assertEqual([e.get_name() for e in pipeline], ['in', pipeline.get_elements()[1].get_name(), 'out'])

    def test_runs_again(self):
        pipeline = Rill.parse_launch('app-src name=in ! app-sink name=out')
        push(pipeline['in'], [Rill.Doc(n=i) for i in range(3)])
        self.assertEqual(len(list(pipeline.iter_docs('out'))), 3)
        # A new stream for the next run: the sink is reset, no doc of the
        # first run comes again.
        push(pipeline['in'], [Rill.Doc(n=i) for i in range(10, 12)])
        self.assertEqual([doc['n'] for doc in pipeline.iter_docs('out')], [10, 11])

    def test_break_cancels_cleanly(self):
        # An endless Python source: only the cancel ends this run.
        class Endless(Rill.Source):
            __gtype_name__ = 'RillTestEndless'

            def do_create(self, cancellable):
                return Rill.Doc(title='again')

        pipeline = Rill.Pipeline.new()
        src = Endless(name='src')
        sink = Rill.ElementFactory.make('app-sink', 'out', max_queued=8)
        pipeline.add(src)
        pipeline.add(sink)
        src.link(sink)
        seen = 0
        for doc in pipeline.iter_docs('out'):
            seen += 1
            if seen == 50:
                break
        self.assertEqual(seen, 50)
        # The generator was closed by `break`; the run is over.
        gc.collect()
        self.assertFalse(pipeline.is_running())
        # And the pipeline can run again.
        for doc in pipeline.iter_docs('out'):
            break
        self.assertFalse(pipeline.is_running())

    def test_close_generator(self):
        pipeline = Rill.parse_launch('app-src name=in ! app-sink name=out')
        push(pipeline['in'], [Rill.Doc(n=i) for i in range(10)])
        it = pipeline.iter_docs('out')
        self.assertEqual(next(it)['n'], 0)
        it.close()
        self.assertFalse(pipeline.is_running())

    def test_external_cancellable(self):
        pipeline = Rill.parse_launch('app-src name=in ! app-sink name=out')
        cancellable = Gio.Cancellable()
        it = pipeline.iter_docs('out', cancellable)
        cancellable.cancel()
        with self.assertRaises(GLib.Error) as cm:
            list(it)
        self.assertEqual(cm.exception.code, int(Rill.PipelineError.CANCELLED))
        self.assertFalse(pipeline.is_running())

    def test_run_error_raised_after_docs(self):
        pipeline = Rill.parse_launch(
            'app-src name=in ! app-sink name=out')
        pipeline.set_errors_location('/nonexistent-dir/errors.jsonl')
        with self.assertRaises(GLib.Error):
            list(pipeline.iter_docs('out'))
        self.assertFalse(pipeline.is_running())

    def test_bad_sink_names(self):
        pipeline = Rill.parse_launch('app-src name=in ! identity name=id ! app-sink name=out')
        with self.assertRaises(KeyError):
            pipeline.iter_docs('nope')
        with self.assertRaises(TypeError):
            pipeline.iter_docs('id')
        with self.assertRaises(KeyError):
            pipeline['nope']


class PythonElementTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        class Upper(Rill.Transform):
            __gtype_name__ = 'RillTestOverridesUpper'
            __rill_metadata__ = ('Upper', 'Filter/Text', 'Upper-cases titles', 'Rill tests')
            __rill_caps__ = ('ANY', 'text/plain')

            def do_transform(self, doc):
                if doc['title'] == 'bug':
                    return doc['no-such-field']        # KeyError: a bug
                if doc['title'] == 'skip':
                    raise GLib.Error('skipped', 'rill-doc-error-quark',
                                     int(Rill.DocError.FILTERED))
                if doc['title'] == 'two':
                    self.emit_doc(Rill.Doc(title='TWO (extra)'))
                doc['title'] = doc['title'].upper()
                return doc

        class BadSource(Rill.Source):
            __gtype_name__ = 'RillTestOverridesBadSource'

            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.n = 0

            def do_create(self, cancellable):
                self.n += 1
                if self.n > 3:
                    raise RuntimeError('source broke')
                return Rill.Doc(n=self.n)

        class BadSink(Rill.Sink):
            __gtype_name__ = 'RillTestOverridesBadSink'

            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.seen = []

            def do_render(self, doc):
                if doc['title'] == 'B':
                    raise ValueError('cannot store B')
                self.seen.append(doc['title'])
                return True

        cls.Upper = Rill.register_element('py-ov-upper', Upper)
        Rill.register_element('py-ov-bad-src')(BadSource)
        Rill.register_element('py-ov-bad-sink', BadSink)

    def test_registered_with_metadata(self):
        factory = Rill.ElementFactory.find('py-ov-upper')
        self.assertEqual(factory.get_element_type(), self.Upper.__gtype__)
        self.assertIsNone(factory.get_plugin())
        self.assertEqual(factory.get_long_name(), 'Upper')
        self.assertEqual(factory.get_classification(), 'Filter/Text')
        self.assertEqual(Rill.ElementClass.get_produces(self.Upper), 'text/plain')
        with self.assertRaises(GLib.Error) as cm:
            Rill.register_element('py-ov-upper', self.Upper)
        self.assertEqual(cm.exception.code, int(Rill.PluginError.NAME_TAKEN))

    def test_exception_fails_only_that_doc(self):
        with tempfile.TemporaryDirectory(prefix='rill-py-test-') as tmp:
            errors = os.path.join(tmp, 'errors.jsonl')
            pipeline = Rill.parse_launch(
                'app-src name=in ! py-ov-upper name=up ! app-sink name=out')
            pipeline.set_errors_location(errors)
            push(pipeline['in'], [Rill.Doc(title=t, url='https://example.com/' + t)
                                  for t in ['a', 'bug', 'skip', 'two', 'b']])
            titles = [doc['title'] for doc in pipeline.iter_docs('out')]
            self.assertEqual(titles, ['A', 'TWO (extra)', 'TWO', 'B'])

            stats = pipeline.get_stats().get_doc('up')
            self.assertEqual(stats['in'], 5)
            self.assertEqual(stats['failed'], 1)
            self.assertEqual(stats['filtered'], 1)
            self.assertEqual(stats['filter-reasons'].to_dict(), {'skipped': 1})

            with open(errors) as f:
                failed = [json.loads(line) for line in f if line.strip()]
            self.assertEqual(len(failed), 1)
            text = json.dumps(failed[0])
            self.assertIn('https://example.com/bug', text)
            self.assertIn('KeyError', text)
            self.assertIn('test_overrides.py', text)

    def test_exception_in_sink_fails_the_doc(self):
        pipeline = Rill.parse_launch(
            'app-src name=in ! py-ov-upper ! py-ov-bad-sink name=sink')
        push(pipeline['in'], [Rill.Doc(title=t) for t in ['a', 'b', 'c']])
        self.assertTrue(pipeline.run(None))
        self.assertEqual(pipeline['sink'].seen, ['A', 'C'])
        self.assertEqual(pipeline.get_stats().get_doc('sink')['failed'], 1)

    def test_parallel_python_element(self):
        class Square(Rill.Transform):
            __gtype_name__ = 'RillTestOverridesSquare'
            __rill_concurrency__ = Rill.Concurrency.PARALLEL

            def do_transform(self, doc):
                if doc['n'] % 97 == 13:
                    raise ZeroDivisionError('unlucky')
                doc['square'] = doc['n'] * doc['n']
                return doc

        Rill.register_element('py-ov-square', Square)
        self.assertEqual(Rill.ElementClass.get_concurrency(Square), Rill.Concurrency.PARALLEL)
        pipeline = Rill.parse_launch('app-src name=in ! identity ! py-ov-square name=sq '
                                     '! identity ! app-sink name=out')
        pipeline.set_threads(4)
        pipeline.set_ordered(True)
        push(pipeline['in'], [Rill.Doc(n=i) for i in range(2000)])
        docs = list(pipeline.iter_docs('out'))
        expected = [i for i in range(2000) if i % 97 != 13]
        self.assertEqual([d['n'] for d in docs], expected)
        self.assertEqual([d['square'] for d in docs], [i * i for i in expected])
        self.assertEqual(pipeline.get_stats().get_doc('sq')['failed'], 2000 - len(expected))

    def test_exception_in_source_fails_the_run(self):
        pipeline = Rill.parse_launch('py-ov-bad-src ! app-sink name=out')
        with self.assertRaises(GLib.Error) as cm:
            pipeline.run(None)
        self.assertIn('source broke', cm.exception.message)
        self.assertIn('RuntimeError', cm.exception.message)


if __name__ == '__main__':
    unittest.main(verbosity=2)
