//! The UI's fixture traces (`tests/fixtures/traces/*.json`) are the engine's real output:
//! each is re-recorded from its own `source` and must match byte for byte, so a change in
//! the engine or the trace format cannot leave the UI tests replaying stale traces.
//! `REFSCOPE_BLESS=1` rewrites them instead (then review the diff).

use refscope_engine::{record, Options};
use refscope_trace::{Outcome, Trace};

#[test]
fn fixture_traces_are_current_engine_output() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/traces");
    let bless = std::env::var_os("REFSCOPE_BLESS").is_some();
    let mut stale = Vec::new();
    let entries = crate::lifetimes::files_with_extension(std::path::Path::new(dir), "json");
    assert!(entries.len() >= 7, "fixtures missing: {entries:?}");
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        // Only the source and the step budget are read from the old file, so an old
        // format still yields its source.
        let old: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let source = old["source"].as_str().expect("fixture has a source");
        let max_steps = old["outcome"]["max_steps"].as_u64().unwrap_or(10_000) as u32;
        let trace: Trace = record(
            source,
            &Options {
                max_steps,
                ..Options::default()
            },
        );
        if let Outcome::Crash { message } = &trace.outcome {
            panic!("{}: the engine crashed: {message}", path.display());
        }
        let fresh = serde_json::to_string(&trace).expect("serialise") + "\n";
        if fresh != text {
            if bless {
                std::fs::write(&path, fresh).expect("write fixture");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale fixtures (re-run with REFSCOPE_BLESS=1 and review): {stale:?}"
    );
}
