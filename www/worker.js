// refscope's Web Worker: downloads the RustPython VM (reporting progress), then records
// runs on request. The UI thread never runs Python; it only replays what this sends back.
//
// Protocol (the UI side is src/engine_client.rs):
//   UI -> worker  {type: "run", id, source, maxSteps} | {type: "test-crash"}
//   worker -> UI  {type: "progress", loaded, total} | {type: "ready"}
//                 {type: "trace", id, json} | {type: "crash", id, message}
//                 {type: "error", message}
// After "crash" this worker is dead (a Rust panic poisons the wasm instance); the UI
// terminates it and starts a new one.
import init, * as vm from "./pkg/refscope_worker.js";

let lastPanic = "";
globalThis.refscopePanic = (message) => {
  lastPanic = message;
};

async function download(url, expected) {
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
      postMessage({ type: "progress", loaded, total: Math.max(expected, loaded) });
    }
  }
  postMessage({ type: "progress", loaded, total: loaded });
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

async function load() {
  let expected = 0;
  try {
    const info = await fetch(new URL("./build.json", import.meta.url));
    expected = (await info.json()).worker_wasm_bytes || 0;
  } catch {
    // Unknown size: the bar still moves, it just cannot say how far is left.
  }
  postMessage({ type: "progress", loaded: 0, total: expected });
  const bytes = await download(new URL("./pkg/refscope_worker_bg.wasm", import.meta.url), expected);
  await init({ module_or_path: bytes });
  vm.install_panic_hook();
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
  if (message.type !== "run") return;
  try {
    if (message.crash) vm.crash_for_test();
    const json = vm.record(String(message.source), message.maxSteps | 0 || 10000);
    // What the heap still holds after the run: the page replaces a worker that keeps
    // growing (RustPython leaks a little per interpreter).
    postMessage({ type: "trace", id: message.id, json, heapBytes: vm.live_heap_bytes() });
  } catch (e) {
    const detail = lastPanic || String(e && e.message ? e.message : e);
    postMessage({ type: "crash", id: message.id, message: detail });
    close();
  }
};
