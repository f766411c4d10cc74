//! Code the interpreter runs when objects die: `__del__`, weakref callbacks and
//! `weakref.finalize` functions, each tied to the program line that let go of the object.

use std::collections::BTreeSet;

use refscope_trace::Event;
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
}
