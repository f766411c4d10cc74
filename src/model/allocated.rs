//! "Allocated here and still alive", tracemalloc's `compare_to(old, "lineno")` over the
//! recorded run: the objects alive at a step that were not alive at a pinned earlier one,
//! grouped by the line that made them (the innermost frame's line, as tracemalloc groups
//! by the allocation's innermost frame), largest first. Immortal objects are left out.

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{ObjId, Refcount, Trace};

/// One line's objects made since the pinned step and still alive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatedAt {
    /// The 1-based line that made them.
    pub line: u32,
    /// The function that line is in (`<module>` at the top).
    pub function: String,
    /// Their bytes (`sys.getsizeof`, CPython 3.13's).
    pub bytes: u64,
    /// The objects, by id.
    pub objects: Vec<ObjId>,
}

/// The step each object of the trace first appears at. Walking the heap changes is the
/// costly part of [`allocated_since`], and its answer depends on the trace alone, so a view
/// computes it once per trace and keeps it while the learner steps.
pub fn births(trace: &Trace) -> BTreeMap<ObjId, usize> {
    let mut first_seen = BTreeMap::new();
    let mut walk = trace.heaps();
    while let Some(h) = walk.next_step() {
        for &i in h.changed {
            first_seen
                .entry(trace.objects[i as usize].id)
                .or_insert(h.step);
        }
    }
    first_seen
}

/// The lines that made the objects alive at `to` but not at `from`, by bytes;
/// `first_seen` is [`births`] of the trace.
pub fn allocated_since(
    trace: &Trace,
    first_seen: &BTreeMap<ObjId, usize>,
    from: usize,
    to: usize,
) -> Vec<AllocatedAt> {
    let old: BTreeSet<ObjId> = trace.heap(from).map(|o| o.id).collect();
    let mut by_line: BTreeMap<(u32, String), AllocatedAt> = BTreeMap::new();
    for o in trace.heap(to) {
        if old.contains(&o.id) || o.refcount == Refcount::Immortal {
            continue;
        }
        let made = first_seen
            .get(&o.id)
            .copied()
            .unwrap_or(to)
            .saturating_sub(1);
        let (line, function) = (trace.steps[made].line, trace.function_at(made).to_owned());
        let entry = by_line
            .entry((line, function.clone()))
            .or_insert_with(|| AllocatedAt {
                line,
                function,
                bytes: 0,
                objects: Vec::new(),
            });
        entry.bytes += o.size.bytes().unwrap_or(0);
        entry.objects.push(o.id);
    }
    let mut out: Vec<AllocatedAt> = by_line.into_values().collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    /// The cycle fixture: `a = Node("a")` (line 10), `b = Node("b")` (11),
    /// `items = [a, b]` (14). From the start to line 15: two 48-byte nodes made by their
    /// `Node(...)` lines and a 72-byte list by line 14.
    #[test]
    fn objects_are_grouped_by_the_line_that_made_them() {
        let trace = fixtures::load("cycle");
        let start = fixtures::step_at_line(&trace, 10);
        let now = fixtures::step_at_line(&trace, 15);
        let rows: Vec<(u32, bool, u64, usize)> =
            allocated_since(&trace, &births(&trace), start, now)
                .iter()
                .map(|a| (a.line, a.function == "<module>", a.bytes, a.objects.len()))
                .collect();
        assert_eq!(
            rows,
            [(14, true, 72, 1), (10, true, 48, 1), (11, true, 48, 1)]
        );
        assert!(allocated_since(&trace, &births(&trace), now, now).is_empty());
    }
}
