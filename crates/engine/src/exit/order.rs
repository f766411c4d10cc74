//! Which of the program's objects the exit finalizes, and in what order: the objects the
//! module's names reach, walked the way CPython 3.13's collector walks them
//! (tests/exit/SPEC.md, rule GC-5 and table GC-T).
//!
//! With gc enabled the exit's first collection (E5) leaves every survivor in breadth-first
//! order from the globals dict, so the finalizers of E6e run in that order; with gc
//! disabled the collector's lists are in creation order, which the heap's ids follow.
//! Only payloads and type slots are read: no learner code runs here.

use std::collections::{HashSet, VecDeque};

use rustpython_vm::builtins::{
    PyCode, PyDict, PyDictRef, PyFunction, PyList, PyModule, PyStr, PyTuple, PyType,
};
use rustpython_vm::types::PyTypeFlags;
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use crate::heap::Heap;
use crate::read::builtin_attr;

/// More objects than a program shown step by step makes; a walk that gets here has
/// wandered into the library.
const MAX_WALK: usize = 200_000;

/// What the globals reach.
pub(crate) struct Reached {
    /// The objects, in the collector's order (see the module header).
    pub objects: Vec<PyObjectRef>,
    /// Whether something they reach refers back to the globals dict (a function, a
    /// method, a generator): then the dict is cycle garbage at exit, and its objects are
    /// finalized by the exit collection with the names still bound (E6e); otherwise the
    /// dict dies by refcount, its values released in insertion order (E6b).
    pub in_cycle: bool,
}

/// Walks from the globals dict, breadth first in traversal order.
pub(crate) fn reach(vm: &VirtualMachine, heap: &Heap, globals: &PyDictRef) -> Reached {
    let root = globals.as_object();
    let mut seen: HashSet<usize> = HashSet::from([root.get_id()]);
    let mut queue: VecDeque<PyObjectRef> = VecDeque::new();
    let mut out = Reached {
        objects: Vec::new(),
        in_cycle: false,
    };
    let mut visit = |c: PyObjectRef, queue: &mut VecDeque<PyObjectRef>, cycle: &mut bool| {
        if c.is(root) {
            *cycle = true;
        } else if seen.insert(c.get_id()) {
            queue.push_back(c);
        }
    };
    for c in dict_refs(globals) {
        visit(c, &mut queue, &mut out.in_cycle);
    }
    while let Some(obj) = queue.pop_front() {
        if out.objects.len() >= MAX_WALK {
            break;
        }
        for c in referents(vm, heap, &obj) {
            visit(c, &mut queue, &mut out.in_cycle);
        }
        out.objects.push(obj);
    }
    out
}

/// What `obj` refers to, in CPython's traversal order (table GC-T). Modules and the
/// library's classes and functions are not entered: the interpreter, not the globals,
/// keeps them alive.
fn referents(vm: &VirtualMachine, heap: &Heap, obj: &PyObjectRef) -> Vec<PyObjectRef> {
    if obj.downcast_ref::<PyModule>().is_some() {
        return Vec::new();
    }
    if let Some(l) = obj.downcast_ref::<PyList>() {
        return l.borrow_vec().iter().rev().cloned().collect();
    }
    if let Some(t) = obj.downcast_ref::<PyTuple>() {
        return t.as_slice().iter().rev().cloned().collect();
    }
    if let Some(d) = obj.downcast_ref::<PyDict>() {
        return dict_refs(d);
    }
    if let Some(t) = obj.downcast_ref::<PyType>() {
        // A class the program (or the library, in Python) defined: its attributes in
        // definition order. The interpreter's own types hold nothing of the program.
        if !t.slots.flags.has_feature(PyTypeFlags::HEAPTYPE) {
            return Vec::new();
        }
        return t.get_attributes(&vm.ctx).into_values().collect();
    }
    if obj.downcast_ref::<PyFunction>().is_some() {
        return function_refs(vm, obj);
    }
    if heap.id_of(obj).is_none() {
        return Vec::new();
    }
    match obj.dict() {
        // An instance: its attributes, then its class.
        Some(d) if obj.class().slots.flags.has_feature(PyTypeFlags::HEAPTYPE) => {
            let mut out = dict_refs(&d);
            out.push(obj.class().to_owned().into());
            out
        }
        _ => obj.gc_get_referents(),
    }
}

/// A learner function's references (GC-T): its globals, its defaults and its closure's
/// cells, each tuple last item first. The library's functions are not entered.
fn function_refs(vm: &VirtualMachine, obj: &PyObjectRef) -> Vec<PyObjectRef> {
    let attr = |name| builtin_attr::<PyFunction>(vm, obj, name);
    let user = attr("__code__")
        .and_then(|c| c.downcast::<PyCode>().ok())
        .is_some_and(|c| crate::frames::is_user(&c));
    if !user {
        return Vec::new();
    }
    let mut out: Vec<PyObjectRef> = attr("__globals__").into_iter().collect();
    for name in ["__defaults__", "__kwdefaults__", "__closure__"] {
        match attr(name) {
            Some(t) if t.downcast_ref::<PyTuple>().is_some() => {
                let t = t.downcast_ref::<PyTuple>().expect("checked");
                out.extend(t.as_slice().iter().rev().flat_map(|c| {
                    match c.class().is(vm.ctx.types.cell_type) {
                        true => c.gc_get_referents(),
                        false => vec![c.clone()],
                    }
                }));
            }
            Some(d) if d.downcast_ref::<PyDict>().is_some() => out.push(d),
            _ => {}
        }
    }
    out
}

/// A dict's references: values in insertion order when every key is a str, else each
/// value then its key.
fn dict_refs(d: &PyDict) -> Vec<PyObjectRef> {
    let items = d.items_vec();
    let all_str = items
        .iter()
        .all(|(k, _)| k.downcast_ref::<PyStr>().is_some());
    let mut out = Vec::with_capacity(items.len());
    for (k, v) in items {
        out.push(v);
        if !all_str {
            out.push(k);
        }
    }
    out
}

/// Whether the exit collection would call `obj`'s finalizer: a program object whose type
/// has one (`__del__`, a generator's close, a file's close) that has not run yet.
pub(crate) fn has_finalizer(heap: &Heap, obj: &PyObject) -> bool {
    heap.id_of(obj).is_some() && obj.class().slots.del.load().is_some() && !obj.gc_finalized()
}

/// Rule GC-5 over `list` (the collector's list, in order) where the objects in `roots`
/// are referred to from outside it: the survivors' new order. A root, or an object
/// already marked, keeps its place and marks what it refers to in traversal order; an
/// object set aside before it was marked moves to the end. This is what X2's young
/// collections do to the program's objects, the globals dict being older than them.
pub(crate) fn rescan(
    vm: &VirtualMachine,
    heap: &Heap,
    list: Vec<PyObjectRef>,
    roots: &HashSet<usize>,
) -> Vec<PyObjectRef> {
    let members: HashSet<usize> = list.iter().map(|o| o.get_id()).collect();
    let mut marked: HashSet<usize> = roots.clone();
    let mut aside: std::collections::HashMap<usize, PyObjectRef> = Default::default();
    let mut queue: VecDeque<PyObjectRef> = list.into();
    let mut out = Vec::new();
    let mut aside_order = Vec::new();
    while let Some(obj) = queue.pop_front() {
        let id = obj.get_id();
        if !marked.contains(&id) {
            aside_order.push(id);
            aside.insert(id, obj);
            continue;
        }
        for c in referents(vm, heap, &obj) {
            let cid = c.get_id();
            if members.contains(&cid) && marked.insert(cid) {
                if let Some(back) = aside.remove(&cid) {
                    queue.push_back(back);
                }
            }
        }
        out.push(obj);
    }
    // What nothing in the list reached is kept alive from outside it (a module, the
    // interpreter): it keeps its place after the rest.
    out.extend(aside_order.iter().filter_map(|id| aside.remove(id)));
    out
}

/// The objects the globals dict refers to directly (its values, and keys that are not
/// strs): the roots of a young collection.
pub(crate) fn global_values(globals: &PyDictRef) -> HashSet<usize> {
    dict_refs(globals).iter().map(|o| o.get_id()).collect()
}
