//! The worker protocol as pure Rust: message shapes, trace decoding with the version
//! check, and the words shown for progress and failures. The web glue that reads these
//! from `MessageEvent`s lives in `hooks/use_engine.rs`.
//!
//! UI → worker: `{type: "run", id, source, maxSteps}`.
//! Worker → UI: `progress {loaded, total, part}`, `ready`, `trace {id, bytes, heapBytes,
//! recordMs}`, `crash {id, message}`, `error {message}` (see `www/worker.js`).
//!
//! `FromWorker` is generic over the trace payload: a `js_sys::Uint8Array` in the browser
//! (read without a copy into a JS string), bytes in tests.

use refscope_trace::{stream, Trace, FORMAT_VERSION};

/// The step budget sent with every run, unless the page's URL asks for another.
pub const DEFAULT_MAX_STEPS: u32 = 10_000;

/// The largest budget a URL may ask for (the engine's own ceiling).
pub const MAX_STEPS_CEILING: u32 = 1_000_000;

/// The step budget named by a query string such as `?steps=100000` (clamped to
/// 1..=[`MAX_STEPS_CEILING`]), else [`DEFAULT_MAX_STEPS`]. Longer runs are for programs
/// that need them (and for the benchmark); the default keeps a runaway loop short.
pub fn max_steps_from_query(search: &str) -> u32 {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find_map(|(k, v)| (k == "steps").then(|| v.parse::<u64>().ok()))
        .flatten()
        .map_or(DEFAULT_MAX_STEPS, |n| {
            n.clamp(1, u64::from(MAX_STEPS_CEILING)) as u32
        })
}

/// A worker whose heap still holds this much after a run is replaced by a fresh one.
/// RustPython does not give back everything when an interpreter is dropped (a few MB per
/// run), and the worker's heap is capped at 1 GiB: without recycling, a long session would
/// end in an out-of-memory crash.
pub const RECYCLE_HEAP_BYTES: f64 = 384.0 * 1024.0 * 1024.0;

/// A message from the worker; `B` holds the trace's JSON bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum FromWorker<B> {
    /// VM download progress in bytes (`total` is 0 when unknown); `full` for the rest of
    /// the standard library.
    Progress { loaded: f64, total: f64, full: bool },
    /// The VM is initialised.
    Ready,
    /// A finished run, and the bytes the worker's heap still holds afterwards.
    Trace { id: u32, bytes: B, heap_bytes: f64 },
    /// The VM panicked; the worker is dead.
    Crash { id: Option<u32>, message: String },
    /// Loading the VM failed.
    Error { message: String },
    /// Anything else (ignored, but kept for the console).
    Unknown(String),
}

/// Parses a whole trace (plain or streamed JSON), refusing other format versions with a
/// clear message.
pub fn decode_trace(json: &[u8]) -> Result<Trace, String> {
    let mut decoder = TraceDecoder::start(|| json)?;
    while decoder.next_part()? {}
    Ok(decoder.finish())
}

/// A trace from the worker being decoded a part at a time (the streamed encoding of
/// [`refscope_trace::stream`]), so the page can draw and answer input between parts.
pub struct TraceDecoder<R: std::io::Read> {
    inner: stream::Decoder<std::io::BufReader<R>>,
}

fn unreadable(e: serde_json::Error) -> String {
    format!("The trace from the Python worker could not be read ({e}).")
}

impl<R: std::io::Read> TraceDecoder<R> {
    /// Reads the head from a reader that `open` makes (and makes again, from the start,
    /// to read the version of a trace that did not parse). The page reads the worker's
    /// bytes in chunks this way instead of copying a 50 MB trace into its wasm memory.
    pub fn start(open: impl Fn() -> R) -> Result<Self, String> {
        let other_version = |v| {
            format!(
                "The Python worker speaks trace format {v} but this page expects format \
                 {FORMAT_VERSION}. Reload the page to get matching versions."
            )
        };
        let reader = || std::io::BufReader::with_capacity(1 << 16, open());
        match stream::Decoder::new(reader()) {
            Ok(inner) if inner.head().format_version == FORMAT_VERSION => {
                Ok(TraceDecoder { inner })
            }
            Ok(inner) => Err(other_version(inner.head().format_version)),
            Err(e) => {
                // Another format may not fit the types at all: say so rather than report
                // a confusing field error.
                #[derive(serde::Deserialize)]
                struct Version {
                    format_version: u32,
                }
                let mut de = serde_json::Deserializer::from_reader(reader());
                match <Version as serde::Deserialize>::deserialize(&mut de) {
                    Ok(v) if v.format_version != FORMAT_VERSION => {
                        Err(other_version(v.format_version))
                    }
                    _ => Err(unreadable(e)),
                }
            }
        }
    }

    /// Decodes the next part; `Ok(false)` once the trace is complete.
    pub fn next_part(&mut self) -> Result<bool, String> {
        self.inner.next_part().map_err(unreadable)
    }

    /// The decoded trace, once [`Self::next_part`] has said it is complete.
    pub fn finish(self) -> Trace {
        self.inner.finish()
    }
}

/// "Loading Python… 3.1 / 6.0 MB" (or "Loading Python… 3.1 MB" when the total is unknown);
/// for the full engine, "Loading the rest of Python's standard library… 3.1 / 6.0 MB".
pub fn progress_label(loaded: f64, total: f64, full: bool) -> String {
    let mb = |b: f64| b / 1_000_000.0;
    let what = if full {
        "Loading the rest of Python's standard library…"
    } else {
        "Loading Python…"
    };
    if total > 0.0 {
        format!("{what} {:.1} / {:.1} MB", mb(loaded), mb(total))
    } else if loaded > 0.0 {
        format!("{what} {:.1} MB", mb(loaded))
    } else {
        what.to_owned()
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
        let json = std::fs::read(path).unwrap();
        assert!(decode_trace(&json).is_ok());
    }

    #[test]
    fn streamed_traces_decode_to_the_same_trace() {
        let path = format!(
            "{}/tests/fixtures/traces/cycle.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let plain = decode_trace(&std::fs::read(path).unwrap()).unwrap();
        let streamed = stream::encode(&plain, 2).unwrap();
        let mut decoder = TraceDecoder::start(|| &streamed[..]).unwrap();
        let mut parts = 0;
        while decoder.next_part().unwrap() {
            parts += 1;
        }
        assert!(parts > 4, "cut into many parts: {parts}");
        assert_eq!(decoder.finish(), plain);
    }

    #[test]
    fn other_versions_are_refused_in_words() {
        let err = decode_trace(br#"{"format_version": 99}"#).unwrap_err();
        assert!(err.contains("format 99"), "{err}");
        assert!(decode_trace(b"not json")
            .unwrap_err()
            .contains("could not be read"));
    }

    #[test]
    fn the_step_budget_comes_from_the_query() {
        assert_eq!(max_steps_from_query(""), DEFAULT_MAX_STEPS);
        assert_eq!(max_steps_from_query("?steps=100000"), 100_000);
        assert_eq!(max_steps_from_query("?embed&steps=50"), 50);
        assert_eq!(max_steps_from_query("?steps=0"), 1);
        assert_eq!(
            max_steps_from_query("?steps=99999999999"),
            MAX_STEPS_CEILING
        );
        assert_eq!(max_steps_from_query("?steps=lots"), DEFAULT_MAX_STEPS);
    }

    #[test]
    fn progress_is_in_megabytes() {
        assert_eq!(
            progress_label(3_100_000.0, 6_000_000.0, false),
            "Loading Python… 3.1 / 6.0 MB"
        );
        assert_eq!(
            progress_label(3_100_000.0, 0.0, false),
            "Loading Python… 3.1 MB"
        );
        assert_eq!(progress_label(0.0, 0.0, false), "Loading Python…");
        assert_eq!(
            progress_label(1_000_000.0, 9_000_000.0, true),
            "Loading the rest of Python's standard library… 1.0 / 9.0 MB"
        );
    }
}
