# Rill.py: PyGObject overrides for the Rill GI namespace
#
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pythonic additions to ``from gi.repository import Rill``.

Loaded automatically by PyGObject when this file is on
``gi.overrides.__path__``: installed, it lives in the interpreter's
``gi/overrides`` directory; uninstalled, put ``bindings/python`` on
``PYTHONPATH`` (``gi`` and ``gi.overrides`` extend their ``__path__`` with
every ``gi/overrides`` folder found on ``sys.path``), or insert
``bindings/python/gi/overrides`` at the front of ``gi.overrides.__path__``
before the first ``from gi.repository import Rill``.

What it adds:

- ``Rill.Doc`` is a mapping: ``doc["title"]``, ``doc["n"] = 3``,
  ``"lang" in doc``, ``del doc["x"]``, ``len(doc)``, ``iter(doc)``,
  ``dict(doc)``, ``Rill.Doc(url=..., title=...)``; the field type follows
  the Python value (str, int, float, bool, bytes, list of str, dict or
  Doc for a nested doc).
- ``Rill.ElementFactory.make("limit", max=10)`` sets properties by keyword.
- ``pipeline.iter_docs("out")`` yields the docs reaching an app-sink while
  the pipeline runs; leaving the loop early cancels the run cleanly.
- ``Rill.register_element("py-upper", MyTransform)``, also usable as a class
  decorator, registers an element written in Python; class attributes
  ``__rill_metadata__`` (long name, classification, description, author),
  ``__rill_caps__`` (accepts, produces) and ``__rill_concurrency__`` are
  applied to the element class there.
- A Python exception raised while an element processes one doc fails that
  doc (``RILL_DOC_ERROR_FAILED``: counted, kept in the dead-letter file)
  instead of being printed and turned into a silent drop; in ``do_create``,
  ``do_start``, ``do_stop``, ``do_flush`` and ``do_drain`` it fails the run
  (``RILL_PIPELINE_ERROR_FAILED``) instead of ending the stream early.
"""

import collections.abc
import os
import sys
import threading
import traceback

from gi.repository import GLib, Gio

from ..module import get_introspection_module
from ..overrides import override

Rill = get_introspection_module('Rill')

__all__ = []

_DOC_ERROR = GLib.quark_to_string(Rill.doc_error_quark())
_PIPELINE_ERROR = GLib.quark_to_string(Rill.pipeline_error_quark())
_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1


# ---- Doc -------------------------------------------------------------------

def _to_doc(mapping):
    if isinstance(mapping, Rill.Doc):
        return mapping
    doc = Rill.Doc.new()
    for name, value in mapping.items():
        _set_field(doc, name, value)
    return doc


def _set_field(doc, name, value):
    if not isinstance(name, str):
        raise TypeError('doc field names are str, not %s' % type(name).__name__)
    # bool before int: bool is a subclass of int.
    if isinstance(value, bool):
        doc.set_bool(name, value)
    elif isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise OverflowError('field %r: %d does not fit in 64 bits' % (name, value))
        doc.set_int(name, value)
    elif isinstance(value, float):
        doc.set_double(name, value)
    elif isinstance(value, str):
        doc.set_string(name, value)
    elif isinstance(value, GLib.Bytes):
        doc.set_bytes(name, value)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        doc.set_bytes(name, GLib.Bytes.new(bytes(value)))
    elif isinstance(value, (Rill.Doc, collections.abc.Mapping)):
        doc.set_doc(name, _to_doc(value))
    elif isinstance(value, (list, tuple)):
        if not all(isinstance(item, str) for item in value):
            raise TypeError('field %r: a list field holds only str' % name)
        doc.set_strv(name, list(value))
    else:
        raise TypeError('field %r: cannot store a %s in a doc (str, int, float, '
                        'bool, bytes, list of str or dict)' % (name, type(value).__name__))


def _get_field(doc, name, field_type):
    if field_type == Rill.FieldType.STRING:
        return doc.get_string(name)
    if field_type == Rill.FieldType.INT:
        return doc.get_int(name, 0)
    if field_type == Rill.FieldType.DOUBLE:
        return doc.get_double(name, 0.0)
    if field_type == Rill.FieldType.BOOL:
        return doc.get_bool(name, False)
    if field_type == Rill.FieldType.BYTES:
        data = doc.get_bytes(name).get_data()
        return bytes(data) if data is not None else b''
    if field_type == Rill.FieldType.STRV:
        return list(doc.get_strv(name) or [])
    if field_type == Rill.FieldType.DOC:
        return doc.get_doc(name)
    raise KeyError(name)


class Doc(Rill.Doc):
    """A record in a pipeline, usable as a mutable mapping of field names to
    values. ``Rill.Doc(url="https://...", tags=["a", "b"])`` creates one."""

    def __new__(cls, *args, **fields):
        return Rill.Doc.new()

    def __init__(self, *args, **fields):
        if len(args) > 1:
            raise TypeError('Rill.Doc() takes at most one mapping, got %d' % len(args))
        if args:
            self.update(args[0])
        self.update(fields)

    def __getitem__(self, name):
        field_type = self.get_field_type(name)
        if field_type == Rill.FieldType.NONE:
            raise KeyError(name)
        return _get_field(self, name, field_type)

    def __setitem__(self, name, value):
        _set_field(self, name, value)

    def __delitem__(self, name):
        if not self.remove_field(name):
            raise KeyError(name)

    def __contains__(self, name):
        return isinstance(name, str) and self.has_field(name)

    def __len__(self):
        return self.get_n_fields()

    def __iter__(self):
        return iter(self.get_field_names() or [])

    def __eq__(self, other):
        if isinstance(other, Rill.Doc):
            return self.equal(other)
        if isinstance(other, collections.abc.Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    # Mutable: not hashable, like dict.
    __hash__ = None

    def __repr__(self):
        return '<Rill.Doc seq=%d %s>' % (self.get_seq(), self.to_json(False))

    def keys(self):
        return list(self)

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]

    def get(self, name, default=None):
        field_type = self.get_field_type(name)
        if field_type == Rill.FieldType.NONE:
            return default
        return _get_field(self, name, field_type)

    def pop(self, name, *default):
        if name in self:
            value = self[name]
            del self[name]
            return value
        if default:
            return default[0]
        raise KeyError(name)

    def setdefault(self, name, default=None):
        if name not in self:
            self[name] = default
        return self[name]

    def update(self, other=(), **fields):
        if isinstance(other, collections.abc.Mapping) or hasattr(other, 'keys'):
            for name in other.keys():
                self[name] = other[name]
        else:
            for name, value in other:
                self[name] = value
        for name, value in fields.items():
            self[name] = value

    def to_dict(self):
        """Returns the fields as a plain dict, nested docs as dicts."""
        return {name: (value.to_dict() if isinstance(value, Rill.Doc) else value)
                for name, value in self.items()}


Doc = override(Doc)
__all__.append('Doc')
collections.abc.MutableMapping.register(Doc)


# ---- factories, pipelines --------------------------------------------------

def _set_properties(element, properties):
    for key, value in properties.items():
        element.set_property(key.replace('_', '-'), value)


class ElementFactory(Rill.ElementFactory):
    @staticmethod
    def make(factory_name, name=None, **properties):
        """Creates an element of the factory @factory_name, named @name, and
        sets the keyword arguments as properties (``max_queued=3`` sets
        ``max-queued``). Raises GLib.Error when there is no such factory."""
        element = Rill.ElementFactory.make(factory_name, name)
        _set_properties(element, properties)
        return element

    def create(self, name=None, **properties):
        element = Rill.ElementFactory.create(self, name)
        _set_properties(element, properties)
        return element


ElementFactory = override(ElementFactory)
__all__.append('ElementFactory')


class _DocIterator:
    """Runs @pipeline with run_async on a private main context iterated by a
    helper thread, and pulls the app-sink's docs on the caller's thread."""

    def __init__(self, pipeline, sink, cancellable):
        self.pipeline = pipeline
        self.sink = sink
        self.user_cancellable = cancellable
        self.cancellable = Gio.Cancellable()
        # Wakes the pull when the run is over, even if the app-sink never
        # started (a run that failed before starting its elements).
        self.run_over = Gio.Cancellable()
        self.context = GLib.MainContext.new()
        self.done = threading.Event()
        self.error = None
        self.thread = None
        self.handler = 0

    def _finished(self, pipeline, result):
        try:
            pipeline.run_finish(result)
        except GLib.Error as error:
            self.error = error
        self.done.set()
        self.run_over.cancel()

    def _iterate(self):
        while not self.done.is_set():
            self.context.iteration(True)

    def start(self):
        if self.user_cancellable is not None:
            self.handler = self.user_cancellable.connect(lambda *args: self.cancellable.cancel())
        # run_async starts the sinks before it returns, so the app-sink is
        # reset before the first pull.
        self.context.push_thread_default()
        try:
            self.pipeline.run_async(self.cancellable, self._finished)
        finally:
            self.context.pop_thread_default()
        self.thread = threading.Thread(target=self._iterate, name='rill-iter-docs',
                                       daemon=True)
        self.thread.start()

    def stop(self, cancel):
        if cancel and not self.done.is_set():
            self.cancellable.cancel()
        if self.thread is not None:
            self.thread.join()
        if self.handler:
            self.user_cancellable.disconnect(self.handler)
            self.handler = 0

    def __iter__(self):
        self.start()
        completed = False
        try:
            while True:
                doc = self.sink.pull_doc(self.run_over)
                if doc is None:
                    break
                yield doc
            completed = True
        finally:
            # GeneratorExit (break, close, garbage collection) or an
            # exception in the loop body: cancel and wait for a clean stop.
            self.stop(cancel=not completed)
        if self.error is not None:
            raise self.error


class Pipeline(Rill.Pipeline):
    def iter_docs(self, sink_name, cancellable=None):
        """Runs the pipeline and yields each doc reaching the app-sink named
        @sink_name as it arrives. Breaking out of the loop (or closing the
        generator) cancels the run and waits until it has stopped cleanly;
        a run that fails raises its GLib.Error after the last doc.

        The run happens on a helper thread; bus messages are delivered
        there. Set the app-sink's ``max-queued`` for backpressure."""
        sink = self.get_by_name(sink_name)
        if sink is None:
            raise KeyError('the pipeline has no element named %r' % sink_name)
        if not isinstance(sink, Rill.AppSink):
            raise TypeError('%r is a %s, not an app-sink' % (sink_name, type(sink).__name__))
        return iter(_DocIterator(self, sink, cancellable))

    def __getitem__(self, name):
        element = self.get_by_name(name)
        if element is None:
            raise KeyError(name)
        return element

    def __iter__(self):
        return iter(self.get_elements())


Pipeline = override(Pipeline)
__all__.append('Pipeline')


# ---- elements written in Python ------------------------------------------

def _where(exc):
    """Where @exc was raised in the element's own code: the innermost frame
    outside this file (a KeyError raised by Doc.__getitem__ points at the
    element's line that read the field)."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if frame.filename != __file__]
    if not frames:
        return ''
    last = frames[-1]
    return ' (%s:%d in %s)' % (os.path.basename(last.filename), last.lineno, last.name)


_thread_pinned = threading.local()


def _pin_thread_state():
    """Keeps this thread's Python thread state between two calls.

    Pipeline worker threads are not created by Python: for each vfunc call
    PyGObject creates a thread state with PyGILState_Ensure() and destroys
    it with PyGILState_Release() (an mmap, a munmap and a gettid per doc,
    several times the cost of a simple element). The python plugin
    (librill-python.so, loaded by the registry when it is on the plugin
    path) keeps one state per worker thread and releases it when the
    thread exits; without that plugin nothing is pinned."""
    _thread_pinned.done = True
    if not isinstance(threading.current_thread(), threading._DummyThread):
        return  # a thread started by Python keeps its state anyway
    pin = _find_pin_function()
    if pin is not None:
        pin()


_pin_function = []


def _find_pin_function():
    if not _pin_function:
        pin = None
        try:
            import ctypes
            plugin = Rill.Registry.get_default().find_plugin('python')
            filename = plugin.get_filename() if plugin is not None else None
            if filename:
                # PyDLL: the call keeps the GIL, which the function needs.
                library = ctypes.PyDLL(filename, mode=os.RTLD_NOLOAD | os.RTLD_NOW)
                pin = library.rill_python_pin_thread_state
                pin.restype = None
                pin.argtypes = []
        except (ImportError, AttributeError, OSError):
            pin = None
        _pin_function.append(pin)
    return _pin_function[0]


def _wrap_vfunc(func, domain, code):
    """Turns a Python exception escaping @func into a GLib.Error of @domain
    and @code, which PyGObject hands to the vfunc's GError**."""
    if getattr(func, '_rill_wrapped', False):
        return func

    def wrapper(*args):
        if not getattr(_thread_pinned, 'done', False):
            _pin_thread_state()
        try:
            return func(*args)
        except GLib.Error:
            raise
        except Exception as exc:
            if os.environ.get('RILL_PYTHON_TRACEBACK'):
                traceback.print_exc()
            raise GLib.Error('%s: %s%s' % (type(exc).__name__, exc, _where(exc)),
                             domain, code) from exc

    wrapper._rill_wrapped = True
    wrapper.__name__ = func.__name__
    wrapper.__qualname__ = getattr(func, '__qualname__', func.__name__)
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func
    return wrapper


_FAIL_DOC = (_DOC_ERROR, int(Rill.DocError.FAILED))
_FAIL_RUN = (_PIPELINE_ERROR, int(Rill.PipelineError.FAILED))
_VFUNC_ERRORS = {
    'do_transform': _FAIL_DOC,
    'do_render': _FAIL_DOC,
    'do_create': _FAIL_RUN,
    'do_drain': _FAIL_RUN,
    'do_flush': _FAIL_RUN,
    'do_start': _FAIL_RUN,
    'do_stop': _FAIL_RUN,
}


def _wrap_subclass(cls):
    # Runs from __init_subclass__, before PyGObject's metaclass registers the
    # GType and hooks the do_* methods, so the wrappers are what it hooks.
    for name, (domain, code) in _VFUNC_ERRORS.items():
        func = cls.__dict__.get(name)
        if func is not None and callable(func):
            setattr(cls, name, _wrap_vfunc(func, domain, code))


class Element(Rill.Element):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _wrap_subclass(cls)


Element = override(Element)
__all__.append('Element')


class Transform(Rill.Transform):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _wrap_subclass(cls)

    def emit_doc(self, doc):
        """Passes an extra @doc downstream; only during do_transform or
        do_drain (``emit`` is GObject's signal emission in Python)."""
        Rill.Transform.emit(self, doc)


Transform = override(Transform)
__all__.append('Transform')


class Source(Rill.Source):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _wrap_subclass(cls)


Source = override(Source)
__all__.append('Source')


class Sink(Rill.Sink):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _wrap_subclass(cls)


Sink = override(Sink)
__all__.append('Sink')


# Set by the Python plugin loader (librill-python) while it runs the .py
# files of a plugin folder, so their elements belong to the `python` plugin.
_loading_plugin = threading.local()


def _current_plugin():
    return getattr(_loading_plugin, 'plugin', None)


def _apply_class_settings(cls):
    metadata = getattr(cls, '__rill_metadata__', None)
    if metadata is not None:
        long_name, classification, description, author = metadata
        Rill.ElementClass.set_metadata(cls, long_name, classification, description, author)
    caps = getattr(cls, '__rill_caps__', None)
    if caps is not None:
        accepts, produces = caps
        Rill.ElementClass.set_caps(cls, accepts, produces)
    concurrency = getattr(cls, '__rill_concurrency__', None)
    if concurrency is not None:
        Rill.ElementClass.set_concurrency(cls, concurrency)


def register_element(name, element_type=None, plugin=None):
    """Registers the element class @element_type (a Python subclass of
    Rill.Transform, Rill.Source or Rill.Sink, or a GType) as the factory
    @name, usable in launch lines and by ElementFactory.make.

    Without @element_type, returns a class decorator::

        @Rill.register_element('py-upper')
        class Upper(Rill.Transform): ...

    @plugin defaults to the `python` plugin while the Python plugin loader
    runs a plugin file, else None (an element of the application). Raises
    GLib.Error (RILL_PLUGIN_ERROR_NAME_TAKEN) when @name is taken."""
    if element_type is None:
        def decorator(cls):
            register_element(name, cls, plugin)
            return cls
        return decorator

    if plugin is None:
        plugin = _current_plugin()
    if isinstance(element_type, type):
        _apply_class_settings(element_type)
        gtype = element_type.__gtype__
    else:
        gtype = element_type
    Rill.Element.register(plugin, name, gtype)
    return element_type


__all__.append('register_element')

# rill_element_register() has no first-argument instance, so GI puts it on
# Rill.Element as Rill.Element.register; the C name works too.
element_register = Rill.Element.register
__all__.append('element_register')
