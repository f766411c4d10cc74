//! A trace against a CPython 3.13 recording (`tests/cpython/record.py`): the one
//! comparison the corpus tests, the lesson tests and the differential tester share.
//!
//! What is compared: the printed output, the order of calls, the step sequence (steps
//! and recording events align 1:1 when the two sequences are equal), the refcount of
//! every named object and of every object one reference from a name at every aligned
//! `line` step (`refcounts`), and when each object the recorder followed died
//! (`lifetimes`). Expected values come only from the recording.

mod lifetimes;
mod points;

pub use lifetimes::{
    compare as compare_lifetimes, cpython_deaths, engine_deaths, labelled, match_objects, Death,
    Mismatch,
};
pub use points::{compare as compare_points, Points, RefcountMiss, SizeMiss};

use refscope_trace::{StepEvent, Trace};
use serde_json::Value as Json;

/// (event, function, line) of every engine step, in CPython's terms. Steps and recording
/// events align 1:1 exactly when these two sequences are equal.
pub fn engine_events(t: &Trace) -> Vec<(String, String, u64)> {
    t.steps[..run_len(t)]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let event = match s.event {
                StepEvent::Line => "line",
                StepEvent::Call => "call",
                StepEvent::Return => "return",
                StepEvent::Exception => "exception",
                StepEvent::Exit => "exit",
            };
            (
                event.to_owned(),
                t.function_at(i).to_owned(),
                u64::from(s.line),
            )
        })
        .collect()
}

/// The number of steps of the program's own run: the recordings stop at its end, before
/// the interpreter's exit.
fn run_len(t: &Trace) -> usize {
    t.exit_start
        .map_or(t.steps.len(), |s| (s as usize).min(t.steps.len()))
}

/// (event, function, line) of every event in a CPython recording.
pub fn cpython_events(rec: &Json) -> Vec<(String, String, u64)> {
    rec["events"]
        .as_array()
        .expect("recording has events")
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap_or("").to_owned(),
                e["function"].as_str().unwrap_or("").to_owned(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// The functions the engine's `call` steps enter, in order.
pub fn engine_calls(t: &Trace) -> Vec<String> {
    (t.steps[..run_len(t)].iter().enumerate())
        .filter(|(_, s)| s.event == StepEvent::Call)
        .map(|(i, _)| t.function_at(i).to_owned())
        .collect()
}

/// The functions CPython's `call` events entered, in order.
pub fn cpython_calls(rec: &Json) -> Vec<String> {
    (rec["calls"].as_array().into_iter().flatten())
        .filter_map(|c| c[0].as_str().map(str::to_owned))
        .collect()
}

/// Where two event sequences first differ, if they do.
pub fn first_divergence(
    want: &[(String, String, u64)],
    got: &[(String, String, u64)],
) -> Option<usize> {
    match want.iter().zip(got).position(|(a, b)| a != b) {
        Some(at) => Some(at),
        None if want.len() != got.len() => Some(want.len().min(got.len())),
        None => None,
    }
}
