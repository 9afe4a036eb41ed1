#!/usr/bin/python3
# test_tools.py: end-to-end tests of rill-launch and rill-inspect
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test_tools.py [RILL_LAUNCH RILL_INSPECT] [unittest options]
# Without paths, the tools are taken from $RILL_BUILD_ROOT/tools, then
# from PATH. The environment must let the tools find the build's plugins
# (meson's rill_test_env does).

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

EXIT_SUCCESS = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _find_tool(name, argv_index):
    if len(sys.argv) > argv_index and os.path.basename(sys.argv[argv_index]) == name:
        return sys.argv[argv_index]
    build_root = os.environ.get('RILL_BUILD_ROOT')
    if build_root:
        candidate = os.path.join(build_root, 'tools', name)
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    if found is None:
        sys.exit('cannot find %s: pass its path or set RILL_BUILD_ROOT' % name)
    return found


RILL_LAUNCH = _find_tool('rill-launch', 1)
RILL_INSPECT = _find_tool('rill-inspect', 2)
# Leave only unittest's own arguments.
sys.argv = [sys.argv[0]] + [a for a in sys.argv[1:]
                            if a not in (RILL_LAUNCH, RILL_INSPECT)]

TIMEOUT = 60


def run(tool, *args, timeout=TIMEOUT, **kwargs):
    return subprocess.run([tool] + list(args), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def element_stats(stats, name):
    """One element's counters in the --stats JSON (nested doc per element,
    keyed by name, possibly under "elements")."""
    if name in stats and isinstance(stats[name], dict):
        return stats[name]
    return stats['elements'][name]


class ToolTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='rill-tools-test-')
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write_urls(self, name, count):
        urls = ['https://example.com/page/%d' % i for i in range(1, count + 1)]
        with open(self.path(name), 'w') as f:
            f.write('# a comment line, skipped\n')
            for url in urls:
                f.write(url + '\n')
        return urls

    def read_jsonl(self, name):
        with open(self.path(name)) as f:
            return [json.loads(line) for line in f if line.strip()]

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code,
                         'exit %d, expected %d\nstdout:\n%s\nstderr:\n%s'
                         % (result.returncode, code, result.stdout, result.stderr))


class LaunchUsageTest(ToolTestCase):
    def test_version(self):
        result = run(RILL_LAUNCH, '--version')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertTrue(result.stdout.startswith('rill-launch '))

    def test_help(self):
        result = run(RILL_LAUNCH, '--help')
        self.assertExit(result, EXIT_SUCCESS)
        for option in ('--verbose', '--quiet', '--threads', '--unordered',
                       '--stats', '--errors', '--progress', '--no-progress'):
            self.assertIn(option, result.stdout)

    def test_no_line_is_usage_error(self):
        result = run(RILL_LAUNCH)
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('rill-launch: error:', result.stderr)

    def test_unknown_option_is_usage_error(self):
        result = run(RILL_LAUNCH, '--no-such-option', 'identity')
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('rill-launch: error:', result.stderr)

    def test_negative_threads_is_usage_error(self):
        result = run(RILL_LAUNCH, '--threads', '-3', 'fake-sink')
        self.assertExit(result, EXIT_USAGE)


class LaunchParseErrorTest(ToolTestCase):
    def caret_column(self, stderr, line):
        """1-based column under the caret, relative to the printed line."""
        lines = stderr.splitlines()
        for i, text in enumerate(lines[:-1]):
            if text.strip() == line.strip() and '^' in lines[i + 1]:
                offset = text.index(line.strip())
                return lines[i + 1].index('^') - offset + 1
        self.fail('no caret line under %r in:\n%s' % (line, stderr))

    def test_unknown_element_caret_and_suggestion(self):
        src = self.path('in.txt')
        self.write_urls('in.txt', 1)
        words = ['file-src', 'location=' + src, 'mode=lines', '!',
                 'identty', '!', 'fake-sink']
        line = ' '.join(words)
        result = run(RILL_LAUNCH, *words)
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('rill-launch: error:', result.stderr)
        self.assertIn("'identty'", result.stderr)
        self.assertIn("did you mean 'identity'?", result.stderr)
        self.assertEqual(self.caret_column(result.stderr, line),
                         line.index('identty') + 1)

    def test_whole_line_as_one_argument(self):
        line = 'identity silnt=true ! fake-sink'
        result = run(RILL_LAUNCH, line)
        self.assertExit(result, EXIT_USAGE)
        self.assertIn("'silnt'", result.stderr)
        column = self.caret_column(result.stderr, line)
        # The column points into the faulty property, not elsewhere.
        self.assertGreaterEqual(column, line.index('silnt') + 1)
        self.assertLessEqual(column, line.index('silnt') + len('silnt=true'))

    def test_bad_value(self):
        result = run(RILL_LAUNCH, 'identity', 'error-after=lots', '!', 'fake-sink')
        self.assertExit(result, EXIT_USAGE)
        self.assertIn("'lots'", result.stderr)
        self.assertIn('^', result.stderr)

    def test_syntax_error(self):
        result = run(RILL_LAUNCH, 'identity ! ! fake-sink')
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('rill-launch: error:', result.stderr)


class LaunchRunTest(ToolTestCase):
    def launch_file_to_file(self, *extra_elements, options=(), count=5):
        urls = self.write_urls('in.txt', count)
        words = ['file-src', 'location=' + self.path('in.txt'), 'mode=lines']
        for element in extra_elements:
            words += ['!'] + element.split()
        words += ['!', 'file-sink', 'location=' + self.path('out.jsonl'),
                  'format=json']
        return urls, run(RILL_LAUNCH, *(list(options) + words))

    def test_file_src_to_file_sink(self):
        urls, result = self.launch_file_to_file('identity name=id')
        self.assertExit(result, EXIT_SUCCESS)
        docs = self.read_jsonl('out.jsonl')
        self.assertEqual([d['url'] for d in docs], urls)
        # stdout carries data only; the accounting goes to stderr.
        self.assertEqual(result.stdout, '')
        header = next(l.split() for l in result.stderr.splitlines()
                      if l.startswith('element'))
        self.assertEqual(header, ['element', 'in', 'out', 'filtered',
                                  'duplicate', 'failed', 'time', '(ms)'])
        rows = {row[0]: row for row in
                (l.split() for l in result.stderr.splitlines()) if row}
        self.assertEqual(rows['id'][1:6], ['5', '5', '0', '0', '0'])
        self.assertEqual(rows['total'][1], '5')
        self.assertEqual(rows['total'][2], '5')

    def test_filtered_docs_and_reasons(self):
        urls, result = self.launch_file_to_file('limit name=lim max=2')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual([d['url'] for d in self.read_jsonl('out.jsonl')], urls[:2])
        rows = {row[0]: row for row in
                (l.split() for l in result.stderr.splitlines()) if row}
        self.assertEqual(rows['lim'][1:6], ['5', '2', '3', '0', '0'])
        self.assertEqual(rows['total'][3], '3')
        self.assertRegex(result.stderr, r'(?m)^lim: 3 filtered: \S')

    def test_element_names_in_order(self):
        urls, result = self.launch_file_to_file('identity name=first',
                                                'identity name=second')
        self.assertExit(result, EXIT_SUCCESS)
        names = [l.split()[0] for l in result.stderr.splitlines() if l.split()]
        self.assertLess(names.index('first'), names.index('second'))

    def test_stdin_to_stdout_with_tee(self):
        urls = ['https://example.com/stdin/%d' % i for i in range(4)]
        result = run(RILL_LAUNCH, '-v', 'fd-src', '!', 'tee', 'name=t',
                     't.', '!', 'fd-sink', 'format=json',
                     't.', '!', 'identity', '!', 'fake-sink', 'name=fs',
                     input=''.join(u + '\n' for u in urls))
        self.assertExit(result, EXIT_SUCCESS)
        # stdout is the data and nothing else.
        self.assertEqual([json.loads(l)['url'] for l in result.stdout.splitlines()], urls)
        # -v names the sink that rendered each doc, on stderr.
        for url in urls:
            self.assertIn('fs: ' + url, result.stderr)
        rows = {row[0]: row for row in
                (l.split() for l in result.stderr.splitlines()) if row}
        self.assertEqual(rows['fs'][1:3], ['4', '4'])

    def test_quiet(self):
        urls, result = self.launch_file_to_file('identity', options=['-q'])
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual(result.stderr, '')
        self.assertEqual(len(self.read_jsonl('out.jsonl')), len(urls))

    def test_verbose_prints_each_doc(self):
        urls, result = self.launch_file_to_file('identity', options=['-v'])
        self.assertExit(result, EXIT_SUCCESS)
        for url in urls:
            self.assertIn(url, result.stderr)
        self.assertEqual(result.stdout, '')

    def test_threads_and_unordered(self):
        urls, result = self.launch_file_to_file(
            'identity', options=['--threads', '3', '--unordered', '-q'], count=200)
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual(sorted(d['url'] for d in self.read_jsonl('out.jsonl')),
                         sorted(urls))

    def test_ordered_by_default(self):
        urls, result = self.launch_file_to_file(
            'identity', options=['--threads', '4', '-q'], count=300)
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual([d['url'] for d in self.read_jsonl('out.jsonl')], urls)

    def test_stats_json(self):
        urls, result = self.launch_file_to_file(
            'identity name=id', options=['--stats', self.path('stats.json')])
        self.assertExit(result, EXIT_SUCCESS)
        with open(self.path('stats.json')) as f:
            text = f.read()
        self.assertIn('\n  ', text, 'stats JSON is not pretty-printed')
        stats = json.loads(text)
        ident = element_stats(stats, 'id')
        self.assertEqual(ident['in'], 5)
        self.assertEqual(ident['out'], 5)
        self.assertEqual(ident['failed'], 0)
        self.assertEqual(ident['filtered'], 0)
        self.assertEqual(ident['duplicate'], 0)

    def test_failed_doc_goes_to_errors_file(self):
        # One worker thread: with two, which doc identity "receives second"
        # depends on how the source cut its batches.
        urls, result = self.launch_file_to_file(
            'identity name=id error-after=2',
            options=['--threads', '1', '--errors', self.path('errors.jsonl'),
                     '--stats', self.path('stats.json')])
        # One failed doc is a warning, not a pipeline error.
        self.assertExit(result, EXIT_SUCCESS)
        self.assertIn('rill-launch: warning:', result.stderr)
        out = [d['url'] for d in self.read_jsonl('out.jsonl')]
        self.assertEqual(out, urls[:1] + urls[2:])

        with open(self.path('errors.jsonl')) as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        self.assertEqual(len(lines), 1)
        record = json.loads(lines[0])
        self.assertIn(urls[1], lines[0])
        self.assertNotIn(urls[0] + '"', lines[0])
        self.assertIsInstance(record, dict)

        with open(self.path('stats.json')) as f:
            stats = json.load(f)
        ident = element_stats(stats, 'id')
        self.assertEqual(ident['in'], 5)
        self.assertEqual(ident['failed'], 1)
        self.assertEqual(ident['out'], 4)

    def test_warnings_are_rate_limited(self):
        # Every doc fails from the first: identity fails the Nth doc only,
        # so chain 15 of them, each failing its first doc.
        elements = ['identity error-after=1'] * 15
        urls, result = self.launch_file_to_file(*elements, count=20)
        self.assertExit(result, EXIT_SUCCESS)
        warnings = [l for l in result.stderr.splitlines()
                    if l.startswith('rill-launch: warning:')]
        # At most 10 in full plus the line saying the rest are counted.
        self.assertLessEqual(len(warnings), 11)
        self.assertIn('15 warnings', result.stderr)
        self.assertEqual(len(self.read_jsonl('out.jsonl')), 5)

    def test_pipeline_error_exits_1(self):
        result = run(RILL_LAUNCH, 'file-src', 'location=' + self.path('missing-*.txt'),
                     '!', 'fake-sink')
        self.assertExit(result, EXIT_FAILURE)
        self.assertIn('rill-launch: error:', result.stderr)
        self.assertIn('missing-', result.stderr)

    def test_unwritable_sink_exits_1(self):
        self.write_urls('in.txt', 2)
        result = run(RILL_LAUNCH, 'file-src', 'location=' + self.path('in.txt'),
                     'mode=lines', '!', 'file-sink',
                     'location=' + self.path('no/such/dir/out.jsonl'))
        self.assertExit(result, EXIT_FAILURE)
        self.assertIn('rill-launch: error:', result.stderr)

    def test_location_with_space_and_quote(self):
        # The shell hands over `location=a dir/it's in.txt` as one word.
        os.mkdir(self.path('a dir'))
        urls = self.write_urls("a dir/it's in.txt", 3)
        result = run(RILL_LAUNCH, 'file-src', 'location=' + self.path("a dir/it's in.txt"),
                     'mode=lines', '!', 'file-sink',
                     'location=' + self.path('a dir/out.jsonl'), '-q')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual([d['url'] for d in self.read_jsonl('a dir/out.jsonl')], urls)

    def test_utf8_words_in_c_locale(self):
        urls = self.write_urls('h\u00e9llo.txt', 2)
        env = dict(os.environ, LC_ALL='C', LANG='C')
        result = run(RILL_LAUNCH, 'file-src', 'location=' + self.path('h\u00e9llo.txt'),
                     'mode=lines', '!', 'file-sink', 'location=' + self.path('out.jsonl'),
                     '-q', env=env)
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual([d['url'] for d in self.read_jsonl('out.jsonl')], urls)

        line = 'identity name=\u00e9t\u00e9 ! idenity ! fake-sink'
        result = run(RILL_LAUNCH, line, env=env)
        self.assertExit(result, EXIT_USAGE)
        lines = result.stderr.splitlines()
        shown = next(i for i, l in enumerate(lines) if l.strip() == line)
        self.assertEqual(lines[shown + 1].index('^') - lines[shown].index('identity'),
                         line.index('idenity'))

    def test_quoted_value_in_one_word(self):
        urls = self.write_urls('in.txt', 2)
        result = run(RILL_LAUNCH, 'file-src', 'location="%s"' % self.path('in.txt'),
                     'mode=lines', '!', 'file-sink',
                     'location=' + self.path('out.jsonl'), '-q')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual([d['url'] for d in self.read_jsonl('out.jsonl')], urls)

    def test_progress_when_forced(self):
        self.write_urls('in.txt', 30)
        result = run(RILL_LAUNCH, '--progress', 'file-src',
                     'location=' + self.path('in.txt'), 'mode=lines', '!',
                     'identity', 'sleep-us=50000', '!', 'fake-sink', '--threads', '1')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertIn('docs/s', result.stderr)

    def test_no_progress_when_not_a_terminal(self):
        urls, result = self.launch_file_to_file('identity')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertNotIn('docs/s |', result.stderr)
        self.assertNotIn('\r', result.stderr)

    def start_slow_run(self, count=5000):
        """A run that lasts about 10 s unless interrupted; returns once
        its first progress line proves it (and its signal handlers)
        started."""
        self.write_urls('in.txt', count)
        proc = subprocess.Popen(
            [RILL_LAUNCH, '--progress', '--threads', '1', 'file-src',
             'location=' + self.path('in.txt'), 'mode=lines', '!',
             'identity', 'sleep-us=2000', '!',
             'file-sink', 'location=' + self.path('out.jsonl')],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.addCleanup(self.reap, proc)
        first = proc.stderr.readline()
        self.assertIn('docs/s', first)
        return proc

    def reap(self, proc):
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()

    def test_interrupt_exits_130(self):
        proc = self.start_slow_run()
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
        self.assertEqual(code, EXIT_INTERRUPTED, rest)
        self.assertIn('interrupted', rest)
        # The final table is still printed, and what was written are
        # whole JSON lines.
        self.assertIn('total', rest)
        docs = self.read_jsonl('out.jsonl')
        self.assertLess(len(docs), 5000)

    def test_sigterm_exits_130(self):
        proc = self.start_slow_run()
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        self.assertEqual(proc.wait(timeout=TIMEOUT), EXIT_INTERRUPTED, rest)

    def test_second_interrupt_exits_at_once(self):
        proc = self.start_slow_run()
        proc.send_signal(signal.SIGINT)
        while True:
            line = proc.stderr.readline()
            self.assertNotEqual(line, '', 'rill-launch ended before the second Ctrl-C')
            if 'stopping' in line:
                break
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        self.assertEqual(proc.wait(timeout=TIMEOUT), EXIT_INTERRUPTED, rest)
        self.assertIn('exiting now', rest)


class InspectTest(ToolTestCase):
    def test_list(self):
        result = run(RILL_INSPECT)
        self.assertExit(result, EXIT_SUCCESS)
        self.assertRegex(result.stdout, r'(?m)^core: identity: Identity \u2014 ')
        self.assertRegex(result.stdout, r'(?m)^core: file-src: ')
        self.assertRegex(result.stdout, r'(?m)^\w+: app-src: ')

    def test_element_details(self):
        result = run(RILL_INSPECT, 'identity')
        self.assertExit(result, EXIT_SUCCESS)
        out = result.stdout
        for text in ('Identity', 'Filter/Debug', 'Rill developers', 'core',
                     'parallel', 'ANY', 'error-after', 'sleep-us',
                     'readable, writable', 'Fail the Nth doc'):
            self.assertIn(text, out)
        self.assertRegex(out, r'Range: 0 - 4294967295\. Default: 0')

    def test_element_enum_property(self):
        result = run(RILL_INSPECT, 'file-sink')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertIn('format', result.stdout)
        self.assertIn('json', result.stdout)
        self.assertIn('Sink/File', result.stdout)
        self.assertIn('serial', result.stdout)

    def test_element_json(self):
        result = run(RILL_INSPECT, '--json', 'identity')
        self.assertExit(result, EXIT_SUCCESS)
        info = json.loads(result.stdout)
        self.assertEqual(info['name'], 'identity')
        self.assertEqual(info['plugin'], 'core')
        self.assertEqual(info['long-name'], 'Identity')
        self.assertEqual(info['classification'], 'Filter/Debug')
        self.assertEqual(info['concurrency'], 'parallel')
        self.assertEqual(info['accepts'], ['ANY'])
        self.assertEqual(info['produces'], ['ANY'])
        self.assertEqual(info['max-inputs'], 1)
        self.assertEqual(info['max-outputs'], 1)
        props = {p['name']: p for p in info['properties']}
        error_after = props['error-after']
        self.assertEqual(error_after['type'], 'guint')
        self.assertEqual(error_after['default'], 0)
        self.assertEqual(error_after['minimum'], 0)
        self.assertEqual(error_after['maximum'], 4294967295)
        self.assertTrue(error_after['readable'])
        self.assertTrue(error_after['writable'])
        self.assertTrue(error_after['blurb'])

    def test_element_json_enum_values(self):
        result = run(RILL_INSPECT, '--json', 'file-sink')
        self.assertExit(result, EXIT_SUCCESS)
        info = json.loads(result.stdout)
        props = {p['name']: p for p in info['properties']}
        fmt = props['format']
        self.assertEqual(fmt['default'], 'json')
        nicks = [v['nick'] for v in fmt['values']]
        self.assertIn('json', nicks)
        self.assertIn('text', nicks)
        self.assertNotIn('minimum', fmt)
        self.assertIsNone(props['location']['default'])
        self.assertEqual(props['append']['default'], False)
        self.assertEqual(info['produces'], [])

    def test_unlimited_links(self):
        result = run(RILL_INSPECT, '--json', 'tee')
        self.assertExit(result, EXIT_SUCCESS)
        info = json.loads(result.stdout)
        self.assertEqual(info['max-outputs'], -1)
        self.assertEqual(info['max-inputs'], 1)
        self.assertIn('unlimited', run(RILL_INSPECT, 'tee').stdout)

    def test_list_json(self):
        result = run(RILL_INSPECT, '--json')
        self.assertExit(result, EXIT_SUCCESS)
        info = json.loads(result.stdout)
        self.assertIsInstance(info['load-errors'], list)
        plugins = {p['name']: p for p in info['plugins']}
        core = plugins['core']
        names = [e['name'] for e in core['elements']]
        self.assertIn('identity', names)
        self.assertEqual(names, sorted(names))
        self.assertTrue(core['filename'])
        self.assertEqual(core['license'], 'LGPL-2.1-or-later')

    def test_plugin(self):
        result = run(RILL_INSPECT, 'core')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertIn('LGPL-2.1-or-later', result.stdout)
        self.assertIn('identity', result.stdout)
        self.assertIn('file-src', result.stdout)

    def test_plugin_json(self):
        result = run(RILL_INSPECT, '--json', 'core')
        self.assertExit(result, EXIT_SUCCESS)
        info = json.loads(result.stdout)
        self.assertEqual(info['name'], 'core')
        self.assertIn('tee', [e['name'] for e in info['elements']])

    def test_unknown_name_suggests(self):
        result = run(RILL_INSPECT, 'identty')
        self.assertExit(result, EXIT_FAILURE)
        self.assertIn("rill-inspect: no element or plugin 'identty'; "
                      "did you mean 'identity'?", result.stderr)
        self.assertEqual(result.stdout, '')

    def test_unknown_name_without_suggestion(self):
        result = run(RILL_INSPECT, 'qqqqqqqqqqqqqqqq')
        self.assertExit(result, EXIT_FAILURE)
        self.assertIn("no element or plugin 'qqqqqqqqqqqqqqqq'", result.stderr)
        self.assertNotIn('did you mean', result.stderr)

    def test_exists(self):
        result = run(RILL_INSPECT, '--exists', 'identity')
        self.assertExit(result, EXIT_SUCCESS)
        self.assertEqual(result.stdout + result.stderr, '')
        result = run(RILL_INSPECT, '--exists', 'no-such-element')
        self.assertExit(result, EXIT_FAILURE)
        self.assertEqual(result.stdout + result.stderr, '')

    def test_plugin_load_errors(self):
        broken = self.path('librill-broken.so')
        with open(broken, 'w') as f:
            f.write('not a shared object\n')
        result = run(RILL_INSPECT, '--plugin-path', self.tmp.name)
        self.assertExit(result, EXIT_SUCCESS)
        self.assertIn('rill-inspect: warning:', result.stderr)
        self.assertIn('librill-broken.so', result.stderr)
        self.assertRegex(result.stdout, r'(?m)^core: identity: ')

        result = run(RILL_INSPECT, '--json', '--plugin-path', self.tmp.name)
        self.assertExit(result, EXIT_SUCCESS)
        errors = json.loads(result.stdout)['load-errors']
        self.assertTrue(any('librill-broken.so' in e for e in errors), errors)

    def test_two_names_is_usage_error(self):
        result = run(RILL_INSPECT, 'identity', 'tee')
        self.assertExit(result, EXIT_USAGE)

    def test_every_element_json(self):
        listing = json.loads(run(RILL_INSPECT, '--json').stdout)
        for plugin in listing['plugins']:
            for element in plugin['elements']:
                result = run(RILL_INSPECT, '--json', element['name'])
                self.assertExit(result, EXIT_SUCCESS)
                info = json.loads(result.stdout)
                self.assertEqual(info['name'], element['name'])
                for prop in info['properties']:
                    self.assertIn('default', prop)
                    self.assertIn('type', prop)


if __name__ == '__main__':
    unittest.main(verbosity=2)
