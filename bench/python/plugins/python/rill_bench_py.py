# rill_bench_py.py: elements written in Python for bench/python/run.sh
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version('Rill', '1.0')
from gi.repository import Rill  # noqa: E402


@Rill.register_element('py-pass')
class PyPass(Rill.Transform):
    """Passes docs on untouched: the cost of crossing into Python."""
    __gtype_name__ = 'RillBenchPyPass'
    __rill_metadata__ = ('Python pass', 'Filter/Test', 'Passes docs on (bench)', 'Rill bench')

    def do_transform(self, doc):
        return doc


@Rill.register_element('py-words')
class PyWords(Rill.Transform):
    """Counts the words of `text` into `words`: a little Python work."""
    __gtype_name__ = 'RillBenchPyWords'
    __rill_metadata__ = ('Python words', 'Filter/Test', 'Counts words (bench)', 'Rill bench')

    def do_transform(self, doc):
        doc['words'] = len(doc['text'].split())
        return doc
