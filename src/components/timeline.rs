//! The event strip: one button per lifetime or protocol event; clicking jumps to its step.

use yew::prelude::*;

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
    let entries = &props.analysis.timeline;
    html! {
        <nav id="timeline" class="panel timeline" aria-label="Events of this run">
            <h2>{ "Events" }</h2>
            if entries.is_empty() {
                <p class="placeholder">{ "No objects were freed and no protocol events happened." }</p>
            } else {
                <div class="events">
                    { for entries.iter().map(|e| {
                        let step = e.step;
                        let onclick = props.on_goto.reform(move |_: MouseEvent| step);
                        let here = (step == props.step).then_some("here");
                        html! {
                            <button class={classes!("event", e.kind, here)} data-step={step.to_string()}
                                    aria-label={e.aria.clone()} title={e.aria.clone()} {onclick}
                                    aria-current={here.map(|_| "step")}>
                                { &e.label }
                            </button>
                        }
                    }) }
                </div>
            }
        </nav>
    }
}
