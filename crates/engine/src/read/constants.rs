//! The program's constants as the interpreter holds them: the objects RustPython's code
//! objects keep (`co_consts`, through constant tuples and frozensets), and the value of
//! an object as CPython's compiler tells constants apart (`refscope_source::Const`), so
//! it can be matched with what CPython 3.13's constant tables hold.

use std::borrow::Borrow;
use std::collections::BTreeSet;

use refscope_source::Const;
use rustc_hash::{FxHashMap, FxHashSet};
use rustpython_vm::builtins::{
    PyBytes, PyCode, PyComplex, PyFloat, PyFrozenSet, PyInt, PyStr, PyTuple,
};
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use super::is_exact;

/// The references RustPython's constant tables hold, by object address: one per code
/// object that loads it, and one per distinct constant tuple or frozenset holding it.
/// Read once from the module's code object, which holds every other as a constant.
pub(crate) fn code_constants(code: &PyCode) -> FxHashMap<usize, u32> {
    let mut refs = FxHashMap::default();
    let mut containers = FxHashSet::default();
    add_code(code, &mut refs, &mut containers);
    refs
}

fn add_code(code: &PyCode, refs: &mut FxHashMap<usize, u32>, seen: &mut FxHashSet<usize>) {
    for c in code.code.constants.iter() {
        let obj: &PyObject = c.borrow();
        if let Some(inner) = obj.downcast_ref::<PyCode>() {
            add_code(inner, refs, seen);
            continue;
        }
        add(obj, refs, seen);
    }
}

fn add(obj: &PyObject, refs: &mut FxHashMap<usize, u32>, seen: &mut FxHashSet<usize>) {
    *refs.entry(obj.get_id()).or_default() += 1;
    if !seen.insert(obj.get_id()) {
        return;
    }
    if let Some(t) = obj.downcast_ref::<PyTuple>() {
        t.as_slice().iter().for_each(|i| add(i, refs, seen));
    } else if let Some(f) = obj.downcast_ref::<PyFrozenSet>() {
        f.elements().iter().for_each(|i| add(i, refs, seen));
    }
}

/// Every distinct object RustPython's constant tables hold (constant tuples' and
/// frozensets' items too, not code objects), in the order the module's code meets them.
pub(crate) fn code_constant_objects(code: &PyCode) -> Vec<rustpython_vm::PyObjectRef> {
    let mut out = Vec::new();
    let mut seen = FxHashSet::default();
    objects_of(code, &mut out, &mut seen);
    out
}

fn objects_of(
    code: &PyCode,
    out: &mut Vec<rustpython_vm::PyObjectRef>,
    seen: &mut FxHashSet<usize>,
) {
    for c in code.code.constants.iter() {
        let obj: &PyObject = c.borrow();
        match obj.downcast_ref::<PyCode>() {
            Some(inner) => objects_of(inner, out, seen),
            None => object_and_items(obj, out, seen),
        }
    }
}

fn object_and_items(
    obj: &PyObject,
    out: &mut Vec<rustpython_vm::PyObjectRef>,
    seen: &mut FxHashSet<usize>,
) {
    if !seen.insert(obj.get_id()) {
        return;
    }
    out.push(obj.to_owned());
    if let Some(t) = obj.downcast_ref::<PyTuple>() {
        t.as_slice()
            .iter()
            .for_each(|i| object_and_items(i, out, seen));
    } else if let Some(f) = obj.downcast_ref::<PyFrozenSet>() {
        f.elements()
            .iter()
            .for_each(|i| object_and_items(i, out, seen));
    }
}

/// The code objects (the module's, and each one nested in it) whose own constant table
/// holds a constant equal to `value`. CPython 3.13 makes one `co_consts` tuple per code
/// object, a referrer of each of its constants while the collector tracks it.
pub(crate) fn codes_holding(
    vm: &VirtualMachine,
    code: &rustpython_vm::Py<PyCode>,
    value: &Const,
) -> Vec<rustpython_vm::PyObjectRef> {
    let mut out = Vec::new();
    codes_into(vm, code, value, &mut out);
    out
}

fn codes_into(
    vm: &VirtualMachine,
    code: &rustpython_vm::Py<PyCode>,
    value: &Const,
    out: &mut Vec<rustpython_vm::PyObjectRef>,
) {
    let mut holds = false;
    for c in code.code.constants.iter() {
        let obj: &PyObject = c.borrow();
        match obj.downcast_ref::<PyCode>() {
            Some(inner) => codes_into(vm, inner, value, out),
            None => holds |= constant_value(vm, obj).as_ref() == Some(value),
        }
    }
    if holds {
        out.push(code.to_owned().into());
    }
}

/// The most items a tuple may have to be read as a constant (CPython folds none longer).
const MAX_ITEMS: usize = 256;

/// `obj`'s value as a constant, for an object of an exact builtin type a literal can
/// make (int, float, complex, str, bytes, bool, None, and tuples and frozensets of
/// them); `None` for anything else. Payloads only: no code runs.
pub(crate) fn constant_value(vm: &VirtualMachine, obj: &PyObject) -> Option<Const> {
    let t = &vm.ctx.types;
    if vm.is_none(obj) {
        return Some(Const::None);
    }
    if is_exact(obj, t.bool_type) {
        return Some(Const::Bool(obj.is(&vm.ctx.true_value)));
    }
    if let Some(i) = obj
        .downcast_ref::<PyInt>()
        .filter(|_| is_exact(obj, t.int_type))
    {
        return i128::try_from(i.as_bigint()).ok().map(Const::Int);
    }
    if let Some(f) = obj
        .downcast_ref::<PyFloat>()
        .filter(|_| is_exact(obj, t.float_type))
    {
        return Some(Const::Float(f.to_f64().to_bits()));
    }
    if let Some(c) = (obj.downcast_ref::<PyComplex>()).filter(|_| is_exact(obj, t.complex_type)) {
        let v = c.to_complex();
        return Some(Const::Complex(v.re.to_bits(), v.im.to_bits()));
    }
    if let Some(s) = obj
        .downcast_ref::<PyStr>()
        .filter(|_| is_exact(obj, t.str_type))
    {
        return s.to_str().map(|s| Const::Str(s.to_owned()));
    }
    if let Some(b) = obj
        .downcast_ref::<PyBytes>()
        .filter(|_| is_exact(obj, t.bytes_type))
    {
        return Some(Const::Bytes(b.as_bytes().to_vec()));
    }
    if let Some(tu) = obj
        .downcast_ref::<PyTuple>()
        .filter(|_| is_exact(obj, t.tuple_type))
    {
        let items = tu.as_slice();
        if items.len() > MAX_ITEMS {
            return None;
        }
        let items: Option<Vec<Const>> = items.iter().map(|i| constant_value(vm, i)).collect();
        return items.map(Const::Tuple);
    }
    if let Some(f) = (obj.downcast_ref::<PyFrozenSet>()).filter(|_| is_exact(obj, t.frozenset_type))
    {
        let items = f.elements();
        if items.len() > MAX_ITEMS {
            return None;
        }
        let items: Option<BTreeSet<Const>> = items.iter().map(|i| constant_value(vm, i)).collect();
        return items.map(Const::FrozenSet);
    }
    None
}
