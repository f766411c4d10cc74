//! CPython 3.13's collector generations, for `gc.collect(generation)`. A container object
//! starts in the young generation (0); a collection of generation g examines the
//! generations up to g, and what survives it moves to g + 1 (the oldest, 2, stays).
//! Garbage in an older generation is not examined, so a young collection leaves it, and
//! whatever it references, alone. RustPython's collector has no generations: while an
//! explicit collection of a younger generation runs, the heap holds the older garbage,
//! so RustPython's collector sees a reference from outside and keeps it, as CPython's
//! would. Automatic collections are RustPython's own and are not modelled.

use rustc_hash::FxHashSet;
use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use super::{Garbage, Heap};
use crate::read;

/// CPython's oldest generation.
pub(crate) const OLDEST: u8 = 2;

/// The garbage an explicit collection examines, by address and type.
pub(crate) struct Examined(Vec<(usize, String)>);

impl Heap {
    /// Before `gc.collect(generation)`: strong references to the cycle garbage in older
    /// generations (to hold while the real collection runs), and the garbage CPython
    /// examines.
    pub(crate) fn split_garbage(
        &self,
        vm: &VirtualMachine,
        generation: u8,
    ) -> (Vec<PyObjectRef>, Examined) {
        let mut older = FxHashSet::default();
        let mut examined = Vec::new();
        for (addr, t) in self
            .tracked
            .iter()
            .filter(|(_, t)| !t.reachable && t.gc_tracked)
        {
            match t.generation > generation {
                true => drop(older.insert((*addr, t.type_name.clone()))),
                false => examined.push((*addr, t.type_name.clone())),
            }
        }
        examined.sort_unstable();
        if older.is_empty() {
            return (Vec::new(), Examined(examined));
        }
        let held = (vm.state.gc.get_objects(None).into_iter())
            .filter(|o| older.contains(&(o.get_id(), read::type_name(o))))
            .collect();
        (held, Examined(examined))
    }

    /// After the collection: the survivors of the examined generations move up one, once
    /// the next snapshot has told what the collection freed (which is decided by the
    /// generations the objects were in).
    pub(crate) fn promote(&mut self, generation: u8) {
        self.promotion = self.promotion.max(Some(generation));
    }

    /// Applies the promotion a collection since the last snapshot left.
    pub(super) fn apply_promotion(&mut self) {
        let Some(generation) = self.promotion.take() else {
            return;
        };
        let next = (generation + 1).min(OLDEST);
        // Each entry on its own: the map's order does not matter.
        (self.tracked.values_mut())
            .filter(|t| t.generation <= generation)
            .for_each(|t| t.generation = next);
    }
}

impl Examined {
    /// The examined garbage still alive, by address.
    pub(crate) fn alive(&self, vm: &VirtualMachine) -> FxHashSet<usize> {
        let wanted: FxHashSet<(usize, &str)> =
            self.0.iter().map(|(a, t)| (*a, t.as_str())).collect();
        (vm.state.gc.get_objects(None).iter())
            .map(|o| (o.get_id(), read::type_name(o)))
            .filter(|(a, t)| wanted.contains(&(*a, t.as_str())))
            .map(|(a, _)| a)
            .collect()
    }

    /// What a collection freed, from the examined garbage alive before and after it, as
    /// CPython's `gc.collect()` counts it.
    pub(crate) fn freed(&self, before: &FxHashSet<usize>, after: &FxHashSet<usize>) -> Garbage {
        let (mut count, mut exact) = (0, true);
        for (addr, type_name) in &self.0 {
            if before.contains(addr) && !after.contains(addr) {
                count += 1;
                exact &= type_name != "dict" && type_name != "tuple";
            }
        }
        Garbage { count, exact }
    }
}
