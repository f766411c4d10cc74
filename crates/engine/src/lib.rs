//! refscope-engine: runs a learner's Python snippet in RustPython under a trace hook and
//! records the whole run as a [`refscope_trace::Trace`]. What it reads from the source
//! before the run (statement facts by line, how CPython counts interned strings) is the
//! `refscope-source` crate.
//!
//! The one entry point is [`record`]. It never fails: syntax errors, uncaught exceptions,
//! the step limit and even a panic inside the VM all end the trace with an
//! [`Outcome`](refscope_trace::Outcome) and keep the steps recorded so far.
//!
//! Module map, in layers (a module imports only from layers below its own; the
//! `layers` test in `tests/engine/layers.rs` checks it):
//! 1. leaves: `options`, `text`, `size`, `stdlib`, `capalloc`, `freelists` (what
//!    RustPython's free lists still hold, released before each read), `import_garbage`
//!    (what a program's imports leave for the first collection),
//!    `trace_data` (the recorded data), `frames` (the learner's frames and their ids),
//!    `lines` (frame line numbers), and `read`, the only code that reads the program's
//!    objects (payloads and type slots, never their Python code);
//! 2. `prelude` (the `_refscope` module's hooks), `describe` (one object's kind, summary
//!    and references), `fingerprint` (the walk's fast path), `outcome`, `label`
//!    (post-run labelling);
//! 3. `heap` (the snapshot in phases: roots, walk, reachability, states, lifecycle),
//!    `vm_held` (references the interpreter holds beyond CPython's);
//! 4. `protocols` (context managers, try/except/finally, generators, finalizers) and
//!    `gc_watch` (collections);
//! 5. `hook`, the funnel that turns each trace event into one step;
//! 6. `introspect`: the memory figures the program asks for (`sys.getsizeof`,
//!    `gc.collect()`...), CPython 3.13's, from the models the diagram draws with;
//! 7. `natives`, which installs those in `sys`, `gc` and `weakref`, and `exit`: the
//!    interpreter's exit after the program's end (atexit handlers, the exit collection,
//!    the module's names released), replayed as CPython 3.13 runs it;
//! 8. `session`: a fresh interpreter per run, the prelude, compile, run, exit, outcome.

pub mod capalloc;
mod describe;
mod exit;
mod fingerprint;
mod frames;
mod freelists;
mod gc_watch;
mod heap;
mod hook;
mod import_garbage;
mod introspect;
mod label;
mod lines;
mod natives;
mod options;
mod outcome;
mod prelude;
mod protocols;
mod read;
mod session;
pub mod size;
mod stdlib;
mod text;
mod trace_data;
mod vm_held;

pub use options::Options;
pub use refscope_source::cpython_facts;
use refscope_trace::Trace;
pub use stdlib::{full_only_imports, needs_full_stdlib, IS_FULL};

/// A fingerprint of a trace, to compare a recording made in the browser (the wasm engine)
/// with the native one without shipping either: FNV-1a (64-bit) of its JSON, with the
/// `differences` notes left out (they name the platform's own limits). FNV because it is
/// the same on every word size (FxHash is not), and this is a test aid, not a hash table.
pub fn trace_digest(trace: &Trace) -> u64 {
    let mut t = trace.clone();
    t.differences.clear();
    let json = serde_json::to_string(&t).unwrap_or_default();
    json.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
