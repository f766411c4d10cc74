//! The lessons against real CPython 3.13 (`lessons/recordings/`, made by
//! `tests/cpython/record.py --lessons`): what the learner is told must be what CPython does.
//!
//! Steps of the engine and events of the recording align 1:1 once their (event, function,
//! line) sequences are equal, so a question's step indexes both. Where a lesson knowingly
//! hits a RustPython difference, [`KNOWN`] names it with the reason, the lesson's prose
//! must mention RustPython, and the test checks the difference is still there.

use refscope_lessons::{resolve, Answer, AnswerSpec, Lesson};
use refscope_trace::{StepEvent, Trace};
use serde_json::Value as Json;

use super::load::{parsed, Loaded};
use super::protocol;
use crate::lifetimes::{cpython_events, engine_events};

/// Which comparison a known difference exempts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Check {
    /// stdout differs.
    Stdout,
    /// The order of the user's function calls differs.
    Calls,
    /// The step sequences differ, so per-step values cannot be compared.
    Events,
}

/// Lessons that hit a known RustPython difference: (file stem, check, reason).
const KNOWN: &[(&str, Check, &str)] = &[];

impl Check {
    fn label(self) -> &'static str {
        match self {
            Check::Stdout => "stdout",
            Check::Calls => "the order of function calls",
            Check::Events => "the step sequence",
        }
    }
}

fn known(stem: &str, check: Check) -> bool {
    KNOWN.iter().any(|(s, c, _)| *s == stem && *c == check)
}

/// The lessons with a recording; a missing one is a failure telling how to record it.
fn with_recordings(
    failures: &mut Vec<String>,
) -> Vec<(
    &'static Loaded,
    &'static Lesson,
    &'static Trace,
    &'static Json,
)> {
    let mut out = Vec::new();
    for (l, lesson, trace) in parsed() {
        match &l.recording {
            Ok(rec) => out.push((l, lesson, trace, rec)),
            Err(message) => failures.push(message.clone()),
        }
    }
    out
}

/// Compares, or checks a known difference is still there; returns the failure, if any.
fn compare<T: PartialEq + std::fmt::Debug>(
    l: &Loaded,
    check: Check,
    want: &T,
    got: &T,
    describe: impl FnOnce() -> String,
) -> Option<String> {
    match (known(&l.stem, check), want == got) {
        (false, true) => None,
        (false, false) => Some(format!(
            "{}: {} differs from CPython: {}",
            l.file,
            check.label(),
            describe()
        )),
        (true, true) => Some(format!(
            "{}: {} now matches CPython; remove it from KNOWN in tests/lessons/cpython.rs",
            l.file,
            check.label()
        )),
        (true, false) if !l.text.contains("RustPython") => Some(format!(
            "{}: listed in KNOWN for {}, but its prose never mentions RustPython",
            l.file,
            check.label()
        )),
        (true, false) => None,
    }
}

#[test]
fn stdout_and_calls_match_cpython() {
    let mut failures = Vec::new();
    for (l, _, trace, rec) in with_recordings(&mut failures) {
        let want = rec["stdout"].as_str().unwrap_or("").to_owned();
        failures.extend(compare(
            l,
            Check::Stdout,
            &want,
            &trace.run_stdout().to_owned(),
            || format!("\n--- cpython\n{want}--- engine\n{}", trace.run_stdout()),
        ));
        let want: Vec<String> = rec["calls"]
            .as_array()
            .expect("recording has calls")
            .iter()
            .map(|c| c[0].as_str().unwrap_or("").to_owned())
            .collect();
        let got: Vec<String> = trace
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.event == StepEvent::Call)
            .map(|(i, _)| trace.function_at(i).to_owned())
            .collect();
        failures.extend(compare(l, Check::Calls, &want, &got, || {
            format!("\n cpython {want:?}\n engine  {got:?}")
        }));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every object CPython freed is freed by the engine on the same step and by the same
/// mechanism, and the engine frees nothing CPython keeps alive (see `tests/lifetimes.rs`).
#[test]
fn lifetimes_match_cpython() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (l, _, trace, rec) in with_recordings(&mut failures) {
        if cpython_events(rec) != engine_events(trace) {
            continue; // answers_match_cpython reports it
        }
        let (problems, n) = crate::lifetimes::compare(trace, rec);
        compared += n;
        let labelled = crate::lifetimes::labelled(trace, &problems);
        for p in &problems {
            if !labelled.iter().any(|q| std::ptr::eq(*q, p)) {
                failures.push(format!("{}: {}", l.file, p.message));
            } else if !l.text.contains("RustPython") {
                failures.push(format!(
                    "{}: {} (labelled in the trace, but the prose never mentions RustPython)",
                    l.file, p.message
                ));
            }
        }
    }
    eprintln!("compared the lifetimes of {compared} lesson objects with CPython");
    assert!(compared >= 20, "only {compared} objects matched by name");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn answers_match_cpython() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (l, lesson, trace, rec) in with_recordings(&mut failures) {
        let (want, got) = (cpython_events(rec), engine_events(trace));
        let same = compare(l, Check::Events, &want, &got, || {
            let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
            format!(
                "first difference at step {}: cpython {:?}, engine {:?} ({} vs {} steps)",
                at + 1,
                want.get(at),
                got.get(at),
                want.len(),
                got.len()
            )
        });
        if want != got {
            failures.extend(same);
            continue; // steps do not align: nothing below can be compared
        }
        let Ok(resolved) = resolve(lesson, trace) else {
            continue; // every_anchor_resolves reports it
        };
        let cpython_stdout = rec["stdout"].as_str().unwrap_or("");
        for rq in &resolved.questions {
            let q = &lesson.questions[rq.index];
            let at = format!(
                "{}:{}: question at `{}` (step {})",
                l.file,
                q.line,
                q.anchor,
                rq.step + 1
            );
            let (name, field) = match &q.answer {
                AnswerSpec::Refcount { name } => (name, "refcount"),
                AnswerSpec::Size { name } => (name, "size"),
                AnswerSpec::Alive { name, until } => {
                    let Answer::Choice(i) = rq.correct else {
                        continue;
                    };
                    compared += 1;
                    let Some(at_until) = until.resolve(trace) else {
                        continue; // every_anchor_resolves reports it
                    };
                    match protocol::cpython_alive(rec, rq.shown, name, at_until) {
                        Ok(cpython) if cpython == rq.choices[i] => {}
                        Ok(cpython) => failures.push(format!(
                            "{at}: the engine says `{}` to \"alive?\", CPython's run says `{cpython}`",
                            rq.choices[i]
                        )),
                        Err(why) => failures.push(format!("{at}: {why}")),
                    }
                    continue;
                }
                AnswerSpec::NextOutput => {
                    let Answer::Choice(i) = rq.correct else {
                        continue;
                    };
                    compared += 1;
                    if !cpython_stdout.lines().any(|line| line == rq.choices[i]) {
                        failures.push(format!(
                            "{at}: the engine prints `{}` next, CPython never prints that line",
                            rq.choices[i]
                        ));
                    }
                    continue;
                }
                other => {
                    let Answer::Choice(i) = rq.correct else {
                        continue;
                    };
                    compared += 1;
                    // Events from the step after the one it is shown at (as the engine
                    // answers): what the shown line does comes first.
                    match protocol::cpython_answer(other, rq.shown + 1, trace, rec, &lesson.code) {
                        Ok(cpython) if cpython == rq.choices[i] => {}
                        Ok(cpython) => failures.push(format!(
                            "{at}: the engine answers `{}`, CPython's run says `{cpython}`",
                            rq.choices[i]
                        )),
                        Err(why) => failures.push(format!("{at}: {why}")),
                    }
                    continue;
                }
            };
            let Answer::Number(engine) = rq.correct else {
                continue;
            };
            compared += 1;
            let event = &rec["events"][rq.step];
            let Some(info) = event["names"].get(name.as_str()) else {
                failures.push(format!(
                    "{at}: cannot check the {field} of `{name}` against CPython: the recording \
                     has no `{name}` in the innermost frame at this step ({} event in {}); \
                     anchor the question on a line of the frame that binds `{name}`",
                    event["event"].as_str().unwrap_or("?"),
                    event["function"].as_str().unwrap_or("?"),
                ));
                continue;
            };
            let cpython = info[field].as_i64();
            if cpython != Some(engine) {
                failures.push(format!(
                    "{at}: the {field} of `{name}` is {engine} in the engine but {} in CPython",
                    cpython.map_or("unknown (null)".to_owned(), |c| c.to_string())
                ));
            }
        }
    }
    eprintln!("compared {compared} lesson answers with CPython");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
