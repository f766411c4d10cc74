//! What the program's own introspection (`crate::introspect`) asks the recorder between
//! steps, and the estimates it leaves for the step that ends the asking line.

use refscope_trace::{Event, StepEvent};
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use super::Recorder;
use crate::frames;
use crate::heap::{Heap, LineLists};
use crate::options::Options;
use crate::prelude::Prelude;
use crate::vm_held::held_by_vm;

impl Recorder {
    pub(crate) fn heap(&self) -> &Heap {
        &self.heap
    }

    pub(crate) fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }

    pub(crate) fn prelude(&self) -> &Prelude {
        &self.prelude
    }

    /// How the line now running (`current`) or the one that just ran can make lists.
    pub(crate) fn line_lists(&self) -> LineLists {
        LineLists {
            comprehension: self.source_map.in_comprehension(self.current_line),
            displays: (self.source_map.list_displays(self.current_line)).map(<[_]>::to_vec),
        }
    }

    pub(crate) fn options(&self) -> &Options {
        &self.options
    }

    /// What the interpreter holds of `obj` beyond CPython in the learner's frames now
    /// running (see `vm_held`), and whether that is an estimate.
    pub(crate) fn held_now(&self, vm: &VirtualMachine, obj: &PyObject) -> (isize, bool) {
        let Some(frame) = vm.current_frame() else {
            return (0, false);
        };
        let stack = frames::user_stack(vm, &frame);
        let collecting = self.heap.collecting();
        let held = held_by_vm(vm, &stack, &self.source_map, &self.init_sites, collecting);
        let id = obj.get_id();
        let delta = held.delta.get(&id).copied().unwrap_or(0)
            + self.heap.kept_callback_hold(vm, obj, &stack)
            + self.heap.constant_hold(vm, obj);
        (delta, held.approximate.contains(&id))
    }

    /// Keeps an estimate for the step that ends the line now running: the next `line` or
    /// `return` step in the learner's frame that made the call (or one it returns to), so
    /// the output that line prints after the call (say, once a generator expression it
    /// calls has finished) falls between the call and that step.
    pub(crate) fn note(
        &mut self,
        vm: &VirtualMachine,
        event: impl FnOnce(u32, u32) -> Option<Event>,
    ) {
        let at = self.data.borrow().stdout.len() as u32;
        let depth = vm
            .current_frame()
            .map_or(0, |f| frames::user_stack(vm, &f).len());
        if let Some(e) = event(self.current_line, at) {
            self.estimates.push((depth, self.current_line, e));
        }
    }

    /// Moves the estimates whose line ends at this step into the step's events: a step
    /// in a frame the asking one returned to, its own `return`, or its next `line` step
    /// at another line (RustPython reports the same line again when a generator
    /// expression the line runs hands back control).
    pub(super) fn release_estimates(&mut self, event: StepEvent, depth: usize, line: u32) {
        let ends = |d: usize, l: u32| match event {
            StepEvent::Line => d > depth || (d == depth && l != line),
            StepEvent::Return => d >= depth,
            _ => false,
        };
        let (done, keep) = std::mem::take(&mut self.estimates)
            .into_iter()
            .partition(|(d, l, _)| ends(*d, *l));
        self.estimates = keep;
        self.pending.extend(done.into_iter().map(|(_, _, e)| e));
    }
}
