//! How a run ended, as the learner sees it: a syntax error's place, or an uncaught
//! exception's message and CPython-style traceback limited to the learner's frames.

use refscope_trace::Outcome;
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use crate::frames::USER_FILE;
use crate::read;
use crate::text::{short, trim_recursion};

/// The outcome for a syntax error raised by the compiler.
pub(crate) fn syntax_error_outcome(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> Outcome {
    let (line, column, message) = read::syntax_error_parts(vm, exc.as_object());
    Outcome::SyntaxError {
        line,
        column,
        message,
        exc_type: read::type_name(exc.as_object()),
    }
}

/// The exceptions of a chain, oldest first (`__cause__`, else `__context__`), as the
/// traceback prints them.
fn chain(exc: &PyBaseExceptionRef) -> Vec<PyBaseExceptionRef> {
    let mut out = vec![exc.clone()];
    while let Some(prev) = {
        let last = out.last().expect("not empty");
        last.__cause__().or_else(|| last.__context__())
    } {
        if out.iter().any(|e| e.is(&prev)) {
            break;
        }
        out.push(prev);
    }
    out.reverse();
    out
}

/// The traceback text written from payloads, for a chain where printing an exception
/// would run the program's code (a `__str__` of its own, an argument's `__str__`): the
/// message of such an exception is its placeholder.
fn traceback_text(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    let mut text = String::new();
    let chained = chain(exc);
    for (i, e) in chained.iter().enumerate() {
        if i > 0 {
            let by_cause = chained[i].__cause__().is_some();
            text.push_str(if by_cause {
                "\nThe above exception was the direct cause of the following exception:\n\n"
            } else {
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            });
        }
        let mut tb = read::exception_parts(e.as_object()).and_then(|p| p.traceback);
        if tb.is_some() {
            text.push_str("Traceback (most recent call last):\n");
        }
        while let Some(entry) = tb.as_deref().and_then(read::traceback) {
            // Only the learner's frames are shown (the prelude's and the library's are not).
            if entry.user {
                text.push_str(&format!(
                    "  File \"{USER_FILE}\", line {}, in {}\n",
                    entry.line, entry.function
                ));
            }
            tb = entry.next;
        }
        let name = read::type_name(e.as_object());
        match read::exception_message(vm, e.as_object()) {
            m if m.is_empty() => text.push_str(&format!("{name}\n")),
            m => text.push_str(&format!("{name}: {m}\n")),
        }
    }
    text
}

/// Whether printing every exception of the chain runs only the VM's own code.
fn printable(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> bool {
    chain(exc).iter().all(|e| {
        let obj: &PyObject = e.as_object();
        read::exception_message(vm, obj) != read::placeholder(obj)
    })
}

/// The outcome for an exception that escaped the module.
pub(crate) fn uncaught_outcome(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> Outcome {
    let mut text = String::new();
    if printable(vm, exc) {
        // The VM's own printer: it adds CPython's "Did you mean" suggestions.
        let _ = vm.write_exception(&mut text, exc);
    } else {
        text = traceback_text(vm, exc);
    }
    let mut traceback = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        // Drop frames that are not the learner's (the prelude, the stdlib).
        if l.trim_start().starts_with("File \"") && !l.contains(USER_FILE) {
            if lines
                .peek()
                .is_some_and(|n| !n.trim_start().starts_with("File \""))
            {
                lines.next();
            }
            continue;
        }
        traceback.push(l.trim_end().to_owned());
    }
    Outcome::UncaughtException {
        exc_type: read::type_name(exc.as_object()),
        message: short(&read::exception_message(vm, exc.as_object()), 500),
        traceback: trim_recursion(traceback),
    }
}
