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
