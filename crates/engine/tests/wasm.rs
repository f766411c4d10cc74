//! The engine on wasm32, in headless Chromium (wasm-bindgen-test).
//!
//! The browser build differs from the native one in exactly the places these tests
//! cover: the prelude's `posix`/`_signal`/clock shims, the in-memory disk behind `open()`
//! and the absence of threads (the VM runs on the caller's stack). Expected output comes
//! from the CPython recordings in `tests/cpython/recordings/`, never from the engine.
//! `cargo xtask test` runs this file; natively it compiles to nothing.
#![cfg(target_arch = "wasm32")]

use refscope_engine::{record, Options};
use refscope_trace::{Event, FileEvent, Outcome, Trace};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn run(source: &str) -> Trace {
    record(source, &Options::default())
}

fn cpython_stdout(recording: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(recording).expect("recording is JSON");
    value["stdout"].as_str().expect("stdout").to_owned()
}

#[wasm_bindgen_test]
fn modules_that_need_os_import_in_the_browser() {
    let trace = run("import os, contextlib, traceback, dataclasses, random, inspect\n\
         import weakref, gc, sys, io, time, functools, collections, itertools\n\
         t = time.perf_counter(); time.sleep(0.01); assert time.perf_counter() >= t\n\
         assert time.monotonic_ns() > 0\n\
         r = random.Random(4); print(r.randint(1, 10**6) == random.Random(4).randint(1, 10**6))\n\
         print(os.path.join('a', 'b'), os.getcwd())\n\
         try:\n    os.listdir('.')\nexcept OSError as e:\n    print('OSError', 'browser' in str(e))\n");
    assert_eq!(
        trace.outcome,
        Outcome::Completed,
        "stdout: {}",
        trace.stdout
    );
    assert_eq!(trace.stdout, "True\na/b /\nOSError True\n");
}

#[wasm_bindgen_test]
fn file_buffering_matches_cpython() {
    // CPython: the 5 bytes sit in the 8192-byte buffer until flush.
    let trace = run("import io\n\
         f = open('notes.txt', 'w')\n\
         f.write('hello')\n\
         print(repr(open('notes.txt').read()))\n\
         f.flush()\n\
         print(repr(open('notes.txt').read()))\n\
         f.close()\n\
         print(io.DEFAULT_BUFFER_SIZE)\n");
    assert_eq!(
        trace.outcome,
        Outcome::Completed,
        "stdout: {}",
        trace.stdout
    );
    assert_eq!(trace.stdout, "''\n'hello'\n8192\n");
    let flushed: u64 = trace
        .events()
        .filter_map(|(_, e)| match e {
            Event::File(FileEvent { action, bytes, .. }) if action == "flushed" => Some(*bytes),
            _ => None,
        })
        .sum();
    assert_eq!(
        flushed, 5,
        "the trace should show 5 bytes reaching the disk"
    );
}

#[wasm_bindgen_test]
fn full_traces_print_what_cpython_prints() {
    for (program, recording) in [
        (
            include_str!("../../../tests/corpus/14_files.py"),
            include_str!("../../../tests/cpython/recordings/14_files.json"),
        ),
        (
            include_str!("../../../tests/corpus/09_context_managers.py"),
            include_str!("../../../tests/cpython/recordings/09_context_managers.json"),
        ),
    ] {
        let trace = run(program);
        assert_eq!(trace.outcome, Outcome::Completed);
        assert_eq!(trace.stdout, cpython_stdout(recording));
        assert!(trace.steps.len() > 20, "only {} steps", trace.steps.len());
        assert!((0..trace.steps.len()).any(|i| trace.heap_len(i) > 0));
    }
}

#[wasm_bindgen_test]
fn the_step_limit_holds_against_except_base_exception() {
    let options = Options {
        max_steps: 500,
        ..Options::default()
    };
    let trace = record(
        "while True:\n    try:\n        x = 1\n    except BaseException:\n        pass\n",
        &options,
    );
    assert!(
        matches!(trace.outcome, Outcome::StepLimit { .. }),
        "{:?}",
        trace.outcome
    );
    assert_eq!(trace.steps.len(), 500);
}

/// Programs whose browser trace differs from the native one, the one table both this
/// test and the real-worker browser test (`tests/browser/native.test.mjs`) read:
/// (program, the words the trace's `differences` must contain where the trace labels
/// it, why).
fn browser_differences() -> Vec<(String, Option<String>)> {
    let table: Vec<serde_json::Value> = serde_json::from_str(include_str!(
        "../../../tests/fixtures/browser-differences.json"
    ))
    .expect("browser differences are JSON");
    (table.iter())
        .map(|d| {
            let label = d["label"].as_str().map(str::to_owned);
            (d["name"].as_str().unwrap().to_owned(), label)
        })
        .collect()
}

/// The browser shows what the native engine records: every corpus program, lesson and
/// hostile program recorded here, in Chromium, gives the trace the native engine gave
/// (`tests/fixtures/native-digests.json`, kept current by the native test suite), except
/// the labelled differences above.
#[wasm_bindgen_test]
fn traces_equal_the_native_engines() {
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../../tests/fixtures/native-digests.json"))
            .expect("native digests are JSON");
    assert!(entries.len() >= 60, "only {} programs", entries.len());
    let differences = browser_differences();
    let mut differ = Vec::new();
    for e in &entries {
        let name = e["name"].as_str().unwrap();
        let trace = run(e["source"].as_str().unwrap());
        let digest = format!("{:016x}", refscope_engine::trace_digest(&trace));
        let known = differences.iter().find(|(n, _)| n == name);
        match known {
            Some((_, label)) => {
                assert_ne!(digest, e["digest"].as_str().unwrap(), "{name}: now equal");
                assert!(
                    (label.as_deref())
                        .is_none_or(|l| trace.differences.iter().any(|d| d.contains(l))),
                    "{name}: the difference is not labelled: {:?}",
                    trace.differences
                );
            }
            None if digest != e["digest"].as_str().unwrap() => differ.push(format!(
                "{name} ({} steps, outcome {:?}, stdout {:?})",
                trace.steps.len(),
                trace.outcome,
                trace.stdout
            )),
            None => {}
        }
    }
    assert!(
        differ.is_empty(),
        "browser traces differ from native: {differ:?}"
    );
}
