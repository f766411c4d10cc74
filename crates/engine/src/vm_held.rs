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
//! - `__del__`: CPython holds the dying object twice (the temporary resurrection and
//!   `self`), RustPython three times: one fewer.

use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, VirtualMachine};

use crate::frames::is_user;
use crate::heap::HeldByVm;
use crate::read;
use crate::source_map::{SourceMap, StmtKind};

/// The adjustments for the learner's frames on the stack (outermost first). Only the
/// learner's own protocol methods are counted: a library's runs on objects the
/// diagram does not draw.
pub(crate) fn held_by_vm(
    vm: &VirtualMachine,
    stack: &[FrameRef],
    source_map: &SourceMap,
) -> HeldByVm {
    let mut held = HeldByVm::new();
    let mut add = |f: &FrameRef, local: usize, extra: isize| {
        if let Some(obj) = read::frame_local(vm, f.as_object(), local) {
            if !vm.is_none(&obj) {
                *held.entry(obj.get_id()).or_insert(0) += extra;
            }
        }
    };
    for f in stack {
        match f.f_code().obj_name.as_str() {
            "__enter__" if called_by_with(f.f_back(vm).as_ref(), source_map) => add(f, 0, -1),
            // The `with` statement calls `__exit__` from the learner's frame; RustPython
            // reports that frame at the last line of the block, not at the `with` line.
            "__exit__" if f.f_back(vm).is_some_and(|c| is_user(&c.f_code())) => {
                match read::exit_exception_type(vm, f.as_object()).is_some() {
                    true => add(f, 2, 1),
                    false => add(f, 0, -1),
                }
            }
            "__del__" => add(f, 0, 1),
            _ => {}
        }
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
