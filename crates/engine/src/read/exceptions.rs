//! Exceptions: type, message and traceback read from the exception's payload. CPython's
//! `str(exc)` is reproduced only where the type's `__str__` is the VM's own and every
//! argument is a builtin scalar; a program-defined `__str__` is never called.

use rustpython_vm::builtins::{PyBaseException, PyFunction};
use rustpython_vm::{PyObject, PyObjectRef, VirtualMachine};

use super::{is_exact, placeholder};

/// Whether `obj` is of an exact builtin scalar type whose `str()` and `repr()` are the
/// VM's own code.
fn is_plain_scalar(vm: &VirtualMachine, obj: &PyObject) -> bool {
    let t = &vm.ctx.types;
    vm.is_none(obj)
        || [
            t.str_type,
            t.int_type,
            t.float_type,
            t.bool_type,
            t.bytes_type,
            t.complex_type,
        ]
        .iter()
        .any(|ty| is_exact(obj, ty))
}

/// Whether the exception's class (or a class it inherits from) defines `__str__` in
/// Python: looked up in the types' own dicts, never called.
fn has_python_str(vm: &VirtualMachine, obj: &PyObject) -> bool {
    let name = vm.ctx.intern_str("__str__");
    obj.class()
        .get_attr(name)
        .is_some_and(|f| f.downcast_ref::<PyFunction>().is_some())
}

/// The exception's message as `str(exc)` gives it in CPython, when that runs no program
/// code; otherwise a placeholder naming the type (`<E object>`). Not an exception: "".
pub(crate) fn exception_message(vm: &VirtualMachine, obj: &PyObject) -> String {
    let Some(exc) = obj.downcast_ref::<PyBaseException>() else {
        return String::new();
    };
    if has_python_str(vm, obj) {
        return placeholder(obj);
    }
    let args = exc.args();
    if !args.as_slice().iter().all(|a| is_plain_scalar(vm, a)) {
        return placeholder(obj);
    }
    // The VM's own `__str__` over builtin scalars (KeyError's repr of its key, OSError's
    // "[Errno 2] ...", a tuple of several arguments): Rust code only.
    obj.str(vm)
        .map(|s| s.as_wtf8().to_string_lossy().into_owned())
        .unwrap_or_else(|_| placeholder(obj))
}

/// `repr(exc)` as CPython's `BaseException.__repr__` writes it: `KeyError('k')`,
/// `ValueError(1, 2)`, `E()`. Only where the class defines no `__repr__` in Python and
/// every argument is a builtin scalar (whose repr is the VM's own code); otherwise the
/// placeholder. Not an exception: "".
pub(crate) fn exception_repr(vm: &VirtualMachine, obj: &PyObject) -> String {
    let Some(exc) = obj.downcast_ref::<PyBaseException>() else {
        return String::new();
    };
    let own_repr = obj
        .class()
        .get_attr(vm.ctx.intern_str("__repr__"))
        .is_some_and(|f| f.downcast_ref::<PyFunction>().is_some());
    let args = exc.args();
    if own_repr || !args.as_slice().iter().all(|a| is_plain_scalar(vm, a)) {
        return placeholder(obj);
    }
    let reprs: Vec<String> = args
        .as_slice()
        .iter()
        .map(|a| {
            a.repr(vm)
                .map(|r| r.as_wtf8().to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    format!("{}({})", obj.class().name(), reprs.join(", "))
}

/// An exception's traceback and `__dict__` (attributes set on it by the program).
pub(crate) struct ExceptionParts {
    pub traceback: Option<PyObjectRef>,
    /// Its `args` tuple's items.
    pub args: Vec<PyObjectRef>,
}

pub(crate) fn exception_parts(obj: &PyObject) -> Option<ExceptionParts> {
    let exc = obj.downcast_ref::<PyBaseException>()?;
    Some(ExceptionParts {
        traceback: exc.__traceback__().map(Into::into),
        args: exc.args().as_slice().to_vec(),
    })
}

/// Line, column, message and type of a syntax error the compiler raised (an exception
/// the VM made, of its own exact type).
pub(crate) fn syntax_error_parts(vm: &VirtualMachine, obj: &PyObject) -> (u32, u32, String) {
    let int_attr = |name: &'static str| {
        obj.get_attr(name, vm)
            .ok()
            .and_then(|v| super::exact_i64(vm, &v))
            .unwrap_or(0)
            .max(0) as u32
    };
    let message = obj
        .get_attr("msg", vm)
        .ok()
        .and_then(|m| super::exact_str(vm, &m))
        .unwrap_or_default();
    (int_attr("lineno"), int_attr("offset"), message)
}
