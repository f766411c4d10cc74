//! Narration: what a step shows, in plain words, for the `aria-live` region.
//!
//! A step shows the state *before* its line runs, so the changes visible at step N are
//! the effect of the line that ran at step N-1; the events attached to step N carry that
//! line. The headline therefore names the line that just ran, with its source text, and the
//! sentences after it describe the effects: new objects, refcounts, frees, collections and
//! protocol events.

use refscope_trace::{Event, FinallyReason, FreeReason, GcTrigger, StepEvent, Trace};

use super::diff::StepDiff;
use super::exit_words;
use super::object_words;
use super::reach::display_name;
use super::text::{references, source_line};
use super::timeline::finally_reason;

/// How many "new object" or "refcount" sentences to list before summarising.
const LIST_CAP: usize = 3;

/// The narration of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narration {
    /// What just ran, e.g. "Line 7: `b = a`".
    pub headline: String,
    /// The effects, one sentence each.
    pub details: Vec<String>,
    /// What runs next, e.g. "Next: line 8, `del a`."
    pub next: Option<String>,
    /// Over every step of the interpreter's exit: that the program has ended.
    pub banner: Option<String>,
}

impl Narration {
    /// All sentences as one paragraph.
    pub fn text(&self) -> String {
        let mut out = self.headline.clone();
        for d in &self.details {
            out.push(' ');
            out.push_str(d);
        }
        if let Some(n) = &self.next {
            out.push(' ');
            out.push_str(n);
        }
        out
    }
}

fn code(trace: &Trace, line: u32) -> String {
    let text = source_line(&trace.source, line);
    if text.is_empty() {
        format!("line {line}")
    } else {
        format!("`{text}`")
    }
}

/// Narrates `step` of `trace`, given its diff.
pub fn narrate(trace: &Trace, step: usize, diff: &StepDiff) -> Narration {
    let current = &trace.steps[step];
    let headline = if step == 0 {
        "The program starts. Nothing of yours is in memory yet.".to_owned()
    } else {
        let prev = &trace.steps[step - 1];
        match prev.event {
            StepEvent::Line => format!("Line {}: {} ran.", prev.line, code(trace, prev.line)),
            StepEvent::Call | StepEvent::Return => {
                super::frame_words::after_sentence(trace, step - 1).unwrap_or_default()
            }
            StepEvent::Exception => format!(
                "The exception left line {}: Python jumps to the nearest except or finally.",
                prev.line
            ),
            StepEvent::Exit => exit_words::stage_at(trace, step - 1)
                .map(exit_words::after_sentence)
                .unwrap_or_default(),
        }
    };

    let mut details = Vec::new();
    for event in &current.events {
        details.push(match event {
            // Nothing pending: said from the steps before, which show whether a handler ran.
            Event::FinallyEntered {
                line,
                reason: FinallyReason::Normal,
            } => format!(
                "The finally block (line {line}) runs because {}.",
                object_words::normal_finally_reason(trace, step)
            ),
            _ => event_sentence(trace, event),
        });
    }
    let new_count = diff.new_objects.len();
    for &id in diff.new_objects.iter().take(LIST_CAP) {
        details.extend(object_words::new_object_sentence(trace, step, id));
    }
    if new_count > LIST_CAP {
        let more = new_count - LIST_CAP;
        details.push(format!(
            "{more} more new object{}.",
            if more == 1 { "" } else { "s" }
        ));
    }
    for change in diff.rc_up.iter().chain(&diff.rc_down).take(LIST_CAP) {
        let name = display_name(trace, step, change.id);
        let holders = object_words::holders_of(trace, step, change.id, change.to);
        let verb = if change.to > change.from {
            "gained"
        } else {
            "lost"
        };
        details.push(format!(
            "{name} {verb} a reference: it now has {} ({holders}).",
            references(change.to),
        ));
    }
    let garbage = trace.heap(step).filter(|o| !o.reachable).count();
    if garbage > 0 {
        details.push(format!(
            "{garbage} unreachable object{} still alive: garbage waiting for the cyclic garbage collector.",
            if garbage == 1 { " is" } else { "s are" }
        ));
    }

    let function = trace.function_at(step);
    let next = match current.event {
        StepEvent::Line => Some(format!(
            "Next: line {}, {}.",
            current.line,
            code(trace, current.line)
        )),
        StepEvent::Call | StepEvent::Return => {
            super::frame_words::next_sentence(trace, step, function)
        }
        StepEvent::Exception => {
            let exc = current.events.iter().find_map(|e| match e {
                Event::Exception(x) => Some(x.exc_type.as_str()),
                _ => None,
            });
            let place = match function {
                "<module>" => "at module level".to_owned(),
                f => format!("in {f}()"),
            };
            Some(format!(
                "Python looks for a handler for the {} {place}, from line {}.",
                exc.unwrap_or("exception"),
                current.line
            ))
        }
        StepEvent::Exit => exit_words::stage_at(trace, step).and_then(exit_words::next_sentence),
    };
    Narration {
        headline,
        details,
        next,
        banner: trace.in_exit(step).then(|| exit_words::BANNER.to_owned()),
    }
}

/// One event as a sentence.
pub fn event_sentence(trace: &Trace, event: &Event) -> String {
    match event {
        Event::Freed {
            type_name,
            summary,
            reason,
            del_ran,
            ..
        } => {
            let why = match reason {
                FreeReason::Refcount => "freed: refcount reached 0",
                FreeReason::GcCollected => "collected by gc",
            };
            let del = if *del_ran {
                " (its __del__ ran first)"
            } else {
                ""
            };
            format!("The {type_name} {summary} was {why}{del}.")
        }
        Event::DelCalled { object, .. } => {
            format!("__del__ runs on {}.", object_label(trace, *object))
        }
        Event::GcCollection {
            trigger,
            generation,
            found,
            freed,
            ..
        } => {
            let who = match trigger {
                GcTrigger::Explicit => "gc.collect() ran the cyclic garbage collector",
                GcTrigger::Automatic => "The cyclic garbage collector ran automatically",
                GcTrigger::Exit => "The interpreter's exit ran the cyclic garbage collector",
            };
            format!(
                "{who} (generation {generation}): it found {} unreachable object{} of yours and freed {}.",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                freed.len()
            )
        }
        Event::WeakrefCallback { function, .. } => {
            format!("The weakref callback {function}() ran because its referent died.")
        }
        Event::Finalizer { function, .. } => format!("The finalizer {function}() ran."),
        Event::Exit { stage, .. } => exit_words::stage_sentence(*stage).to_owned(),
        Event::Context(c) if c.phase == "enter" => {
            format!("with called {}.__enter__().", c.manager_type)
        }
        Event::Context(c) => match &c.exc_type {
            None => format!(
                "with called {}.__exit__() on a normal exit.",
                c.manager_type
            ),
            Some(exc) => format!(
                "with called {}.__exit__() with a {exc}, which it {}.",
                c.manager_type,
                if c.suppressed {
                    "suppressed"
                } else {
                    "let propagate"
                }
            ),
        },
        Event::FinallyEntered { line, reason } => format!(
            "The finally block (line {line}) runs because {}.",
            finally_reason(reason)
        ),
        Event::ExceptEntered { line, exc_type } => {
            format!("The except handler at line {line} catches a {exc_type}.")
        }
        Event::Exception(e) => {
            let place = match e.action.as_str() {
                "raised" => "was raised",
                "propagated" => "propagated",
                "caught" => "was caught",
                other => other,
            };
            let place = match e.function.as_str() {
                "" => place.to_owned(),
                "<module>" => format!("{place} at module level"),
                f => format!("{place} in {f}()"),
            };
            let what = if e.message.is_empty() {
                e.exc_type.clone()
            } else {
                format!("{}: {}", e.exc_type, e.message)
            };
            format!("{what} {place}.")
        }
        Event::Generator(g) => format!("The generator {}() {}.", g.function, g.action),
        Event::File(f) => match f.action.as_str() {
            "written" => format!(
                "{} bytes were written into {}'s buffer (not on disk yet).",
                f.bytes, f.name
            ),
            "flushed" => format!(
                "{} was flushed: {} bytes moved from the buffer to disk.",
                f.name, f.bytes
            ),
            other => format!("The file {} was {other}.", f.name),
        },
        Event::Estimate {
            call, value, note, ..
        } => {
            let value = match call.ends_with("referrers") || call.ends_with("referents") {
                true => format!("a list of {value}"),
                false => value.to_string(),
            };
            format!(
                "{call}() returned {value}, refscope's estimate of CPython 3.13's answer \
                 (marked ≈ in the output): {}.",
                note.trim_end_matches('.')
            )
        }
    }
}

fn object_label(trace: &Trace, id: u32) -> String {
    trace
        .objects
        .iter()
        .find(|o| o.id == id)
        .map(|o| format!("a {} (#{id})", o.type_name))
        .unwrap_or_else(|| format!("#{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    #[test]
    fn the_headline_quotes_the_line_that_ran() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 15); // items = [a, b] just ran (line 14)
        let n = narrate(&trace, step, &StepDiff::at(&trace, step));
        let line14 = trace.source.lines().nth(13).unwrap().trim();
        assert_eq!(n.headline, format!("Line 14: `{line14}` ran."));
        assert!(n.text().contains("A new list was created"), "{}", n.text());
        assert!(n.text().contains("items[0]"), "{}", n.text());
    }

    /// One row per kind of step: the sentence a learner reads, written by hand from what
    /// CPython does at that point of `tests/fixtures/traces/narration.json`.
    #[test]
    fn each_kind_of_step_is_told_in_pythons_words() {
        let trace = fixtures::load("narration");
        let n = |i: usize| narrate(&trace, i, &StepDiff::at(&trace, i));
        let find = |event: StepEvent, function: &str| {
            (0..trace.steps.len())
                .find(|&i| trace.steps[i].event == event && trace.function_at(i) == function)
                .unwrap_or_else(|| panic!("no {event:?} step in {function}"))
        };
        let rows: [(usize, &str, &str); 9] = [
            // (step, which sentence, expected)
            (
                find(StepEvent::Call, "Photo"),
                "next",
                "Running the body of class Photo.",
            ),
            (
                find(StepEvent::Call, "Photo") + 1,
                "headline",
                "Entered the body of class Photo.",
            ),
            (
                find(StepEvent::Return, "Photo"),
                "next",
                "The body of class Photo is done: its names become the class's attributes.",
            ),
            (
                find(StepEvent::Return, "Photo") + 1,
                "headline",
                "Finished the body of class Photo.",
            ),
            (
                find(StepEvent::Return, "gen"),
                "next",
                "gen() yields 1 and pauses.",
            ),
            (
                find(StepEvent::Return, "gen") + 1,
                "headline",
                "gen() paused at `yield 1`.",
            ),
            (
                find(StepEvent::Return, "work"),
                "next",
                "work() ends here: the ValueError goes on to its caller.",
            ),
            (
                find(StepEvent::Return, "work") + 1,
                "headline",
                "work() ended with an exception.",
            ),
            (find(StepEvent::Call, "work"), "next", "Calling work()."),
        ];
        for (step, which, want) in rows {
            let got = n(step);
            let got = match which {
                "next" => got.next.unwrap_or_default(),
                _ => got.headline,
            };
            assert_eq!(got, want, "step {step} ({which})");
        }
        // `many = [[1], [2], [3]]` makes four lists: three are listed, one is summed up.
        let after = fixtures::step_at_line(&trace, 16);
        let details = n(after).details;
        assert!(
            details.contains(&"1 more new object.".to_owned()),
            "{details:?}"
        );
    }

    #[test]
    fn frees_and_collections_are_told() {
        let trace = fixtures::load("cycle");
        let step = fixtures::step_at_line(&trace, 16);
        let text = narrate(&trace, step, &StepDiff::at(&trace, step)).text();
        assert!(text.contains("freed: refcount reached 0"), "{text}");
        let gc = trace
            .steps
            .iter()
            .position(|s| {
                s.events
                    .iter()
                    .any(|e| matches!(e, Event::GcCollection { .. }))
            })
            .unwrap();
        let text = narrate(&trace, gc, &StepDiff::at(&trace, gc)).text();
        assert!(
            text.contains("gc.collect() ran the cyclic garbage collector"),
            "{text}"
        );
        assert!(text.contains("collected by gc"), "{text}");
    }

    #[test]
    fn protocol_events_are_told() {
        let trace = fixtures::load("context_managers");
        let all: String = (0..trace.steps.len())
            .map(|i| narrate(&trace, i, &StepDiff::at(&trace, i)).text())
            .collect();
        assert!(all.contains("with called Managed.__enter__()."), "{all}");
        assert!(
            all.contains("ValueError: suppressed was raised at module level."),
            "{all}"
        );
        let exit = Event::Context(refscope_trace::ContextEvent {
            phase: "exit".into(),
            manager_type: "Managed".into(),
            manager: None,
            exc_type: Some("ValueError".into()),
            suppressed: true,
            line: 25,
        });
        assert_eq!(
            event_sentence(&trace, &exit),
            "with called Managed.__exit__() with a ValueError, which it suppressed."
        );
        let trace = fixtures::load("uncaught");
        let all: String = (0..trace.steps.len())
            .map(|i| narrate(&trace, i, &StepDiff::at(&trace, i)).text())
            .collect();
        assert!(all.contains("The finally block"), "{all}");
        assert!(all.contains("ValueError"), "{all}");
    }
}
