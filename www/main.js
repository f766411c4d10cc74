// Boots the UI wasm. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts entirely.
import init from "./pkg/refscope_app.js";

init()
  .then((wasm) => {
    // For the benchmark (bench/browser/bench.mjs): how big the UI's wasm memory has grown,
    // which is where a loaded trace lives. Read-only; Python code never runs on this page.
    globalThis.refscopeMemoryBytes = () => wasm.memory.buffer.byteLength;
  })
  .catch((e) => {
    const app = document.getElementById("app");
    app.textContent = "refscope could not start: " + (e && e.message ? e.message : e);
  });

// Offline after one visit (sw.js). A failed registration (an old browser, a file:// page)
// only means no offline copy.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").catch(() => {});
}

// Embedded (?embed): tell the parent page how tall the content is, so its iframe can fit
// it without a scroll bar. Only a number goes out; the page reads nothing back.
if (new URLSearchParams(location.search).has("embed") && window.parent !== window) {
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "refscope:height", height }, "*");
    }
  };
  new ResizeObserver(post).observe(document.body);
}
