//! A short fuzz run in the ordinary test suite (the long one is `cargo fuzz run record`,
//! see fuzz/README.md): the regression inputs the fuzzer found, then pseudo-random inputs
//! through the same grammar as the fuzz target, for a fixed number of programs. Every one
//! must end in an outcome within the step budget, without a VM crash, and serialize.
//! With `REFSCOPE_FUZZ_DUMP=DIR`, a program that crashes the VM is also written to DIR, to
//! minimise it into a regression input.

use std::path::Path;

use refscope_engine::{record, Options};
use refscope_trace::Outcome;

#[path = "../../fuzz/grammar.rs"]
mod grammar;

const MAX_STEPS: u32 = 300;
/// Programs per run: about 30 s on the 2-core CI machine.
const RUNS: usize = 250;

fn check(source: &str, what: &str) -> Option<String> {
    let trace = record(
        source,
        &Options {
            max_steps: MAX_STEPS,
            ..Options::default()
        },
    );
    if trace.steps.len() > MAX_STEPS as usize {
        return Some(format!(
            "{what}: {} steps over the budget",
            trace.steps.len()
        ));
    }
    if let Outcome::Crash { message } = &trace.outcome {
        if let Ok(dir) = std::env::var("REFSCOPE_FUZZ_DUMP") {
            let _ = std::fs::write(format!("{dir}/{}.py", what.replace(' ', "-")), source);
        }
        return Some(format!("{what}: VM crash: {message}\n{source}"));
    }
    serde_json::to_string(&trace)
        .err()
        .map(|e| format!("{what}: {e}"))
}

#[test]
fn fuzz_regressions_end_in_an_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let source = std::fs::read_to_string(p).expect("regression input");
            check(&source, &p.display().to_string())
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn fuzz_smoke_grammar_programs_end_in_an_outcome() {
    // xorshift64: the same inputs every run, so a failure reproduces.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut failures = Vec::new();
    for run in 0..RUNS {
        let len = 16 + (next() % 240) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        // Mostly grammar programs (odd first byte), some raw text.
        if run % 4 != 0 {
            bytes[0] |= 1;
        }
        let source = grammar::source(&bytes);
        failures.extend(check(&source, &format!("smoke input {run}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
