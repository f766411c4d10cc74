#!/usr/bin/env python3
"""Record what real CPython does for each program in tests/corpus/.

Usage:
    python3.13 tests/cpython/record.py                 # every tests/corpus/*.py
    python3.13 tests/cpython/record.py tests/corpus/01_aliasing.py ...
    python3.13 tests/cpython/record.py --self-test     # check the recorder itself
    python3.13 tests/cpython/record.py --lessons       # every lessons/*.md
    python3.13 tests/cpython/record.py --lessons lessons/03-freed-at-zero.md ...

The interpreter that *runs the programs* is chosen separately from the one
running this script: $REFSCOPE_CPYTHON if set, else `python3.13` on PATH, else
/root/.pyenv/versions/3.13.0/bin/python3.  Each program runs in its own
subprocess of that interpreter (fresh interpreter, fresh temporary cwd); the
subprocess re-enters this file with `--child`.

See tests/cpython/README.md for the JSON schema and the caveats.

This driver part only needs Python 3.8+ (3.11+ for --lessons, which reads the
lessons' TOML front matter with tomllib); the `--child` part needs 3.12+.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from weakref import ref as _weakref

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "tests", "corpus")
RECORDINGS = os.path.join(HERE, "recordings")
LESSONS = os.path.join(REPO, "lessons")
LESSON_RECORDINGS = os.path.join(LESSONS, "recordings")
FALLBACK_CPYTHON = "/root/.pyenv/versions/3.13.0/bin/python3"
SKIP_MARKER = "# refscope: no-cpython"
CHILD_TIMEOUT = 300  # seconds per program

# ---------------------------------------------------------------------------
# Child side: runs inside the chosen CPython, one program per process.
# ---------------------------------------------------------------------------

_REFSCOPE = "<refscope>"
_US = "\x1f"  # separates fields inside one raw event record
_RS = "\x1e"  # separates the header from each measured name
_IMMORTAL_MIN = 2 ** 30
_CO_OPTIMIZED = 0x0001  # inspect.CO_OPTIMIZED: set for function frames only

# Raw event records, one str per event.  Strings are not gc containers and
# hold no reference to any object of the traced program, so keeping them does
# not disturb refcounts or the gc's allocation counters.
_EVENTS = []
_getrefcount = sys.getrefcount
_getsizeof = sys.getsizeof
_is_immortal = getattr(sys, "_is_immortal", None)
_ModuleType = type(sys)
_KEYS = {}  # id() of a live, followed object -> its key
_ID_OF_KEY = {}
_WEAKREFS = []  # key -> the weakref that follows it (None once it died)
_KEY_OF_REF = {}  # id() of a live weakref -> key
_DEATHS = []
_IN_GC = [False]


def _tracer(frame, event, arg):
    """sys.settrace hook.  Deliberately one flat function that only calls
    C-level builtins: no helper calls (each would be one more Python frame,
    which matters near the recursion limit) and nothing survives the call
    except the str appended to _EVENTS."""
    code = frame.f_code
    if code.co_filename != _REFSCOPE:
        return None
    depth = 0
    f = frame
    while f is not None:
        if f.f_code.co_filename == _REFSCOPE:
            depth += 1
        f = f.f_back
    caller = ""
    user_caller = ""
    exit_exc = ""
    if event == "call":
        f = frame.f_back
        if f is not None and f.f_code.co_filename == _REFSCOPE:
            caller = f.f_lineno
        # The nearest program frame below, through library frames (ExitStack,
        # weakref.finalize): the line that set this call off.
        while f is not None and f.f_code.co_filename != _REFSCOPE:
            f = f.f_back
        if f is not None:
            user_caller = f.f_lineno
        f = None
        if code.co_name == "__exit__" and code.co_argcount >= 2:
            try:
                t = frame.f_locals[code.co_varnames[1]]
                exit_exc = "" if t is None else t.__name__
            except Exception:
                exit_exc = "?"
            t = None
    header = (f"{event}{_US}{code.co_name}{_US}{frame.f_lineno}{_US}{depth}"
              f"{_US}{caller}{_US}{user_caller}{_US}{exit_exc}")
    if event != "line":
        _EVENTS.append(header)
        return _tracer
    # The exception being handled, if any: inside a `finally` entered by an
    # exception this is the exception in flight.
    handled = sys.exc_info()[0]
    parts = [header, _US, "" if handled is None else handled.__name__]
    handled = None
    # Module and class bodies use a plain dict namespace; functions use
    # the PEP 667 proxy (3.13+), which only lists bound names.  For the
    # module frame read f_globals: while an inlined (PEP 709) comprehension
    # runs at module level, 3.13's f_locals is a proxy showing only the
    # comprehension's hidden iteration variable.
    dict_ns = not (code.co_flags & _CO_OPTIMIZED)
    if dict_ns and code.co_name == "<module>":
        ns = frame.f_globals
    else:
        ns = frame.f_locals
    # Copy the names as bytes so that no reference to the program's own
    # key strings is held while values are measured.
    keys = [k.encode("utf-8", "surrogatepass") for k in ns if type(k) is str]
    for raw in keys:
        name = raw.decode("utf-8", "surrogatepass")
        if dict_ns and name[:2] == "__" and name[-2:] == "__":
            continue
        try:
            v = ns[name]
        except Exception:
            continue
        if dict_ns and isinstance(v, _ModuleType):
            v = None
            continue
        # Follow the object's life: a weakref whose callback notes its death.
        # Keys are per object (ids can be reused once it is dead).
        key = _KEYS.get(id(v))
        if key is None:
            key = len(_WEAKREFS)
            try:
                _WEAKREFS.append(_weakref(v, _died))
                _KEYS[id(v)] = key
                _ID_OF_KEY[key] = id(v)
                _KEY_OF_REF[id(_WEAKREFS[key])] = key
            except TypeError:  # not weak-referenceable (list, dict, int, ...)
                key = ""
        rc = None
        size = None
        tname = "?"
        try:
            # References held here on top of the program's own: `v` and
            # getrefcount's argument.  The program itself would see
            # getrefcount(x) - 1, so subtract 2.
            r = _getrefcount(v)
            if r < _IMMORTAL_MIN and not (_is_immortal is not None and _is_immortal(v)):
                rc = r - 2
        except Exception:
            rc = None
        try:
            size = _getsizeof(v)
        except Exception:
            size = None
        try:
            tname = f"{type(v).__name__}"
        except Exception:
            tname = "?"
        v = None
        parts.append(f"{_RS}{name}{_US}{tname}{_US}{rc}{_US}{size}{_US}{key}")
    ns = None
    _EVENTS.append("".join(parts))
    return _tracer


def _died(ref):
    """Weakref callback: one of the program's objects is gone.  Notes which,
    before which event, on which program line (and that frame's depth), and
    whether the cyclic gc was running (so it was collected rather than freed by
    its refcount)."""
    key = _KEY_OF_REF.pop(id(ref), None)
    if key is None:
        return
    f = sys._getframe(1)
    while f is not None and f.f_code.co_filename != _REFSCOPE:
        f = f.f_back
    line = None if f is None else f.f_lineno
    depth = 0
    while f is not None:
        if f.f_code.co_filename == _REFSCOPE:
            depth += 1
        f = f.f_back
    _KEYS.pop(_ID_OF_KEY.pop(key), None)
    _WEAKREFS[key] = None
    _DEATHS.append({"object": key, "event": len(_EVENTS), "line": line, "depth": depth,
                    "gc": _IN_GC[0]})


def _gc_phase(phase, info):
    _IN_GC[0] = phase == "start"


def _watchdog(code, offset, exc):
    """sys.monitoring EXCEPTION_HANDLED callback.

    A settrace function is itself a Python call, so at the recursion limit
    CPython cannot call it: it raises RecursionError in the traced program and
    removes the trace function.  When the program later handles an exception
    (e.g. `except RecursionError`), put the tracer back.  Frames that were
    already traced keep their f_trace, so their line events resume."""
    if sys.gettrace() is None:
        sys.settrace(_tracer)


def _int_or_none(text):
    return None if text in ("None", "") else int(text)


def _decode_events(raw_events):
    events = []
    calls = []
    for raw in raw_events:
        chunks = raw.split(_RS)
        fields = chunks[0].split(_US)
        event, function, line, depth, caller, user_caller, exit_exc = fields[:7]
        item = {
            "event": event,
            "function": function,
            "line": _int_or_none(line),
            "depth": int(depth),
        }
        if event == "line":
            item["handling"] = fields[7] or None
            names = {}
            for chunk in chunks[1:]:
                name, tname, rc, size, key = chunk.split(_US)
                names[name] = {
                    "type": tname,
                    "refcount": _int_or_none(rc),
                    "size": _int_or_none(size),
                    "object": _int_or_none(key),
                }
            item["names"] = names
        elif event == "call":
            call = [function, _int_or_none(caller), _int_or_none(user_caller)]
            if function == "__exit__":
                call.append(exit_exc or None)
            calls.append(call)
        events.append(item)
    return events, calls


def child_main(src_path, out_path):
    import gc
    import io

    with open(src_path, encoding="utf-8") as fh:
        source = fh.read()
    code = compile(source, _REFSCOPE, "exec")
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}

    monitoring = getattr(sys, "monitoring", None)
    tool = None
    if monitoring is not None:
        for candidate in (4, 3):
            if monitoring.get_tool(candidate) is None:
                tool = candidate
                monitoring.use_tool_id(tool, "refscope-recorder")
                monitoring.register_callback(
                    tool, monitoring.events.EXCEPTION_HANDLED, _watchdog)
                break

    capture = io.StringIO()
    real_stdout = sys.stdout
    uncaught = None
    stdout_text = None
    gc.collect()  # start the program with no garbage of ours around
    sys.stdout = capture
    if tool is not None:
        monitoring.set_events(tool, monitoring.events.EXCEPTION_HANDLED)
    gc.callbacks.append(_gc_phase)
    sys.settrace(_tracer)
    try:
        exec(code, namespace)
    except BaseException as exc:  # the program's uncaught exception
        sys.settrace(None)
        stdout_text = capture.getvalue()
        try:
            message = str(exc)
        except BaseException:
            message = "<str() failed>"
        uncaught = {"type": type(exc).__name__, "message": message}
    finally:
        sys.settrace(None)
        if tool is not None:
            monitoring.set_events(tool, 0)
        if stdout_text is None:
            stdout_text = capture.getvalue()
        sys.stdout = real_stdout
    if tool is not None:
        monitoring.register_callback(tool, monitoring.events.EXCEPTION_HANDLED, None)
        monitoring.free_tool_id(tool)

    events, calls = _decode_events(_EVENTS)
    result = {
        "cpython": sys.version,
        "stdout": stdout_text,
        "uncaught": uncaught,
        "events": events,
        "calls": calls,
        "deaths": _DEATHS,
    }
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter shutdown: whatever the program's objects do while the
    # interpreter is torn down is not part of the recording.
    os._exit(0)


# ---------------------------------------------------------------------------
# Driver side.
# ---------------------------------------------------------------------------


def die(message, code=2):
    sys.stderr.write("record.py: " + message + "\n")
    sys.exit(code)


def child_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUTF8"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def probe(interpreter):
    """Return (major, minor, version string) or None if it does not run."""
    script = "import sys; print(sys.version_info[0], sys.version_info[1]); print(sys.version)"
    try:
        proc = subprocess.run(
            [interpreter, "-S", "-c", script],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(), timeout=60, universal_newlines=True)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    lines = proc.stdout.splitlines()
    try:
        major, minor = (int(x) for x in lines[0].split())
    except (IndexError, ValueError):
        return None
    return major, minor, "\n".join(lines[1:])


def find_cpython():
    explicit = os.environ.get("REFSCOPE_CPYTHON")
    if explicit:
        candidates = [explicit]
    else:
        candidates = [c for c in (shutil.which("python3.13"), FALLBACK_CPYTHON) if c]
    tried = []
    for cand in candidates:
        info = probe(cand)
        if info is None:
            tried.append(cand)
            continue
        major, minor, version = info
        if (major, minor) < (3, 12):
            die("%s is Python %d.%d; CPython >= 3.12 is required (3.13 "
                "recommended). Set REFSCOPE_CPYTHON to a newer interpreter."
                % (cand, major, minor))
        if (major, minor) == (3, 12):
            sys.stderr.write(
                "record.py: warning: %s is 3.12; its frame.f_locals snapshot "
                "adds references, so function-local refcounts will be too "
                "high. Use 3.13.\n" % cand)
        return cand, version
    die("no usable CPython found (tried: %s). Set REFSCOPE_CPYTHON to a "
        "python3.13 executable." % (", ".join(tried) or "nothing"))


def should_skip(path):
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return SKIP_MARKER in first


def run_child(interpreter, src_path):
    """Run one program under the tracer; return the result dict."""
    src_path = os.path.abspath(src_path)
    workdir = tempfile.mkdtemp(prefix="refscope-cwd-")
    try:
        out_path = os.path.join(workdir, ".refscope-result.json")
        # The result file lives in the cwd but is only created after the
        # program finished, so the program never sees it.
        proc = subprocess.run(
            [interpreter, "-S", os.path.abspath(__file__), "--child", src_path, out_path],
            cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(), timeout=CHILD_TIMEOUT)
        if proc.returncode != 0 or not os.path.exists(out_path):
            raise RuntimeError(
                "child failed for %s (exit %s):\n%s" % (
                    src_path, proc.returncode,
                    proc.stderr.decode("utf-8", "replace")[-4000:]))
        with open(out_path, encoding="utf-8") as fh:
            result = json.load(fh)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["program"] = os.path.basename(src_path)
    return result


def dump(result):
    return json.dumps(result, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def lesson_code(path):
    """The `code` of a lesson file: the TOML between its first two `+++` lines."""
    import tomllib  # 3.11+; main() checks before we get here

    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    marks = [i for i, line in enumerate(lines) if line.rstrip() == "+++"]
    if len(marks) < 2 or marks[0] != 0:
        raise ValueError("no `+++` front matter at the top of the file")
    try:
        front = tomllib.loads("\n".join(lines[1:marks[1]]))
    except tomllib.TOMLDecodeError as err:
        raise ValueError("front matter: %s" % err)
    code = front.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ValueError("front matter has no `code` string")
    return code


def record(interpreter, paths, prune, lessons=False):
    """Record each program (each lesson's code with `lessons`) into its recordings dir."""
    out_dir = LESSON_RECORDINGS if lessons else RECORDINGS
    os.makedirs(out_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="refscope-lessons-")
    recorded, skipped, failed = [], [], []
    for path in paths:
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        source = path
        if lessons:
            # The child runs a .py file: write the lesson's code to one.
            try:
                code = lesson_code(path)
            except (OSError, ValueError) as err:
                failed.append(name)
                sys.stderr.write("FAILED %s: %s\n" % (name, err))
                continue
            source = os.path.join(scratch, stem + ".py")
            with open(source, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(code)
        elif should_skip(path):
            skipped.append(name)
            continue
        try:
            result = run_child(interpreter, source)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            failed.append(name)
            sys.stderr.write("FAILED %s: %s\n" % (name, err))
            continue
        result["program"] = name
        with open(os.path.join(out_dir, stem + ".json"), "w",
                  encoding="utf-8", newline="\n") as fh:
            fh.write(dump(result))
        recorded.append(name)
        print("recorded %-32s %6d events%s" % (
            name, len(result["events"]),
            "  (uncaught %s)" % result["uncaught"]["type"] if result["uncaught"] else ""))
    if prune:
        # Drop recordings whose program is gone or now skipped.
        keep = {os.path.splitext(n)[0] + ".json" for n in recorded + failed}
        for existing in sorted(os.listdir(out_dir)):
            if existing.endswith(".json") and existing not in keep:
                os.remove(os.path.join(out_dir, existing))
                print("removed stale recording", existing)
    shutil.rmtree(scratch, ignore_errors=True)
    print("%d recorded, %d skipped%s, %d failed" % (
        len(recorded), len(skipped),
        " (" + ", ".join(skipped) + ")" if skipped else "", len(failed)))
    return 1 if failed else 0


# ---------------------------------------------------------------------------
# Self-test: checks the calibration and the bookkeeping of the recorder.
# ---------------------------------------------------------------------------

SELF_TESTS = {
    "alias": "a = [1]\nb = a\nc = 0\n",
    "func": "def f():\n    x = []\n    y = x\n    return 0\nf()\n",
    "crosscheck": (
        "import sys\n"
        "a = [1]\n"
        "b = a\n"
        "t = (a, a)\n"
        "def g():\n"
        "    x = []\n"
        "    y = [x, x]\n"
        "    return sys.getrefcount(x) - 1\n"
        "inner = g()\n"
        "outer = sys.getrefcount(a) - 1\n"
        "print(outer, inner)\n"),
    "misc": (
        "import sys\n"
        "n = None\n"
        "k = 5\n"
        "class D:\n"
        "    def __del__(self):\n"
        "        print('del')\n"
        "d = D()\n"
        "del d\n"
        "def gen():\n"
        "    yield 1\n"
        "    yield 2\n"
        "it = gen()\n"
        "first = next(it)\n"
        "second = next(it)\n"
        "def late():\n"
        "    a = 1\n"
        "    b = 2\n"
        "late()\n"
        "print('out')\n"
        "raise ValueError('bye')\n"),
    "lifetimes": (
        "import gc\n"
        "class N:\n"
        "    pass\n"
        "a = N()\n"
        "a.me = a\n"
        "del a\n"
        "a = None\n"
        "gc.collect()\n"
        "class M:\n"
        "    def __enter__(self):\n"
        "        return self\n"
        "    def __exit__(self, t, v, tb):\n"
        "        return True\n"
        "with M():\n"
        "    {}['k']\n"
        "try:\n"
        "    try:\n"
        "        raise ValueError\n"
        "    finally:\n"
        "        x = 1\n"
        "except ValueError:\n"
        "    pass\n"),
    "recursion": (
        "def down(n):\n"
        "    return down(n + 1)\n"
        "try:\n"
        "    down(0)\n"
        "except RecursionError:\n"
        "    print('caught')\n"
        "after = 1\n"
        "end = 2\n"),
    "skip": "# refscope: no-cpython\nprint('never')\n",
}


def self_test(interpreter):
    failures = []

    def check(label, condition):
        print("%s %s" % ("ok  " if condition else "FAIL", label))
        if not condition:
            failures.append(label)

    def line_names(result, function, line):
        for ev in result["events"]:
            if ev["event"] == "line" and ev["function"] == function and ev["line"] == line:
                return ev["names"]
        return None

    tmp = tempfile.mkdtemp(prefix="refscope-selftest-")
    try:
        results = {}
        for key, source in SELF_TESTS.items():
            path = os.path.join(tmp, key + ".py")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(source)
            if key == "skip":
                check("skip marker detected", should_skip(path))
                continue
            results[key] = run_child(interpreter, path)
        check("alias: program 'alias' not skipped",
              not should_skip(os.path.join(tmp, "alias.py")))

        names = line_names(results["alias"], "<module>", 3)
        check("alias: a has refcount 2 at line 3", names and names["a"]["refcount"] == 2)
        check("alias: b has refcount 2 at line 3", names and names["b"]["refcount"] == 2)
        check("alias: a is a list", names and names["a"]["type"] == "list")
        names = line_names(results["alias"], "<module>", 2)
        check("alias: a has refcount 1 at line 2, b not bound yet",
              names and names["a"]["refcount"] == 1 and "b" not in names)

        names = line_names(results["func"], "f", 4)
        check("func: local x has refcount 2 at the return line",
              names and names["x"]["refcount"] == 2 and names["y"]["refcount"] == 2)
        names = line_names(results["func"], "f", 3)
        check("func: y not listed before it is bound", names and "y" not in names)
        names = line_names(results["func"], "<module>", 5)
        check("func: module names are just f (dunders excluded)",
              names is not None and sorted(names) == ["f"])

        res = results["crosscheck"]
        printed = [int(x) for x in res["stdout"].split()]
        names = line_names(res, "<module>", 11)
        check("crosscheck: module a matches the program's own getrefcount(a)-1 (4)",
              names and names["a"]["refcount"] == printed[0] == 4)
        g_names = line_names(res, "g", 8)
        check("crosscheck: local x matches the program's own getrefcount(x)-1 (3)",
              g_names and g_names["x"]["refcount"] == printed[1] == 3)
        check("crosscheck: sys (a module) not listed", names and "sys" not in names)

        res = results["misc"]
        names = line_names(res, "<module>", 3)
        check("misc: None is immortal -> refcount null", names and names["n"]["refcount"] is None)
        check("misc: size recorded", names and isinstance(names["n"]["size"], int))
        calls = [c[:2] for c in res["calls"]]
        check("misc: __del__ called from the `del` line 8", ["__del__", 8] in calls)
        check("misc: generator resumptions are call events (lines 13 and 14)",
              ["gen", 13] in calls and ["gen", 14] in calls)
        check("misc: <module> call has null caller", calls[0] == ["<module>", None])
        names = line_names(res, "<module>", 8)
        died = [x for x in res["deaths"] if x["object"] == names["d"]["object"]]
        check("misc: d followed, and freed by refcount on line 8",
              died and died[0]["line"] == 8 and not died[0]["gc"])
        check("misc: a list is not followed (no weakrefs to lists)",
              line_names(results["alias"], "<module>", 2)["a"]["object"] is None)

        names = line_names(res, "late", 17)
        check("misc: unbound local b not listed", names is not None and "b" not in names)
        check("misc: stdout captured up to the end", res["stdout"] == "del\nout\n")
        check("misc: uncaught exception recorded",
              res["uncaught"] == {"type": "ValueError", "message": "bye"})
        check("misc: depth of a function frame is 2",
              any(e["function"] == "late" and e["depth"] == 2 for e in res["events"]))

        res = results["lifetimes"]
        names = line_names(res, "<module>", 6)
        died = [x for x in res["deaths"] if x["object"] == names["a"]["object"]]
        check("lifetimes: the cycle dies in gc.collect() on line 8",
              died and died[0]["line"] == 8 and died[0]["gc"])
        handling = [e.get("handling") for e in res["events"] if e["event"] == "line"]
        check("lifetimes: the finally entered by ValueError sees it as handled",
              "ValueError" in handling)
        exits = [c for c in res["calls"] if c[0] == "__exit__"]
        check("lifetimes: __exit__ receives KeyError", exits and exits[0][3] == "KeyError")

        res = results["recursion"]
        check("recursion: stdout", res["stdout"] == "caught\n")
        check("recursion: tracing resumes after RecursionError is handled",
              line_names(res, "<module>", 8) is not None)
        check("recursion: no uncaught", res["uncaught"] is None)

        again = run_child(interpreter, os.path.join(tmp, "misc.py"))
        check("determinism: rerun gives identical JSON", dump(again) == dump(results["misc"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("self-test: %s" % ("PASSED" if not failures else "%d FAILED" % len(failures)))
    return 1 if failures else 0


def record_lessons(interpreter, paths):
    """`--lessons [FILE.md ...]`: record lesson code into lessons/recordings/."""
    if sys.version_info < (3, 11):
        die("--lessons reads TOML with tomllib: run this script with Python 3.11+ "
            "(e.g. %s)" % interpreter)
    prune = not paths
    if prune:
        paths = sorted(p for p in glob.glob(os.path.join(LESSONS, "*.md"))
                       if os.path.basename(p) != "README.md")
        if not paths:
            die("no lessons in %s" % LESSONS)
    for p in paths:
        if not os.path.isfile(p):
            die("no such lesson: %s" % p)
    return record(interpreter, paths, prune, lessons=True)


def main(argv):
    if len(argv) == 3 and argv[0] == "--child":
        child_main(argv[1], argv[2])
        return 0
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    interpreter, version = find_cpython()
    print("CPython: %s (%s)" % (interpreter, version.replace("\n", " ")))
    if argv and argv[0] == "--self-test":
        return self_test(interpreter)
    if argv and argv[0] == "--lessons":
        return record_lessons(interpreter, argv[1:])
    if argv:
        paths = argv
        prune = False
    else:
        paths = sorted(glob.glob(os.path.join(CORPUS, "*.py")))
        prune = True
        if not paths:
            die("no programs in %s" % CORPUS)
    for p in paths:
        if not os.path.isfile(p):
            die("no such program: %s" % p)
    return record(interpreter, paths, prune)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
