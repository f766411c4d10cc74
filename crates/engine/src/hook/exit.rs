//! The recorder's side of the interpreter's exit (driven by `crate::exit`): the module
//! frame kept after its code returned, so the exit's steps still show the module's names
//! until they are released, and one step for each stage of the exit.

use refscope_trace::{Event, ExitStage, GcTrigger, StepEvent};
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};

use super::Recorder;
use crate::heap::{GcPending, HeldByVm};

impl Recorder {
    /// Remembers the module's frame, the first learner frame that runs at depth 1.
    pub(super) fn keep_module_frame(&mut self, stack: &[FrameRef]) {
        if self.module_frame.is_none() && stack.len() == 1 {
            self.module_frame = Some(stack[0].clone());
        }
    }

    /// The stack a step shows: during the exit the module's frame (finished, its names
    /// still bound until the globals stage) stays at the bottom, as the names column.
    pub(super) fn with_module_frame(&self, mut stack: Vec<FrameRef>) -> Vec<FrameRef> {
        if let (true, Some(module)) = (self.exiting, &self.module_frame) {
            if !stack.first().is_some_and(|f| f.is(module)) {
                stack.insert(0, module.clone());
            }
        }
        stack
    }

    /// Whether the exit can be shown: the module ran (it has a frame) and the step budget
    /// is not spent.
    pub(crate) fn can_exit(&self) -> bool {
        self.module_frame.is_some() && !self.limit_hit
    }

    /// Whether the step budget ran out (then the exit stops: nothing more is traced).
    pub(crate) fn limit_hit(&self) -> bool {
        self.limit_hit
    }

    /// A stage of the exit begins: one step, on the module's last line, with the stage as
    /// its event. The first one marks where the exit starts.
    pub(crate) fn exit_stage(&mut self, vm: &VirtualMachine, stage: ExitStage) -> PyResult<()> {
        let Some(module) = self.module_frame.clone() else {
            return Ok(());
        };
        if self.limit_hit {
            return Ok(());
        }
        if !self.exiting {
            self.exiting = true;
            let mut data = self.data.borrow_mut();
            data.exit_start = Some(data.steps.len() as u32);
        }
        let line = self.exit_line;
        self.pending.push(Event::Exit { stage, line });
        let stack = vec![module.clone()];
        self.frames.sync(&stack);
        self.current_line = line;
        self.step(vm, &module, StepEvent::Exit, line, &stack, None, false)
    }

    /// The exit's full collection begins (gc enabled): what is cycle garbage now is what
    /// it finds.
    pub(crate) fn begin_exit_collection(&mut self) {
        self.heap.begin_gc(GcPending {
            trigger: GcTrigger::Exit,
            generation: 2,
            line: self.exit_line,
        });
    }

    /// The exit collection of E6e: the globals dict is garbage, so `reached`, everything
    /// it reaches, is found and freed by that collection.
    pub(crate) fn begin_globals_collection(&mut self, reached: &[PyObjectRef]) {
        self.begin_exit_collection();
        self.heap.add_collection_garbage(reached);
    }

    /// The exit's full collection ended.
    pub(crate) fn end_exit_collection(&mut self) {
        self.heap.end_gc(GcPending {
            trigger: GcTrigger::Exit,
            generation: 2,
            line: self.exit_line,
        });
    }

    /// The exit holds `objects` while it finalizes them (see `exit_holds`).
    pub(crate) fn set_exit_holds(&mut self, objects: &[PyObjectRef]) {
        self.exit_holds = objects.iter().map(|o| o.get_id()).collect();
    }

    /// Counts the exit's own holds as the interpreter's, not CPython's.
    pub(super) fn add_exit_holds(&self, held: &mut HeldByVm) {
        for addr in &self.exit_holds {
            *held.delta.entry(*addr).or_insert(0) += 1;
        }
    }

    /// The module's last line, where the exit's steps are drawn.
    pub(super) fn note_module_line(&mut self, stack_len: usize, line: u32) {
        if stack_len == 1 && !self.exiting {
            self.exit_line = line;
        }
    }
}
