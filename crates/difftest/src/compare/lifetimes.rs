//! Object lifetimes against a recording: which objects die, on which line, and whether
//! by refcount or by the cyclic gc.
//!
//! The recorder follows every weak-referenceable value bound to a name with a weakref
//! whose callback notes the death (`deaths` in the recording; see tests/cpython/README.md).
//! Objects are matched by name: where CPython's innermost frame binds `x` to its object K
//! at event i, the engine's innermost frame binds `x` at step i to its object id. That
//! needs steps and events to align 1:1, which the callers check first.

use std::collections::BTreeMap;

use refscope_trace::{Event, FreeReason, Trace, Value};
use serde_json::Value as Json;

/// A death as both sides see it: the step it shows on, the line that was running, and
/// whether the gc freed it.
#[derive(Debug, Clone, Copy)]
pub struct Death {
    pub step: u64,
    pub line: u64,
    pub by_gc: bool,
}

/// Where the program is back at `depth` after step `step`: the first step from there on
/// whose stack is no deeper. A death sets off nested calls (weakref callbacks, `__del__`,
/// a generator's `finally`), and the two VMs report it at different points inside them:
/// CPython's weakrefs fire before those calls, the engine sees the object gone after.
/// Both are the same moment once the program is back in the frame where it died.
fn settled(trace: &Trace, step: u64, depth: usize) -> u64 {
    let start = step as usize;
    trace.steps[start.min(trace.steps.len())..]
        .iter()
        .position(|s| s.stack.len() <= depth)
        .map_or(trace.steps.len() as u64, |i| (start + i) as u64)
}

impl Death {
    /// The same death as the learner sees it, for CPython's death `self` at stack
    /// `depth`: a refcount death settles on the same step (see [`settled`]). CPython
    /// clears a collection's weakrefs before its finalizers run, so for collected objects
    /// the collection's line must agree.
    fn same_as(&self, engine: &Death, trace: &Trace, depth: usize) -> bool {
        self.by_gc == engine.by_gc
            && if self.by_gc {
                self.line == engine.line
            } else {
                settled(trace, self.step, depth) == settled(trace, engine.step, depth)
            }
    }
}

/// CPython object keys -> engine object ids, from names bound at the same step.
pub fn match_objects(trace: &Trace, rec: &Json) -> BTreeMap<u64, u32> {
    let mut map = BTreeMap::new();
    let events = rec["events"].as_array().expect("recording has events");
    for (step, event) in events.iter().enumerate().take(trace.steps.len()) {
        let stack = trace.stack(step);
        let (Some(names), Some(frame)) = (event["names"].as_object(), stack.last()) else {
            continue;
        };
        for (name, info) in names {
            let Some(key) = info["object"].as_u64() else {
                continue;
            };
            let id = frame.locals.iter().find_map(|l| match &l.value {
                Value::Ref { id } if &l.name == name => Some(*id),
                _ => None,
            });
            if let Some(id) = id {
                map.entry(key).or_insert(id);
            }
        }
    }
    map
}

/// Every object the engine freed, by id.
pub fn engine_deaths(trace: &Trace) -> BTreeMap<u32, Death> {
    trace
        .events()
        .filter_map(|(step, e)| match e {
            Event::Freed {
                object,
                reason,
                line,
                ..
            } => Some((
                *object,
                Death {
                    step: step as u64,
                    line: u64::from(*line),
                    by_gc: *reason == FreeReason::GcCollected,
                },
            )),
            _ => None,
        })
        .collect()
}

/// Every followed object CPython freed while the program ran, by key, with the depth of
/// the program's frame it died in.
pub fn cpython_deaths(rec: &Json) -> BTreeMap<u64, (Death, usize)> {
    let n = rec["events"].as_array().map_or(0, Vec::len) as u64;
    rec["deaths"]
        .as_array()
        .expect("recording has deaths (rerun tests/cpython/record.py)")
        .iter()
        .filter(|d| d["event"].as_u64().is_some_and(|e| e < n))
        .map(|d| {
            (
                d["object"].as_u64().expect("death names an object"),
                (
                    Death {
                        step: d["event"].as_u64().unwrap_or(0),
                        line: d["line"].as_u64().unwrap_or(0),
                        by_gc: d["gc"].as_bool().unwrap_or(false),
                    },
                    d["depth"].as_u64().unwrap_or(1) as usize,
                ),
            )
        })
        .collect()
}

/// One disagreement: the message, and the line where the engine freed the object.
pub struct Mismatch {
    pub message: String,
    pub engine_line: Option<u64>,
}

/// The mismatches the trace itself labels: a `differences` note names the line where
/// the engine freed the object, so the learner is told there.
pub fn labelled<'a>(trace: &Trace, problems: &'a [Mismatch]) -> Vec<&'a Mismatch> {
    problems
        .iter()
        .filter(|p| {
            p.engine_line.is_some_and(|line| {
                let prefix = format!("Line {line}:");
                trace.differences.iter().any(|d| d.starts_with(&prefix))
            })
        })
        .collect()
}

/// Disagreements between the two sides on the objects matched by name, with the number
/// of matched objects compared.
pub fn compare(trace: &Trace, rec: &Json) -> (Vec<Mismatch>, usize) {
    // The recordings stop at the program's end: its own run is compared.
    let run;
    let trace = match trace.exit_start {
        Some(_) => {
            run = trace.without_exit();
            &run
        }
        None => trace,
    };
    let matched = match_objects(trace, rec);
    let engine = engine_deaths(trace);
    let cpython = cpython_deaths(rec);
    let how = |d: &Death| {
        format!(
            "{} on line {} (step {})",
            if d.by_gc {
                "collected by the gc"
            } else {
                "freed by refcount"
            },
            d.line,
            d.step + 1
        )
    };
    let mut out = Vec::new();
    for (key, id) in &matched {
        let (want, got) = (cpython.get(key), engine.get(id));
        let message = match (want, got) {
            (Some((want, depth)), Some(got)) if want.same_as(got, trace, *depth) => continue,
            (None, None) => continue,
            (Some((want, _)), Some(got)) => {
                format!("object #{id}: CPython {}, engine {}", how(want), how(got))
            }
            (Some((want, _)), None) => {
                format!("object #{id}: CPython {}, engine never frees it", how(want))
            }
            (None, Some(got)) => {
                format!("object #{id}: engine {}, CPython keeps it alive", how(got))
            }
        };
        out.push(Mismatch {
            message,
            engine_line: got.map(|d| d.line),
        });
    }
    let constants = constants(trace, rec);
    for id in &constants {
        if let Some(got) = engine.get(id) {
            out.push(Mismatch {
                message: format!(
                    "object #{id}: engine {}, but it is one of the program's constants, which \
                     its code object keeps all run long",
                    how(got)
                ),
                engine_line: Some(got.line),
            });
        }
    }
    (out, matched.len() + constants.len())
}

/// The engine's ids of the objects the recording marks as the program's constants (or
/// immortal), from names bound at the same step: CPython never frees them while the
/// program runs.
fn constants(trace: &Trace, rec: &Json) -> std::collections::BTreeSet<u32> {
    let mut out = std::collections::BTreeSet::new();
    let events = rec["events"].as_array().expect("recording has events");
    for (step, event) in events.iter().enumerate().take(trace.steps.len()) {
        let stack = trace.stack(step);
        let (Some(names), Some(frame)) = (event["names"].as_object(), stack.last()) else {
            continue;
        };
        for (name, info) in names {
            let constant = info["const"].as_bool() == Some(true) || info["refcount"].is_null();
            if !constant {
                continue;
            }
            let id = frame.locals.iter().find_map(|l| match &l.value {
                Value::Ref { id } if &l.name == name => Some(*id),
                _ => None,
            });
            out.extend(id);
        }
    }
    out
}
