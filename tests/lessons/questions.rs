//! Every predict question of every lesson is shown before its line and revealed after it
//! (issue 19): at the step it is shown, the line it asks about is about to run and what
//! it asks about has not happened; answering reveals a step where that line has run and
//! the diagram shows the answer; and the question is not worded as if its line had run.

use refscope_lessons::{resolve, Answer, AnswerSpec};
use refscope_trace::{Refcount, StepEvent, Trace, Value};

use super::load::parsed;

/// Phrases that say a line has already run; a question is shown before its line runs.
const PAST: &[&str] = &[
    "has just run",
    "just ran",
    "has run",
    "has returned",
    "has ended",
];

/// The object `name` is bound to at `step`, as the resolver looks it up.
fn bound(trace: &Trace, step: usize, name: &str) -> Option<u32> {
    match refscope_lessons::bound(trace, step, name)? {
        Value::Ref { id } => Some(*id),
        _ => None,
    }
}

#[test]
fn questions_are_shown_before_their_line_and_revealed_after_it() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (l, lesson, trace) in parsed() {
        let Ok(resolved) = resolve(lesson, trace) else {
            continue; // every_anchor_resolves reports it
        };
        for rq in &resolved.questions {
            let q = &lesson.questions[rq.index];
            let at = format!("{}:{}: question at `{}`", l.file, q.line, q.anchor);
            let shown = &trace.steps[rq.shown];
            checked += 1;
            if rq.step <= rq.shown {
                failures.push(format!(
                    "{at}: revealed at step {} before it is shown",
                    rq.step
                ));
            }
            if shown.event == StepEvent::Line {
                // The reveal is past the line: back in its frame (or an outer one), at
                // another line or event.
                let reveal = &trace.steps[rq.step];
                let depth = shown.stack.len();
                let same_line = reveal.event == StepEvent::Line && reveal.line == shown.line;
                if reveal.stack.len() > depth || (reveal.stack.len() == depth && same_line) {
                    failures.push(format!(
                        "{at}: the reveal step is still inside line {}",
                        shown.line
                    ));
                }
                let code = refscope_source_line(&trace.source, shown.line);
                for p in PAST {
                    let said = format!("`{code}` {p}");
                    if q.ask.contains(&said) {
                        failures.push(format!(
                            "{at}: says \"{said}\", but line {} is about to run",
                            shown.line
                        ));
                    }
                }
            }
            if let Some(p) = ["has just run", "just ran"]
                .iter()
                .find(|p| q.ask.contains(*p))
            {
                failures.push(format!("{at}: worded as if its line had run (\"{p}\")"));
            }
            match (&q.answer, &rq.correct) {
                // The diagram at the reveal shows the answer: the badge of the object the
                // name is bound to when the question is shown.
                (AnswerSpec::Refcount { name }, Answer::Number(n)) => {
                    let id = bound(trace, rq.shown, name).or_else(|| bound(trace, rq.step, name));
                    let badge = id
                        .and_then(|id| trace.object_at(rq.step, id))
                        .map(|o| o.refcount);
                    if badge != Some(Refcount::Counted { count: *n as u32 }) {
                        failures.push(format!(
                            "{at}: the answer is {n}, the badge at the reveal {badge:?}"
                        ));
                    }
                }
                // What prints next has not been printed when the question is shown, and has
                // been by the reveal only if the shown line printed it.
                (AnswerSpec::NextOutput, Answer::Choice(i)) => {
                    let before = trace.stdout_at(rq.shown);
                    let rest = &trace.stdout[before.len()..];
                    if rest.lines().next() != Some(rq.choices[*i].as_str()) {
                        failures.push(format!(
                            "{at}: `{}` is not the next line printed",
                            rq.choices[*i]
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(checked >= 40, "only {checked} questions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn refscope_source_line(source: &str, line: u32) -> &str {
    source
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim()
}
