//! Noticing collections: `gc.collect()` calls through the prelude's wrapper (logged before
//! the collection runs, so finalizers it triggers are attributed to it) and automatic ones
//! by polling the collector's counters. The heap decides what each one found and freed.

use refscope_trace::{Event, GcTrigger};
use rustpython_vm::VirtualMachine;

use crate::heap::{GcPending, Heap};
use crate::prelude::Prelude;

pub(crate) struct GcWatch {
    /// Collections the VM had run at the last look.
    collections: usize,
}

fn gc_total(vm: &VirtualMachine) -> usize {
    vm.state.gc.get_stats().iter().map(|s| s.collections).sum()
}

impl GcWatch {
    pub(crate) fn new(vm: &VirtualMachine) -> Self {
        GcWatch {
            collections: gc_total(vm),
        }
    }

    /// Tells the heap about collections begun or ended since the last step; `line` is the
    /// line that was running.
    pub(crate) fn check(
        &mut self,
        vm: &VirtualMachine,
        prelude: &Prelude,
        heap: &mut Heap,
        line: u32,
    ) {
        if let Some(generation) = prelude.take_gc_explicit(vm) {
            heap.begin_gc(GcPending {
                trigger: GcTrigger::Explicit,
                generation,
                line,
            });
        }
        let total = gc_total(vm);
        if total != self.collections {
            self.collections = total;
            heap.end_gc(GcPending {
                trigger: GcTrigger::Automatic,
                generation: 0,
                line,
            });
        }
    }
}

/// An automatic collection that found none of the program's objects. RustPython's
/// collector runs at other moments than CPython's (its own allocations, other thresholds),
/// so showing these would teach the learner RustPython's schedule, with nothing to see.
pub(crate) fn is_idle_automatic_gc(e: &Event) -> bool {
    matches!(e, Event::GcCollection { trigger: GcTrigger::Automatic, found, freed, .. }
        if found.is_empty() && freed.is_empty())
}

/// The note for an automatic collection that freed the program's objects: CPython would
/// also collect them automatically, but at a moment of its own.
pub(crate) fn automatic_gc_notes(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::GcCollection {
                trigger: GcTrigger::Automatic,
                freed,
                line,
                ..
            } if !freed.is_empty() => Some(format!(
                "Line {line}: an automatic garbage collection freed cycle garbage here. \
                 CPython also collects automatically, but when depends on its allocation \
                 thresholds and version, so in CPython this may happen at another line."
            )),
            _ => None,
        })
        .collect()
}
