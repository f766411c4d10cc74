//! Functions, bound methods, generators, tracebacks and frames, read through their exact
//! builtin types (a program cannot subclass any of them, so their attributes are the VM's
//! Rust getters).

use rustpython_vm::builtins::{
    PyBoundMethod, PyCode, PyFunction, PyGenerator, PyStr, PyTraceback, PyTuple,
};
use rustpython_vm::frame::{FrameObject, FrameObjectRef as FrameRef};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use super::{is_exact, key_text};
use crate::frames::is_user;

/// An attribute of an object whose exact type is the builtin `T`; `None` for anything
/// else (a subclass could define the attribute as a property) and for a `None` value.
pub(crate) fn builtin_attr<T: rustpython_vm::PyPayload>(
    vm: &VirtualMachine,
    obj: &PyObject,
    name: &'static str,
) -> Option<PyObjectRef> {
    obj.downcast_ref::<T>()?;
    if !is_exact(obj, T::class(&vm.ctx)) {
        return None;
    }
    obj.get_attr(name, vm).ok().filter(|v| !vm.is_none(v))
}

fn str_attr<T: rustpython_vm::PyPayload>(
    vm: &VirtualMachine,
    obj: &PyObject,
    name: &'static str,
) -> Option<String> {
    builtin_attr::<T>(vm, obj, name).and_then(|v| {
        v.downcast_ref::<PyStr>()
            .map(|s| s.as_wtf8().to_string_lossy().into_owned())
    })
}

pub(crate) struct FunctionParts {
    pub name: String,
    /// Closure cells: the free variable's name and the cell's contents, if set.
    pub cells: Vec<(String, Option<PyObjectRef>)>,
    pub defaults: Vec<PyObjectRef>,
}

/// A plain function's name, closure and defaults.
pub(crate) fn function(vm: &VirtualMachine, obj: &PyObject) -> Option<FunctionParts> {
    obj.downcast_ref::<PyFunction>()?;
    let name = str_attr::<PyFunction>(vm, obj, "__name__").unwrap_or_default();
    let code =
        builtin_attr::<PyFunction>(vm, obj, "__code__").and_then(|c| c.downcast::<PyCode>().ok());
    let freevars: Vec<String> = code
        .map(|c| c.freevars.iter().map(|n| n.as_str().to_owned()).collect())
        .unwrap_or_default();
    let tuple_items = |name| {
        builtin_attr::<PyFunction>(vm, obj, name)
            .and_then(|t| t.downcast::<PyTuple>().ok())
            .map(|t| t.as_slice().to_vec())
            .unwrap_or_default()
    };
    let cells = tuple_items("__closure__")
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            // A cell is the VM's own type; its contents are a Rust getter.
            let contents = cell.get_attr("cell_contents", vm).ok();
            (freevars.get(i).cloned().unwrap_or_default(), contents)
        })
        .collect();
    Some(FunctionParts {
        name,
        cells,
        defaults: tuple_items("__defaults__"),
    })
}

/// The module and qualified name of a function of the library (a Python function not
/// compiled from the learner's file, or a builtin function), read from the exact
/// builtin types' own getters; `None` for anything else.
pub(crate) fn library_function(vm: &VirtualMachine, obj: &PyObject) -> Option<(String, String)> {
    let key = |module: Option<String>, qual: Option<String>| Some((module?, qual?));
    if obj.downcast_ref::<PyFunction>().is_some() {
        let code = builtin_attr::<PyFunction>(vm, obj, "__code__")?
            .downcast::<PyCode>()
            .ok()?;
        if crate::frames::is_user(&code) {
            return None;
        }
        return key(
            str_attr::<PyFunction>(vm, obj, "__module__"),
            str_attr::<PyFunction>(vm, obj, "__qualname__"),
        );
    }
    // A builtin function: the VM's own type, whose attributes are Rust getters.
    if is_exact(obj, vm.ctx.types.builtin_function_or_method_type) {
        let text = |name: &'static str| {
            let v = obj.get_attr(name, vm).ok()?;
            v.downcast_ref::<PyStr>()
                .map(|s| s.as_wtf8().to_string_lossy().into_owned())
        };
        return key(text("__module__"), text("__qualname__"));
    }
    None
}

/// The code object a callback will run with: a plain function's, or a bound method's
/// function's. Anything else (a callable instance) has none that can be read.
pub(crate) fn callable_code(vm: &VirtualMachine, obj: &PyObject) -> Option<usize> {
    let func = match builtin_attr::<PyBoundMethod>(vm, obj, "__func__") {
        Some(f) => f,
        None => obj.to_owned(),
    };
    builtin_attr::<PyFunction>(vm, &func, "__code__").map(|c| c.get_id())
}

/// The name a function, bound method or other callable is shown by (a callable instance
/// is shown by its type).
pub(crate) fn callable_name(vm: &VirtualMachine, obj: &PyObject) -> String {
    let func = builtin_attr::<PyBoundMethod>(vm, obj, "__func__").unwrap_or_else(|| obj.to_owned());
    str_attr::<PyFunction>(vm, &func, "__name__").unwrap_or_else(|| super::placeholder(&func))
}

/// A bound method's `__self__`, `__func__` and the function's name.
pub(crate) fn bound_method(
    vm: &VirtualMachine,
    obj: &PyObject,
) -> Option<(Option<PyObjectRef>, Option<PyObjectRef>, String)> {
    obj.downcast_ref::<PyBoundMethod>()?;
    let this = builtin_attr::<PyBoundMethod>(vm, obj, "__self__");
    let func = builtin_attr::<PyBoundMethod>(vm, obj, "__func__");
    let name = func
        .as_ref()
        .and_then(|f| str_attr::<PyFunction>(vm, f, "__name__"))
        .unwrap_or_default();
    Some((this, func, name))
}

pub(crate) struct GeneratorParts {
    pub name: String,
    /// The slots of the generator's frame: CPython's `co_nlocalsplus` (locals, cells and
    /// free variables, an argument that is also a cell counted once) plus the value
    /// stack's depth, as RustPython's compiler computed it.
    pub frame_slots: u64,
    pub running: bool,
    pub suspended: bool,
    pub frame: Option<PyObjectRef>,
    pub line: Option<u32>,
}

/// A generator's name, state and frame.
pub(crate) fn generator(vm: &VirtualMachine, obj: &PyObject) -> Option<GeneratorParts> {
    obj.downcast_ref::<PyGenerator>()?;
    let flag =
        |name| builtin_attr::<PyGenerator>(vm, obj, name).is_some_and(|v| v.is(&vm.ctx.true_value));
    let frame_slots = builtin_attr::<PyGenerator>(vm, obj, "gi_code")
        .and_then(|c| c.downcast::<PyCode>().ok())
        .map(|c| frame_slots(&c))
        .unwrap_or(0);
    let frame = builtin_attr::<PyGenerator>(vm, obj, "gi_frame");
    let line = frame
        .as_ref()
        .and_then(|f| f.downcast_ref::<FrameObject>())
        .map(|f| f.lineno().max(0) as u32);
    Some(GeneratorParts {
        name: str_attr::<PyGenerator>(vm, obj, "__name__").unwrap_or_default(),
        frame_slots,
        running: flag("gi_running"),
        suspended: flag("gi_suspended"),
        frame,
        line,
    })
}

pub(crate) struct TracebackParts {
    pub function: String,
    pub line: u32,
    /// Whether the frame is the learner's.
    pub user: bool,
    pub frame: PyObjectRef,
    pub next: Option<PyObjectRef>,
}

/// One traceback entry: its frame's function and line, and the next entry.
pub(crate) fn traceback(obj: &PyObject) -> Option<TracebackParts> {
    let tb = obj.downcast_ref::<PyTraceback>()?;
    let code = tb.frame.f_code();
    Some(TracebackParts {
        function: code.obj_name.as_str().to_owned(),
        line: tb.lineno.get() as u32,
        user: is_user(&code),
        frame: tb.frame.clone().into(),
        next: tb.next.lock().clone().map(Into::into),
    })
}

/// A frame object's function name, and whether it runs the learner's code.
pub(crate) fn frame_function(frame: &PyObject) -> Option<(String, bool)> {
    let f = frame.downcast_ref::<FrameObject>()?;
    let code = f.f_code();
    Some((code.obj_name.as_str().to_owned(), is_user(&code)))
}

/// A frame's local bindings in `co_varnames` order (arguments first, then by first
/// appearance): read from the frame's own namespace, never through `__getitem__` (a class
/// body's namespace can be a program's mapping). Keys that are not strs are placeholders.
pub(crate) fn frame_locals(vm: &VirtualMachine, frame: &PyObject) -> Vec<(String, PyObjectRef)> {
    let Some(f) = frame.downcast_ref::<FrameObject>() else {
        return Vec::new();
    };
    let Ok(locals) = f.locals(vm) else {
        return Vec::new();
    };
    super::dict_entries(locals.obj())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (key_text(vm, &k), v))
        .collect()
}

/// What a running frame references directly, as the collector's traverse visits it: its
/// code and namespaces, its fast locals (an inlined comprehension's loop variable, hidden
/// at module level) and its value stack (the list a comprehension is building). Read
/// from the frame's payload; nothing of the program's is called.
pub(crate) fn frame_referents(frame: &PyObject) -> Vec<PyObjectRef> {
    match frame.downcast_ref::<FrameObject>() {
        Some(_) => frame.gc_get_referents(),
        None => Vec::new(),
    }
}

/// When `frame` runs a `weakref.finalize` callback, what the finalizer still holds for
/// the call: the items of its `info.args` and the values of `info.kwargs`, read in the
/// library's `finalize.__call__` frame (`info.func(*info.args, **info.kwargs)`). `_Info`
/// is the library's own `__slots__` class, so its members are read by their getters.
pub(crate) fn finalize_call_args(vm: &VirtualMachine, frame: &FrameRef) -> Vec<PyObjectRef> {
    let Some(caller) = frame.f_back(vm) else {
        return Vec::new();
    };
    let code = caller.f_code();
    if is_user(&code) || code.qualname.as_str() != "finalize.__call__" {
        return Vec::new();
    }
    let Some(info) = frame_locals(vm, caller.as_object())
        .into_iter()
        .find(|(n, _)| n == "info")
        .map(|(_, v)| v)
    else {
        return Vec::new();
    };
    let member = |name: &str| info.get_attr(vm.ctx.intern_str(name), vm).ok();
    let mut out: Vec<PyObjectRef> = member("args")
        .and_then(|a| a.downcast::<PyTuple>().ok())
        .map(|t| t.as_slice().to_vec())
        .unwrap_or_default();
    if let Some(kwargs) = member("kwargs") {
        out.extend(
            super::dict_entries(&kwargs)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, v)| v),
        );
    }
    out
}

/// The value of a frame's `index`th variable (0 is the first argument: `self`).
pub(crate) fn frame_local(
    vm: &VirtualMachine,
    frame: &PyObject,
    index: usize,
) -> Option<PyObjectRef> {
    let f = frame.downcast_ref::<FrameObject>()?;
    let code = f.f_code();
    let name = code.varnames.get(index)?.as_str();
    frame_locals(vm, frame)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// The function a live `weakref.finalize` object will call, or `None` once it is dead
/// (already called, detached, or its object gone). Read from the class's registry, a dict
/// keyed by the finalizer itself (compared by identity here, never by `__eq__`), whose
/// `_Info` values keep the function in a `__slots__` member (a Rust getter).
pub(crate) fn finalizer_function(vm: &VirtualMachine, this: &PyObject) -> Option<PyObjectRef> {
    let registry = super::class_attr(vm, this, "_registry")?;
    let info = super::dict_entries(&registry)?
        .into_iter()
        .find(|(k, _)| k.is(this))
        .map(|(_, v)| v)?;
    info.get_attr("func", vm).ok()
}

/// The exception type an `__exit__` frame was given: its second argument, or the first
/// item of its `*args` (`def __exit__(self, *info)`); `None` on a normal exit.
pub(crate) fn exit_exception_type(vm: &VirtualMachine, frame: &PyObject) -> Option<PyObjectRef> {
    let arg = frame_local(vm, frame, 1)?;
    let t = match arg.downcast_ref::<PyTuple>() {
        Some(args) => args.as_slice().first()?.clone(),
        None => arg,
    };
    (!vm.is_none(&t)).then_some(t)
}

/// The slots `gen_sizeof` counts for a generator of this code: `co_nlocalsplus` plus
/// `co_stacksize`. An argument captured by an inner function is one slot in CPython 3.13
/// (its cell replaces it), though it is both a varname and a cellvar.
fn frame_slots(code: &PyCode) -> u64 {
    let shared = code
        .cellvars
        .iter()
        .filter(|c| code.varnames.iter().any(|v| v.as_str() == c.as_str()))
        .count();
    let locals = code.varnames.len() + code.cellvars.len() - shared + code.freevars.len();
    (locals as u64) + u64::from(code.max_stackdepth)
}
