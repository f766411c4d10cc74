"""The part of the CPython recorder that runs inside the CPython being recorded.

`record.py` starts `<cpython> -s record_child.py <program> <result-file>`, once
per program.  This file installs the tracer, runs the program, and writes the
raw result; `record.py` decodes it (see tests/cpython/README.md).

Why a separate, small file with every name starting with `_`: CPython 3.13
interns the identifiers of every code object it compiles (variable, argument
and attribute names) as *immortal* strings, and a string literal of the
program that spells the same word is then that immortal object.  Everything
compiled in this process before the program runs is therefore seen by the
program: when the tracer lived in record.py (which imports json, subprocess,
tempfile, ...), some 3600 extra words were immortal, among them "first",
"plain" and "alive", and their refcounts came out as null.  So this file only
imports C modules before the program runs, and its own names start with `_`
(a program rarely has a literal like "_held").  Attribute names it uses
(`f_code`, `co_filename`, `f_lineno`, ...) are still interned.

Needs CPython 3.12+ (3.13 for exact local refcounts). `record_child.py <program>
<result> _untraced` runs the program without the tracer (record.py takes the printed output
from that run).
"""

import gc as _gc
import sys as _sys

try:
    from posix import _exit
except ImportError:  # Windows
    from nt import _exit
from _io import StringIO as _StringIO
from _weakref import ref as _weakref

_REFSCOPE = "<refscope>"
_US = "\x1f"  # separates fields inside one raw event record, name or item
_RS = "\x1e"  # separates the header from each measured name
_GS = "\x1d"  # separates a measured name from each of its items
_FS = "\x1c"  # like _RS, before each of the module's globals measured in a function
# Program-made strings (names, type names, attribute names) could contain the
# separators; replace them rather than mis-split the record.
_SANITIZE = str.maketrans({_US: "\ufffd", _RS: "\ufffd", _GS: "\ufffd", _FS: "\ufffd"})
_IMMORTAL_MIN = 2 ** 30
_CO_OPTIMIZED = 0x0001  # inspect.CO_OPTIMIZED: set for function frames only
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made at run time or by an extension
_MAX_ITEMS = 50  # items recorded per name

# Raw event records, one str per event.  Strings are not gc containers and
# hold no reference to any object of the traced program, so keeping them does
# not disturb refcounts or the gc's allocation counters.
_EVENTS = []
_getrefcount = _sys.getrefcount
_getsizeof = _sys.getsizeof
_is_immortal = getattr(_sys, "_is_immortal", None)  # 3.14+
_exc_info = _sys.exc_info
_getframe = _sys._getframe
_gettrace = _sys.gettrace
_settrace = _sys.settrace
_gc_isenabled = _gc.isenabled
_gc_disable = _gc.disable
_gc_enable = _gc.enable
_ModuleType = type(_sys)
# The tracer never looks anything up *on* a program object or class: attribute
# lookup can reach a program's __getattribute__, __getattr__, a property, or a
# metaclass's __getattribute__.  It calls these C slots of the built-in types
# directly instead; none of them can call back into Python code.
_type_name = type.__dict__["__name__"].__get__  # the class's own name (ht_name)
_type_flags = type.__dict__["__flags__"].__get__
_type_mro = type.__dict__["__mro__"].__get__  # the tp_mro tuple
_type_dict = type.__dict__["__dict__"].__get__  # mappingproxy of the class's own dict
_str_copy = str.__str__  # exact str from a str subclass, without calling its __str__
_dict_keys = dict.keys  # a dict subclass's overrides are not called
_dict_values = dict.values
_GetSetDescriptor = type(type.__dict__["__name__"])  # C getter (e.g. a __dict__ slot)
_MethodDescriptor = type(object.__dict__["__sizeof__"])  # C method (e.g. list.__sizeof__)
_WrapperDescriptor = type(object.__dict__["__str__"])  # C slot (e.g. BaseException.__str__)
_NOTHING = object()  # "no value": never one of the program's objects
# The builtins the tracer calls, bound here: a program that replaces
# builtins.repr (say) does not get its function called by the tracer.
_type = type
_str = str
_int = int
_dict = dict
_list = list
_tuple = tuple
_id = id
_iter = iter
_next = next
_len = len
_issubclass = issubclass
_Exception = Exception
_TypeError = TypeError
_open = open  # and these for after the run
_repr = repr
_BaseException = BaseException
_BaseExceptionGroup = BaseExceptionGroup


def _locals_proxy_type():
    return _type(_getframe().f_locals)


_FrameLocalsProxy = _locals_proxy_type()  # PEP 667 proxy (3.13); a dict on 3.12
_KEYS = {}  # id() of a live, followed object -> its key
_ID_OF_KEY = {}
_WEAKREFS = []  # key -> the weakref that follows it (None once it died)
_KEY_OF_REF = {}  # id() of a live weakref -> key
_DEATHS = []
# id() of every constant of the program's code objects (through constant tuples and
# frozensets): they live as long as the code does, the whole run, whatever a name does.
_CONSTS = set()
_IN_GC = [False]


def _tracer(_frame, _event, _arg):
    """sys.settrace hook.  Deliberately one flat function that only calls
    C-level builtins: no helper calls (each would be one more Python frame,
    which matters near the recursion limit) and nothing survives the call
    except the str appended to _EVENTS.

    It never runs program code.  Comparisons and str formatting are done on
    exact strs and ints only (a str subclass could override __eq__ or
    __format__); namespaces and dicts are read with dict's own C iterators
    (no hashing or comparing of program keys); classes are read through the C
    slots above; sys.getsizeof is only called when the __sizeof__ it would
    call is a C method."""
    _code = _frame.f_code
    _fn = _code.co_filename
    if _type(_fn) is not _str or _fn != _REFSCOPE:
        return None
    _depth = 0
    _f = _frame
    while _f is not None:
        _fn = _f.f_code.co_filename
        if _type(_fn) is _str and _fn == _REFSCOPE:
            _depth += 1
        _f = _f.f_back
    _fn = None
    _cname = _str_copy(_code.co_name)
    _caller = ""
    _user_caller = ""
    _exit_exc = ""
    if _event == "call":
        _f = _frame.f_back
        if _f is not None:
            _fn = _f.f_code.co_filename
            if _type(_fn) is _str and _fn == _REFSCOPE:
                _caller = _f.f_lineno
        # The nearest program frame below, through library frames (ExitStack,
        # weakref.finalize): the line that set this call off.
        while _f is not None:
            _fn = _f.f_code.co_filename
            if _type(_fn) is _str and _fn == _REFSCOPE:
                _user_caller = _f.f_lineno
                break
            _f = _f.f_back
        _f = _fn = None
        if _cname == "__exit__" and _code.co_argcount >= 2:
            try:
                _t = _frame.f_locals[_code.co_varnames[1]]
                _exit_exc = "" if _t is None else _str_copy(_type_name(_t)).translate(_SANITIZE)
            except _Exception:  # not a class
                _exit_exc = "?"
            _t = None
    _header = (f"{_event}{_US}{_cname.translate(_SANITIZE)}{_US}{_frame.f_lineno}{_US}{_depth}"
               f"{_US}{_caller}{_US}{_user_caller}{_US}{_exit_exc}")
    if _event != "line":
        _EVENTS.append(_header)
        return _tracer
    # The tracer allocates gc-tracked objects (lists, iterators).  If one of
    # them crossed the collection threshold, the collection would run here,
    # and with it the program's __del__ methods and weakref callbacks,
    # untraced.  With the gc off until the tracer returns, the collection
    # happens at the program's next allocation instead, as without a tracer.
    _gc_on = _gc_isenabled()
    if _gc_on:
        _gc_disable()
    try:
        # The exception being handled, if any: inside a `finally` entered by an
        # exception this is the exception in flight.
        _handled = _exc_info()[0]
        _parts = [_header, _US,
                  "" if _handled is None else _str_copy(_type_name(_handled)).translate(_SANITIZE)]
        _handled = None
        # Pass 0 measures the innermost frame's names; pass 1, when that frame
        # is not the module's, the module's globals too (the diagram shows
        # them while a function runs), each entry after `_FS`.
        for _pass in (0, 1):
            # Module and class bodies use a plain dict namespace; functions use
            # the PEP 667 proxy (3.13+), which only lists bound names.  For the
            # module frame read f_globals: while an inlined (PEP 709) comprehension
            # runs at module level, 3.13's f_locals is a proxy showing only the
            # comprehension's hidden iteration variable.
            _dict_ns = not (_code.co_flags & _CO_OPTIMIZED)
            _sep = _RS
            if _pass == 1:
                if _dict_ns and _cname == "<module>":
                    break
                _ns = _frame.f_globals
                _dict_ns = True
                _sep = _FS
            elif _dict_ns and _cname == "<module>":
                _ns = _frame.f_globals
            else:
                _ns = _frame.f_locals
            # Copy the names as bytes so that no reference to the program's own
            # key strings is held while values are measured.
            _nsit = None
            _ns_extra = 0  # references to `_ns` held here
            _tp = _type(_ns)
            if _tp is _dict or _issubclass(_tp, _dict):
                # Module globals, or a class namespace (a dict subclass if a
                # metaclass's __prepare__ made one).  Walk keys, then values, with
                # dict's C iterators: looking a name up could call a program key's
                # __eq__ (a non-str key whose hash collides).  Non-str keys stay in
                # the list as None so that the two walks stay in step.
                _keys = [_k.encode("utf-8", "surrogatepass") if _type(_k) is _str else None
                         for _k in _dict_keys(_ns)]
                _nsit = _iter(_dict_values(_ns))
                _ns_extra = 2  # `_ns` and `_nsit`
            elif _tp is _FrameLocalsProxy:
                _keys = [_k.encode("utf-8", "surrogatepass") for _k in _ns if _type(_k) is _str]
            else:
                _keys = []  # a __prepare__ namespace that is no dict: reading it runs its code
            _tp = None
            for _raw in _keys:
                if _nsit is not None:
                    _v = _next(_nsit, _NOTHING)
                    if _raw is None or _v is _NOTHING:
                        continue
                    _name = _raw.decode("utf-8", "surrogatepass")
                else:
                    _name = _raw.decode("utf-8", "surrogatepass")
                    try:
                        _v = _ns[_name]
                    except _Exception:
                        continue
                if _dict_ns and _name[:2] == "__" and _name[-2:] == "__":
                    continue
                if _dict_ns and _issubclass(_type(_v), _ModuleType):
                    continue
                # Follow the object's life: a weakref whose callback notes its death.
                # Keys are per object (ids can be reused once it is dead).
                _key = _KEYS.get(_id(_v))
                if _key is None:
                    _key = _len(_WEAKREFS)
                    try:
                        _WEAKREFS.append(_weakref(_v, _died))
                        _KEYS[_id(_v)] = _key
                        _ID_OF_KEY[_key] = _id(_v)
                        _KEY_OF_REF[_id(_WEAKREFS[_key])] = _key
                    except _TypeError:  # not weak-referenceable (list, dict, int, ...)
                        _key = ""
                # Measure `_v` (index -1), then the objects one reference away from
                # it (its items, index 0, 1, ...).  `_x` is the object being measured.
                _x = _v
                _index = -1
                _count = 0
                _src = None  # iterator over _v's items, or over its __dict__'s values
                _held = _NOTHING  # the container `_src` holds
                _dd = _NOTHING  # the instance __dict__ whose values are the items
                _labels = None  # dict / __dict__ items: one label per key, None = skipped
                _pos = 0  # position in `_labels`
                _label = ""
                while True:
                    _rc = None
                    try:
                        _r = _getrefcount(_x)
                        if _r < _IMMORTAL_MIN and not (_is_immortal is not None and _is_immortal(_x)):
                            # The program itself would see getrefcount(x) - 1.  Here
                            # there are also `_x` and getrefcount's argument (so 2),
                            # plus whatever else this function holds on the same
                            # object: `_v`, the container `_src` iterates (`_held`
                            # and `_src` itself), `_dd`, `_code` (a program may bind
                            # a code object), or the namespace (`_ns`, and `_nsit`
                            # for a dict namespace).
                            _rc = (_r - 2 - (_x is _v) - 2 * (_x is _held) - (_x is _dd)
                                   - (_x is _code) - (_ns_extra if _x is _ns else 0))
                    except _Exception:
                        _rc = None
                    _tp = _type(_x)
                    _tname = _str_copy(_type_name(_tp)).translate(_SANITIZE)
                    _size = None
                    _sizeof = _NOTHING
                    _getdict = _NOTHING
                    _ours = False
                    if _type_flags(_tp) & _HEAPTYPE:
                        # A class made at run time (or a heap type of an extension).
                        # Find the __sizeof__ and __dict__ that lookup on this class
                        # would find, walking the MRO's own dicts with C iteration.
                        # A non-str key in one of them would be compared during that
                        # lookup (its __eq__), so then sizeof is not called at all.
                        _plain = True
                        for _base in _type_mro(_tp):
                            for _k, _d in _type_dict(_base).items():
                                if _type(_k) is not _str:
                                    _plain = False
                                elif _k == "__sizeof__":
                                    if _sizeof is _NOTHING:
                                        _sizeof = _d
                                elif _k == "__dict__":
                                    if _getdict is _NOTHING:
                                        _getdict = _d
                                elif _k == "__module__" and _base is _tp:
                                    # Defined by the program: a class statement or
                                    # type() there sets __module__ to "__main__".
                                    _ours = _type(_d) is _str and _d == "__main__"
                        _k = _d = _base = None
                        if _plain and _type(_sizeof) is _MethodDescriptor:
                            try:
                                _size = _getsizeof(_x)
                            except _Exception:
                                _size = None
                    else:
                        try:
                            _size = _getsizeof(_x)
                        except _Exception:
                            _size = None
                    _sizeof = None
                    if _index >= 0:
                        _parts.append(f"{_GS}{_label}{_US}{_tname}{_US}{_rc}{_US}{_size}")
                    else:
                        _parts.append(f"{_sep}{_name.translate(_SANITIZE)}{_US}{_tname}{_US}{_rc}"
                                      f"{_US}{_size}{_US}{_key}{_US}"
                                      f"{'c' if _id(_v) in _CONSTS else ''}")
                        # What one reference away means for this value.
                        if _tp is _list or _tp is _tuple:
                            _src = _iter(_v)
                            _held = _v
                        elif _tp is _dict:
                            _labels = []
                            for _k in _dict_keys(_v):
                                if _type(_k) is _str or _type(_k) is _int:
                                    try:
                                        _labels.append(f"[{_k!r}]")
                                        _count += 1
                                    except _Exception:  # an int too long to print
                                        _labels.append(None)
                                else:
                                    _labels.append(None)
                                if _count >= _MAX_ITEMS:
                                    break
                            _k = None
                            _count = 0
                            _src = _iter(_dict_values(_v))
                            _held = _v
                        elif _ours and _type(_getdict) is _GetSetDescriptor:
                            # The instance's attributes: the C getter of its __dict__
                            # slot (found above, so no property or __getattribute__
                            # is involved).  In 3.13 this materialises the dict of an
                            # object whose attributes are still inline values (the
                            # dict shares the values: no refcount changes), and gives
                            # an instance of an exception class an empty dict.
                            try:
                                _dd = _getdict.__get__(_v, _tp)
                            except _Exception:
                                _dd = _NOTHING
                            if _type(_dd) is _dict or _issubclass(_type(_dd), _dict):
                                _labels = []
                                for _k in _dict_keys(_dd):
                                    if _type(_k) is _str:
                                        _labels.append("." + _k.translate(_SANITIZE))
                                        _count += 1
                                    else:
                                        _labels.append(None)
                                    if _count >= _MAX_ITEMS:
                                        break
                                _k = None
                                _count = 0
                                _src = _iter(_dict_values(_dd))
                                _held = _dd
                            else:
                                _dd = _NOTHING
                    _tp = _getdict = None
                    # The next item, if any.
                    _x = None
                    if _src is None or _count >= _MAX_ITEMS:
                        break
                    if _labels is None:
                        _x = _next(_src, _NOTHING)
                        if _x is _NOTHING:
                            break
                        _index += 1
                        _label = f"[{_index}]"
                    else:
                        while _pos < _len(_labels) and _labels[_pos] is None:
                            _next(_src, None)
                            _pos += 1
                        if _pos >= _len(_labels):
                            break
                        _x = _next(_src, _NOTHING)
                        if _x is _NOTHING:
                            break
                        _label = _labels[_pos]
                        _pos += 1
                        _index += 1
                    _count += 1
                _x = _v = _src = _held = _dd = _labels = None
        _ns = _nsit = None
        _EVENTS.append("".join(_parts))
    finally:
        if _gc_on:
            _gc_enable()
    return _tracer


def _died(_ref):
    """Weakref callback: one of the program's objects is gone.  Notes which,
    before which event, on which program line (and that frame's depth), and
    whether the cyclic gc was running (so it was collected rather than freed by
    its refcount)."""
    _key = _KEY_OF_REF.pop(_id(_ref), None)
    if _key is None:
        return
    _f = _getframe(1)
    while _f is not None:
        _fn = _f.f_code.co_filename
        if _type(_fn) is _str and _fn == _REFSCOPE:
            break
        _f = _f.f_back
    _fn = None
    _line = None if _f is None else _f.f_lineno
    _depth = 0
    while _f is not None:
        _fn = _f.f_code.co_filename
        if _type(_fn) is _str and _fn == _REFSCOPE:
            _depth += 1
        _f = _f.f_back
    _KEYS.pop(_ID_OF_KEY.pop(_key), None)
    _WEAKREFS[_key] = None
    _DEATHS.append({"object": _key, "event": _len(_EVENTS), "line": _line, "depth": _depth,
                    "gc": _IN_GC[0]})


def _gc_phase(_phase, _info):
    _IN_GC[0] = _phase == "start"


def _watchdog(_code, _offset, _exc):
    """sys.monitoring EXCEPTION_HANDLED callback.

    A settrace function is itself a Python call, so at the recursion limit
    CPython cannot call it: it raises RecursionError in the traced program and
    removes the trace function.  When the program later handles an exception
    (e.g. `except RecursionError`), put the tracer back.  Frames that were
    already traced keep their f_trace, so their line events resume."""
    if _gettrace() is None:
        _settrace(_tracer)


_PLAIN = (str, int, float, complex, bool, bytes, type(None))


def _plain(_value, _depth=0):
    """Whether str()/repr() of a value runs no program code: exact built-in
    scalars, and tuples/lists of them."""
    _tp = _type(_value)
    if _tp in _PLAIN:
        return True
    if (_tp is _tuple or _tp is _list) and _depth < 2:
        for _item in _value:
            if not _plain(_item, _depth + 1):
                return False
        return True
    return False


def _exception_message(_exc):
    """str(exc), or None if computing it could run program code: a __str__
    defined in the program, or a C __str__ that would format a program object
    (an argument, or a field such as OSError.filename)."""
    _tp = _type(_exc)
    _found = _NOTHING
    for _base in _type_mro(_tp):
        for _k, _d in _type_dict(_base).items():
            if _type(_k) is not _str:
                return None
            if _k == "__str__" and _found is _NOTHING:
                _found = _d
    if _type(_found) is not _WrapperDescriptor:
        return None
    _get = _BaseException.__dict__
    _args = _get["args"].__get__(_exc)
    # Not used by any built-in __str__: the instance dict (with __notes__),
    # the class, the traceback and the chained exceptions.
    _skip = [_args, _tp, _get["__dict__"].__get__(_exc), _get["__traceback__"].__get__(_exc),
             _get["__cause__"].__get__(_exc), _get["__context__"].__get__(_exc)]
    _group = _issubclass(_tp, _BaseExceptionGroup)
    if _group:
        if not (_args and _type(_args[0]) is _str):
            return None
    elif not _plain(_args):
        return None
    for _ref in _gc.get_referents(_exc):
        _known = False
        for _s in _skip:
            if _ref is _s:
                _known = True
        if _known:
            continue
        if _group and _type(_ref) is _tuple:
            continue  # the sub-exceptions: str() only counts them
        if not _plain(_ref):
            return None
    return _str(_exc)


def _note_consts(_c):
    """Adds the constants of code object `_c` and of the code objects it holds."""
    for _k in _c.co_consts:
        if _type(_k) is _type(_c):
            _note_consts(_k)
            continue
        _todo = [_k]
        while _todo:
            _x = _todo.pop()
            _CONSTS.add(_id(_x))
            if _type(_x) is _tuple or _type(_x) is frozenset:
                _todo.extend(_x)


def _main(_src_path, _out_path, _plain_run=False):
    with _open(_src_path, encoding="utf-8") as _fh:
        _source = _fh.read()
    _code = compile(_source, _REFSCOPE, "exec")
    _note_consts(_code)
    _namespace = {"__name__": "__main__", "__builtins__": __builtins__}

    # Everything used after the run is fetched now: the program may replace
    # sys.stdout, sys.stderr, functions of sys.monitoring, ...
    _real_stdout = _sys.stdout
    _real_stderr = _sys.stderr
    _version = _sys.version
    _mon = getattr(_sys, "monitoring", None)
    _tool = None
    if _mon is not None:
        _set_events = _mon.set_events
        _register_callback = _mon.register_callback
        _free_tool_id = _mon.free_tool_id
        _handled_event = _mon.events.EXCEPTION_HANDLED
        for _candidate in (4, 3):
            if _mon.get_tool(_candidate) is None:
                _tool = _candidate
                _mon.use_tool_id(_tool, "refscope-recorder")
                _register_callback(_tool, _handled_event, _watchdog)
                break

    _capture = _StringIO()
    _getvalue = _StringIO.getvalue  # not an attribute the program could set on _capture
    _uncaught = None
    _stdout_text = None
    _gc.collect()  # start the program with no garbage of ours around
    _sys.stdout = _capture
    if _tool is not None and not _plain_run:
        _set_events(_tool, _handled_event)
    if not _plain_run:
        _gc.callbacks.append(_gc_phase)
        _settrace(_tracer)
    try:
        exec(_code, _namespace)
    except _BaseException as _exc:  # the program's uncaught exception
        _settrace(None)
        _stdout_text = _getvalue(_capture)
        # CPython would print `Type: str(exc)` on stderr.  Only compute that
        # if no program code runs for it (else null: 99_uncaught_str in
        # tests/hostile has an exception whose __str__ prints).
        try:
            _message = _exception_message(_exc)
        except _BaseException:
            _message = None
        _uncaught = {"type": _str_copy(_type_name(_type(_exc))), "message": _message}
    finally:
        _settrace(None)
        if _tool is not None:
            _set_events(_tool, 0)
        if _stdout_text is None:
            _stdout_text = _getvalue(_capture)
        _sys.stdout = _real_stdout
    if _tool is not None:
        _register_callback(_tool, _handled_event, None)
        _free_tool_id(_tool)

    _result = {
        "cpython": _version,
        "stdout": _stdout_text,
        "uncaught": _uncaught,
        "raw_events": _EVENTS,
        "deaths": _DEATHS,
    }
    # A Python literal (record.py reads it with ast.literal_eval): repr() of
    # strs, ints, lists and dicts needs no module (importing json would
    # intern its names, see the docstring, or could run a program's import
    # hook), and the pinned repr and open are not the program's.
    with _open(_out_path, "w", encoding="utf-8") as _fh:
        _fh.write(_repr(_result))
    _real_stdout.flush()
    _real_stderr.flush()
    # Skip interpreter shutdown: whatever the program's objects do while the
    # interpreter is torn down is not part of the recording.
    _exit(0)


if __name__ == "__main__":
    # With `_untraced`, the program runs without the tracer: what it prints then is its
    # own. (An underscore word: this file's constants are interned in the program's
    # process, see the docstring.)
    # The tracer's weakrefs are counted by `weakref.getweakrefcount`, and its pauses of
    # the collector move automatic collections, so printed figures come from this run.
    _main(_sys.argv[1], _sys.argv[2], _sys.argv[3:] == ["_untraced"])
