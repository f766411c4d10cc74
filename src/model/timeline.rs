//! The event timeline: one entry per lifetime or protocol event, with a short label for the
//! strip, a full sentence for screen readers and the step it jumps to.

use refscope_trace::{Event, FinallyReason, FreeReason, GcTrigger, Trace};

/// One event on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The step the event is attached to (0-based).
    pub step: usize,
    /// A CSS class naming the kind: `freed`, `gc`, `del`, `context`, `finally`, ...
    pub kind: &'static str,
    /// A short label, e.g. "freed list".
    pub label: String,
    /// A full sentence for `aria-label`.
    pub aria: String,
}

/// The kind and short label of an event.
pub fn label(event: &Event) -> (&'static str, String) {
    match event {
        Event::Freed {
            type_name, reason, ..
        } => match reason {
            FreeReason::Refcount => ("freed", format!("freed {type_name}")),
            FreeReason::GcCollected => ("freed collected", format!("gc freed {type_name}")),
        },
        Event::DelCalled { .. } => ("del", "__del__".to_owned()),
        Event::GcCollection { trigger, freed, .. } => (
            "gc",
            match trigger {
                GcTrigger::Explicit => format!("gc.collect() freed {}", freed.len()),
                GcTrigger::Automatic => format!("automatic gc freed {}", freed.len()),
                GcTrigger::Exit => format!("exit gc freed {}", freed.len()),
            },
        ),
        Event::WeakrefCallback { function, .. } => ("weakref", format!("callback {function}")),
        Event::Finalizer { function, .. } => ("weakref", format!("finalizer {function}")),
        Event::Context(c) => ("context", format!("__{}__ {}", c.phase, c.manager_type)),
        Event::FinallyEntered { reason, .. } => {
            ("finally", format!("finally ({})", finally_reason(reason)))
        }
        Event::ExceptEntered { exc_type, .. } => ("except", format!("except {exc_type}")),
        Event::Exception(e) => ("exception", format!("{} {}", e.exc_type, e.action)),
        Event::Generator(g) => ("generator", format!("{} {}", g.function, g.action)),
        Event::File(f) => ("file", format!("{} {}", f.name, f.action)),
        Event::Estimate { call, value, .. } => ("estimate", format!("{call}() ≈ {value}")),
        Event::Exit { stage, .. } => ("exit", super::exit_words::stage_label(*stage).to_owned()),
    }
}

/// Why a `finally` block runs, in words.
pub fn finally_reason(reason: &FinallyReason) -> String {
    match reason {
        FinallyReason::Normal => "the try body finished normally".to_owned(),
        FinallyReason::Return => "a return is pending".to_owned(),
        FinallyReason::Break => "a break is pending".to_owned(),
        FinallyReason::Continue => "a continue is pending".to_owned(),
        FinallyReason::Exception { exc_type } => format!("a {exc_type} is in flight"),
    }
}

/// The timeline of `trace`, in step order.
pub fn entries(trace: &Trace) -> Vec<TimelineEntry> {
    trace
        .events()
        .map(|(step, event)| entry(step, event))
        .collect()
}

/// The entry of `event`, attached to `step`.
pub fn entry(step: usize, event: &Event) -> TimelineEntry {
    let (kind, label) = label(event);
    TimelineEntry {
        step,
        kind,
        aria: format!("Step {}, line {}: {label}", step + 1, event.line()),
        label,
    }
}

/// The most event buttons the strip shows at once. A 100,000-step run has tens of
/// thousands of events; as buttons they took megabytes and most of a second to draw, and
/// nobody reads them all. The strip shows a window of them around the current step.
pub const WINDOW: usize = 400;

/// The range of `entries` (sorted by step) the strip shows at `step`: all of them when
/// there are at most [`WINDOW`], else [`WINDOW`] of them around the first event at or after
/// `step`. The start moves in steps of a quarter window, so dragging the slider nearby
/// leaves the buttons as they are.
pub fn window(entries: &[TimelineEntry], step: usize) -> std::ops::Range<usize> {
    let n = entries.len();
    if n <= WINDOW {
        return 0..n;
    }
    let at = entries.partition_point(|e| e.step < step);
    let quarter = WINDOW / 4;
    let start = (at.saturating_sub(WINDOW / 2) / quarter * quarter).min(n - WINDOW);
    start..start + WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{fixtures, Analysis};

    #[test]
    fn one_entry_per_event_in_step_order() {
        for name in ["cycle", "context_managers", "files", "uncaught"] {
            let trace = fixtures::load(name);
            let entries = Analysis::new(&trace).timeline;
            let events: usize = trace.steps.iter().map(|s| s.events.len()).sum();
            assert_eq!(entries.len(), events, "{name}");
            assert!(entries.windows(2).all(|w| w[0].step <= w[1].step));
        }
    }

    #[test]
    fn finally_labels_say_why() {
        let trace = fixtures::load("uncaught");
        let entry = Analysis::new(&trace)
            .timeline
            .into_iter()
            .find(|e| e.kind == "finally")
            .expect("uncaught.json has a finally");
        assert!(entry.label.starts_with("finally ("), "{}", entry.label);
    }

    #[test]
    fn the_window_follows_the_step_and_moves_in_quarters() {
        let entries: Vec<TimelineEntry> = (0..10_000)
            .map(|i| TimelineEntry {
                step: i * 3,
                kind: "freed",
                label: String::new(),
                aria: String::new(),
            })
            .collect();
        assert_eq!(window(&entries[..WINDOW], 0), 0..WINDOW);
        assert_eq!(window(&entries, 0), 0..WINDOW);
        assert_eq!(window(&entries, usize::MAX), 10_000 - WINDOW..10_000);
        for step in [0, 1, 2_999, 3_000, 15_000, 29_997] {
            let w = window(&entries, step);
            assert_eq!(w.len(), WINDOW);
            let at = entries.partition_point(|e| e.step < step);
            assert!(w.contains(&at.min(9_999)), "step {step}: {w:?}");
            assert_eq!(w.start % (WINDOW / 4), 0, "step {step}");
        }
        // Nearby steps share a window.
        assert_eq!(window(&entries, 15_000), window(&entries, 15_030));
    }
}
