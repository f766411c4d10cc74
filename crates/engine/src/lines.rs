//! Frame line numbers, memoised per (code object, instruction offset).
//!
//! RustPython's `frame.lineno()` decodes the code object's line table from its start on
//! every call, so asking the line of a frame in a 10,000-line module at each of 10,000
//! steps took most of the recording time. The line of an offset in a code object never
//! changes, so each pair is decoded once; the cache keeps its code objects alive, so an
//! address in it is never reused by another code object.

use std::collections::HashMap;

use rustpython_vm::builtins::PyCode;
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyRef, VirtualMachine};

#[derive(Default)]
pub(crate) struct Lines {
    // Used only for lookups, never iterated, so hash order cannot leak into the trace.
    lines: HashMap<(usize, u32), u32>,
    codes: HashMap<usize, PyRef<PyCode>>,
}

impl Lines {
    /// The 1-based line `frame` is at (0 when the line table has none), as `lineno()`.
    pub(crate) fn of(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) -> u32 {
        let slow = || frame.lineno().max(0) as u32;
        let Some(lasti) = frame
            .as_object()
            .get_attr("f_lasti", vm)
            .ok()
            .and_then(|v| v.try_into_value::<u32>(vm).ok())
        else {
            return slow();
        };
        let code = frame.f_code();
        let addr = code.as_object().get_id();
        if let Some(&line) = self.lines.get(&(addr, lasti)) {
            return line;
        }
        let line = slow();
        self.codes.entry(addr).or_insert(code);
        self.lines.insert((addr, lasti), line);
        line
    }
}
