//! The narration table (issue 20): for each kind of step, the exact sentence a learner
//! reads, written by hand from what CPython 3.13 does in
//! `tests/fixtures/traces/narration_flow.json` (its source is in the file).

use refscope_trace::{StepEvent, Trace};

use super::diff::StepDiff;
use super::narration::narrate;

/// The `n`th (0-based) step with this event in `function`.
fn nth(trace: &Trace, event: StepEvent, function: &str, n: usize) -> usize {
    (0..trace.steps.len())
        .filter(|&i| trace.steps[i].event == event && trace.function_at(i) == function)
        .nth(n)
        .unwrap_or_else(|| panic!("no {event:?} step #{n} in {function}"))
}

/// The step after line `line` of `function` ran (the first time).
fn after_line(trace: &Trace, function: &str, line: u32) -> usize {
    nth_line(trace, function, line) + 1
}

fn nth_line(trace: &Trace, function: &str, line: u32) -> usize {
    (0..trace.steps.len())
        .find(|&i| {
            let s = &trace.steps[i];
            s.event == StepEvent::Line && s.line == line && trace.function_at(i) == function
        })
        .unwrap_or_else(|| panic!("line {line} never ran in {function}"))
}

#[test]
fn each_kind_of_step_has_its_sentence() {
    let trace = super::fixtures::load("narration_flow");
    let text = |i: usize| narrate(&trace, i, &StepDiff::at(&trace, i)).text();
    let m = "<module>";
    let rows: Vec<(&str, usize, &str)> = vec![
        ("call", nth(&trace, StepEvent::Call, "loop", 0), "Calling loop()."),
        ("return", nth(&trace, StepEvent::Return, "loop", 0), "loop() returns 5."),
        ("returned", nth(&trace, StepEvent::Return, "loop", 0) + 1, "Returned from loop()."),
        ("raise", after_line(&trace, "fails", 33), "ValueError: v was raised in fails()."),
        (
            "raise, next",
            after_line(&trace, "fails", 33),
            "Python looks for a handler for the ValueError in fails(), from line 33.",
        ),
        (
            "finally, exception",
            after_line(&trace, "fails", 33) + 1,
            "The finally block (line 35) runs because a ValueError is in flight.",
        ),
        (
            "leaves with it",
            nth(&trace, StepEvent::Return, "fails", 0),
            "fails() ends here: the ValueError goes on to its caller.",
        ),
        (
            "propagate",
            nth(&trace, StepEvent::Return, "fails", 0) + 1,
            "fails() ended with an exception. ValueError: v propagated at module level.",
        ),
        (
            "propagate, next",
            nth(&trace, StepEvent::Return, "fails", 0) + 1,
            "Python looks for a handler for the ValueError at module level, from line 43.",
        ),
        (
            "catch",
            nth(&trace, StepEvent::Return, "fails", 0) + 2,
            "The except handler at line 44 catches a ValueError.",
        ),
        (
            "start",
            nth(&trace, StepEvent::Call, "gen", 0),
            "The generator gen() runs its body from the top.",
        ),
        ("yield", nth(&trace, StepEvent::Return, "gen", 0), "gen() yields 1 and pauses."),
        (
            "paused",
            nth(&trace, StepEvent::Return, "gen", 0) + 1,
            "gen() paused at `yield 1`.",
        ),
        (
            "resume",
            nth(&trace, StepEvent::Call, "gen", 1),
            "The generator gen() resumes after its last yield.",
        ),
        (
            "resumed",
            nth(&trace, StepEvent::Call, "gen", 1) + 1,
            "Back in gen(), where it paused.",
        ),
        (
            "finally, continue",
            after_line(&trace, "loop", 21),
            "The finally block (line 24) runs because a continue is pending.",
        ),
        (
            "finally, break",
            after_line(&trace, "loop", 22),
            "The finally block (line 24) runs because a break is pending.",
        ),
        (
            "finally, return",
            after_line(&trace, "loop", 26),
            "The finally block (line 28) runs because a return is pending.",
        ),
        ("with enter", after_line(&trace, m, 46), "with called Box.__enter__()."),
        (
            "with exit",
            after_line(&trace, "__exit__", 9),
            "with called Box.__exit__() on a normal exit.",
        ),
        (
            "freed, refcount",
            after_line(&trace, m, 49),
            "The list [1] was freed: refcount reached 0.",
        ),
        (
            "cycle left",
            after_line(&trace, m, 52),
            "1 unreachable object is still alive: garbage waiting for the cyclic garbage collector.",
        ),
        (
            "freed, gc",
            after_line(&trace, m, 53),
            "gc.collect() ran the cyclic garbage collector (generation 2): it found 1 \
             unreachable object of yours and freed 1.",
        ),
        (
            "file flush",
            after_line(&trace, m, 56),
            "out.txt was flushed: 2 bytes moved from the buffer to disk.",
        ),
        ("file close", after_line(&trace, m, 57), "The file out.txt was closed."),
        ("end", after_line(&trace, m, 57), "The program ends here."),
    ];
    let mut wrong = Vec::new();
    for (kind, step, want) in rows {
        let got = text(step);
        if !got.contains(want) {
            wrong.push(format!(
                "{kind} (step {step}): want {want:?}\n  got  {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// An uncaught exception ends the program; each frame it leaves says so, the module too.
#[test]
fn an_uncaught_exception_ends_each_frame_and_the_program() {
    let trace = super::fixtures::load("uncaught");
    let text = |i: usize| narrate(&trace, i, &StepDiff::at(&trace, i)).text();
    let last = trace.steps.len() - 1;
    assert!(
        text(last).contains("The program stops here: nothing caught the ValueError."),
        "{}",
        text(last)
    );
    let inner = nth(&trace, StepEvent::Return, "inner", 0);
    assert!(
        text(inner).contains("inner() ends here: the ValueError goes on to its caller."),
        "{}",
        text(inner)
    );
    let all: String = (0..=last).map(text).collect();
    assert!(!all.contains("returns None"), "{all}");
}
