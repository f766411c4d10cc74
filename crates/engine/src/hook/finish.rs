//! Storing a finished step into the trace, the file activity the prelude logged, and the
//! end of the run (post-run labels and the outcome).

use refscope_trace::{Event, Frame, Outcome, StackEntry, Step, StepEvent};
use rustpython_vm::VirtualMachine;

use super::Recorder;
use crate::heap::Snapshot;
use crate::label;

impl Recorder {
    /// Stores the step; returns how many there are now.
    pub(super) fn push_step(&mut self, event: StepEvent, line: u32, snapshot: Snapshot) -> u32 {
        let mut data = self.data.borrow_mut();
        let heap = data.heap_encoder.push(snapshot.objects);
        let stack = snapshot
            .frames
            .into_iter()
            .map(|f| {
                let locals = f
                    .locals
                    .into_iter()
                    .map(|l| data.locals.intern(l))
                    .collect();
                let frame = Frame {
                    id: f.id,
                    function: f.function,
                    locals,
                };
                StackEntry {
                    frame: data.frames.intern(frame),
                    line: f.line,
                }
            })
            .collect();
        let stdout_len = data.stdout.len() as u32;
        data.steps.push(Step {
            event,
            line,
            stack,
            heap,
            stdout_len,
            return_value: snapshot.return_value.map(Box::new),
            heap_truncated: snapshot.truncated,
            events: std::mem::take(&mut self.pending).into(),
        });
        data.steps.len() as u32
    }

    /// File activity the prelude logged since the last step.
    pub(super) fn drain_file_log(&mut self, vm: &VirtualMachine) {
        for f in self.prelude.drain_file_log(vm) {
            self.pending.push(Event::File(refscope_trace::FileEvent {
                action: f.action,
                name: f.name,
                bytes: f.bytes,
                object: None,
                line: self.current_line,
            }));
        }
    }

    /// Ends the run: the post-run labels and the outcome (`uncaught`: the outcome of the
    /// exception that left the module, read before the exit dropped it).
    pub(crate) fn finish(&mut self, uncaught: Option<Outcome>) -> Outcome {
        self.tracer = None;
        {
            let mut data = self.data.borrow_mut();
            label::pair_context_managers(&mut data);
            label::label_differences(&mut data, self.options.recursion_limit);
        }
        if self.limit_hit {
            return Outcome::StepLimit {
                max_steps: self.options.max_steps,
            };
        }
        uncaught.unwrap_or(Outcome::Completed)
    }
}
