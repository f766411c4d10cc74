//! CPython 3.13's collector generations, for `gc.collect(generation)`. A container object
//! starts in the young generation (0); a collection of generation g examines the
//! generations up to g, and what survives it moves to g + 1 (the oldest, 2, stays).
//! Garbage in an older generation is not examined, so a young collection leaves it, and
//! whatever it references, alone. RustPython's collector has no generations: while an
//! explicit collection of a younger generation runs, the heap holds the older garbage,
//! so RustPython's collector sees a reference from outside and keeps it, as CPython's
//! would. Automatic collections are RustPython's own and are not modelled.

use std::collections::BTreeSet;

use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use super::{Garbage, Heap};

/// CPython's oldest generation.
pub(crate) const OLDEST: u8 = 2;

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
            match t.generation > generation {
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
