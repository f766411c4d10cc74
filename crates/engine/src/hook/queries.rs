//! What the program's own introspection (`crate::introspect`) asks the recorder between
//! steps, and the estimates it leaves for the step that ends the asking line.

use refscope_trace::{Event, StepEvent};
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use super::Recorder;
use crate::frames;
use crate::heap::Heap;
use crate::options::Options;
use crate::prelude::Prelude;
use crate::size::growth::{ListFrom, Made};
use crate::vm_held::held_by_vm;
use refscope_source::source_map::CallArg;

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

    /// How the line now running (`current`) or the one that just ran can have made a
    /// container (see `size::growth::Made`).
    pub(crate) fn line_made(&self, vm: &VirtualMachine) -> Made {
        let line = self.current_line;
        let lists = (self.source_map.list_displays(line))
            .map(|ds| ds.iter().map(|d| (d.len, d.from_constant)).collect());
        let mut merged = Vec::new();
        let mut lists_from = Vec::new();
        for (callee, arg) in self.source_map.collection_calls(line) {
            let from = match arg {
                CallArg::Name(n) => named_kind(vm, n),
                CallArg::Generator => Some(Named::Unsized),
                CallArg::Display => Some(Named::Sequence),
                CallArg::Call(f) => match f.as_str() {
                    "map" | "filter" | "zip" | "enumerate" => Some(Named::Unsized),
                    "range" | "reversed" | "iter" => Some(Named::Sequence),
                    _ => None,
                },
                CallArg::Other => None,
            };
            match (callee.as_str(), from) {
                ("set" | "frozenset", Some(Named::Collection(n))) => merged.push(n),
                ("list" | "sorted", Some(Named::Sequence)) => lists_from.push(ListFrom::Sized),
                ("list" | "sorted", Some(Named::Unsized)) => lists_from.push(ListFrom::Unsized),
                ("list" | "sorted", Some(Named::Collection(_))) => {
                    lists_from.push(ListFrom::Resized)
                }
                _ => {}
            }
        }
        Made {
            comprehension: self.source_map.in_comprehension(line),
            lists,
            dicts: self.source_map.dict_displays(line).to_vec(),
            sets: self.source_map.set_displays(line).to_vec(),
            merged,
            clears: self.source_map.clears(line),
            exact_lists: self.source_map.makes_exact_lists(line),
            lists_from,
            extends: self.source_map.extends_list(line),
            pops: self.source_map.pops(line),
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
        let mut held = held_by_vm(vm, &stack, &self.source_map, &self.init_sites, collecting);
        self.add_exit_holds(&mut held);
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

/// What a name is bound to, as far as building a container from it goes.
pub(crate) enum Named {
    /// A list or tuple.
    Sequence,
    /// A set, frozenset or dict (its length).
    Collection(u64),
    /// An iterator that does not know its length (a generator, `map`, `zip`...).
    Unsized,
}

/// What `name` is bound to in the innermost learner frame (its locals, then the
/// module's globals), read from payloads and exact types.
pub(crate) fn named_kind(vm: &VirtualMachine, name: &str) -> Option<Named> {
    let frame = vm.current_frame()?;
    let stack = crate::frames::user_stack(vm, &frame);
    let top = stack.last()?;
    let mut bound = crate::read::frame_locals(vm, top.as_object());
    if let Some(module) = stack.first().filter(|m| !m.is(top)) {
        bound.extend(crate::read::frame_locals(vm, module.as_object()));
    }
    let value = bound.into_iter().find(|(b, _)| b == name).map(|(_, v)| v)?;
    if let Some(n) = crate::read::collection_len(&value) {
        return Some(Named::Collection(n));
    }
    let t = &vm.ctx.types;
    if crate::read::is_exact(&value, t.list_type) || crate::read::is_exact(&value, t.tuple_type) {
        return Some(Named::Sequence);
    }
    let lengthless = ["generator", "map", "filter", "zip", "enumerate"];
    lengthless
        .contains(&crate::read::type_name(&value).as_str())
        .then_some(Named::Unsized)
}
