//! References the interpreter itself holds while it runs a protocol method, where
//! RustPython's number differs from CPython 3.13's. The heap takes the difference off
//! (or adds it to) the object's count, so the badge shows CPython's.
//!
//! Measured in both (RustPython 0.6.0's sources, CPython 3.13's recordings):
//! - `__enter__` called by a `with` statement: CPython holds the manager three times
//!   (the frame's `self`, the `with` statement's saved manager and its bound `__exit__`),
//!   RustPython twice: one more.
//! - `__exit__` called by a `with` statement: on the normal path CPython holds the
//!   manager once more than RustPython (the statement's saved manager); on the
//!   exceptional path the same number, and the exception (`__exit__`'s third argument)
//!   once fewer.
//! - `__del__` when a refcount reaches zero: CPython holds the dying object twice (the
//!   temporary resurrection and `self`), RustPython three times: one fewer. Run by the
//!   collector, CPython's collector holds it once more: the same as RustPython.
//! - `__init__` run by a class call (`Point(x, y)`), the first time that call runs:
//!   CPython holds each argument twice more than RustPython, on the caller's value stack
//!   and in the argument tuple `type.__call__` builds. From the second time on, CPython
//!   3.13 has specialised the call (`CALL_ALLOC_AND_ENTER_INIT`, for a plain class whose
//!   `__init__` takes exactly the arguments given) and holds them no more than RustPython.
//!   A call with keyword arguments (`CALL_KW`, never specialised in 3.13) also copies the
//!   arguments once more for the call: `self` once more, each argument three times.
//! - a `@contextmanager` generator handling the exception its `__exit__` threw in:
//!   RustPython holds the exception once more (measured at `except KeyError as err`).
//! - a `weakref.finalize` callback: the finalizer's `info.args` (and `info.kwargs`) hold
//!   each argument once more in both, but a string RustPython keeps immortal counts none.
//! - `__init__` or any other method run by `super().name(...)`: RustPython holds `self`
//!   once more (the `super` object; CPython 3.13 makes none).
//! - any call a `CALL` instruction makes of a Python function or a bound method:
//!   RustPython holds the callable until the call returns, where CPython 3.13 hands the
//!   function to the new frame and drops the bound method before the call; and a
//!   `functools.partial` call: RustPython's partial holds its function once more; and,
//!   with a tracer installed, any other callable a call is running (for its `c_call`
//!   events).
//!   RustPython's patched VM lists these holds (`refscope_holds`, patches/PATCHES.md).

use std::collections::BTreeMap;

use rustpython_vm::bytecode::CodeFlags;
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, VirtualMachine};

use crate::frames::is_user;
use crate::heap::HeldByVm;
use crate::read;
use refscope_source::source_map::{ReprPath, SourceMap, StmtKind};

/// The adjustments for the learner's frames on the stack (outermost first). Only the
/// learner's own protocol methods are counted: a library's runs on objects the
/// diagram does not draw.
pub(crate) fn held_by_vm(
    vm: &VirtualMachine,
    stack: &[FrameRef],
    source_map: &SourceMap,
    sites: &InitSites,
    collecting: bool,
) -> HeldByVm {
    let mut held = HeldByVm::default();
    use rustpython_vm::refscope_holds::{held as call_holds, HoldKind};
    for (addr, kind) in call_holds() {
        let extra = match kind {
            // A class, a builtin or a partial called from the stack: CPython keeps it there.
            HoldKind::CallOther => 0,
            // A partial's argument CPython holds and RustPython does not.
            HoldKind::CpythonPartialArg => -1,
            _ => 1,
        };
        *held.delta.entry(addr).or_insert(0) += extra;
    }
    // A finalizer's arguments: RustPython keeps these strings immortal, and CPython
    // counts the hold of the finalizer's `info.args`.
    for arg in stack.iter().flat_map(|f| read::finalize_call_args(vm, f)) {
        if read::exact_str_text(vm, &arg).is_some() && read::is_immortal(&arg) {
            *held.delta.entry(arg.get_id()).or_insert(0) -= 1;
        }
    }
    let mut change = |f: &FrameRef, local: usize, extra: isize, estimate: bool| {
        if let Some(obj) = read::frame_local(vm, f.as_object(), local) {
            if !vm.is_none(&obj) {
                *held.delta.entry(obj.get_id()).or_insert(0) += extra;
                if estimate {
                    held.approximate.insert(obj.get_id());
                }
            }
        }
    };
    // A library's context manager (an `ExitStack`, a `@contextmanager`'s) entered and
    // left by the learner's `with`: the statement holds it as it holds the learner's own.
    for f in library_frames(vm, stack) {
        let exit_args = f.f_code().arg_count;
        match f.f_code().obj_name.as_str() {
            "__enter__" if called_by_with(f.f_back(vm).as_ref(), source_map) => {
                change(&f, 0, -1, false)
            }
            "__exit__" if f.f_back(vm).is_some_and(|c| is_user(&c.f_code())) => {
                match read::exit_exception_type(vm, f.as_object()).is_some() {
                    true if exit_args >= 3 => change(&f, 2, 1, false),
                    true => {}
                    false => change(&f, 0, -1, false),
                }
            }
            _ => {}
        }
    }
    let mut containers = Vec::new();
    for f in stack {
        // `@contextmanager`'s `__exit__` throws the block's exception (its `value`) into
        // the generator: RustPython holds it once more than CPython while it is handled.
        let thrower = "_GeneratorContextManager.__exit__";
        if let Some(c) = f
            .f_back(vm)
            .filter(|c| c.f_code().qualname.as_str() == thrower)
        {
            change(&c, 2, 1, false);
        }
        match f.f_code().obj_name.as_str() {
            "__enter__" if called_by_with(f.f_back(vm).as_ref(), source_map) => {
                change(f, 0, -1, false)
            }
            // The `with` statement calls `__exit__` from the learner's frame; RustPython
            // reports that frame at the last line of the block, not at the `with` line.
            "__exit__" if f.f_back(vm).is_some_and(|c| is_user(&c.f_code())) => {
                match read::exit_exception_type(vm, f.as_object()).is_some() {
                    true => change(f, 2, 1, false),
                    false => change(f, 0, -1, false),
                }
            }
            // A method other than `__init__` called as `super().name(...)`: RustPython's
            // `super` object holds `self` while it runs, CPython 3.13's `LOAD_SUPER_ATTR`
            // makes none.
            name if name != "__init__" && called_through_super(vm, f, source_map) => {
                change(f, 0, 1, false)
            }
            // Run by the collector, the heap already counts the collector's list of
            // garbage (`Heap::states`), which holds `self` once more than CPython's.
            "__del__" => change(f, 0, if collecting { -1 } else { 1 }, false),
            "__init__" => {
                let (self_extra, arg_extra) = sites.held(f);
                if self_extra != 0 {
                    change(f, 0, self_extra, false);
                }
                if arg_extra != 0 {
                    let code = f.f_code();
                    let args = (code.arg_count + code.kwonlyarg_count) as usize;
                    (1..args).for_each(|i| change(f, i, arg_extra, false));
                }
            }
            // Called from inside `print`, `str`, an f-string or a container's repr:
            // RustPython holds `self` up to three more times than CPython, depending on
            // the path (measured: `repr(x)` and `f"{x!r}"` 0, `str([x])` 1, `print(x)` 2,
            // `f"{x}"` 3). The trace sees only the calling line, so the difference is the
            // one of the most direct path that line has, unless the calling frame does
            // not hold `self` on its value stack (`print(items)`: a container's repr),
            // and the count is shown approximate.
            "__repr__" | "__str__" | "__format__" => {
                if let Some(caller) = f.f_back(vm).filter(|c| is_user(&c.f_code())) {
                    let line = caller.lineno().max(0) as u32;
                    containers.extend(handed_container(vm, &caller, source_map, line));
                    // A container's repr running (in the repr guard) reaches `self` through
                    // it, whatever else the line hands over.
                    let through_container = !vm.repr_guards.borrow().is_empty();
                    let path = match source_map.repr_path(line) {
                        _ if through_container => ReprPath::Other,
                        // `print(items)`, `f"{items}"` and `repr(items)` reach `self`
                        // through a container.
                        ReprPath::Print | ReprPath::Format | ReprPath::Repr
                            if !hands_self(vm, f, &caller, source_map.repr_operands(line)) =>
                        {
                            ReprPath::Other
                        }
                        path => path,
                    };
                    let extra = match path {
                        ReprPath::Repr => 0,
                        ReprPath::Other => 1,
                        ReprPath::Print => 2,
                        ReprPath::Format => 3,
                    };
                    change(f, 0, extra, !through_container);
                }
            }
            _ => {}
        }
    }
    for (addr, extra) in containers {
        *held.delta.entry(addr).or_insert(0) += extra;
    }
    held
}

/// Whether the learner's method `f` was called as `super().name(...)` on the caller's
/// own `self`.
fn called_through_super(vm: &VirtualMachine, f: &FrameRef, source_map: &SourceMap) -> bool {
    if !source_map.has_super_calls() {
        return false;
    }
    let Some(caller) = f.f_back(vm).filter(|c| is_user(&c.f_code())) else {
        return false;
    };
    let line = caller.lineno().max(0) as u32;
    if !source_map.calls_super(line, f.f_code().obj_name.as_str()) {
        return false;
    }
    let this = read::frame_local(vm, f.as_object(), 0);
    let callers = read::frame_local(vm, caller.as_object(), 0);
    matches!((&this, &callers), (Some(a), Some(b)) if a.is(b))
}

/// The container the calling line hands to `print`, `str`, `repr` or a format field
/// while its repr runs (it is in the interpreter's repr guard, `Py_ReprEnter`'s list in
/// CPython), with what RustPython holds of it beyond CPython. Measured on both, for a
/// container the line names (`tests/corpus/23_del_and_repr.py`): CPython holds it twice
/// more for `repr(x)`, `f"{x!r}"`, `str(x)` and `"%s" % (x,)`, three times for `print(x)`,
/// `f"{x}"` and `format(x)` (the stack, the guard, the call); RustPython once more for
/// the first two, four times for `print`, `str` and `%`, five for formatting. A container
/// nested in it is held by the guard alone in both.
fn handed_container(
    vm: &VirtualMachine,
    caller: &FrameRef,
    source_map: &SourceMap,
    line: u32,
) -> Vec<(usize, isize)> {
    let guards = vm.repr_guards.borrow();
    let Some(names) = source_map
        .repr_operands(line)
        .filter(|_| !guards.is_empty())
    else {
        return Vec::new();
    };
    let extra = match source_map.repr_path(line) {
        ReprPath::Repr => -1,
        ReprPath::Print => 1,
        ReprPath::Other | ReprPath::Format => 2,
    };
    // A name the caller has no local of is a global (a lambda printing a global list).
    let locals = read::frame_locals(vm, caller.as_object());
    let globals = (read::dict_entries(caller.f_globals().as_object()).unwrap_or_default())
        .into_iter()
        .filter_map(|(k, v)| Some((read::exact_str(vm, &k)?, v)))
        .filter(|(n, _)| !locals.iter().any(|(l, _)| l == n));
    let mut out: Vec<(usize, isize)> = (locals.clone().into_iter().chain(globals))
        .filter(|(n, v)| names.contains(n) && guards.contains(&v.get_id()))
        .map(|(_, v)| (v.get_id(), extra))
        .collect();
    out.dedup();
    out
}

/// The library's frames between the learner's (`stack`, outermost first), innermost first.
fn library_frames(vm: &VirtualMachine, stack: &[FrameRef]) -> Vec<FrameRef> {
    let mut out = Vec::new();
    let mut cur = stack.last().and_then(|f| f.f_back(vm));
    while let Some(f) = cur {
        if !is_user(&f.f_code()) {
            out.push(f.clone());
        }
        cur = f.f_back(vm);
    }
    out
}

/// Whether the calling line hands the `__repr__` frame's `self` straight to `print` or a
/// format field: one of the line's operand names is bound to it in the caller (true when
/// the operands are not all plain names, the most direct path being the guess).
fn hands_self(
    vm: &VirtualMachine,
    f: &FrameRef,
    caller: &FrameRef,
    names: Option<&[String]>,
) -> bool {
    let (Some(names), Some(this)) = (names, read::frame_local(vm, f.as_object(), 0)) else {
        return true;
    };
    read::frame_locals(vm, caller.as_object())
        .into_iter()
        .any(|(n, v)| v.is(&this) && names.contains(&n))
}

/// Whether the caller is the learner's code running a `with` statement's header.
fn called_by_with(caller: Option<&FrameRef>, source_map: &SourceMap) -> bool {
    caller.is_some_and(|c| {
        is_user(&c.f_code())
            && source_map.stmt_kind(c.lineno().max(0) as u32) == Some(StmtKind::With)
    })
}

/// Who runs an `__init__` frame.
enum InitCaller {
    /// A class call in the learner's code (`type.__call__`), from this frame.
    Class(FrameRef),
    /// The `__init__` of a subclass, on the same object, through `super()`.
    Super,
    /// Anything else: an explicit `Base.__init__(self)`, a library.
    Other,
}

fn init_caller(vm: &VirtualMachine, f: &FrameRef) -> InitCaller {
    let Some(caller) = f.f_back(vm).filter(|c| is_user(&c.f_code())) else {
        return InitCaller::Other;
    };
    let this = read::frame_local(vm, f.as_object(), 0);
    let callers = read::frame_local(vm, caller.as_object(), 0);
    let same_self = caller.f_code().obj_name.as_str() == "__init__"
        && matches!((&this, &callers), (Some(a), Some(b)) if a.is(b));
    if !same_self {
        return InitCaller::Class(caller);
    }
    // `super()` needs the `__class__` cell; an explicit `Base.__init__(self)` does not.
    match caller
        .f_code()
        .freevars
        .iter()
        .any(|n| n.as_str() == "__class__")
    {
        true => InitCaller::Super,
        false => InitCaller::Other,
    }
}

/// The `__init__` calls: how each call site ran before (CPython specialises a call site
/// once it has run) and what each running `__init__` frame's interpreter holds, decided
/// once at its `call` event.
#[derive(Default)]
pub(crate) struct InitSites {
    /// Each call site (the calling code object and instruction): its runs so far, and
    /// whether CPython specialises it, decided at its second run (a site calls the same
    /// class with as many arguments each time).
    runs: BTreeMap<(usize, u32), (u32, Option<bool>)>,
    /// By `__init__` frame address: the references to take off `self` and off each
    /// argument (negative: to add).
    held: BTreeMap<usize, (isize, isize)>,
}

impl InitSites {
    /// Notes a `call` event of `frame`.
    pub(crate) fn on_call(&mut self, vm: &VirtualMachine, frame: &FrameRef, map: &SourceMap) {
        if frame.f_code().obj_name.as_str() != "__init__" {
            return;
        }
        let addr = frame.as_object().get_id();
        let held = match init_caller(vm, frame) {
            InitCaller::Class(caller) => {
                let site = (caller.f_code().as_object().get_id(), caller.lasti());
                let (runs, special) = self.runs.entry(site).or_insert((0, None));
                *runs += 1;
                if map.has_keyword_call(caller.lineno().max(0) as u32) {
                    (-1, -3)
                } else if *runs > 1 && *special.get_or_insert_with(|| specialisable(vm, frame)) {
                    (0, 0)
                } else {
                    (0, -2)
                }
            }
            InitCaller::Super => (1, 0),
            InitCaller::Other => (0, 0),
        };
        self.held.insert(addr, held);
    }

    /// What the interpreter holds beyond CPython for a running `__init__` frame.
    fn held(&self, frame: &FrameRef) -> (isize, isize) {
        let addr = frame.as_object().get_id();
        self.held.get(&addr).copied().unwrap_or((0, 0))
    }
}

/// Whether CPython 3.13 runs this `__init__`'s class call specialised: a plain class, and
/// an `__init__` with plain positional parameters, none left to its default.
fn specialisable(vm: &VirtualMachine, f: &FrameRef) -> bool {
    let code = f.f_code();
    let plain = !code
        .flags
        .intersects(CodeFlags::VARARGS | CodeFlags::VARKEYWORDS)
        && code.kwonlyarg_count == 0;
    let Some(this) = read::frame_local(vm, f.as_object(), 0) else {
        return false;
    };
    plain && read::is_plain_class_instance(vm, &this) && !uses_defaults(vm, f)
}

/// Whether a trailing parameter still holds its default object: the call most likely
/// left it out (CPython's specialised call needs every argument given).
fn uses_defaults(vm: &VirtualMachine, f: &FrameRef) -> bool {
    // The class's own `__init__`, found in its type dicts (no lookup on the instance).
    let this = read::frame_local(vm, f.as_object(), 0);
    let init = this.and_then(|t| read::class_attr(vm, &t, "__init__"));
    let Some(defaults) = init
        .and_then(|i| read::function(vm, &i))
        .map(|p| p.defaults)
    else {
        return false;
    };
    let argc = f.f_code().arg_count as usize;
    let first = argc.saturating_sub(defaults.len());
    defaults
        .iter()
        .enumerate()
        .any(|(i, d)| read::frame_local(vm, f.as_object(), first + i).is_some_and(|v| v.is(d)))
}
