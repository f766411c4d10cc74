//! The program's output and how the run ended: stdout up to the step on screen, the
//! uncaught exception with its traceback, the step-limit notice, the syntax error, a VM
//! crash, and the places where RustPython differs from CPython.

use refscope_trace::{Outcome, Trace};
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
    let stdout = if trace.steps.is_empty() {
        ""
    } else {
        trace.stdout_at(props.step.min(trace.steps.len() - 1))
    };
    html! {
        <section id="output" class="panel output" aria-label="Output">
            <h2>{ "Output" }</h2>
            <pre class="stdout">{ stdout }</pre>
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
