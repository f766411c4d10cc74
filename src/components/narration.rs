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

/// The narration model quotes code in backticks (`` `b = a` ``); show those spans as code,
/// as the lesson prose does. Text stays text nodes, so nothing in it is read as HTML. An
/// odd number of backticks (a backtick inside quoted code) leaves the text as it is.
fn with_code(text: &str) -> Html {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return html! { { text.to_owned() } };
    }
    html! {
        { for parts.iter().enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_string() }</code> }
        } else {
            html! { { part.to_string() } }
        }) }
    }
}

/// The `aria-live` narration region.
#[component]
pub fn Narration(props: &NarrationProps) -> Html {
    let body = match &props.narration {
        Some(n) => html! {
            <>
                if let Some(banner) = &n.banner {
                    <p class="exit-banner">{ banner.clone() }</p>
                }
                <p class="headline">{ with_code(&n.headline) }</p>
                { for n.details.iter().map(|d| html! { <p class="detail">{ with_code(d) }</p> }) }
                if let Some(next) = &n.next {
                    <p class="next">{ with_code(next) }</p>
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
