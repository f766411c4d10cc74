//! CPython 3.13's collector generations, for `gc.collect(generation)`. A container object
//! starts in the young generation (0); a collection of generation g examines the
//! generations up to g, and what survives it moves to g + 1 (the oldest, 2, stays).
//! Garbage in an older generation is not examined, so a young collection leaves it, and
//! whatever it references, alone. RustPython's collector has no generations: while an
//! explicit collection of a younger generation runs, the heap holds the older garbage,
//! so RustPython's collector sees a reference from outside and keeps it, as CPython's
//! would. Automatic collections are RustPython's own and are not modelled.

use std::collections::BTreeSet;

use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use super::{Garbage, Heap};

/// CPython's oldest generation.
pub(crate) const OLDEST: u8 = 2;

/// What CPython 3.13's collector knows of an object between steps.
#[derive(Clone, Copy, Default)]
pub(crate) struct Collector {
    /// The generation CPython would keep it in.
    pub generation: u8,
    /// How many explicit collections have examined it: each untracks the tuples that
    /// hold only objects it does not track (`untrack_tuples`).
    pub examined: u8,
    /// A dict: whether it has held something the collector may track since it was made
    /// or since a full collection last examined it. CPython tracks a dict from the first
    /// such insertion, and only a full collection untracks it again (`untrack_dicts`).
    pub held_container: bool,
    /// A full collection examined it since the last snapshot: what it holds at the next
    /// one decides `held_container` afresh.
    pub recheck: bool,
}

impl Collector {
    /// The facts at this step, for `obj` that `old` described at the last one. Only a
    /// dict's contents are read.
    pub(crate) fn next(vm: &VirtualMachine, obj: &PyObjectRef, old: Option<Collector>) -> Self {
        let mut c = old.unwrap_or_default();
        if crate::read::is_exact(obj, vm.ctx.types.dict_type) {
            let now = holds_trackable(vm, obj);
            c.held_container = now || (c.held_container && !c.recheck);
            c.recheck = false;
        }
        c
    }
}

/// The garbage an explicit collection examines, by address.
pub(crate) struct Examined(BTreeSet<usize>);

impl Heap {
    /// Before `gc.collect(generation)`: strong references to the cycle garbage in older
    /// generations (to hold while the real collection runs), and the garbage CPython
    /// examines.
    pub(crate) fn split_garbage(
        &self,
        vm: &VirtualMachine,
        generation: u8,
    ) -> (Vec<PyObjectRef>, Examined) {
        let (mut older, mut examined) = (BTreeSet::new(), BTreeSet::new());
        for (addr, t) in (self.tracked.iter()).filter(|(_, t)| !t.reachable && t.gc_tracked) {
            match t.collector.generation > generation {
                true => older.insert(*addr),
                false => examined.insert(*addr),
            };
        }
        (self.live_tracked(vm, &older), Examined(examined))
    }

    /// The examined garbage still alive, by address.
    pub(crate) fn alive(&self, vm: &VirtualMachine, examined: &Examined) -> BTreeSet<usize> {
        (self.live_tracked(vm, &examined.0).iter())
            .map(|o| o.get_id())
            .collect()
    }

    /// What a collection freed, from the examined garbage alive before and after it, as
    /// CPython's `gc.collect()` counts it.
    pub(crate) fn freed(
        &self,
        examined: &Examined,
        before: &BTreeSet<usize>,
        after: &BTreeSet<usize>,
    ) -> Garbage {
        let (mut count, mut exact) = (0, true);
        for addr in examined
            .0
            .iter()
            .filter(|a| before.contains(a) && !after.contains(a))
        {
            count += 1;
            let type_name = self.tracked.get(addr).map_or("", |t| t.type_name.as_str());
            exact &= type_name != "dict" && type_name != "tuple";
        }
        Garbage { count, exact }
    }

    /// After the collection: the survivors of the examined generations move up one, once
    /// the next snapshot has told what the collection freed (which is decided by the
    /// generations the objects were in).
    /// What the collection examined is known untracked at once, where CPython untracks it.
    pub(crate) fn promote(&mut self, generation: u8) {
        self.promotion = self.promotion.max(Some(generation));
        self.collections += 1;
        (self.tracked.values_mut())
            .filter(|t| t.collector.generation <= generation)
            .for_each(|t| {
                t.collector.examined = t.collector.examined.saturating_add(1);
                t.collector.recheck |= generation == OLDEST;
            });
    }

    /// Applies the promotion a collection since the last snapshot left.
    pub(super) fn apply_promotion(&mut self) {
        let Some(generation) = self.promotion.take() else {
            return;
        };
        let next = (generation + 1).min(OLDEST);
        // Each entry on its own: the map's order does not matter.
        (self.tracked.values_mut())
            .filter(|t| t.collector.generation <= generation)
            .for_each(|t| t.collector.generation = next);
    }

    /// What the collector knows of the object at `addr` the last snapshot saw.
    pub(crate) fn collector_at(&self, addr: usize) -> Option<Collector> {
        self.tracked.get(&addr).map(|t| t.collector)
    }
}

/// Whether a dict holds a key or value CPython's collector may track
/// (`_PyObject_GC_MAY_BE_TRACKED`: a container, but not a tuple it has untracked).
pub(crate) fn holds_trackable(vm: &VirtualMachine, dict: &PyObject) -> bool {
    let entries = crate::read::dict_entries(dict).unwrap_or_default();
    entries
        .iter()
        .any(|(k, v)| !is_atom(vm, k) || !is_atom(vm, v))
}

/// Objects CPython's collector never tracks: numbers, strings, bytes, `None`, ranges,
/// the empty tuple (static in 3.13), and any other object whose type CPython 3.13 makes
/// without a GC header (a `bytearray`; the size table says which).
pub(crate) fn is_atom(vm: &VirtualMachine, obj: &PyObject) -> bool {
    let t = &vm.ctx.types;
    let empty_tuple = (obj.downcast_ref::<rustpython_vm::builtins::PyTuple>())
        .is_some_and(|items| items.is_empty() && crate::read::is_exact(obj, t.tuple_type));
    let listed = [
        t.int_type,
        t.bool_type,
        t.float_type,
        t.complex_type,
        t.str_type,
        t.bytes_type,
        t.none_type,
        t.range_type,
    ]
    .iter()
    .any(|ty| crate::read::is_exact(obj, ty));
    empty_tuple || listed || crate::describe::class_layout(vm, obj).is_some_and(|layout| !layout.gc)
}
