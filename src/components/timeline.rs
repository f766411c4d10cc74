//! The event strip: one button per lifetime or protocol event; clicking jumps to its step.
//!
//! A long run has thousands of events, and the step changes up to 60 times a second while
//! the slider is dragged. So the buttons are rendered once per window of events
//! ([`TimelineEvents`], whose props do not include the step; see
//! [`crate::model::timeline::window`]) and the current step's buttons are marked by an
//! effect that touches only them.

use std::ops::Range;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::timeline::{window, WINDOW};
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
    /// Only events up to the step on screen (a lesson is on: later events would give
    /// away its predict questions' answers).
    #[prop_or_default]
    pub so_far: bool,
}

/// How long the step must rest before the window follows it, in milliseconds. Dragging
/// the slider across a long run passes thousands of events; drawing a button for each on
/// the way (a move lays out and repaints the whole strip) dropped about one frame in
/// seven. A drag sends a step a frame (16 ms, 33 ms on a slow machine); stepping,
/// clicking and playing (at most one step per 80 ms) move it at once.
pub const SETTLE_MS: f64 = 60.0;

/// While the step never rests (a long drag), the window still follows this often.
pub const MAX_WAIT_MS: f64 = 1000.0;

/// The window on screen: for which analysis and when it last moved, and when the step
/// last changed.
struct Shown {
    analysis: Shared<Analysis>,
    range: Range<usize>,
    at: f64,
    step: usize,
    step_at: f64,
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Natively the strip is only rendered to a string, once, by the tests: no clock needed.
#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    0.0
}

/// The `#timeline` strip.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let strip = use_node_ref();
    let held = use_mut_ref(|| None::<Shown>);
    let catch_up = use_force_update();
    let all = &props.analysis.timeline;
    let entries = match props.so_far {
        true => &all[..all.partition_point(|e| e.step <= props.step)],
        false => &all[..],
    };
    let wanted = window(entries, props.step);
    let shown = {
        let now = now_ms();
        let mut held = held.borrow_mut();
        match held.as_mut() {
            // A window is always for its own analysis: another run's may be out of range.
            Some(h) if h.analysis == props.analysis => {
                let rested = now - h.step_at >= SETTLE_MS;
                if h.step != props.step {
                    (h.step, h.step_at) = (props.step, now);
                }
                if h.range != wanted && (rested || now - h.at >= MAX_WAIT_MS) {
                    (h.range, h.at) = (wanted.clone(), now);
                }
                h.range.clone()
            }
            _ => {
                *held = Some(Shown {
                    analysis: props.analysis.clone(),
                    range: wanted.clone(),
                    at: now,
                    step: props.step,
                    // The first step change of a run is a jump to follow at once.
                    step_at: f64::NEG_INFINITY,
                });
                wanted.clone()
            }
        }
    };
    {
        let strip = strip.clone();
        // Also when the analysis or the window changes: its buttons are new.
        use_effect_with(
            (props.step, props.analysis.clone(), shown.clone()),
            move |(step, _, _)| mark_current(&strip, *step),
        );
    }
    // Held back: draw again once the step has rested (a newer step restarts the wait).
    use_effect_with((shown != wanted, props.step), move |&(behind, _)| {
        let timer = behind.then(|| Timeout::new(SETTLE_MS as u32, move || catch_up.force_update()));
        move || drop(timer)
    });
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
            if entries.is_empty() && props.so_far && !all.is_empty() {
                <p class="placeholder">{ "Nothing has happened yet: events appear as you step." }</p>
            } else if entries.is_empty() {
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
    // Keyed by the entry's index modulo the window's length: when the window moves by a
    // quarter, the three quarters still shown keep their buttons untouched (by position,
    // all 400 were rewritten), and the buttons of the quarter that left are reused for the
    // quarter that came in (keyed by the index alone, a jump across the run removed and
    // created all 400).
    html! {
        <div class="events">
            { for props.analysis.timeline[props.start..props.end].iter().enumerate().map(|(i, e)| {
                let step = e.step;
                let onclick = props.on_goto.reform(move |_: MouseEvent| step);
                html! {
                    <button key={(props.start + i) % WINDOW} class={classes!("event", e.kind)} data-step={step.to_string()}
                            aria-label={e.aria.clone()} title={e.aria.clone()} {onclick}>
                        { &e.label }
                    </button>
                }
            }) }
        </div>
    }
}
