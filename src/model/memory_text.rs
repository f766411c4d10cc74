//! "Describe memory": one step's frames, objects, refcounts and references as plain
//! sentences, the diagram's text equivalent for screen readers (and anyone who prefers
//! reading to following arrows). Objects are named as the diagram names them: type and id.

use std::collections::BTreeMap;

use refscope_trace::{ObjId, ObjectState, Refcount, Trace, Value};

use super::text::{edge_label, refcount_text, size_text};

/// The text of one step: a heading and its lines, per section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemoryText {
    /// One entry per frame, outermost first: "`<module>`, line 4" and its names.
    pub frames: Vec<(String, Vec<String>)>,
    /// One entry per live object, in id order: its description and its references.
    pub objects: Vec<(String, Vec<String>)>,
}

/// How the diagram names object `id` of type `type_name`, e.g. "list #3".
fn name(o: &ObjectState) -> String {
    format!("{} #{}", o.type_name, o.id)
}

fn value(heap: &BTreeMap<ObjId, &ObjectState>, v: &Value) -> String {
    match v {
        Value::Inline { repr, .. } => repr.clone(),
        Value::Ref { id } => heap
            .get(id)
            .map_or_else(|| format!("object #{id} (not shown)"), |o| name(o)),
    }
}

/// Describes `step` of `trace`.
pub fn describe(trace: &Trace, step: usize) -> MemoryText {
    // By id: every reference is looked up, and a step can hold 2,000 objects.
    let heap: BTreeMap<ObjId, &ObjectState> = trace.heap(step).map(|o| (o.id, o)).collect();
    let frames = trace
        .stack(step)
        .iter()
        .map(|f| {
            let title = format!("Frame {}, line {}", f.function, f.line);
            let names = if f.locals.is_empty() {
                vec!["no names yet".to_owned()]
            } else {
                f.locals
                    .iter()
                    .map(|l| format!("{} → {}", l.name, value(&heap, &l.value)))
                    .collect()
            };
            (title, names)
        })
        .collect();
    let objects = heap
        .values()
        .map(|o| {
            let refcount = match &o.refcount {
                Refcount::Counted { count } => format!("refcount {count}"),
                Refcount::Approximate { count } => format!("refcount about {count}"),
                Refcount::Immortal => refcount_text(&o.refcount),
            };
            let garbage = if o.reachable {
                ""
            } else {
                ", unreachable: cycle garbage until the collector runs"
            };
            let title = format!(
                "{}: {}, {refcount}, {}{garbage}",
                name(o),
                o.summary,
                size_text(&o.size)
            );
            let refs = o
                .refs
                .iter()
                .map(|e| {
                    let weak = if e.weak { " (weak)" } else { "" };
                    format!(
                        "{} → {}{weak}",
                        edge_label(&e.label),
                        value(&heap, &e.value)
                    )
                })
                .collect();
            (title, refs)
        })
        .collect();
    MemoryText { frames, objects }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    #[test]
    fn a_cycle_reads_as_frames_objects_refcounts_and_references() {
        let trace = fixtures::load("cycle");
        // Find a step where two objects refer to each other and both are named.
        let step = (0..trace.steps.len())
            .rev()
            .find(|&s| {
                let t = describe(&trace, s);
                t.objects.len() >= 2 && t.objects.iter().all(|(_, refs)| !refs.is_empty())
            })
            .expect("a step with a cycle");
        let text = describe(&trace, step);
        let module = &text.frames[0];
        assert!(module.0.starts_with("Frame <module>, line "), "{module:?}");
        let all: Vec<String> = text
            .objects
            .iter()
            .flat_map(|(t, refs)| std::iter::once(t.clone()).chain(refs.iter().cloned()))
            .collect();
        assert!(all.iter().any(|l| l.contains("refcount ")), "{all:?}");
        // Every reference names an object the text also describes.
        for (_, refs) in &text.objects {
            for r in refs {
                let target = r.split(" → ").nth(1).unwrap_or_default();
                if target.contains(" #") {
                    assert!(
                        text.objects
                            .iter()
                            .any(|(t, _)| t.starts_with(target.trim_end_matches(" (weak)"))),
                        "{r} points at an object not described: {all:?}"
                    );
                }
            }
        }
    }
}
