//! Steps where RustPython 0.6 and CPython 3.13 send different trace events for the same
//! program, made to follow CPython (the step sequence is what the learner steps through,
//! and what every comparison with CPython aligns on):
//! - a bare annotation (`name: str`) in a module or class body: CPython 3.13 runs it
//!   (it stores the annotation) and steps onto its line; RustPython defers annotations
//!   (PEP 649) and runs nothing there, so the step is added;
//! - a generator expression's first `line` event, which RustPython does not send when
//!   the expression starts: added after its `call` step;
//! - resuming a generator inside `yield from`: RustPython sends a `line` event for the
//!   backward jump to the delegating `SEND` (`JUMP_BACKWARD_NO_INTERRUPT`), CPython
//!   sends none (only `JUMP_BACKWARD` steps onto its line again): dropped;
//! - `__annotate__` functions, which only PEP 649 compiles: not the learner's frames
//!   (see `frames::is_user`); and the step back onto the `class` line at the end of a
//!   class body with annotations, where RustPython stores `__annotate__`: dropped, and
//!   the body returns from its last line, as in CPython;
//! - the `StopIteration` that ends a `for` loop or a generator expression over an
//!   iterator, which RustPython reports as an exception event and CPython does not
//!   (`FOR_ITER` ends the loop without raising).

use refscope_trace::StepEvent;
use rustpython_vm::builtins::PyCode;
use rustpython_vm::bytecode::{CodeFlags, Instruction};
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{PyResult, VirtualMachine};

use super::Recorder;
use crate::frames;

impl Recorder {
    /// Before a step of a module or class body (`event` at `line`): the steps of the
    /// bare annotations CPython ran since that frame's last step. At its `return`, those
    /// up to the end of the body.
    pub(super) fn annotation_steps(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        code: &PyCode,
        (event, line): (StepEvent, u32),
        stack: &[FrameRef],
    ) -> PyResult<()> {
        if code.flags.contains(CodeFlags::OPTIMIZED) {
            return Ok(());
        }
        let addr = frames::addr(frame);
        let Some(&last) = self.body_lines.get(&addr) else {
            // Its `call` step: the body starts after the statement's own line.
            self.body_lines.insert(addr, line);
            return Ok(());
        };
        let before = match event {
            StepEvent::Return => u32::MAX,
            _ => line,
        };
        let at = match event {
            StepEvent::Return => last,
            _ => line,
        };
        for a in self.source_map.bare_annotations_between(at, last, before) {
            self.synthetic_line(vm, frame, a, stack)?;
        }
        match event {
            StepEvent::Return => self.body_lines.remove(&addr),
            _ => self.body_lines.insert(addr, line),
        };
        Ok(())
    }

    /// The line a class body's step is at, or `None` for RustPython's step back onto the
    /// `class` line once the body has run (see the module's header).
    pub(super) fn body_line(&self, frame: &FrameRef, code: &PyCode, line: u32) -> Option<u32> {
        if code.flags.contains(CodeFlags::OPTIMIZED) || code.obj_name.as_str() == "<module>" {
            return Some(line);
        }
        let first = code.first_line_number.map_or(0, |n| n.get() as u32);
        match self.body_lines.get(&frames::addr(frame)) {
            Some(&last) if line == first && last > first => None,
            _ => Some(line),
        }
    }

    /// Whether an `exception` event is the `StopIteration` a `FOR_ITER` ends its loop on.
    pub(super) fn is_loop_end(&mut self, vm: &VirtualMachine, frame: &FrameRef) -> bool {
        matches!(
            self.lines.op_at(vm, frame),
            Some(Instruction::ForIter { .. })
        )
    }

    /// Whether a generator frame's `return` event leaves it suspended at a `yield`.
    pub(super) fn at_yield(&mut self, vm: &VirtualMachine, frame: &FrameRef) -> bool {
        matches!(
            self.lines.op_at(vm, frame),
            Some(Instruction::YieldValue { .. })
        )
    }

    /// A `line` step RustPython did not send, at `line` of `frame`.
    pub(super) fn synthetic_line(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        line: u32,
        stack: &[FrameRef],
    ) -> PyResult<()> {
        (self.flow).on_line(&mut self.frames, &self.source_map, line, &mut self.pending);
        let is_gen = frame.f_code().flags.contains(CodeFlags::GENERATOR);
        self.step(vm, frame, StepEvent::Line, line, stack, None, is_gen)
    }

    /// Whether a `line` event of a generator frame is RustPython's step back onto a
    /// `yield from` (its `SEND`), which CPython does not make.
    pub(super) fn is_yield_from_resume(&mut self, vm: &VirtualMachine, frame: &FrameRef) -> bool {
        let code = frame.f_code();
        if !code
            .flags
            .intersects(CodeFlags::GENERATOR | CodeFlags::COROUTINE)
        {
            return false;
        }
        matches!(self.lines.op_at(vm, frame), Some(Instruction::Send { .. }))
    }
}
