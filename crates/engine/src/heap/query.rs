//! What the heap remembers, asked between steps by the program's own introspection
//! (`sys.getsizeof`, `gc.collect()`, `weakref.getweakrefcount`; see `crate::introspect`),
//! so that what the program prints comes from the same model the diagram draws.

use refscope_source::interned::{Interned, StrCount};
use rustpython_vm::{AsObject, PyObject};

use super::Heap;
use crate::size::growth::{Growth, Made, Observed};

/// Cycle garbage as of the last step, as CPython's collector would count it.
pub(crate) struct Garbage {
    /// Objects CPython's collector tracks among the garbage.
    pub count: usize,
    /// Whether a dict or tuple is among them: CPython stops tracking one that holds only
    /// atoms (ints, strs), which the heap does not remember, so the count may be high.
    pub exact: bool,
}

impl Heap {
    /// A container's size now: its history replayed from the last step it was seen
    /// at, or for one not seen yet, what the running line (`made`) most likely made.
    pub(crate) fn grown_size_now(
        &self,
        obj: &PyObject,
        observed: &Observed,
        made: &Made,
    ) -> refscope_trace::Size {
        let old = (self.tracked.get(&obj.get_id())).and_then(|t| t.growth.clone());
        old.and_then(|g| g.observe(observed, made))
            .unwrap_or_else(|| Growth::first(observed, made))
            .size()
    }

    /// Whether the last step found cycle garbage among the program's objects (what a
    /// full collection would free).
    pub(crate) fn has_cycle_garbage(&self) -> bool {
        self.tracked.values().any(|t| t.gc_tracked && !t.reachable)
    }

    /// The program's cycle garbage as of the last step that the heap can still reach
    /// (through its weak references: the kinds that can have a finalizer), oldest first.
    pub(crate) fn cycle_garbage(&self) -> Vec<rustpython_vm::PyObjectRef> {
        let mut found: Vec<_> = (self.tracked.values())
            .filter(|t| t.gc_tracked && !t.reachable)
            .filter_map(|t| Some((t.id, t.weak.as_ref()?.upgrade()?)))
            .collect();
        found.sort_by_key(|(id, _)| *id);
        found.into_iter().map(|(_, o)| o).collect()
    }

    /// Whether the heap holds one of `obj`'s weak references (its own identity check).
    pub(crate) fn holds_weakref_to(&self, obj: &PyObject) -> bool {
        (self.tracked.get(&obj.get_id())).is_some_and(|t| {
            t.weak
                .as_ref()
                .and_then(|w| w.upgrade())
                .is_some_and(|o| o.get_id() == obj.get_id())
        })
    }

    /// For a string RustPython interns and CPython 3.13 counts: the references the last
    /// step found and how CPython counts it.
    pub(crate) fn str_refs_then(&self, obj: &PyObject) -> Option<(usize, StrCount)> {
        self.last_str_refs.get(&obj.get_id()).copied()
    }

    /// The program's interned-string facts.
    pub(crate) fn interned(&self) -> &Interned {
        &self.interned
    }
}
