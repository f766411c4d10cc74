//! The keyboard shortcut help: a modal dialog opened with `?` or the top bar's button. It
//! takes the focus when it opens, keeps Tab inside, closes on Esc or its button, and gives
//! the focus back to where it was.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::hooks::use_shortcuts::KEYS;

/// Props of [`ShortcutHelp`].
#[derive(Properties, PartialEq)]
pub struct ShortcutHelpProps {
    /// Close the dialog.
    pub on_close: Callback<()>,
}

/// The dialog (rendered only while open).
#[component]
pub fn ShortcutHelp(props: &ShortcutHelpProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            let before = gloo::utils::document()
                .active_element()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(button) = close_ref.cast::<HtmlElement>() {
                let _ = button.focus();
            }
            move || {
                if let Some(el) = before {
                    let _ = el.focus();
                }
            }
        });
    }
    let on_close = props.on_close.clone();
    let onkeydown = {
        let (on_close, close_ref) = (on_close.clone(), close_ref.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            // The close button is the dialog's only control: Tab stays on it.
            "Tab" => {
                e.prevent_default();
                if let Some(button) = close_ref.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
            _ => e.stop_propagation(),
        })
    };
    let on_backdrop = {
        let on_close = on_close.clone();
        Callback::from(move |e: MouseEvent| {
            let on_self = e.target() == e.current_target();
            if on_self {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="dialog-backdrop" onclick={on_backdrop}>
            <div id="shortcut-help" class="dialog panel" role="dialog" aria-modal="true"
                 aria-labelledby="shortcut-help-title" {onkeydown}>
                <h2 id="shortcut-help-title">{ "Keyboard shortcuts" }</h2>
                <table class="keys">
                    <thead><tr><th scope="col">{ "Keys" }</th><th scope="col">{ "What they do" }</th></tr></thead>
                    <tbody>
                        { for KEYS.iter().map(|(keys, what)| html! {
                            <tr><td><kbd>{ *keys }</kbd></td><td>{ *what }</td></tr>
                        }) }
                    </tbody>
                </table>
                <button ref={close_ref} id="close-help" class="primary"
                        onclick={on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </div>
    }
}
