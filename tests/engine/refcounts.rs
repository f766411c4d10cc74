//! Every refcount badge against CPython 3.13 (issue 17): at every `line` step where the
//! engine's step sequence agrees with the recording, the count of every named object the
//! diagram draws as a box, and of every object one reference from a name (list and tuple
//! items, dict values under str and int keys, instance attributes), must equal the
//! recording's `sys.getrefcount(x) - 1`, or both must be immortal.
//!
//! Expected values come only from the recordings (`tests/cpython/record.py`, which records
//! `items` too); the engine's `differences` notes forgive nothing. The misses that remain
//! are in [`KNOWN_MISSES`], with their exact count per program, so a fix (or a new miss)
//! changes the table.

use std::collections::BTreeMap;

use refscope_engine::{record, Options};
use refscope_trace::{EdgeLabel, ObjectState, Refcount, StepEvent, Trace, Value};
use serde_json::Value as Json;

use crate::lifetimes::{corpus_recordings, cpython_events, engine_events};

/// Programs with badges that still differ from CPython, and how many compared points
/// differ, by cause:
/// - RustPython finalizes a dying list's items first-to-last, CPython last-to-first, so
///   the `__del__` steps of `del items` compare different objects (02: 2; the box of
///   `self` says "≈" there, tested below, and the trace notes the reordering);
/// - inside the `__del__` that `items.pop()` sets off, CPython's recording has one more
///   reference to the dying item's `name` string than refscope draws and than CPython
///   itself shows in an ordinary method of the same object (02: 1, cause not found);
/// - a line that hands the same object to a format field both inside a container and by
///   name (`f"{tags} and {red}"`): which `__repr__` call is which cannot be told from
///   the trace, so the badge of `self` is drawn "≈" with the direct path's count (38: 1).
const KNOWN_MISSES: &[(&str, usize)] = &[("02_containers", 3), ("38_hidden_holders", 1)];

/// (name, trace, recording) for every corpus program and every lesson.
fn programs() -> Vec<(String, Trace, Json)> {
    let mut out: Vec<(String, Trace, Json)> = corpus_recordings()
        .into_iter()
        .map(|(name, source, rec)| (name, record(&source, &Options::default()), rec))
        .collect();
    for (l, _, trace) in crate::lessons::load::parsed() {
        if let Ok(rec) = &l.recording {
            out.push((l.stem.clone(), trace.clone(), rec.clone()));
        }
    }
    out
}

/// The recording's label of an edge: `[0]`, `['key']`, `[3]`, `.name`.
fn label_text(label: &EdgeLabel) -> Option<String> {
    match label {
        EdgeLabel::Index { index } => Some(format!("[{index}]")),
        EdgeLabel::Key { key } => Some(format!("[{key}]")),
        EdgeLabel::Attr { name } => Some(format!(".{name}")),
        _ => None,
    }
}

fn badge(obj: &ObjectState) -> Option<u64> {
    match obj.refcount {
        Refcount::Immortal => None,
        Refcount::Counted { count } | Refcount::Approximate { count } => Some(u64::from(count)),
    }
}

/// Compares one program; returns the number of points compared and the misses.
fn compare(name: &str, trace: &Trace, rec: &Json) -> (usize, Vec<String>) {
    let (want, got) = (cpython_events(rec), engine_events(trace));
    let events = rec["events"].as_array().unwrap();
    let mut compared = 0;
    let mut misses = Vec::new();
    for i in 0..want.len().min(got.len()) {
        if want[i] != got[i] {
            break; // corpus.rs and the lesson tests report the divergence
        }
        let Some(names) = events[i]["names"].as_object() else {
            continue;
        };
        let stack = trace.stack(i);
        let Some(frame) = stack.last() else { continue };
        let locals: BTreeMap<&str, &Value> = frame
            .locals
            .iter()
            .map(|l| (l.name.as_str(), &l.value))
            .collect();
        let mut check = |what: String, value: &Value, want: &Json| {
            let Value::Ref { id } = value else { return };
            let Some(obj) = trace.object_at(i, *id) else {
                return;
            };
            compared += 1;
            let (want, got) = (want.as_u64(), badge(obj));
            if want != got {
                misses.push(format!(
                    "{name} step {i} line {}: {what} ({}): cpython {want:?} engine {got:?}",
                    trace.steps[i].line, obj.type_name
                ));
            }
        };
        for (n, info) in names {
            let Some(&value) = locals.get(n.as_str()) else {
                continue;
            };
            check(n.clone(), value, &info["refcount"]);
            let (Value::Ref { id }, Some(items)) = (value, info["items"].as_array()) else {
                continue;
            };
            let Some(obj) = trace.object_at(i, *id) else {
                continue;
            };
            let edges: BTreeMap<String, &Value> = obj
                .refs
                .iter()
                .filter_map(|e| Some((label_text(&e.label)?, &e.value)))
                .collect();
            for item in items {
                let label = item[0].as_str().unwrap_or_default();
                if let Some(v) = edges.get(label) {
                    check(format!("{n}{label}"), v, &item[2]);
                }
            }
        }
    }
    (compared, misses)
}

#[test]
fn every_badge_is_cpythons() {
    let mut total = (0, 0);
    let mut failures = Vec::new();
    let mut seen = Vec::new();
    for (name, trace, rec) in programs() {
        let (compared, misses) = compare(&name, &trace, &rec);
        total.0 += compared;
        total.1 += misses.len();
        let known = KNOWN_MISSES.iter().find(|(n, _)| *n == name).map(|k| k.1);
        seen.push(name.clone());
        if known.unwrap_or(0) != misses.len() {
            failures.push(format!(
                "{name}: {} of {compared} badges differ from CPython (KNOWN_MISSES says {}):\n  {}",
                misses.len(),
                known.unwrap_or(0),
                misses.join("\n  ")
            ));
        }
    }
    for (n, _) in KNOWN_MISSES {
        assert!(
            seen.iter().any(|s| s == n),
            "KNOWN_MISSES names {n}, which is gone"
        );
    }
    eprintln!(
        "compared {} badges with CPython 3.13; {} differ ({:.1}% agree)",
        total.0,
        total.1,
        100.0 * (total.0 - total.1) as f64 / total.0.max(1) as f64
    );
    assert!(total.0 > 2000, "too few comparisons: {}", total.0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A dying list or tuple finalizes its items last to first in CPython 3.13
/// (`list_dealloc`, `tupledealloc`) and first to last in RustPython, so the `__del__` on
/// screen is not the one CPython runs: its `self` must say "≈". A single finalizable item
/// (popped, or alone among ints) runs in CPython's order and keeps an exact count.
#[test]
fn a_dying_containers_finalizers_are_drawn_approximate() {
    let source = "class Item:\n    def __init__(self, name):\n        self.name = name\n\n    \
                  def __del__(self):\n        print('free', self.name)\n\n\
                  items = [Item('a'), Item('b'), Item('c')]\nitems.pop()\ndel items\n\
                  pair = (Item('t1'), Item('t2'))\ndel pair\n\
                  single = [Item('s'), 1, 2]\ndel single\n";
    let trace = record(source, &Options::default());
    let mut seen: BTreeMap<u32, Vec<bool>> = BTreeMap::new();
    for i in 0..trace.steps.len() {
        let stack = trace.stack(i);
        let [.., caller, top] = stack.as_slice() else {
            continue;
        };
        if top.function != "__del__" || trace.steps[i].event != StepEvent::Line {
            continue;
        }
        let Some(Value::Ref { id }) = top
            .locals
            .iter()
            .find(|l| l.name == "self")
            .map(|l| &l.value)
        else {
            panic!("step {i}: no self in __del__");
        };
        let obj = trace.object_at(i, *id).expect("self is drawn");
        let approximate = matches!(obj.refcount, Refcount::Approximate { .. });
        seen.entry(caller.line).or_default().push(approximate);
    }
    let want: BTreeMap<u32, Vec<bool>> = [
        (9, vec![false]),
        (10, vec![true, true]),
        (12, vec![true, true]),
        (14, vec![false]),
    ]
    .into();
    assert_eq!(
        seen, want,
        "by calling line: is self drawn ≈ in each __del__?"
    );
}
