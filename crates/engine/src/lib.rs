//! refscope-engine: runs a learner's Python snippet in RustPython under a trace hook and
//! records the whole run as a [`refscope_trace::Trace`].
//!
//! The one entry point is [`record`]. It never fails: syntax errors, uncaught exceptions,
//! the step limit and even a panic inside the VM all end the trace with an
//! [`Outcome`](refscope_trace::Outcome) and keep the steps recorded so far.
//!
//! Module map:
//! - `session`: builds a fresh RustPython interpreter per run and installs the prelude;
//! - `recorder`: the trace hook, the step budget and the step assembly;
//! - `heap`: walks frames and objects into interned object states, tracking identity;
//! - `lines`: frame line numbers, memoised (RustPython decodes them from scratch);
//! - `describe`: what one object looks like (kind, summary, labelled references);
//! - `size`: the model of 64-bit CPython 3.12+'s `sys.getsizeof`;
//! - `source_map`: statement facts from the AST (`finally`, `except`, `return`, ...);
//! - `stdlib`: whether a program needs the full engine or the core one will do;
//! - `capalloc`: a global allocator wrapper that turns huge allocations into MemoryError.

pub mod capalloc;
mod describe;
mod fingerprint;
mod heap;
mod lines;
mod recorder;
mod session;
pub mod size;
mod source_map;
mod stdlib;

use refscope_trace::Trace;
pub use stdlib::{full_only_imports, needs_full_stdlib, IS_FULL};

/// Limits for one recording.
#[derive(Debug, Clone)]
pub struct Options {
    /// Steps recorded before the run is stopped with a step-limit outcome.
    pub max_steps: u32,
    /// Heap objects listed per step; the rest are dropped and the step is marked truncated.
    pub max_heap_objects: usize,
    /// Bytes of stdout kept; the rest is replaced by a note.
    pub max_stdout_bytes: usize,
    /// Python recursion limit (CPython's default is 1000; 300 on wasm32, where the
    /// browser's stack is smaller).
    pub recursion_limit: usize,
    /// For tests: panic inside the recorder once this many steps are recorded, as a bug in
    /// the VM would, to check the crash outcome and the partial trace.
    #[doc(hidden)]
    pub panic_after_steps: Option<u32>,
    /// Code objects with more instructions than this get their line events from opcode
    /// events (see the `lines` module). Tests set 0 to check that both give one trace.
    #[doc(hidden)]
    pub long_code_units: usize,
    /// Whether the heap walk may reuse the last state of an object whose fingerprint did
    /// not change (see the `fingerprint` module). Tests turn it off to check that both
    /// give one trace.
    #[doc(hidden)]
    pub fast_path: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_steps: 10_000,
            max_heap_objects: 2000,
            max_stdout_bytes: 256 * 1024,
            // A wasm VM runs on the browser's native stack, which gives out between 400 and
            // 600 RustPython frames (measured in Chromium); 300 leaves room for frames
            // that go through builtins. The trace labels the difference when it matters.
            recursion_limit: if cfg!(target_arch = "wasm32") {
                300
            } else {
                1000
            },
            panic_after_steps: None,
            long_code_units: lines::LONG_CODE_UNITS,
            fast_path: true,
        }
    }
}

/// The largest step budget [`record`] accepts.
pub const MAX_STEPS_CEILING: u32 = 1_000_000;

/// Records `source` and returns the whole trace.
///
/// Natively, the VM runs on its own thread with a large stack (deep Python recursion uses
/// a lot of Rust stack) and a panic inside RustPython becomes a `crash` outcome.
pub fn record(source: &str, options: &Options) -> Trace {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let src = source.to_owned();
        let opts = options.clone();
        let handle = std::thread::Builder::new()
            .name("refscope-vm".into())
            .stack_size(512 * 1024 * 1024)
            .spawn(move || session::record_guarded(&src, &opts));
        match handle.map(|h| h.join()) {
            Ok(Ok(trace)) => trace,
            Ok(Err(_)) | Err(_) => Trace::crash(source, "the VM thread died"),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        session::record_guarded(source, options)
    }
}
