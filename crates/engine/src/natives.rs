//! Installs the program's memory introspection (`crate::introspect`) in place of
//! RustPython's own: `sys.getsizeof`, `sys.getrefcount`, `sys.getrecursionlimit`,
//! `gc.collect` (under the prelude's wrapper), `gc.get_count`, `gc.get_threshold`,
//! `gc.is_tracked` and `weakref.getweakrefcount`.
//!
//! Each native borrows the recorder only while it computes its answer: `gc.collect()` and
//! a program's `__sizeof__` run Python code, whose trace events need the recorder.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rustpython_vm::function::{FuncArgs, OptionalArg};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

use crate::hook::Recorder;
use crate::introspect::{self as answer, Answer, RECURSION_LIMIT, THRESHOLD};
use crate::read;

type Rec = Rc<RefCell<Recorder>>;

/// Replaces the functions in `sys`, `gc`, `_weakref` (and `weakref` if loaded), and the
/// collection the prelude's `gc.collect` wrapper calls.
pub(crate) fn install(vm: &VirtualMachine, rec: &Rec, prelude: &PyObjectRef) -> PyResult<()> {
    let sys = vm.sys_module.as_object();
    let gc = vm.import("gc", 0)?;
    let set = |module: &PyObjectRef, name: &str, f: PyObjectRef| {
        module.set_attr(vm.ctx.intern_str(name), f, vm)
    };
    let own_sizeof = sys.get_attr("getsizeof", vm)?;
    let own_referrers = gc.get_attr("get_referrers", vm)?;
    let sizeof = getsizeof(vm, rec, own_sizeof, own_referrers.clone());
    set(&sys.to_owned(), "getsizeof", sizeof)?;
    set(&sys.to_owned(), "getrefcount", getrefcount(vm, rec))?;
    set(
        &sys.to_owned(),
        "getrecursionlimit",
        recursion_limit(vm, rec),
    )?;
    let real = gc.get_attr("collect", vm)?;
    let real = prelude.get_attr("_real_collect", vm).unwrap_or(real);
    set(prelude, "_real_collect", collect(vm, rec, real))?;
    set(&gc, "get_threshold", threshold(vm))?;
    set(&gc, "get_count", count(vm, rec))?;
    set(&gc, "is_tracked", is_tracked(vm, rec))?;
    let own_referents = gc.get_attr("get_referents", vm)?;
    set(&gc, "get_referents", referents(vm, rec, own_referents))?;
    set(&gc, "get_referrers", referrers(vm, rec, own_referrers))?;
    let weak_count = weakref_count(vm, rec);
    set(
        &vm.import("_weakref", 0)?,
        "getweakrefcount",
        weak_count.clone(),
    )?;
    let modules = sys.get_attr("modules", vm)?;
    if let Ok(weakref) = modules.get_item("weakref", vm) {
        set(&weakref, "getweakrefcount", weak_count)?;
    }
    Ok(())
}

/// Returns the answer's value and marks an estimate at the next step.
fn give(vm: &VirtualMachine, rec: &Rec, call: &str, a: Answer) -> PyObjectRef {
    mark(vm, rec, call, &a);
    vm.ctx.new_int(a.value).into()
}

/// Leaves the answer's estimate, if it is one, for the step that ends the calling line.
fn mark(vm: &VirtualMachine, rec: &Rec, call: &str, a: &Answer) {
    rec.borrow_mut()
        .note(vm, |line, at| answer::estimate_event(call, a, line, at));
}

fn getsizeof(
    vm: &VirtualMachine,
    rec: &Rec,
    own: PyObjectRef,
    own_referrers: PyObjectRef,
) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |obj: PyObjectRef, default: OptionalArg<PyObjectRef>, vm: &VirtualMachine| {
        // A dict may be an instance's materialised `__dict__`, which CPython sizes by its
        // class's shared keys: its owner is among the dict's referrers.
        if crate::read::is_exact(&obj, vm.ctx.types.dict_type) {
            let owners = own_referrers
                .call((obj.clone(),), vm)?
                .try_to_value::<Vec<PyObjectRef>>(vm)?;
            if let Some(owner) = owners
                .iter()
                .find(|o| answer::inline_dict_owner(vm, &obj, o))
            {
                let bytes = rec
                    .borrow()
                    .heap()
                    .materialised_dict_size(owner, &obj, true);
                let a = Answer::exact(bytes as i64);
                return Ok(give(vm, &rec, "sys.getsizeof", a));
            }
        }
        if let Some(result) = answer::own_sizeof(vm, &obj) {
            return match (result, default) {
                (Ok(n), _) => Ok(vm.ctx.new_int(n).into()),
                (Err(_), OptionalArg::Present(d)) => Ok(d),
                (Err(e), _) => Err(e),
            };
        }
        let modelled = answer::sizeof(&rec.borrow(), vm, &obj);
        let a = match modelled {
            Some(a) => a,
            None => {
                let theirs = own.call((obj.clone(),), vm)?;
                let n = crate::read::exact_i64(vm, &theirs).unwrap_or(0);
                let note = format!(
                    "refscope has no model of the size of a {}; this is RustPython's own \
                     figure, not CPython's",
                    crate::read::type_name(&obj)
                );
                Answer {
                    value: n,
                    note: Some(note),
                }
            }
        };
        Ok::<_, rustpython_vm::builtins::PyBaseExceptionRef>(give(vm, &rec, "sys.getsizeof", a))
    };
    vm.new_function("getsizeof", f).into()
}

fn getrefcount(vm: &VirtualMachine, rec: &Rec) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |obj: PyObjectRef, vm: &VirtualMachine| {
        crate::freelists::release_range_payloads(vm);
        let a = {
            let r = rec.borrow();
            let (held, approximate) = r.held_now(vm, &obj);
            answer::refcount(&r, vm, &obj, held, approximate)
        };
        give(vm, &rec, "sys.getrefcount", a)
    };
    vm.new_function("getrefcount", f).into()
}

/// CPython's default limit while the program has not set its own.
fn recursion_limit(vm: &VirtualMachine, rec: &Rec) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |vm: &VirtualMachine| {
        let engine_default = rec.borrow().options().recursion_limit;
        match vm.recursion_limit.get() {
            n if n == engine_default => RECURSION_LIMIT,
            n => n,
        }
    };
    vm.new_function("getrecursionlimit", f).into()
}

fn collect(vm: &VirtualMachine, rec: &Rec, real: PyObjectRef) -> PyObjectRef {
    let rec = rec.clone();
    let first = Cell::new(true);
    let f = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        // An invalid generation is the real function's error to raise.
        let Some(generation) = requested_generation(vm, &args) else {
            return real.call(args, vm);
        };
        let (held, examined) = rec.borrow().heap().split_garbage(vm, generation);
        let before = rec.borrow().heap().alive(vm, &examined);
        // The real collection runs the program's finalizers, traced: no borrow held.
        real.call(args, vm)?;
        drop(held);
        let a = {
            let mut r = rec.borrow_mut();
            let after = r.heap().alive(vm, &examined);
            let freed = r.heap().freed(&examined, &before, &after);
            r.heap_mut().promote(generation);
            answer::collected(&r, first.replace(false), freed, generation)
        };
        Ok(give(vm, &rec, "gc.collect", a))
    };
    vm.new_function("collect", f).into()
}

/// `gc.collect(generation=2)`'s argument, when it is a valid generation.
fn requested_generation(vm: &VirtualMachine, args: &FuncArgs) -> Option<u8> {
    let arg = (args.args.first()).or_else(|| args.kwargs.get("generation"));
    match arg {
        None => Some(crate::heap::OLDEST),
        Some(a) => read::exact_i64(vm, a)
            .filter(|g| (0..=i64::from(crate::heap::OLDEST)).contains(g))
            .map(|g| g as u8),
    }
}

fn threshold(vm: &VirtualMachine) -> PyObjectRef {
    let f = |vm: &VirtualMachine| {
        let (a, b, c) = THRESHOLD;
        vm.new_tuple((a, b, c))
    };
    vm.new_function("get_threshold", f).into()
}

/// CPython's counts of allocations since the last collection are not modelled: zeros,
/// marked as an estimate.
fn count(vm: &VirtualMachine, rec: &Rec) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |vm: &VirtualMachine| {
        let a = Answer {
            value: 0,
            note: Some(
                "CPython counts the container objects allocated since its last collection; \
                 refscope does not model that count and shows (0, 0, 0)"
                    .to_owned(),
            ),
        };
        give(vm, &rec, "gc.get_count", a);
        vm.new_tuple((0, 0, 0))
    };
    vm.new_function("get_count", f).into()
}

fn is_tracked(vm: &VirtualMachine, rec: &Rec) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |obj: PyObjectRef, vm: &VirtualMachine| {
        let a = {
            let r = rec.borrow();
            let collector = |o: &PyObject| r.heap().collector_at(o.get_id());
            answer::is_tracked(vm, &obj, &collector)
        };
        let tracked = a.value != 0;
        give(vm, &rec, "gc.is_tracked", a);
        tracked
    };
    vm.new_function("is_tracked", f).into()
}

fn referents(vm: &VirtualMachine, rec: &Rec, own: PyObjectRef) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let mut out = Vec::new();
        for obj in &args.args {
            match answer::referents(vm, obj) {
                Some(r) => out.extend(r),
                None => {
                    let theirs = own.call((obj.clone(),), vm)?;
                    out.extend(theirs.try_to_value::<Vec<PyObjectRef>>(vm)?);
                    let note = format!(
                        "refscope does not know the order in which CPython visits what a {} \
                         refers to; this is RustPython's list",
                        crate::read::type_name(obj)
                    );
                    note_only(vm, &rec, "gc.get_referents", out.len() as i64, note);
                }
            }
        }
        Ok(vm.ctx.new_list(out).into())
    };
    vm.new_function("get_referents", f).into()
}

/// RustPython's referrers, with an instance's `__dict__` replaced by the instance (CPython
/// 3.13 keeps plain instances' attributes inline); the order is RustPython's, marked
/// when there are several.
fn referrers(vm: &VirtualMachine, rec: &Rec, own: PyObjectRef) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let asked = args.args.clone();
        let theirs = own.call(args, vm)?.try_to_value::<Vec<PyObjectRef>>(vm)?;
        let mut out = Vec::with_capacity(theirs.len());
        for r in theirs {
            // Only a dict can be an instance's `__dict__`; asking for the referrers of
            // anything else would scan the whole heap again for nothing.
            if !crate::read::is_exact(&r, vm.ctx.types.dict_type) {
                out.push(r);
                continue;
            }
            let owners = own
                .call((r.clone(),), vm)?
                .try_to_value::<Vec<PyObjectRef>>(vm)?;
            let owner = owners
                .into_iter()
                .find(|o| answer::inline_dict_owner(vm, &r, o));
            out.push(owner.unwrap_or(r));
        }
        // RustPython's code objects are not the collector's; CPython's `co_consts` tuples are.
        for obj in &asked {
            out.extend(rec.borrow().heap().constant_holders(vm, obj));
        }
        if out.len() > 1 {
            let note = "CPython lists referrers in the order its collector keeps objects, \
                        which refscope does not model; the referrers are CPython's";
            note_only(
                vm,
                &rec,
                "gc.get_referrers",
                out.len() as i64,
                note.to_owned(),
            );
        }
        Ok(vm.ctx.new_list(out).into())
    };
    vm.new_function("get_referrers", f).into()
}

/// Marks an estimate for a function whose value is a list (`value`: its length).
fn note_only(vm: &VirtualMachine, rec: &Rec, call: &str, value: i64, note: String) {
    let a = Answer {
        value,
        note: Some(note),
    };
    mark(vm, rec, call, &a);
}

fn weakref_count(vm: &VirtualMachine, rec: &Rec) -> PyObjectRef {
    let rec = rec.clone();
    let f = move |obj: PyObjectRef| answer::weakref_count(&rec.borrow(), &obj);
    vm.new_function("getweakrefcount", f).into()
}
