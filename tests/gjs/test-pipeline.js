// test-pipeline.js: building and running a Rill pipeline from GJS
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Prints TAP; exits non-zero when a check fails.

imports.gi.versions.Rill = '1.0';
const {GLib, Rill} = imports.gi;
const System = imports.system;

let n = 0;
let failed = 0;

function check(ok, description, detail) {
    n++;
    if (ok) {
        print(`ok ${n} - ${description}`);
    } else {
        failed++;
        print(`not ok ${n} - ${description}`);
        if (detail !== undefined)
            print(`# ${detail}`);
    }
}

function test(description, fn) {
    try {
        fn();
    } catch (e) {
        n++;
        failed++;
        print(`not ok ${n} - ${description}: threw ${e}`);
        if (e.stack)
            print(e.stack.split('\n').map(l => `# ${l}`).join('\n'));
    }
}

function makeDoc(i) {
    const doc = Rill.Doc.new();
    doc.set_string('url', `https://example.com/${i}`);
    doc.set_int('n', i);
    return doc;
}

function pullAll(sink) {
    const docs = [];
    for (;;) {
        const doc = sink.pull_doc(null);
        if (doc === null)
            return docs;
        docs.push(doc);
    }
}

test('launch line', () => {
    const pipeline = Rill.parse_launch('app-src name=in ! identity ! app-sink name=out');
    check(pipeline instanceof Rill.Pipeline, 'parse_launch returns a Rill.Pipeline');
    const src = pipeline.get_by_name('in');
    const sink = pipeline.get_by_name('out');
    check(src instanceof Rill.AppSrc, 'get_by_name finds the app-src');
    check(sink instanceof Rill.AppSink, 'get_by_name finds the app-sink');

    for (let i = 0; i < 5; i++)
        src.push_doc(makeDoc(i));
    src.end_of_stream();
    check(pipeline.run(null) === true, 'run returns true');

    const docs = pullAll(sink);
    const urls = docs.map(d => d.get_string('url'));
    check(docs.length === 5, 'five docs come out', `got ${docs.length}`);
    check(urls.join(' ') === [0, 1, 2, 3, 4].map(i => `https://example.com/${i}`).join(' '),
        'in order, fields intact', urls.join(' '));
    check(docs[4].get_int('n', -1) === 4, 'int field survives');
    check(sink.is_eos(), 'the sink is at end of stream');
});

test('objects and properties', () => {
    const pipeline = Rill.Pipeline.new();
    const src = Rill.ElementFactory.make('app-src', 'src');
    const ident = Rill.ElementFactory.make('identity', 'id');
    const sink = Rill.ElementFactory.make('app-sink', 'sink');
    ident.error_after = 2;
    check(ident.error_after === 2, 'property set through GObject');
    for (const e of [src, ident, sink])
        pipeline.add(e);
    src.link(ident);
    ident.link(sink);

    for (let i = 0; i < 4; i++)
        src.push_doc(makeDoc(i));
    src.end_of_stream();
    pipeline.run(null);
    const ns = pullAll(sink).map(d => d.get_int('n', -1));
    check(ns.join(',') === '0,2,3', 'the second doc failed in identity', ns.join(','));
});

test('bad launch line', () => {
    let error = null;
    try {
        Rill.parse_launch('app-src ! identty ! app-sink');
    } catch (e) {
        error = e;
    }
    check(error instanceof GLib.Error, 'throws a GLib.Error');
    check(error !== null && error.matches(Rill.parse_error_quark(), Rill.ParseError.NO_SUCH_ELEMENT),
        'in the Rill parse error domain, NO_SUCH_ELEMENT', error ? `${error.domain} ${error.code}` : 'none');
    check(error !== null && error.message.includes("did you mean 'identity'"),
        'the message suggests the nearest element', error ? error.message : 'none');
});

test('run_async on a main loop, with bus messages', () => {
    const pipeline = Rill.parse_launch(
        'app-src name=in ! identity error-after=1 ! app-sink name=out');
    const src = pipeline.get_by_name('in');
    for (let i = 0; i < 3; i++)
        src.push_doc(makeDoc(i));
    src.end_of_stream();

    const loop = new GLib.MainLoop(null, false);
    const kinds = [];
    let ok = null;
    pipeline.get_bus().connect('message', (bus, message) => {
        kinds.push(message.get_message_type());
    });
    pipeline.run_async(null, (p, result) => {
        ok = p.run_finish(result);
        loop.quit();
    });
    const timeout = GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 30, () => {
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
    loop.run();
    GLib.source_remove(timeout);
    const context = GLib.MainContext.default();
    while (context.pending())
        context.iteration(false);

    check(ok === true, 'run_finish returns true');
    check(kinds.filter(k => k === Rill.MessageType.WARNING).length === 1,
        'one WARNING message for the failed doc', kinds.join(','));
    check(kinds.includes(Rill.MessageType.EOS), 'an EOS message', kinds.join(','));
    const ns = pullAll(pipeline.get_by_name('out')).map(d => d.get_int('n', -1));
    check(ns.join(',') === '1,2', 'the other docs came out', ns.join(','));
});

print(`1..${n}`);
if (failed > 0)
    System.exit(1);
