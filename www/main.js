// Boots the UI wasm. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts entirely.
import init from "./pkg/refscope_app.js";

// The Python worker starts now rather than once the UI is up: its download, compile and
// VM start (about half a second) then overlap the UI's own. What it says before the UI
// takes it over (src/hooks/use_engine.rs) is kept, in order, and handed over with it.
const early = { worker: null, events: [] };
try {
  early.worker = new Worker("./worker.js", { type: "module" });
  early.worker.onmessage = (e) => early.events.push(e);
  early.worker.onerror = (e) => {
    e.preventDefault();
    early.events.push(e);
  };
} catch {
  // The UI starts its own and reports what goes wrong.
}
globalThis.refscopeTakeWorker = () => {
  const { worker, events } = early;
  early.worker = null;
  early.events = [];
  return worker ? { worker, events } : null;
};

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

// Embedded (?embed): tell the parent page how tall the content is, so its iframe can fit
// it without a scroll bar. Only a number goes out; the page reads nothing back.
const embedded = new URLSearchParams(location.search).has("embed");
if (embedded) document.documentElement.dataset.embed = "";
if (embedded && window.parent !== window) {
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
