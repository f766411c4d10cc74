#!/usr/bin/env python3
"""Records the references CPython 3.13 itself holds to the functions of the standard
library modules a program may import, into crates/engine/data/cpython-3.13-library-refs.txt.

A program that does `from contextlib import contextmanager` draws `contextmanager` as a
box, and its badge counts the references the library holds to it (its module's dict,
another function that calls it, a decorator's cache) besides the program's own. Those are
CPython's library's: RustPython's library is other code and holds other references. The
engine takes RustPython's off and adds these (crates/engine/src/heap/library.rs).

Each module is imported alone in a fresh `python3 -s` with the modules the recorder's
child imports first (tests/cpython/record_child.py: gc, sys, posix, _io, _weakref), and
for every function of every module then loaded (Python or builtin, `__module__` the
module's name) the count is `sys.getrefcount(f)` less the script's own two references
(its variable and the argument). The table has one line per function of each module,
imported alone: `module qualname count`; and a line `+ importer module qualname extra`
wherever importing `importer` leaves a function of another module with more references
than importing that module alone does (`import dataclasses` binds `contextmanager` in a
module it loads: one more).

Usage: python3 tests/cpython/record_library.py
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "crates", "engine", "data", "cpython-3.13-library-refs.txt")
LISTS = [os.path.join(REPO, "crates", "engine", n)
         for n in ("stdlib-core.txt", "stdlib.txt", "stdlib-native.txt")]
# Modules a program imports that the lists leave out because RustPython has them natively.
NATIVE = "gc sys math itertools time atexit array".split()

CHILD = r"""
import gc, sys, posix, _io, _weakref
import types
try:
    __import__(sys.argv[1])
except BaseException:
    sys.exit(0)
kinds = (types.FunctionType, types.BuiltinFunctionType)
for name, module in sorted(sys.modules.items()):
    d = getattr(module, "__dict__", None)
    if not isinstance(d, dict):
        continue
    for k in sorted(k for k in d if isinstance(k, str)):
        f = d[k]
        if type(f) not in kinds:
            f = None
            continue
        owner = getattr(f, "__module__", None)
        qual = getattr(f, "__qualname__", None)
        if owner == name and isinstance(qual, str) and " " not in qual:
            print(name, qual, sys.getrefcount(f) - 2)
        f = None
"""


def modules():
    out = set(NATIVE)
    for path in LISTS:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    out.add(line)
    return sorted(out)


def main():
    interpreter, version = record.find_cpython()
    print("CPython: %s (%s)" % (interpreter, version.replace("\n", " ")))
    found = {}  # importer -> {(module, qualname): count}
    for m in modules():
        proc = subprocess.run(
            [interpreter, "-s", "-c", CHILD, m], env=record.child_env(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
            timeout=120)
        if proc.returncode != 0:
            sys.stderr.write("%s: %s\n" % (m, proc.stderr[-500:]))
            continue
        counts = {}
        for line in proc.stdout.splitlines():
            module, qual, n = line.split()
            counts[(module, qual)] = int(n)
        found[m] = counts
    alone = {}
    for m, counts in found.items():
        for (module, qual), n in counts.items():
            if module == m:
                alone[(module, qual)] = n
    rows = ["%s %s %d" % (module, qual, n) for (module, qual), n in alone.items()]
    for m, counts in found.items():
        for (module, qual), n in counts.items():
            base = alone.get((module, qual))
            if base is not None and n > base:
                rows.append("+ %s %s %s %d" % (m, module, qual, n - base))
    rows.sort()
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Made by tests/cpython/record_library.py with %s: `module qualname refs`,\n"
                 % version.split()[0])
        fh.write("# the references CPython 3.13 holds to each function a standard module\n"
                 "# defines, right after importing that module alone; `+ importer module\n"
                 "# qualname extra`: importing `importer` adds that many (see the script).\n")
        for r in rows:
            fh.write(r + "\n")
    print("%d lines for %d modules written to %s" % (len(rows), len(found), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
