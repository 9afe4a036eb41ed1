#!/usr/bin/python3
# test_plugin_loader.py: plugin files written in Python, loaded by the
# python plugin (librill-python.so) into rill-launch, rill-inspect and a
# Python process
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The tools are spawned with RILL_PLUGIN_PATH = the build's plugin folders,
# then tests/python/plugins (whose python/ folder holds rill_test_plugin.py),
# and PYTHONPATH = bindings/python so that the embedded interpreter finds
# the overrides of this source tree.

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get('RILL_SOURCE_ROOT', os.path.join(HERE, '..', '..'))
BUILD_ROOT = os.environ.get('RILL_BUILD_ROOT', '')
TEST_PLUGINS = os.path.join(HERE, 'plugins')
BINDINGS = os.path.join(SOURCE_ROOT, 'bindings', 'python')
TIMEOUT = 60


def _plugin_dirs():
    dirs = [d for d in os.environ.get('RILL_PLUGIN_PATH', '').split(':') if d]
    # Where tests/python/meson.build builds the loader while
    # plugins/meson.build does not list it.
    if BUILD_ROOT:
        dirs.append(os.path.join(BUILD_ROOT, 'tests', 'python'))
    return dirs


def _find_loader(dirs):
    for d in dirs:
        path = os.path.join(d, 'librill-python.so')
        if os.path.exists(path):
            return path
    return None


def _tool(name):
    path = os.path.join(BUILD_ROOT, 'tools', name)
    return path if os.access(path, os.X_OK) else shutil.which(name)


PLUGIN_DIRS = _plugin_dirs()
LOADER = _find_loader(PLUGIN_DIRS)
RILL_LAUNCH = _tool('rill-launch')
RILL_INSPECT = _tool('rill-inspect')


def child_env(extra_dirs=(), pythonpath=BINDINGS):
    env = dict(os.environ)
    env['RILL_PLUGIN_PATH'] = ':'.join(PLUGIN_DIRS + [TEST_PLUGINS] + list(extra_dirs))
    env['RILL_PLUGIN_SYSTEM_PATH'] = ''
    env['PYTHONPATH'] = pythonpath
    # Embedded CPython must not pick up another interpreter's settings.
    env.pop('PYTHONHOME', None)
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT,
                          env=env, **kwargs)


@unittest.skipIf(LOADER is None, 'librill-python.so was not built (no libpython3-dev?)')
@unittest.skipIf(RILL_LAUNCH is None or RILL_INSPECT is None, 'rill-launch/rill-inspect not built')
class PluginLoaderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='rill-py-plugin-test-')
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write_plugin(self, folder, name, source):
        directory = os.path.join(self.tmp.name, folder, 'python')
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, name), 'w') as f:
            f.write(textwrap.dedent(source))
        return os.path.join(self.tmp.name, folder)

    def test_inspect_lists_python_elements(self):
        result = run([RILL_INSPECT], child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('python: py-upper: Upper-case', result.stdout)
        self.assertIn('python: py-number-src: Numbers', result.stdout)
        self.assertNotIn('warning', result.stderr)

    def test_inspect_element_details(self):
        result = run([RILL_INSPECT, 'py-upper'], child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('Filter/Text', result.stdout)
        self.assertIn('String field to upper-case', result.stdout)
        self.assertIn(os.path.basename(LOADER), result.stdout)

        result = run([RILL_INSPECT, '--json'], child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        data = json.loads(result.stdout)
        python = [p for p in data['plugins'] if p.get('name') == 'python']
        self.assertEqual(len(python), 1)
        self.assertIn('py-upper', json.dumps(python[0]))
        self.assertEqual(data['load-errors'], [])

    def test_launch_failed_doc_goes_to_errors(self):
        with open(self.path('in.txt'), 'w') as f:
            f.write('alpha\nboom\ngamma\n')
        result = run([RILL_LAUNCH, '-q', '--errors', self.path('errors.jsonl'),
                      'file-src', 'location=' + self.path('in.txt'), 'mode=lines', 'field=title',
                      '!', 'py-upper', 'name=up',
                      '!', 'file-sink', 'location=' + self.path('out.jsonl')],
                     child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path('out.jsonl')) as f:
            out = [json.loads(line) for line in f if line.strip()]
        self.assertEqual([d['title'] for d in out], ['ALPHA', 'GAMMA'])
        with open(self.path('errors.jsonl')) as f:
            errors = [json.loads(line) for line in f if line.strip()]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0]['doc']['title'], 'boom')
        self.assertEqual(errors[0]['element'], 'up')
        self.assertEqual(errors[0]['error']['domain'], 'rill-doc-error-quark')
        self.assertIn("ValueError: cannot upper-case 'boom'", errors[0]['error']['message'])
        self.assertIn('rill_test_plugin.py:', errors[0]['error']['message'])

    def test_launch_python_source_with_property(self):
        result = run([RILL_LAUNCH, '-q', 'py-number-src', 'count=5', '!',
                      'py-upper', '!', 'fd-sink'], child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        self.assertEqual([d['title'] for d in docs], ['DOC %d' % i for i in range(5)])
        self.assertEqual([d['n'] for d in docs], list(range(5)))

    def test_bad_property_value_is_a_parse_error(self):
        result = run([RILL_LAUNCH, 'py-number-src', 'count=many', '!', 'fake-sink'],
                     child_env())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('count', result.stderr)

    def test_broken_file_does_not_hide_the_others(self):
        extra = self.write_plugin('broken', 'zz_broken.py', '''\
            from gi.repository import Rill
            def broken(:
            ''')
        result = run([RILL_INSPECT], child_env([extra]))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('py-upper', result.stdout)
        self.assertIn('zz_broken.py:2', result.stderr)
        self.assertIn('SyntaxError', result.stderr)

    def test_raising_file_names_the_error(self):
        extra = self.write_plugin('raising', 'raising.py', '''\
            raise RuntimeError('no config for this plugin')
            ''')
        result = run([RILL_INSPECT], child_env([extra]))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('raising.py:1: RuntimeError: no config for this plugin', result.stderr)
        self.assertIn('py-upper', result.stdout)

    def test_plugin_path_option_reaches_python_files(self):
        extra = self.write_plugin('option', 'rill_option_plugin.py', '''\
            from gi.repository import Rill
            class Shout(Rill.Transform):
                __gtype_name__ = 'RillTestShoutViaOption'
                def do_transform(self, doc):
                    doc.set_string('title', 'shout')
                    return doc
            Rill.register_element('py-shout', Shout)
            ''')
        line = ['py-number-src', 'count=2', '!', 'py-shout', '!', 'fd-sink']
        without = run([RILL_LAUNCH, '-q'] + line, child_env())
        self.assertNotEqual(without.returncode, 0)
        result = run([RILL_LAUNCH, '-q', '--plugin-path', extra] + line, child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        self.assertEqual([d['title'] for d in docs], ['shout', 'shout'])

    def test_first_file_on_the_path_wins(self):
        # Same file name as the test plugin, later on the path: skipped, so
        # its element is never registered and nothing clashes.
        extra = self.write_plugin('shadow', 'rill_test_plugin.py', '''\
            raise RuntimeError('the shadowed copy was run')
            ''')
        result = run([RILL_INSPECT], child_env([extra]))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn('shadowed', result.stderr)

    def test_missing_gi_is_explained(self):
        # A `gi` package that cannot be imported, first on sys.path.
        fake = os.path.join(self.tmp.name, 'fake-site', 'gi')
        os.makedirs(fake)
        with open(os.path.join(fake, '__init__.py'), 'w') as f:
            f.write("raise ImportError('No module named gi')\n")
        result = run([RILL_INSPECT], child_env(pythonpath=os.path.dirname(fake)))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('python plugins need python3-gi: apt install python3-gi', result.stderr)
        self.assertNotIn('py-upper', result.stdout)
        self.assertIn('identity', result.stdout)

    def test_inside_a_python_process(self):
        # The loader uses the interpreter that is already running.
        script = textwrap.dedent('''\
            import gi
            gi.require_version('Rill', '1.0')
            from gi.repository import Rill
            factory = Rill.ElementFactory.find('py-upper')
            assert factory is not None, 'py-upper not loaded'
            assert factory.get_plugin().get_name() == 'python'
            p = Rill.parse_launch('app-src name=in ! py-upper ! app-sink name=out')
            p.set_threads(2)
            # Several runs: each has new worker threads, whose pinned Python
            # thread states are deleted when they exit.
            for run in range(3):
                for t in ['x', 'boom', 'y'] + ['z'] * 100:
                    p['in'].push_doc(Rill.Doc(title=t))
                p['in'].end_of_stream()
                titles = [d['title'] for d in p.iter_docs('out')]
            print(','.join(titles[:3]), len(titles))
            print(p.get_stats().get_doc(p.get_elements()[1].get_name())['failed'])
            ''')
        result = run([sys.executable, '-c', script], child_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ['X,Y,Z', '102', '1'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
