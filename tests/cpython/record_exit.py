#!/usr/bin/env python3
"""Record what real CPython does when each tests/exit program ENDS.

Usage:
    python3 tests/cpython/record_exit.py                    # every tests/exit/NN_*.py
    python3 tests/cpython/record_exit.py tests/exit/07_file_lost_gc_off.py ...
    python3 tests/cpython/record_exit.py --check            # re-record, compare, write nothing
    python3 tests/cpython/record_exit.py --python /root/.pyenv/versions/3.12.1/bin/python3 \\
        --out /tmp/exit-3.12                                # another CPython, elsewhere

Each program is run twice, each time in a fresh temporary directory that
holds only a copy of the program (its cwd), with stdin from /dev/null and an
environment without any PYTHON* variable except PYTHONHASHSEED=0,
PYTHONUTF8=1 and PYTHONIOENCODING=utf-8:

1. The recording: `python3 -s NN_name.py`, exactly as a learner runs it.
   stdout, stderr, the exit status and every file left in the cwd after the
   process ended are recorded.
2. The marker run: `python3 -s BOOT CODE COUNT0 NN_name.py`, where BOOT is
   record_exit_boot.py (next to this file), CODE the program compiled by the
   same CPython in another process and marshalled (see COMPILE below) and
   COUNT0 the collector's generation-0 count at the program's first line in
   the recording (see first_line_count; BOOT compensates for its own objects
   with it, so that automatic collections come at the same allocation as in
   the recording). BOOT runs the program's code in the real __main__
   module as `python3 prog.py` would and writes a marker to stdout at the
   instant the program's module code returns or an exception leaves it
   (sys.monitoring). The number of characters of stdout before the marker
   is where the exit begins; how far the marker run can be trusted is
   `split` below.

`recordings/<name>.json` (tests/exit/recordings/ unless --out):

    program       the file name
    python        CPython's version, e.g. "3.13.0"
    command       what ran (the program path relative to its cwd)
    exit_code     the process's exit status
    stdout        everything printed to stdout
    exit_index    characters of stdout printed before the exit began, or null
    stdout_run    stdout[:exit_index]  (what the program's lines printed)
    stdout_exit   stdout[exit_index:]  (printed while the interpreter ended:
                  traceback-time collections, atexit, exit collections,
                  module teardown)
    split         "exact" (marker run printed the same), "prefix" (same up to
                  the marker only), "lines" (other text, e.g. a literal's
                  refcount, but as many lines, and the marker between
                  lines: the exit begins after as many lines), "no-marker"
                  (the program never ended normally, e.g. os._exit:
                  exit_index = len(stdout)), "mismatch" (exit_index null)
    stderr        everything printed to stderr
    files         {relative path: {"text": ...} or {"base64": ...}} for every
                  file in the cwd after the process ended, except the program
    collections   the collections that called gc.callbacks in the MARKER run
                  (whose generation-0 count matches the recording's within
                  a few objects, see COUNT0 above), in order: {"generation",
                  "explicit" (gc.collect() asked for it), "during_exit",
                  "line" (the program line running, null once it ended)}.
                  During the exit, a non-explicit generation-2 entry is the
                  exit's PyGC_Collect() (only when gc is enabled); earlier
                  non-explicit ones are automatic (e.g. while 3.13 prints a
                  traceback). The two collections inside finalize_modules()
                  never call gc.callbacks and are not listed.

Normalised so that recordings are byte-identical from run to run: the
temporary directory's path is written `<cwd>`, and hexadecimal addresses
(`0x7f3a...`, six digits or more) are written `0x?`. Nothing else is changed.

Exit status: 0 if all went well (with --check: and nothing changed), 1 if a
program could not be recorded (or --check found a difference), 2 if there is
no usable interpreter. The driver itself runs on Python 3.8+.
"""

import argparse
import base64
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXIT_DIR = os.path.join(REPO, "tests", "exit")
RECORDINGS = os.path.join(EXIT_DIR, "recordings")
BOOT = os.path.join(HERE, "record_exit_boot.py")
FALLBACK_CPYTHON = "/root/.pyenv/versions/3.13.0/bin/python3"
MARK = "\x1eREFSCOPE-EXIT\x1e"  # must match record_exit_boot.py
GC_LINE = re.compile(r"\x1eREFSCOPE-GC (\d) (\d) (\d) (\w+)\x1e")
TIMEOUT = 120
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
PROGRAM = re.compile(r"^\d\d_[A-Za-z0-9_]+\.py$")


def find_python(explicit):
    candidates = [explicit] if explicit else []
    if not explicit:
        if os.environ.get("REFSCOPE_CPYTHON"):
            candidates = [os.environ["REFSCOPE_CPYTHON"]]
        else:
            candidates = ["python3.13", FALLBACK_CPYTHON]
    for c in candidates:
        try:
            out = subprocess.run(
                [c, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0:
            return c, out.stdout.decode().strip()
    return None, None


def child_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("REFSCOPE_CPYTHON", None)
    env.update(PYTHONHASHSEED="0", PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    return env


def run_in_fresh_cwd(program, python, prepare=None):
    """Runs `python -s [prepare(cwd)...] NAME.py` in a new temp dir holding a copy
    of the program. Returns (process, files left in the cwd, the cwd's spellings)."""
    cwd = tempfile.mkdtemp(prefix="refscope-exit-")
    try:
        name = os.path.basename(program)
        shutil.copyfile(program, os.path.join(cwd, name))
        extra = prepare(cwd, name) if prepare else []
        proc = subprocess.run(
            [python, "-s"] + extra + [name], cwd=cwd, env=child_env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
        files = {}
        for root, dirs, filenames in os.walk(cwd):
            dirs.sort()
            for fn in sorted(filenames):
                full = os.path.join(root, fn)
                rel = os.path.relpath(full, cwd)
                if rel == name:
                    continue
                with open(full, "rb") as f:
                    data = f.read()
                try:
                    files[rel] = {"text": data.decode("utf-8")}
                except UnicodeDecodeError:
                    files[rel] = {"base64": base64.b64encode(data).decode("ascii")}
        real = os.path.realpath(cwd)
        return proc, files, [real, cwd]
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


# Compiles the program in a separate process of the same CPython and marshals
# the code object: compile() called from Python code first builds the `ast`
# module's classes (about 1,100 tracked objects), which `python3 prog.py`
# never does, and which would move every automatic collection of the marker
# run. marshal is loaded at start-up in every CPython.
COMPILE = (
    "import marshal, sys\n"
    "src = open(sys.argv[1], 'rb').read()\n"
    "code = compile(src, sys.argv[1], 'exec', dont_inherit=True)\n"
    "open(sys.argv[2], 'wb').write(marshal.dumps(code))\n"
)


PROBE_LINE = "import gc, os; print(gc.get_count()[0], flush=True); os._exit(0)\n"


def first_line_count(python, program):
    """gc.get_count()[0] when the program's first line starts, run as
    `python3 prog.py`: it depends on the program, because compiling it makes
    tracked objects (tuples of constants and names...). Measured by running a
    copy with PROBE_LINE put before its first line (one line more to compile:
    a handful of objects), which prints the count and ends the process."""
    d = tempfile.mkdtemp(prefix="refscope-exit-probe-")
    try:
        name = os.path.basename(program)
        with open(program, "rb") as f:
            source = f.read()
        with open(os.path.join(d, name), "wb") as f:
            f.write(PROBE_LINE.encode() + source)
        out = subprocess.run(
            [python, "-s", name], cwd=d, env=child_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=TIMEOUT,
        )
        return int(out.stdout.decode().split()[0])
    finally:
        shutil.rmtree(d, ignore_errors=True)


def marker_prepare(python, scratch, program):
    count0 = first_line_count(python, program)

    def prepare(cwd, name):
        code_file = os.path.join(scratch, name + ".marshal")
        subprocess.run(
            [python, "-s", "-c", COMPILE, os.path.join(cwd, name), code_file],
            env=child_env(), stdin=subprocess.DEVNULL, check=True, timeout=TIMEOUT,
        )
        return [BOOT, code_file, str(count0)]
    return prepare


def normalise(text, cwds):
    for c in sorted(set(cwds), key=len, reverse=True):
        text = text.replace(c, "<cwd>")
    return ADDRESS.sub("0x?", text)


def lines_fallback(mout, index, stdout):
    """The marker run printed other text (say, a refcount of a literal: running
    the file keeps the parser's arena, one more reference to each literal, and
    the marker run compiles it with compile()). If the marker fell between
    lines and both runs printed the same number of lines, the exit begins
    after as many lines of the real stdout."""
    before = mout[:index]
    if before and not before.endswith("\n"):
        return "mismatch", None
    if mout.replace(MARK, "", 1).count("\n") != stdout.count("\n"):
        return "mismatch", None
    k = before.count("\n")
    pos = 0
    for _ in range(k):
        pos = stdout.index("\n", pos) + 1
    return "lines", pos


def record(program, python, version):
    name = os.path.basename(program)
    proc, files, cwds = run_in_fresh_cwd(program, python)
    stdout = normalise(proc.stdout.decode("utf-8", "backslashreplace"), cwds)
    stderr = normalise(proc.stderr.decode("utf-8", "backslashreplace"), cwds)

    scratch = tempfile.mkdtemp(prefix="refscope-exit-code-")
    try:
        mproc, _files, mcwds = run_in_fresh_cwd(program, python, marker_prepare(python, scratch, program))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    mout = normalise(mproc.stdout.decode("utf-8", "backslashreplace"), mcwds)
    collections = []
    for m in GC_LINE.finditer(mproc.stderr.decode("utf-8", "backslashreplace")):
        gen, explicit, ended, line = m.groups()
        collections.append({
            "generation": int(gen),
            "explicit": explicit == "1",
            "during_exit": ended == "1",
            "line": None if line == "None" else int(line),
        })
    if MARK not in mout:
        split, index = ("no-marker", len(stdout)) if mout == stdout else ("mismatch", None)
    else:
        index = mout.index(MARK)
        if mout.replace(MARK, "", 1) == stdout:
            split = "exact"
        elif stdout.startswith(mout[:index]):
            split = "prefix"
        else:
            split, index = lines_fallback(mout, index, stdout)
    return {
        "program": name,
        "python": version,
        "command": ["python3", "-s", name],
        "exit_code": proc.returncode,
        "stdout": stdout,
        "exit_index": index,
        "stdout_run": stdout[:index] if index is not None else None,
        "stdout_exit": stdout[index:] if index is not None else None,
        "split": split,
        "stderr": stderr,
        "files": files,
        "collections": collections,
    }


def dump(rec):
    return json.dumps(rec, indent=1, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("programs", nargs="*")
    ap.add_argument("--python", help="the CPython to record (default: $REFSCOPE_CPYTHON, "
                    "python3.13, %s)" % FALLBACK_CPYTHON)
    ap.add_argument("--out", help="where to write the recordings (default tests/exit/recordings)")
    ap.add_argument("--check", action="store_true",
                    help="re-record and compare with the stored recordings; write nothing")
    args = ap.parse_args()

    python, version = find_python(args.python)
    if python is None:
        print("record_exit: no usable CPython (set REFSCOPE_CPYTHON)", file=sys.stderr)
        return 2
    if not version.startswith("3.13."):
        print("record_exit: warning: recording with CPython %s, not 3.13" % version,
              file=sys.stderr)

    whole = not args.programs
    programs = args.programs or sorted(
        p for p in glob.glob(os.path.join(EXIT_DIR, "*.py")) if PROGRAM.match(os.path.basename(p)))
    out_dir = args.out or RECORDINGS
    if not args.check:
        os.makedirs(out_dir, exist_ok=True)

    status = 0
    written = set()
    for program in programs:
        stem = os.path.splitext(os.path.basename(program))[0]
        target = os.path.join(out_dir, stem + ".json")
        try:
            rec = record(program, python, version)
        except (OSError, subprocess.TimeoutExpired) as e:
            print("FAILED %s: %s" % (stem, e), file=sys.stderr)
            status = 1
            continue
        text = dump(rec)
        written.add(target)
        if args.check:
            try:
                with open(target, encoding="utf-8") as f:
                    old = f.read()
            except OSError:
                old = None
            if old != text:
                print("CHANGED %s" % stem)
                status = 1
            continue
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        note = "" if rec["split"] == "exact" else "  (split: %s)" % rec["split"]
        print("recorded %s: exit %d%s" % (stem, rec["exit_code"], note))
    if whole and not args.check:
        for stale in glob.glob(os.path.join(out_dir, "*.json")):
            if stale not in written:
                os.remove(stale)
                print("removed %s" % os.path.basename(stale))
    return status


if __name__ == "__main__":
    sys.exit(main())
