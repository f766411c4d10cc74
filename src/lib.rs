//! refscope-app: the playground UI. It replays a recorded trace; it never runs Python.
//!
//! Module map:
//! - [`replay`]: the one pure reducer (`ReplayState` + `Action`) for the whole screen.
//! - [`model`]: pure view-models computed from a trace: stable layout, step diffs, scene
//!   geometry, reachability and garbage cycles, narration, timeline, memory series.
//! - [`protocol`]: the worker message shapes and trace decoding (pure).
//! - [`hooks`]: effects with web APIs: the worker bridge, playback timer, keyboard
//!   shortcuts, saved code.
//! - [`components`]: one Yew component per file; `App` is the root.
//! - [`shared`]: `Shared<T>`, a pointer-equality `Rc` for cheap props.

pub mod components;
pub mod hooks;
pub mod model;
pub mod protocol;
pub mod replay;
pub mod shared;

pub use components::app::App;

/// Mounts [`App`] into `<div id="app">` when the wasm module starts.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            // Without the host element there is nowhere to show anything; mount on <body>
            // so the learner sees the app rather than a blank page.
            yew::Renderer::<App>::new().render();
        }
    }
}
