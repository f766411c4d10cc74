//! Badges against a recording: at every `line` step where the engine's step sequence
//! agrees with the recording, the count of every named object the diagram draws as a
//! box, and of every object one reference from a name (list and tuple items, dict values
//! under str and int keys, instance attributes), must equal the recording's
//! `sys.getrefcount(x) - 1`, or both must be immortal; and its size must be the
//! recording's `sys.getsizeof(x)` (where the recorder could ask without running program
//! code).

use std::collections::BTreeMap;
use std::fmt;

use refscope_trace::{EdgeLabel, ObjectState, Refcount, Size, Trace, Value};
use serde_json::Value as Json;

use super::{cpython_events, engine_events};

/// One compared point where the badge is not CPython's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefcountMiss {
    pub step: usize,
    pub line: u32,
    /// The frame's function.
    pub function: String,
    /// The name, and the item's label one reference from it (`items[0]`, `p.name`).
    pub what: String,
    pub type_name: String,
    /// `None`: immortal.
    pub cpython: Option<u64>,
    pub engine: Option<u64>,
    /// Whether the engine drew the badge "≈".
    pub marked: bool,
}

impl fmt::Display for RefcountMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: Option<u64>| v.map_or("immortal".to_owned(), |n| n.to_string());
        write!(
            f,
            "step {} line {} in {}: {} ({}): cpython {} engine {}{}",
            self.step,
            self.line,
            self.function,
            self.what,
            self.type_name,
            show(self.cpython),
            show(self.engine),
            if self.marked { " (≈)" } else { "" }
        )
    }
}

/// One compared point whose box shows another size than CPython's `getsizeof`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeMiss {
    pub step: usize,
    pub line: u32,
    pub what: String,
    pub type_name: String,
    pub cpython: u64,
    pub engine: Size,
}

impl fmt::Display for SizeMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let got = match self.engine {
            Size::Exact { bytes } => bytes.to_string(),
            Size::Approximate { bytes } => format!("≈{bytes}"),
            Size::NotModelled => "n/a".into(),
        };
        write!(
            f,
            "step {} line {}: size of {} ({}): cpython {} engine {got}",
            self.step, self.line, self.what, self.type_name, self.cpython
        )
    }
}

/// What the points of one program compare to.
#[derive(Debug, Clone, Default)]
pub struct Points {
    pub compared: usize,
    pub refcounts: Vec<RefcountMiss>,
    pub sizes_compared: usize,
    pub sizes: Vec<SizeMiss>,
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

/// Compares every aligned `line` step: the innermost frame's names, and the module's
/// globals measured while a function runs.
pub fn compare(trace: &Trace, rec: &Json) -> Points {
    let (want, got) = (cpython_events(rec), engine_events(trace));
    let events = rec["events"].as_array().expect("recording has events");
    let mut p = Points::default();
    for i in 0..want.len().min(got.len()) {
        if want[i] != got[i] {
            break; // the step sequence is compared (and reported) on its own
        }
        let stack = trace.stack(i);
        let (Some(frame), Some(module)) = (stack.last(), stack.first()) else {
            continue;
        };
        if let Some(names) = events[i]["names"].as_object() {
            compare_names(trace, i, (frame, ""), names, &mut p);
        }
        if let Some(names) = events[i]["globals"].as_object() {
            compare_names(trace, i, (module, "global "), names, &mut p);
        }
    }
    p
}

/// Compares the names one namespace of the recording measured with the frame that
/// binds them on the engine's side (`prefix` marks the module's globals seen from a
/// function).
fn compare_names(
    trace: &Trace,
    i: usize,
    (frame, prefix): (&refscope_trace::FrameAt, &str),
    names: &serde_json::Map<String, Json>,
    p: &mut Points,
) {
    let locals: BTreeMap<&str, &Value> = (frame.locals.iter())
        .map(|l| (l.name.as_str(), &l.value))
        .collect();
    let mut check = |what: String, value: &Value, want: &Json, want_size: &Json| {
        let Value::Ref { id } = value else { return };
        let Some(obj) = trace.object_at(i, *id) else {
            return;
        };
        if let Some(size) = want_size.as_u64() {
            p.sizes_compared += 1;
            let shown = match obj.size {
                Size::Exact { bytes } | Size::Approximate { bytes } => Some(bytes),
                Size::NotModelled => None,
            };
            if shown != Some(size) {
                p.sizes.push(SizeMiss {
                    step: i,
                    line: trace.steps[i].line,
                    what: what.clone(),
                    type_name: obj.type_name.clone(),
                    cpython: size,
                    engine: obj.size,
                });
            }
        }
        p.compared += 1;
        let (want, got) = (want.as_u64(), badge(obj));
        if want != got {
            p.refcounts.push(RefcountMiss {
                step: i,
                line: trace.steps[i].line,
                function: frame.function.to_string(),
                what,
                type_name: obj.type_name.clone(),
                cpython: want,
                engine: got,
                marked: matches!(obj.refcount, Refcount::Approximate { .. }),
            });
        }
    };
    for (n, info) in names {
        let Some(&value) = locals.get(n.as_str()) else {
            continue;
        };
        check(
            format!("{prefix}{n}"),
            value,
            &info["refcount"],
            &info["size"],
        );
        let (Value::Ref { id }, Some(items)) = (value, info["items"].as_array()) else {
            continue;
        };
        let Some(obj) = trace.object_at(i, *id) else {
            continue;
        };
        let edges: BTreeMap<String, &Value> = (obj.refs.iter())
            .filter_map(|e| Some((label_text(&e.label)?, &e.value)))
            .collect();
        for item in items {
            let label = item[0].as_str().unwrap_or_default();
            if let Some(v) = edges.get(label) {
                check(format!("{prefix}{n}{label}"), v, &item[2], &item[3]);
            }
        }
    }
}
