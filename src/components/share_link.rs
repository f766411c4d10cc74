//! The "Copy link" button: puts the current state (see `model::permalink`) into the address
//! bar and on the clipboard. When the clipboard refuses (no permission, an insecure page),
//! the link is shown, selected, in a field to copy by hand.

use yew::prelude::*;

/// Props of [`ShareLink`].
#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    /// Builds the permalink's hash (`#link=…`) for the state on screen.
    pub link: Callback<(), String>,
}

#[derive(Clone, PartialEq)]
enum Shared {
    Idle,
    // Only the browser's clipboard can say it copied.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Copied,
    /// The clipboard refused: the link to copy by hand.
    ByHand(String),
}

/// The button and its feedback.
#[component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let shared = use_state(|| Shared::Idle);
    let onclick = {
        let (link, shared) = (props.link.clone(), shared.clone());
        Callback::from(move |_: MouseEvent| {
            let hash = link.emit(());
            publish(hash, shared.clone());
        })
    };
    let feedback = match &*shared {
        Shared::Idle => html! {},
        Shared::Copied => html! { <span class="share-done">{ "Link copied" }</span> },
        Shared::ByHand(url) => html! {
            <label class="share-by-hand">
                <span>{ "Copy this link:" }</span>
                <input id="share-url" type="text" readonly=true value={url.clone()}
                       onfocus={Callback::from(|e: FocusEvent| {
                           let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                           input.select();
                       })} />
            </label>
        },
    };
    html! {
        <span class="share" aria-live="polite">
            <button id="copy-link" {onclick}
                    title="Copy a link that opens this code, lesson, step and view">
                { "Copy link" }
            </button>
            { feedback }
        </span>
    }
}

/// Puts `hash` into the address bar (without a reload or a history entry) and copies the
/// whole URL.
#[cfg(target_arch = "wasm32")]
fn publish(hash: String, shared: UseStateHandle<Shared>) {
    let window = gloo::utils::window();
    let _ = window
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash)));
    let url = window.location().href().unwrap_or(hash);
    let promise = window.navigator().clipboard().write_text(&url);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => shared.set(Shared::Copied),
            Err(_) => shared.set(Shared::ByHand(url)),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn publish(hash: String, shared: UseStateHandle<Shared>) {
    shared.set(Shared::ByHand(hash));
}
