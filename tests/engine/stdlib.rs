//! The standard library the full engine ships (`crates/engine/stdlib.txt`, the native
//! modules of `stdlib-native.txt`, and the core list `stdlib-core.txt`): every listed
//! module imports, and a CPython module left out fails with a message saying so. The core
//! engine's own list is checked by `crates/engine/tests/core.rs`.

use refscope_engine::{record, Options};
use refscope_trace::Outcome;

fn listed_modules() -> Vec<String> {
    names(include_str!("../../crates/engine/stdlib.txt"))
        .into_iter()
        .chain(names(include_str!("../../crates/engine/stdlib-native.txt")))
        .chain(names(include_str!("../../crates/engine/stdlib-core.txt")))
        .collect()
}

fn names(list: &str) -> Vec<String> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_listed_module_imports() {
    let modules = listed_modules();
    assert!(modules.len() > 50, "the list is read");
    let program = format!(
        "import importlib\nbad = []\nfor name in {modules:?}:\n    try:\n        importlib.import_module(name)\n    except Exception as e:\n        bad.append(f'{{name}}: {{e!r}}')\nprint(bad)\n"
    );
    let options = Options {
        max_steps: 1_000_000,
        ..Options::default()
    };
    let trace = record(&program, &options);
    assert_eq!(
        trace.outcome,
        Outcome::Completed,
        "stdout: {}",
        trace.stdout
    );
    assert_eq!(trace.stdout.trim(), "[]");
}

#[test]
fn a_module_left_out_says_so() {
    let trace = record("import decimal\n", &Options::default());
    let Outcome::UncaughtException {
        exc_type, message, ..
    } = &trace.outcome
    else {
        panic!("expected an ImportError, got {:?}", trace.outcome);
    };
    assert_eq!(exc_type, "ModuleNotFoundError");
    assert!(message.contains("does not include"), "{message}");
    // A module that is not in the standard library keeps CPython's plain message.
    let trace = record("import numpy\n", &Options::default());
    assert!(
        matches!(&trace.outcome, Outcome::UncaughtException { message, .. } if message == "No module named 'numpy'"),
        "{:?}",
        trace.outcome
    );
}
