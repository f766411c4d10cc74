//! What a program prints about memory is CPython 3.13's (issue 18): the programs in
//! `tests/introspect/` print `sys.getsizeof` of every kind of object the size model
//! covers, `sys.getrefcount`, `gc.collect()` after cycles of several shapes,
//! `gc.get_threshold`, `gc.is_tracked`, `sys.getrecursionlimit`, `io.DEFAULT_BUFFER_SIZE`
//! `weakref.getweakrefcount`, `gc.get_referents` and `gc.get_referrers`, which tuples and
//! dicts a collection untracks, and a materialised instance `__dict__`'s size, one
//! `label: value` per line. Each line must equal what
//! CPython 3.13 printed (`tests/cpython/introspect.json`, made by
//! `tests/cpython/record_introspect.py`), never what the engine printed before.
//!
//! Values refscope can only estimate are marked: the step after the call carries an
//! `estimate` event, which the player shows as "≈" on the output line. [`ESTIMATES`]
//! names each program's marked lines, so a new estimate (or a figure that became exact)
//! changes the table; a wrong line must be a marked one.

use std::collections::BTreeMap;

use refscope_engine::{record, Options};
use refscope_trace::{Event, Trace};
use serde_json::Value as Json;

use crate::lifetimes::files_with_extension;

/// Per program, the labels of the lines printed with an estimate.
const ESTIMATES: &[(&str, &[&str])] = &[
    ("01_getsizeof", &["list comprehension of 5", "generator"]),
    ("02_getrefcount", &[]),
    ("03_gc_introspection", &[]),
    (
        "04_referents",
        &["referrers of b", "referrers of a", "the list refers to a"],
    ),
    (
        "06_tracking_and_instance_dicts",
        &[
            "new tuple of atoms",
            "a tuple only its container holds, once",
            "a tuple made after",
        ],
    ),
];

fn recordings() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/cpython/introspect.json");
    let json: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(json["cpython"].as_str().unwrap().starts_with("3.13"));
    let stdout = json["stdout"].as_object().unwrap();
    (stdout.iter())
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// The labels of the output lines printed from an estimated call to the end of its line.
fn marked_labels(trace: &Trace) -> Vec<String> {
    let mut out = Vec::new();
    for step in &trace.steps {
        for e in step.events.iter() {
            if let Event::Estimate { stdout_at, .. } = e {
                let printed = &trace.stdout[*stdout_at as usize..step.stdout_len as usize];
                out.extend(printed.lines().map(|l| label(l).to_owned()));
            }
        }
    }
    out.dedup();
    out
}

fn label(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}

#[test]
fn introspection_prints_what_cpython_prints() {
    let want = recordings();
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/introspect"));
    let programs = files_with_extension(dir, "py");
    assert_eq!(programs.len(), want.len(), "a program without a recording");
    let mut failures = Vec::new();
    for path in programs {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let trace = record(
            &std::fs::read_to_string(&path).unwrap(),
            &Options::default(),
        );
        let cpython = &want[&name];
        assert_eq!(
            trace.stdout.lines().count(),
            cpython.lines().count(),
            "{name}: {:?}",
            trace.outcome
        );
        let marked = marked_labels(&trace);
        let expected: Vec<String> = (ESTIMATES.iter().find(|(n, _)| *n == name))
            .map(|(_, l)| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        if marked != expected {
            failures.push(format!(
                "{name}: marked {marked:?}, ESTIMATES says {expected:?}"
            ));
        }
        for (w, g) in cpython.lines().zip(trace.stdout.lines()) {
            if w != g && !marked.iter().any(|m| m == label(g)) {
                failures.push(format!("{name}: CPython printed {w:?}, refscope {g:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
