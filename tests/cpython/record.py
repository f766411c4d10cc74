#!/usr/bin/env python3
"""Record what real CPython does for each program in tests/corpus/.

Usage:
    python3.13 tests/cpython/record.py                 # every tests/corpus/*.py
    python3.13 tests/cpython/record.py tests/corpus/01_aliasing.py ...
    python3.13 tests/cpython/record.py --self-test     # check the recorder itself
    python3.13 tests/cpython/record.py --lessons       # every lessons/*.md
    python3.13 tests/cpython/record.py --lessons lessons/03-freed-at-zero.md ...
    python3.13 tests/cpython/record.py --hostile       # every tests/hostile/*.py
    python3.13 tests/cpython/record.py --hostile tests/hostile/01_exception_str.py ...
    python3.13 tests/cpython/record.py --out DIR [--jobs N] FILE.py ...   # into DIR

The interpreter that *runs the programs* is chosen separately from the one
running this script: $REFSCOPE_CPYTHON if set, else `python3.13` on PATH, else
/root/.pyenv/versions/3.13.0/bin/python3.  Each program runs in its own
subprocess of that interpreter (fresh interpreter, fresh temporary cwd), which
runs record_child.py next to this file.

See tests/cpython/README.md for the JSON schema and the caveats.

This driver part only needs Python 3.8+ (3.11+ for --lessons, which reads the
lessons' TOML front matter with tomllib); record_child.py needs 3.12+.
"""

import ast
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "tests", "corpus")
RECORDINGS = os.path.join(HERE, "recordings")
LESSONS = os.path.join(REPO, "lessons")
LESSON_RECORDINGS = os.path.join(LESSONS, "recordings")
HOSTILE = os.path.join(REPO, "tests", "hostile")
HOSTILE_RECORDINGS = os.path.join(HOSTILE, "recordings")
FALLBACK_CPYTHON = "/root/.pyenv/versions/3.13.0/bin/python3"
SKIP_MARKER = "# refscope: no-cpython"
CHILD = os.path.join(HERE, "record_child.py")  # runs in the recorded CPython
CHILD_TIMEOUT = 300  # seconds per program

# ---------------------------------------------------------------------------
# Decoding the child's raw events.  The child itself is record_child.py: it
# runs inside the CPython being recorded, and is kept apart so that this
# file's names are not interned in that process (see its docstring).
# ---------------------------------------------------------------------------

_US = "\x1f"  # these four must match record_child.py
_RS = "\x1e"
_GS = "\x1d"
_FS = "\x1c"


def _int_or_none(text):
    return None if text in ("None", "") else int(text)


def _decode_names(chunks):
    """name -> {type, refcount, size, object[, items]} from measured-name chunks."""
    names = {}
    for chunk in chunks:
        pieces = chunk.split(_GS)
        name, tname, rc, size, key, const = pieces[0].split(_US)
        names[name] = {
            "type": tname,
            "refcount": _int_or_none(rc),
            "size": _int_or_none(size),
            "object": _int_or_none(key),
        }
        if const:
            # One of the program's constants: its code objects hold it all run long.
            names[name]["const"] = True
        if len(pieces) > 1:
            items = []
            for piece in pieces[1:]:
                label, tname, rc, size = piece.split(_US)
                items.append([label, tname, _int_or_none(rc), _int_or_none(size)])
            names[name]["items"] = items
    return names


def _decode_events(raw_events):
    events = []
    calls = []
    for raw in raw_events:
        outer = raw.split(_FS)
        chunks = outer[0].split(_RS)
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
            item["names"] = _decode_names(chunks[1:])
            if len(outer) > 1:
                item["globals"] = _decode_names(outer[1:])
        elif event == "call":
            call = [function, _int_or_none(caller), _int_or_none(user_caller)]
            if function == "__exit__":
                call.append(exit_exc or None)
            calls.append(call)
        events.append(item)
    return events, calls


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


def run_once(interpreter, src_path, plain=False):
    """Run one program in a fresh cwd, under the tracer or (`plain`) without it; return
    the child's raw result."""
    workdir = tempfile.mkdtemp(prefix="refscope-cwd-")
    try:
        out_path = os.path.join(workdir, ".refscope-result.json")
        # The result file lives in the cwd but is only created after the
        # program finished, so the program never sees it.
        proc = subprocess.run(
            [interpreter, "-s", CHILD, src_path, out_path] + (["_untraced"] if plain else []),
            cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(), timeout=CHILD_TIMEOUT)
        if proc.returncode != 0 or not os.path.exists(out_path):
            raise RuntimeError(
                "child failed for %s (exit %s):\n%s" % (
                    src_path, proc.returncode,
                    proc.stderr.decode("utf-8", "replace")[-4000:]))
        with open(out_path, encoding="utf-8") as fh:
            return ast.literal_eval(fh.read())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_child(interpreter, src_path):
    """Run one program under the tracer, and once more without it for what it prints
    (the tracer's own weakrefs show in `weakref.getweakrefcount`, and its pauses of the
    collector move automatic collections); return the result dict."""
    src_path = os.path.abspath(src_path)
    raw = run_once(interpreter, src_path)
    plain = run_once(interpreter, src_path, plain=True)
    events, calls = _decode_events(raw["raw_events"])
    result = {
        "cpython": raw["cpython"],
        "stdout": plain["stdout"],
        "uncaught": plain["uncaught"],
        "events": events,
        "calls": calls,
        "deaths": raw["deaths"],
    }
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


def record(interpreter, paths, prune, lessons=False, out_dir=RECORDINGS, jobs=1, quiet=False):
    """Record each program (each lesson's code with `lessons`) into out_dir, `jobs`
    children at a time."""
    if lessons:
        out_dir = LESSON_RECORDINGS
    os.makedirs(out_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="refscope-lessons-")
    recorded, skipped, failed = [], [], []
    work = []  # (name, stem, source path)
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
        work.append((name, stem, source))

    def one(item):
        name, stem, source = item
        try:
            return item, run_child(interpreter, source), None
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            return item, None, err

    if jobs > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, work))
    else:
        results = map(one, work)
    for (name, stem, source), result, err in results:
        if err is not None:
            failed.append(name)
            sys.stderr.write("FAILED %s: %s\n" % (name, err))
            continue
        result["program"] = name
        with open(os.path.join(out_dir, stem + ".json"), "w",
                  encoding="utf-8", newline="\n") as fh:
            fh.write(dump(result))
        recorded.append(name)
        if not quiet:
            print("recorded %-32s %6d events%s" % (
                name, len(result["events"]),
                "  (uncaught %s)" % result["uncaught"]["type"] if result["uncaught"] else ""))
    if prune:
        # Drop recordings whose program is gone or now skipped.
        keep = {os.path.splitext(n)[0] + ".json" for n in recorded + failed}
        for existing in sorted(os.listdir(out_dir)):
            # lessons/recordings/ also holds claims.json (record_claims.py's): only a
            # lesson's own recording (NN-slug.json) is this script's to remove.
            if lessons and not existing[:2].isdigit():
                continue
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
    "items": (
        "import sys\n"
        "class P:\n"
        "    pass\n"
        "shared = ['s']\n"
        "lst = [shared, shared]\n"
        "d = {'k': shared, 3: [], (1,): shared}\n"
        "p = P()\n"
        "p.attr = shared\n"
        "p.me = p\n"
        "lst.append(lst)\n"
        "d['d'] = d\n"
        "g = globals()\n"
        "def f():\n"
        "    q = P()\n"
        "    q.x = [shared]\n"
        "    return sys.getrefcount(q.x) - 1\n"
        "inner = f()\n"
        "print(sys.getrefcount(lst[0]) - 1, sys.getrefcount(d['k']) - 1,\n"
        "      sys.getrefcount(p.attr) - 1, sys.getrefcount(p.me) - 1,\n"
        "      sys.getrefcount(lst[2]) - 1, sys.getrefcount(d[3]) - 1,\n"
        "      sys.getrefcount(d['d']) - 1, sys.getrefcount(g) - 1, inner)\n"),
    "hostile": (
        "import builtins\n"
        "class Meta(type):\n"
        "    def __getattribute__(cls, name):\n"
        "        print('meta getattribute', name)\n"
        "        return type.__getattribute__(cls, name)\n"
        "class Key:\n"
        "    def __eq__(self, other):\n"
        "        print('key eq')\n"
        "    def __hash__(self):\n"
        "        return 12345\n"
        "    def __repr__(self):\n"
        "        print('key repr')\n"
        "        return 'Key'\n"
        "class Odd(metaclass=Meta):\n"
        "    @property\n"
        "    def __dict__(self):\n"
        "        print('dict property')\n"
        "        return {}\n"
        "    def __getattr__(self, name):\n"
        "        print('getattr', name)\n"
        "    def __sizeof__(self):\n"
        "        print('sizeof')\n"
        "        return 1\n"
        "    def __repr__(self):\n"
        "        print('repr')\n"
        "        return 'Odd'\n"
        "class Boom(Exception):\n"
        "    def __str__(self):\n"
        "        print('str')\n"
        "        return 'boom'\n"
        "o = Odd()\n"
        "globals()[Key()] = 1\n"
        "items = [o, {'o': o}]\n"
        "real_repr = builtins.repr\n"
        "builtins.repr = lambda x: print('repr replaced')\n"
        "x = 1\n"
        "builtins.repr = real_repr\n"
        "print('end')\n"
        "raise Boom('b')\n"),
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
        g_at = [ev.get("globals") for ev in results["func"]["events"]
                if ev["event"] == "line" and ev["function"] == "f" and ev["line"] == 4]
        check("func: a function's line event measures the module's globals too",
              g_at and sorted(g_at[0]) == ["f"] and g_at[0]["f"]["type"] == "function")
        check("func: the module's own line events have no separate globals",
              all("globals" not in ev for ev in results["func"]["events"]
                  if ev["event"] == "line" and ev["function"] == "<module>"))
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
        check("misc: a literal is marked as one of the program's constants",
              line_names(res, "<module>", 4)["k"].get("const") is True)
        check("misc: an object made at run time is not",
              "const" not in line_names(results["alias"], "<module>", 3)["a"])
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

        res = results["items"]
        printed = [int(x) for x in res["stdout"].split()]
        names = line_names(res, "<module>", 18)

        def item(name, label):
            found = [i for i in names[name].get("items", []) if i[0] == label]
            return found[0] if found else None

        check("items: list item [0] matches the program's getrefcount(lst[0]) - 1",
              item("lst", "[0]") and item("lst", "[0]")[2] == printed[0])
        check("items: dict value ['k'] matches the program's getrefcount(d['k']) - 1",
              item("d", "['k']") and item("d", "['k']")[2] == printed[1])
        check("items: attribute .attr matches the program's getrefcount(p.attr) - 1",
              item("p", ".attr") and item("p", ".attr")[2] == printed[2])
        check("items: an attribute holding the instance itself (.me)",
              item("p", ".me") and item("p", ".me")[2] == printed[3])
        check("items: a list holding itself ([2])",
              item("lst", "[2]") and item("lst", "[2]")[2] == printed[4])
        check("items: int key [3]", item("d", "[3]") and item("d", "[3]")[2] == printed[5])
        check("items: a dict holding itself (['d'])",
              item("d", "['d']") and item("d", "['d']")[2] == printed[6])
        check("items: the globals dict bound to a name (g)",
              names["g"]["refcount"] == printed[7])
        check("items: a tuple key is skipped",
              names and [i[0] for i in names["d"]["items"]] == ["['k']", "[3]", "['d']"])
        check("items: a str item of a list is measured ('s', immortal -> null)",
              names and names["shared"]["items"] == [["[0]", "str", None, 42]])
        check("items: no items key for a value without items",
              names and "items" not in names["inner"])
        f_names = line_names(res, "f", 16)
        check("items: attribute of a function local matches the program's count",
              f_names and f_names["q"]["items"][0][:3] == [".x", "list", printed[8]])

        res = results["hostile"]
        check("hostile: no program hook ran (stdout is the program's own)",
              res["stdout"] == "end\n")
        check("hostile: uncaught exception with a program __str__: message null",
              res["uncaught"] == {"type": "Boom", "message": None})
        names = line_names(res, "<module>", 36)
        check("hostile: instance with a __sizeof__ method: size null, no items",
              names and names["o"]["size"] is None and "items" not in names["o"])
        check("hostile: a non-str key in globals is left out",
              names and sorted(names) == ["Boom", "Key", "Meta", "Odd", "items", "o",
                                          "real_repr"])

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
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    interpreter, version = find_cpython()
    print("CPython: %s (%s)" % (interpreter, version.replace("\n", " ")))
    if argv and argv[0] == "--self-test":
        return self_test(interpreter)
    if argv and argv[0] == "--lessons":
        return record_lessons(interpreter, argv[1:])
    source_dir, out_dir = CORPUS, RECORDINGS
    if argv and argv[0] == "--out":
        # Any programs, into any directory (the differential tester's batches): no
        # pruning, `--jobs N` children at a time, one line of summary.
        out_dir, argv = argv[1], argv[2:]
        jobs = 1
        if argv and argv[0] == "--jobs":
            jobs, argv = int(argv[1]), argv[2:]
        for p in argv:
            if not os.path.isfile(p):
                die("no such program: %s" % p)
        return record(interpreter, argv, False, out_dir=out_dir, jobs=jobs, quiet=True)
    if argv and argv[0] == "--hostile":
        source_dir, out_dir = HOSTILE, HOSTILE_RECORDINGS
        argv = argv[1:]
    if argv:
        paths = argv
        prune = False
    else:
        paths = sorted(glob.glob(os.path.join(source_dir, "*.py")))
        prune = True
        if not paths:
            die("no programs in %s" % source_dir)
    for p in paths:
        if not os.path.isfile(p):
            die("no such program: %s" % p)
    return record(interpreter, paths, prune, out_dir=out_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
