//! What the heap remembers, asked between steps by the program's own introspection
//! (`sys.getsizeof`, `gc.collect()`, `weakref.getweakrefcount`; see `crate::introspect`),
//! so that what the program prints comes from the same model the diagram draws.

use refscope_source::interned::{Interned, StrCount};
use rustpython_vm::{AsObject, PyObject};

use super::state::{first_sight, list_allocation};
use super::Heap;
use super::LineLists;

/// Cycle garbage as of the last step, as CPython's collector would count it.
pub(crate) struct Garbage {
    /// Objects CPython's collector tracks among the garbage.
    pub count: usize,
    /// Whether a dict or tuple is among them: CPython stops tracking one that holds only
    /// atoms (ints, strs), which the heap does not remember, so the count may be high.
    pub exact: bool,
}

impl Heap {
    /// CPython's allocation for `list`, now `len` long: replayed from the last step's
    /// allocation, or guessed (and not exact) for a list the heap has not seen.
    pub(crate) fn list_allocation_now(&self, list: &PyObject, len: u64) -> (u64, bool) {
        list_allocation(self.tracked.get(&list.get_id()), len)
    }

    /// CPython's allocation for a list `len` long that `lines` made, and whether exact.
    pub(crate) fn new_list_allocation(lines: &LineLists, len: u64) -> (u64, bool) {
        first_sight(lines, len)
    }

    /// Whether the last step drew an object at `obj`'s address.
    pub(crate) fn has_seen(&self, obj: &PyObject) -> bool {
        self.tracked.contains_key(&obj.get_id())
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
