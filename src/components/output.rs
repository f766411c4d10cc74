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

/// The output up to `step`, in pieces: (text, the notes of the estimates it shows). What
/// the program printed from a call refscope could only estimate (an `estimate` event's
/// `stdout_at`) to the end of the line that made it (the step carrying the event) carries
/// the notes.
pub fn output_pieces(trace: &Trace, step: usize) -> Vec<(&str, Vec<&str>)> {
    let stdout = trace.stdout_at(step);
    // (start, end, note) of every marked range so far, in output order.
    let mut ranges: Vec<(usize, usize, &str)> = Vec::new();
    for s in trace.steps.iter().take(step + 1) {
        for e in s.events.iter() {
            if let Event::Estimate {
                note, stdout_at, ..
            } = e
            {
                let end = (s.stdout_len as usize).min(stdout.len());
                ranges.push(((*stdout_at as usize).min(end), end, note.as_str()));
            }
        }
    }
    ranges.sort_by_key(|r| (r.0, r.1));
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < ranges.len() {
        // Ranges that overlap (two estimates in one line) become one piece.
        let (start, mut end, mut notes) = (ranges[i].0.max(from), ranges[i].1, vec![ranges[i].2]);
        i += 1;
        while i < ranges.len() && ranges[i].0 < end {
            end = end.max(ranges[i].1);
            notes.push(ranges[i].2);
            i += 1;
        }
        notes.dedup();
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
    // The newest line is the one the step just printed: keep the box scrolled to it.
    let pre = use_node_ref();
    {
        let pre = pre.clone();
        let key = (props.step, props.trace.as_ref().map(|t| t.stdout.len()));
        use_effect_with(key, move |_| {
            if let Some(el) = pre.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
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
            <pre class="stdout" ref={pre}>{ for pieces.iter().map(|(t, n)| piece_html(t, n)) }</pre>
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
