"""Records which strings CPython 3.13 interns, and how it counts them.

CPython 3.13 interns every string constant made only of ASCII letters, digits
and '_' when it compiles a program, and every name (variable, argument,
attribute, function and class names). Names are interned *immortal*;
constants are interned *mortal*, and their refcount includes one reference
from each constant table (`co_consts`, and constant tuples) that holds them.
A constant spelled like any name the process has compiled (the startup
modules, the modules the program imports, the program itself) is that
immortal name. The engine models this (crates/source); this
script records the facts it needs and the facts its test checks:

  crates/source/data/cpython-3.13-interned.txt
      the immortal words of a process started as `python3 -I program.py`
      (section [startup]) and the words each module in MODULES adds when
      imported (section [module]). The candidate words are every identifier in
      CPython's own Lib/*.py, every name the interpreter's modules and types
      export, and every word of this repository's Python programs and lessons.
  tests/cpython/interned.json
      for every corpus program, lesson, hostile program and tests/interned/*.py:
      each identifier-like string of its code objects, the references CPython's
      constant tables hold to it (`consts`), and whether it is immortal once
      the program's imports ran (`immortal`).

Run: python3 tests/cpython/record_interned.py   (the driver needs 3.11+; the
facts come from the CPython that record.py finds.)
"""

import ast
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record  # noqa: E402  (the recorder's interpreter search and lesson reader)

HERE = record.HERE
REPO = record.REPO
CHILD = os.path.join(HERE, "interned_child.py")
TABLE = os.path.join(REPO, "crates", "source", "data", "cpython-3.13-interned.txt")
FACTS = os.path.join(HERE, "interned.json")
HELD_OUT = os.path.join(REPO, "tests", "interned")
# Modules whose names the table carries: the ones the lessons and corpus import, and
# those CPython has loaded before a program starts (which add nothing). A program that
# imports another module gets its identifier-like strings marked approximate ("≈") by
# the engine: each module adds hundreds of words (collections 232, enum 216), and the
# table ships in the worker.
MODULES = [
    "abc", "atexit", "builtins", "codecs", "collections", "contextlib", "dataclasses",
    "functools", "gc", "io", "os", "os.path", "sys", "time", "weakref",
]
# Words the table leaves out to stay small (about 8 KB compressed in the worker): all
# capitals longer than 5 (O_RDONLY, SIGALRM), words with digits longer than 4 (cp1252)
# and words with an underscore (get_ident, _private) other than __dunder__ names; short
# ones like "t1" and "PATH" stay, as teaching programs use them as strings. The
# engine marks a literal spelled like one of them approximate ("≈") rather than guess;
# crates/source/src/lib.rs applies the same rule (`is_tabled`).
UNTABLED = re.compile(r"(?=.{6})[A-Z0-9_]+|(?=.{5}).*[0-9].*|(?!__.+__$).*_.*")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*")


def run(interpreter, args):
    proc = subprocess.run(
        [interpreter, "-s", CHILD] + args, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=record.child_env(), universal_newlines=True,
        timeout=600)
    if proc.returncode != 0:
        record.die("interned_child %s failed:\n%s" % (args[0], proc.stderr[-4000:]), 1)
    return proc.stdout


def stdlib_dir(interpreter):
    out = subprocess.run(
        [interpreter, "-s", "-c", "import os; print(os.path.dirname(os.__file__))"],
        stdout=subprocess.PIPE, universal_newlines=True, check=True)
    return out.stdout.strip()


def words_in(root, suffixes):
    words = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(suffixes):
                with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                    words.update(WORD.findall(fh.read()))
    return words


def candidates(interpreter):
    words = words_in(stdlib_dir(interpreter), (".py",))
    for sub in ("tests", "lessons", "examples"):
        words |= words_in(os.path.join(REPO, sub), (".py", ".md"))
    exported = subprocess.run(
        [interpreter, "-s", "-c",
         "import sys, builtins\n"
         "for m in %r: __import__(m)\n"
         "w = set()\n"
         "for m in list(sys.modules.values()): w.update(dir(m))\n"
         "for t in vars(builtins).values():\n"
         "    if isinstance(t, type): w.update(dir(t))\n"
         "print(' '.join(sorted(w)))" % (MODULES,)],
        stdout=subprocess.PIPE, universal_newlines=True, check=True)
    words.update(exported.stdout.split())
    return sorted(w for w in words if len(w) > 1)


def table_section(interpreter, cands, modules):
    """(immortal words, {word: references the process holds}) after the imports."""
    immortal, held = [], {}
    for line in run(interpreter, ["table", cands] + modules).split():
        word, _, n = line.partition("=")
        if n:
            held[word] = int(n)
        else:
            immortal.append(word)
    return immortal, held


def fresh_type_names(interpreter):
    """Builtin types whose `__name__` is a new string at every read (static types:
    CPython makes it from the C name), so a program's `type(e).__name__` is counted."""
    out = subprocess.run(
        [interpreter, "-s", "-c",
         "import builtins\n"
         "print(' '.join(sorted(n for n, t in vars(builtins).items()\n"
         "    if isinstance(t, type) and t.__name__ == n and t.__name__ is not t.__name__)))"],
        stdout=subprocess.PIPE, universal_newlines=True, check=True)
    return out.stdout.split()


def write_table(interpreter, version):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(candidates(interpreter)))
        cands = fh.name
    try:
        startup, held = table_section(interpreter, cands, [])
        base = set(startup)
        sections = [("startup", startup, held)]
        for m in MODULES:
            # What a module's import adds to the held counts is left out: it moves by
            # one from run to run (the type attribute cache holds names it looked up).
            words, _ = table_section(interpreter, cands, [m])
            sections.append((m, [w for w in words if w not in base], {}))
        fresh = ("fresh-type-names", fresh_type_names(interpreter), {})
    finally:
        os.unlink(cands)
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Interned strings of CPython %s, 64-bit, as the recorder runs a program\n"
                 "# (`python3 -s`, the program compiled with compile()). Per section: one\n"
                 "# line of immortal words, then one line of word=N, mortal words the\n"
                 "# process holds N references to. [startup] is the process before the\n"
                 "# program; each other section is what importing that module adds.\n"
                 "# [fresh-type-names]: builtin types whose __name__ is a new string at\n"
                 "# every read, so not the interned name.\n"
                 "# Generated by tests/cpython/record_interned.py; do not edit.\n"
                 % version.split()[0])
        for name, words, refs in sections:
            words = [w for w in words if not UNTABLED.fullmatch(w)]
            refs = {w: n for w, n in refs.items() if not UNTABLED.fullmatch(w)}
            fh.write("[%s]\n" % name)
            fh.write(" ".join(words) + "\n")
            fh.write(" ".join("%s=%d" % kv for kv in sorted(refs.items())) + "\n")
        fh.write("[%s]\n%s\n\n" % (fresh[0], " ".join(fresh[1])))
    print("%s: %d startup words (%d held), %d more from %d modules" % (
        os.path.relpath(TABLE, REPO), len(startup), len(held),
        sum(len(w) for _, w, _ in sections[1:]), len(MODULES)))


def imported_modules(source):
    mods = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            mods.add(node.module)
    return sorted(mods)


def programs():
    """(name, source) of every program whose facts are recorded."""
    out = []
    for d in (record.CORPUS, record.HOSTILE, HELD_OUT):
        for f in sorted(os.listdir(d)):
            if f.endswith(".py"):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    out.append((f[:-3], fh.read()))
    for f in sorted(os.listdir(record.LESSONS)):
        if f.endswith(".md"):
            try:
                out.append((f[:-3], record.lesson_code(os.path.join(record.LESSONS, f))))
            except ValueError:
                pass  # not a lesson (README.md)
    return out


def write_facts(interpreter):
    facts = {}
    for name, source in programs():
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False,
                                         encoding="utf-8") as fh:
            fh.write(source)
            path = fh.name
        try:
            out = run(interpreter, ["program", path] + imported_modules(source))
        finally:
            os.unlink(path)
        facts[name] = ast.literal_eval(out)
    with open(FACTS, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(facts, fh, indent=1, sort_keys=True)
        fh.write("\n")
    print("%s: %d programs" % (os.path.relpath(FACTS, REPO), len(facts)))


def main():
    interpreter, version = record.find_cpython()
    print("CPython: %s (%s)" % (interpreter, version.replace("\n", " ")))
    write_table(interpreter, version)
    write_facts(interpreter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
