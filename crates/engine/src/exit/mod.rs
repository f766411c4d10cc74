//! The interpreter's exit after the program's end, as CPython 3.13 runs it
//! (`tests/exit/SPEC.md`, stages E1–E6): a `SystemExit` is dropped at once; the `atexit`
//! handlers run, the last registered first, and their arguments are dropped; with gc
//! enabled one full collection runs while the module's names still exist; an uncaught
//! exception (kept in `sys.last_exc` until then) lets go of its frames; then the module's
//! names are released: when the globals dict is in a cycle (any function or method of the
//! program refers to it) the exit collection first calls the weakref callbacks and
//! finalizers of everything the names reach, in the collector's order (`order`), with
//! the names still bound; otherwise the dict's values are released in insertion order.
//!
//! Each stage is a step (`Recorder::exit_stage`), and the learner code it sets off is
//! traced like any other. A program whose exit would run none of its code and no
//! finalizer shows no exit at all, as before.
//!
//! What is not modelled: `sys` and `builtins` attributes the program set (E6d, E6g),
//! modules kept alive past their removal (E6f), threads (E3), and the three automatic
//! collections 3.13 runs while printing an uncaught exception (X2).

mod order;

use std::cell::RefCell;
use std::rc::Rc;

use refscope_trace::ExitStage;
use rustpython_vm::builtins::{PyBaseExceptionRef, PyDictRef, PyStr};
use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use crate::hook::Recorder;
use order::{global_values, has_finalizer, reach, rescan};

/// The order of the collector's lists when the globals are released (E6e).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Breadth first from the globals dict: E5's full collection reordered them.
    BreadthFirst,
    /// Creation order: gc is disabled, no collection reordered them.
    Creation,
    /// Creation order as rule X2's young collections left it.
    YoungCollected,
}

/// Runs the exit. `error` is the exception that left the module, if one did; it is
/// dropped where CPython drops it.
pub(crate) fn run(
    vm: &VirtualMachine,
    recorder: &Rc<RefCell<Recorder>>,
    globals: &PyDictRef,
    error: Option<PyBaseExceptionRef>,
) {
    if !recorder.borrow().can_exit() {
        return;
    }
    let handlers = std::mem::take(&mut *vm.state.atexit_funcs.lock());
    let gc_on = vm.state.gc.is_enabled();
    let garbage = gc_on && recorder.borrow().heap().has_cycle_garbage();
    let finalizers = {
        let r = recorder.borrow();
        let reached = reach(vm, r.heap(), globals);
        reached.objects.iter().any(|o| has_finalizer(r.heap(), o))
    };
    if handlers.is_empty() && !garbage && !finalizers {
        return;
    }
    let stage = |s: ExitStage| {
        let _ = recorder.borrow_mut().exit_stage(vm, s);
        !recorder.borrow().limit_hit()
    };
    if !stage(ExitStage::Begin) {
        return;
    }
    // E1: `sys.exit()` is not kept anywhere: its frames die now, before the handlers.
    let error = error.filter(|e| !e.fast_isinstance(vm.ctx.exceptions.system_exit));
    // X2: printing an uncaught exception imports `traceback` and its modules in 3.13,
    // and with gc enabled the automatic collections that sets off finalize the young
    // garbage cycles before the handlers.
    let collected_early = gc_on && error.is_some() && garbage;
    if collected_early && !exit_collection(vm, recorder, &stage) {
        return;
    }
    // E4: the handlers, newest first (RustPython stores them so); an exception in one is
    // reported on stderr by CPython and the next one runs.
    if !handlers.is_empty() {
        if !stage(ExitStage::Atexit) {
            return;
        }
        for entry in &handlers {
            let (func, args) = (&entry.0, entry.1.clone());
            let _ = func.call(args, vm);
            if recorder.borrow().limit_hit() {
                return;
            }
        }
        drop(handlers);
    }
    // E5: one full collection, only when gc is enabled.
    let more = recorder.borrow().heap().has_cycle_garbage();
    if gc_on && !collected_early && more && !exit_collection(vm, recorder, &stage) {
        return;
    }
    // E6a: the uncaught exception, kept in `sys.last_exc` until now, goes. X2's young
    // collections left the survivors behind the globals dict in their own order (GC-5
    // with the globals' values as roots), where the exit collection leaves them.
    let order = match (gc_on, error.is_some()) {
        (true, false) => Order::BreadthFirst,
        (true, true) => Order::YoungCollected,
        (false, _) => Order::Creation,
    };
    drop(error);
    if !stage(ExitStage::Globals) {
        return;
    }
    release_globals(vm, recorder, globals, order);
    stage(ExitStage::End);
}

/// The collection of E5 (or X2): its stage's step, then the garbage's weakref callbacks
/// and finalizers in the collector's order (oldest first), then the collector frees it.
/// False when the step budget ran out.
fn exit_collection(
    vm: &VirtualMachine,
    recorder: &Rc<RefCell<Recorder>>,
    stage: &dyn Fn(ExitStage) -> bool,
) -> bool {
    if !stage(ExitStage::Collection) {
        return false;
    }
    recorder.borrow_mut().begin_exit_collection();
    let garbage = recorder.borrow().heap().cycle_garbage();
    // A file only a garbage cycle holds is in creation order with its layers: lost (F5).
    if !finalize(vm, recorder, &garbage, true) {
        return false;
    }
    drop(garbage);
    let prelude = recorder.borrow().prelude().clone();
    let _ = prelude.collect_now(vm);
    recorder.borrow_mut().end_exit_collection();
    true
}

/// Rule GC-7 for `objects`, the garbage in the collector's order: every weakref to them
/// is cleared and the callbacks of those that are not garbage themselves run; then every
/// finalizer not yet run, in order. `lose_files`: a file's layers are in creation order,
/// so its raw layer is finalized first and what the layers above hold is lost (F4).
/// False when the step budget ran out.
fn finalize(
    vm: &VirtualMachine,
    recorder: &Rc<RefCell<Recorder>>,
    objects: &[PyObjectRef],
    lose_files: bool,
) -> bool {
    let garbage: std::collections::HashSet<usize> = objects.iter().map(|o| o.get_id()).collect();
    recorder.borrow_mut().set_exit_holds(objects);
    let done = finalize_held(vm, recorder, objects, &garbage, lose_files);
    recorder.borrow_mut().set_exit_holds(&[]);
    done
}

/// [`finalize`] while the exit's holds are counted.
fn finalize_held(
    vm: &VirtualMachine,
    recorder: &Rc<RefCell<Recorder>>,
    objects: &[PyObjectRef],
    garbage: &std::collections::HashSet<usize>,
    lose_files: bool,
) -> bool {
    let mut callbacks = Vec::new();
    for o in objects {
        for (weak, callback) in o.gc_clear_weakrefs_collect_callbacks() {
            if !garbage.contains(&weak.as_object().get_id()) {
                callbacks.push((weak, callback));
            }
        }
    }
    for (weak, callback) in callbacks {
        let _ = callback.call((weak,), vm);
        if recorder.borrow().limit_hit() {
            return false;
        }
    }
    let prelude = recorder.borrow().prelude().clone();
    for o in objects {
        if !has_finalizer(recorder.borrow().heap(), o) {
            continue;
        }
        if lose_files && prelude.is_file(o) {
            let _ = prelude.lose_buffers(vm, o);
        }
        o.try_call_finalizer();
        if recorder.borrow().limit_hit() {
            return false;
        }
    }
    true
}

/// E6: the module's names go. In a cycle (E6e): the exit collection finalizes what the
/// names reach and any garbage left, names still bound, in the collector's order
/// (`order`); then
/// the names are released and the collection frees what remains. Otherwise (E6b) the
/// dict's values are released in insertion order, each by refcount.
fn release_globals(
    vm: &VirtualMachine,
    recorder: &Rc<RefCell<Recorder>>,
    globals: &PyDictRef,
    order: Order,
) {
    let gc_on = vm.state.gc.is_enabled();
    let (objects, in_cycle) = {
        let r = recorder.borrow();
        let reached = reach(vm, r.heap(), globals);
        let mut objects = r.heap().cycle_garbage();
        objects.extend(reached.objects);
        if order != Order::BreadthFirst {
            // The collector's lists are in creation order; the heap's ids follow it, and
            // what the heap does not list keeps its walk order after them.
            let key = |o: &PyObjectRef| r.heap().id_of(o).unwrap_or(u32::MAX);
            objects.sort_by_key(key);
        }
        if order == Order::YoungCollected {
            objects = rescan(vm, r.heap(), objects, &global_values(globals));
        }
        (objects, reached.in_cycle)
    };
    if in_cycle {
        recorder.borrow_mut().begin_globals_collection(&objects);
        if !finalize(vm, recorder, &objects, !gc_on) {
            return;
        }
    }
    drop(objects);
    let keys: Vec<PyObjectRef> = globals.items_vec().into_iter().map(|(k, _)| k).collect();
    for k in keys {
        let builtins = k
            .downcast_ref::<PyStr>()
            .is_some_and(|s| s.as_wtf8() == "__builtins__");
        if !builtins {
            let _ = globals.del_item(&*k, vm);
        }
        if recorder.borrow().limit_hit() {
            return;
        }
    }
    if in_cycle {
        let prelude = recorder.borrow().prelude().clone();
        let _ = prelude.collect_now(vm);
        recorder.borrow_mut().end_exit_collection();
    }
}
