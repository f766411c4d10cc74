//! `with` statements: `__enter__` and `__exit__` calls, user-defined or library ones
//! (`open()`'s file, `@contextmanager`, `ExitStack`), and whether an exit suppressed the
//! exception it was given.

use std::collections::BTreeMap;

use refscope_trace::{ContextEvent, Event, ObjId};
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use crate::frames;
use crate::heap::Heap;
use crate::read;

/// An exit whose suppression could not be read from its return value without calling
/// the program's `__bool__` or `__len__`: decided by what the program does next.
struct Undecided {
    exit: ContextEvent,
}

#[derive(Default)]
pub(crate) struct Contexts {
    /// `__exit__` frames running, by frame address: the exit event, kept until it returns.
    exit_frames: BTreeMap<usize, ContextEvent>,
    undecided: Option<Undecided>,
}

/// The manager (`frame`'s first argument): its type's name and its id, read once.
fn manager(vm: &VirtualMachine, heap: &Heap, frame: &FrameRef) -> (String, Option<ObjId>) {
    match read::frame_local(vm, frame.as_object(), 0) {
        Some(m) => (read::type_name(&m), heap.id_of(&m)),
        None => (String::new(), None),
    }
}

/// Whether a value is true, when that can be known without running the program's code:
/// builtin payloads, and instances whose classes define neither `__bool__` nor `__len__`
/// (always true).
fn known_truth(vm: &VirtualMachine, value: &PyObject) -> Option<bool> {
    if let Some(t) = read::builtin_truth(vm, value) {
        return Some(t);
    }
    let defines = |name: &'static str| read::class_attr(vm, value, name).is_some();
    let plain = read::is_heap_type_instance(value) && !defines("__bool__") && !defines("__len__");
    plain.then_some(true)
}

impl Contexts {
    /// An `__enter__` starts.
    pub(crate) fn enter(
        &mut self,
        vm: &VirtualMachine,
        heap: &Heap,
        frame: &FrameRef,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        let (manager_type, manager) = manager(vm, heap, frame);
        pending.push(Event::Context(ContextEvent {
            phase: "enter".into(),
            manager_type,
            manager,
            exc_type: None,
            suppressed: false,
            line,
        }));
    }

    /// An `__exit__` starts: what it was given, kept until it returns.
    pub(crate) fn exit_called(
        &mut self,
        vm: &VirtualMachine,
        heap: &Heap,
        frame: &FrameRef,
        line: u32,
    ) {
        let (manager_type, manager) = manager(vm, heap, frame);
        let exc_type = read::exit_exception_type(vm, frame.as_object())
            .and_then(|t| t.downcast::<rustpython_vm::builtins::PyType>().ok())
            .map(|t| t.name().to_string());
        let exit = ContextEvent {
            phase: "exit".into(),
            manager_type,
            manager,
            exc_type,
            suppressed: false,
            line,
        };
        self.exit_frames.insert(frames::addr(frame), exit);
    }

    /// Whether the frame at `addr` is an `__exit__` being watched.
    pub(crate) fn is_exit_frame(&self, addr: usize) -> bool {
        self.exit_frames.contains_key(&addr)
    }

    /// The `with` line of the `__exit__` running in the frame at `addr`.
    pub(crate) fn exit_line(&self, addr: usize) -> Option<u32> {
        self.exit_frames.get(&addr).map(|e| e.line)
    }

    /// The frame at `addr` returns `value`: if it is an `__exit__`, its exit event, once
    /// its suppression is known.
    pub(crate) fn exit_returned(
        &mut self,
        vm: &VirtualMachine,
        addr: usize,
        value: &PyObject,
        pending: &mut Vec<Event>,
    ) {
        let Some(mut exit) = self.exit_frames.remove(&addr) else {
            return;
        };
        if exit.exc_type.is_none() {
            pending.push(Event::Context(exit));
            return;
        }
        match known_truth(vm, value) {
            Some(t) => {
                exit.suppressed = t;
                pending.push(Event::Context(exit));
            }
            None => self.undecided = Some(Undecided { exit }),
        }
    }

    /// The next event of the learner's code after an exit whose verdict was undecided:
    /// the exception goes on (an `exception` event) unless it was suppressed.
    pub(crate) fn decide(&mut self, exception_goes_on: bool, pending: &mut Vec<Event>) {
        if let Some(Undecided { mut exit }) = self.undecided.take() {
            exit.suppressed = !exception_goes_on;
            pending.push(Event::Context(exit));
        }
    }
}
