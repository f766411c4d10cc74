//! Whether a `<details>` panel is open, for panels that compute their body only while it
//! is (the "Describe memory", "Line by line" and "Types and growth" views).

use yew::prelude::*;

/// (is it open, the `ontoggle` handler to put on the `<details>`).
#[hook]
pub fn use_details_open() -> (bool, Callback<Event>) {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    (*open, ontoggle)
}
