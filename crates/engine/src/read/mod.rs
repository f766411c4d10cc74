//! The read layer: the only engine code that touches the program's objects.
//!
//! The recorder runs inside the learner's program, with tracing switched off, so any
//! Python it set off would run unseen (its prints landing in the program's output). This
//! layer therefore reads Rust payloads and type slots only: an object is asked for
//! anything only after an exact-type check against the VM's own type objects, and an
//! attribute is only ever read from an object whose exact type is a builtin one (a
//! function, a generator, a traceback: types a program cannot subclass or patch), where
//! the attribute is a Rust getter. Nothing here calls `str`, `repr`, `len`, `bool`, `hash`
//! or a method lookup on an object of a program-defined type, or of a subclass of a
//! builtin type. What cannot be read that way is shown as a placeholder (`<E object>`).
//!
//! `tests/engine/layers.rs` checks that no other engine module makes such calls.

mod callables;
mod constants;
mod exceptions;
mod files;

pub(crate) use callables::{
    bound_method, builtin_attr, callable_code, callable_name, exit_exception_type,
    finalize_call_args, finalizer_function, frame_function, frame_local, frame_locals,
    frame_referents, function, generator, library_function, traceback,
};
pub(crate) use constants::{code_constant_objects, code_constants, codes_holding, constant_value};
pub(crate) use exceptions::{
    exception_message, exception_parts, exception_repr, syntax_error_parts,
};
pub(crate) use files::text_file;

use rustpython_vm::builtins::{
    PyDict, PyInt, PyList, PyMemoryView, PyStr, PyTuple, PyType, PyWeak,
};
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, PyRef, VirtualMachine};

/// The name of `obj`'s type (a slot of the type object; no code runs).
pub(crate) fn type_name(obj: &PyObject) -> String {
    obj.class().name().to_string()
}

/// Whether the VM keeps `obj` for the whole run (interned strings, static types, small
/// ints): a flag in its header, whatever the word size makes its count.
pub(crate) fn is_immortal(obj: &PyObject) -> bool {
    obj.is_immortal()
}

/// The placeholder shown where a value could only be read by running the program's code.
pub(crate) fn placeholder(obj: &PyObject) -> String {
    format!("<{} object>", type_name(obj))
}

/// Whether `obj`'s type is exactly `ty` (not a subclass).
pub(crate) fn is_exact(obj: &PyObject, ty: &Py<PyType>) -> bool {
    obj.class().is(ty)
}

/// `module.qualname` of a type: a class statement's `__module__` from its own dict and
/// its qualified name, or a builtin type's name (its Rust fields; no code runs).
pub(crate) fn type_key(vm: &VirtualMachine, cls: &Py<PyType>) -> String {
    let text = |v: PyObjectRef| {
        v.downcast_ref::<PyStr>()
            .map(|s| s.as_wtf8().to_string_lossy().into_owned())
    };
    let module = cls.__module__(vm).ok().and_then(text).unwrap_or_default();
    let qual = text(cls.__qualname__(vm)).unwrap_or_else(|| cls.name().to_string());
    format!("{module}.{qual}")
}

/// One class statement's class above an instance's builtin base: its `__slots__` names
/// other than `__dict__` and `__weakref__` (`None`: no `__slots__`), and whether it
/// names those two. Read from the class's own dict (no descriptor, no code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClassSlots {
    pub names: Option<u64>,
    pub dict: bool,
    pub weakref: bool,
}

/// The builtin type `obj`'s class is built on (the first of its MRO the VM made, as
/// `module.qualname`), and the class statements' classes above it, base first.
pub(crate) fn class_chain(vm: &VirtualMachine, cls: &Py<PyType>) -> (String, Vec<ClassSlots>) {
    // RustPython's `mro` may start with the class itself, as `__mro__` does.
    let own = cls.mro.read().first().is_some_and(|first| first.is(cls));
    let mro: Vec<PyRef<PyType>> = match own {
        true => cls.mro.read().clone(),
        false => std::iter::once(cls.to_owned())
            .chain(cls.mro.read().iter().cloned())
            .collect(),
    };
    let heap = |t: &PyRef<PyType>| {
        t.slots
            .flags
            .has_feature(rustpython_vm::types::PyTypeFlags::HEAPTYPE)
    };
    let root = mro.iter().position(|t| !heap(t)).unwrap_or(mro.len() - 1);
    let key = type_key(vm, &mro[root]);
    let mut layers: Vec<ClassSlots> = mro[..root].iter().map(|t| own_slots(vm, t)).collect();
    layers.reverse();
    (key, layers)
}

fn own_slots(vm: &VirtualMachine, cls: &Py<PyType>) -> ClassSlots {
    let Some(slots) = cls.get_direct_attr(vm.ctx.intern_str("__slots__")) else {
        return ClassSlots {
            names: None,
            dict: false,
            weakref: false,
        };
    };
    let names: Vec<String> = match exact_str(vm, &slots) {
        Some(one) => vec![one],
        None => (exact_tuple_items(vm, &slots).or_else(|| exact_list_items(vm, &slots)))
            .unwrap_or_default()
            .iter()
            .filter_map(|n| exact_str(vm, n))
            .collect(),
    };
    let named = |w: &str| names.iter().any(|n| n == w);
    let others = names
        .iter()
        .filter(|n| *n != "__dict__" && *n != "__weakref__")
        .count();
    ClassSlots {
        names: Some(others as u64),
        dict: named("__dict__"),
        weakref: named("__weakref__"),
    }
}

/// Whether `obj`'s type was made by a `class` statement (a heap type), not the VM.
pub(crate) fn is_heap_type_instance(obj: &PyObject) -> bool {
    obj.class()
        .slots
        .flags
        .has_feature(rustpython_vm::types::PyTypeFlags::HEAPTYPE)
}

/// The text of an exact `str`.
pub(crate) fn exact_str(vm: &VirtualMachine, obj: &PyObject) -> Option<String> {
    let s = obj
        .downcast_ref::<PyStr>()
        .filter(|_| is_exact(obj, vm.ctx.types.str_type))?;
    Some(s.as_wtf8().to_string_lossy().into_owned())
}

/// The text of an exact `str`, borrowed, when it is valid UTF-8 (no lone surrogates).
pub(crate) fn exact_str_text<'a>(vm: &VirtualMachine, obj: &'a PyObject) -> Option<&'a str> {
    obj.downcast_ref::<PyStr>()
        .filter(|_| is_exact(obj, vm.ctx.types.str_type))?
        .to_str()
}

/// The hash of an exact `str` (its own, computed once and cached by the VM).
pub(crate) fn exact_str_hash(vm: &VirtualMachine, obj: &PyObject) -> Option<u64> {
    obj.downcast_ref::<PyStr>()
        .filter(|_| is_exact(obj, vm.ctx.types.str_type))?;
    obj.hash(vm).ok().map(|h| h as u64)
}

/// The text of any `str`, a subclass's included: its payload is the text, and reading it
/// runs nothing (a subclass's `__str__` is never called).
pub(crate) fn str_payload(obj: &PyObject) -> Option<String> {
    obj.downcast_ref::<PyStr>()
        .map(|s| s.as_wtf8().to_string_lossy().into_owned())
}

/// A name as the trace shows it: a dict key or a binding. Keys that are not strs are
/// shown by their type (`<K object>`): their `__str__` or `__repr__` is never called.
pub(crate) fn key_text(vm: &VirtualMachine, obj: &PyObject) -> String {
    if let Some(s) = str_payload(obj) {
        return s;
    }
    if let Some(i) = exact_int(vm, obj) {
        return i;
    }
    placeholder(obj)
}

/// The decimal text of an exact `int`.
pub(crate) fn exact_int(vm: &VirtualMachine, obj: &PyObject) -> Option<String> {
    obj.downcast_ref::<PyInt>()
        .filter(|_| is_exact(obj, vm.ctx.types.int_type))
        .map(|i| i.as_bigint().to_string())
}

/// The value of an exact, non-negative `int` that fits in a u64.
pub(crate) fn exact_u64(vm: &VirtualMachine, obj: &PyObject) -> Option<u64> {
    obj.downcast_ref::<PyInt>()
        .filter(|_| is_exact(obj, vm.ctx.types.int_type))
        .and_then(|i| i.as_bigint().try_into().ok())
}

/// The value of an exact `int` that fits in an i64.
pub(crate) fn exact_i64(vm: &VirtualMachine, obj: &PyObject) -> Option<i64> {
    obj.downcast_ref::<PyInt>()
        .filter(|_| is_exact(obj, vm.ctx.types.int_type))
        .and_then(|i| i.as_bigint().try_into().ok())
}

/// The `repr()` of an object of an exact builtin scalar type (int, float, complex, bytes,
/// range): the type's own Rust repr, which runs no program code.
pub(crate) fn builtin_repr(vm: &VirtualMachine, obj: &PyObject) -> Option<String> {
    let t = &vm.ctx.types;
    let builtin = [
        t.int_type,
        t.float_type,
        t.complex_type,
        t.bytes_type,
        t.range_type,
    ]
    .iter()
    .any(|ty| is_exact(obj, ty));
    if !builtin {
        return None;
    }
    obj.repr(vm)
        .ok()
        .map(|r| r.as_wtf8().to_string_lossy().into_owned())
}

/// The truth of a value of an exact builtin type whose truth is in its payload (None,
/// bool, int); `None` for anything whose `bool()` could run the program's code.
pub(crate) fn builtin_truth(vm: &VirtualMachine, obj: &PyObject) -> Option<bool> {
    if vm.is_none(obj) {
        return Some(false);
    }
    if is_exact(obj, vm.ctx.types.bool_type) {
        return Some(obj.is(&vm.ctx.true_value));
    }
    obj.downcast_ref::<PyInt>()
        .filter(|_| is_exact(obj, vm.ctx.types.int_type))
        .map(|i| i.as_bigint() != &0.into())
}

/// A dict's entries, read from its payload in insertion order (no key's `__hash__` or
/// `__eq__` runs). Works for dict subclasses too: their own methods are not called.
pub(crate) fn dict_entries(obj: &PyObject) -> Option<Vec<(PyObjectRef, PyObjectRef)>> {
    obj.downcast_ref::<PyDict>().map(|d| d.items_vec())
}

/// The items of an exact list, from its payload.
pub(crate) fn exact_list_items(vm: &VirtualMachine, obj: &PyObject) -> Option<Vec<PyObjectRef>> {
    let list = obj.downcast_ref::<PyList>()?;
    is_exact(obj, vm.ctx.types.list_type).then(|| list.borrow_vec().to_vec())
}

/// The items of an exact tuple, from its payload.
pub(crate) fn exact_tuple_items(vm: &VirtualMachine, obj: &PyObject) -> Option<Vec<PyObjectRef>> {
    let tuple = obj.downcast_ref::<PyTuple>()?;
    is_exact(obj, vm.ctx.types.tuple_type).then(|| tuple.as_slice().to_vec())
}

/// The length of a set, frozenset or dict (subclasses too), from its payload.
pub(crate) fn collection_len(obj: &PyObject) -> Option<u64> {
    use rustpython_vm::builtins::{PyFrozenSet, PySet};
    if let Some(s) = obj.downcast_ref::<PySet>() {
        return Some(s.elements().len() as u64);
    }
    if let Some(f) = obj.downcast_ref::<PyFrozenSet>() {
        return Some(f.elements().len() as u64);
    }
    dict_entries(obj).map(|e| e.len() as u64)
}

/// The number of items of a tuple or a tuple subclass (a struct sequence), from its
/// payload; 0 for anything else.
pub(crate) fn tuple_len(obj: &PyObject) -> u64 {
    obj.downcast_ref::<PyTuple>().map_or(0, |t| t.len() as u64)
}

/// CPython's `Py_SIZE` of a builtin object that `object.__sizeof__` sizes by it: a
/// tuple's (or struct sequence's) length, a memoryview's `3 * ndim` (its shape, strides
/// and suboffsets live in the object). A released view keeps its size in CPython but no
/// longer answers `ndim` here; it is counted as one-dimensional, as nearly every view is.
pub(crate) fn ob_size(vm: &VirtualMachine, obj: &PyObject) -> u64 {
    if obj.downcast_ref::<PyMemoryView>().is_some() {
        let ndim = obj.get_attr("ndim", vm).ok();
        let ndim = ndim
            .and_then(|n| n.try_to_value::<u64>(vm).ok())
            .unwrap_or(1);
        return 3 * ndim;
    }
    tuple_len(obj)
}

/// The length of an exact `collections.deque` or `bytearray` (the VM's own types, whose
/// length is their Rust payload's); `None` for anything else.
pub(crate) fn builtin_len(vm: &VirtualMachine, obj: &PyObject, key: &str) -> Option<u64> {
    if type_key(vm, obj.class()) != key {
        return None;
    }
    obj.length(vm).ok().map(|n| n as u64)
}

/// An instance's `__dict__`, from its object header (never through attribute lookup).
pub(crate) fn instance_dict(obj: &PyObject) -> Option<PyRef<PyDict>> {
    obj.dict()
}

/// A weak reference's referent, if alive, and its callback. The callback is readable
/// only on an exact `weakref.ref` (a subclass's `__callback__` could be a property).
pub(crate) fn weakref(
    vm: &VirtualMachine,
    obj: &PyObject,
) -> Option<(Option<PyObjectRef>, Option<PyObjectRef>)> {
    let w = obj.downcast_ref::<PyWeak>()?;
    let callback = if is_exact(obj, vm.ctx.types.weakref_type) {
        obj.get_attr("__callback__", vm)
            .ok()
            .filter(|c| !vm.is_none(c))
    } else {
        None
    };
    Some((w.upgrade(), callback))
}

/// What `obj`'s class (or a class it inherits from) has under `name` in its own dict: the
/// raw value, no descriptor called.
pub(crate) fn class_attr(
    vm: &VirtualMachine,
    obj: &PyObject,
    name: &'static str,
) -> Option<PyObjectRef> {
    obj.class().get_attr(vm.ctx.intern_str(name))
}

/// Whether `obj`'s class is one CPython 3.13 can construct through its specialised call
/// (`CALL_ALLOC_AND_ENTER_INIT`): classes of the program's own all the way to `object`,
/// none defining `__new__` or `__slots__`. Read from the types' own dicts.
pub(crate) fn is_plain_class_instance(vm: &VirtualMachine, obj: &PyObject) -> bool {
    let cls = obj.class();
    let (new, slots) = (vm.ctx.intern_str("__new__"), vm.ctx.intern_str("__slots__"));
    let mro = cls.mro_collect();
    let Some((last, own)) = mro.split_last() else {
        return false;
    };
    last.is(vm.ctx.types.object_type)
        && cls
            .slots
            .flags
            .has_feature(rustpython_vm::types::PyTypeFlags::HEAPTYPE)
        && own.iter().all(|c| {
            c.slots
                .flags
                .has_feature(rustpython_vm::types::PyTypeFlags::HEAPTYPE)
                && c.get_direct_attr(new).is_none()
                && c.get_direct_attr(slots).is_none()
        })
}
