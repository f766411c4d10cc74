//! The event strip: one button per lifetime or protocol event; clicking jumps to its step.
//!
//! A long run has thousands of events, and the step changes up to 60 times a second while
//! the slider is dragged. So the buttons are rendered once per window of events
//! ([`TimelineEvents`], whose props do not include the step; see
//! [`crate::model::timeline::window`]) and the current step's buttons are marked by an
//! effect that touches only them.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::timeline::window;
use crate::model::Analysis;
use crate::shared::Shared;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The per-trace analysis holding the entries.
    pub analysis: Shared<Analysis>,
    /// The step on screen.
    pub step: usize,
    /// Jump to a step.
    pub on_goto: Callback<usize>,
}

/// The `#timeline` strip.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let strip = use_node_ref();
    {
        let strip = strip.clone();
        // Also when the analysis changes: its buttons are new.
        use_effect_with((props.step, props.analysis.clone()), move |(step, _)| {
            mark_current(&strip, *step)
        });
    }
    let entries = &props.analysis.timeline;
    let shown = window(entries, props.step);
    let heading = if shown.len() < entries.len() {
        format!(
            "Events {}–{} of {} (the strip follows the step)",
            shown.start + 1,
            shown.end,
            entries.len()
        )
    } else {
        "Events".to_owned()
    };
    html! {
        <nav id="timeline" class="panel timeline" aria-label="Events of this run" ref={strip}>
            <h2>{ heading }</h2>
            if entries.is_empty() {
                <p class="placeholder">{ "No objects were freed and no protocol events happened." }</p>
            } else {
                <TimelineEvents analysis={props.analysis.clone()} on_goto={props.on_goto.clone()}
                    start={shown.start} end={shown.end} />
            }
        </nav>
    }
}

/// Marks the buttons of `step` with the `here` class and `aria-current`, unmarking others.
fn mark_current(strip: &NodeRef, step: usize) {
    let Some(root) = strip.cast::<web_sys::Element>() else {
        return;
    };
    let select = |query: &str| -> Vec<web_sys::Element> {
        let Ok(list) = root.query_selector_all(query) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect()
    };
    for old in select(".event.here") {
        let _ = old.class_list().remove_1("here");
        let _ = old.remove_attribute("aria-current");
    }
    for now in select(&format!(".event[data-step=\"{step}\"]")) {
        let _ = now.class_list().add_1("here");
        let _ = now.set_attribute("aria-current", "step");
    }
}

/// Props of [`TimelineEvents`]: no step, so moving through the trace does not re-render it
/// (only moving to another window of events does).
#[derive(Properties, PartialEq)]
pub struct TimelineEventsProps {
    pub analysis: Shared<Analysis>,
    pub on_goto: Callback<usize>,
    /// The entries shown: `start..end`.
    pub start: usize,
    pub end: usize,
}

/// The buttons, one per event.
#[component]
pub fn TimelineEvents(props: &TimelineEventsProps) -> Html {
    html! {
        <div class="events">
            { for props.analysis.timeline[props.start..props.end].iter().map(|e| {
                let step = e.step;
                let onclick = props.on_goto.reform(move |_: MouseEvent| step);
                html! {
                    <button class={classes!("event", e.kind)} data-step={step.to_string()}
                            aria-label={e.aria.clone()} title={e.aria.clone()} {onclick}>
                        { &e.label }
                    </button>
                }
            }) }
        </div>
    }
}
