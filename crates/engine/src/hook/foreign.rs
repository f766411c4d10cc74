//! Events of frames outside the learner's file: library `__enter__`/`__exit__` (an
//! `ExitStack`, `@contextmanager`) and `weakref.finalize` calls the learner's code set off.
//! They make no step; they only feed the protocol detectors.

use refscope_trace::Event;
use rustpython_vm::builtins::PyCode;
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{PyObjectRef, PyRef, PyResult, VirtualMachine};

use super::Recorder;
use crate::frames;
use crate::protocols::finalizers::Finalizers;

impl Recorder {
    /// Events for frames outside the learner's file: context managers and finalizers that
    /// the learner's code triggered.
    pub(super) fn on_foreign_event(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        code: &PyRef<PyCode>,
        event: &str,
        arg: &PyObjectRef,
    ) -> PyResult {
        let name = code.obj_name.as_str();
        let addr = frames::addr(frame);
        // Asked only of the few frames that matter: most foreign events are not these.
        let from_user_or = |caller_matches: fn(&str) -> bool| {
            frames::called_from_user(vm, frame)
                || frames::caller_name(vm, frame).is_some_and(|c| caller_matches(&c))
        };
        let line = || frames::user_line_under(vm, frame).unwrap_or(self.current_line);
        match (event, name) {
            // `ExitStack.enter_context` (and its async twin) calls a manager's `__enter__`.
            ("call", "__enter__") if from_user_or(|c| c.ends_with("enter_context")) => {
                let line = line();
                self.contexts
                    .enter(vm, &self.heap, frame, line, &mut self.pending);
            }
            ("call", "__exit__") if from_user_or(|c| c.contains("exit")) => {
                let line = line();
                self.contexts.exit_called(vm, &self.heap, frame, line);
                return self.keep_tracing(vm);
            }
            ("return", _) => self
                .contexts
                .exit_returned(vm, addr, arg, &mut self.pending),
            // Frozen modules are compiled with their module name as the path.
            ("call", "__call__") if is_weakref_module(code) => {
                // weakref.finalize.__call__ runs the registered finalizer, if it is still
                // registered: calling a dead finalize again does nothing.
                if let Some(function) = Finalizers::finalizer_name(vm, frame) {
                    let line = line();
                    self.pending.push(Event::Finalizer { function, line });
                }
            }
            _ => {}
        }
        if self.contexts.is_exit_frame(addr) {
            return self.keep_tracing(vm);
        }
        Ok(vm.ctx.none())
    }
}

fn is_weakref_module(code: &PyCode) -> bool {
    let path = code.source_path();
    let path = path.as_str();
    matches!(path, "weakref" | "weakref.py") || path.ends_with("/weakref.py")
}
