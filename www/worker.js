// refscope's Web Worker: downloads the RustPython VM (reporting progress), then records
// runs on request. The UI thread never runs Python; it only replays what this sends back.
//
// Two builds of the VM: the core engine (pkg/), small, loaded at once; and the full engine
// (pkg/full/, every module refscope ships), loaded only when a program imports a module
// the core lacks (the core engine's needs_full_stdlib says so). Once loaded, the full
// engine runs everything after.
//
// Protocol (the UI side is src/hooks/use_engine.rs):
//   UI -> worker  {type: "run", id, source, maxSteps} | {type: "test-crash"}
//                 {type: "digest", id, source} (tests: the trace's digest, not the trace)
//   worker -> UI  {type: "progress", loaded, total, part} | {type: "ready"}
//                 {type: "trace", id, bytes, heapBytes, recordMs}
//                 {type: "crash", id, message} | {type: "error", message}
//                 {type: "digest", id, digest, full}
// `part` is "core" or "full". `bytes` is the trace as UTF-8 JSON in a transferred buffer;
// `recordMs` is how long recording took in here (for the benchmark; never in the trace).
// After "crash" this worker is dead (a Rust panic poisons the wasm instance); the UI
// terminates it and starts a new one.
import * as core from "./pkg/refscope_worker.js";

let lastPanic = "";
globalThis.refscopePanic = (message) => {
  lastPanic = message;
};

async function download(url, expected, part) {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`could not download the Python VM (HTTP ${response.status})`);
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    // Throttle: a message per ~64 KiB is plenty for a smooth bar.
    if (loaded - lastReport > 65536) {
      lastReport = loaded;
      postMessage({ type: "progress", loaded, total: Math.max(expected, loaded), part });
    }
  }
  postMessage({ type: "progress", loaded, total: loaded, part });
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

let sizes = {};
let vm = core;

/** Downloads one engine's wasm (`part` "core" or "full") with progress and starts it;
 * the caller says "ready" once the engine is in place. */
async function start(module, dir, part) {
  const expected = sizes[part === "core" ? "worker_wasm_bytes" : "full_wasm_bytes"] || 0;
  postMessage({ type: "progress", loaded: 0, total: expected, part });
  const bytes = await download(new URL(`${dir}/refscope_worker_bg.wasm`, import.meta.url), expected, part);
  await module.default({ module_or_path: bytes });
  module.install_panic_hook();
}

async function load() {
  try {
    const info = await fetch(new URL("./build.json", import.meta.url));
    sizes = await info.json();
  } catch {
    // Unknown size: the bar still moves, it just cannot say how far is left.
  }
  await start(core, "./pkg", "core");
  postMessage({ type: "ready" });
}

/** Swaps in the full engine (once). */
async function loadFull() {
  const full = await import("./pkg/full/refscope_worker.js");
  await start(full, "./pkg/full", "full");
  vm = full;
  postMessage({ type: "ready" });
}

const loaded = load().catch((e) => {
  postMessage({ type: "error", message: String(e && e.message ? e.message : e) });
  throw e;
});

onmessage = async (event) => {
  const message = event.data || {};
  await loaded;
  if (message.type === "test-crash") {
    message.type = "run";
    message.crash = true;
  }
  if (message.type !== "run" && message.type !== "digest") return;
  const source = String(message.source);
  try {
    if (vm === core && core.needs_full_stdlib(source)) {
      try {
        await loadFull();
      } catch (e) {
        postMessage({ type: "error", message: `could not load the rest of Python's standard library: ${e && e.message ? e.message : e}` });
        return;
      }
    }
    if (message.crash) vm.crash_for_test();
    if (message.type === "digest") {
      postMessage({ type: "digest", id: message.id, digest: vm.record_digest(source, 10000), full: vm.is_full() });
      return;
    }
    const started = performance.now();
    const bytes = vm.record(source, message.maxSteps | 0 || 10000);
    const recordMs = performance.now() - started;
    // What the heap still holds after the run: the page replaces a worker that keeps
    // growing (RustPython leaks a little per interpreter).
    postMessage({ type: "trace", id: message.id, bytes, heapBytes: vm.live_heap_bytes(), recordMs },
      [bytes.buffer]);
  } catch (e) {
    const detail = lastPanic || String(e && e.message ? e.message : e);
    postMessage({ type: "crash", id: message.id, message: detail });
    close();
  }
};
