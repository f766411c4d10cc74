#!/usr/bin/env python3
"""Records CPython 3.13's `sys.getsizeof` facts into
crates/engine/data/cpython-3.13-sizes.json, and checks the size rules against them.

The engine can't ask RustPython for sizes (its `sys.getsizeof` counts different
things), so it models CPython's. This script keeps that model honest: the facts are
read from CPython itself rather than typed in by hand.

  "types"    every type a program can make objects of without third-party code (the
             types reachable as attributes of builtins, types, collections, functools,
             io, weakref, ... and the types of objects that only exist once made:
             iterators, views, frames, generators, ...): tp_basicsize, tp_itemsize,
             the tp_flags bits that decide sizes, which class in the MRO provides
             `__sizeof__`, and `sys.getsizeof` of a cheap example instance.
  "samples"  measured `sys.getsizeof` points, each with the Python statements that
             built the object (`how`, runnable: they bind `x`), and the `inputs` a
             rule needs to predict it: facts visible on the object (lengths, code
             object sizes, the class layout) and, for history-dependent sizes, the
             sequence of operations (`ops`) that built it.
  "rules"    for each kind of sample, CPython 3.13's formula and the C functions it
             comes from. The same rules are implemented in Python below
             (RULES); `--check` evaluates each one against every sample of its kind
             (and the generic layout rule against the types table) and reports any
             mismatch.

The child part (`--child`, run inside the CPython being recorded) executes every
sample with exec() in a fresh namespace, as the recorder runs programs. It never
depends on addresses, and runs with PYTHONHASHSEED=0 (record.child_env).

Usage:
    python3 tests/cpython/record_sizes.py            # record, then check
    python3 tests/cpython/record_sizes.py --check    # only check the recorded file
    python3 tests/cpython/record_sizes.py --fuzz     # random histories of lists, dicts,
        # sets, bytearrays, deques and instance dicts, measured in CPython against the
        # rules (2000 of each; needs the recorded file for the types)

The driver needs Python 3.8+; the facts come from the CPython record.py finds
($REFSCOPE_CPYTHON, else python3.13 if it runs, else the pyenv 3.13.0).
Exit status: 0 if recorded and every rule reproduces every sample, 1 on a mismatch,
2 if there is no usable interpreter.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "crates", "engine", "data", "cpython-3.13-sizes.json")

# tp_flags bits (Include/object.h of 3.13).
FLAG_BITS = {
    "INLINE_VALUES": 1 << 2,
    "MANAGED_WEAKREF": 1 << 3,
    "MANAGED_DICT": 1 << 4,
    "IMMUTABLETYPE": 1 << 8,
    "HEAPTYPE": 1 << 9,
    "HAVE_GC": 1 << 14,
}

# ---------------------------------------------------------------------------------
# The rules: CPython 3.13's size formulas as reference implementations.
# Every function takes (inputs, types) and returns the predicted sys.getsizeof.
# ---------------------------------------------------------------------------------

PTR = 8
GC_HEAD = 16          # sizeof(PyGC_Head)
SIZEOF_PYOBJECT = 16  # sizeof(PyObject)


def preheader(flags):
    """_PyType_PreHeaderSize: the GC header, plus the managed dict/weakref pointers."""
    size = 0
    if "HAVE_GC" in flags:
        size += GC_HEAD
    if "MANAGED_DICT" in flags or "MANAGED_WEAKREF" in flags:
        size += 2 * PTR
    return size


def layout(inputs, types):
    """The layout of the object's class: (basicsize, itemsize, flags).

    `inputs["type"]` is the built-in (or C-defined) type at the root; `layers` lists the
    Python classes derived from it, base first, as {"slots": n or null, "dict": bool,
    "weakref": bool}: `slots` is the number of __slots__ names other than __dict__ and
    __weakref__ (null when the class has no __slots__), `dict`/`weakref` whether
    __slots__ names them. Objects/typeobject.c type_new / type_new_descriptors /
    type_ready_managed_dict (3.13)."""
    root = types[inputs["type"]]
    basicsize, itemsize = root["basicsize"], root["itemsize"]
    flags = set(root["flags"])
    has_dict = root["dictoffset"] != 0 or "MANAGED_DICT" in flags
    has_weak = root["weaklistoffset"] != 0 or "MANAGED_WEAKREF" in flags
    for layer in inputs.get("layers", []):
        flags |= {"HEAPTYPE", "HAVE_GC"}   # type_new: every class statement makes a GC type
        slots = layer["slots"]
        basicsize += PTR * (slots or 0)
        want_dict = slots is None or layer["dict"]
        want_weak = slots is None or layer["weakref"]
        if want_dict and not has_dict:
            flags.add("MANAGED_DICT")      # 3.13: even over a var-sized base (int, tuple)
            has_dict = True
        if want_weak and not has_weak and itemsize == 0:
            flags.add("MANAGED_WEAKREF")
            has_weak = True
        if "MANAGED_DICT" in flags and itemsize == 0 and basicsize == SIZEOF_PYOBJECT:
            flags.add("INLINE_VALUES")     # type_ready_managed_dict
        else:
            flags.discard("INLINE_VALUES")
    return basicsize, itemsize, flags


def rule_object(inputs, types):
    basicsize, itemsize, flags = layout(inputs, types)
    return basicsize + itemsize * inputs.get("ob_size", 0) + preheader(flags)


def rule_int(inputs, types):
    _, _, flags = layout(inputs, types)
    digits = max(1, -(-inputs["bits"] // 30))
    return 24 + 4 * digits + preheader(flags)


def rule_str(inputs, types):
    _, _, flags = layout(inputs, types)
    n, maxchar = inputs["length"], inputs["maxchar"]
    kind = 1 if maxchar < 0x100 else 2 if maxchar < 0x10000 else 4
    if not inputs.get("layers"):
        if maxchar < 0x80:
            size = 40 + n + 1                     # PyASCIIObject + data + NUL
        else:
            size = 56 + (n + 1) * kind            # PyCompactUnicodeObject + data
    else:
        size = 64 + (n + 1) * kind                # PyUnicodeObject + separate data block
    singleton = not inputs.get("layers") and n == 1 and 0x80 <= maxchar < 0x100
    if maxchar >= 0x80 and (inputs.get("utf8_cached") or singleton):
        size += inputs["utf8_length"] + 1         # the cached UTF-8 copy
    return size + preheader(flags)


def rule_bytes(inputs, types):
    _, _, flags = layout(inputs, types)
    return 33 + inputs["length"] + preheader(flags)


def bytearray_resize(state, size):
    """Objects/bytearrayobject.c PyByteArray_Resize (3.13, the +1 for the NUL is
    part of ob_alloc). state = [size, alloc, logical_offset]."""
    cur, alloc, offset = state
    if size == cur:
        return
    if size + offset + 1 <= alloc:
        if size < alloc // 2:
            alloc, offset = size + 1, 0          # major downsize, data moved to front
        else:
            state[0] = size                      # minor downsize / fits: quick exit
            return
    else:
        if size <= alloc * 1.125:
            alloc = size + (size >> 3) + (3 if size < 9 else 6)
        else:
            alloc = size + 1
        offset = 0
    state[:] = [size, alloc, offset]


def rule_bytearray(inputs, types):
    _, _, flags = layout(inputs, types)
    st = [0, 0, 0]
    for op in inputs["ops"]:
        name, arg = op[0], (op[1] if len(op) > 1 else None)
        if name == "new":        # PyByteArray_FromStringAndSize(n): exact, n+1 (0 if empty)
            st = [arg, arg + 1 if arg else 0, 0]
        elif name == "resize":   # PyByteArray_Resize to size + arg (arg may be < 0);
            for _ in range(op[2] if len(op) > 2 else 1):   # ["resize", k, t]: t times
                bytearray_resize(st, st[0] + arg)
        elif name == "del_front":    # del b[:arg]: bytearray_setslice_linear advances
            st[2] += arg             # ob_start by arg, then resizes to size - arg
            bytearray_resize(st, st[0] - arg)
        else:
            raise ValueError(op)
    return 56 + st[1] + preheader(flags)


def list_resize(state, newsize):
    """Objects/listobject.c list_resize. state = [size, allocated, items_null]."""
    size, allocated, _ = state
    if allocated >= newsize and newsize >= (allocated >> 1):
        state[0] = newsize
        return
    new_allocated = (newsize + (newsize >> 3) + 6) & ~3
    if newsize - size > new_allocated - newsize:
        new_allocated = (newsize + 3) & ~3
    if newsize == 0:
        new_allocated = 0
    state[:] = [newsize, new_allocated, False]


def list_prealloc_exact(state, n):
    """list_preallocate_exact: round up to even."""
    state[:] = [state[0], (n + 1) & ~1, False]


def list_extend_fast(state, k):
    """list_extend with a list or tuple (PySequence_Fast)."""
    if k == 0:
        return
    if state[2]:                        # ob_item == NULL
        list_prealloc_exact(state, k)
        state[0] = k
    else:
        list_resize(state, state[0] + k)


def list_extend_iter(state, k, hint):
    """list_extend_iter_lock_held: guess with the length hint, append, cut back."""
    m = state[0]
    if state[2]:
        if hint:
            list_prealloc_exact(state, hint)
    else:
        list_resize(state, m + hint)
        state[0] = m
    for _ in range(k):
        if state[0] < state[1]:
            state[0] += 1
        else:
            list_resize(state, state[0] + 1)
    if state[0] < state[1]:
        list_resize(state, state[0])


def simulate_list(ops):
    st = [0, 0, True]
    for op in ops:
        name, args = op[0], op[1:]
        if name == "new":               # PyList_New(n) / list_new_prealloc(n): exact
            st = [args[0], args[0], args[0] == 0]
        elif name == "init":            # list(iterable) / PySequence_List: extend a new list
            n, how = args[0], args[1]   # n items; how: "fast", "iter", "set", "dict"
            has_len = args[2] if len(args) > 2 else True
            if how == "fast":
                list_extend_fast(st, n)
            elif how in ("set", "dict"):
                list_resize(st, st[0] + n)
            else:
                list_extend_iter(st, n, n if has_len else 8)
        elif name == "extend":          # .extend / += of a list or tuple of k
            list_extend_fast(st, args[0])
        elif name == "extend_iter":     # .extend(iterator) of k items, length hint h
            list_extend_iter(st, args[0], args[1])
        elif name == "append":          # k appends (or inserts)
            for _ in range(args[0]):
                list_resize(st, st[0] + 1)
        elif name == "pop":             # k pops
            for _ in range(args[0]):
                if st[0] == 1:
                    st = [0, 0, True]   # 3.13 list_pop_impl: last item -> list_clear?
                else:
                    list_resize(st, st[0] - 1)
        elif name == "del_slice":       # del l[:k] (list_ass_slice)
            if st[0] - args[0] == 0:
                st = [0, 0, True]
            else:
                list_resize(st, st[0] - args[0])
        elif name == "clear":
            st = [0, 0, True]
        else:
            raise ValueError(op)
    return st


def rule_list(inputs, types):
    basicsize, _, flags = layout(inputs, types)
    st = simulate_list(inputs["ops"])
    return basicsize + PTR * st[1] + preheader(flags)


# --- dict -------------------------------------------------------------------------

def calculate_log2_keysize(minsize):
    """Objects/dictobject.c calculate_log2_keysize, bit trick included:
    bit_length(((minsize | 8) - 1) | 7). It is the smallest power of two >= minsize,
    except that 1..7 give 16 and a power of two >= 16 gives the next one up."""
    return (((minsize | 8) - 1) | 7).bit_length()


def estimate_log2_keysize(n):
    return calculate_log2_keysize((n * 3 + 1) // 2)


def usable_fraction(n):
    return (n << 1) // 3


def keys_size(log2, unicode):
    """_PyDict_KeysSize: header, index array, entries."""
    if log2 < 8:
        index = 1 << log2
    elif log2 < 16:
        index = 2 << log2
    elif log2 < 32:
        index = 4 << log2
    else:
        index = 8 << log2
    return 32 + index + usable_fraction(1 << log2) * (16 if unicode else 24)


class Dict:
    """A combined dict's keys table: log2 (None = Py_EMPTY_KEYS), unicode, usable,
    nentries, used."""

    def __init__(self):
        self.clear()

    def clear(self):
        self.log2, self.unicode, self.usable, self.nentries, self.used = None, True, 0, 0, 0

    def resize(self, log2, unicode):
        """dictresize: a fresh table holding the live entries."""
        self.log2, self.unicode = log2, unicode
        self.nentries = self.used
        self.usable = usable_fraction(1 << log2) - self.used

    def presized(self, n, unicode):
        """dict_new_presized (_PyDict_FromItems: BUILD_MAP n, BUILD_CONST_KEY_MAP)."""
        self.clear()
        if n > usable_fraction(8):
            self.resize(min(estimate_log2_keysize(n), 17), unicode)

    def insert(self, str_key):
        """insertdict / insert_to_emptydict for a key not yet present."""
        if self.log2 is None:
            self.resize(3, str_key)
        elif self.unicode and not str_key:
            self.resize(calculate_log2_keysize(self.used * 3), False)
        if self.usable <= 0:
            self.resize(calculate_log2_keysize(self.used * 3), self.unicode)
        self.usable -= 1
        self.nentries += 1
        self.used += 1

    def delete(self):
        self.used -= 1

    def merge(self, other):
        """dict_merge from a dict `other` (dict(d), d.update(d2), {**d})."""
        if other.used == 0:
            return
        if self.used == 0 and other.used == other.nentries and (
                other.log2 == 3 or usable_fraction((1 << other.log2) // 2) < other.used):
            self.log2, self.unicode = other.log2, other.unicode      # clone_combined_dict_keys
            self.usable, self.nentries, self.used = other.usable, other.nentries, other.used
            return
        mine = 0 if self.log2 is None else self.log2   # Py_EMPTY_KEYS: dk_log2_size 0
        if usable_fraction(1 << mine) < other.used:
            self.resize(estimate_log2_keysize(self.used + other.used), other.unicode)
        for _ in range(other.used):
            self.insert(other.unicode)

    def copy_from(self, other):
        """PyDict_Copy."""
        self.clear()
        if other.used == 0:
            return
        if other.used >= (other.nentries * 2) // 3:
            self.log2, self.unicode = other.log2, other.unicode      # fast copy: same table
            self.usable, self.nentries, self.used = other.usable, other.nentries, other.used
            return
        self.merge(other)

    def size(self, basicsize):
        if self.log2 is None:
            return basicsize
        return basicsize + keys_size(self.log2, self.unicode)


def simulate_dict(ops):
    d = Dict()
    for op in ops:
        name, args = op[0], op[1:]
        if name == "new":
            d.clear()
        elif name == "presized":        # ["presized", n, "str"|"other"]
            d.presized(args[0], args[1] == "str")
            for _ in range(args[0]):
                d.insert(args[1] == "str")
        elif name == "insert":          # ["insert", k, "str"|"other"]
            for _ in range(args[0]):
                d.insert(args[1] == "str")
        elif name == "delete":
            for _ in range(args[0]):
                d.delete()
        elif name == "clear":
            d.clear()
        elif name == "merge":           # ["merge", ops of the source dict]
            d.merge(simulate_dict(args[0]))
        elif name == "copy":            # ["copy", ops of the source dict]
            d.copy_from(simulate_dict(args[0]))
        elif name == "fromkeys_exact":  # dict.fromkeys(dict or set of n): dictresize first
            n, unicode = args[0], args[1] == "str"
            d.clear()
            d.resize(max(estimate_log2_keysize(n), 3), unicode)
            for _ in range(n):
                d.insert(unicode)
        else:
            raise ValueError(op)
    return d


def rule_dict(inputs, types):
    basicsize, _, flags = layout(inputs, types)
    return simulate_dict(inputs["ops"]).size(basicsize) + preheader(flags)


# --- instance dicts (split tables) --------------------------------------------------

SHARED_KEYS_MAX_SIZE = 30


def rule_instance_dict(inputs, types):
    """The __dict__ of instances of one class, replayed: ops are
    ["new", id] (an instance is created; ["new", id, k]: k instances id, id+1, ...),
    ["set", id, name] (["set", id, prefix, k]: names prefix0 .. prefix<k-1>),
    ["del", id, name], and the measured dict is that of instance `inputs["of"]`.
    `inline` is whether the class has Py_TPFLAGS_INLINE_VALUES."""
    inline = inputs["inline"]
    shared = {"names": [], "usable": SHARED_KEYS_MAX_SIZE}   # _PyDict_NewKeysForClass
    inst = {}   # id -> {"attrs": set, "combined": Dict or None}
    ops = []
    for op in inputs["ops"]:        # expand the short forms
        if op[0] == "new" and len(op) == 3:
            ops += [["new", op[1] + i] for i in range(op[2])]
        elif op[0] == "set" and len(op) == 4:
            ops += [["set", op[1], "%s%d" % (op[2], i)] for i in range(op[3])]
        else:
            ops.append(op)
    for op in ops:
        if op[0] == "new":
            if inline and shared["usable"] > 1:
                shared["usable"] -= 1                        # _PyObject_InitInlineValues
            inst[op[1]] = {"attrs": set(), "combined": None}
        elif op[0] == "set":
            o, name = inst[op[1]], op[2]
            if name in o["attrs"]:
                continue
            if o["combined"] is not None:
                o["combined"].insert(True)
            elif name in shared["names"]:
                pass
            elif shared["usable"] > 0:                        # insert_split_key
                shared["names"].append(name)
                shared["usable"] -= 1
            else:                                            # keys full: combined table
                d = Dict()
                d.used = len(o["attrs"])
                d.resize(calculate_log2_keysize(d.used * 3), True)   # insertion_resize
                d.insert(True)
                o["combined"] = d
            o["attrs"].add(name)
        elif op[0] == "del":
            o = inst[op[1]]
            o["attrs"].discard(op[2])
            if o["combined"] is not None:
                o["combined"].delete()
        else:
            raise ValueError(op)
    o = inst[inputs["of"]]
    if o["combined"] is not None:
        return o["combined"].size(48) + GC_HEAD
    if inputs.get("exception"):
        # BaseException's own dict slot: an ordinary dict, made empty on first access.
        d = Dict()
        for _ in o["attrs"]:
            d.insert(True)
        return d.size(48) + GC_HEAD
    # _PyDict_SizeOf: split table: the values array, sized by the class's shared keys
    # *now* (nentries + usable); the keys themselves are counted by the class.
    return 48 + PTR * (len(shared["names"]) + shared["usable"]) + GC_HEAD


# --- sets -------------------------------------------------------------------------

class Set:
    def __init__(self):
        self.table, self.fill, self.used = 8, 0, 0

    def resize(self, minused):
        """set_table_resize."""
        newsize = 8
        while newsize <= minused:
            newsize <<= 1
        self.table, self.fill = newsize, self.used

    def add(self):
        """set_add_entry for a new key landing on an unused slot."""
        self.fill += 1
        self.used += 1
        if self.fill * 5 >= (self.table - 1) * 3:
            self.resize(self.used * 2 if self.used > 50000 else self.used * 4)

    def merge(self, n):
        """set_merge from a set or frozenset of n members (no overlap)."""
        if (self.fill + n) * 5 >= (self.table - 1) * 3:
            self.resize((self.used + n) * 2)
        self.fill += n
        self.used += n


def rule_set(inputs, types):
    basicsize, _, flags = layout(inputs, types)
    s = Set()
    for op in inputs["ops"]:
        name, args = op[0], op[1:]
        if name == "add":               # k new members, one at a time
            for _ in range(args[0]):
                s.add()
        elif name == "merge":           # set_update_internal with a set/frozenset of n
            s.merge(args[0])
        elif name == "discard":         # k removals: the slots become dummies
            s.used -= args[0]
        elif name == "clear":
            s = Set()
        else:
            raise ValueError(op)
    extra = 16 * s.table if s.table != 8 else 0
    return basicsize + extra + preheader(flags)


# --- deque ------------------------------------------------------------------------

BLOCKLEN = 64
CENTER = (BLOCKLEN - 1) // 2


def rule_deque(inputs, types):
    """Modules/_collectionsmodule.c: ops move leftindex and the size (the right index is
    leftindex + size - 1, counted across blocks)."""
    basicsize, _, flags = layout(inputs, types)
    left, size = CENTER + 1, 0
    maxlen = inputs.get("maxlen")

    def popleft():
        nonlocal left, size
        size -= 1
        left += 1
        if left == BLOCKLEN:
            left = 0 if size else CENTER + 1   # free the block, or re-center when empty

    def pop():
        nonlocal left, size
        right = (left + size - 1) % BLOCKLEN
        size -= 1
        if right == 0 and not size:
            left = CENTER + 1                  # rightindex went below 0: re-center

    for op in inputs["ops"]:
        name, k = op[0], op[1] if len(op) > 1 else 0
        if name in ("extend", "extendleft") and size == 0:
            left = 1 if name == "extend" else BLOCKLEN - 1      # deque_extend heuristic
        if name in ("append", "extend"):
            for _ in range(k):
                size += 1
                if maxlen is not None and size > maxlen:        # deque_trim_left
                    popleft()
        elif name in ("appendleft", "extendleft"):
            for _ in range(k):
                left -= 1
                if left < 0:
                    left = BLOCKLEN - 1
                size += 1
                if maxlen is not None and size > maxlen:        # deque_trim_right
                    pop()
        elif name == "pop":
            for _ in range(k):
                pop()
        elif name == "popleft":
            for _ in range(k):
                popleft()
        elif name == "clear":
            if size:                          # deque_clear does nothing to an empty deque
                left, size = CENTER + 1, 0
        else:
            raise ValueError(op)
    blocks = (left + size + BLOCKLEN - 1) // BLOCKLEN
    return basicsize + blocks * (BLOCKLEN * PTR + 2 * PTR) + preheader(flags)


# --- classes, frames, code, io ----------------------------------------------------

def rule_class(inputs, types):
    """type___sizeof___impl: sizeof(PyHeapTypeObject) plus the shared keys table
    (ht_cached_keys: 64 slots, unicode) a class whose instances have a managed dict
    owns; then the metaclass's preheader."""
    _, _, flags = layout(inputs, types)
    size = types["builtins.type"]["basicsize"]
    if "MANAGED_DICT" in flags:
        size += keys_size(6, True)
    meta = {"type": inputs["metatype"], "layers": inputs.get("metalayers", [])}
    return size + preheader(layout(meta, types)[2])


def rule_frame_like(inputs, types):
    """gen_sizeof / frame_sizeof: the type's basicsize (the object up to the frame's
    localsplus) + one pointer per slot: co_nlocalsplus + co_stacksize."""
    basicsize, _, flags = layout(inputs, types)
    return basicsize + PTR * (inputs["nlocalsplus"] + inputs["stacksize"]) + preheader(flags)


def rule_code(inputs, types):
    """code_sizeof: _PyObject_VAR_SIZE(type, code units), rounded up to 8."""
    basicsize, itemsize, flags = layout(inputs, types)
    size = (basicsize + itemsize * inputs["code_units"] + 7) & ~7
    return size + preheader(flags)


def rule_buffered(inputs, types):
    """buffered_sizeof: basicsize + the buffer (buffer_size bytes)."""
    basicsize, _, flags = layout(inputs, types)
    return basicsize + inputs["buffer_size"] + preheader(flags)


def rule_bytesio(inputs, types):
    """bytesio_sizeof: basicsize + getsizeof of the bytes buffer unless it is shared
    (refcount > 1). A write past the end calls resize_buffer(endpos), which grows the
    buffer like bytearray: endpos + endpos//8 + (3 or 6) if within 1/8, else endpos + 1.
    Ops: ["write", n] appends n bytes to a new BytesIO(); ["getvalue_kept"] (last) a
    getvalue() result is alive and shares the buffer."""
    basicsize, _, flags = layout(inputs, types)
    alloc, size, shared = 0, 0, True      # a new BytesIO shares the empty bytes object
    for op in inputs["ops"]:
        if op[0] == "write":
            endpos = size + op[1]
            if endpos > alloc:
                if endpos <= alloc * 1.125:
                    alloc = endpos + (endpos >> 3) + (3 if endpos < 9 else 6)
                else:
                    alloc = endpos + 1
            shared = False
            size = endpos
        elif op[0] == "getvalue_kept":
            shared = True
        else:
            raise ValueError(op)
    extra = 0 if shared else 33 + alloc
    return basicsize + extra + preheader(flags)


def rule_odict(inputs, types):
    """odict_sizeof: the dict's size, plus the fast-nodes array (one pointer per slot
    of the keys table it was last resized to) and a 32-byte node per item."""
    basicsize, _, flags = layout(inputs, types)
    d = simulate_dict(inputs["ops"])
    slots = 0 if d.log2 is None else 1 << d.log2
    return d.size(basicsize) + PTR * slots + 32 * d.used + preheader(flags)


def rule_object_words(inputs, types):
    """itertools product/permutations/combinations keep index arrays of Py_ssize_t
    that their __sizeof__ counts: `words` of them (see the sample)."""
    return rule_object(inputs, types) + PTR * inputs["words"]


RULES = {
    "object": rule_object,
    "object_words": rule_object_words,
    "odict": rule_odict,
    "int": rule_int,
    "str": rule_str,
    "bytes": rule_bytes,
    "bytearray": rule_bytearray,
    "list": rule_list,
    "dict": rule_dict,
    "instance_dict": rule_instance_dict,
    "set": rule_set,
    "deque": rule_deque,
    "class": rule_class,
    "frame_like": rule_frame_like,
    "code": rule_code,
    "buffered": rule_buffered,
    "bytesio": rule_bytesio,
}

RULE_TEXT = {}  # filled in below, next to SAMPLES


# ---------------------------------------------------------------------------------
# The child: runs inside CPython 3.13.
# ---------------------------------------------------------------------------------

# Modules whose attributes are collected as types.
MODULES = ["builtins", "types", "collections", "collections.abc", "functools", "itertools",
           "operator", "weakref", "_weakref", "_weakrefset", "io", "_io", "contextlib",
           "copy", "dataclasses", "enum", "sys", "gc", "abc"]

# Objects that only exist once made, as self-contained statements binding x; the
# type of each is in the table (with the statement as its example).
_F = "def f(): pass\n"
_C = "class C:\n    def m(self): pass\n"
MADE = [
    "x = iter([])", "x = iter(())", "x = iter({}.keys())", "x = iter({}.values())",
    "x = iter({}.items())", "x = reversed({})", "x = reversed({}.keys())",
    "x = reversed({}.values())", "x = reversed({}.items())", "x = iter(set())",
    "x = iter('a')", "x = iter('\u00e9')", "x = iter(b'')", "x = iter(bytearray())",
    "x = iter(range(3))", "x = iter(range(2**70))", "x = reversed([])",
    "x = reversed(range(3))", "x = reversed((1, 2))", "x = {}.keys()", "x = {}.values()",
    "x = {}.items()", "x = [].__add__", "x = [].append", "x = len", _F + "x = f",
    _C + "x = C().m", "x = (lambda: (yield))()",
    "async def co(): pass\nx = co()", "async def ag(): yield\nx = ag()",
    "def g():\n    a = 1\n    def h(): return a\n    return h\nx = g().__closure__[0]",
    _F + "x = f.__code__", "import sys\nx = sys._getframe()", "x = type.__dict__",
    _C + "x = super(C, C())", "x = slice(1, 2)", "x = memoryview(b'ab')",
    _F + "x = staticmethod(f)", _F + "x = classmethod(f)", "x = property()",
    "import sys\nx = sys.int_info", "import sys\nx = sys.float_info",
    "import sys\nx = sys.version_info", "import sys\nx = sys.flags",
    "import sys\nx = sys.hash_info", "import sys\nx = sys.thread_info",
    "import sys\nx = sys.implementation", "x = None", "x = NotImplemented", "x = ...",
    "import sys\nx = sys", "import weakref\n" + _C + "x = weakref.ref(C)",
    "import weakref\n" + _C + "c = C()\nx = weakref.proxy(c)",
    "import weakref\n" + _F + "x = weakref.proxy(f)",
    "import weakref\n" + _C + "x = weakref.KeyedRef(C, None, 1)",
    "import weakref\n" + _C + "c = C()\nx = weakref.WeakMethod(c.m)",
    "import weakref\n" + _C + _F + "x = weakref.finalize(C, f)",
    "import weakref\nx = weakref.WeakValueDictionary()",
    "import weakref\nx = weakref.WeakKeyDictionary()", "import weakref\nx = weakref.WeakSet()",
    "import collections\nx = collections.namedtuple('P', 'a b')(1, 2)",
    "import functools\n" + _F + "x = functools.partial(f)",
    "import functools\n" + _F + "x = functools.lru_cache(f)",
    "import functools\n" + _F + "x = functools.partialmethod(f)",
    "import functools\n" + _F + "x = functools.cached_property(f)",
    "import functools\n" + _F + "x = functools.singledispatch(f)",
    "import contextlib\n@contextlib.contextmanager\ndef cm(): yield\nx = cm()",
    "import contextlib\n@contextlib.asynccontextmanager\nasync def cm(): yield\nx = cm()",
    "import contextlib\nx = contextlib.ExitStack()", "import contextlib\nx = contextlib.AsyncExitStack()",
    "import contextlib\nx = contextlib.suppress()", "import contextlib\nx = contextlib.nullcontext()",
    "import contextlib\nx = contextlib.redirect_stdout(None)",
    "import contextlib\nx = contextlib.closing(None)", "import contextlib\nx = contextlib.chdir('.')",
    _F + "x = map(f, [])", "x = filter(None, [])", "x = zip()", "x = enumerate([])",
    "x = object().__str__", "x = int.__add__", "x = str.join", "x = dict.__dict__['fromkeys']",
    "x = object.__init__", "x = 1j", "x = 1.5", "x = b'a'", "x = bytearray(b'a')",
    "x = frozenset()", "x = set()", "x = (1,)", "x = [1]", "x = {'a': 1}", "x = 'a'", "x = 1",
    "x = True", "x = range(1)", _C + "x = C", _C + "x = C()", "x = Exception()", "x = object()",
    "import types\nx = types.SimpleNamespace()", "import types\nx = types.MappingProxyType({})",
    "import types\nx = types.GenericAlias(list, (int,))", "x = int | str", "x = list[int]",
    "import types\nx = types.ModuleType('m')", "import types\nx = types.CellType()",
    "import itertools\nx = itertools.count()", "import itertools\nx = itertools.chain()",
    "import itertools\nx = itertools.islice([], 1)", "import itertools\nx = itertools.cycle([])",
    "import itertools\nx = itertools.repeat(1)", "import itertools\nx = itertools.accumulate([])",
    "import itertools\nx = itertools.batched([], 1)", "import itertools\nx = itertools.compress([], [])",
    "import itertools\nx = itertools.dropwhile(None, [])",
    "import itertools\nx = itertools.takewhile(None, [])",
    "import itertools\nx = itertools.filterfalse(None, [])", "import itertools\nx = itertools.groupby([])",
    "import itertools\nx = itertools.pairwise([])", "import itertools\nx = itertools.starmap(pow, [])",
    "import itertools\nx = itertools.tee([])[0]", "import itertools\nx = itertools.zip_longest()",
    "import itertools\nx = itertools.product()", "import itertools\nx = itertools.permutations([])",
    "import itertools\nx = itertools.combinations([], 0)",
    "import itertools\nx = itertools.combinations_with_replacement([], 0)",
    "import itertools\nx = next(itertools.groupby([1]))[1]",
    "import operator\nx = operator.itemgetter(1)", "import operator\nx = operator.attrgetter('a')",
    "import operator\nx = operator.methodcaller('a')", "import collections\nx = collections.deque()",
    "import collections\nx = collections.defaultdict()", "import collections\nx = collections.OrderedDict()",
    "import collections\nx = collections.Counter()", "import collections\nx = collections.ChainMap()",
    "import collections\nx = collections.UserDict()", "import collections\nx = collections.UserList()",
    "import collections\nx = collections.UserString('')",
    "import collections\nx = iter(collections.deque())", "import collections\nx = reversed(collections.deque())",
    "import collections\nx = iter(collections.OrderedDict())",
    "import collections\nx = collections.OrderedDict().keys()",
    "import collections\nx = collections.OrderedDict().values()",
    "import collections\nx = collections.OrderedDict().items()",
    "import collections\nx = reversed(collections.OrderedDict())",
    "import collections\nx = iter(collections.OrderedDict().items())",
    "import io\nx = io.StringIO()", "import io\nx = io.BytesIO()", "import io\nx = io.BytesIO().getbuffer()",
    "import io\nx = io.TextIOWrapper(io.BytesIO())", "import io\nx = io.BufferedReader(io.BytesIO())",
    "import io\nx = io.BufferedWriter(io.BytesIO())", "import io\nx = io.BufferedRandom(io.BytesIO())",
    "import io\nx = io.BufferedRWPair(io.BytesIO(), io.BytesIO())",
    "import io\nx = io.IncrementalNewlineDecoder(None, True)",
    "x = open('out.txt', 'w')", "x = open('out.txt', 'wb')", "x = open('out.txt', 'r+b')",
    "x = open('out.txt', 'wb', buffering=0)",
    "import enum\nx = enum.Enum('E', 'a').a", "import enum\nx = enum.auto()",
    "import enum\nx = enum.Enum('E', 'a')", "import enum\nx = enum.Flag('F', 'a').a",
    "import enum\nx = enum.IntEnum('E', 'a').a", "import enum\nx = enum.StrEnum('E', 'a').a",
    "import dataclasses\n@dataclasses.dataclass\nclass D:\n    a: int = 0\nx = dataclasses.fields(D)[0]",
    "import dataclasses\nx = dataclasses.field()",
    "import sys\nx = sys.monitoring", "x = vars", "import gc\nx = gc.callbacks",
    "x = (i for i in [])", _F + "x = iter(f, None)", "x = iter([].__getitem__, None)",
    "x = property().getter", "x = str.__dict__['__add__']", _C + "x = C.__dict__['__dict__']",
    _C + "x = C.__dict__['__weakref__']", "x = int.__dict__['real']",
    "class S:\n    __slots__ = ('a',)\nx = S.__dict__['a']",
    "try:\n    1 / 0\nexcept Exception as e:\n    x = e.__traceback__",
    _F + "x = f.__code__.co_lines()", _F + "x = f.__code__.co_positions()",
    "x = iter(''.join(['\u00e9', 'x']))", "x = reversed('ab')",
    "import abc\nclass A(abc.ABC): pass\nx = A()", "import copy\nx = copy.Error()",
    "x = BaseExceptionGroup('g', [ValueError()])", "x = ExceptionGroup('g', [ValueError()])",
    "x = str.__dict__['maketrans']", "x = object.__dict__['__class__']",
    "x = type(None)", "x = type(NotImplemented)", "x = type(...)",
    "x = BaseExceptionGroup('g', [KeyboardInterrupt()])",
    "x = UnicodeEncodeError('ascii', 'a', 0, 1, 'r')",
    "x = UnicodeTranslateError('a', 0, 1, 'r')",
    "import sys\ndef f():\n    return sys._getframe().f_locals\nx = f()",
    "import collections\nP = collections.namedtuple('P', 'a')\nx = P.__dict__['a']",
    "class G:\n    def __getitem__(self, i): raise IndexError\nx = iter(G())",
    "async def ag(): yield\nx = aiter(ag())",
    "async def ag(): yield\nx = anext(ag())",
    "async def ag(): yield\nx = ag().asend(None)",
    "async def ag(): yield\nx = ag().athrow(ValueError)",
    "async def co(): pass\nc = co()\nx = c.__await__()",
    "import functools\nx = functools.singledispatchmethod(print)",
    "import enum\nclass E(enum.Enum):\n    A = 1\nx = E.__dict__['A']",
    "import abc\ndef f(): pass\nx = abc.abstractclassmethod(f)",
    "import abc\ndef f(): pass\nx = abc.abstractstaticmethod(f)",
    "import io\nx = io.BytesIO().getbuffer()",
]


def _child_type_key(t):
    module = type.__dict__["__module__"].__get__(t)
    qualname = type.__dict__["__qualname__"].__get__(t)
    return "%s.%s" % (module, qualname)


def _child_flags(t):
    f = t.__flags__
    return [name for name, bit in sorted(FLAG_BITS.items()) if f & bit]


def _child_is_python_class(t):
    """A class made by a class statement or type(): a mutable heap type laid out as
    its base plus its __slots__ (C heap types, struct sequences included, are bigger)."""
    f = t.__flags__
    if not f & FLAG_BITS["HEAPTYPE"] or f & FLAG_BITS["IMMUTABLETYPE"]:
        return False
    slots = t.__dict__.get("__slots__", ())
    if isinstance(slots, str):
        slots = [slots]
    n = len([s for s in slots if s not in ("__dict__", "__weakref__")])
    return t.__basicsize__ == t.__base__.__basicsize__ + 8 * n


def _child_layout_inputs(t):
    """The root type's key and the Python classes' layers (see `layout`)."""
    chain = []
    c = t
    while _child_is_python_class(c):
        chain.append(c)
        c = c.__base__
    layers = []
    for cls in reversed(chain):
        slots = cls.__dict__.get("__slots__")
        if slots is None:
            layers.append({"slots": None, "dict": False, "weakref": False})
        else:
            if isinstance(slots, str):
                slots = [slots]
            slots = list(slots)
            layers.append({"slots": len([s for s in slots
                                         if s not in ("__dict__", "__weakref__")]),
                           "dict": "__dict__" in slots, "weakref": "__weakref__" in slots})
    out = {"type": _child_type_key(c)}
    if layers:
        out["layers"] = layers
    return out, c


def _child_nlocalsplus(code):
    """co_nlocalsplus: locals, then cells that are not also arguments/locals, then free
    variables (a cell that is an argument shares the argument's slot)."""
    names = list(code.co_varnames)
    names += [n for n in code.co_cellvars if n not in code.co_varnames]
    names += list(code.co_freevars)
    return len(names)


def _child_auto_inputs(kind, x, static):
    import sys
    inputs = {}
    if kind == "class":
        lay, _ = _child_layout_inputs(x)
        inputs.update(lay)
        meta, _ = _child_layout_inputs(type(x))
        inputs["metatype"] = meta["type"]
        if "layers" in meta:
            inputs["metalayers"] = meta["layers"]
    else:
        lay, root = _child_layout_inputs(type(x))
        inputs.update(lay)
    if kind == "object":
        if root.__itemsize__:
            if isinstance(x, tuple):
                inputs["ob_size"] = len(x)
            elif isinstance(x, memoryview):
                inputs["ob_size"] = 3 * x.ndim
    elif kind == "int":
        inputs["bits"] = abs(int(x)).bit_length()
    elif kind == "str":
        s = str.__str__(x)
        inputs["length"] = len(s)
        inputs["maxchar"] = max(map(ord, s)) if s else 0
        inputs["utf8_length"] = len(s.encode("utf-8", "surrogatepass"))
    elif kind == "bytes":
        inputs["length"] = len(x)
    elif kind == "frame_like":
        code = x.f_code if hasattr(x, "f_code") else getattr(
            x, "gi_code", None) or getattr(x, "cr_code", None) or x.ag_code
        inputs["nlocalsplus"] = _child_nlocalsplus(code)
        inputs["stacksize"] = code.co_stacksize
    elif kind == "code":
        inputs["code_units"] = len(x.co_code) // 2
    elif kind == "buffered":
        import os
        st = os.fstat(x.raw.fileno())
        inputs["buffer_size"] = static.pop("buffer_size", None) or (
            st.st_blksize if st.st_blksize > 1 else 8192)
    inputs.update(static)
    return inputs


def _child_run(how, measure=False):
    """Run `how` as a program (compile + exec, fresh globals). With `measure`, the size
    is taken by one more statement of the same code, while the code (and so its
    constants) is still alive, as in a program that prints sys.getsizeof(x)."""
    import sys
    ns = {"__name__": "__main__", "__builtins__": __builtins__, "__file__": os.path.abspath(__file__)}
    if measure:
        ns["_getsizeof_"] = sys.getsizeof
        how += "_size_ = _getsizeof_(x)\n"
    exec(compile(how, "<sample>", "exec"), ns)
    return ns


def _child_types(sampled):
    import importlib
    import sys
    found = {}

    def add(t, how):
        if not isinstance(t, type):
            return
        key = _child_type_key(t)
        if key.startswith("__main__."):
            return    # a class the statement defined: the layout rule covers those
        if key in found:
            if found[key][0] is not t:
                raise SystemExit("two types named %s" % key)
            if found[key][1] is None and how is not None:
                found[key] = (t, how)
            return
        found[key] = (t, how)

    for name in MODULES:
        mod = importlib.import_module(name)
        for attr in sorted(dir(mod)):
            v = getattr(mod, attr)
            if isinstance(v, type):
                add(v, None)
            elif name == "sys" and type(v).__module__ == "sys":
                add(type(v), None)     # struct sequences: sys.flags, sys.int_info, ...
    for stmt in MADE:
        ns = _child_run(stmt + "\n")
        x = ns["x"]
        add(type(x), stmt)
        _child_close(x)
    for t, how in sampled:      # the types of the samples' objects (or their C roots)
        if _child_is_python_class(t):
            add(_child_layout_inputs(t)[1], None)
        else:
            add(t, how.rstrip("\n"))
    # Example instances: from MADE or a sample, else a no-argument call where that works.
    import warnings
    types_out = {}
    for key in sorted(found):
        t, how = found[key]
        entry = {
            "basicsize": t.__basicsize__,
            "itemsize": t.__itemsize__,
            "flags": [f for f in _child_flags(t) if f != "IMMUTABLETYPE"],
            "dictoffset": t.__dictoffset__,
            "weaklistoffset": t.__weakrefoffset__,
            "sizeof_from": _child_type_key(
                next(c for c in t.__mro__ if "__sizeof__" in c.__dict__)),
        }
        if _child_is_python_class(t):
            entry["python_class"] = True
        candidates = [how] if how is not None else []
        candidates.append("import %s\nx = %s.%s()" % (t.__module__, t.__module__, t.__qualname__))
        for stmt in candidates:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ns = _child_run(stmt.rstrip("\n") + "\n", measure=True)
            except BaseException:
                continue
            _child_close(ns["x"])
            if type(ns["x"]) is t:
                entry["example"] = {"how": stmt.strip(), "size": ns["_size_"]}
                break
        types_out[key] = entry
    return types_out


def _child_close(x):
    """Close coroutines and async generators so they don't warn when freed."""
    if type(x).__name__ in ("coroutine", "async_generator"):
        try:
            x.close()
        except Exception:
            pass
    elif type(x).__name__ == "_AsyncGeneratorContextManager":
        x.gen.aclose().close()


def _child_fuzz(trials):
    """Random histories of lists, dicts, sets, bytearrays, deques and instance dicts,
    measured here and predicted by the rules: a check beyond the fixed samples."""
    import collections
    import random
    import sys
    with open(OUT, encoding="utf-8") as fh:
        types = json.load(fh)["types"]
    rng = random.Random(0)
    size = sys.getsizeof
    bad, count = [], collections.Counter()

    def report(kind, rule, inputs, measured):
        count[kind] += 1
        got = rule(inputs, types)
        if got != measured and len(bad) < 20:
            bad.append("%s: measured %s, rule %s, inputs %s" % (kind, measured, got, json.dumps(inputs)))

    for _ in range(trials):
        x, ops = [], [["new", 0]]
        for _ in range(rng.randint(1, 12)):
            c, n, k = rng.random(), len(x), rng.randint(1, 20)
            if c < 0.3:
                x.extend([0] * k)
                ops.append(["extend", k])
            elif c < 0.55:
                for _ in range(k):
                    x.append(0)
                ops.append(["append", k])
            elif c < 0.7 and n:
                k = rng.randint(1, n)
                for _ in range(k):
                    x.pop()
                ops.append(["pop", k])
            elif c < 0.8 and n:
                k = rng.randint(1, n)
                del x[:k]
                ops.append(["del_slice", k])
            elif c < 0.85:
                x.clear()
                ops.append(["clear"])
            else:
                x.extend(iter([0] * k))
                ops.append(["extend_iter", k, k])
        report("list", rule_list, {"type": "builtins.list", "ops": ops}, size(x))

        x, ops, keyn = {}, [["new"]], 0
        for _ in range(rng.randint(1, 10)):
            c = rng.random()
            if c < 0.5:
                k, kind = rng.randint(1, 30), rng.choice(["str", "str", "other"])
                for _ in range(k):
                    keyn += 1
                    x["k%d" % keyn if kind == "str" else keyn] = 0
                ops.append(["insert", k, kind])
            elif c < 0.75 and x:
                k = rng.randint(1, len(x))
                for key in list(x)[:k]:
                    del x[key]
                ops.append(["delete", k])
            elif c < 0.8:
                x.clear()
                ops.append(["clear"])
            elif c < 0.9 and x:
                x, ops = x.copy(), [["copy", ops]]
            elif x:
                x, ops = dict(x), [["new"], ["merge", ops]]
        report("dict", rule_dict, {"type": "builtins.dict", "ops": ops}, size(x))

        x, ops, keyn = set(), [], 0
        for _ in range(rng.randint(1, 6)):
            k = rng.randint(1, 60)
            if rng.random() < 0.6:
                for _ in range(k):
                    keyn += 1
                    x.add(keyn)
                ops.append(["add", k])
            else:
                x |= set(range(10 ** 6 + keyn, 10 ** 6 + keyn + k))
                keyn += k
                ops.append(["merge", k])
        report("set", rule_set, {"type": "builtins.set", "ops": ops}, size(x))

        x, ops = bytearray(), [["new", 0]]
        for _ in range(rng.randint(1, 12)):
            c, n, k = rng.random(), len(x), rng.randint(1, 40)
            if c < 0.5:
                x += b"z" * k
                ops.append(["resize", k])
            elif c < 0.65 and n:
                k = rng.randint(1, n)
                del x[:k]
                ops.append(["del_front", k])
            elif c < 0.8 and n:
                k = rng.randint(1, n)
                del x[n - k:]
                ops.append(["resize", -k])
            else:
                for _ in range(k % 10 + 1):
                    x.append(1)
                ops.append(["resize", 1, k % 10 + 1])
        report("bytearray", rule_bytearray, {"type": "builtins.bytearray", "ops": ops}, size(x))

        maxlen = rng.choice([None, None, 5, 70])
        x, ops = collections.deque(maxlen=maxlen), []
        for _ in range(rng.randint(1, 10)):
            c, n, k = rng.random(), len(x), rng.randint(1, 100)
            if c < 0.3:
                for _ in range(k):
                    x.append(0)
                ops.append(["append", k])
            elif c < 0.5:
                for _ in range(k):
                    x.appendleft(0)
                ops.append(["appendleft", k])
            elif c < 0.6:
                x.extend([0] * k)
                ops.append(["extend", k])
            elif c < 0.75 and n:
                k = rng.randint(1, n)
                for _ in range(k):
                    x.pop()
                ops.append(["pop", k])
            elif c < 0.9 and n:
                k = rng.randint(1, n)
                for _ in range(k):
                    x.popleft()
                ops.append(["popleft", k])
            else:
                x.clear()
                ops.append(["clear"])
        inputs = {"type": "collections.deque", "ops": ops}
        if maxlen is not None:
            inputs["maxlen"] = maxlen
        report("deque", rule_deque, inputs, size(x))

        inline = rng.random() < 0.7
        cls = type("C", (object if inline else list,), {})
        objs, ops = [], []
        names = ["n%d" % i for i in range(45)]
        for _ in range(rng.randint(1, 60)):
            c = rng.random()
            if c < 0.3 or not objs:
                objs.append(cls())
                ops.append(["new", len(objs) - 1])
            elif c < 0.9:
                i, name = rng.randrange(len(objs)), rng.choice(names[:rng.choice([5, 20, 45])])
                setattr(objs[i], name, 1)
                ops.append(["set", i, name])
            else:
                i = rng.randrange(len(objs))
                d = vars(objs[i])
                if d:
                    name = rng.choice(list(d))
                    delattr(objs[i], name)
                    ops.append(["del", i, name])
        i = rng.randrange(len(objs))
        report("instance_dict", rule_instance_dict, {"inline": inline, "of": i, "ops": ops},
               size(vars(objs[i])))
    sys.stdout.write(json.dumps({"count": count, "bad": bad}))


def child():
    import gc
    import io
    import sys
    import warnings
    warnings.simplefilter("ignore")
    real_stdout, sys.stdout = sys.stdout, io.StringIO()   # nothing a sample prints leaks
    samples = []
    made = []
    for kind, how, static in SAMPLES:
        static = json.loads(json.dumps(static))
        try:
            ns = _child_run(how, measure=True)
        except BaseException:
            sys.stderr.write("sample failed:\n%s\n" % how)
            raise
        x = ns["x"]
        size = ns["_size_"]
        limit = static.pop("limit", None)
        inputs = _child_auto_inputs(kind, x, static)
        sample = {"kind": kind, "how": how, "size": size, "inputs": inputs}
        if limit:
            sample["limit"] = limit
        samples.append(sample)
        made.append((type(x), how))
        for v in list(ns.values()):
            _child_close(v)
        del ns, x
    gc.collect()
    out = {"cpython": sys.version.split()[0], "types": _child_types(made), "samples": samples}
    real_stdout.write(json.dumps(out))
    real_stdout.flush()
    os._exit(0)   # no shutdown: finalizers and atexit hooks of the samples don't run


# ---------------------------------------------------------------------------------
# The samples: (kind, how, static inputs). `how` binds x.
# ---------------------------------------------------------------------------------

SAMPLES = []


def S(kind, how, **static):
    if not how.endswith("\n"):
        how += "\n"
    SAMPLES.append((kind, how, static))


def _build_samples():
    # int and bool
    for v in ["0", "1", "-1", "2**30 - 1", "2**30", "-2**30", "2**60 - 1", "2**60", "2**63",
              "2**90", "-2**90", "10**100", "256", "257", "-5", "True", "False"]:
        S("int", "x = %s" % v)
    S("int", "x = int('7' * 40)")
    # float, complex
    S("object", "x = 1.5")
    S("object", "x = float('inf')")
    S("object", "x = 1 + 2j")
    S("object", "x = complex(0, 0)")
    # str: literal vs runtime-made, widths, cached UTF-8
    for lit in ["", "a", "hello", "hello world" * 10, "\u00e9", "caf\u00e9", "\u00e9" * 50,
                "\u0100", "\u4e2d\u6587", "\u4e2d" * 30, "\U0001f600", "a\U0001f600b"]:
        S("str", "x = %r" % lit)
    S("str", "x = ''.join(['ab', 'cd'])")
    S("str", "x = 'ab' * 3")
    S("str", "a = 'abc'\nx = a + 'def'")
    S("str", "x = 'hello'.upper()")
    S("str", "x = str(12345)")
    S("str", "x = chr(233)")
    S("str", "x = 'caf\u00e9'[3]")
    S("str", "x = chr(233) * 2")
    S("str", "x = ''.join(['caf', chr(233)])")
    S("str", "x = 'caf\u00e9'.upper()")
    S("str", "x = ''.join(['caf', chr(233)])\nx.encode()", utf8_cached=False)
    S("str", "x = ''.join(['caf', chr(233)])\nx.encode('utf-8')", utf8_cached=False)
    S("str", "x = ''.join(['caf', chr(233)])\nC = type(x, (), {})", utf8_cached=True)
    S("str", "x = ''.join(['\u4e2d', chr(0x6587)])\nC = type(x, (), {})", utf8_cached=True)
    S("str", "x = chr(0x1f600) + 'a'\nC = type(x, (), {})", utf8_cached=True)
    S("str", "x = ''.join(['abc', 'def'])\nC = type(x, (), {})")
    S("str", "class Caf\u00e9: pass\nx = 'Caf\u00e9'", utf8_cached=True)
    S("str", "def caf\u00e9(): pass\nx = caf\u00e9.__name__")
    S("str", "x = 'na\u00efve'\nd = {x: 1}")
    S("str", "import io\nx = 'na\u00efve'\nprint(x, file=io.StringIO())")
    S("str", "x = b'caf\\xc3\\xa9'.decode()")
    S("str", "x = b'\\xc3\\xa9'.decode()")
    S("str", "x = chr(0x100)")
    S("str", "x = chr(0x10000)")
    S("str", "x = str(b'abc', 'ascii')")
    S("str", "class T(str): pass\nx = T('abc')")
    S("str", "class T(str): pass\nx = T('caf\u00e9')")
    S("str", "class T(str): pass\nx = T()")
    S("str", "class T(str):\n    __slots__ = ()\nx = T('abc')")
    S("str", "class T(str):\n    __slots__ = ('a',)\nx = T('\u4e2d')")
    # bytes
    for lit in ["b''", "b'a'", "b'abc'", "b'x' * 100", "bytes(10)", "bytes([1, 2, 3])",
                "'caf\u00e9'.encode()"]:
        S("bytes", "x = %s" % lit)
    S("bytes", "class B(bytes): pass\nx = B(b'abc')")
    # bytearray: builds and growth
    S("bytearray", "x = bytearray()", ops=[["new", 0]])
    for n in [1, 3, 8, 100]:
        S("bytearray", "x = bytearray(%d)" % n, ops=[["new", 0], ["resize", n]])
    S("bytearray", "x = bytearray(b'abc')", ops=[["new", 0], ["resize", 3]])
    S("bytearray", "x = bytearray(b'')", ops=[["new", 0]])
    S("bytearray", "x = bytearray([1, 2, 3])", ops=[["new", 0], ["resize", 3]])
    S("bytearray", "x = bytearray(range(3))", ops=[["new", 0], ["resize", 1, 3]])
    S("bytearray", "x = bytearray(range(20))", ops=[["new", 0], ["resize", 1, 20]])
    S("bytearray", "x = bytearray(b'abc') * 3", ops=[["new", 9]])
    S("bytearray", "x = bytearray(b'abcdef')[1:3]", ops=[["new", 2]])
    S("bytearray", "x = bytearray(b'abcdef').copy()", ops=[["new", 6]])
    for n in [1, 2, 3, 5, 8, 9, 10, 17, 40, 100, 300]:
        S("bytearray", "x = bytearray()\nfor i in range(%d):\n    x.append(i %% 256)" % n,
          ops=[["new", 0], ["resize", 1, n]])
    for k in [1, 2, 3, 7, 16, 50]:
        S("bytearray", "x = bytearray()\nfor i in range(10):\n    x += b'%s'" % ("z" * k),
          ops=[["new", 0], ["resize", k, 10]])
        S("bytearray", "x = bytearray()\nfor i in range(10):\n    x.extend(b'%s')" % ("z" * k),
          ops=[["new", 0], ["resize", k, 10]])
    for k, steps in [(1, 12), (3, 12), (7, 10), (2, 8)]:
        for n in range(1, steps + 1):
            S("bytearray", "x = bytearray()\nfor i in range(%d):\n    x += b'%s'" % (n, "z" * k),
              ops=[["new", 0], ["resize", k, n]])
    for n in range(1, 9):
        S("bytearray", "x = bytearray(b'abcdef')\nfor i in range(%d):\n    x.extend(b'xyzw')" % n,
          ops=[["new", 0], ["resize", 6], ["resize", 4, n]])
    S("bytearray", "x = bytearray()\nx.extend([1, 2, 3, 4, 5])", ops=[["new", 0], ["resize", 5]])
    S("bytearray", "x = bytearray(b'ab')\nx.extend(range(10))", ops=[["new", 0], ["resize", 2], ["resize", 10]])
    S("bytearray", "x = bytearray(b'abcdefgh')\nx.append(1)\nx.append(2)",
      ops=[["new", 0], ["resize", 8], ["resize", 1], ["resize", 1]])
    S("bytearray", "x = bytearray(b'abcdefgh')\ndel x[:4]", ops=[["new", 0], ["resize", 8], ["del_front", 4]])
    S("bytearray", "x = bytearray(b'abcdefgh')\ndel x[:4]\nx.append(1)",
      ops=[["new", 0], ["resize", 8], ["del_front", 4], ["resize", 1]])
    S("bytearray", "x = bytearray(b'abcdefgh')\ndel x[:6]", ops=[["new", 0], ["resize", 8], ["del_front", 6]])
    S("bytearray", "x = bytearray(b'abcdefgh')\ndel x[4:]", ops=[["new", 0], ["resize", 8], ["resize", -4]])
    S("bytearray", "x = bytearray(b'abcdefgh')\ndel x[2:]", ops=[["new", 0], ["resize", 8], ["resize", -6]])
    S("bytearray", "x = bytearray(b'abcdefgh')\nx.pop()", ops=[["new", 0], ["resize", 8], ["resize", -1]])
    S("bytearray", "x = bytearray(b'abcdefgh')\nx.clear()", ops=[["new", 0], ["resize", 8], ["resize", -8]])
    S("bytearray", "x = bytearray(100)\nx.clear()", ops=[["new", 0], ["resize", 100], ["resize", -100]])
    S("bytearray", "x = bytearray(b'ab') + b'cd'", ops=[["new", 4]])
    # tuple and struct sequences
    for lit in ["()", "(1,)", "(1, 2)", "tuple(range(10))", "(1,) * 100", "tuple([1, 2, 3])",
                "tuple(i for i in range(5))"]:
        S("object", "x = %s" % lit)
    S("object", "a = 1\nx = (a, a, a)")
    S("object", "import collections\nP = collections.namedtuple('P', 'a b c')\nx = P(1, 2, 3)")
    S("object", "class T(tuple): pass\nx = T((1, 2, 3))")
    for name in ["int_info", "float_info", "version_info", "flags", "hash_info", "thread_info"]:
        S("object", "import sys\nx = sys.%s" % name)
    S("object", "import time\nx = time.gmtime(0)")
    S("object", "import os\nx = os.stat('.')")
    # list
    _list_samples()
    _dict_samples()
    _set_samples()
    _deque_samples()
    _class_samples()
    _callable_samples()
    _frame_samples()
    _misc_samples()


def _list_samples():
    S("list", "x = []", ops=[["new", 0]])
    S("list", "x = list()", ops=[["new", 0]])
    for n in [1, 2, 3, 4, 5, 6, 7, 10, 30, 31, 40, 100]:
        consts = ", ".join(str(i) for i in range(n))
        if n > 2:
            S("list", "x = [%s]" % consts, ops=[["new", 0], ["extend", n]])
        else:
            S("list", "x = [%s]" % consts, ops=[["new", n]])
        vars_ = ", ".join("v" for _ in range(n))
        if n <= 30:
            S("list", "v = 1\nx = [%s]" % vars_, ops=[["new", n]])
        else:
            S("list", "v = 1\nx = [%s]" % vars_, ops=[["new", 0], ["append", n]])
    S("list", "v = 1\nx = [v, 2, 3]", ops=[["new", 3]])
    S("list", "a = [1, 2, 3]\nx = [*a]", ops=[["new", 0], ["extend", 3]])
    S("list", "a = [1, 2, 3]\nx = [0, *a, 4]", ops=[["new", 1], ["extend", 3], ["append", 1]])
    for n in [0, 1, 2, 3, 5, 9, 10, 17, 100]:
        S("list", "x = list(range(%d))" % n, ops=[["new", 0], ["init", n, "iter"]])
        S("list", "x = [i for i in range(%d)]" % n, ops=[["new", 0], ["append", n]])
        S("list", "x = list(i for i in range(%d))" % n,
          ops=[["new", 0], ["init", n, "iter", False]])
        S("list", "x = list(%r)" % (tuple(range(n)),), ops=[["new", 0], ["init", n, "fast"]])
        S("list", "x = sorted(range(%d))" % n, ops=[["new", 0], ["init", n, "iter"]])
        S("list", "x = []\nfor i in range(%d):\n    x.append(i)" % n, ops=[["new", 0], ["append", n]])
        S("list", "x = [0] * %d" % n, ops=[["new", n]])
        S("list", "a = list(range(%d))\nx = a[:]" % n, ops=[["new", n]])
    for n in [3, 10, 40]:
        S("list", "x = list(set(range(%d)))" % n, ops=[["new", 0], ["init", n, "set"]])
        S("list", "x = list(dict.fromkeys(range(%d)))" % n, ops=[["new", 0], ["init", n, "dict"]])
        S("list", "x = list(map(int, range(%d)))" % n, ops=[["new", 0], ["init", n, "iter", False]])
        S("list", "x = list(range(%d))\nx.sort()" % n, ops=[["new", 0], ["init", n, "iter"]])
        S("list", "x = list(range(%d)).copy()" % n, ops=[["new", n]])
        S("list", "x = list(range(%d)) + [1]" % n, ops=[["new", n + 1]])
        S("list", "x = sorted([3, 1, 2] * %d)" % n, ops=[["new", 0], ["init", 3 * n, "fast"]])
    for n, k in [(0, 1), (0, 5), (1, 1), (3, 2), (4, 1), (4, 10), (8, 1), (10, 10), (10, 100)]:
        S("list", "x = [i for i in range(%d)]\nx.extend(%r)" % (n, list(range(k))),
          ops=[["new", 0], ["append", n], ["extend", k]])
        S("list", "x = [i for i in range(%d)]\nx += %r" % (n, tuple(range(k))),
          ops=[["new", 0], ["append", n], ["extend", k]])
        S("list", "x = [i for i in range(%d)]\nx.extend(range(%d))" % (n, k),
          ops=[["new", 0], ["append", n], ["extend_iter", k, k]])
        S("list", "x = [i for i in range(%d)]\nx.extend(i for i in range(%d))" % (n, k),
          ops=[["new", 0], ["append", n], ["extend_iter", k, 8]])
    for n in [1, 4, 5, 9, 20]:
        S("list", "x = []\nfor i in range(%d):\n    x.insert(0, i)" % n, ops=[["new", 0], ["append", n]])
    for n in [4, 6, 7, 8, 11, 13, 16, 20, 24, 25, 32, 33, 40, 41, 52, 53, 64, 65, 76, 77]:
        S("list", "x = [i for i in range(%d)]" % n, ops=[["new", 0], ["append", n]])
    for n, k in [(10, 1), (10, 5), (10, 6), (10, 9), (10, 10), (100, 60), (100, 99), (17, 8)]:
        S("list", "x = [i for i in range(%d)]\nfor i in range(%d):\n    x.pop()" % (n, k),
          ops=[["new", 0], ["append", n], ["pop", k]])
        S("list", "x = [i for i in range(%d)]\ndel x[:%d]" % (n, k),
          ops=[["new", 0], ["append", n], ["del_slice", k]])
    S("list", "x = [i for i in range(10)]\nx.pop(0)", ops=[["new", 0], ["append", 10], ["pop", 1]])
    S("list", "x = [i for i in range(10)]\nx.remove(5)", ops=[["new", 0], ["append", 10], ["pop", 1]])
    S("list", "x = [i for i in range(10)]\ndel x[3]", ops=[["new", 0], ["append", 10], ["pop", 1]])
    S("list", "x = [i for i in range(100)]\nx.clear()", ops=[["new", 0], ["append", 100], ["clear"]])
    S("list", "x = [i for i in range(100)]\ndel x[:]", ops=[["new", 0], ["append", 100], ["clear"]])
    S("list", "x = [i for i in range(100)]\nx.clear()\nx.append(1)",
      ops=[["new", 0], ["append", 100], ["clear"], ["append", 1]])
    S("list", "x = [1, 2, 3]\nx.append(4)", ops=[["new", 0], ["extend", 3], ["append", 1]])
    S("list", "x = [1, 2, 3, 4]\nx.append(5)", ops=[["new", 0], ["extend", 4], ["append", 1]])
    S("list", "v = 1\nx = [v, v, v]\nx.append(v)", ops=[["new", 3], ["append", 1]])
    S("list", "x = [1, 2]\nx *= 10", ops=[["new", 2], ["extend", 18]])
    S("list", "class L(list): pass\nx = L()", ops=[["new", 0]])
    S("list", "class L(list): pass\nx = L(range(10))", ops=[["new", 0], ["init", 10, "iter"]])
    S("list", "class L(list):\n    __slots__ = ('a', 'b')\nx = L([1, 2, 3])",
      ops=[["new", 0], ["init", 3, "fast"]])


def _dict_samples():
    S("dict", "x = {}", ops=[["new"]])
    S("dict", "x = dict()", ops=[["new"]])
    for n in [1, 2, 5, 6, 10, 11, 15, 16, 21, 22, 40, 43, 86, 100, 171, 1000]:
        consts = ", ".join("'k%d': %d" % (i, i) for i in range(n))
        presized = n <= 15
        ops = [["presized", n, "str"]] if presized else [["new"], ["insert", n, "str"]]
        if n <= 22:
            S("dict", "x = {%s}" % consts, ops=ops)
            ints = ", ".join("%d: %d" % (i, i) for i in range(n))
            S("dict", "x = {%s}" % ints,
              ops=[["presized", n, "other"]] if presized else [["new"], ["insert", n, "other"]])
            vs = ", ".join("'k%d': v" % i for i in range(n))
            S("dict", "v = 1\nx = {%s}" % vs, ops=ops)
            if n <= 6:   # keys from variables
                names = ", ".join("k%d" % i for i in range(n)) + ("," if n == 1 else "")
                strs = ", ".join("'k%d'" % i for i in range(n)) + ("," if n == 1 else "")
                pairs = ", ".join("k%d: 1" % i for i in range(n))
                S("dict", "%s = %s\nx = {%s}" % (names, strs, pairs), ops=ops)
        S("dict", "x = {'k%%d' %% i: i for i in range(%d)}" % n, ops=[["new"], ["insert", n, "str"]])
        S("dict", "x = {i: i for i in range(%d)}" % n, ops=[["new"], ["insert", n, "other"]])
        if n in (1, 5, 6, 11, 22, 43, 86):
            S("dict", "x = {}\nfor i in range(%d):\n    x['k%%d' %% i] = i" % n, ops=[["new"], ["insert", n, "str"]])
        S("dict", "x = dict(zip(['k%%d' %% i for i in range(%d)], range(%d)))" % (n, n),
          ops=[["new"], ["insert", n, "str"]])
        S("dict", "x = dict.fromkeys(range(%d))" % n, ops=[["new"], ["insert", n, "other"]])
        S("dict", "x = dict.fromkeys(set(range(%d)))" % n, ops=[["fromkeys_exact", n, "other"]])
        S("dict", "x = dict.fromkeys({'k%%d' %% i: 0 for i in range(%d)})" % n,
          ops=[["fromkeys_exact", n, "str"]])
        if n in (2, 15, 21, 40, 171):
            continue
        src = [["new"], ["insert", n, "str"]]
        S("dict", "a = {'k%%d' %% i: i for i in range(%d)}\nx = a.copy()" % n, ops=[["copy", src]])
        S("dict", "a = {'k%%d' %% i: i for i in range(%d)}\nx = dict(a)" % n, ops=[["new"], ["merge", src]])
        S("dict", "a = {'k%%d' %% i: i for i in range(%d)}\nx = {**a}" % n, ops=[["new"], ["merge", src]])
        if n in (1, 6, 22):
            S("dict", "a = {'k%%d' %% i: i for i in range(%d)}\nx = {}\nx.update(a)" % n,
              ops=[["new"], ["merge", src]])
        S("dict", "a = {'k%%d' %% i: i for i in range(%d)}\nx = {'z': 0}\nx.update(a)" % n,
          ops=[["presized", 1, "str"], ["merge", src]])
        if n <= 22:
            kw = ", ".join("k%d=%d" % (i, i) for i in range(n))
            S("dict", "x = dict(%s)" % kw, ops=[["new"], ["insert", n, "str"]])
    S("dict", "x = dict(a=1, b=2)", ops=[["new"], ["insert", 2, "str"]])
    S("dict", "def f(**kw): return kw\nx = f(a=1, b=2, c=3, d=4, e=5, f=6)", ops=[["presized", 6, "str"]])
    S("dict", "x = dict([('a', 1), ('b', 2)])", ops=[["new"], ["insert", 2, "str"]])
    for n, k in [(40, 35), (40, 40), (10, 5), (6, 6), (100, 99), (5, 1), (22, 1)]:
        base = [["new"], ["insert", n, "other"]]
        S("dict", "x = {i: i for i in range(%d)}\nfor i in range(%d):\n    del x[i]" % (n, k),
          ops=base + [["delete", k]])
        S("dict", "x = {i: i for i in range(%d)}\nfor i in range(%d):\n    del x[i]\nx[-1] = 0" % (n, k),
          ops=base + [["delete", k], ["insert", 1, "other"]])
        S("dict", "x = {i: i for i in range(%d)}\nfor i in range(%d):\n    del x[i]\nfor i in range(%d):\n    x[-1 - i] = 0" % (n, k, k),
          ops=base + [["delete", k], ["insert", k, "other"]])
        S("dict", "a = {i: i for i in range(%d)}\nfor i in range(%d):\n    del a[i]\nx = a.copy()" % (n, k),
          ops=[["copy", base + [["delete", k]]]])
        S("dict", "a = {i: i for i in range(%d)}\nfor i in range(%d):\n    del a[i]\nx = dict(a)" % (n, k),
          ops=[["new"], ["merge", base + [["delete", k]]]])
    S("dict", "x = {i: i for i in range(100)}\nx.clear()", ops=[["new"], ["insert", 100, "other"], ["clear"]])
    S("dict", "x = {i: i for i in range(100)}\nx.clear()\nx[1] = 1",
      ops=[["new"], ["insert", 100, "other"], ["clear"], ["insert", 1, "other"]])
    S("dict", "x = {'a': 1}\nx[1] = 2", ops=[["presized", 1, "str"], ["insert", 1, "other"]])
    S("dict", "x = {'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5}\nx[1] = 2",
      ops=[["presized", 5, "str"], ["insert", 1, "other"]])
    S("dict", "x = {}\nx.setdefault('a', []).append(1)", ops=[["new"], ["insert", 1, "str"]])
    S("dict", "x = {}\nfor i in range(20):\n    x.setdefault(i, 0)", ops=[["new"], ["insert", 20, "other"]])
    S("dict", "x = {}\nx.update(a=1, b=2, c=3)", ops=[["new"], ["merge", [["presized", 3, "str"]]]])
    S("dict", "x = {(1, 2): 3}", ops=[["presized", 1, "other"]])
    S("dict", "import collections\nx = collections.defaultdict(list)", ops=[["new"]])
    S("dict", "import collections\nx = collections.defaultdict(int)\nfor c in 'hello world':\n    x[c] += 1",
      ops=[["new"], ["insert", 8, "str"]])
    S("dict", "import collections\nx = collections.Counter('hello world')", ops=[["new"], ["insert", 8, "str"]])
    S("dict", "class D(dict): pass\nx = D(a=1)", ops=[["new"], ["insert", 1, "str"]])
    S("dict", "class D(dict): pass\nx = D()", ops=[["new"]])
    S("dict", "import collections\nx = collections.OrderedDict()", ops=[["new"]])
    S("dict", "x = globals().copy()\nx = {k: v for k, v in x.items() if k == '__name__'}",
      ops=[["new"], ["insert", 1, "str"]])
    _instance_dict_samples()


def _instance_dict_samples():
    S("instance_dict", "class A: pass\na = A()\nx = a.__dict__", inline=True, of=0, ops=[["new", 0]])
    S("instance_dict", "class A: pass\na = A()\na.p = 1\nx = a.__dict__", inline=True, of=0,
      ops=[["new", 0], ["set", 0, "p"]])
    S("instance_dict", "class A: pass\na = A()\nx = vars(a)\nb = A()", inline=True, of=0,
      ops=[["new", 0], ["new", 1]])
    S("instance_dict", "class A: pass\na = A()\nb = A()\nx = b.__dict__", inline=True, of=1,
      ops=[["new", 0], ["new", 1]])
    for k in [1, 3, 10, 28, 29, 30, 31, 40]:
        names = ["a%d" % i for i in range(k)]
        body = "".join("        self.%s = %d\n" % (n, i) for i, n in enumerate(names))
        S("instance_dict", "class A:\n    def __init__(self):\n%sa = A()\nx = a.__dict__" % body,
          inline=True, of=0, ops=[["new", 0], ["set", 0, "a", k]])
        S("instance_dict", "class A:\n    def __init__(self):\n%sa = A()\nb = A()\nx = b.__dict__" % body,
          inline=True, of=1, ops=[["new", 0], ["set", 0, "a", k], ["new", 1], ["set", 1, "a", k]])
    for count in [2, 5, 29, 30, 40]:
        ops = []
        for i in range(count):
            ops += [["new", i], ["set", i, "p"], ["set", i, "q"]]
        S("instance_dict", "class A:\n    def __init__(self):\n        self.p = 1\n        self.q = 2\n"
          "xs = [A() for _ in range(%d)]\nx = xs[0].__dict__" % count, inline=True, of=0, ops=ops)
    ops = [["new", 0, 40], ["set", 0, "p"], ["set", 0, "q"], ["set", 0, "r"]]
    S("instance_dict", "class A: pass\nxs = [A() for _ in range(40)]\na = xs[0]\na.p = 1\na.q = 2\na.r = 3\n"
      "x = a.__dict__", inline=True, of=0, ops=ops)
    ops = [["new", 0, 40], ["set", 0, "p"], ["set", 0, "q"], ["set", 1, "q"]]
    S("instance_dict", "class A: pass\nxs = [A() for _ in range(40)]\nxs[0].p = 1\nxs[0].q = 2\nxs[1].q = 3\n"
      "x = xs[1].__dict__", inline=True, of=1, ops=ops)
    ops = [["new", 0], ["set", 0, "k", 40]]
    S("instance_dict", "class A: pass\na = A()\nfor i in range(40):\n    setattr(a, 'k%d' % i, i)\nx = a.__dict__",
      inline=True, of=0, ops=ops)
    S("instance_dict", "class A: pass\na = A()\na.p = 1\na.q = 2\ndel a.p\nx = a.__dict__", inline=True, of=0,
      ops=[["new", 0], ["set", 0, "p"], ["set", 0, "q"], ["del", 0, "p"]])
    S("instance_dict", "class L(list): pass\na = L()\na.p = 1\nx = a.__dict__", inline=False, of=0,
      ops=[["new", 0], ["set", 0, "p"]])
    S("instance_dict", "class L(list): pass\na = L()\nb = L()\nb.q = 1\na.p = 1\nx = a.__dict__", inline=False,
      of=0, ops=[["new", 0], ["new", 1], ["set", 1, "q"], ["set", 0, "p"]])
    S("instance_dict", "class I(int): pass\na = I(5)\na.p = 1\nx = a.__dict__", inline=False, of=0,
      ops=[["new", 0], ["set", 0, "p"]])
    S("instance_dict", "class E(Exception): pass\ne = E()\nx = e.__dict__", inline=False, exception=True,
      of=0, ops=[["new", 0]])
    S("instance_dict", "class E(Exception): pass\ne = E()\ne.code = 3\nx = e.__dict__", inline=False,
      exception=True, of=0, ops=[["new", 0], ["set", 0, "code"]])
    S("instance_dict", "class E(Exception):\n    def __init__(self):\n" +
      "".join("        self.a%d = %d\n" % (i, i) for i in range(6)) + "e = E()\nx = e.__dict__",
      inline=False, exception=True, of=0, ops=[["new", 0], ["set", 0, "a", 6]])


def _set_samples():
    S("set", "x = set()", ops=[])
    S("set", "x = frozenset()", ops=[])
    for n in [1, 2, 3, 4, 5, 7, 8, 15, 16, 18, 19, 40, 76, 77, 100, 1000]:
        consts = ", ".join(str(i) for i in range(n))
        if n <= 40:
            if n > 2:
                S("set", "x = {%s}" % consts, ops=[["merge", n]])
            else:
                S("set", "x = {%s}" % consts, ops=[["add", n]])
        if n <= 19:
            S("set", "v = 0\nx = {%s}" % ", ".join("v + %d" % i for i in range(n)), ops=[["add", n]])
            S("set", "x = set()\nfor i in range(%d):\n    x.add(i)" % n, ops=[["add", n]])
            S("set", "x = set(list(range(%d)))" % n, ops=[["add", n]])
        S("set", "x = set(range(%d))" % n, ops=[["add", n]])
        S("set", "x = {i for i in range(%d)}" % n, ops=[["add", n]])
        S("set", "x = frozenset(range(%d))" % n, ops=[["add", n]])
        S("set", "a = set(range(%d))\nx = frozenset(a)" % n, ops=[["merge", n]])
        S("set", "a = set(range(%d))\nx = set(a)" % n, ops=[["merge", n]])
        if n in (4, 5, 8, 16, 19, 100):
            S("set", "a = set(range(%d))\nx = a.copy()" % n, ops=[["merge", n]])
            S("set", "x = set(dict.fromkeys(range(%d)))" % n, ops=[["merge", n]])
    for n, k in [(10, 5), (19, 10), (40, 39), (5, 5)]:
        S("set", "x = set(range(%d))\nfor i in range(%d):\n    x.discard(i)" % (n, k),
          ops=[["add", n], ["discard", k]])
        S("set", "x = set(range(%d))\nfor i in range(%d):\n    x.remove(i)\nfor i in range(%d):\n    x.add(1000 + i)"
          % (n, k, k), ops=[["add", n], ["discard", k], ["add", k]],
          limit="after removals a new member reuses a dummy slot (and so does not count towards "
                "fill) when its probe sequence meets one first: that depends on the members' "
                "hashes, which the ops don't record; the rule assumes no reuse")
    S("set", "x = set(range(100))\nx.clear()", ops=[["add", 100], ["clear"]])
    S("set", "x = set(range(3))\nx.update(range(10, 20))", ops=[["add", 3], ["add", 10]])
    S("set", "x = set(range(3))\nx |= set(range(10, 20))", ops=[["add", 3], ["merge", 10]])
    S("set", "class Z(set): pass\nx = Z(range(10))", ops=[["add", 10]])
    S("set", "class Z(frozenset): pass\nx = Z(range(10))", ops=[["add", 10]])


def _deque_samples():
    S("deque", "import collections\nx = collections.deque()", ops=[])
    for n in [1, 31, 32, 33, 64, 96, 97, 160, 161, 200]:
        S("deque", "import collections\nx = collections.deque()\nfor i in range(%d):\n    x.append(i)" % n,
          ops=[["append", n]])
        S("deque", "import collections\nx = collections.deque()\nfor i in range(%d):\n    x.appendleft(i)" % n,
          ops=[["appendleft", n]])
        S("deque", "import collections\nx = collections.deque(range(%d))" % n, ops=[["extend", n]])
    S("deque", "import collections\nx = collections.deque(range(100))\nx.extend(range(100))",
      ops=[["extend", 100], ["extend", 100]])
    S("deque", "import collections\nx = collections.deque()\nx.extendleft(range(100))", ops=[["extendleft", 100]])
    S("deque", "import collections\nx = collections.deque(maxlen=3)", ops=[], maxlen=3)
    S("deque", "import collections\nx = collections.deque(range(100), maxlen=3)", ops=[["extend", 100]], maxlen=3)
    S("deque", "import collections\nx = collections.deque(maxlen=100)\nfor i in range(300):\n    x.append(i)",
      ops=[["append", 300]], maxlen=100)
    S("deque", "import collections\nx = collections.deque(range(200))\nfor i in range(150):\n    x.popleft()",
      ops=[["extend", 200], ["popleft", 150]])
    S("deque", "import collections\nx = collections.deque(range(200))\nfor i in range(150):\n    x.pop()",
      ops=[["extend", 200], ["pop", 150]])
    S("deque", "import collections\nx = collections.deque(range(200))\nx.clear()", ops=[["extend", 200], ["clear"]])
    S("deque", "import collections\nx = collections.deque()\nx.append(1)\nx.pop()", ops=[["append", 1], ["pop", 1]])
    S("deque", "import collections\nx = collections.deque(range(40))\nfor i in range(40):\n    x.popleft()\n"
      "x.extend(range(40))", ops=[["extend", 40], ["popleft", 40], ["extend", 40]])
    S("deque", "import collections\nx = collections.deque()\nfor i in range(40):\n    x.append(i)\n"
      "for i in range(40):\n    x.popleft()\nfor i in range(40):\n    x.append(i)",
      ops=[["append", 40], ["popleft", 40], ["append", 40]])
    S("deque", "import collections\nx = collections.deque()\nfor i in range(40):\n    x.append(i)\n"
      "for i in range(40):\n    x.popleft()\nx.clear()\nfor i in range(40):\n    x.append(i)",
      ops=[["append", 40], ["popleft", 40], ["clear"], ["append", 40]])
    S("deque", "import collections\nx = collections.deque()\nfor i in range(40):\n    x.appendleft(i)\n"
      "for i in range(40):\n    x.pop()\nfor i in range(60):\n    x.appendleft(i)",
      ops=[["appendleft", 40], ["pop", 40], ["appendleft", 60]])


def _class_samples():
    # class objects
    for how in [
        "class A: pass\nx = A",
        "class A:\n    def __init__(self):\n        self.a = 1\n        self.b = 2\nx = A",
        "class A:\n    pass\nclass B(A): pass\nx = B",
        "class A:\n    __slots__ = ()\nx = A",
        "class A:\n    __slots__ = ('a', 'b')\nx = A",
        "class A:\n    __slots__ = ('__dict__',)\nx = A",
        "class A:\n    __slots__ = ('__weakref__',)\nx = A",
        "class E(Exception): pass\nx = E",
        "class E(ValueError): pass\nx = E",
        "class L(list): pass\nx = L",
        "class I(int): pass\nx = I",
        "class M(type): pass\nx = M",
        "class M(type): pass\nclass A(metaclass=M): pass\nx = A",
        "import abc\nclass A(abc.ABC): pass\nx = A",
        "import abc\nclass A(abc.ABC):\n    @abc.abstractmethod\n    def f(self): pass\nx = A",
        "import dataclasses\n@dataclasses.dataclass\nclass P:\n    a: int = 0\n    b: int = 0\nx = P",
        "import dataclasses\n@dataclasses.dataclass(slots=True)\nclass P:\n    a: int = 0\nx = P",
        "import enum\nclass Color(enum.Enum):\n    RED = 1\nx = Color",
        "import collections\nx = collections.namedtuple('P', 'a b')",
        "import typing\nclass P(typing.NamedTuple):\n    a: int\nx = P",
        "class A:\n    x = 1\n    def f(self): pass\n    def g(self): pass\nx = A",
        "x = type('A', (), {})",
        "x = type('A', (object,), {'__slots__': ('a',)})",
    ]:
        S("class", how)
    # instances
    for how in [
        "class A: pass\nx = A()",
        "class A: pass\nx = A()\nx.a = 1\nx.b = 2",
        "class A:\n    def __init__(self):\n" + "".join("        self.a%d = 0\n" % i for i in range(40)) + "x = A()",
        "class A:\n    __slots__ = ()\nx = A()",
        "class A:\n    __slots__ = ('a',)\nx = A()",
        "class A:\n    __slots__ = ('a', 'b', 'c')\nx = A()",
        "class A:\n    __slots__ = ('a', '__dict__')\nx = A()",
        "class A:\n    __slots__ = ('a', '__weakref__')\nx = A()",
        "class A:\n    __slots__ = ('a',)\nclass B(A): pass\nx = B()",
        "class A:\n    __slots__ = ('a',)\nclass B(A):\n    __slots__ = ('b', 'c')\nx = B()",
        "class A: pass\nclass B(A):\n    __slots__ = ('b',)\nx = B()",
        "class E(Exception): pass\nx = E()",
        "class E(Exception): pass\nx = E('boom', 1)",
        "class E(Exception):\n    __slots__ = ('a',)\nx = E()",
        "class E(OSError): pass\nx = E()",
        "x = Exception()",
        "x = ValueError('bad')",
        "x = OSError(2, 'no')",
        "x = StopIteration(1)",
        "x = SyntaxError('x')",
        "x = KeyError('k')",
        "x = UnicodeDecodeError('utf-8', b'', 0, 1, 'r')",
        "x = BaseExceptionGroup('g', [ValueError()])",
        "class F(float): pass\nx = F(1.5)",
        "class C(complex): pass\nx = C(1j)",
        "import weakref\nclass K(weakref.ref):\n    __slots__ = ('key',)\nclass A: pass\na = A()\nx = K(a)",
        "import weakref\nclass A: pass\na = A()\nx = weakref.KeyedRef(a, None, 1)",
        "import weakref\nclass A: pass\na = A()\nx = weakref.ref(a)",
        "import weakref\nclass A: pass\na = A()\nx = weakref.ref(a, lambda r: None)",
        "import weakref\nclass A: pass\na = A()\nx = weakref.proxy(a)",
        "import weakref\ndef f(): pass\nx = weakref.proxy(f)",
        "import weakref\nclass A:\n    def m(self): pass\na = A()\nx = weakref.WeakMethod(a.m)",
        "import weakref\nclass A: pass\na = A()\nx = weakref.finalize(a, len, '')",
        "x = object()",
        "import dataclasses\n@dataclasses.dataclass\nclass P:\n    a: int = 0\nx = P()",
        "import dataclasses\n@dataclasses.dataclass(slots=True)\nclass P:\n    a: int = 0\n    b: int = 0\nx = P()",
        "import enum\nclass Color(enum.Enum):\n    RED = 1\nx = Color.RED",
        "import types\nx = types.SimpleNamespace(a=1, b=2)",
        "import contextlib\n@contextlib.contextmanager\ndef cm(): yield\nx = cm()",
        "import contextlib\nx = contextlib.ExitStack()",
        "import contextlib\nx = contextlib.suppress(KeyError)",
        "import collections\nx = collections.ChainMap({}, {})",
        "import collections\nx = collections.UserDict()",
        "import collections\nx = collections.UserList()",
        "import functools\nx = functools.partial(print)",
        "import functools\nx = functools.partial(print, 1, 2, sep='')",
        "import functools\n@functools.lru_cache\ndef f(a): return a\nx = f",
        "import functools\n@functools.lru_cache(maxsize=10)\ndef f(a): return a\nf(1)\nx = f",
        "import functools\n@functools.wraps(print)\ndef f(): pass\nx = f",
        "import functools\nclass A:\n    @functools.cached_property\n    def p(self): return 1\nx = A.__dict__['p']",
        "import abc\nclass A(abc.ABC): pass\nx = A()",
        "import threading\nx = threading.Lock()",
        "import threading\nx = threading.RLock()",
        "import threading\nx = threading.Event()",
        "import decimal\nx = decimal.Decimal('1.5')",
        "import fractions\nx = fractions.Fraction(1, 3)",
        "import datetime\nx = datetime.date(2024, 1, 1)",
        "import datetime\nx = datetime.datetime(2024, 1, 1)",
        "import datetime\nx = datetime.timedelta(1)",
        "import array\nx = array.array('i')",
        "import pathlib\nx = pathlib.PurePosixPath('/a/b')",
        "import random\nx = random.Random(0)",
    ]:
        S("object", how)


def _callable_samples():
    for how in [
        "def f(): pass\nx = f",
        "def f(a, b=1, *c, d, **e): return a\nx = f",
        "x = lambda: 0",
        "def outer():\n    n = 1\n    def inner(): return n\n    return inner\nx = outer()",
        "def outer():\n    n = 1\n    def inner(): return n\n    return inner\nx = outer().__closure__",
        "def outer():\n    n = 1\n    def inner(): return n\n    return inner\nx = outer().__closure__[0]",
        "import types\nx = types.CellType()",
        "class A:\n    def m(self): pass\nx = A().m",
        "class A:\n    @classmethod\n    def m(cls): pass\nx = A.m",
        "class A:\n    @staticmethod\n    def m(): pass\nx = A.__dict__['m']",
        "class A:\n    @classmethod\n    def m(cls): pass\nx = A.__dict__['m']",
        "class A:\n    @property\n    def p(self): return 1\nx = A.__dict__['p']",
        "x = [].append",
        "x = len",
        "x = (1).__add__",
        "x = object.__init__",
        "x = str.join",
        "x = int.__add__",
        "x = [].__add__",
        "x = dict.__dict__['fromkeys']",
        "class A: pass\nx = A.__dict__['__dict__']",
        "class A:\n    __slots__ = ('a',)\nx = A.__dict__['a']",
        "import operator\nx = operator.itemgetter(1)",
        "import operator\nx = operator.itemgetter(1, 2, 3)",
        "import operator\nx = operator.attrgetter('a')",
        "import operator\nx = operator.methodcaller('a', 1)",
        "x = super(int, 1)",
        "class A:\n    def m(self): return super()\nx = A().m()",
    ]:
        S("object", how)


def _frame_samples():
    gens = [
        ("def g():\n    yield 1\nx = g()"),
        ("def g(a, b):\n    c = a + b\n    yield c\nx = g(1, 2)"),
        ("def g(n):\n    for i in range(n):\n        yield i\nx = g(3)"),
        ("def g(n):\n    for i in range(n):\n        for j in range(i):\n            yield i, j\nx = g(3)"),
        ("def g(n):\n    a = 1\n    def h(): return a + n\n    yield h\nx = g(3)"),
        ("def g():\n    try:\n        yield 1\n    finally:\n        pass\nx = g()"),
        ("def g():\n    with open(__file__) as f:\n        yield f\nx = g()"),
        ("def g():\n" + "".join("    v%d = %d\n" % (i, i) for i in range(20)) + "    yield v0\nx = g()"),
        ("def g():\n    yield from range(3)\nx = g()"),
        ("def g():\n    x = yield\n    yield [x, x, x, (x, x)]\nx = g()"),
        ("def g():\n    yield 1\nx = g()\nnext(x)"),
        ("def g():\n    yield 1\nx = g()\nlist(x)"),
        ("x = (i for i in range(3))"),
        ("x = (i * j for i in range(3) for j in range(i))"),
        ("async def c():\n    pass\nx = c()"),
        ("async def c(a, b):\n    return a + b\nx = c(1, 2)"),
        ("async def a():\n    yield 1\nx = a()"),
        ("async def a(n):\n    for i in range(n):\n        yield i\nx = a(3)"),
    ]
    for how in gens:
        S("frame_like", how)
    for how in [
        "import sys\nx = sys._getframe()",
        "import sys\ndef f():\n    return sys._getframe()\nx = f()",
        "import sys\ndef f(a, b, c):\n    d = a + b + c\n    return sys._getframe()\nx = f(1, 2, 3)",
        "import sys\ndef f():\n" + "".join("    v%d = %d\n" % (i, i) for i in range(30)) +
        "    return sys._getframe()\nx = f()",
        "def g():\n    yield 1\ngen = g()\nnext(gen)\nx = gen.gi_frame",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    x = e.__traceback__.tb_frame",
    ]:
        S("frame_like", how)
    for how in [
        "x = compile('a + 1', '<s>', 'eval')",
        "x = compile('pass', '<s>', 'exec')",
        "def f(): pass\nx = f.__code__",
        "def f(a, b):\n    c = a + b\n    return [c, c * 2, {c: a}]\nx = f.__code__",
        "def f(n):\n    for i in range(n):\n        if i % 2:\n            print(i)\n        else:\n            n -= 1\n    return n\nx = f.__code__",
        "x = (lambda: 0).__code__",
        "def f(): pass\nx = f.__code__.replace(co_name='g')",
    ]:
        S("code", how)


def _misc_samples():
    for how in [
        "x = range(10)",
        "x = range(2 ** 100)",
        "x = iter(range(10))",
        "x = iter(range(2 ** 100))",
        "x = reversed(range(10))",
        "x = iter([1, 2])",
        "x = reversed([1, 2])",
        "x = iter((1, 2))",
        "x = iter('abc')",
        "x = iter('caf\u00e9')",
        "x = iter(b'abc')",
        "x = iter(bytearray(b'abc'))",
        "x = iter({1, 2})",
        "x = iter({'a': 1})",
        "x = iter({'a': 1}.values())",
        "x = iter({'a': 1}.items())",
        "x = reversed({'a': 1})",
        "x = {'a': 1}.keys()",
        "x = {'a': 1}.values()",
        "x = {'a': 1}.items()",
        "x = map(str, [1, 2])",
        "x = map(pow, [1, 2], [3, 4])",
        "x = zip([1], [2])",
        "x = zip([1], [2], [3], [4])",
        "x = enumerate([1])",
        "x = filter(None, [1])",
        "x = reversed((1, 2))",
        "x = memoryview(b'abc')",
        "x = memoryview(bytearray(12)).cast('i', (3,)).cast('B')",
        "x = memoryview(bytearray(12)).cast('i', (3,))",
        "x = memoryview(bytearray(12)).cast('B', (3, 4))",
        "x = slice(1, 2)",
        "x = slice(None)",
        "x = property()",
        "x = staticmethod(print)",
        "x = classmethod(print)",
        "x = type.__dict__",
        "import types\nx = types.MappingProxyType({'a': 1})",
        "import types\nx = types.ModuleType('m')",
        "import sys\nx = sys.modules['__main__'] if '__main__' in sys.modules else sys",
        "import collections\nx = collections",
        "x = None",
        "x = NotImplemented",
        "x = ...",
        "import io\nx = io.StringIO()",
        "import io\nx = io.StringIO('hello')",
        "import io\nx = io.StringIO()\nx.write('hello' * 100)",
        "import itertools\nx = itertools.count()",
        "import itertools\nx = itertools.chain([1], [2])",
        "import itertools\nx = itertools.cycle([1, 2])",
        "import itertools\nx = itertools.tee([1, 2])[0]",
        "import itertools\nx = itertools.groupby('aab')",
        "import itertools\nx = itertools.islice('abc', 2)",
        "import itertools\nx = itertools.accumulate([1, 2])",
        "import itertools\nx = itertools.batched('abcd', 2)",
        "import itertools\nx = itertools.pairwise('abc')",
        "import itertools\nx = itertools.zip_longest('a', 'bc')",
        "import itertools\nx = itertools.repeat(1, 3)",
        "import itertools\nx = itertools.starmap(pow, [(1, 2)])",
        "import collections\nx = iter(collections.deque([1]))",
        "import collections\nx = collections.OrderedDict(a=1).keys()",
        "x = open(__file__)",
        "f = open(__file__)\nx = f.buffer.raw",
        "x = open(__file__, 'rb', buffering=0)",
        "x = open('out.txt', 'w')",
        "f = open('out.txt', 'w')\nx = f.buffer.raw",
        "import io\nx = io.TextIOWrapper(io.BytesIO())",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    x = e.__traceback__",
    ]:
        S("object", how)
    S("object_words", "import itertools\nx = itertools.product([1, 2], [3, 4])", words=2)
    S("object_words", "import itertools\nx = itertools.product([1, 2], repeat=3)", words=3)
    S("object_words", "import itertools\nx = itertools.product()", words=0)
    S("object_words", "import itertools\nx = itertools.permutations([1, 2, 3])", words=6)
    S("object_words", "import itertools\nx = itertools.permutations(range(5), 2)", words=7)
    S("object_words", "import itertools\nx = itertools.combinations([1, 2, 3], 2)", words=2)
    S("object_words", "import itertools\nx = itertools.combinations_with_replacement('abcd', 3)", words=3)
    S("odict", "import collections\nx = collections.OrderedDict()", ops=[["new"]])
    S("odict", "import collections\nx = collections.OrderedDict(a=1)", ops=[["new"], ["insert", 1, "str"]])
    S("odict", "import collections\nx = collections.OrderedDict.fromkeys(range(10))",
      ops=[["new"], ["insert", 10, "other"]])
    S("odict", "import collections\nx = collections.OrderedDict()\nfor i in range(100):\n    x[str(i)] = i",
      ops=[["new"], ["insert", 100, "str"]])
    S("odict", "import collections\nx = collections.OrderedDict(a=1, b=2)\nx.move_to_end('a')",
      ops=[["new"], ["insert", 2, "str"]])
    S("buffered", "f = open('out.txt', 'w')\nx = f.buffer")
    S("buffered", "x = open('out.txt', 'wb')")
    S("buffered", "x = open(__file__, 'rb')")
    S("buffered", "x = open('out.txt', 'wb', buffering=100)", buffer_size=100)
    S("buffered", "x = open('out.txt', 'w+b')")
    S("bytesio", "import io\nx = io.BytesIO()", ops=[])
    S("bytesio", "import io\nx = io.BytesIO()\nx.write(b'abc')", ops=[["write", 3]])
    S("bytesio", "import io\nx = io.BytesIO()\nx.write(b'abc')\nx.write(b'x' * 10)", ops=[["write", 3], ["write", 10]])
    S("bytesio", "import io\nx = io.BytesIO()\nfor i in range(100):\n    x.write(b'ab')", ops=[["write", 2]] * 100)
    S("bytesio", "import io\nx = io.BytesIO()\nx.write(b'abc')\nv = x.getvalue()",
      ops=[["write", 3], ["getvalue_kept"]])
    S("bytesio", "import io\nx = io.BytesIO(b'abc')", ops=[])


_build_samples()


# ---------------------------------------------------------------------------------
# The rules' descriptions (written into the JSON).
# ---------------------------------------------------------------------------------

RULE_TEXT.update({
    "getsizeof": {
        "formula": "sys.getsizeof(o) = type(o).__sizeof__(o) + _PyType_PreHeaderSize(type(o)); "
                   "the pre-header is 16 (PyGC_Head) if the type has Py_TPFLAGS_HAVE_GC, plus 16 "
                   "(the managed dict and weakref pointers) if it has MANAGED_DICT or MANAGED_WEAKREF. "
                   "It depends on the type's flags, not on whether the object is tracked.",
        "source": ["Python/sysmodule.c _PySys_GetSizeOf",
                   "Include/internal/pycore_object.h _PyType_PreHeaderSize"],
    },
    "layout": {
        "formula": "A class statement makes a GC heap type. basicsize = base's + 8 per __slots__ name "
                   "other than __dict__/__weakref__ (nonempty __slots__ is refused over a var-sized "
                   "base: int, bytes, tuple, type). Without __slots__ (or naming __dict__), if no base "
                   "has a dict yet the class gets Py_TPFLAGS_MANAGED_DICT (3.13 does this even over "
                   "int/tuple/bytes); likewise __weakref__ gives MANAGED_WEAKREF, but only when the "
                   "base's itemsize is 0. INLINE_VALUES is set when the type has a managed dict, "
                   "itemsize 0 and basicsize 16 (nothing but object below it). A managed dict costs "
                   "nothing in __sizeof__: it is the 16-byte pre-header (the inline values are not "
                   "counted by getsizeof at all).",
        "source": ["Objects/typeobject.c type_new_descriptors", "Objects/typeobject.c type_ready_managed_dict"],
        "inputs": "type: the C type at the root (a key of `types`); layers: the Python classes "
                  "above it, base first: {slots: n | null, dict: bool, weakref: bool}",
    },
    "object": {
        "inputs": 'type (+ layers); ob_size for var-sized types (tuple and struct sequence len, memoryview 3*ndim)',
        "formula": "object.__sizeof__ = tp_basicsize + tp_itemsize * Py_SIZE(o) (Py_SIZE is len() "
                   "for tuples and struct sequences, whose hidden fields are not counted; 3*ndim for "
                   "memoryview), then the pre-header. Every type whose __sizeof__ comes from "
                   "builtins.object (types[*].sizeof_from) and has itemsize 0 is fixed-size.",
        "source": ["Objects/typeobject.c object___sizeof___impl"],
    },
    "int": {
        "inputs": 'type (+ layers); bits: bit_length of |v|',
        "formula": "24 + 4 * max(1, ceil(bit_length(|v|) / 30)): 30-bit digits, at least one "
                   "(0 and False are 28). bool is the same (True 28, False 28). An int subclass "
                   "adds its pre-header (16 GC + 16 managed dict).",
        "source": ["Objects/longobject.c int___sizeof___impl"],
    },
    "str": {
        "inputs": 'type (+ layers); length, maxchar, utf8_length (bytes of its UTF-8 form); utf8_cached when something cached it',
        "formula": "exact str, all < 128: 40 + len + 1 (PyASCIIObject). Otherwise compact: 56 + "
                   "(len + 1) * kind, kind = 1/2/4 for max char < 256 / < 65536 / above. A str "
                   "subclass instance is not compact: 64 + (len + 1) * kind (+ pre-header). Non-ASCII "
                   "strings add utf8_length + 1 once a UTF-8 copy is cached "
                   "(PyUnicode_AsUTF8AndSize; e.g. when the string names a class via type(), not by "
                   "str.encode() nor by being compiled as a literal). The 1-character Latin-1 strings "
                   "(chr(128)..chr(255)) are static singletons that carry their UTF-8: 61.",
        "source": ["Objects/unicodeobject.c unicode_sizeof_impl", "Objects/unicodeobject.c get_latin1_char"],
        "history": "utf8_cached: whether something asked for the UTF-8 form",
    },
    "bytes": {
        "inputs": 'type (+ layers); length',
        "formula": "33 + len: bytes has no __sizeof__ of its own; object.__sizeof__ gives "
                   "tp_basicsize 33 (the header with the trailing NUL) + tp_itemsize 1 * len. b'' "
                   "is 33. A bytes subclass adds its pre-header (16 GC + 16 managed dict).",
        "source": ["Objects/typeobject.c object___sizeof___impl", "Objects/bytesobject.c PyBytes_Type"],
    },
    "bytearray": {
        "inputs": 'type; ops: ["new", n] exact new bytearray, ["resize", k] or ["resize", k, times]: resize to size + k (k < 0 shrinks), ["del_front", k]: del b[:k]',
        "formula": "56 + ob_alloc, ob_alloc counting the trailing NUL. PyByteArray_Resize(n): "
                   "unchanged if n == size; if n + offset + 1 <= alloc: keep (just set size) unless "
                   "n < alloc // 2, then alloc = n + 1; else growing: alloc = n + n//8 + (3 if n < 9 "
                   "else 6) when n <= alloc * 1.125, otherwise exactly n + 1. bytearray(b'..')/(n)/"
                   "(list) resize once from empty; from an iterator it resizes by 1 per item; "
                   "append/+=/extend resize to size + k; del b[:k] advances the start (offset) and "
                   "resizes; slicing, copy(), *, + make an exact new one (n + 1, 0 if empty).",
        "source": ["Objects/bytearrayobject.c bytearray_sizeof_impl",
                   "Objects/bytearrayobject.c PyByteArray_Resize",
                   "Objects/bytearrayobject.c bytearray_setslice_linear"],
        "history": "ops: the resizes that built it",
    },
    "list": {
        "inputs": 'type (+ layers); ops: ["new", n] exact (PyList_New / list_new_prealloc), ["init", n, "fast"|"iter"|"set"|"dict", has_len?] list(iterable) of n, ["extend", k] list/tuple, ["extend_iter", k, hint] iterator (hint = length hint, 8 if none), ["append", k] (also insert), ["pop", k], ["del_slice", k] del l[:k], ["clear"]',
        "formula": "basicsize (40) + 8 * allocated + 16. list_resize(n): keep if allocated >= n >= "
                   "allocated/2, else allocated = (n + n//8 + 6) & ~3, or (n + 3) & ~3 if "
                   "n - size > that - n; 0 for n == 0. append/insert/pop resize by one; extend(list/"
                   "tuple) resizes to size + k, or preallocates exactly round-up-even(k) when the "
                   "list has no item array yet (a new or cleared list: displays of > 2 constants, "
                   "[*a], list(tuple), sorted(list)); list(x) with a len() preallocates "
                   "round-up-even(len) too; extend(iterator) grows by the length hint, appends and "
                   "cuts back with list_resize(size) (which only shrinks below half). Displays of <= "
                   "30 non-constant items, [x]*n, slicing, copy(), + allocate exactly n. clear(), "
                   "del l[:], emptying by slice free the array (allocated 0).",
        "source": ["Objects/listobject.c list_resize", "Objects/listobject.c list_preallocate_exact",
                   "Objects/listobject.c list_extend_fast / list_extend_iter_lock_held",
                   "Objects/listobject.c list___init___impl", "Python/compile.c starunpack_helper"],
        "history": "ops: how it was built and changed",
    },
    "dict": {
        "inputs": 'type (+ layers); ops: ["new"], ["presized", n, "str"|"other"] a display/kwargs of n pairs, ["insert", k, "str"|"other"] k new keys, ["delete", k], ["clear"], ["merge", ops of the source], ["copy", ops of the source], ["fromkeys_exact", n, kind] dict.fromkeys(dict or set)',
        "formula": "48 + 16, plus _PyDict_KeysSize when the table is not the shared empty one: 32 + "
                   "index bytes (size * 1/2/4/8 for size < 2**8/2**16/2**32/more) + usable * entry, "
                   "usable = size*2//3, entry 16 if every key is an exact str (unicode table), else "
                   "24. calculate_log2_keysize(m) = bit_length(((m | 8) - 1) | 7): the power of two "
                   ">= m, but 16 for 1..7 and double for a power of two >= 16. Insert into an empty "
                   "dict: 8 slots. Insert with no usable slot left: resize to "
                   "calculate_log2_keysize(3 * used) (GROWTH_RATE; deletions never shrink but the next "
                   "resize can); a non-str key into a unicode table resizes the same way to a general "
                   "table. Displays of <= 15 pairs and **kwargs: dict_new_presized(n) = empty for n "
                   "<= 5, else estimate_log2_keysize(n) = calculate_log2_keysize((3n + 1)//2); bigger "
                   "displays, comprehensions, dict(k=v), dict(zip()) insert one by one. copy(): same "
                   "table if used >= nentries*2/3, else a merge. dict(d)/update(d)/{**d}: into an "
                   "empty dict, clone the table if it has no deleted entries and (size 8 or more than "
                   "size/2*2/3 used); otherwise presize to estimate_log2_keysize(used + other) if "
                   "other won't fit, then insert. fromkeys(dict or set): presize to "
                   "estimate_log2_keysize(n) (a set gives a general table). clear(): back to the "
                   "empty table (64).",
        "source": ["Objects/dictobject.c _PyDict_SizeOf", "Objects/dictobject.c _PyDict_KeysSize",
                   "Objects/dictobject.c calculate_log2_keysize / estimate_log2_keysize",
                   "Objects/dictobject.c insertdict / insertion_resize / GROWTH_RATE / dictresize",
                   "Objects/dictobject.c dict_new_presized / _PyDict_FromItems",
                   "Objects/dictobject.c dict_merge / PyDict_Copy / _PyDict_FromKeys"],
        "history": "ops: how it was built and changed",
    },
    "instance_dict": {
        "inputs": 'inline: the class has INLINE_VALUES; exception: the dict is BaseException\'s own slot; ops: ["new", id] / ["new", id, k], ["set", id, name] / ["set", id, prefix, k], ["del", id, name] on instances of one class, in order; of: the instance measured',
        "formula": "An instance's __dict__ under a managed-dict class is a split table: 48 + 16 + 8 * "
                   "(nentries + usable) of the class's shared keys AT THE TIME OF THE CALL (the keys "
                   "are counted by the class, 768 bytes). The shared keys start with 30 usable "
                   "(SHARED_KEYS_MAX_SIZE), each new instance of an INLINE_VALUES class takes one off "
                   "while more than 1 are left, each new attribute name moves one from usable to "
                   "nentries. So the first instance's dict is 296 (29 slots), after the second 288, "
                   "and it stays >= 64 + 8*(names + 1). A name that no longer fits turns that "
                   "instance's dict into a combined table of calculate_log2_keysize(3 * used) and it "
                   "grows like a dict. Instances of classes without inline values (list, int "
                   "subclasses) take nothing off. An exception's __dict__ is an ordinary dict (64 "
                   "empty).",
        "source": ["Objects/dictobject.c _PyDict_NewKeysForClass / insert_split_key",
                   "Objects/dictobject.c _PyObject_InitInlineValues / make_dict_from_instance_attributes",
                   "Objects/dictobject.c _PyObject_StoreInstanceAttribute",
                   "Include/internal/pycore_dict.h SHARED_KEYS_MAX_SIZE"],
        "history": "ops: every instance created and attribute set on that class, in order",
    },
    "set": {
        "inputs": 'type (+ layers); ops: ["add", k], ["merge", n], ["discard", k], ["clear"]',
        "formula": "200 + 16, plus 16 * table size when the table is not the 8-slot inline one. Adding "
                   "a new member fills a slot; when fill*5 >= mask*3, set_table_resize(used*4, or "
                   "used*2 above 50000) = smallest power of two > that, from 8. Merging a set/"
                   "frozenset/dict of n (set(s), frozenset(s), s.copy(), s |= t, a display of > 2 "
                   "constants, which is SET_UPDATE from a constant frozenset): one resize to "
                   "(used + n)*2 first if (fill + n)*5 >= mask*3. Other iterables (range, list, "
                   "generators), displays with variables and comprehensions add one at a time. "
                   "Discarding leaves a dummy (fill stays); clear() goes back to the inline table.",
        "source": ["Objects/setobject.c set_sizeof", "Objects/setobject.c set_add_entry",
                   "Objects/setobject.c set_table_resize", "Objects/setobject.c set_merge"],
        "history": "ops: how it was built",
    },
    "deque": {
        "inputs": 'type; maxlen; ops: ["append"|"appendleft"|"extend"|"extendleft"|"pop"|"popleft", k], ["clear"]',
        "formula": "216 + 16 + 528 * blocks, blocks = (leftindex + len + 63) // 64 (64-item blocks "
                   "of 528 bytes). A new deque, or one cleared while not empty, has leftindex 32 "
                   "(CENTER + 1); appendleft moves it down (wrapping to 63 in a new block); popleft "
                   "moves it up (wrapping to 0 as the block is freed). Emptying it by pops "
                   "re-centres it (leftindex 32) only when the last pop crosses a block edge; "
                   "otherwise the indices stay where they were. extend()/deque(iterable) into an "
                   "empty deque first sets leftindex to 1 (extendleft: 63). With maxlen, each "
                   "append beyond it pops from the left (appendleft: from the right).",
        "source": ["Modules/_collectionsmodule.c deque_sizeof", "Modules/_collectionsmodule.c deque_extend"],
        "history": "ops: appends/pops at each end",
    },
    "class": {
        "inputs": "type + layers: the class's own layout; metatype (+ metalayers): its metaclass",
        "formula": "type.__sizeof__ of a class: sizeof(PyHeapTypeObject) = 928, plus "
                   "_PyDict_KeysSize(ht_cached_keys) = 768 (64 slots, unicode) when instances have a "
                   "managed dict; + 16 (type is GC; a metaclass adds no dict). So 1712 for a plain "
                   "class, 944 for one with __slots__ or deriving from an exception (which has its own "
                   "dict slot). Methods, class attributes and the class __dict__ are separate objects.",
        "source": ["Objects/typeobject.c type___sizeof___impl", "Objects/typeobject.c type_ready_managed_dict",
                   "Objects/dictobject.c _PyDict_NewKeysForClass"],
    },
    "frame_like": {
        "inputs": 'type; nlocalsplus, stacksize of the code object',
        "formula": "generator, coroutine, async generator and frame objects: the type's basicsize "
                   "(the object up to its frame's localsplus: generator 144, coroutine 144, "
                   "async_generator 160, frame 136) + 8 * (co_nlocalsplus + co_stacksize) + 16. co_nlocalsplus = locals + cells that "
                   "are not arguments + free variables. Whether running, suspended or finished makes "
                   "no difference.",
        "source": ["Objects/genobject.c gen_sizeof", "Objects/frameobject.c frame_sizeof",
                   "Include/internal/pycore_frame.h _PyFrame_NumSlotsForCodeObject"],
    },
    "code": {
        "inputs": 'type; code_units = len(co_code) // 2',
        "formula": "(basicsize 200 + 2 * code units + 7) & ~7 (code units = len(co_code)//2, "
                   "inline caches included); not GC. Plus _PyCodeObjectExtra if an extension set one.",
        "source": ["Objects/codeobject.c code_sizeof"],
    },
    "odict": {
        "inputs": 'type; ops as for dict',
        "formula": "OrderedDict: the dict's size (basicsize 112) + 8 * (slots of the keys table, "
                   "the od_fast_nodes array, 0 while empty) + 32 per item (_ODictNode).",
        "source": ["Objects/odictobject.c odict_sizeof", "Objects/odictobject.c _odict_resize"],
        "history": "ops: as for dict",
    },
    "object_words": {
        "inputs": 'type; words: the index words (see formula)',
        "formula": "itertools.product / permutations / combinations / combinations_with_replacement: "
                   "object size + 8 per index word: product one per pool (len(args) * repeat), "
                   "permutations len(pool) + r, combinations r.",
        "source": ["Modules/itertoolsmodule.c product_sizeof / permutations_sizeof / "
                   "combinations_sizeof / cwr_sizeof"],
    },
    "buffered": {
        "inputs": 'type; buffer_size',
        "formula": "BufferedReader/Writer/Random: basicsize + buffer_size (+ 16 GC + 16 if "
                   "managed). open() uses st_blksize of the file (else io.DEFAULT_BUFFER_SIZE 8192), "
                   "so this depends on the file system. TextIOWrapper, FileIO, StringIO use "
                   "object.__sizeof__ (fixed).",
        "source": ["Modules/_io/bufferedio.c buffered_sizeof", "Modules/_io/_iomodule.c _io_open_impl"],
    },
    "bytesio": {
        "inputs": 'type; ops: ["write", n] appends n bytes, ["getvalue_kept"] a getvalue() result is alive',
        "formula": "basicsize + 16 + (33 + alloc of its bytes buffer unless shared: a new BytesIO and "
                   "one whose getvalue() result is alive share). resize_buffer(n): n < alloc/2: "
                   "n + 1; n < alloc: keep; n <= alloc * 1.125: n + n//8 + (3 if n < 9 else 6); "
                   "else n + 1.",
        "source": ["Modules/_io/bytesio.c bytesio_sizeof", "Modules/_io/bytesio.c resize_buffer"],
        "history": "ops: the writes",
    },
})


# ---------------------------------------------------------------------------------
# The driver.
# ---------------------------------------------------------------------------------

def check(data):
    """Evaluate every rule against every sample; returns the list of mismatches."""
    types = data["types"]
    bad, known = [], []
    for i, s in enumerate(data["samples"]):
        rule = RULES[s["kind"]]
        try:
            got = rule(s["inputs"], types)
        except Exception as err:  # a rule that can't handle its inputs is a mismatch too
            got = "error: %r" % (err,)
        if got != s["size"] and s.get("limit"):
            known.append("sample %d (%s): measured %s, rule %s: %s" % (
                i, s["kind"], s["size"], got, s["limit"]))
        elif got != s["size"]:
            bad.append("sample %d (%s): measured %s, rule %s\n    %s\n    inputs %s" % (
                i, s["kind"], s["size"], got, s["how"].replace("\n", "\n    "),
                json.dumps(s["inputs"], sort_keys=True)))
    # The generic rule against the types table: every fixed-size type whose __sizeof__ is
    # object's must give its example's size.
    for key, t in sorted(types.items()):
        ex = t.get("example")
        if not ex or t["sizeof_from"] != "builtins.object" or t["itemsize"]:
            continue
        got = t["basicsize"] + preheader(t["flags"])
        if got != ex["size"]:
            bad.append("type %s: example size %s, basicsize + pre-header %s" % (key, ex["size"], got))
    return bad, known


def dump(data):
    """Deterministic JSON: one line per type and per sample, rules indented."""
    def one(v):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    lines = ["{"]
    lines.append(' "cpython": %s,' % one(data["cpython"]))
    lines.append(' "generator": "tests/cpython/record_sizes.py",')
    lines.append(' "rules": ' + json.dumps(data["rules"], sort_keys=True, indent=1,
                                           ensure_ascii=False).replace("\n", "\n ") + ",")
    lines.append(' "samples": [')
    for i, s in enumerate(data["samples"]):
        lines.append("  " + one(s) + ("," if i + 1 < len(data["samples"]) else ""))
    lines.append(" ],")
    lines.append(' "types": {')
    keys = sorted(data["types"])
    for i, k in enumerate(keys):
        lines.append("  %s: %s%s" % (one(k), one(data["types"][k]), "," if i + 1 < len(keys) else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def record():
    sys.path.insert(0, HERE)
    import record as rec  # the recorder's interpreter search and child environment
    interpreter, version = rec.find_cpython()
    print("CPython: %s (%s)" % (interpreter, version.replace("\n", " ")))
    scratch = tempfile.mkdtemp(prefix="refscope-sizes-")
    try:
        proc = subprocess.run([interpreter, "-s", os.path.abspath(__file__), "--child"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=scratch,
                              env=rec.child_env(), universal_newlines=True, timeout=300)
    finally:
        for name in os.listdir(scratch):
            os.remove(os.path.join(scratch, name))
        os.rmdir(scratch)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-6000:])
        sys.exit(1)
    data = json.loads(proc.stdout)
    data["rules"] = RULE_TEXT
    text = dump(data)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print("%s: %d types, %d samples, %d bytes" % (
        os.path.relpath(OUT, REPO), len(data["types"]), len(data["samples"]), len(text.encode())))
    return data


ENGINE_TABLE = os.path.join(REPO, "crates", "engine", "data", "cpython-3.13-types.txt")


def write_engine_table(data):
    """The part of the table the engine's size model reads (crates/engine/src/size/):
    one line per type, `module.qualname basicsize itemsize gc managed dict weakref
    sizeof`, where `gc` is G when the type has a GC header, `managed` M when it has a
    managed dict or weakref (16 more bytes before the object), `dict` D and `weakref` W
    when it has a dict or weakref slot of its own, and `sizeof` is `object` when the type
    sizes itself as `object.__sizeof__` does (basicsize + itemsize * ob_size) and else
    the class whose own `__sizeof__` it uses (a rule of the engine's)."""
    lines = []
    for name, t in sorted(data["types"].items()):
        if " " in name:
            continue
        flags = set(t["flags"])
        managed = "M" if flags & {"MANAGED_DICT", "MANAGED_WEAKREF"} else "-"
        sizeof = "object" if t["sizeof_from"] == "builtins.object" else t["sizeof_from"]
        lines.append("%s %d %d %s %s %s %s %s" % (
            name, t["basicsize"], t["itemsize"], "G" if "HAVE_GC" in flags else "-", managed,
            "D" if t["dictoffset"] else "-", "W" if t["weaklistoffset"] else "-", sizeof))
    with open(ENGINE_TABLE, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Made by tests/cpython/record_sizes.py from cpython-3.13-sizes.json: module.qualname\n"
                 "# basicsize itemsize gc managed dict weakref sizeof (see the script).\n")
        fh.write("\n".join(lines) + "\n")
    print("%s: %d types" % (os.path.relpath(ENGINE_TABLE, REPO), len(lines)))


def main():
    args = sys.argv[1:]
    if args == ["--engine-table"]:
        with open(OUT, encoding="utf-8") as fh:
            write_engine_table(json.load(fh))
        return
    if args == ["--child"]:
        child()
        return
    if args == ["--child-fuzz"]:
        _child_fuzz(2000)
        return
    if args == ["--fuzz"]:
        sys.path.insert(0, HERE)
        import record as rec
        interpreter, _ = rec.find_cpython()
        proc = subprocess.run([interpreter, "-s", os.path.abspath(__file__), "--child-fuzz"],
                              stdout=subprocess.PIPE, env=rec.child_env(),
                              universal_newlines=True, timeout=300, check=True)
        result = json.loads(proc.stdout)
        for line in result["bad"]:
            print("MISMATCH " + line)
        print("fuzz: %s random histories; %d mismatches" % (
            ", ".join("%d %s" % (n, k) for k, n in sorted(result["count"].items())),
            len(result["bad"])))
        sys.exit(1 if result["bad"] else 0)
    if args == ["--check"]:
        with open(OUT, encoding="utf-8") as fh:
            data = json.load(fh)
    elif not args:
        data = record()
        write_engine_table(data)
    else:
        sys.exit(__doc__)
    bad, known = check(data)
    for line in known:
        print("known limit: " + line)
    for line in bad:
        print("MISMATCH " + line)
    print("check: %d samples, %d types; %d mismatches, %d known limits" % (
        len(data["samples"]), len(data["types"]), len(bad), len(known)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
