//! refscope-worker: the engine as the Web Worker sees it.
//!
//! This crate is built to its own wasm (`www/pkg/refscope_worker_bg.wasm`), separate from
//! the UI's, so the page paints before the multi-megabyte VM has downloaded. The
//! JavaScript side (`www/worker.js`) fetches it with progress, instantiates it and
//! forwards `run` messages here. Everything Python-related happens in this wasm; the UI
//! only ever receives the finished trace as JSON bytes typed by `refscope-trace`.
//!
//! It is built twice: the core engine (no `full` feature), which the page loads first,
//! and the full one, which the worker fetches only when [`needs_full_stdlib`] says a
//! program imports a module the core lacks.

#[cfg(target_arch = "wasm32")]
use refscope_engine::capalloc::CappedAlloc;
use refscope_engine::Options;
use refscope_trace::stream;
use wasm_bindgen::prelude::wasm_bindgen;

/// Live heap bytes the VM may use. A wasm instance can grow to 4 GiB; capping well below
/// keeps `[0] * 10**9` a prompt MemoryError and the browser tab at a sane size.
pub const HEAP_CAP_BYTES: usize = 1 << 30;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: CappedAlloc = CappedAlloc::new(HEAP_CAP_BYTES);

/// Records `source` with at most `max_steps` steps and returns the trace in the streamed
/// JSON encoding ([`refscope_trace::stream`])
/// (bytes, so the worker can transfer the buffer to the page instead of copying a string).
///
/// Never fails: every problem in the learner's code is an outcome inside the trace. Only
/// a Rust panic escapes, as a JavaScript exception; the worker then reports a crash and
/// the UI starts a fresh worker.
#[wasm_bindgen]
pub fn record(source: &str, max_steps: u32) -> Vec<u8> {
    let options = Options {
        max_steps: max_steps.clamp(1, refscope_engine::MAX_STEPS_CEILING),
        ..Options::default()
    };
    let trace = refscope_engine::record(source, &options);
    // Streamed, so the page can decode a long trace between frames (see `stream.rs`).
    let encode = |t: &refscope_trace::Trace| stream::encode(t, stream::PART_ITEMS);
    encode(&trace).unwrap_or_else(|e| {
        encode(&refscope_trace::Trace::crash(
            source,
            &format!("the trace could not be serialised: {e}"),
        ))
        .unwrap_or_default()
    })
}

/// Records `source` and returns the trace's digest ([`refscope_engine::trace_digest`], as
/// 16 hex digits): the browser tests compare what the real worker records with the native
/// engine's digests (`tests/fixtures/native-digests.json`) without moving whole traces.
#[wasm_bindgen]
pub fn record_digest(source: &str, max_steps: u32) -> String {
    let options = Options {
        max_steps: max_steps.clamp(1, refscope_engine::MAX_STEPS_CEILING),
        ..Options::default()
    };
    let trace = refscope_engine::record(source, &options);
    format!("{:016x}", refscope_engine::trace_digest(&trace))
}

/// True when `source` imports a module that only the full engine has (the worker then
/// loads it before running). Always false in the full engine itself.
#[wasm_bindgen]
pub fn needs_full_stdlib(source: &str) -> bool {
    !refscope_engine::IS_FULL && refscope_engine::needs_full_stdlib(source)
}

/// True in the full engine's build.
#[wasm_bindgen]
pub fn is_full() -> bool {
    refscope_engine::IS_FULL
}

#[wasm_bindgen]
extern "C" {
    /// Defined by `www/worker.js`: keeps the panic message so the crash report can say
    /// what went wrong (after a panic the wasm instance is dead and cannot be asked).
    #[wasm_bindgen(js_namespace = globalThis, js_name = refscopePanic)]
    fn report_panic(message: &str);
}

/// Installs the panic hook. Called once by the worker after instantiating the module.
#[wasm_bindgen]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| report_panic(&info.to_string())));
}

/// Panics on purpose: the browser tests use it to check that a dead VM is replaced and
/// the learner is told. Only the worker's own `test-crash` message reaches it; Python
/// code has no path to JavaScript.
#[wasm_bindgen]
pub fn crash_for_test() {
    panic!("deliberate panic requested by a test");
}

/// The trace format version this worker produces; the UI refuses a mismatch.
#[wasm_bindgen]
pub fn format_version() -> u32 {
    refscope_trace::FORMAT_VERSION
}

/// The bytes the VM heap holds now (the page recycles a worker that keeps growing).
#[wasm_bindgen]
pub fn live_heap_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        ALLOC.live_bytes()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// The most bytes the VM heap ever held (for the memory figures the benchmark prints).
#[wasm_bindgen]
pub fn peak_heap_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        ALLOC.peak_bytes()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
