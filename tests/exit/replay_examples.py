#!/usr/bin/env python3
"""Replays some tests/exit programs through gc_model.py and compares with the
recordings: the finalizer lines of stdout (in order) and what each unclosed
file kept. This is SPEC.md's algorithm applied by hand to the recorded
programs, so each replay reads like the worked example it is.

Usage: python3 tests/exit/replay_examples.py [RECORDINGS_DIR]
       (default tests/exit/recordings; exit status 1 on a mismatch)
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gc_model import Heap  # noqa: E402

REPLAYS = {}


def replay(name):
    def wrap(fn):
        REPLAYS[name] = fn
        return fn
    return wrap


def D(h, name):
    """`name = D(name)`, whose __del__ prints "__del__ <name>"."""
    h.new(name, "D")
    h.objs[h.names[name]].label = f"__del__ {name}"


def cycle(h, a, b):
    D(h, "c1")
    h.objs[h.names["c1"]].label = f"__del__ {a}"
    D(h, "c2")
    h.objs[h.names["c2"]].label = f"__del__ {b}"
    h.setattr("c1", "other", "c2")
    h.setattr("c2", "other", "c1")
    h.delete("c1")
    h.delete("c2")


def globals_program(h):  # the body of 03 and 04
    cycle(h, "cycle-1", "cycle-2")
    for n in ("a", "b", "_u"):
        D(h, n)
    items = [h.anon("D", f"l{i}", label=f"__del__ l{i}") for i in (1, 2, 3)]
    h.new_list_of("lst", items)
    D(h, "z")
    D(h, "p")
    h.objs[h.names["p"]].label = "__del__ made-first"
    D(h, "q")
    h.objs[h.names["q"]].label = "__del__ made-second"
    h.swap("p", "q")


@replay("03_globals_gc_on")
def _(h):
    globals_program(h)
    return h.exit("normal"), {}


@replay("04_globals_gc_off")
def _(h):
    h.gc_enabled = False
    globals_program(h)
    return h.exit("normal"), {}


@replay("05_collect_during_run")
def _(h):
    h.gc_enabled = False
    D(h, "first")
    h.objs[h.names["first"]].label = "__del__ made 1st"
    D(h, "second")
    h.objs[h.names["second"]].label = "__del__ made 2nd"
    pair = [h.anon("D", "p3", label="__del__ made 3rd, in pair"),
            h.anon("D", "p4", label="__del__ made 4th, in pair")]
    h.new_list_of("pair", pair)
    h.swap("first", "second")
    h.open("before")
    h.collect(2)
    D(h, "late_1")
    h.objs[h.names["late_1"]].label = "__del__ made 5th, after collect"
    D(h, "late_2")
    h.objs[h.names["late_2"]].label = "__del__ made 6th, after collect"
    h.swap("late_1", "late_2")
    h.open("after")
    lines = h.exit("normal")
    return lines, {"before.txt": h.file_outcome("before"), "after.txt": h.file_outcome("after")}


@replay("06_no_functions")
def _(h):
    h.gc_enabled = False
    h.open("first")
    h.open("second", binary=True)
    h.exit("normal", main_in_cycle=False)  # no def, no class: E6b frees the globals
    return [], {"first.txt": h.file_outcome("first"), "second.bin": h.file_outcome("second")}


@replay("07_file_lost_gc_off")
def _(h):
    h.gc_enabled = False
    h.open("f")
    h.exit("normal")
    return [], {"out.txt": h.file_outcome("f")}


@replay("08_file_saved_gc_on")
def _(h):
    h.open("f")
    h.exit("normal")
    return [], {"out.txt": h.file_outcome("f")}


@replay("09_binary_file_gc_off")
def _(h):
    h.gc_enabled = False
    h.open("lost", binary=True)
    h.open("saved", binary=True)
    h.exit("normal")
    return [], {"lost.bin": h.file_outcome("lost"), "saved.bin": h.file_outcome("saved")}


@replay("12_file_in_garbage_cycle")
def _(h):
    log = h.anon("Box", "log", finalizer=True, label="__del__ Logger; file closed? False")
    h._bind("main", "log", log)
    h.objs[log].extern -= 1
    h.open("tmp")  # self.file = open(path, "w")
    h.setattr("log", "file", "tmp")
    h.delete("tmp")
    h.setattr("log", "me", "log")
    h.delete("log")
    h.exit("normal")
    return ["__del__ Logger; file closed? False"], {"cycle.txt": h.file_outcome("tmp")}


def combo(h):  # the body of 26, 27 and 28
    cycle(h, "cycle-1", "cycle-2")
    h.open("report")
    gen = h.anon("Gen", "gen", finalizer=True, label="generator finally")
    h._bind("main", "gen", gen)
    h.objs[gen].extern -= 1
    D(h, "keep")
    h.objs[h.names["keep"]].label = "__del__ global"


@replay("26_combo_gc_on")
def _(h):
    combo(h)
    h.exit("normal")
    return h.out, {"report.txt": h.file_outcome("report")}


@replay("27_combo_gc_off")
def _(h):
    h.gc_enabled = False
    combo(h)
    h.exit("normal")
    return h.out, {"report.txt": h.file_outcome("report")}


@replay("28_combo_uncaught")
def _(h):
    combo(h)
    h.exit("uncaught")
    return h.out, {"report.txt": h.file_outcome("report")}


@replay("18_uncaught_gc_313")
def _(h):
    cycle(h, "cycle-1", "cycle-2")
    D(h, "p")
    h.objs[h.names["p"]].label = "__del__ made-first"
    D(h, "q")
    h.objs[h.names["q"]].label = "__del__ made-second"
    h.swap("p", "q")
    items = [h.anon("D", f"i{i}", label=f"__del__ item-{i}") for i in (1, 2)]
    h.new_list_of("items", items)
    return h.exit("uncaught"), {}


@replay("29_automatic_collection")
def _(h):
    D(h, "p")
    h.objs[h.names["p"]].label = "__del__ made-first"
    D(h, "q")
    h.objs[h.names["q"]].label = "__del__ made-second"
    h.swap("p", "q")
    h.collect(0)  # the automatic collection the 2500 lists caused
    return h.exit("normal"), {}


FILE_KEPT = {
    # what each outcome leaves on disk, for the files these programs write
    "everything written": lambda text, written: text == written,
    "all buffered data lost": lambda text, written: len(text) < len(written),
}
WRITTEN = {
    "out.txt": "hello\n",
    "lost.bin": "buffered, lost\n",
    "saved.bin": "flushed, kept\nafter the flush, lost\n",
    "cycle.txt": "written through a cycle\n",
    "report.txt": "report body\n",
    "first.txt": "first: text still buffered at the last line\n",
    "second.bin": "second: bytes still buffered at the last line\n",
    "before.txt": "opened before gc.collect()\n",
    "after.txt": "opened after gc.collect()\n",
}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "recordings")
    bad = 0
    for name, fn in REPLAYS.items():
        with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
            rec = json.load(f)
        h = Heap(version=rec["python"].rsplit(".", 1)[0])
        lines, files = fn(h)
        lines = [line for line in lines if not line.startswith("close ")]
        recorded = [line.split(" sees ")[0] for line in rec["stdout"].splitlines()
                    if line.startswith(("__del__", "generator finally", "finally of"))]
        problems = []
        if lines and recorded != lines:
            problems.append(f"finalizers: recorded {recorded}, model {lines}")
        for path, outcome in files.items():
            text = rec["files"][path]["text"]
            if not FILE_KEPT[outcome](text, WRITTEN[path]):
                problems.append(f"{path}: recorded {text!r}, model says {outcome}")
        status = "ok" if not problems else "MISMATCH"
        print(f"{status:8} {name}" + "".join("\n         " + p for p in problems))
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
