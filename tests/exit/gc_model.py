"""A reference model of CPython 3.13's cyclic collector, for replaying the exit.

This is the executable form of rule GC in tests/exit/SPEC.md: it keeps the
collector's three generation lists in order, replays `move_unreachable`
(Python/gc.c) to reorder the survivors of each collection, finalizes garbage
in list order, and frees by reference counting the way the deallocators of
list, dict and instances do. `check_gc_model.py` runs random programs in real
CPython and compares what they print with what this model predicts.

Only what a learner's program can make is modelled: instances (with or
without `__del__`), lists, dicts with str keys, files (`open()`: three
objects), and the `__main__` module's globals dict ("main"). Strings and ints are not tracked by the collector and
are left out. Everything the interpreter made before the program started is
left out too, except the one fact that matters: the globals dict sits in
generation 1 when the program starts (CPython's start-up collections moved it
there), ahead of every object the program makes.

Usage from Python (replay_examples.py has a dozen worked examples):

    h = Heap(version="3.13", gc_enabled=True)
    h.new("a", "D")                 # a = D('a')        (prints "del a" when finalized)
    h.new("l", "list", ["a", "a"])  # l = [a, a]
    h.new_list_of("m", [h.anon("D", "x"), h.anon("D", "y")])  # m = [D('x'), D('y')]
    h.setattr("a", "me", "a")       # a.me = a
    h.swap("l", "m")                # l, m = m, l
    h.open("f")                     # f = open(path, "w")
    h.delete("a")                   # del a
    h.collect(2)                    # gc.collect()
    h.exit("normal")                # the interpreter's exit (E1, E5, E6b, E6e)
    print(h.out)                    # finalizer lines, in CPython's order
    print(h.file_outcome("f"))      # what f's buffers became
"""

MAIN = "main"  # the id of the __main__ globals dict


class Obj:
    def __init__(self, oid, kind, cls=None):
        self.id = oid
        self.kind = kind  # "instance", "list", "dict", "main"
        self.cls = cls  # instances: their class name
        self.finalizer = False  # has __del__ (tp_finalize)
        self.finalized = False  # __del__ already ran (it never runs twice)
        self.alive = True
        self.tracked = False
        self.extern = 0  # references from outside the modelled objects
        self.label = None  # what its finalizer prints (default: "del <id>")
        # instance: attr -> id; dict/main: key -> id; list: [id, ...]
        self.slots = [] if kind == "list" else {}

    def finalizer_line(self):
        return self.label if self.label is not None else f"del {self.id.split('#')[0]}"

    def values(self):
        return list(self.slots) if self.kind == "list" else list(self.slots.values())


class Heap:
    def __init__(self, version="3.13", gc_enabled=True):
        self.version = version
        self.gc_enabled = gc_enabled
        self.objs = {}
        self.out = []  # what __del__ printed, in order
        self.shared_keys = {}  # class -> attribute names in first-added order
        self.files = {}  # open() name -> its top layer
        self.gens = [[], [], []]
        self.counts = [0, 3 if version == "3.13" else 5, 0]  # gen1/gen2 counters at start
        main = Obj(MAIN, "main")
        main.extern = 1  # the module object (and, during the run, the frame)
        self.objs[MAIN] = main
        self._track(main, gen=1)
        self.names = main.slots  # the program's globals, in insertion order

    # -- building the graph ------------------------------------------------

    def _track(self, o, gen=0):
        o.tracked = True
        self.gens[gen].append(o.id)

    def _is_container(self, oid):
        return oid is not None and self.objs[oid].kind in ("instance", "list", "dict")

    def new(self, name, kind, items=None, finalizer=None):
        """`name = D(name)` / `Box()` / `[...]` / `{...}`: a new object bound to a global.

        kind: "D" (instance with __del__), "Box" (instance without), "list",
        "dict" (items: {key: name}), "emptydict".
        """
        oid = name
        n = 2
        while oid in self.objs:  # a name can be reused after del
            oid = f"{name}#{n}"
            n += 1
        if kind in ("D", "Box"):
            o = Obj(oid, "instance", cls=kind)
            o.finalizer = kind == "D" if finalizer is None else finalizer
            self.objs[oid] = o
            self._track(o)  # instances are tracked when allocated
        elif kind == "list":
            o = Obj(oid, "list")
            o.slots = [self.names[i] for i in (items or [])]
            self.objs[oid] = o
            self._track(o)  # BUILD_LIST: after its items exist
        elif kind in ("dict", "emptydict"):
            o = Obj(oid, "dict")
            o.slots = {k: self.names[v] for k, v in (items or {}).items()}
            self.objs[oid] = o
            if any(self._is_container(v) for v in o.slots.values()):
                self._track(o)  # a dict is tracked once it holds a container
        else:
            raise ValueError(kind)
        self._bind(MAIN, name, oid)
        return oid

    def _store(self, holder, key, oid):
        """holder[key] = oid, releasing the old value afterwards."""
        h = self.objs[holder]
        old = h.slots.get(key)
        if h.kind == "instance" and key not in self.shared_keys.setdefault(h.cls, []):
            self.shared_keys[h.cls].append(key)
        h.slots[key] = oid
        if h.kind == "dict" and not h.tracked and self._is_container(oid):
            self._track(h)
        if old is not None:
            self._decref(old)

    def _bind(self, holder, key, oid):
        self._store(holder, key, oid)

    def anon(self, kind, name, finalizer=None, label=None):
        """`D(name)` / `Box()` as a temporary, held by the value stack until it is stored."""
        oid = name
        o = Obj(oid, "instance", cls=kind)
        o.finalizer = kind == "D" if finalizer is None else finalizer
        o.label = label
        o.extern = 1  # the value stack holds it until it is stored
        self.objs[oid] = o
        self._track(o)
        return oid

    def new_list_of(self, name, oids):
        """`name = [D('a'), D('b')]`: the items exist before the list (BUILD_LIST)."""
        o = Obj(name, "list")
        o.slots = list(oids)
        self.objs[name] = o
        self._track(o)
        for i in oids:
            self.objs[i].extern -= 1  # moved from the stack into the list
        self._bind(MAIN, name, name)

    def setattr_anon(self, obj, attr, oid):  # obj.attr = D('x')
        self._store(self.names[obj], attr, oid)
        self.objs[oid].extern -= 1

    def swap(self, a, b):  # a, b = b, a
        va, vb = self.names[a], self.names[b]
        self.objs[va].extern += 1
        self.objs[vb].extern += 1
        self._store(MAIN, a, vb)
        self._store(MAIN, b, va)
        self.objs[va].extern -= 1
        self.objs[vb].extern -= 1

    def open(self, name, binary=False):
        """`name = open(path, "w" or "wb")`: a FileIO, a BufferedWriter over it and,
        for text, a TextIOWrapper over that, made in that order. Their
        finalizers (close) print "close <layer> <name>"; see file_outcome()."""
        raw = self.anon("FileIO", f"{name}.raw", True, f"close FileIO {name}")
        buf = self.anon("BufferedWriter", f"{name}.buffer", True, f"close BufferedWriter {name}")
        self._store(buf, "raw", raw)
        self.objs[raw].extern -= 1
        top = buf
        if not binary:
            top = self.anon("TextIOWrapper", f"{name}.text", True, f"close TextIOWrapper {name}")
            self._store(top, "buffer", buf)
            self.objs[buf].extern -= 1
        self._bind(MAIN, name, top)
        self.objs[top].extern -= 1
        self.files[name] = "BufferedWriter" if binary else "TextIOWrapper"
        return top

    def file_outcome(self, name):
        """Which buffered data of file `name` reaches the disk, from the order its
        layers were finalized: the first layer to close closes (and flushes)
        everything below it; the buffers above it are lost."""
        order = [line.split()[1] for line in self.out
                 if line.startswith("close ") and line.split()[2] == name]
        first = order[0] if order else None
        if first == self.files[name]:
            first = "TextIOWrapper"  # the top layer closed first: all of it
        return {
            "TextIOWrapper": "everything written",
            "BufferedWriter": "TextIOWrapper's pending text lost; BufferedWriter's buffer written",
            "FileIO": "all buffered data lost",
            None: "never finalized",
        }[first]

    def setattr(self, obj, attr, value):  # obj.attr = value
        self._store(self.names[obj], attr, self.names[value])

    def setitem(self, d, key, value):  # d[key] = value
        self._store(self.names[d], key, self.names[value])

    def append(self, lst, value):  # lst.append(value)
        self.objs[self.names[lst]].slots.append(self.names[value])

    def rebind(self, name, other):  # name = other
        self._store(MAIN, name, self.names[other])

    def delete(self, name):  # del name
        oid = self.names.pop(name)
        self._decref(oid)

    # -- reference counting ------------------------------------------------

    def refcount(self, oid):
        o = self.objs[oid]
        n = o.extern
        for other in self.objs.values():
            if other.alive:
                n += other.values().count(oid)
        return n

    def traverse(self, oid):
        """tp_traverse order: what the collector visits, in order."""
        o = self.objs[oid]
        if o.kind == "list":
            return list(reversed(o.slots))  # list_traverse walks backwards
        if o.kind == "instance":
            # inline values, in the class's shared-key order; then the class
            # (not modelled: it leads to no program object but the globals)
            keys = self.shared_keys.get(o.cls, [])
            return [o.slots[k] for k in keys if k in o.slots]
        return list(o.slots.values())  # dict_traverse: insertion order

    def _release_order(self, o):
        """The order a deallocator (or tp_clear) drops its references."""
        if o.kind == "list":
            return list(reversed(o.slots))  # list_dealloc / _list_clear
        if o.kind == "instance":
            keys = self.shared_keys.get(o.cls, [])
            return [o.slots[k] for k in keys if k in o.slots]
        return list(o.slots.values())  # dict: forward

    def _decref(self, oid):
        if oid is None:
            return
        o = self.objs[oid]
        if o.alive and self.refcount(oid) == 0:
            self._dealloc(o)

    def _dealloc(self, o):
        if o.finalizer and not o.finalized:
            o.finalized = True
            self.out.append(o.finalizer_line())
        o.alive = False
        self._untrack(o)
        children = self._release_order(o)
        o.slots = [] if o.kind == "list" else {}
        for c in children:
            self._decref(c)

    def _untrack(self, o):
        if o.tracked:
            for g in self.gens:
                if o.id in g:
                    g.remove(o.id)
            o.tracked = False

    # -- the collector -------------------------------------------------------

    def collect(self, generation):
        """gc_collect_main(generation) for the modelled objects.

        Returns the ids of the garbage found (the unreachable list, in order).
        """
        if generation + 1 < 3:
            self.counts[generation + 1] += 1
        for i in range(generation + 1):
            self.counts[i] = 0
        # merge younger generations onto the end of the collected one
        young = list(self.gens[generation])
        for i in range(generation):
            young += self.gens[i]
            self.gens[i] = []
        self.gens[generation] = []
        members = set(young)
        # update_refs + subtract_refs
        gc_refs = {oid: self.refcount(oid) for oid in young}
        for oid in young:
            for r in self.objs[oid].values():
                if r in members:
                    gc_refs[r] -= 1
        survivors, unreachable = self._move_unreachable(young, gc_refs)
        # survivors move up (the oldest generation keeps them)
        self.gens[min(generation + 1, 2)] += survivors
        # (untrack_tuples / untrack_dicts: dicts here always hold containers)
        # handle_weakrefs: not modelled here (see SPEC rule W)
        # finalize_garbage: __del__ in unreachable-list order
        for oid in unreachable:
            o = self.objs[oid]
            if o.alive and o.finalizer and not o.finalized:
                o.finalized = True
                self.out.append(o.finalizer_line())
        # handle_resurrected_objects: the modelled __del__ does not resurrect
        # delete_garbage: tp_clear in list order, each under a temporary ref
        old = self.gens[min(generation + 1, 2)]
        for oid in unreachable:
            o = self.objs[oid]
            if not o.alive:
                continue
            o.extern += 1  # Py_INCREF(op) around tp_clear
            children = self._release_order(o)
            o.slots = [] if o.kind == "list" else {}
            for c in children:
                self._decref(c)
            o.extern -= 1
            if self.refcount(oid) == 0:
                self._dealloc(o)
            elif o.alive:
                old.append(oid)  # still alive: moved to the older generation
        return unreachable

    def _move_unreachable(self, young, gc_refs):
        """Python/gc.c move_unreachable: returns (survivors, unreachable) in order."""
        young = list(young)
        reachable_mark = {oid: gc_refs[oid] > 0 for oid in young}
        scanned = set()
        in_unreachable = []  # ordered
        unreach_set = set()
        i = 0
        while i < len(young):
            oid = young[i]
            if reachable_mark[oid]:
                scanned.add(oid)
                for r in self.traverse(oid):
                    if r not in reachable_mark or r in scanned:
                        continue  # other generation, or already traversed
                    if r in unreach_set:
                        # tentatively unreachable, reachable after all:
                        # back to the end of the young list
                        unreach_set.discard(r)
                        in_unreachable.remove(r)
                        young.append(r)
                        reachable_mark[r] = True
                    elif not reachable_mark[r]:
                        reachable_mark[r] = True  # not scanned yet: just mark
                i += 1
            else:
                young.pop(i)
                in_unreachable.append(oid)
                unreach_set.add(oid)
        return young, in_unreachable

    def auto_collect(self):
        """An automatic collection: the oldest generation whose count exceeds its threshold."""
        thresholds = (2000 if self.version == "3.13" else 700, 10, 10)
        gen = 0
        for i in (2, 1):
            if self.counts[i] > thresholds[i]:
                if i == 2:
                    continue  # needs long_lived_pending > long_lived_total / 4: never, here
                gen = i
                break
        return self.collect(gen)

    # -- the exit ------------------------------------------------------------

    def exit(self, ending="normal", main_in_cycle=True):
        """Steps E1, E5, E6b and E6e of SPEC.md (atexit handlers, weakrefs,
        sys.last_exc's frames and what E6a..E6d free are not modelled).

        ending: "normal" (last line ran), "uncaught" (an exception other than
        SystemExit escaped), "sysexit" (SystemExit escaped).
        main_in_cycle: whether something the globals reach refers back to them
        (any function, method or generator of the program does); if not, the
        globals dict dies by refcount at E6b.
        """
        if ending == "uncaught" and self.version == "3.13" and self.gc_enabled:
            # E1: printing the traceback imports `traceback`: automatic
            # collections. Only the first sees the program's objects (later
            # ones see the import's own), unless one of them is a gen1
            # collection.
            for _ in range(3):
                self.auto_collect()
        # E5: PyGC_Collect(), only if gc is enabled; the globals are reachable
        if self.gc_enabled:
            self.collect(2)
        # E6b: sys.modules["__main__"] = None frees the module object; the
        # globals dict lives on in its cycle with the functions defined in it
        self.objs[MAIN].extern = 0
        if not main_in_cycle:
            self._dealloc(self.objs[MAIN])  # values released in insertion order
        # E6e: _PyGC_CollectNoFail(): full collection, gc.disable() or not
        self.collect(2)
        # (E6f..E9: nothing of the program is left)
        return self.out
