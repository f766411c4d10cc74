//! What changed between step N-1 and step N: new objects, refcounts up or down, arrows
//! added or removed, and objects freed at this step (from the step's `Freed` events).

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{Event, FreeReason, ObjId, ObjectState, Trace, Value};

use super::text::{edge_label, refcount_value};

/// Where an arrow starts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArrowFrom {
    /// A name in a frame.
    Local { frame: u32, name: String },
    /// A reference slot of a heap object, by its label text.
    Slot { object: ObjId, label: String },
}

/// One arrow: a reference from a name or a slot to a heap object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArrowKey {
    /// Its source.
    pub from: ArrowFrom,
    /// Its target.
    pub to: ObjId,
}

/// A refcount that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RcChange {
    /// The object.
    pub id: ObjId,
    /// Count at step N-1.
    pub from: u32,
    /// Count at step N.
    pub to: u32,
}

/// An object freed at this step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freed {
    /// Its id.
    pub id: ObjId,
    /// Its type name.
    pub type_name: String,
    /// Its last summary.
    pub summary: String,
    /// Refcount or collector.
    pub reason: FreeReason,
    /// Whether `__del__` ran first.
    pub del_ran: bool,
}

/// The changes that step N shows compared with step N-1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepDiff {
    /// Objects alive at N but not at N-1.
    pub new_objects: Vec<ObjId>,
    /// Refcounts that went up.
    pub rc_up: Vec<RcChange>,
    /// Refcounts that went down.
    pub rc_down: Vec<RcChange>,
    /// Arrows present at N but not at N-1.
    pub arrows_added: Vec<ArrowKey>,
    /// Arrows present at N-1 but not at N.
    pub arrows_removed: Vec<ArrowKey>,
    /// Objects whose `Freed` event is attached to step N.
    pub freed: Vec<Freed>,
}

/// The heap of `step` by id.
pub fn heap_map(trace: &Trace, step: usize) -> BTreeMap<ObjId, &ObjectState> {
    trace.heap(step).map(|o| (o.id, o)).collect()
}

/// Every arrow of a step: frame locals first, then object slots.
pub fn arrows(trace: &Trace, step: usize) -> BTreeSet<ArrowKey> {
    let mut out = BTreeSet::new();
    for frame in trace.stack(step) {
        for local in frame.locals {
            if let Value::Ref { id } = local.value {
                out.insert(ArrowKey {
                    from: ArrowFrom::Local {
                        frame: frame.id,
                        name: local.name.clone(),
                    },
                    to: id,
                });
            }
        }
    }
    for object in trace.heap(step) {
        for edge in &object.refs {
            if let Value::Ref { id } = edge.value {
                out.insert(ArrowKey {
                    from: ArrowFrom::Slot {
                        object: object.id,
                        label: edge_label(&edge.label),
                    },
                    to: id,
                });
            }
        }
    }
    out
}

impl StepDiff {
    /// The diff shown at `step` (at step 0 everything alive is new).
    pub fn at(trace: &Trace, step: usize) -> StepDiff {
        let now = heap_map(trace, step);
        let before = if step > 0 {
            heap_map(trace, step - 1)
        } else {
            BTreeMap::new()
        };
        let mut diff = StepDiff::default();
        for (&id, state) in &now {
            match before.get(&id) {
                None => diff.new_objects.push(id),
                Some(old) => {
                    if let (Some(from), Some(to)) = (
                        refcount_value(&old.refcount),
                        refcount_value(&state.refcount),
                    ) {
                        let change = RcChange { id, from, to };
                        if to > from {
                            diff.rc_up.push(change);
                        } else if to < from {
                            diff.rc_down.push(change);
                        }
                    }
                }
            }
        }
        let arrows_now = arrows(trace, step);
        let arrows_before = if step > 0 {
            arrows(trace, step - 1)
        } else {
            BTreeSet::new()
        };
        diff.arrows_added = arrows_now.difference(&arrows_before).cloned().collect();
        diff.arrows_removed = arrows_before.difference(&arrows_now).cloned().collect();
        for event in &trace.steps[step].events {
            if let Event::Freed {
                object,
                type_name,
                summary,
                reason,
                del_ran,
                ..
            } = event
            {
                diff.freed.push(Freed {
                    id: *object,
                    type_name: type_name.clone(),
                    summary: summary.clone(),
                    reason: *reason,
                    del_ran: *del_ran,
                });
            }
        }
        diff
    }

    /// The refcount change of `id` at this step, if any.
    pub fn rc_change(&self, id: ObjId) -> Option<RcChange> {
        self.rc_up
            .iter()
            .chain(&self.rc_down)
            .find(|c| c.id == id)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    #[test]
    fn del_items_frees_the_list_and_drops_the_node_counts() {
        let trace = fixtures::load("cycle");
        // The step after `del items` (line 15) is the first step at line 16.
        let step = fixtures::step_at_line(&trace, 16);
        let diff = StepDiff::at(&trace, step);
        let freed_in_fixture: Vec<ObjId> = trace.steps[step]
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Freed { object, .. } => Some(*object),
                _ => None,
            })
            .collect();
        assert_eq!(
            diff.freed.iter().map(|f| f.id).collect::<Vec<_>>(),
            freed_in_fixture
        );
        assert_eq!(diff.freed[0].reason, FreeReason::Refcount);
        // Both Nodes lose the list's reference.
        assert_eq!(diff.rc_down.len(), 2);
        assert!(diff.rc_down.iter().all(|c| c.to + 1 == c.from));
        assert!(diff
            .arrows_removed
            .iter()
            .any(|a| matches!(&a.from, ArrowFrom::Local { name, .. } if name == "items")));
    }

    #[test]
    fn everything_is_new_at_the_first_step_with_a_heap() {
        let trace = fixtures::load("cycle");
        let first = (0..trace.steps.len())
            .position(|s| trace.heap_len(s) > 0)
            .unwrap();
        let diff = StepDiff::at(&trace, first);
        assert_eq!(diff.new_objects.len(), trace.heap_len(first));
    }
}
