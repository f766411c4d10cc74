//! What the heap remembers, asked between steps by the program's own introspection
//! (`sys.getsizeof`, `gc.collect()`, `weakref.getweakrefcount`; see `crate::introspect`),
//! so that what the program prints comes from the same model the diagram draws.

use refscope_source::interned::{Interned, StrCount};
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use super::Heap;
use crate::read;
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

impl Heap {
    /// Counts `obj` among its class's instances, if it is a class statement's plain
    /// instance (inline values, a shared keys table). Called once per object, when the
    /// heap first sees it.
    pub(super) fn note_new_object(&mut self, vm: &VirtualMachine, obj: &PyObject) {
        if obj.dict().is_some() && read::is_plain_class_instance(vm, obj) {
            *self
                .instances_made
                .entry(obj.class().as_object().get_id())
                .or_default() += 1;
        }
    }

    /// The size of `dict`, the materialised `__dict__` of `owner` (see
    /// `size::materialised_dict_size`). `between_steps`: asked by the program, when an
    /// owner the last step did not see was made by the line that runs (not counted yet).
    pub(crate) fn materialised_dict_size(
        &self,
        owner: &PyObject,
        dict: &PyObject,
        between_steps: bool,
    ) -> u64 {
        let class = owner.class().as_object().get_id();
        let seen = self.instances_made.get(&class).copied().unwrap_or(0);
        let unseen = between_steps && !self.tracked.contains_key(&owner.get_id());
        let made = seen + u64::from(unseen);
        let entries = read::dict_entries(dict).map_or(0, |e| e.len() as u64);
        crate::size::materialised_dict_size(made.max(1), entries)
    }
}

impl Heap {
    /// The code objects standing for the `co_consts` tuples CPython 3.13 lists among the
    /// referrers of `obj`, one of the program's constants: until a collection looks at
    /// them, when the collector stops tracking a tuple of constants (strings excepted:
    /// CPython's name tables hold them too, which the heap does not follow).
    pub(crate) fn constant_holders(
        &self,
        vm: &VirtualMachine,
        obj: &PyObject,
    ) -> Vec<rustpython_vm::PyObjectRef> {
        let Some(code) = self.program_code.as_ref() else {
            return Vec::new();
        };
        let constant = self.constants.is_constant(obj);
        if !constant || self.collections > 0 || read::is_exact(obj, vm.ctx.types.str_type) {
            return Vec::new();
        }
        match read::constant_value(vm, obj) {
            Some(value) => read::codes_holding(vm, code, &value),
            None => Vec::new(),
        }
    }
}

/// Of the walked objects, the plain instances whose `__dict__` the walk also met (the
/// program holds it), by the dict's address: index of the owner in `objs`.
pub(super) fn dict_owners(
    vm: &VirtualMachine,
    objs: &[rustpython_vm::PyObjectRef],
    index: &rustc_hash::FxHashMap<usize, usize>,
) -> rustc_hash::FxHashMap<usize, usize> {
    (objs.iter().enumerate())
        .filter_map(|(i, o)| Some((o.dict()?.as_object().get_id(), i, o)))
        .filter(|(d, _, o)| index.contains_key(d) && read::is_plain_class_instance(vm, o))
        .map(|(d, i, _)| (d, i))
        .collect()
}
