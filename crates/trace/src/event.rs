//! Lifetime and protocol events, attached to the step at which their effect is first visible.
//!
//! Every event carries the `line` that was running when it happened (which is usually the
//! line of the *previous* step, since a step shows the state just before its line runs) and
//! the objects it concerns, so the UI can point at both.

use serde::{Deserialize, Serialize};

use crate::ObjId;

/// Something that happened between two steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// An object died.
    Freed {
        /// Its id.
        object: ObjId,
        /// Its type name.
        type_name: String,
        /// Its last summary.
        summary: String,
        /// Why it died.
        reason: FreeReason,
        /// Whether its `__del__` ran before it died.
        del_ran: bool,
        /// The line running when it died.
        line: u32,
    },
    /// `__del__` was called on an object.
    DelCalled {
        /// The object being finalized.
        object: ObjId,
        /// The line running when it was called.
        line: u32,
    },
    /// The cyclic garbage collector ran.
    GcCollection {
        /// `gc.collect()` or the automatic threshold.
        trigger: GcTrigger,
        /// The generation collected (0, 1 or 2).
        generation: u32,
        /// The program's objects it found unreachable (cycle garbage known to the trace).
        found: Vec<ObjId>,
        /// Those of them it freed.
        freed: Vec<ObjId>,
        /// The line running when it ran.
        line: u32,
    },
    /// A weakref callback was called because its referent died.
    WeakrefCallback {
        /// The callback function's name.
        function: String,
        /// The line running when it was called.
        line: u32,
    },
    /// A `weakref.finalize` finalizer ran.
    Finalizer {
        /// The finalizer function's name.
        function: String,
        /// The line running when it ran.
        line: u32,
    },
    /// A context manager's `__enter__` or `__exit__` ran.
    Context(ContextEvent),
    /// A `finally` block was entered.
    FinallyEntered {
        /// The first line of the `finally` body.
        line: u32,
        /// Why control arrived there.
        reason: FinallyReason,
    },
    /// An `except` handler was entered.
    ExceptEntered {
        /// The `except` line.
        line: u32,
        /// The exception type being handled.
        exc_type: String,
    },
    /// An exception was raised, propagated or caught.
    Exception(ExceptionEvent),
    /// A generator started, was suspended, resumed or closed.
    Generator(GeneratorEvent),
    /// A file was opened, written, flushed or closed.
    File(FileEvent),
    /// The program asked for a memory figure (`sys.getsizeof`, `sys.getrefcount`,
    /// `gc.collect()`...) that refscope could only estimate: CPython 3.13 may print
    /// another number. The output the step printed is marked.
    Estimate {
        /// The function called, e.g. `sys.getsizeof`.
        call: String,
        /// The value it returned.
        value: i64,
        /// Why it is an estimate, and what CPython's value depends on.
        note: String,
        /// How much output there was when the call ran: what the program printed from
        /// there up to this step is the output to mark.
        stdout_at: u32,
        line: u32,
    },
    /// The interpreter's exit after the program's end (CPython's `Py_FinalizeEx`): the
    /// stage that begins at this step.
    Exit {
        stage: ExitStage,
        /// The module's last line.
        line: u32,
    },
}

impl Event {
    /// The line this event happened on.
    pub fn line(&self) -> u32 {
        match self {
            Event::Freed { line, .. }
            | Event::DelCalled { line, .. }
            | Event::GcCollection { line, .. }
            | Event::WeakrefCallback { line, .. }
            | Event::Finalizer { line, .. }
            | Event::FinallyEntered { line, .. }
            | Event::ExceptEntered { line, .. }
            | Event::Estimate { line, .. }
            | Event::Exit { line, .. } => *line,
            Event::Context(e) => e.line,
            Event::Exception(e) => e.line,
            Event::Generator(e) => e.line,
            Event::File(e) => e.line,
        }
    }
}

/// Why an object was freed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeReason {
    /// Its refcount dropped to zero.
    Refcount,
    /// The cyclic garbage collector freed it.
    GcCollected,
}

/// What started a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GcTrigger {
    /// The program called `gc.collect()`.
    Explicit,
    /// An allocation threshold was crossed.
    Automatic,
    /// The interpreter's exit: with gc enabled one full collection runs after the atexit
    /// handlers, while the module's names still exist.
    Exit,
}

/// The stages of the interpreter's exit, in the order CPython 3.13 runs them (see
/// `tests/exit/SPEC.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitStage {
    /// The program's end: its last line ran, or an exception left the module.
    Begin,
    /// The `atexit` handlers run, the last registered first.
    Atexit,
    /// One full collection, because gc is enabled.
    Collection,
    /// The module's names are released; what only they kept alive is finalized and
    /// freed.
    Globals,
    /// The interpreter has exited.
    End,
}

/// `__enter__` or `__exit__`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContextEvent {
    /// `enter` or `exit`.
    pub phase: String,
    /// The manager's type name.
    pub manager_type: String,
    /// The manager object, when it is on the heap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<ObjId>,
    /// For `exit`: the exception type passed in, or `None` for a normal exit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exc_type: Option<String>,
    /// For `exit` with an exception: whether `__exit__` suppressed it.
    #[serde(default)]
    pub suppressed: bool,
    /// The line of the `with` statement (or the call) that ran it.
    pub line: u32,
}

/// Why a `finally` block runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FinallyReason {
    /// The `try` body (or a handler) finished normally.
    Normal,
    /// A `return` is pending.
    Return,
    /// A `break` is pending.
    Break,
    /// A `continue` is pending.
    Continue,
    /// An exception is in flight.
    Exception {
        /// Its type.
        exc_type: String,
    },
}

/// An exception's journey.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExceptionEvent {
    /// `raised`, `propagated` or `caught`.
    pub action: String,
    /// The exception type name.
    pub exc_type: String,
    /// `str(exception)`, capped.
    pub message: String,
    /// The function it was raised in, propagated into, or caught in.
    pub function: String,
    /// The exception object, when it is on the heap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjId>,
    /// The line.
    pub line: u32,
}

/// A generator's life.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GeneratorEvent {
    /// `started`, `resumed`, `suspended`, `finished` or `closed`.
    pub action: String,
    /// The generator function's name.
    pub function: String,
    /// The generator object, when it is on the heap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjId>,
    /// The line in the generator's body.
    pub line: u32,
}

/// A file's life.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileEvent {
    /// `opened`, `written` (into the buffer), `flushed` (buffer to disk) or `closed`.
    pub action: String,
    /// The file name.
    pub name: String,
    /// Bytes moved to "disk" by a flush (or written into the buffer, for `written`).
    #[serde(default)]
    pub bytes: u64,
    /// The file object, when it is on the heap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjId>,
    /// The line running when it happened.
    pub line: u32,
}
