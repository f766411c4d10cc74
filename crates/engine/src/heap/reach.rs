//! Phase three of a snapshot, reachability: which objects no root reaches are still
//! alive (cycle garbage, or held by the running expression), decided as CPython's
//! collector decides.

use std::collections::BTreeSet;

use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use super::walk::{Seen, Walk};
use super::Heap;
use crate::read;

impl Heap {
    /// The missing objects that are still alive, in the order of `missing`.
    pub(super) fn live_garbage(
        &mut self,
        vm: &VirtualMachine,
        missing: &[usize],
    ) -> Vec<PyObjectRef> {
        let mut alive = Vec::new();
        let mut need_scan = BTreeSet::new();
        for addr in missing {
            let t = &self.tracked[addr];
            if let Some(o) = t.weak.as_ref().and_then(|w| w.upgrade()) {
                alive.push(o);
                continue;
            }
            // A collection clears weak references before it runs finalizers, so cycle
            // garbage with a dead weakref may still be alive (inside its `__del__`, or
            // resurrected by it): ask the collector. Reachable objects with a dead
            // weakref died by refcount; skipping them keeps the scan rare.
            if t.gc_tracked && (t.weak.is_none() || !t.reachable) {
                need_scan.insert(*addr);
            }
        }
        alive.extend(self.live_tracked(vm, &need_scan));
        alive
    }

    /// The tracked objects at `addrs` that the collector still holds. The same address
    /// and the same type: not a new object in a freed one's place. One scan of the
    /// collector's objects, so only asked when weak references cannot answer.
    pub(super) fn live_tracked(
        &self,
        vm: &VirtualMachine,
        addrs: &BTreeSet<usize>,
    ) -> Vec<PyObjectRef> {
        if addrs.is_empty() {
            return Vec::new();
        }
        (vm.state.gc.get_objects(None).into_iter())
            .filter(|o| {
                let addr = o.get_id();
                addrs.contains(&addr) && self.tracked[&addr].type_name == read::type_name(o)
            })
            .collect()
    }
}

/// Marks reachable the unreached objects that something outside the drawn graph still
/// references: the value stack of the running expression (the list a comprehension is
/// building, a call's arguments), which the walk cannot see. CPython's collector sees
/// those references and keeps such objects, so they are not garbage. Decided the way the
/// collector decides: an object whose refcount exceeds the references it gets from
/// other unreached objects is held from outside, and so is everything it reaches.
pub(super) fn keep_held_from_outside(walk: &mut Walk) {
    if walk.truncated || walk.reachable.iter().all(|&r| r) {
        return;
    }
    let n = walk.objs.len();
    // References each object gets from unreached objects, plus the ones the walk itself
    // holds (full descriptions keep their children until they become edges).
    let mut counted = vec![1usize; n];
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, seen) in walk.descs.iter().enumerate() {
        let unreached = !walk.reachable[i];
        match seen {
            Seen::Full(d) => {
                for (_, child, weak) in &d.children {
                    if let Some(j) = walk.slot(child.get_id()) {
                        counted[j] += 1;
                        if unreached && !weak {
                            counted[j] += 1;
                            kids[i].push(j);
                        }
                    }
                }
            }
            Seen::Fast(f) if unreached => {
                for &(addr, inline, _) in &f.children {
                    if let (false, Some(j)) = (inline, walk.slot(addr)) {
                        counted[j] += 1;
                        kids[i].push(j);
                    }
                }
            }
            Seen::Fast(_) => {}
        }
    }
    let mut queue: Vec<usize> = (0..n)
        .filter(|&j| {
            let strong = walk.objs[j].strong_count();
            !walk.reachable[j] && !read::is_immortal(&walk.objs[j]) && strong > counted[j]
        })
        .collect();
    while let Some(j) = queue.pop() {
        if !walk.reachable[j] {
            walk.reachable[j] = true;
            queue.extend(kids[j].iter().copied().filter(|&k| !walk.reachable[k]));
        }
    }
}
