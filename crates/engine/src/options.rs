//! The limits and switches of one recording. A leaf.

/// Code objects with more instructions than this get their line events from opcode events
/// (see `lines`). About 1,000 lines of simple statements; no lesson comes near it.
pub(crate) const LONG_CODE_UNITS: usize = 4_000;

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
            long_code_units: LONG_CODE_UNITS,
            fast_path: true,
        }
    }
}
