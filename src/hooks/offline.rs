//! Registers the service worker (`www/sw.js`, which keeps an offline copy) once the VM is
//! ready and the page has had two seconds to itself, unless the page is embedded: an embed
//! is part of a course page, and two of them would each start the same precaching. Registering at page load made its
//! precaching (the 2.4 MB engine again, every lesson) compete with the first download: the
//! time to a lesson's first trace nearly doubled in the benchmark.

#[cfg(target_arch = "wasm32")]
thread_local! {
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Registers the service worker soon, the first time it is called.
#[cfg(target_arch = "wasm32")]
pub fn register_soon() {
    if ASKED.with(|a| a.replace(true)) || crate::hooks::use_route::embed_options().is_some() {
        return;
    }
    gloo::timers::callback::Timeout::new(2_000, || {
        let container = gloo::utils::window().navigator().service_worker();
        let registering = container.register("sw.js");
        // A refusal (an old browser, a file:// page) only means no offline copy.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(registering).await;
        });
    })
    .forget();
}

#[cfg(not(target_arch = "wasm32"))]
pub fn register_soon() {}
