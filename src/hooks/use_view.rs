//! How the page looks (theme, projector mode): chosen by the learner or by a link, saved to
//! `localStorage` (`refscope:theme`, `refscope:projector`) and applied as `data-theme` and
//! `data-projector` on `<html>`, which the stylesheet reads.

use yew::prelude::*;

#[cfg(target_arch = "wasm32")]
use crate::model::permalink::Theme;
use crate::model::permalink::View;

#[cfg(target_arch = "wasm32")]
const THEME_KEY: &str = "refscope:theme";
#[cfg(target_arch = "wasm32")]
const PROJECTOR_KEY: &str = "refscope:projector";

#[cfg(target_arch = "wasm32")]
fn stored() -> View {
    let storage = crate::hooks::use_saved_code::storage();
    let get = |k: &str| storage.as_ref().and_then(|s| s.get_item(k).ok().flatten());
    View {
        theme: get(THEME_KEY)
            .and_then(|t| Theme::from_key(&t))
            .unwrap_or_default(),
        projector: get(PROJECTOR_KEY).as_deref() == Some("1"),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn stored() -> View {
    View::default()
}

#[cfg(target_arch = "wasm32")]
fn apply(view: View) {
    if let Some(storage) = crate::hooks::use_saved_code::storage() {
        let _ = storage.set_item(THEME_KEY, view.theme.key());
        let _ = storage.set_item(PROJECTOR_KEY, if view.projector { "1" } else { "0" });
    }
    let Some(root) = gloo::utils::document().document_element() else {
        return;
    };
    let _ = match view.theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.key()),
    };
    let _ = if view.projector {
        root.set_attribute("data-projector", "")
    } else {
        root.remove_attribute("data-projector")
    };
}

#[cfg(not(target_arch = "wasm32"))]
fn apply(_view: View) {}

/// The current view and a callback to change it. A link's view (`from_link`) replaces the
/// saved one when the link is opened.
#[hook]
pub fn use_view(from_link: Option<View>) -> (View, Callback<View>) {
    let view = use_state(|| from_link.unwrap_or_else(stored));
    {
        let view = view.clone();
        use_effect_with(from_link, move |link| {
            if let Some(v) = link {
                view.set(*v);
            }
        });
    }
    use_effect_with(*view, |v| apply(*v));
    let set = {
        let view = view.clone();
        Callback::from(move |v: View| view.set(v))
    };
    (*view, set)
}
