/* rill-python-plugin.c: loads plugin files written in Python
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Python.h first, as CPython asks. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "config.h"

#include <dlfcn.h>

#include <rill.h>

/* The `python` plugin embeds CPython so that elements can be written in
 * Python and shipped as plain `.py` files, as gst-python does for
 * GStreamer.
 *
 * For each directory D of `RILL_PLUGIN_PATH`, then of
 * `RILL_PLUGIN_SYSTEM_PATH` (or `$libdir/rill-1.0` when that is unset), the
 * plugin runs every `.py` file of `D/python` in sorted order; a file name
 * already loaded from an earlier directory is skipped, as the registry does
 * for native plugins. Each file is run as a module named
 * `rill_plugin_<name>` with `__rill_plugin__` set to this plugin, and
 * registers its elements with `Rill.register_element (name, class)` (from
 * the overrides; the elements then belong to the `python` plugin) or
 * `Rill.Element.register (plugin, name, gtype)`.
 *
 * CPython is started only when there is at least one such file. In a
 * process that already runs Python (a script using `gi.repository.Rill`),
 * the running interpreter is used. A file that fails to load does not stop
 * the others: the plugin's init error lists the failures, which
 * rill-launch and rill-inspect print as load warnings.
 */

#define PLUGIN_NAME "python"

#ifndef RILL_PYTHON_PROGRAM
#define RILL_PYTHON_PROGRAM "/usr/bin/python3"
#endif

/* Runs with the GIL held; `_rill_python_load (plugin_name, files)` returns
 * a list of error strings, or raises ImportError when gi is missing. */
static const char bootstrap_source[] =
  "import importlib.util, os, re, sys, traceback\n"
  "if not hasattr(sys, 'argv'):\n"
  "    sys.argv = ['rill']\n"
  "def _rill_python_load(plugin_name, typelib_dir, files):\n"
  "    try:\n"
  "        import gi\n"
  "    except ImportError as e:\n"
  "        raise ImportError('python plugins need python3-gi: apt install python3-gi (%s)' % e)\n"
  "    try:\n"
  "        gi.require_version('Rill', '1.0')\n"
  "    except ValueError:\n"
  "        gi.require_version('GIRepository', '2.0')\n"
  "        from gi.repository import GIRepository\n"
  "        GIRepository.Repository.prepend_search_path(typelib_dir)\n"
  "        try:\n"
  "            gi.require_version('Rill', '1.0')\n"
  "        except ValueError:\n"
  "            raise ImportError('python plugins need Rill-1.0.typelib: it is not in %s '\n"
  "                              'nor on GI_TYPELIB_PATH' % typelib_dir) from None\n"
  "    from gi.repository import Rill\n"
  "    plugin = Rill.Registry.get_default().find_plugin(plugin_name)\n"
  "    overrides = sys.modules.get('gi.overrides.Rill')\n"
  "    state = getattr(overrides, '_loading_plugin', None)\n"
  "    errors = []\n"
  "    for path in files:\n"
  "        stem = os.path.splitext(os.path.basename(path))[0]\n"
  "        name = 'rill_plugin_' + re.sub(r'\\W', '_', stem)\n"
  "        if state is not None:\n"
  "            state.plugin = plugin\n"
  "        try:\n"
  "            spec = importlib.util.spec_from_file_location(name, path)\n"
  "            module = importlib.util.module_from_spec(spec)\n"
  "            module.__rill_plugin__ = plugin\n"
  "            sys.modules[name] = module\n"
  "            spec.loader.exec_module(module)\n"
  "        except BaseException as e:\n"
  "            sys.modules.pop(name, None)\n"
  "            where = traceback.extract_tb(e.__traceback__)\n"
  "            line = ''\n"
  "            for frame in reversed(where):\n"
  "                if frame.filename == path:\n"
  "                    line = ':%d' % frame.lineno\n"
  "                    break\n"
  "            if isinstance(e, SyntaxError) and e.lineno:\n"
  "                line = ':%d' % e.lineno\n"
  "            errors.append('%s%s: %s: %s' % (path, line, type(e).__name__, e))\n"
  "        finally:\n"
  "            if state is not None:\n"
  "                state.plugin = None\n"
  "    return errors\n";

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect_dir (const char *directory,
             GPtrArray  *files,
             GHashTable *seen)
{
  g_autofree char *folder = g_build_filename (directory, "python", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (dir == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".py") && entry[0] != '.' && entry[0] != '_')
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];

      if (g_hash_table_contains (seen, name))
        continue;
      g_hash_table_add (seen, g_strdup (name));
      g_ptr_array_add (files, g_build_filename (folder, name, NULL));
    }
}

static void
collect_path_list (const char *list,
                   GPtrArray  *files,
                   GHashTable *seen)
{
  g_auto(GStrv) dirs = NULL;

  if (list == NULL)
    return;
  dirs = g_strsplit (list, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    if (*dirs[i] != '\0')
      collect_dir (dirs[i], files, seen);
}

/* The same directories as the registry, in the same order. */
static GPtrArray *
collect_plugin_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *system_path = g_getenv ("RILL_PLUGIN_SYSTEM_PATH");

  collect_path_list (g_getenv ("RILL_PLUGIN_PATH"), files, seen);
  collect_path_list (system_path != NULL ? system_path : RILL_PLUGINSDIR, files, seen);
  return files;
}

/* The registry opens plugin modules with local binding, so libpython came
 * in as a local dependency of this module; extension modules such as gi's
 * _gi.so do not link libpython and need its symbols global. In a Python
 * executable the symbols are already global (the executable exports them). */
static void
make_libpython_global (void)
{
  Dl_info info;

  if (dladdr ((void *) Py_IsInitialized, &info) == 0 || info.dli_fname == NULL)
    return;
  if (strstr (info.dli_fname, "libpython") == NULL)
    return;
  /* Not closed: the handle only raises the library to global scope. */
  if (dlopen (info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) == NULL)
    g_warning ("cannot make %s global: %s", info.dli_fname, dlerror ());
}

/* Formats the pending Python exception as "Type: message" and clears it. */
static char *
fetch_exception (void)
{
  PyObject *type, *value, *traceback;
  PyObject *text = NULL;
  char *message = NULL;

  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  if (value != NULL)
    text = PyObject_Str (value);
  if (text != NULL && PyUnicode_Check (text))
    {
      const char *utf8 = PyUnicode_AsUTF8 (text);

      if (type != NULL && PyType_Check (type) &&
          !PyErr_GivenExceptionMatches (type, PyExc_ImportError))
        message = g_strdup_printf ("%s: %s", ((PyTypeObject *) type)->tp_name, utf8);
      else
        message = g_strdup (utf8);
    }
  PyErr_Clear ();
  Py_XDECREF (text);
  Py_XDECREF (type);
  Py_XDECREF (value);
  Py_XDECREF (traceback);
  return message != NULL ? message : g_strdup ("unknown Python error");
}

static PyObject *
strv_to_list (GPtrArray *files)
{
  PyObject *list = PyList_New (files->len);

  for (guint i = 0; list != NULL && i < files->len; i++)
    {
      PyObject *item = PyUnicode_DecodeFSDefault (files->pdata[i]);

      if (item == NULL)
        {
          Py_CLEAR (list);
          break;
        }
      PyList_SET_ITEM (list, i, item);
    }
  return list;
}

/* With the GIL held. */
static gboolean
load_files (GPtrArray  *files,
            GError    **error)
{
  PyObject *globals = NULL, *result = NULL, *loader, *list = NULL, *errors = NULL;
  gboolean ok = FALSE;

  globals = PyDict_New ();
  if (globals == NULL ||
      PyDict_SetItemString (globals, "__builtins__", PyEval_GetBuiltins ()) < 0)
    goto python_error;
  result = PyRun_String (bootstrap_source, Py_file_input, globals, globals);
  if (result == NULL)
    goto python_error;
  loader = PyDict_GetItemString (globals, "_rill_python_load");  /* borrowed */
  list = strv_to_list (files);
  if (loader == NULL || list == NULL)
    goto python_error;
  errors = PyObject_CallFunction (loader, "ssO", PLUGIN_NAME, RILL_TYPELIBDIR, list);
  if (errors == NULL)
    goto python_error;

  if (PyList_Check (errors) && PyList_GET_SIZE (errors) > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (Py_ssize_t i = 0; i < PyList_GET_SIZE (errors); i++)
        {
          const char *line = PyUnicode_AsUTF8 (PyList_GET_ITEM (errors, i));

          if (line == NULL)
            {
              PyErr_Clear ();
              line = "(unprintable error)";
            }
          g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", line);
        }
      g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_INIT,
                   "%s", text->str);
      goto out;
    }
  ok = TRUE;
  goto out;

python_error:
  {
    g_autofree char *message = fetch_exception ();

    g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_INIT, "%s", message);
  }
out:
  Py_XDECREF (errors);
  Py_XDECREF (list);
  Py_XDECREF (result);
  Py_XDECREF (globals);
  return ok;
}

/* Pipeline worker threads are not created by Python, so PyGObject creates
 * and destroys a Python thread state around every call into a Python
 * element (an mmap, a munmap and a gettid per doc). The overrides call
 * rill_python_pin_thread_state() once per thread (through ctypes.PyDLL,
 * with the GIL held) to keep one state for the thread's life; it is
 * released when the thread exits. */
static void
unpin_thread_state (gpointer data)
{
  PyThreadState *tstate = data;

  if (!Py_IsInitialized () || _Py_IsFinalizing ())
    return;
  /* At thread exit, Python's own thread-local key may already be cleared,
   * so the PyGILState API cannot be used: take the GIL with the pinned
   * state and delete it, which releases the GIL. */
  PyEval_RestoreThread (tstate);
  PyThreadState_Clear (tstate);
  PyThreadState_DeleteCurrent ();
}

static GPrivate pinned_thread_state = G_PRIVATE_INIT (unpin_thread_state);

G_MODULE_EXPORT void rill_python_pin_thread_state (void);

/* Called from Python, with the GIL held. */
G_MODULE_EXPORT void
rill_python_pin_thread_state (void)
{
  if (g_private_get (&pinned_thread_state) != NULL)
    return;
  /* One more reference than PyGObject's: its PyGILState_Release() after
   * each call then only releases the GIL. */
  PyGILState_Ensure ();
  g_private_set (&pinned_thread_state, PyThreadState_Get ());
}

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  g_autoptr(GPtrArray) files = collect_plugin_files ();
  PyGILState_STATE gil;
  gboolean ok;

  /* No Python plugin files: do not start an interpreter at all. */
  if (files->len == 0)
    return TRUE;

  make_libpython_global ();
  if (!Py_IsInitialized ())
    {
      /* No signal handlers: the host keeps its own SIGINT handling. The
       * interpreter lives until the process exits (GTypes defined in
       * Python can never be unregistered), and the GIL is released so
       * that worker threads can take it. */
      PyPreConfig preconfig;
      PyConfig config;
      PyStatus status;

      /* The host owns the locale and the standard streams: no
       * setlocale(), no C locale coercion (which sets LC_CTYPE in the
       * environment), no change to stdio buffering. */
      PyPreConfig_InitPythonConfig (&preconfig);
      preconfig.configure_locale = 0;
      preconfig.coerce_c_locale = 0;
      preconfig.coerce_c_locale_warn = 0;
      status = Py_PreInitialize (&preconfig);

      PyConfig_InitPythonConfig (&config);
      config.install_signal_handlers = 0;
      config.configure_c_stdio = 0;
      config.parse_argv = 0;
      /* The interpreter this module was built for: its prefix gives
       * sys.path (and Debian's dist-packages, where python3-gi is),
       * whatever `python3` comes first on PATH. */
      if (!PyStatus_Exception (status))
        status = PyConfig_SetBytesString (&config, &config.program_name, RILL_PYTHON_PROGRAM);
      if (!PyStatus_Exception (status))
        status = Py_InitializeFromConfig (&config);
      PyConfig_Clear (&config);
      if (PyStatus_Exception (status) || !Py_IsInitialized ())
        {
          g_set_error (error, RILL_PLUGIN_ERROR, RILL_PLUGIN_ERROR_INIT,
                       "cannot start the Python interpreter (%s): %s", RILL_PYTHON_PROGRAM,
                       status.err_msg != NULL ? status.err_msg : "unknown error");
          return FALSE;
        }
      PyEval_SaveThread ();
    }

  gil = PyGILState_Ensure ();
  ok = load_files (files, error);
  PyGILState_Release (gil);
  return ok;
}

RILL_PLUGIN_DEFINE (PLUGIN_NAME,
                    "Loads elements written in Python from python/*.py files "
                    "on the plugin path",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
