//! Back-references, objgraph's `show_backrefs` over the recorded heap: what refers to the
//! selected object, and what refers to those, up to the program's names, laid out in
//! columns by distance (the names on the left, the object on the right), with the
//! shortest path from a name marked. The diagram's edge labels name each arrow.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use refscope_trace::{ObjId, Trace};

use super::diff::heap_map;
use super::reach::{roots, strong_edges};
use super::text::edge_label;

/// How far back the graph goes, and how many boxes it draws, before it stops.
const MAX_DEPTH: usize = 6;
const MAX_NODES: usize = 24;

/// A box of the graph: a heap object or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackNode {
    /// `Some(id)` for an object, `None` for a name.
    pub object: Option<ObjId>,
    /// What the box says: `list #3` or the name (`cache`, `r (in load)`).
    pub label: String,
    /// Steps from the selected object (0 for it).
    pub depth: usize,
}

/// An arrow: `from` refers to `to` (indices into the nodes) through `label`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackEdge {
    pub from: usize,
    pub to: usize,
    pub label: String,
    /// On the shortest path from a name to the selected object.
    pub shortest: bool,
}

/// The graph; `truncated` when the limits cut it short.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Backrefs {
    pub nodes: Vec<BackNode>,
    pub edges: Vec<BackEdge>,
    pub truncated: bool,
}

/// The back-references of `target` at `step` (empty when it is not alive).
pub fn backrefs(trace: &Trace, step: usize, target: ObjId) -> Backrefs {
    let heap = heap_map(trace, step);
    if !heap.contains_key(&target) {
        return Backrefs::default();
    }
    // Who refers to whom, reversed: object -> [(referrer, label)].
    let mut referrers: BTreeMap<ObjId, Vec<(ObjId, String)>> = BTreeMap::new();
    for o in heap.values() {
        for (label, to) in strong_edges(o) {
            referrers
                .entry(to)
                .or_default()
                .push((o.id, edge_label(label)));
        }
    }
    let names: Vec<(String, ObjId)> = roots(trace, step);
    let mut out = Backrefs::default();
    let mut index: BTreeMap<ObjId, usize> = BTreeMap::new();
    let label = |id: ObjId| {
        heap.get(&id)
            .map_or(format!("#{id}"), |o| format!("{} #{id}", o.type_name))
    };
    out.nodes.push(BackNode {
        object: Some(target),
        label: label(target),
        depth: 0,
    });
    index.insert(target, 0);
    // Breadth-first from the target backwards: each object's parent towards the target.
    let mut toward: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([target]);
    while let Some(id) = queue.pop_front() {
        let here = index[&id];
        let depth = out.nodes[here].depth;
        for (name, _) in names.iter().filter(|(_, r)| *r == id) {
            if out.nodes.len() >= MAX_NODES {
                out.truncated = true;
                break;
            }
            out.nodes.push(BackNode {
                object: None,
                label: name.clone(),
                depth: depth + 1,
            });
            let n = out.nodes.len() - 1;
            out.edges.push(BackEdge {
                from: n,
                to: here,
                label: String::new(),
                shortest: false,
            });
            toward.insert(n, here);
        }
        for (from, edge) in referrers.get(&id).into_iter().flatten() {
            let known = index.get(from).copied();
            let n = match known {
                Some(n) => n,
                None if depth + 1 > MAX_DEPTH || out.nodes.len() >= MAX_NODES => {
                    out.truncated = true;
                    continue;
                }
                None => {
                    out.nodes.push(BackNode {
                        object: Some(*from),
                        label: label(*from),
                        depth: depth + 1,
                    });
                    let n = out.nodes.len() - 1;
                    index.insert(*from, n);
                    toward.insert(n, here);
                    queue.push_back(*from);
                    n
                }
            };
            out.edges.push(BackEdge {
                from: n,
                to: here,
                label: edge.clone(),
                shortest: false,
            });
        }
    }
    // The shortest path: from the nearest name, following each node's parent.
    let nearest = (0..out.nodes.len())
        .filter(|&n| out.nodes[n].object.is_none())
        .min_by_key(|&n| out.nodes[n].depth);
    let mut on_path = BTreeSet::new();
    let mut at = nearest;
    while let Some(n) = at {
        at = toward.get(&n).copied();
        if let Some(next) = at {
            on_path.insert((n, next));
        }
    }
    for e in &mut out.edges {
        e.shortest = on_path.contains(&(e.from, e.to));
    }
    out
}

impl Backrefs {
    /// The graph in words, for a screen reader and the graph's tooltip: how many boxes,
    /// then the shortest path from a name, arrow by arrow ("items → list #3 → Node #1
    /// (via [0])").
    pub fn spoken(&self) -> String {
        let names = self.nodes.iter().filter(|n| n.object.is_none()).count();
        let objects = self.nodes.len() - names;
        let plural = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        let mut out = format!(
            "What refers to it: {} and {}{}.",
            plural(objects, "object", "objects"),
            plural(names, "name", "names"),
            if self.truncated { ", cut short" } else { "" }
        );
        let mut path: Vec<&BackEdge> = self.edges.iter().filter(|e| e.shortest).collect();
        // From the name (deepest) to the object (depth 0).
        path.sort_by_key(|e| std::cmp::Reverse(self.nodes[e.from].depth));
        if let Some(first) = path.first() {
            out.push_str(" Shortest path: ");
            out.push_str(&self.nodes[first.from].label);
            for e in &path {
                out.push_str(" → ");
                out.push_str(&self.nodes[e.to].label);
                if !e.label.is_empty() {
                    out.push_str(&format!(" (via {})", e.label));
                }
            }
            out.push('.');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    /// The cycle fixture after `items = [a, b]`: node `b`, the list and node `a` (three
    /// objects), the names `b`, `items` and `a`; the nearest name is `b` itself. With a
    /// path of two arrows the words name each arrow's label.
    #[test]
    fn the_graph_is_spoken_with_its_shortest_path() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 15);
        let local = |name: &str| {
            trace.stack(step)[0]
                .locals
                .iter()
                .find(|l| l.name == name)
                .and_then(|l| crate::model::text::value_target(&l.value))
                .expect("local")
        };
        let g = backrefs(&trace, step, local("b"));
        let node = g.nodes[0].label.clone();
        assert_eq!(
            g.spoken(),
            format!("What refers to it: 3 objects and 3 names. Shortest path: b → {node}.")
        );
        let one = Backrefs {
            nodes: vec![
                BackNode {
                    object: Some(local("a")),
                    label: "Node #2".into(),
                    depth: 0,
                },
                BackNode {
                    object: None,
                    label: "cache".into(),
                    depth: 2,
                },
                BackNode {
                    object: Some(local("b")),
                    label: "dict #1".into(),
                    depth: 1,
                },
            ],
            edges: vec![
                BackEdge {
                    from: 1,
                    to: 2,
                    label: String::new(),
                    shortest: true,
                },
                BackEdge {
                    from: 2,
                    to: 0,
                    label: "[0]".into(),
                    shortest: true,
                },
            ],
            truncated: false,
        };
        assert_eq!(
            one.spoken(),
            "What refers to it: 2 objects and 1 name. Shortest path: cache → dict #1 → Node #2 (via [0])."
        );
    }

    /// The cycle fixture after `items = [a, b]`: node `a` is held by the name `a`, by
    /// `items[0]` (the list, itself held by `items`) and by `b.other`. The shortest path
    /// is the name itself.
    #[test]
    fn a_node_is_held_by_its_name_the_list_and_the_other_node() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 15);
        let a = trace.stack(step)[0]
            .locals
            .iter()
            .find(|l| l.name == "a")
            .and_then(|l| crate::model::text::value_target(&l.value))
            .expect("a");
        let g = backrefs(&trace, step, a);
        let arrow = |e: &BackEdge| (g.nodes[e.from].label.clone(), e.label.clone(), e.shortest);
        let into_a: Vec<(String, String, bool)> =
            g.edges.iter().filter(|e| e.to == 0).map(arrow).collect();
        assert!(
            into_a.contains(&("a".into(), String::new(), true)),
            "{into_a:?}"
        );
        assert!(
            into_a
                .iter()
                .any(|(f, l, s)| f.starts_with("list #") && l == "[0]" && !s),
            "{into_a:?}"
        );
        assert!(
            into_a
                .iter()
                .any(|(f, l, _)| f.starts_with("Node #") && l == ".other"),
            "{into_a:?}"
        );
        assert!(
            g.nodes.iter().any(|n| n.label == "items"),
            "the list's own name: {:?}",
            g.nodes
        );
        assert!(!g.truncated);
    }
}
