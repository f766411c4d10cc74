//! Pure view-model helpers: everything the UI derives from a trace, with no web APIs.
//!
//! Per-trace data (layout, memory series, timeline) is computed once per trace, when it
//! loads ([`Analysis::new`], or [`AnalysisBuilder`] a slice at a time); per-step data (diff, scene geometry, narration, reachability) is
//! cheap and computed for the step on screen. All of it runs natively, so it is unit
//! tested without a browser.

pub mod allocated;
pub mod backrefs;
pub mod deep_size;
pub mod diff;
pub mod embed;
pub mod exit_words;
pub mod follow;
mod frame_words;
pub mod layout;
pub mod memory_text;
pub mod narration;
#[cfg(test)]
mod narration_table;
mod object_words;
pub mod permalink;
pub mod reach;
pub mod scene;
pub mod series;
pub mod text;
pub mod timeline;
pub mod types;

use layout::LayoutPass;
use refscope_trace::{HeapCursor, Trace};
use series::SeriesPass;

pub use diff::StepDiff;
pub use layout::Layout;
pub use series::Series;
pub use timeline::TimelineEntry;

/// What is computed once per trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Stable heap slots and box geometry.
    pub layout: Layout,
    /// Live objects and bytes per step.
    pub series: Series,
    /// One entry per lifetime or protocol event.
    pub timeline: Vec<TimelineEntry>,
}

impl Analysis {
    /// Analyses `trace`. Linear in the total size of the step changes.
    pub fn new(trace: &Trace) -> Analysis {
        let mut builder = AnalysisBuilder::new(trace);
        while builder.advance(trace, usize::MAX) {}
        builder.finish()
    }
}

/// An [`Analysis`] built a slice of steps at a time, in one pass over the steps for all
/// its parts. The page spreads a long trace's analysis over several tasks this way (a
/// 100,000-step trace takes tens of milliseconds), so it never freezes.
pub struct AnalysisBuilder {
    cursor: HeapCursor,
    layout: LayoutPass,
    series: SeriesPass,
    timeline: Vec<TimelineEntry>,
}

impl AnalysisBuilder {
    /// Starts analysing `trace`, which every call must then pass.
    pub fn new(trace: &Trace) -> AnalysisBuilder {
        AnalysisBuilder {
            cursor: HeapCursor::default(),
            layout: LayoutPass::new(trace),
            series: SeriesPass::new(trace),
            timeline: Vec::new(),
        }
    }

    /// Analyses up to `steps` more steps; false once every step is done.
    pub fn advance(&mut self, trace: &Trace, steps: usize) -> bool {
        for _ in 0..steps {
            let Some(h) = self.cursor.next_step(trace) else {
                return false;
            };
            self.layout.step(trace, &h);
            self.series.step(&h);
            let step = h.step;
            let events = &trace.steps[step].events;
            self.timeline
                .extend(events.iter().map(|e| timeline::entry(step, e)));
        }
        self.cursor.position() < trace.steps.len()
    }

    /// The analysis; call it once [`AnalysisBuilder::advance`] returned false.
    pub fn finish(self) -> Analysis {
        Analysis {
            layout: self.layout.finish(),
            series: self.series.finish(),
            timeline: self.timeline,
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The engine's real fixture traces, read from `tests/fixtures/traces`.

    use refscope_trace::Trace;

    /// Fixtures that between them have cycles, protocol events, files, a heap of 200
    /// objects and an uncaught exception: for tests that check a rule on all of them.
    pub const VARIED: [&str; 5] = [
        "cycle",
        "context_managers",
        "files",
        "many_objects",
        "uncaught",
    ];

    /// Loads `tests/fixtures/traces/<name>.json`.
    pub fn load(name: &str) -> Trace {
        let path = format!(
            "{}/tests/fixtures/traces/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The first step at which the `<module>` frame is at `line` (a `line` step).
    pub fn step_at_line(trace: &Trace, line: u32) -> usize {
        trace
            .steps
            .iter()
            .enumerate()
            .position(|(i, s)| {
                s.line == line
                    && trace.function_at(i) == "<module>"
                    && s.event == refscope_trace::StepEvent::Line
            })
            .unwrap_or_else(|| panic!("no module step at line {line}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_built_in_slices_is_the_analysis() {
        for name in fixtures::VARIED {
            let trace = fixtures::load(name);
            let whole = Analysis::new(&trace);
            assert!(!whole.series.live.is_empty(), "{name}");
            for slice in [1, 3, 1000] {
                let mut builder = AnalysisBuilder::new(&trace);
                let mut calls = 1;
                while builder.advance(&trace, slice) {
                    calls += 1;
                }
                assert_eq!(
                    calls,
                    trace.steps.len().div_ceil(slice).max(1),
                    "{name}/{slice}"
                );
                assert_eq!(builder.finish(), whole, "{name} in slices of {slice}");
            }
        }
    }
}
