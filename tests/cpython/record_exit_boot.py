"""Runs inside CPython for record_exit.py's second ("marker") run.

    python3 -s record_exit_boot.py CODE COUNT0 prog.py

CODE is prog.py's code object, compiled by the same CPython in another
process and marshalled (record_exit.py does it: compile() called from Python
would first build the `ast` module's classes, about 1,100 tracked objects
that `python3 prog.py` never makes, and move every automatic collection).
COUNT0 is gc.get_count()[0] at the first line of a program run as
`python3 prog.py` (record_exit.py measures it): this file's own objects would
still make the marker run's first automatic collection come that many
allocations early, so generation 0's threshold is raised by the difference
until the first collection starts, and then put back.

It runs prog.py in the real __main__ module, the way `python3 prog.py` does
(same globals: __file__, __cached__, __loader__; sys.argv and sys.path[0] as
for a script), and

- writes MARK to sys.__stdout__ at the instant the program's module code
  returns or an exception leaves it (sys.monitoring PY_RETURN and PY_UNWIND,
  for the module's code object only). Everything the program prints after
  MARK was printed while the interpreter was ending: the traceback's side
  effects, atexit handlers, the exit collections, module teardown;
- writes one GC line to sys.__stderr__ at the start of every collection that
  calls gc.callbacks (all but the two collections inside finalize_modules,
  which do not): its generation, whether gc.collect() asked for it, whether
  the program had ended, and the program line running (innermost frame of
  the program's file).

This file runs as __main__, like the program it then runs, so that start-up
is the same as `python3 prog.py` (`-c` would import linecache first: 1,200
more objects, and automatic collections at other moments). Its code is one
exec() of a string with a globals dict of its own, so none of its names land
in __main__, and __doc__ is reset to None; gc.collect is replaced by a wrapper
that counts explicit calls. record_exit.py checks that this run's stdout, without
MARK, equals the real run's stdout before using the index; the GC lines come
from this run, whose allocation counts differ from the real run's by the few
objects made here.
"""

exec(r"""
import gc
import marshal
import os
import sys

MARK = "\x1eREFSCOPE-EXIT\x1e"  # must match record_exit.py
GC_LINE = "\x1eREFSCOPE-GC %d %d %d %s\x1e\n"  # generation explicit ended line
TOOL = 5  # sys.monitoring.OPTIMIZER_ID is 5; any free id will do


def _boot():
    path = os.path.abspath(sys.argv[3])
    with open(sys.argv[1], "rb") as f:
        code = marshal.loads(f.read())
    assert code.co_filename == path, (code.co_filename, path)
    count0 = int(sys.argv[2])
    sys.argv = sys.argv[3:]
    sys.path[0] = os.path.dirname(path)
    main = sys.modules["__main__"].__dict__
    main["__doc__"] = None
    main["__file__"] = path
    main["__cached__"] = None
    # already imported at start-up: importing importlib.machinery would
    # allocate hundreds of objects and move the automatic collections
    loader = sys.modules["_frozen_importlib_external"].SourceFileLoader
    main["__loader__"] = loader("__main__", path)

    state = {"ended": 0, "explicit": 0}
    mon = sys.monitoring

    def ended(event_code, *_args):
        if event_code is not code:  # PY_UNWIND is global: other frames too
            return
        state["ended"] = 1
        sys.__stdout__.write(MARK)
        mon.set_local_events(TOOL, code, 0)
        mon.set_events(TOOL, 0)

    thresholds = gc.get_threshold()

    def on_gc(phase, info):
        if phase != "start":
            return
        if state.get("raised"):
            gc.set_threshold(*thresholds)
            del state["raised"]
        line = None
        f = sys._getframe(0).f_back  # None at exit: no Python frame left
        while f is not None:
            if f.f_code.co_filename == path:
                line = f.f_lineno
                break
            f = f.f_back
        sys.__stderr__.write(GC_LINE % (
            info["generation"], state["explicit"] > 0, state["ended"], line))

    real_collect = gc.collect

    def collect(generation=2):
        state["explicit"] += 1
        try:
            return real_collect(generation)
        finally:
            state["explicit"] -= 1

    gc.collect = collect
    gc.callbacks.append(on_gc)
    mon.use_tool_id(TOOL, "refscope-exit-marker")
    mon.register_callback(TOOL, mon.events.PY_RETURN, ended)
    mon.register_callback(TOOL, mon.events.PY_UNWIND, ended)
    mon.set_local_events(TOOL, code, mon.events.PY_RETURN)  # the module code only
    mon.set_events(TOOL, mon.events.PY_UNWIND)  # can only be set globally
    extra = gc.get_count()[0] - count0
    if extra > 0:
        state["raised"] = True
        gc.set_threshold(thresholds[0] + extra, *thresholds[1:])
    try:
        exec(code, main)
    finally:
        main.pop("__file__", None)
        main.pop("__cached__", None)


_boot()
""", {"__name__": "_refscope_exit_boot"})
