//! Weak references the collector cleared keep their callback in CPython 3.13: its
//! `handle_weakrefs` clears the referent (`_PyWeakref_ClearRef`) but leaves `wr_callback`,
//! which lives until the weakref itself dies, while a refcount death
//! (`PyObject_ClearWeakRefs`) takes both. RustPython drops the callback either way, so
//! the heap remembers it: drawn as the dead weakref's `__callback__` edge and counted on
//! the callback (one more reference than RustPython's).

use refscope_trace::{EdgeLabel, ObjectKind};
use rustc_hash::FxHashMap;
use rustpython_vm::builtins::PyWeak;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, VirtualMachine};

use super::walk::{Seen, Walk};
use super::{Heap, HeldByVm};
use crate::read;
use rustpython_vm::frame::FrameObjectRef;

/// By the weakref's address, its callback, held weakly (the heap keeps no strong
/// reference between steps).
#[derive(Default)]
pub(super) struct KeptCallbacks {
    /// Live weakrefs with a callback, as last seen.
    armed: FxHashMap<usize, PyRef<PyWeak>>,
    /// Weakrefs a collection cleared, with the callback CPython still holds.
    kept: FxHashMap<usize, PyRef<PyWeak>>,
}

impl KeptCallbacks {
    /// After the walk: remembers the callbacks of live weakrefs, keeps those of the ones
    /// a running collection has just cleared, and gives each kept callback its edge
    /// back (walking it if nothing else reached it). Returns the kept callbacks'
    /// addresses: CPython holds each once more than RustPython.
    pub(super) fn update(
        &mut self,
        vm: &VirtualMachine,
        walk: &mut Walk,
        collecting: bool,
        forget: &PyObjectRef,
    ) -> Vec<PyObjectRef> {
        // A weakref not walked now is dead (the walk covers garbage still alive).
        self.armed.retain(|addr, _| walk.index.contains_key(addr));
        self.kept.retain(|addr, _| walk.index.contains_key(addr));
        let mut restored = Vec::new();
        for (obj, seen) in walk.objs.iter().zip(walk.descs.iter_mut()) {
            let Seen::Full(d) = seen else { continue };
            if d.kind != ObjectKind::Weakref {
                continue;
            }
            let addr = obj.get_id();
            let referent = d.children.iter().any(|c| c.0 == EdgeLabel::Referent);
            let callback = (d.children.iter())
                .find(|c| c.0 == EdgeLabel::Callback)
                .map(|c| c.1.clone());
            match (referent, callback) {
                (true, Some(cb)) => {
                    if let Ok(w) = cb.downgrade(Some(forget.clone()), vm) {
                        self.armed.insert(addr, w);
                    }
                }
                (false, None) => {
                    if let (true, Some(w)) = (collecting, self.armed.remove(&addr)) {
                        self.kept.insert(addr, w);
                    }
                    if let Some(cb) = self.kept.get(&addr).and_then(|w| w.upgrade()) {
                        d.children.push((EdgeLabel::Callback, cb.clone(), false));
                        restored.push(cb);
                    }
                }
                _ => {}
            }
        }
        restored
    }
}

impl Heap {
    /// Gives the kept callbacks their edges back (walking them if nothing else reached
    /// them) and, if there are any, the interpreter's holds with CPython's extra
    /// reference to each.
    pub(super) fn restore_kept_callbacks(
        &mut self,
        vm: &VirtualMachine,
        (stack, walk): (&[FrameObjectRef], &mut Walk),
        held: &HeldByVm,
    ) -> Option<HeldByVm> {
        let collecting = self.gc.is_some();
        let kept = (self.kept_callbacks).update(vm, walk, collecting, &self.weak_callback);
        if kept.is_empty() {
            return None;
        }
        let mut adjusted = held.clone();
        for cb in kept {
            *adjusted.delta.entry(cb.get_id()).or_insert(0) += hold(vm, &cb, stack);
            walk.visit(
                vm,
                &self.prelude,
                (self.max_objects, self.fast_path),
                cb,
                true,
            );
        }
        Some(adjusted)
    }
}

impl Heap {
    /// What RustPython holds of `obj` beyond CPython if it is a kept callback (see
    /// [`hold`]), for `sys.getrefcount`.
    pub(crate) fn kept_callback_hold(
        &self,
        vm: &VirtualMachine,
        obj: &rustpython_vm::PyObject,
        stack: &[FrameObjectRef],
    ) -> isize {
        let kept =
            (self.kept_callbacks.kept.values()).any(|w| w.upgrade().is_some_and(|c| c.is(obj)));
        match kept {
            true => hold(vm, obj, stack),
            false => 0,
        }
    }
}

/// What RustPython holds of a kept callback beyond CPython: one fewer (CPython's dead
/// weakref still holds it), except while the collector is calling it, when RustPython's
/// list of callbacks to run holds it where CPython's `wr_callback` does: the same (the
/// collector's own hold on it is one of its survivors', taken off with those). Measured
/// on CPython 3.13: `sys.getrefcount` of a global callback is 4 inside the call and 3
/// after it (the argument included).
fn hold(vm: &VirtualMachine, cb: &rustpython_vm::PyObject, stack: &[FrameObjectRef]) -> isize {
    let code = read::callable_code(vm, cb);
    match stack
        .iter()
        .any(|f| Some(f.f_code().as_object().get_id()) == code)
    {
        true => 0,
        false => -1,
    }
}
