//! Phase one of a snapshot, the roots: the learner's frames a step lists and the names
//! bound in each (module globals, function locals), in order of first binding.

use rustpython_vm::builtins::{PyDict, PyModule};
use rustpython_vm::bytecode::CodeFlags;
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, VirtualMachine};

use crate::read;

/// Names listed (and walked as roots) per frame per step.
const MAX_LOCALS: usize = 100;
/// Frames listed per step: the module frame and the innermost ones.
const MAX_FRAMES: usize = 40;

/// Whether a step lists the frame at `depth` of a stack `len` frames deep: the module
/// frame and the innermost [`MAX_FRAMES`] - 1. Reading the locals of a thousand frames at
/// every step made a runaway recursion take half a minute to record; nobody reads the
/// middle of such a stack.
pub(crate) fn is_listed(depth: usize, len: usize) -> bool {
    depth == 0 || depth > len.saturating_sub(MAX_FRAMES)
}

/// One listed frame: its id, function, line and named roots.
pub(super) struct FrameRoots {
    pub id: u32,
    pub function: String,
    pub line: u32,
    pub names: Vec<(String, PyObjectRef)>,
}

/// The listed frames of `stack` (outermost first) with their names, and whether anything
/// was left out (frames of a deep recursion, names past [`MAX_LOCALS`]).
pub(super) fn roots(
    vm: &VirtualMachine,
    stack: &[FrameObjectRef],
    frame_ids: &[u32],
    lines: &[u32],
) -> (Vec<FrameRoots>, bool) {
    let mut truncated = stack.len() > MAX_FRAMES;
    let mut out = Vec::new();
    let kept = stack
        .iter()
        .enumerate()
        .filter(|(depth, _)| is_listed(*depth, stack.len()));
    for (depth, f) in kept {
        let function = f.f_code().obj_name.as_str().to_owned();
        let mut names = if depth == 0 && function == "<module>" {
            globals_of(vm, &f.f_globals())
        } else {
            locals_of(vm, f)
        };
        // A step lists at most MAX_LOCALS names per frame, and only those are roots: a
        // 10,000-line paste of assignments would otherwise store and walk 10,000 names at
        // each of its 10,000 steps. Objects only those names hold are left out like
        // objects past the heap cap, and the step is marked truncated.
        if names.len() > MAX_LOCALS {
            names.truncate(MAX_LOCALS);
            truncated = true;
        }
        out.push(FrameRoots {
            id: frame_ids.get(depth).copied().unwrap_or(0),
            function,
            line: lines.get(depth).copied().unwrap_or(0),
            names,
        });
    }
    (out, truncated)
}

fn is_dunder(name: &str) -> bool {
    name.starts_with("__") && name.ends_with("__")
}

/// The program's globals in order of first binding: not dunders and not modules.
fn globals_of(vm: &VirtualMachine, globals: &PyRef<PyDict>) -> Vec<(String, PyObjectRef)> {
    // Walked entry by entry rather than through `items_vec()`: a 10,000-line paste has
    // 10,000 globals, and copying them all at each step to keep 101 cost quadratic time.
    let mut position = 0;
    std::iter::from_fn(|| {
        let (next, k, v) = globals.next_entry(position)?;
        position = next;
        Some((k, v))
    })
    .filter_map(|(k, v)| {
        let name = read::key_text(vm, &k);
        let module = v.downcast_ref::<PyModule>().is_some();
        (!is_dunder(&name) && !module).then_some((name, v))
    })
    .take(MAX_LOCALS + 1)
    .collect()
}

/// A function frame's locals, in `co_varnames` order (arguments first, then by first
/// appearance), which is the order of first binding for straight-line code.
fn locals_of(vm: &VirtualMachine, frame: &FrameObjectRef) -> Vec<(String, PyObjectRef)> {
    // Class bodies bind `__module__`, `__qualname__` and friends; they are noise there. A
    // function's own names are all shown, as CPython's `f_locals` shows them (a method
    // that calls `super()` has a `__class__` cell).
    let class_body = !frame.f_code().flags.contains(CodeFlags::OPTIMIZED);
    read::frame_locals(vm, frame.as_object())
        .into_iter()
        .filter(|(n, _)| !(class_body && is_dunder(n)))
        .take(MAX_LOCALS + 1)
        .collect()
}
