//! The worker protocol as pure Rust: message shapes, trace decoding with the version
//! check, and the words shown for progress and failures. The web glue that reads these
//! from `MessageEvent`s lives in `hooks/use_engine.rs`.
//!
//! UI → worker: `{type: "run", id, source, maxSteps}`.
//! Worker → UI: `progress {loaded, total}`, `ready`, `trace {id, json}`, `crash {id,
//! message}`, `error {message}`.

use refscope_trace::{Trace, FORMAT_VERSION};

/// The step budget sent with every run.
pub const DEFAULT_MAX_STEPS: u32 = 10_000;

/// A worker whose heap still holds this much after a run is replaced by a fresh one.
/// RustPython does not give back everything when an interpreter is dropped (a few MB per
/// run), and the worker's heap is capped at 1 GiB: without recycling, a long session would
/// end in an out-of-memory crash.
pub const RECYCLE_HEAP_BYTES: f64 = 384.0 * 1024.0 * 1024.0;

/// A message from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum FromWorker {
    /// VM download progress in bytes (`total` is 0 when unknown).
    Progress { loaded: f64, total: f64 },
    /// The VM is initialised.
    Ready,
    /// A finished run, and the bytes the worker's heap still holds afterwards.
    Trace {
        id: u32,
        json: String,
        heap_bytes: f64,
    },
    /// The VM panicked; the worker is dead.
    Crash { id: Option<u32>, message: String },
    /// Loading the VM failed.
    Error { message: String },
    /// Anything else (ignored, but kept for the console).
    Unknown(String),
}

/// Parses a trace from the worker, refusing other format versions with a clear message.
pub fn decode_trace(json: &str) -> Result<Trace, String> {
    // Read the version first, so a future format is reported as such rather than as a
    // confusing field error.
    #[derive(serde::Deserialize)]
    struct Version {
        format_version: u32,
    }
    let version: Version = serde_json::from_str(json)
        .map_err(|e| format!("The trace from the Python worker could not be read ({e})."))?;
    if version.format_version != FORMAT_VERSION {
        return Err(format!(
            "The Python worker speaks trace format {} but this page expects format {}. \
             Reload the page to get matching versions.",
            version.format_version, FORMAT_VERSION
        ));
    }
    serde_json::from_str(json)
        .map_err(|e| format!("The trace from the Python worker could not be read ({e})."))
}

/// "Loading Python… 3.1 / 6.0 MB" (or "Loading Python… 3.1 MB" when the total is unknown).
pub fn progress_label(loaded: f64, total: f64) -> String {
    let mb = |b: f64| b / 1_000_000.0;
    if total > 0.0 {
        format!("Loading Python… {:.1} / {:.1} MB", mb(loaded), mb(total))
    } else if loaded > 0.0 {
        format!("Loading Python… {:.1} MB", mb(loaded))
    } else {
        "Loading Python…".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_decode() {
        let path = format!(
            "{}/tests/fixtures/traces/cycle.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let json = std::fs::read_to_string(path).unwrap();
        assert!(decode_trace(&json).is_ok());
    }

    #[test]
    fn other_versions_are_refused_in_words() {
        let err = decode_trace(r#"{"format_version": 99}"#).unwrap_err();
        assert!(err.contains("format 99"), "{err}");
        assert!(decode_trace("not json")
            .unwrap_err()
            .contains("could not be read"));
    }

    #[test]
    fn progress_is_in_megabytes() {
        assert_eq!(
            progress_label(3_100_000.0, 6_000_000.0),
            "Loading Python… 3.1 / 6.0 MB"
        );
        assert_eq!(progress_label(3_100_000.0, 0.0), "Loading Python… 3.1 MB");
        assert_eq!(progress_label(0.0, 0.0), "Loading Python…");
    }
}
