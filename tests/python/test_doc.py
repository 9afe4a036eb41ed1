#!/usr/bin/python3
# test_doc.py: Rill.Doc through PyGObject
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import unittest

import gi
gi.require_version('Rill', '1.0')
from gi.repository import GLib, Rill  # noqa: E402


class DocTest(unittest.TestCase):
    def test_typed_fields(self):
        doc = Rill.Doc.new()
        doc.set_string('url', 'https://example.com/a')
        doc.set_int('status', 200)
        doc.set_double('score', 0.25)
        doc.set_bool('fresh', True)
        doc.set_strv('tags', ['news', 'world'])

        self.assertEqual(doc.get_string('url'), 'https://example.com/a')
        self.assertEqual(doc.get_int('status', -1), 200)
        self.assertEqual(doc.get_double('score', 0.0), 0.25)
        self.assertTrue(doc.get_bool('fresh', False))
        self.assertEqual(list(doc.get_strv('tags')), ['news', 'world'])
        self.assertEqual(doc.get_field_type('status'), Rill.FieldType.INT)
        self.assertEqual(doc.get_field_type('nope'), Rill.FieldType.NONE)
        self.assertEqual(list(doc.get_field_names()),
                         ['url', 'status', 'score', 'fresh', 'tags'])
        self.assertIsNone(doc.get_string('status'))
        self.assertEqual(doc.get_int('missing', 7), 7)

    def test_bytes_and_nested(self):
        doc = Rill.Doc.new()
        doc.set_bytes('body', GLib.Bytes.new(b'<p>\x00\xff</p>'))
        inner = Rill.Doc.new()
        inner.set_string('name', 'inner')
        doc.set_doc('meta', inner)
        self.assertEqual(doc.get_bytes('body').get_data(), b'<p>\x00\xff</p>')
        self.assertEqual(doc.get_doc('meta').get_string('name'), 'inner')

    def test_json_round_trip(self):
        doc = Rill.Doc.new()
        doc.set_string('title', 'caf\u00e9')
        doc.set_int('status', 404)
        text = doc.to_json(False)
        self.assertEqual(json.loads(text), {'title': 'caf\u00e9', 'status': 404})
        back = Rill.Doc.new_from_json(text, -1)
        self.assertTrue(back.equal(doc))

    def test_invalid_json_raises(self):
        with self.assertRaises(GLib.Error) as cm:
            Rill.Doc.new_from_json('{not json', -1)
        self.assertEqual(cm.exception.domain, 'rill-doc-error-quark')
        self.assertEqual(cm.exception.code, int(Rill.DocError.INVALID))

    def test_copy_is_independent(self):
        doc = Rill.Doc.new()
        doc.set_string('text', 'one')
        copy = doc.copy()
        copy.set_string('text', 'two')
        self.assertEqual(doc.get_string('text'), 'one')
        self.assertEqual(copy.get_string('text'), 'two')


if __name__ == '__main__':
    unittest.main(verbosity=2)
