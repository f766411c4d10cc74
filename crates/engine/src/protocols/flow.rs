//! Exceptions and the statements that handle them: an exception raised or propagated,
//! caught by an `except` clause, a `finally` block entered (and why), and a weakref
//! callback that failed (CPython reports it on stderr and carries on).

use refscope_trace::{Event, ExceptionEvent, FinallyReason};
use rustpython_vm::builtins::PyTuple;
use rustpython_vm::{PyObject, VirtualMachine};

use crate::frames::{FrameIds, USER_FILE};
use crate::read;
use crate::text::short;
use refscope_source::source_map::{SourceMap, StmtKind};

#[derive(Default)]
pub(crate) struct Flow {
    /// Depth and type of the last exception event, to tell raise from propagate.
    last_depth: usize,
    last_type: String,
    /// The message of the last exception event, for reporting a failed weakref callback.
    last_message: String,
}

/// The type and message of the exception in an `exception` event's argument
/// (`(type, value, traceback)`), read without running the program's code.
pub(crate) fn exc_info(vm: &VirtualMachine, arg: &PyObject) -> (String, String) {
    let Some(value) = arg
        .downcast_ref::<PyTuple>()
        .and_then(|t| t.as_slice().get(1).cloned())
    else {
        return (String::new(), String::new());
    };
    if value
        .downcast_ref::<rustpython_vm::builtins::PyBaseException>()
        .is_none()
    {
        return (String::new(), String::new());
    }
    let message = short(&read::exception_message(vm, &value), 120);
    (read::type_name(&value), message)
}

impl Flow {
    /// An `exception` event in the learner's frame running `function` at `line`.
    pub(crate) fn on_exception(
        &mut self,
        frames: &mut FrameIds,
        (exc_type, message): (String, String),
        function: &str,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        self.last_message = message.clone();
        let action = if self.last_depth > frames.depth() && self.last_type == exc_type {
            "propagated"
        } else {
            "raised"
        };
        self.last_depth = frames.depth();
        self.last_type = exc_type.clone();
        if let Some(top) = frames.top() {
            top.pending_exc = Some(exc_type.clone());
        }
        pending.push(Event::Exception(ExceptionEvent {
            action: action.into(),
            exc_type,
            message,
            function: function.to_owned(),
            object: None,
            line,
        }));
    }

    /// A `line` event: a `finally` block entered, or an exception caught.
    pub(crate) fn on_line(
        &mut self,
        frames: &mut FrameIds,
        source_map: &SourceMap,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        let Some(top) = frames.top() else {
            return;
        };
        let prev_line = top.last_line;
        let pending_exc = top.pending_exc.take();
        top.last_line = line;
        if let Some(info) = source_map.finally_start(line) {
            // Only on entry, not for every line inside the block.
            if !(info.first..=info.last).contains(&prev_line) {
                let reason = match (&pending_exc, source_map.stmt_kind(prev_line)) {
                    (Some(t), _) => FinallyReason::Exception {
                        exc_type: t.clone(),
                    },
                    (None, Some(StmtKind::Return)) => FinallyReason::Return,
                    (None, Some(StmtKind::Break)) => FinallyReason::Break,
                    (None, Some(StmtKind::Continue)) => FinallyReason::Continue,
                    _ => FinallyReason::Normal,
                };
                pending.push(Event::FinallyEntered {
                    line: info.first,
                    reason,
                });
            }
        }
        if let (Some(exc_type), true) = (&pending_exc, source_map.is_handler_line(line)) {
            pending.push(Event::ExceptEntered {
                line,
                exc_type: exc_type.clone(),
            });
            pending.push(Event::Exception(ExceptionEvent {
                action: "caught".into(),
                exc_type: exc_type.clone(),
                message: String::new(),
                function: String::new(),
                object: None,
                line,
            }));
        } else if pending_exc.is_some() && source_map.finally_start(line).is_some() {
            // Still in flight through a finally block; keep it pending for the handler test.
            if let Some(top) = frames.top() {
                top.pending_exc = pending_exc;
            }
        }
    }

    /// CPython's report of a weakref callback that a `(qualname, name, line)` frame left
    /// by an exception: "Exception ignored in: ..." on stderr, which the program's output
    /// shows. RustPython drops it silently when a refcount death runs the callback.
    pub(crate) fn failed_callback_report(
        &self,
        frames: &FrameIds,
        (qualname, name, line): (&str, &str, i32),
    ) -> Option<String> {
        let exc_type = frames.frames.last()?.pending_exc.clone()?;
        let message = &self.last_message;
        let last = if message.is_empty() {
            exc_type
        } else {
            format!("{exc_type}: {message}")
        };
        Some(format!(
            "Exception ignored in: <function {qualname} at 0x\u{2026}>\nTraceback (most recent \
             call last):\n  File \"{USER_FILE}\", line {line}, in {name}\n{last}\n"
        ))
    }
}
