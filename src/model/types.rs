//! "Types and growth", objgraph's `show_most_common_types` and `show_growth` over the
//! recorded run: the learner's live objects counted by type at a step, and what changed
//! between a pinned step and this one. Immortal objects (CPython made them before the
//! program ran) are left out, as the line profile leaves them out.

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{ObjId, Refcount, Trace};

/// One type's count at a step, with its objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeCount {
    /// `type(x).__name__`.
    pub type_name: String,
    /// Its live objects, by id.
    pub objects: Vec<ObjId>,
}

/// The live objects of `step` by type, most common first (then by name, as objgraph
/// sorts ties).
pub fn most_common(trace: &Trace, step: usize) -> Vec<TypeCount> {
    let mut by_type: BTreeMap<&str, Vec<ObjId>> = BTreeMap::new();
    for o in trace.heap(step) {
        if o.refcount != Refcount::Immortal {
            by_type.entry(o.type_name.as_str()).or_default().push(o.id);
        }
    }
    let mut out: Vec<TypeCount> = by_type
        .into_iter()
        .map(|(t, objects)| TypeCount {
            type_name: t.to_owned(),
            objects,
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.objects.len()));
    out
}

/// One type's change between two steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Growth {
    /// `type(x).__name__`.
    pub type_name: String,
    /// Its count at the pinned step.
    pub before: usize,
    /// Its count at this step.
    pub after: usize,
    /// The objects alive now that were not at the pinned step.
    pub new: Vec<ObjId>,
}

/// The types whose count changed from step `from` to step `to`, the largest growth first
/// (objgraph's `show_growth` lists only growth; a shrink is shown too, below it).
pub fn growth(trace: &Trace, from: usize, to: usize) -> Vec<Growth> {
    growth_between(&most_common(trace, from), &most_common(trace, to))
}

/// [`growth`] from the counts of the two steps, for a view that already has the current
/// step's counts on screen (each count rebuilds a step's heap).
pub fn growth_between(before: &[TypeCount], after: &[TypeCount]) -> Vec<Growth> {
    let count = |list: &[TypeCount], t: &str| {
        list.iter()
            .find(|c| c.type_name == t)
            .map_or(0, |c| c.objects.len())
    };
    let old: BTreeSet<ObjId> = before
        .iter()
        .flat_map(|c| c.objects.iter().copied())
        .collect();
    let mut names: Vec<&str> = before
        .iter()
        .chain(after)
        .map(|c| c.type_name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out: Vec<Growth> = names
        .into_iter()
        .map(|t| Growth {
            type_name: t.to_owned(),
            before: count(before, t),
            after: count(after, t),
            new: after
                .iter()
                .filter(|c| c.type_name == t)
                .flat_map(|c| c.objects.iter().copied())
                .filter(|id| !old.contains(id))
                .collect(),
        })
        .filter(|g| g.before != g.after || !g.new.is_empty())
        .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.after as i64 - g.before as i64));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    /// The cycle fixture: `a = Node("a")`, `b = Node("b")`, `items = [a, b]` (line 14).
    #[test]
    fn counts_and_growth_are_the_programs_objects() {
        let trace = fixtures::load("cycle");
        let start = fixtures::step_at_line(&trace, 10);
        let after_list = fixtures::step_at_line(&trace, 15);
        let types = most_common(&trace, after_list);
        let names: Vec<(&str, usize)> = types
            .iter()
            .map(|c| (c.type_name.as_str(), c.objects.len()))
            .collect();
        assert_eq!(names, [("Node", 2), ("list", 1)]);
        let g = growth(&trace, start, after_list);
        let rows: Vec<(&str, usize, usize, usize)> = g
            .iter()
            .map(|g| (g.type_name.as_str(), g.before, g.after, g.new.len()))
            .collect();
        assert_eq!(rows, [("Node", 0, 2, 2), ("list", 0, 1, 1)]);
        assert!(growth(&trace, after_list, after_list).is_empty());
    }
}
