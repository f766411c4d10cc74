#!/usr/bin/env python3
"""Check gc_model.py against real CPython with random programs.

Each random program builds a small graph of instances (some with __del__),
lists and dicts bound to globals, links them (cycles included), deletes and
rebinds names, calls gc.collect(g), and ends normally, with an uncaught
exception or with sys.exit(). Every __del__ prints its name. The program runs
in CPython as `python3 -s prog.py`; gc_model.Heap replays the same operations
and predicts every line __del__ prints, during the run and at exit. The two
must be equal.

Usage:
    python3 tests/exit/check_gc_model.py [--count N] [--seed S] [--python PATH]
        [--version 3.13|3.12] [--show]

Exit status 0 if every program agreed, 1 otherwise (the first disagreeing
program is printed). Needs no third-party package; the driver runs on 3.8+.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gc_model  # noqa: E402

DEFAULT_PYTHON = "/root/.pyenv/versions/3.13.0/bin/python3"

HEADER = """\
import gc, sys
{gc_line}
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print('del', self.n)
class Box:
    pass
"""


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    e.update(PYTHONHASHSEED="0", PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    return e


def generate(rng):
    """Returns (source, heap-after-replay)."""
    gc_enabled = rng.random() < 0.5
    lines = [HEADER.format(gc_line="" if gc_enabled else "gc.disable()")]
    heap = gc_model.Heap(version=ARGS.version, gc_enabled=gc_enabled)
    counter = [0]

    def fresh():
        counter[0] += 1
        return f"o{counter[0]}"

    def alive(kinds=None):
        out = []
        for name, oid in heap.names.items():
            o = heap.objs[oid]
            if name.startswith("o") and (kinds is None or o.kind in kinds):
                out.append(name)
        return out

    for _ in range(rng.randint(3, 14)):
        op = rng.random()
        names = alive()
        if op < 0.30 or len(names) < 2:
            name = fresh()
            kind = rng.choice(["D", "D", "D", "Box", "list", "dict", "emptydict"])
            if kind == "D":
                lines.append(f"{name} = D('{name}')")
                heap.new(name, "D")
            elif kind == "Box":
                lines.append(f"{name} = Box()")
                heap.new(name, "Box")
            elif kind == "list":
                items = rng.sample(names, min(len(names), rng.randint(0, 3)))
                lines.append(f"{name} = [{', '.join(items)}]")
                heap.new(name, "list", items)
            elif kind == "dict":
                items = {f"k{i}": v for i, v in enumerate(rng.sample(names, min(len(names), rng.randint(1, 3))))}
                body = ", ".join(f"'{k}': {v}" for k, v in items.items())
                lines.append(f"{name} = {{{body}}}")
                heap.new(name, "dict", items)
            else:
                lines.append(f"{name} = {{}}")
                heap.new(name, "emptydict")
        elif op < 0.40:
            # anonymous instances: a list of them, or one stored in an attribute
            base = fresh()
            holders = alive(("instance",))
            if holders and rng.random() < 0.4:
                a = rng.choice(holders)
                attr = rng.choice(["x", "y", "z"])
                lines.append(f"{a}.{attr} = D('{base}')")
                heap.setattr_anon(a, attr, heap.anon("D", base))
            else:
                kids = [heap.anon("D", f"{base}{chr(97 + i)}") for i in range(rng.randint(1, 3))]
                body = ", ".join(f"D('{kid}')" for kid in kids)
                lines.append(f"{base} = [{body}]")
                heap.new_list_of(base, kids)
        elif op < 0.60:
            holders = alive(("instance", "list", "dict"))
            a = rng.choice(holders)
            b = rng.choice(names)
            kind = heap.objs[heap.names[a]].kind
            if kind == "instance":
                attr = rng.choice(["x", "y", "z"])
                lines.append(f"{a}.{attr} = {b}")
                heap.setattr(a, attr, b)
            elif kind == "list":
                lines.append(f"{a}.append({b})")
                heap.append(a, b)
            else:
                key = rng.choice(["p", "q", "r"])
                lines.append(f"{a}['{key}'] = {b}")
                heap.setitem(a, key, b)
        elif op < 0.70:
            a, b = rng.sample(names, 2)
            lines.append(f"{a}, {b} = {b}, {a}")
            heap.swap(a, b)
        elif op < 0.80:
            name = rng.choice(names)
            lines.append(f"del {name}")
            heap.delete(name)
        elif op < 0.87:
            a, b = rng.sample(names, 2)
            lines.append(f"{a} = {b}")
            heap.rebind(a, b)
        else:
            gen = rng.choice([0, 0, 1, 2, 2])
            # keep the gen1 counter low enough that the traceback's automatic
            # collections stay gen0 (see SPEC rule E1)
            if gen == 0 and heap.counts[1] >= 6:
                gen = 2
            lines.append(f"gc.collect({gen})")
            heap.collect(gen)
    ending = rng.choice(["normal", "uncaught", "uncaught", "sysexit"])
    if ending == "uncaught":
        lines.append("raise RuntimeError('the end')")
    elif ending == "sysexit":
        lines.append("sys.exit(0)")
    heap.exit(ending)
    return "\n".join(lines) + "\n", heap


def run(python, source):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "prog.py")
        with open(path, "w") as f:
            f.write(source)
        p = subprocess.run(
            [python, "-s", path], cwd=d, env=env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
        )
    return p.stdout.decode().splitlines(), p.stderr.decode()


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--python", default=os.environ.get("REFSCOPE_CPYTHON", DEFAULT_PYTHON))
    ap.add_argument("--version", default="3.13")
    ap.add_argument("--show", action="store_true", help="print every program and its output")
    ARGS = ap.parse_args()
    rng = random.Random(ARGS.seed)
    bad = 0
    orders = 0
    for n in range(ARGS.count):
        source, heap = generate(rng)
        got, err = run(ARGS.python, source)
        want = heap.out
        if len(want) > 1:
            orders += 1
        if ARGS.show:
            print(f"# program {n}\n{source}# -> {got}\n")
        if got != want:
            bad += 1
            if bad == 1:
                print(f"MISMATCH in program {n} (seed {ARGS.seed}):\n{source}")
                print("CPython printed:", got)
                print("model predicts: ", want)
                print("stderr:", err[-500:])
    print(f"{ARGS.count - bad}/{ARGS.count} programs agree "
          f"({orders} printed two or more __del__ lines)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
