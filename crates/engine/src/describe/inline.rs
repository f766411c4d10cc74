//! Values drawn inline rather than as heap boxes (immortal singletons, small ints,
//! classes, modules, builtins), and the one-word forms container summaries quote.

use rustpython_vm::builtins::{PyInt, PyModule, PyStr, PyTuple, PyType};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use crate::read;
use crate::text::{short, str_repr};

/// An object shown inline rather than as a heap box, before its repr is written out.
enum Inline {
    /// A fixed repr (`None`, `True`, `()`, …).
    Fixed(&'static str),
    Int(i64),
    /// A one-character Latin-1 string.
    Char(char),
    Class,
    Module,
    Builtin,
}

/// Whether `obj` is immortal or type-like, and so drawn inline. Allocates nothing: the
/// heap walk asks this of every value it meets.
fn inline_form(vm: &VirtualMachine, obj: &PyObject) -> Option<Inline> {
    let t = obj.class();
    if vm.is_none(obj) {
        return Some(Inline::Fixed("None"));
    }
    if t.is(vm.ctx.types.bool_type) {
        let v = obj.is(&vm.ctx.true_value);
        return Some(Inline::Fixed(if v { "True" } else { "False" }));
    }
    if t.is(vm.ctx.types.int_type) {
        let i = obj.downcast_ref::<PyInt>()?;
        // CPython's small-int cache: -5..=256 are shared and immortal (PEP 683).
        let v: Option<i64> = i.as_bigint().try_into().ok();
        return v.filter(|v| (-5..=256).contains(v)).map(Inline::Int);
    }
    if t.is(vm.ctx.types.str_type) {
        let s = obj.downcast_ref::<PyStr>()?;
        // The empty string and one-character Latin-1 strings are immortal singletons.
        return match s.char_len() {
            0 => Some(Inline::Fixed("''")),
            1 => s
                .as_wtf8()
                .code_points()
                .next()
                .and_then(|c| c.to_char())
                .filter(|c| (*c as u32) < 256)
                .map(Inline::Char),
            _ => None,
        };
    }
    if t.is(vm.ctx.types.tuple_type) && obj.downcast_ref::<PyTuple>()?.is_empty() {
        return Some(Inline::Fixed("()"));
    }
    if obj.downcast_ref::<PyType>().is_some() {
        return Some(Inline::Class);
    }
    if obj.downcast_ref::<PyModule>().is_some() {
        return Some(Inline::Module);
    }
    if t.is(vm.ctx.types.builtin_function_or_method_type) {
        return Some(Inline::Builtin);
    }
    if obj.is(&vm.ctx.ellipsis) {
        return Some(Inline::Fixed("Ellipsis"));
    }
    if obj.is(&vm.ctx.not_implemented) {
        return Some(Inline::Fixed("NotImplemented"));
    }
    None
}

/// Whether [`inline_repr`] would draw `obj` inline.
pub(crate) fn is_inline(vm: &VirtualMachine, obj: &PyObject) -> bool {
    inline_form(vm, obj).is_some()
}

/// The repr and type name of an immortal or type-like object that is shown inline, not as
/// a heap box.
pub(crate) fn inline_repr(vm: &VirtualMachine, obj: &PyObject) -> Option<(String, String)> {
    let form = inline_form(vm, obj)?;
    let type_name = || obj.class().name().to_string();
    Some(match form {
        Inline::Fixed("None") => ("None".into(), "NoneType".into()),
        Inline::Fixed(repr) => (repr.into(), type_name()),
        Inline::Int(v) => (v.to_string(), type_name()),
        Inline::Char(c) => (str_repr(c.encode_utf8(&mut [0; 4])), type_name()),
        Inline::Class => {
            let ty = obj.downcast_ref::<PyType>()?;
            (format!("<class '{}'>", ty.name()), "type".into())
        }
        Inline::Module => {
            let m = obj.downcast_ref::<PyModule>()?;
            let name = m.name.map(|n| n.as_str().to_owned()).unwrap_or_default();
            (format!("<module '{name}'>"), "module".into())
        }
        Inline::Builtin => {
            let name = type_name();
            (format!("<built-in {name}>"), name)
        }
    })
}

/// A one-word description used inside container summaries.
pub(super) fn brief(vm: &VirtualMachine, obj: &PyObject) -> String {
    if let Some((repr, _)) = inline_repr(vm, obj) {
        return repr;
    }
    let t = obj.class();
    if t.is(vm.ctx.types.str_type) {
        if let Some(s) = obj.downcast_ref::<PyStr>() {
            return short(&str_repr(&s.as_wtf8().to_string_lossy()), 24);
        }
    }
    if t.is(vm.ctx.types.int_type) || t.is(vm.ctx.types.float_type) {
        if let Some(r) = read::builtin_repr(vm, obj) {
            return short(&r, 24);
        }
    }
    format!("<{}>", t.name())
}

pub(super) fn join_brief<'a>(
    vm: &VirtualMachine,
    items: impl Iterator<Item = &'a PyObjectRef>,
) -> String {
    let mut out = String::new();
    for (i, it) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if out.len() > 60 {
            out.push('…');
            break;
        }
        out.push_str(&brief(vm, it));
    }
    out
}
