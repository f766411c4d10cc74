//! References the interpreter itself holds while it runs a protocol method, where
//! RustPython's number differs from CPython 3.13's. The heap takes the difference off
//! (or adds it to) the object's count, so the badge shows CPython's.
//!
//! Measured in both (RustPython 0.6.0's sources, CPython 3.13's recordings):
//! - `__enter__` called by a `with` statement: CPython holds the manager three times
//!   (the frame's `self`, the `with` statement's saved manager and its bound `__exit__`),
//!   RustPython twice: one more.
//! - `__del__`: CPython holds the dying object twice (the temporary resurrection and
//!   `self`), RustPython three times: one fewer.

use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, VirtualMachine};

use crate::frames::is_user;
use crate::heap::HeldByVm;
use crate::read;
use crate::source_map::{SourceMap, StmtKind};

/// The adjustments for the frames from `frame` outwards (every frame, the library's too).
pub(crate) fn held_by_vm(
    vm: &VirtualMachine,
    frame: &FrameRef,
    source_map: &SourceMap,
) -> HeldByVm {
    let mut held = HeldByVm::new();
    let mut cur = Some(frame.clone());
    while let Some(f) = cur {
        let back = f.f_back(vm);
        let code = f.f_code();
        let extra: isize = match code.obj_name.as_str() {
            "__enter__" if called_by_with(back.as_ref(), source_map) => -1,
            "__del__" => 1,
            _ => 0,
        };
        if extra != 0 {
            if let Some(this) = read::frame_local(vm, f.as_object(), 0) {
                *held.entry(this.get_id()).or_insert(0) += extra;
            }
        }
        cur = back;
    }
    held
}

/// Whether the caller is the learner's code running a `with` statement's header.
fn called_by_with(caller: Option<&FrameRef>, source_map: &SourceMap) -> bool {
    caller.is_some_and(|c| {
        is_user(&c.f_code())
            && source_map.stmt_kind(c.lineno().max(0) as u32) == Some(StmtKind::With)
    })
}
