//! The narration: what the current step shows, in words, announced politely to screen
//! readers as the learner steps.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::narration::Narration as Told;

/// Props of [`Narration`].
#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// The narration of the step on screen, or `None` before anything ran.
    pub narration: Option<Rc<Told>>,
    /// Shown when there is nothing to narrate.
    #[prop_or_default]
    pub placeholder: AttrValue,
}

/// The `aria-live` narration region.
#[component]
pub fn Narration(props: &NarrationProps) -> Html {
    let body = match &props.narration {
        Some(n) => html! {
            <>
                <p class="headline">{ &n.headline }</p>
                { for n.details.iter().map(|d| html! { <p class="detail">{ d }</p> }) }
                if let Some(next) = &n.next {
                    <p class="next">{ next }</p>
                }
            </>
        },
        None => html! { <p class="placeholder">{ props.placeholder.clone() }</p> },
    };
    html! {
        <section id="narration" class="panel narration" aria-live="polite" aria-label="What happened">
            { body }
        </section>
    }
}
