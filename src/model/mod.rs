//! Pure view-model helpers: everything the UI derives from a trace, with no web APIs.
//!
//! Per-trace data (layout, memory series, timeline) is computed once in [`Analysis::new`]
//! when a trace loads; per-step data (diff, scene geometry, narration, reachability) is
//! cheap and computed for the step on screen. All of it runs natively, so it is unit
//! tested without a browser.

pub mod diff;
pub mod embed;
pub mod layout;
pub mod memory_text;
pub mod narration;
pub mod permalink;
pub mod reach;
pub mod scene;
pub mod series;
pub mod text;
pub mod timeline;

use refscope_trace::Trace;

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
    /// Analyses `trace`. Linear in the total size of the step heaps.
    pub fn new(trace: &Trace) -> Analysis {
        Analysis {
            layout: Layout::new(trace),
            series: Series::new(trace),
            timeline: timeline::entries(trace),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The engine's real fixture traces, read from `tests/fixtures/traces`.

    use refscope_trace::Trace;

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
