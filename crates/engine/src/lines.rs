//! Frame line numbers from a per-code-object table, and line events for long code objects.
//!
//! RustPython 0.6 finds the line of an instruction by decoding the code object's line
//! table from its start (`PyCode::addr2line`). It does so for `frame.lineno()`, and, while a
//! trace function is set, before *every* instruction it runs, to decide whether a `line`
//! event is due. Both cost time in proportion to the code object's length, so a 10,000-line
//! paste recorded in quadratic time (60% of it in `PyCodeAddressRange::advance`).
//!
//! Here each code object's table is decoded once, through `co_lines()`, into one line per
//! instruction. Frames of long code objects (over [`crate::options::LONG_CODE_UNITS`] instructions) are
//! switched from line events to opcode events (`f_trace_lines = False`,
//! `f_trace_opcodes = True`), and [`Lines::opcode_line`] turns an opcode event into the line
//! event RustPython would have sent: when the instruction's line is known and differs from
//! the frame's previous one, or right after a backward jump that stays on one line (a loop
//! on one line steps once per turn). Short code objects keep RustPython's own line events,
//! which are cheaper than a call into the tracer per instruction. A test records every
//! corpus program both ways and requires the same trace.

use std::collections::HashMap;

use rustpython_vm::builtins::{PyCode, PyTuple};
use rustpython_vm::bytecode::{CodeFlags, Instruction};
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, VirtualMachine};

pub(crate) struct Lines {
    /// Above this many instructions a code object is "long"; see [`crate::options::LONG_CODE_UNITS`].
    long: usize,
    // Used only for lookups, never iterated, so hash order cannot leak into the trace. Each
    // entry keeps its code object alive, so its address is never reused by another.
    tables: HashMap<usize, (PyRef<PyCode>, Box<[i32]>)>,
    /// Each frame in opcode mode, by address.
    frames: HashMap<usize, OpcodeFrame>,
}

/// What RustPython keeps per frame to decide on line events.
#[derive(Default)]
struct OpcodeFrame {
    /// The last line reported, as RustPython's `prev_line`: 0 when the frame starts.
    prev: u32,
    /// Set by a backward jump: the jump's line, due as a line event again if the jump lands
    /// on it (`trace_backward_same_line`).
    jumped_from: Option<i32>,
}

impl Lines {
    pub(crate) fn new(long: usize) -> Self {
        Lines {
            long,
            tables: HashMap::new(),
            frames: HashMap::new(),
        }
    }

    /// The 1-based line `frame` is at (0 when the line table has none), as `lineno()`.
    pub(crate) fn of(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) -> u32 {
        self.line_at(vm, frame).max(0) as u32
    }

    /// The line of the instruction `frame` is running, or -1 for one with no location,
    /// exactly as `addr2line(f_lasti)`.
    fn line_at(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) -> i32 {
        match self.instruction(vm, frame) {
            Some((_, line)) => line,
            None => frame.lineno(),
        }
    }

    /// The index of the instruction `frame` is running, and its line.
    fn instruction(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) -> Option<(usize, i32)> {
        let lasti = frame
            .as_object()
            .get_attr("f_lasti", vm)
            .ok()
            .and_then(|v| v.try_into_value::<u32>(vm).ok())?;
        let idx = (lasti / 2) as usize;
        let code = frame.f_code();
        let addr = code.as_object().get_id();
        let (_, table) = self
            .tables
            .entry(addr)
            .or_insert_with(|| (code.clone(), line_table(vm, &code)));
        Some((idx, table.get(idx).copied().unwrap_or(-1)))
    }

    /// The instruction `frame` is running, as compiled (specialised forms undone).
    pub(crate) fn op_at(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameObjectRef,
    ) -> Option<Instruction> {
        let (idx, _) = self.instruction(vm, frame)?;
        let code = frame.f_code();
        (idx < code.instructions.len()).then(|| code.instructions.read_op(idx).deoptimize())
    }

    /// Called at a user frame's `call` event: switches a long, non-generator code object's
    /// frame to opcode events. Generator frames are left alone: they are entered again at
    /// each resume, and their previous line must survive that.
    pub(crate) fn on_call(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) {
        let code = frame.f_code();
        let resumable = CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR;
        if code.instructions.len() <= self.long || code.flags.intersects(resumable) {
            return;
        }
        let obj = frame.as_object();
        let set = |name: &'static str, on: bool| obj.set_attr(name, vm.ctx.new_bool(on), vm);
        if set("f_trace_opcodes", true).is_ok() && set("f_trace_lines", false).is_ok() {
            self.frames.insert(obj.get_id(), OpcodeFrame::default());
        } else {
            let _ = set("f_trace_opcodes", false);
            let _ = set("f_trace_lines", true);
        }
    }

    /// Called at a user frame's `return` event: the frame is done.
    pub(crate) fn on_return(&mut self, frame: &FrameObjectRef) {
        self.frames.remove(&frame.as_object().get_id());
    }

    /// For an opcode event: whether RustPython would have sent a line event here.
    pub(crate) fn opcode_line(&mut self, vm: &VirtualMachine, frame: &FrameObjectRef) -> bool {
        let addr = frame.as_object().get_id();
        if !self.frames.contains_key(&addr) {
            return false;
        }
        let Some((idx, line)) = self.instruction(vm, frame) else {
            return false;
        };
        let code = frame.f_code();
        let f = self.frames.get_mut(&addr).expect("checked above");
        let same_line_jump = f.jumped_from.take() == Some(line);
        let due = line >= 0 && (line as u32 != f.prev || same_line_jump);
        if due {
            f.prev = line as u32;
        }
        if idx < code.instructions.len()
            && matches!(
                code.instructions.read_op(idx),
                Instruction::JumpBackward { .. }
                    | Instruction::JumpBackwardJit
                    | Instruction::JumpBackwardNoJit
                    | Instruction::JumpBackwardNoInterrupt { .. }
            )
        {
            f.jumped_from = Some(line);
        }
        due
    }
}

/// One line per instruction (-1 for none), decoded once from `co_lines()`; as `addr2line`,
/// a code object with an empty line table is all on its first line.
fn line_table(vm: &VirtualMachine, code: &PyRef<PyCode>) -> Box<[i32]> {
    let units = code.instructions.len();
    let first = code.first_line_number.map_or(-1, |n| n.get() as i32);
    if code.linetable.is_empty() {
        return vec![first; units].into();
    }
    let mut table = vec![-1; units];
    let entries: Vec<PyObjectRef> = vm
        .call_method(code.as_object(), "co_lines", ())
        .and_then(|it| it.try_to_value(vm))
        .unwrap_or_default();
    for entry in entries {
        let Some([start, end, line]) = entry
            .downcast_ref::<PyTuple>()
            .and_then(|t| <&[PyObjectRef; 3]>::try_from(t.as_slice()).ok())
        else {
            continue;
        };
        let (Ok(start), Ok(end)) = (
            start.try_to_value::<usize>(vm),
            end.try_to_value::<usize>(vm),
        ) else {
            continue;
        };
        let line = line.try_to_value::<i32>(vm).unwrap_or(-1);
        for slot in table.iter_mut().take(end / 2).skip(start / 2) {
            *slot = line;
        }
    }
    table.into()
}
