/* reader-cli.vala: builds and runs a Rill pipeline from Vala
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *     rill-vala-example TITLE...
 *
 * pushes one doc per TITLE into `app-src name=in ! identity ! app-sink
 * name=out`, runs the pipeline on a main loop with run_async(), prints
 * the bus messages and every doc that comes out, and exits 0 only if
 * every doc pushed came out, in order.
 */

int main (string[] args) {
    if (args.length < 2) {
        printerr ("usage: %s TITLE...\n", args[0]);
        return 2;
    }

    Rill.Pipeline pipeline;
    try {
        pipeline = Rill.parse_launch ("app-src name=in ! identity ! app-sink name=out");
    } catch (Error e) {
        printerr ("cannot build the pipeline: %s\n", e.message);
        return 1;
    }
    var src = (Rill.AppSrc) pipeline.get_by_name ("in");
    var sink = (Rill.AppSink) pipeline.get_by_name ("out");

    for (int i = 1; i < args.length; i++) {
        var doc = new Rill.Doc ();
        doc.set_string (Rill.FIELD_URL, "https://example.com/%d".printf (i));
        doc.set_string (Rill.FIELD_TITLE, args[i]);
        src.push_doc (doc);
    }
    src.end_of_stream ();

    pipeline.get_bus ().message.connect ((bus, message) => {
        if (message.get_message_type () == Rill.MessageType.WARNING)
            printerr ("warning from %s: %s\n", message.get_source_name (),
                      message.get_error ().message);
    });

    var loop = new MainLoop ();
    bool ok = false;
    pipeline.run_async.begin (null, (obj, res) => {
        try {
            ok = pipeline.run_async.end (res);
        } catch (Error e) {
            printerr ("the pipeline failed: %s\n", e.message);
        }
        loop.quit ();
    });
    loop.run ();
    if (!ok)
        return 1;

    int n = 0;
    Rill.Doc? doc;
    while ((doc = sink.pull_doc (null)) != null) {
        n++;
        var title = doc.get_string (Rill.FIELD_TITLE);
        print ("%s\n", title);
        if (n >= args.length || title != args[n]) {
            printerr ("doc %d is %s, expected %s\n", n, title,
                      n < args.length ? args[n] : "nothing");
            return 1;
        }
    }
    if (n != args.length - 1) {
        printerr ("%d docs came out of %d\n", n, args.length - 1);
        return 1;
    }
    return 0;
}
