//! Cheap fingerprints that tell whether a heap object's recorded state changed since the
//! previous step, so the heap walk can skip describing it again.
//!
//! Describing an object ([`crate::describe::describe`]) builds its summary, labels and
//! edge list as strings, and interning the state hashes all of them: that was most of the
//! recording time, at every step, for objects that had not changed at all. For the kinds
//! learner programs are made of (ints, floats, strs, lists, tuples and instances with a
//! `__dict__`) the walk instead reads the object's children without allocating labels,
//! and [`fingerprint`] writes, as a list of numbers, everything its state depends on: its
//! id, type, refcount, size, reachability, contents, and for each child the value the edge
//! shows and the brief form the summary shows. Equal fingerprints mean equal states, so
//! the previous step's interned state is reused.
//!
//! Contents are compared exactly, except a str's text, which is compared by length and
//! hash (a 64-bit collision between two strings at the same address on consecutive steps
//! would be needed to show a stale state). Every other kind is described at every step.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;
use rustpython_vm::builtins::{
    PyBaseException, PyBoundMethod, PyBytes, PyComplex, PyDict, PyFloat, PyFrozenSet, PyFunction,
    PyGenerator, PyInt, PyList, PyModule, PyRange, PySet, PyStr, PyTraceback, PyTuple, PyType,
    PyWeak,
};
use rustpython_vm::types::PyTypeFlags;
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, VirtualMachine};

use crate::describe::is_inline;

/// The kinds with a fast path; each matches the branch [`crate::describe::describe`]
/// takes for the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FastKind {
    Int,
    Float,
    Str,
    List,
    Tuple,
    /// A heap-type instance with a `__dict__` whose keys are all exact strs.
    Instance,
}

/// One child of a fast-path object, as its fingerprint needs it: address, whether it is
/// drawn inline, and its [`content`]. No reference is kept: the walk reads refcounts once
/// it holds exactly one reference to each object.
pub(crate) type ChildToken = (usize, bool, [u64; 2]);

/// An object seen by the walk through the fast path: its kind, and its children in the
/// order `describe` lists them (with, for instances, the attribute names' content).
pub(crate) struct Fast {
    pub kind: FastKind,
    pub children: Vec<ChildToken>,
    pub keys: Vec<[u64; 2]>,
}

/// The fast-path view of `obj` and its children (for the walk to follow), or `None` when
/// it must be described in full.
pub(crate) fn fast(vm: &VirtualMachine, obj: &PyObjectRef) -> Option<(Fast, Vec<PyObjectRef>)> {
    let kind = fast_kind(vm, obj)?;
    let mut children = Vec::new();
    let mut keys = Vec::new();
    match kind {
        FastKind::Int | FastKind::Float | FastKind::Str => {}
        FastKind::List => children = obj.downcast_ref::<PyList>()?.borrow_vec().to_vec(),
        FastKind::Tuple => children = obj.downcast_ref::<PyTuple>()?.as_slice().to_vec(),
        FastKind::Instance => {
            let dict = obj.dict()?;
            let mut position = 0;
            while let Some((next, k, v)) = dict.next_entry(position) {
                position = next;
                let name = exact_str(vm, &k)?;
                // `describe` leaves out the prelude's own attributes.
                if name.as_wtf8().as_bytes().starts_with(b"_rs_") {
                    continue;
                }
                keys.push(content(vm, &k));
                children.push(v);
            }
        }
    }
    let tokens = children
        .iter()
        .map(|c| (c.get_id(), is_inline(vm, c), content(vm, c)))
        .collect();
    Some((
        Fast {
            kind,
            children: tokens,
            keys,
        },
        children,
    ))
}

fn exact_str<'a>(vm: &VirtualMachine, obj: &'a PyObject) -> Option<&'a Py<PyStr>> {
    obj.downcast_ref::<PyStr>()
        .filter(|_| obj.class().is(vm.ctx.types.str_type))
}

/// Mirrors the order of `describe`'s branches up to the instance branch, so a fast kind is
/// only ever given to an object `describe` would treat the same way.
fn fast_kind(vm: &VirtualMachine, obj: &PyObject) -> Option<FastKind> {
    let cls = obj.class();
    let types = &vm.ctx.types;
    if obj.downcast_ref::<PyInt>().is_some() && cls.is(types.int_type) {
        return Some(FastKind::Int);
    }
    if obj.downcast_ref::<PyFloat>().is_some() && cls.is(types.float_type) {
        return Some(FastKind::Float);
    }
    if obj.downcast_ref::<PyComplex>().is_some() && cls.is(types.complex_type) {
        return None;
    }
    if exact_str(vm, obj).is_some() {
        return Some(FastKind::Str);
    }
    if obj.downcast_ref::<PyBytes>().is_some() && cls.is(types.bytes_type) {
        return None;
    }
    if obj.downcast_ref::<PyList>().is_some() {
        return Some(FastKind::List);
    }
    if obj.downcast_ref::<PyTuple>().is_some() {
        return Some(FastKind::Tuple);
    }
    let other_branch = obj.downcast_ref::<PyDict>().is_some()
        || obj.downcast_ref::<PySet>().is_some()
        || obj.downcast_ref::<PyFrozenSet>().is_some()
        || obj.downcast_ref::<PyFunction>().is_some()
        || obj.downcast_ref::<PyBoundMethod>().is_some()
        || obj.downcast_ref::<PyGenerator>().is_some()
        || obj.downcast_ref::<PyRange>().is_some()
        || obj.downcast_ref::<PyTraceback>().is_some()
        || obj.downcast_ref::<PyWeak>().is_some()
        || obj.downcast_ref::<PyBaseException>().is_some()
        || &*cls.name() == "TextIOWrapper";
    if other_branch || !cls.slots.flags.has_feature(PyTypeFlags::HEAPTYPE) {
        return None;
    }
    // Instances without a `__dict__` (`__slots__`) need a class attribute lookup to size.
    obj.dict().is_some().then_some(FastKind::Instance)
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// A token for what `obj` looks like inside a container's summary and on its own: its
/// text for strs, its value for ints and floats, its type's name for anything else.
pub(crate) fn content(vm: &VirtualMachine, obj: &PyObject) -> [u64; 2] {
    let cls = obj.class();
    if let Some(s) = exact_str(vm, obj) {
        return [
            s.char_len() as u64,
            crate::read::exact_str_hash(vm, obj).unwrap_or(0),
        ];
    }
    if cls.is(vm.ctx.types.int_type) {
        if let Some(i) = obj.downcast_ref::<PyInt>() {
            let v: Option<i64> = i.as_bigint().try_into().ok();
            return match v {
                Some(v) => [1, v as u64],
                None => [2, hash_of(i.as_bigint())],
            };
        }
    }
    if cls.is(vm.ctx.types.float_type) {
        if let Some(f) = obj.downcast_ref::<PyFloat>() {
            return [3, f.to_f64().to_bits()];
        }
    }
    if let Some(t) = obj.downcast_ref::<PyType>() {
        // Shown inline as `<class 'name'>`.
        return [4, hash_of(&*t.name())];
    }
    if let Some(m) = obj.downcast_ref::<PyModule>() {
        // Shown inline as `<module 'name'>`.
        return [5, hash_of(m.name.map(|n| n.as_str()))];
    }
    [6, hash_of(&*cls.name())]
}

/// Everything the state of a fast-path object depends on, written to `out` (cleared
/// first): `own` (id, refcount, size, reachability), its type and content, and for each
/// child its attribute name, what `child` writes of its edge's value, and its content.
pub(crate) fn fingerprint(
    vm: &VirtualMachine,
    obj: &PyObject,
    fast: &Fast,
    own: [u64; 4],
    out: &mut Vec<u64>,
    mut child: impl FnMut(usize, bool, &mut Vec<u64>),
) {
    out.clear();
    out.extend(own);
    out.push(fast.kind as u64);
    out.push(obj.class().as_object().get_id() as u64);
    out.push(hash_of(&*obj.class().name()));
    out.extend(content(vm, obj));
    out.push(fast.children.len() as u64);
    for (i, &(addr, inline, c)) in fast.children.iter().enumerate() {
        if let Some(k) = fast.keys.get(i) {
            out.extend(k);
        }
        child(addr, inline, out);
        out.extend(c);
    }
}
