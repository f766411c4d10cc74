//! Everything recorded so far, as plain data (no Python objects): the steps, the interned
//! object states, bindings and frames, the program's output and the labelled differences.
//! A VM panic can still return it as a partial trace. Knows nothing of the VM.

use rustc_hash::FxHashMap;

use refscope_trace::{
    Frame, HeapEncoder, Local, ObjectState, Outcome, Step, Trace, FORMAT_VERSION,
};

use crate::options::Options;

/// Values stored once each, in order of first sight, and named by their index.
pub(crate) struct Interner<T> {
    pub(crate) items: Vec<T>,
    // Used only for lookups, never iterated, so hash order cannot leak into the trace.
    index: FxHashMap<T, u32>,
}

impl<T: Clone + Eq + std::hash::Hash> Interner<T> {
    pub(crate) fn new() -> Self {
        Interner {
            items: Vec::new(),
            index: FxHashMap::default(),
        }
    }

    pub(crate) fn intern(&mut self, item: T) -> u32 {
        if let Some(&i) = self.index.get(&item) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(item.clone());
        self.index.insert(item, i);
        i
    }
}

/// Everything recorded so far, as plain data (no Python objects), so a VM panic can still
/// return the partial trace.
pub(crate) struct TraceData {
    pub(crate) steps: Vec<Step>,
    pub(crate) objects: Interner<ObjectState>,
    pub(crate) locals: Interner<Local>,
    pub(crate) frames: Interner<Frame>,
    pub(crate) heap_encoder: HeapEncoder,
    pub(crate) stdout: String,
    stdout_truncated: bool,
    max_stdout: usize,
    pub(crate) differences: Vec<String>,
    /// The first step of the interpreter's exit (see `exit`).
    pub(crate) exit_start: Option<u32>,
}

impl TraceData {
    pub(crate) fn new(options: &Options) -> Self {
        TraceData {
            steps: Vec::new(),
            objects: Interner::new(),
            locals: Interner::new(),
            frames: Interner::new(),
            heap_encoder: HeapEncoder::default(),
            stdout: String::new(),
            stdout_truncated: false,
            max_stdout: options.max_stdout_bytes,
            differences: Vec::new(),
            exit_start: None,
        }
    }

    /// Appends program output, up to the cap.
    pub(crate) fn write_stdout(&mut self, text: &str) {
        if self.stdout_truncated {
            return;
        }
        let room = self.max_stdout.saturating_sub(self.stdout.len());
        if text.len() <= room {
            self.stdout.push_str(text);
        } else {
            let mut cut = room;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.stdout.push_str(&text[..cut]);
            self.stdout
                .push_str("\n… output truncated: the program printed more than ");
            self.stdout
                .push_str(&format!("{} KiB\n", self.max_stdout / 1024));
            self.stdout_truncated = true;
        }
    }

    /// Adds a line to `differences`, once however often the run hits it.
    pub(crate) fn note(&mut self, text: String) {
        if !self.differences.contains(&text) {
            self.differences.push(text);
        }
    }

    pub(crate) fn into_trace(self, source: &str, outcome: Outcome) -> Trace {
        Trace {
            format_version: FORMAT_VERSION,
            source: source.to_owned(),
            outcome,
            stdout: self.stdout,
            stdout_truncated: self.stdout_truncated,
            objects: self.objects.items,
            locals: self.locals.items,
            frames: self.frames.items,
            steps: self.steps,
            differences: self.differences,
            exit_start: self.exit_start,
        }
    }
}
