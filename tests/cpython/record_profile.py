"""Records, in CPython, the line-by-line memory table `refscope profile` prints.

Run with the reference CPython (3.13, 64-bit):

    python3.13 tests/cpython/record_profile.py

For every program in `tests/profile/`, the program runs under `sys.settrace`. At each
line event of the profiled frame (the module, or each function the program defines) the
recorder adds up `sys.getsizeof` of the program's own objects: everything the names of
the program's frames reach through lists, tuples, dict values, sets and instance
attributes, each counted once, except objects CPython 3.13 keeps immortal (small ints, single-character strings,
None: their refcount is the immortal one) and dict keys that are str or int (refscope
draws those in the edge's label). Functions count themselves, not their code or globals.
The table's rows (mem after the line last ran, increment over its runs, occurrences)
go to `tests/profile/recordings.json`, which `tests/engine/profile.rs` compares with
`refscope_trace::profile::line_profile`.

Each run is a fresh `python3.13 -s` that imports nothing (see CHILD). The programs avoid
what this walk cannot see and refscope can (an iterator on a `for`
loop's value stack, objects held only by a call in progress), so both count the same
objects.
"""

import ast
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "profile"

# Runs in a fresh `python3.13 -s`, importing nothing: every module loaded makes the
# strings it names immortal in 3.13, so the recorder must load no more than a program
# would (record.py runs programs the same way).
CHILD = r"""
import sys
IMMORTAL = 1 << 30
FILE = "<profiled>"
FUNCTION = type(lambda: 0)


def program_bytes(frame):
    seen = set()
    total = 0
    stack = []
    f = frame
    while f is not None:
        if f.f_code.co_filename == FILE:
            for name, value in f.f_locals.items():
                if not name.startswith("__"):
                    stack.append(value)
        f = f.f_back
    while stack:
        obj = stack.pop()
        if id(obj) in seen or sys.getrefcount(obj) >= IMMORTAL:
            continue
        if isinstance(obj, (type, type(sys))) or (callable(obj) and not isinstance(obj, FUNCTION)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
            stack.extend(k for k in obj if not isinstance(k, (str, int)))
        elif hasattr(type(obj), "__dict__") and "__dict__" in dir(type(obj)) and not isinstance(obj, FUNCTION):
            # An instance: its attributes' values (refscope draws them in its box, and
            # 3.13 keeps them inline: the instance's size has no separate dict).
            stack.extend(object.__getattribute__(obj, "__dict__").values())
    return total


def profile(source, target):
    code = compile(source, FILE, "exec")
    rows = {}
    open_lines = {}

    def close(frame):
        pending = open_lines.pop(id(frame), None)
        if pending is None:
            return
        line, before = pending
        after = program_bytes(frame)
        row = rows.setdefault(line, [0, 0, 0])
        row[0] = after
        row[1] += after - before
        row[2] += 1

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != FILE:
            return None
        if frame.f_code.co_name != target:
            return tracer
        if event in ("line", "return"):
            close(frame)
        if event == "line":
            open_lines[id(frame)] = (frame.f_lineno, program_bytes(frame))
        return tracer

    sys.settrace(tracer)
    try:
        exec(code, {"__name__": "__main__"})
    finally:
        sys.settrace(None)
    return rows


rows = profile(sys.stdin.read(), sys.argv[1])
sys.stdout = sys.__stdout__
print("ROWS", repr(rows))
"""


def profile(source, target):
    """{line: [mem, increment, occurrences]} of `target` ("<module>" or a function)."""
    done = subprocess.run(
        [sys.executable, "-s", "-c", CHILD, target],
        input=source, capture_output=True, text=True, timeout=120, check=True,
    )
    line = [l for l in done.stdout.splitlines() if l.startswith("ROWS ")][-1]
    rows = ast.literal_eval(line[len("ROWS "):])
    return {str(k): v for k, v in sorted(rows.items())}


def main():
    assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
    out = {}
    for path in sorted(PROGRAMS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        functions = ["<module>"] + [
            n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)
        ]
        out[path.stem] = {f: profile(source, f) for f in functions}
    dest = PROGRAMS / "recordings.json"
    dest.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {dest}")


if __name__ == "__main__":
    main()
