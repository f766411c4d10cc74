//! The recorder under libFuzzer: every input must end in a trace with an outcome, within
//! the step budget, without a panic or abort escaping `record`, and serialize to JSON.
//! VM panics the recorder caught (crash outcomes) are saved to `fuzz/findings/` for
//! regression tests instead of stopping the run.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use refscope_engine::{record, Options};
use refscope_trace::Outcome;

#[path = "../grammar.rs"]
mod grammar;

// The same cap as the CLI and the browser, so huge allocations are MemoryError.
#[global_allocator]
static ALLOC: refscope_engine::capalloc::CappedAlloc =
    refscope_engine::capalloc::CappedAlloc::new(2 << 30);

const MAX_STEPS: u32 = 300;

fuzz_target!(|data: &[u8]| {
    static QUIET: Once = Once::new();
    // libfuzzer-sys aborts on any panic, even one `record` catches and turns into a crash
    // outcome; only panics escaping `record` are findings, and those still abort below
    // (libfuzzer-sys catches the unwind out of this closure and aborts).
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let source = grammar::source(data);
    let trace = record(
        &source,
        &Options {
            max_steps: MAX_STEPS,
            ..Options::default()
        },
    );
    assert!(
        trace.steps.len() <= MAX_STEPS as usize,
        "step budget overrun"
    );
    if let Outcome::Crash { message } = &trace.outcome {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/findings");
        let _ = std::fs::create_dir_all(dir);
        let name = format!("{dir}/crash-{:016x}.py", fxhash(source.as_bytes()));
        let _ = std::fs::write(name, format!("# {message}\n{source}"));
    }
    serde_json::to_string(&trace).expect("a trace always serializes");
});

fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}
