//! The view switches in the top bar: the colour theme (system, light, dark) and projector
//! mode (large type, thick arrows).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::model::permalink::{Theme, View};

/// Props of [`ViewSwitch`].
#[derive(Properties, PartialEq)]
pub struct ViewSwitchProps {
    /// The view now.
    pub view: View,
    /// Change it.
    pub on_change: Callback<View>,
}

/// The theme select and the projector toggle.
#[component]
pub fn ViewSwitch(props: &ViewSwitchProps) -> Html {
    let view = props.view;
    let on_theme = props.on_change.reform(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        View {
            theme: Theme::from_key(&select.value()).unwrap_or_default(),
            ..view
        }
    });
    let on_projector = props.on_change.reform(move |_: MouseEvent| View {
        projector: !view.projector,
        ..view
    });
    html! {
        <span class="view-switch">
            <select id="theme" onchange={on_theme} aria-label="Colour theme">
                { for Theme::ALL.iter().map(|t| html! {
                    <option value={t.key()} selected={*t == view.theme}>{ t.label() }</option>
                }) }
            </select>
            <button id="projector" onclick={on_projector} aria-pressed={view.projector.to_string()}
                    title="Projector mode: large type and thick arrows for a classroom">
                { "Projector" }
            </button>
        </span>
    }
}
