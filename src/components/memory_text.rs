//! The "Describe memory" view: the step's frames, objects, refcounts and references as
//! nested lists (from `model::memory_text`), the diagram's text equivalent. Collapsed by
//! default; open, it follows the step.

use refscope_trace::Trace;
use yew::prelude::*;

use crate::hooks::use_details::use_details_open;

use crate::model::memory_text::describe;
use crate::shared::Shared;

/// Props of [`MemoryText`].
#[derive(Properties, PartialEq)]
pub struct MemoryTextProps {
    /// The trace on screen.
    pub trace: Shared<Trace>,
    /// The step on screen.
    pub step: usize,
}

fn section(title: &str, entries: &[(String, Vec<String>)]) -> Html {
    html! {
        <>
            <h3>{ title.to_owned() }</h3>
            <ul>
                { for entries.iter().map(|(head, lines)| html! {
                    <li>
                        { head.clone() }
                        if !lines.is_empty() {
                            <ul>{ for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                        }
                    </li>
                }) }
            </ul>
        </>
    }
}

/// A `<details>` that describes the step in words while it is open.
#[component]
pub fn MemoryText(props: &MemoryTextProps) -> Html {
    let (open, ontoggle) = use_details_open();
    let body = if open {
        let text = describe(&props.trace, props.step);
        html! {
            <div class="memory-text-body">
                { section("Frames", &text.frames) }
                if text.objects.is_empty() {
                    <p>{ "No objects on the heap." }</p>
                } else {
                    { section("Objects", &text.objects) }
                }
            </div>
        }
    } else {
        html! {}
    };
    html! {
        <details id="memory-text" class="panel memory-text" {ontoggle}>
            <summary>{ "Describe memory in words" }</summary>
            { body }
        </details>
    }
}
