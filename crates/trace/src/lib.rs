//! The refscope trace model: one serde document describing a whole recorded Python run.
//!
//! This crate owns the wire format shared by the engine (which writes traces) and the
//! playground UI (which replays them). It knows neither RustPython nor Yew, so either side
//! can change its internals without the other noticing. The format is specified in
//! `docs/trace-format.md`; the rustdoc on each type is the field-level reference.
//!
//! # Shape
//! A [`Trace`] carries its [`FORMAT_VERSION`], the source, an [`Outcome`], the full stdout
//! and the ordered [`Step`]s. Long traces stay small because nothing is stored twice:
//! - every distinct object *state* is stored once in [`Trace::objects`], every distinct
//!   name binding once in [`Trace::locals`], and every distinct frame state (id, function,
//!   bindings) once in [`Trace::frames`];
//! - a step's stack names frame states by index, with each frame's current line;
//! - a step's heap is a [`HeapChange`] from the previous step (the states that are new or
//!   changed, the ids that are gone), with a full listing every [`HEAP_KEYFRAME_EVERY`]
//!   steps so that any step's heap is rebuilt from at most that many changes.
//!
//! Readers never touch those encodings: [`Trace::heap`], [`Trace::stack`] and
//! [`Trace::heaps`] give each step's heap and stack as plain lists.
//!
//! # Determinism
//! Object ids ([`ObjId`]) and frame ids are sequential in order of first sight and never
//! reused. Nothing in a trace depends on addresses, hash order or wall-clock time, so the
//! same program always yields a byte-identical trace.

mod event;
mod object;
pub mod profile;
mod step;
pub mod stream;

pub use event::{
    ContextEvent, Event, ExceptionEvent, ExitStage, FileEvent, FinallyReason, FreeReason,
    GcTrigger, GeneratorEvent,
};
pub use object::{
    Edge, EdgeLabel, FileState, GeneratorState, ObjId, ObjectKind, ObjectState, Refcount, Size,
    Value,
};
use serde::{Deserialize, Serialize};
pub use step::{
    FrameAt, HeapChange, HeapCursor, HeapEncoder, HeapStep, HeapWalk, StackEntry,
    HEAP_KEYFRAME_EVERY,
};

/// The version of the trace format. Bump it on any change a reader could notice.
///
/// 2: interned frame states and heap changes instead of full copies per step.
/// 3: a refcount may be `approximate` (shown with "≈").
pub const FORMAT_VERSION: u32 = 4;

/// One recorded run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Always [`FORMAT_VERSION`] for traces written by this crate's version.
    pub format_version: u32,
    /// The Python source that was run.
    pub source: String,
    /// How the run ended.
    pub outcome: Outcome,
    /// Everything the program printed (possibly capped, see [`Trace::stdout_truncated`]).
    pub stdout: String,
    /// True when stdout hit the recorder's cap and the rest was dropped.
    #[serde(default)]
    pub stdout_truncated: bool,
    /// The interned object states that steps refer to by index.
    pub objects: Vec<ObjectState>,
    /// The interned name bindings that frame states refer to by index.
    #[serde(default)]
    pub locals: Vec<Local>,
    /// The interned frame states that steps' stacks refer to by index.
    #[serde(default)]
    pub frames: Vec<Frame>,
    /// The recorded steps, in execution order.
    pub steps: Vec<Step>,
    /// Places where the learner would see RustPython behave unlike CPython, in plain words.
    /// The UI shows these next to the trace; see `docs/trace-format.md`.
    #[serde(default)]
    pub differences: Vec<String>,
    /// The first step of the interpreter's exit (atexit handlers, the exit collection,
    /// the module's names released), when the program's end set off anything there;
    /// the steps before it are the program's own run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_start: Option<u32>,
}

impl Trace {
    /// A trace with no steps whose outcome is a crash with `message`: what a reader gets
    /// when the VM died before anything could be recorded.
    pub fn crash(source: &str, message: &str) -> Trace {
        Trace {
            format_version: FORMAT_VERSION,
            source: source.to_owned(),
            outcome: Outcome::Crash {
                message: if message.is_empty() {
                    "the Python VM crashed".to_owned()
                } else {
                    message.to_owned()
                },
            },
            stdout: String::new(),
            stdout_truncated: false,
            objects: Vec::new(),
            locals: Vec::new(),
            frames: Vec::new(),
            steps: Vec::new(),
            differences: Vec::new(),
            exit_start: None,
        }
    }

    /// The object states alive at `step`, in id order.
    pub fn heap(&self, step: usize) -> impl Iterator<Item = &ObjectState> + '_ {
        self.heap_indices(step)
            .into_iter()
            .filter_map(move |i| self.objects.get(i as usize))
    }

    /// The state of object `id` at `step`, if it is alive there.
    pub fn object_at(&self, step: usize, id: ObjId) -> Option<&ObjectState> {
        self.heap(step).find(|o| o.id == id)
    }

    /// The stdout printed up to and including `step`.
    pub fn stdout_at(&self, step: usize) -> &str {
        let end = self.steps[step].stdout_len as usize;
        self.stdout.get(..end).unwrap_or(&self.stdout)
    }

    /// What the program printed before the interpreter's exit began: all of it when the
    /// trace shows no exit.
    pub fn run_stdout(&self) -> &str {
        match self.exit_start {
            Some(s) if (s as usize) < self.steps.len() => self.stdout_at(s as usize),
            _ => &self.stdout,
        }
    }

    /// The program's own run, without the interpreter's exit: the steps before it and
    /// what they printed (what a recorder that stops at the last line compares with).
    pub fn without_exit(&self) -> Trace {
        let mut t = self.clone();
        if let Some(start) = self.exit_start {
            t.stdout = self.run_stdout().to_owned();
            t.steps.truncate(start as usize);
            t.exit_start = None;
        }
        t
    }

    /// Whether `step` belongs to the interpreter's exit.
    pub fn in_exit(&self, step: usize) -> bool {
        self.exit_start.is_some_and(|s| step >= s as usize)
    }

    /// Every event of the run with the index of the step it is attached to.
    pub fn events(&self) -> impl Iterator<Item = (usize, &Event)> + '_ {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.events.iter().map(move |e| (i, e)))
    }
}

/// How a run ended. Recording never fails: every way a run can end is an outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The module ran to its end.
    Completed,
    /// An exception escaped the module.
    UncaughtException {
        /// The exception's type name, e.g. `ZeroDivisionError`.
        exc_type: String,
        /// `str(exception)`.
        message: String,
        /// The formatted traceback, one entry per line, as CPython would print it
        /// (frames of refscope's own prelude removed).
        traceback: Vec<String>,
    },
    /// The source did not compile.
    SyntaxError {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The message, e.g. `invalid syntax` or `expected an indented block`.
        message: String,
        /// `SyntaxError` or `IndentationError` (or `TabError`).
        exc_type: String,
    },
    /// The step budget ran out; the steps recorded so far are kept.
    StepLimit {
        /// The budget that was exhausted.
        max_steps: u32,
    },
    /// The VM itself failed (a Rust panic inside RustPython). The steps so far are kept.
    Crash {
        /// What went wrong, in words.
        message: String,
    },
}

/// The trace event that produced a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepEvent {
    /// A new line is about to run.
    Line,
    /// A function (or generator resumption) was entered.
    Call,
    /// A function is returning (or a generator is suspending).
    Return,
    /// An exception was raised in, or propagated into, the current frame.
    Exception,
    /// A stage of the interpreter's exit began (no line runs; see [`Event::Exit`]).
    Exit,
}

/// One point in the run: what the program looked like as the event fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Which trace event this step records.
    pub event: StepEvent,
    /// The 1-based line of the current frame. The current function is the last stack
    /// entry's ([`Trace::function_at`]).
    pub line: u32,
    /// The user's call stack, outermost first, as frame states and lines; the last entry
    /// is the current frame. Read it through [`Trace::stack`].
    ///
    /// The per-step lists here and in [`HeapChange`] are boxed slices, not `Vec`s: a
    /// `Vec` read from JSON keeps room to grow (four events' worth for one event), which
    /// over 100,000 steps was a third of a trace's memory.
    pub stack: Box<[StackEntry]>,
    /// How the heap differs from the previous step's: every object alive at this step,
    /// reachable objects and unreachable cycle garbage alike (see
    /// [`ObjectState::reachable`]). Read it through [`Trace::heap`] or [`Trace::heaps`].
    pub heap: HeapChange,
    /// Byte length of [`Trace::stdout`] printed so far.
    pub stdout_len: u32,
    /// For `return` steps: the value being returned (or yielded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_value: Option<Box<Value>>,
    /// True when the heap listing was capped; see `docs/trace-format.md`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub heap_truncated: bool,
    /// Lifetime and protocol events that happened since the previous step.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub events: Box<[Event]>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The state of one frame of the user's call stack, without its current line (which
/// changes at every step and is kept in [`StackEntry::line`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Frame {
    /// Sequential frame id, stable for the frame's lifetime.
    pub id: u32,
    /// Function name, `<module>` for the top level.
    pub function: String,
    /// Indices into [`Trace::locals`] of the names bound, in order of first binding. At
    /// module level these are the globals the program defined.
    pub locals: Box<[u32]>,
}

/// A name bound in a frame.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Local {
    /// The variable name.
    pub name: String,
    /// What it is bound to.
    pub value: Value,
}
