//! How narration names what a frame is doing when it starts and ends, in Python's words
//! rather than the trace's events: a class body is not a call, a `yield` is not a return,
//! and a function that ends with an exception returns nothing.

use refscope_trace::{Event, StepEvent, Trace, Value};

use super::reach::display_name;
use super::text::{source_line, value_text};

/// Whether `function` is a class body: the program has a `class NAME:` or `class NAME(`
/// statement (RustPython runs a class body as a frame named after the class).
fn is_class_body(trace: &Trace, function: &str) -> bool {
    let head = format!("class {function}");
    trace.source.lines().any(|l| {
        let l = l.trim_start();
        l.strip_prefix(&head)
            .is_some_and(|rest| rest.starts_with(':') || rest.starts_with('('))
    })
}

/// The exception a frame ends with, when the step before its `return` step raised or
/// propagated one in the same frame (a handled one would have moved on to a line).
fn ending_exception(trace: &Trace, step: usize) -> Option<String> {
    // A `finally` that ran on the way out: the caller's next step has the exception
    // propagating into it.
    let propagated = trace.steps.get(step + 1).and_then(|next| {
        next.events.iter().find_map(|e| match e {
            Event::Exception(x) if x.action == "propagated" => Some(x.exc_type.clone()),
            _ => None,
        })
    });
    if propagated.is_some() {
        return propagated;
    }
    let prev = trace.steps.get(step.checked_sub(1)?)?;
    let same_frame = trace.stack(step - 1).len() == trace.stack(step).len();
    if prev.event != StepEvent::Exception || !same_frame {
        return None;
    }
    let exc = prev.events.iter().find_map(|e| match e {
        Event::Exception(x) => Some(x.exc_type.clone()),
        _ => None,
    });
    Some(exc.unwrap_or_else(|| "exception".to_owned()))
}

/// The generator event a `call` step carries: "started" or "resumed".
fn generator_call(trace: &Trace, step: usize) -> Option<&str> {
    trace.steps[step].events.iter().find_map(|e| match e {
        Event::Generator(g) if g.action == "started" || g.action == "resumed" => {
            Some(g.action.as_str())
        }
        _ => None,
    })
}

/// Whether the `return` step at `step` is a generator pausing at a `yield`.
fn yields(trace: &Trace, step: usize) -> bool {
    trace.steps[step]
        .events
        .iter()
        .any(|e| matches!(e, Event::Generator(g) if g.action == "suspended"))
}

/// A value as the narration says it: a small value as Python writes it, an object by the
/// name that holds it and its type ("bucket, a list"), or as the diagram labels its box.
fn value_words(trace: &Trace, step: usize, function: &str, value: &Value) -> String {
    let Value::Ref { id } = value else {
        return value_text(value);
    };
    let name = display_name(trace, step, *id);
    // Said from inside the function: its own local needs no "(in f)".
    let name = name
        .strip_suffix(&format!(" (in {function})"))
        .map(str::to_owned)
        .unwrap_or(name);
    match trace.object_at(step, *id) {
        Some(o) if !name.ends_with(&format!("#{id}")) => format!("{name}, a {}", o.type_name),
        // An unnamed small value, as Python writes it.
        Some(o) if SCALARS.contains(&o.type_name.as_str()) => o.summary.clone(),
        _ => name,
    }
}

/// Types whose box summary is the value's repr.
const SCALARS: [&str; 6] = ["str", "int", "float", "bytes", "complex", "bool"];

/// What the step at `step` (a call or a return of `function`) is about to do.
pub(super) fn next_sentence(trace: &Trace, step: usize, function: &str) -> Option<String> {
    let current = &trace.steps[step];
    Some(match current.event {
        StepEvent::Call if is_class_body(trace, function) => {
            format!("Running the body of class {function}.")
        }
        StepEvent::Call => match generator_call(trace, step) {
            Some("started") => format!("The generator {function}() runs its body from the top."),
            Some(_) => format!("The generator {function}() resumes after its last yield."),
            None => format!("Calling {function}()."),
        },
        StepEvent::Return if is_class_body(trace, function) => format!(
            "The body of class {function} is done: its names become the class's attributes."
        ),
        StepEvent::Return => match (ending_exception(trace, step), &current.return_value) {
            (Some(exc), _) if function == "<module>" => {
                format!("The program stops here: nothing caught the {exc}.")
            }
            (Some(exc), _) => format!("{function}() ends here: the {exc} goes on to its caller."),
            _ if function == "<module>" => "The program ends here.".to_owned(),
            (None, Some(v)) if yields(trace, step) => {
                format!(
                    "{function}() yields {} and pauses.",
                    value_words(trace, step, function, v)
                )
            }
            (None, Some(v)) => format!(
                "{function}() returns {}.",
                value_words(trace, step, function, v)
            ),
            (None, None) => format!("{function}() returns."),
        },
        _ => return None,
    })
}

/// The headline of the step after a call or a return step at `prev`.
pub(super) fn after_sentence(trace: &Trace, prev: usize) -> Option<String> {
    let function = trace.function_at(prev);
    let class = is_class_body(trace, function);
    Some(match trace.steps[prev].event {
        StepEvent::Call if class => format!("Entered the body of class {function}."),
        StepEvent::Call if generator_call(trace, prev) == Some("resumed") => {
            format!("Back in {function}(), where it paused.")
        }
        StepEvent::Call => format!("Entered {function}()."),
        StepEvent::Return if class => format!("Finished the body of class {function}."),
        StepEvent::Return if ending_exception(trace, prev).is_some() => {
            format!("{function}() ended with an exception.")
        }
        StepEvent::Return if yields(trace, prev) => {
            let line = trace.steps[prev].line;
            format!(
                "{function}() paused at `{}`.",
                source_line(&trace.source, line)
            )
        }
        StepEvent::Return => format!("Returned from {function}()."),
        _ => return None,
    })
}
