//! Reachability at one step: "Why is this alive?" paths from the roots, the names that
//! refer to an object, and the garbage cycles (strongly connected components of the
//! unreachable objects) that only the cyclic collector can free.
//!
//! Roots are the locals of every frame; at module level those are the program's globals.
//! Only strong references are followed: a weak reference never keeps anything alive.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use refscope_trace::{ObjId, ObjectState, Trace, Value};

use super::diff::heap_map;
use super::text::extend_path;

/// The answer to "Why is this alive?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhyAlive {
    /// Shortest reference paths from roots, e.g. `a.other` or `items[0]` (at most three).
    Paths(Vec<String>),
    /// No root reaches it but it is alive: a garbage cycle keeps it.
    UnreachableCycle,
    /// Reachable per the recorder, but not from any name the program shows (for example a
    /// temporary the interpreter holds).
    Internal,
    /// Not alive at this step.
    NotAlive,
}

impl WhyAlive {
    /// The answer in words.
    pub fn describe(&self) -> Vec<String> {
        match self {
            WhyAlive::Paths(paths) => paths.iter().map(|p| format!("reachable as {p}")).collect(),
            WhyAlive::UnreachableCycle => {
                vec!["unreachable: only the cycle keeps it alive".to_owned()]
            }
            WhyAlive::Internal => {
                vec!["held by the interpreter itself, not by any of your names".to_owned()]
            }
            WhyAlive::NotAlive => vec!["not alive at this step".to_owned()],
        }
    }
}

/// The root names of a step: `name` at module level, `name (in f)` inside functions.
pub(crate) fn roots(trace: &Trace, step: usize) -> Vec<(String, ObjId)> {
    let mut out = Vec::new();
    // Innermost frame first: the learner is looking at it.
    for frame in trace.stack(step).iter().rev() {
        for &local in &frame.locals {
            if let Value::Ref { id } = local.value {
                let name = if frame.function == "<module>" {
                    local.name.clone()
                } else {
                    format!("{} (in {})", local.name, frame.function)
                };
                out.push((name, id));
            }
        }
    }
    out
}

/// Strong edges out of `state` with their labels.
pub(crate) fn strong_edges(
    state: &ObjectState,
) -> impl Iterator<Item = (&refscope_trace::EdgeLabel, ObjId)> {
    state
        .refs
        .iter()
        .filter(|e| !e.weak)
        .filter_map(|e| match e.value {
            Value::Ref { id } => Some((&e.label, id)),
            Value::Inline { .. } => None,
        })
}

/// Why `target` is alive at `step`: the shortest path from each root that reaches it.
pub fn why_alive(trace: &Trace, step: usize, target: ObjId) -> WhyAlive {
    let heap = heap_map(trace, step);
    let Some(state) = heap.get(&target) else {
        return WhyAlive::NotAlive;
    };
    let mut paths = Vec::new();
    let mut seen_roots = BTreeSet::new();
    for (root_name, root) in roots(trace, step) {
        if paths.len() == 3 {
            break;
        }
        if !seen_roots.insert(root_name.clone()) {
            continue;
        }
        // Breadth-first, so each path is a shortest one.
        let mut queue = VecDeque::from([(root, root_name)]);
        let mut visited = BTreeSet::from([root]);
        while let Some((id, path)) = queue.pop_front() {
            if id == target {
                if !paths.contains(&path) {
                    paths.push(path);
                }
                break;
            }
            if let Some(obj) = heap.get(&id) {
                for (label, next) in strong_edges(obj) {
                    if visited.insert(next) {
                        queue.push_back((next, extend_path(&path, label)));
                    }
                }
            }
        }
    }
    if !paths.is_empty() {
        WhyAlive::Paths(paths)
    } else if !state.reachable {
        WhyAlive::UnreachableCycle
    } else {
        WhyAlive::Internal
    }
}

/// The names that refer to `target` directly: locals (`a`) and slots of named containers
/// (`items[0]`, `a.other`). Used by the narration: "now has 2 references (a, items[0])".
pub fn referrers(trace: &Trace, step: usize, target: ObjId) -> Vec<String> {
    let mut out = Vec::new();
    for (name, id) in roots(trace, step) {
        if id == target {
            out.push(name);
        }
    }
    for obj in trace.heap(step) {
        for (label, id) in strong_edges(obj) {
            if id == target {
                out.push(extend_path(&display_name(trace, step, obj.id), label));
            }
        }
    }
    out
}

/// How the narration names an object: the first root naming it, else `Type #id`.
pub fn display_name(trace: &Trace, step: usize, id: ObjId) -> String {
    roots(trace, step)
        .into_iter()
        .find(|(_, r)| *r == id)
        .map(|(name, _)| name)
        .unwrap_or_else(|| match trace.object_at(step, id) {
            Some(o) => format!("{} #{id}", o.type_name),
            None => format!("#{id}"),
        })
}

/// Garbage cycles at `step`: strongly connected components of the unreachable objects
/// (over strong references) that contain a cycle, each sorted by id, in id order.
pub fn garbage_cycles(trace: &Trace, step: usize) -> Vec<Vec<ObjId>> {
    let garbage: BTreeMap<ObjId, &ObjectState> = trace
        .heap(step)
        .filter(|o| !o.reachable)
        .map(|o| (o.id, o))
        .collect();
    let succ = |id: ObjId| -> Vec<ObjId> {
        strong_edges(garbage[&id])
            .map(|(_, n)| n)
            .filter(|n| garbage.contains_key(n))
            .collect()
    };
    // Kosaraju: finish order on the graph, then components on the reverse graph. The
    // depth-first searches are iterative so a long chain cannot overflow the stack.
    let mut order = Vec::new();
    let mut visited = BTreeSet::new();
    for &start in garbage.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack = vec![(start, succ(start), 0usize)];
        while let Some((node, next, i)) = stack.last_mut() {
            if let Some(&n) = next.get(*i) {
                *i += 1;
                if visited.insert(n) {
                    let s = succ(n);
                    stack.push((n, s, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    let mut preds: BTreeMap<ObjId, Vec<ObjId>> = BTreeMap::new();
    for &id in garbage.keys() {
        for n in succ(id) {
            preds.entry(n).or_default().push(id);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for &start in order.iter().rev() {
        if !assigned.insert(start) {
            continue;
        }
        let mut component = vec![start];
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &p in preds.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                if assigned.insert(p) {
                    component.push(p);
                    stack.push(p);
                }
            }
        }
        let is_cycle = component.len() > 1 || succ(start).contains(&start);
        if is_cycle {
            component.sort_unstable();
            out.push(component);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    #[test]
    fn after_del_a_b_both_nodes_form_one_garbage_cycle() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 17); // after `del a, b`
        let unreachable: Vec<ObjId> = trace
            .heap(step)
            .filter(|o| !o.reachable)
            .map(|o| o.id)
            .collect();
        assert_eq!(unreachable.len(), 2);
        assert_eq!(garbage_cycles(&trace, step), vec![unreachable.clone()]);
        assert_eq!(
            why_alive(&trace, step, unreachable[0]),
            WhyAlive::UnreachableCycle
        );
    }

    #[test]
    fn paths_name_the_root_and_the_slots() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 15); // items = [a, b] has run
        let a = trace.stack(step)[0]
            .locals
            .iter()
            .find(|l| l.name == "a")
            .and_then(|l| super::super::text::value_target(&l.value))
            .unwrap();
        let WhyAlive::Paths(paths) = why_alive(&trace, step, a) else {
            panic!("a is reachable");
        };
        assert!(paths.contains(&"a".to_owned()), "{paths:?}");
        assert!(paths.contains(&"b.other".to_owned()), "{paths:?}");
        let names = referrers(&trace, step, a);
        assert!(names.contains(&"items[0]".to_owned()), "{names:?}");
        assert!(garbage_cycles(&trace, step).is_empty());
    }
}
