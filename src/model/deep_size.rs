//! Deep size, pympler's `asizeof` over the recorded heap: for one object, the bytes of
//! everything it reaches (each object once, as asizeof counts), and of what only it keeps
//! alive (what freeing it would free). Sizes are the objects' own `sys.getsizeof`, CPython
//! 3.13's; immortal objects (CPython's, shared by everyone) count nothing.

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{ObjId, ObjectState, Refcount, Size, Trace, Value};

use super::diff::heap_map;
use super::reach::roots;

/// The deep size of one object at one step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeepSize {
    /// `sys.getsizeof` of the object alone.
    pub shallow: u64,
    /// Bytes of everything it reaches through strong references, itself included.
    pub reachable: u64,
    /// The objects only it keeps alive, itself first, with their sizes.
    pub retained: Vec<(ObjId, u64)>,
    /// Some size in the sums is an estimate or not modelled.
    pub inexact: bool,
}

impl DeepSize {
    /// Bytes of what only it keeps alive.
    pub fn retained_bytes(&self) -> u64 {
        self.retained.iter().map(|r| r.1).sum()
    }
}

fn bytes(o: &ObjectState) -> (u64, bool) {
    match (o.refcount, o.size) {
        (Refcount::Immortal, _) => (0, false),
        (_, Size::Exact { bytes }) => (bytes, false),
        (_, Size::Approximate { bytes }) => (bytes, true),
        (_, Size::NotModelled) => (0, true),
    }
}

/// Every object reached from `start` through strong references, never entering `blocked`.
fn reach(
    heap: &BTreeMap<ObjId, &ObjectState>,
    start: &[ObjId],
    blocked: Option<ObjId>,
) -> BTreeSet<ObjId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<ObjId> = start
        .iter()
        .copied()
        .filter(|&s| Some(s) != blocked)
        .collect();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(o) = heap.get(&id) else { continue };
        for e in o.refs.iter().filter(|e| !e.weak) {
            if let Value::Ref { id: next } = e.value {
                if Some(next) != blocked && !seen.contains(&next) {
                    todo.push(next);
                }
            }
        }
    }
    seen
}

/// The deep size of `id` at `step`; `None` when it is not alive there.
pub fn deep_size(trace: &Trace, step: usize, id: ObjId) -> Option<DeepSize> {
    let heap = heap_map(trace, step);
    let me = heap.get(&id)?;
    let reached = reach(&heap, &[id], None);
    let root_ids: Vec<ObjId> = roots(trace, step).into_iter().map(|(_, r)| r).collect();
    let elsewhere = reach(&heap, &root_ids, Some(id));
    let mut out = DeepSize {
        shallow: bytes(me).0,
        ..DeepSize::default()
    };
    for r in &reached {
        let (b, inexact) = bytes(heap[r]);
        out.reachable += b;
        out.inexact |= inexact;
        if *r == id || !elsewhere.contains(r) {
            out.retained.push((*r, b));
        }
    }
    // Itself first, then by id.
    out.retained.sort_by_key(|(r, _)| (*r != id, *r));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    /// The cycle fixture after `items = [a, b]`: the list (72 B) reaches both nodes
    /// (48 B each), but the names `a` and `b` hold them too, so only the list is its own.
    #[test]
    fn a_list_reaches_its_items_but_keeps_only_itself() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 15);
        let items = trace
            .heap(step)
            .find(|o| o.type_name == "list")
            .map(|o| o.id)
            .expect("the list");
        let d = deep_size(&trace, step, items).expect("alive");
        assert_eq!(d.shallow, 72);
        assert_eq!(d.reachable, 72 + 48 + 48);
        assert_eq!(d.retained, vec![(items, 72)]);
        // After `del a, b` (line 17 runs next) the cycle is garbage: each node keeps the
        // other, nothing else holds them.
        let step = fixtures::step_at_line(&trace, 17);
        let node = trace
            .heap(step)
            .find(|o| o.type_name == "Node")
            .map(|o| o.id)
            .expect("node");
        let d = deep_size(&trace, step, node).expect("alive");
        assert_eq!((d.reachable, d.retained_bytes()), (96, 96));
    }
}
