//! The program's output and how the run ended: stdout up to the step on screen, the
//! uncaught exception with its traceback, the step-limit notice, the syntax error, a VM
//! crash, and the places where RustPython differs from CPython.

use refscope_trace::{Event, Outcome, Trace};
use yew::prelude::*;

use crate::shared::Shared;

/// Props of [`Output`].
#[derive(Properties, PartialEq)]
pub struct OutputProps {
    /// The trace, if any.
    pub trace: Option<Shared<Trace>>,
    /// The step on screen.
    pub step: usize,
}

fn outcome_html(trace: &Trace, at_end: bool) -> Html {
    match &trace.outcome {
        Outcome::Completed => html! {},
        Outcome::UncaughtException {
            exc_type,
            message,
            traceback,
        } if at_end => html! {
            <div class="outcome error" role="alert">
                <p><strong>{ format!("Uncaught {exc_type}") }</strong>{ format!(": {message}") }</p>
                <pre class="traceback">{ traceback.join("\n") }</pre>
            </div>
        },
        Outcome::UncaughtException { exc_type, .. } => html! {
            <p class="outcome hint">{ format!("This run ends with an uncaught {exc_type}; step to the end to see it.") }</p>
        },
        Outcome::SyntaxError {
            line,
            column,
            message,
            exc_type,
        } => html! {
            <div class="outcome error" role="alert">
                <p><strong>{ exc_type }</strong>{ format!(" at line {line}, column {column}: {message}") }</p>
                <p>{ "The code did not compile, so nothing ran. Fix the marked line and run again." }</p>
            </div>
        },
        Outcome::StepLimit { max_steps } => html! {
            <p class="outcome notice">
                { format!("Stopped after {max_steps} steps — the partial trace below is still steppable.") }
            </p>
        },
        Outcome::Crash { message } => html! {
            <p class="outcome error">
                { format!("The Python VM crashed: {message}. The steps recorded before the crash are kept.") }
            </p>
        },
    }
}

/// The output up to `step`, in pieces: (text, the estimate notes of the step that printed
/// it). Output printed by a line that asked for a memory figure refscope could only
/// estimate (an `estimate` event on the next step) carries the notes.
pub fn output_pieces(trace: &Trace, step: usize) -> Vec<(&str, Vec<&str>)> {
    let stdout = trace.stdout_at(step);
    let mut pieces = Vec::new();
    let mut from = 0;
    for (i, s) in trace.steps.iter().enumerate().take(step + 1).skip(1) {
        let notes: Vec<&str> = (s.events.iter())
            .filter_map(|e| match e {
                Event::Estimate { note, .. } => Some(note.as_str()),
                _ => None,
            })
            .collect();
        let start = trace.steps[i - 1].stdout_len as usize;
        let end = (s.stdout_len as usize).min(stdout.len());
        if notes.is_empty() || start >= end {
            continue;
        }
        if let (Some(before), Some(marked)) = (stdout.get(from..start), stdout.get(start..end)) {
            pieces.push((before, Vec::new()));
            pieces.push((marked, notes));
            from = end;
        }
    }
    pieces.push((stdout.get(from..).unwrap_or(""), Vec::new()));
    pieces.retain(|(t, _)| !t.is_empty());
    pieces
}

fn piece_html(text: &str, notes: &[&str]) -> Html {
    if notes.is_empty() {
        return html! { { text } };
    }
    let (body, newline) = match text.strip_suffix('\n') {
        Some(b) => (b, "\n"),
        None => (text, ""),
    };
    let title = format!(
        "An estimate, not CPython 3.13's exact figure: {}",
        notes.join(" ")
    );
    html! {
        <>
            <span class="estimate" title={ title }>
                { body }
                <span class="estimate-mark" aria-hidden="true">{ "≈" }</span>
                <span class="sr-only">{ " (an estimate: see the narration)" }</span>
            </span>
            { newline }
        </>
    }
}

/// The `#output` panel.
#[component]
pub fn Output(props: &OutputProps) -> Html {
    let Some(trace) = &props.trace else {
        return html! {
            <section id="output" class="panel output" aria-label="Output">
                <h2>{ "Output" }</h2>
                <p class="placeholder">{ "What your program prints appears here." }</p>
            </section>
        };
    };
    let at_end = props.step + 1 >= trace.steps.len();
    let pieces = if trace.steps.is_empty() {
        Vec::new()
    } else {
        output_pieces(trace, props.step.min(trace.steps.len() - 1))
    };
    html! {
        <section id="output" class="panel output" aria-label="Output">
            <h2>{ "Output" }</h2>
            <pre class="stdout">{ for pieces.iter().map(|(t, n)| piece_html(t, n)) }</pre>
            if trace.stdout_truncated && at_end {
                <p class="notice">{ "The output was cut here: the program printed too much." }</p>
            }
            { outcome_html(trace, at_end) }
            if !trace.differences.is_empty() {
                <details class="differences">
                    <summary>{ "Where this run differs from CPython" }</summary>
                    <ul>{ for trace.differences.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                </details>
            }
        </section>
    }
}
