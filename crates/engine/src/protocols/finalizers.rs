//! Code the interpreter runs when objects die: `__del__`, weakref callbacks and
//! `weakref.finalize` functions, each tied to the program line that let go of the object.

use std::collections::BTreeSet;

use refscope_trace::{Event, FreeReason, ObjId};
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, VirtualMachine};

use crate::frames;
use crate::heap::Heap;
use crate::read;

#[derive(Default)]
pub(crate) struct Finalizers {
    /// Frames running a weakref callback, by address (their weakref is dead by the time
    /// they return, so the heap no longer knows them as callbacks).
    callback_frames: BTreeSet<usize>,
    /// The caller (frame address, line) of a dying list's or tuple's items' `__del__`
    /// calls, while they run (see [`Finalizers::reordered`]).
    batch: Option<(usize, i32)>,
}

impl Finalizers {
    /// A `__del__` starts on its first argument.
    pub(crate) fn del_called(
        vm: &VirtualMachine,
        heap: &mut Heap,
        frame: &FrameRef,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        if let Some(obj) = read::frame_local(vm, frame.as_object(), 0) {
            if let Some(object) = heap.note_del(&obj) {
                pending.push(Event::DelCalled { object, line });
            }
        }
    }

    /// A learner function starts: if it is registered as some weakref's callback, the VM
    /// is calling it because the referent died, with the frame that dropped the last
    /// reference (a user frame, for a refcount death) as its caller.
    pub(crate) fn maybe_callback(
        &mut self,
        heap: &Heap,
        frame: &FrameRef,
        function: &str,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        if heap.is_weakref_callback(frame) {
            self.callback_frames.insert(frames::addr(frame));
            pending.push(Event::WeakrefCallback {
                function: function.to_owned(),
                line,
            });
        }
    }

    /// Whether the returning frame at `addr` ran a weakref callback.
    pub(crate) fn callback_returned(&mut self, addr: usize) -> bool {
        self.callback_frames.remove(&addr)
    }

    /// `weakref.finalize.__call__(self)` starts: the name of the function it will call,
    /// or `None` once the finalizer is dead (already called, detached, or its object
    /// gone). Read from the class's registry (a dict keyed by the finalizer itself).
    pub(crate) fn finalizer_name(vm: &VirtualMachine, frame: &FrameRef) -> Option<String> {
        let this = read::frame_local(vm, frame.as_object(), 0)?;
        let func = read::finalizer_function(vm, &this)?;
        Some(read::callable_name(vm, &func))
    }

    /// The objects whose `__del__` runs out of CPython's order at this step, to be drawn
    /// "≈". A dying list or tuple releases its items last to first in CPython 3.13
    /// (`list_dealloc`, `tupledealloc`) and first to last in RustPython, so while several
    /// of its items are finalized, the `__del__` on screen is not the one CPython would be
    /// running. The batch starts at a `__del__` call made as a list or tuple died by
    /// refcount with other finalizable items still waiting, and lasts while `__del__`
    /// frames called from the same line are on the stack.
    pub(crate) fn reordered(
        &mut self,
        vm: &VirtualMachine,
        heap: &Heap,
        stack: &[FrameRef],
        found: &[Event],
        collecting: bool,
    ) -> Vec<ObjId> {
        let dels: Vec<(&FrameRef, (usize, i32))> = stack
            .iter()
            .filter(|f| f.f_code().obj_name.as_str() == "__del__")
            .filter_map(|f| {
                let caller = f.f_back(vm).filter(|c| frames::is_user(&c.f_code()))?;
                Some((f, (frames::addr(&caller), caller.lineno())))
            })
            .collect();
        let container_died = found.iter().any(|e| {
            matches!(e, Event::Freed { type_name, reason: FreeReason::Refcount, .. }
                if type_name == "list" || type_name == "tuple")
        });
        let starts = self.batch.is_none()
            && !collecting
            && container_died
            && stack.last().is_some_and(|top| {
                dels.last()
                    .is_some_and(|d| frames::addr(d.0) == frames::addr(top))
            })
            && heap.finalizers_waiting();
        if starts {
            self.batch = dels.last().map(|d| d.1);
        }
        let Some(key) = self.batch.filter(|k| dels.iter().any(|d| d.1 == *k)) else {
            self.batch = None;
            return Vec::new();
        };
        dels.iter()
            .filter(|d| d.1 == key)
            .filter_map(|d| read::frame_local(vm, d.0.as_object(), 0))
            .filter_map(|obj| heap.id_of(&obj))
            .collect()
    }
}
