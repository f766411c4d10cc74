// The browser half of `cargo xtask bench`: prints figures and ratios, asserts nothing.
//
// Environment (set by xtask): REFSCOPE_URL (a server with the site at /, Pyodide's npm
// package at /pyodide/ and this directory at /bench/), CHROMIUM (Debian's binary),
// REFSCOPE_DIST and PYODIDE_DIR (the served directories, for on-disk sizes), REPO (the
// repository root, for bench/*.py). `node bench.mjs <part>` runs one part only:
// size, tti, record, scale, render.
import { chromium } from "playwright-core";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

const url = process.env.REFSCOPE_URL;
const dist = process.env.REFSCOPE_DIST;
const pyodideDir = process.env.PYODIDE_DIR;
const repo = process.env.REPO;
const only = process.argv[2] || "";
const program = readFileSync(join(repo, "bench/lesson_loop.py"), "utf8");
const heap200 = readFileSync(join(repo, "bench/heap200.py"), "utf8");
const CODE_KEY = "refscope:code:scratch";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--enable-precise-memory-info"],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const mb = (b) => (b / 1e6).toFixed(2) + " MB";
const ms = (t) => t.toFixed(0).padStart(6) + " ms";
const size = (p) => (existsSync(p) ? statSync(p).size : 0);

/** A fresh context (empty cache and storage) and page. */
async function fresh() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

/** Opens refscope's scratch pad with `code`, at `query`, and waits for the VM. */
async function openScratch(page, code, query = "") {
  await page.goto(url + query);
  await page.evaluate(([k, c]) => localStorage.setItem(k, c), [CODE_KEY, code]);
  await page.reload();
  await page.locator("#run:not([disabled])").waitFor({ timeout: 120000 });
}

/** Clicks Run and waits until a trace of `steps` steps (any, if omitted) is shown. */
async function runAndWait(page, steps) {
  await page.click("#run");
  await page.waitForFunction((n) => {
    const m = /step 1 of (\d+)/.exec(document.querySelector("#step-label")?.textContent || "");
    return m && (n === undefined || Number(m[1]) === n);
  }, steps, { timeout: 600000, polling: 10 });
}

// ---------------------------------------------------------------------------------------
// 1. Download size: what the browser fetches before the first lesson is runnable, and
//    Pyodide's core download, each file with its raw, gzip and brotli size on disk.
async function sizes() {
  const fetched = async (target, done, root, prefix) => {
    const { context, page } = await fresh();
    const paths = new Set();
    page.on("request", (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith(prefix)) paths.add(p.slice(prefix.length));
    });
    await page.goto(target);
    await done(page);
    await page.waitForTimeout(500);
    await context.close();
    return [...paths].sort().map((p) => {
      const f = join(root, p === "" ? "index.html" : p);
      return { path: p || "index.html", raw: size(f), gz: size(f + ".gz") || size(f), br: size(f + ".br") || size(f) };
    });
  };
  const table = (name, files) => {
    console.log(`  ${name}`);
    for (const f of files) {
      console.log(`    ${f.path.padEnd(40)} raw ${mb(f.raw).padStart(9)}  gz ${mb(f.gz).padStart(9)}  br ${mb(f.br).padStart(9)}`);
    }
    const sum = (k) => files.reduce((a, f) => a + f[k], 0);
    console.log(`    ${"total".padEnd(40)} raw ${mb(sum("raw")).padStart(9)}  gz ${mb(sum("gz")).padStart(9)}  br ${mb(sum("br")).padStart(9)}`);
    return { raw: sum("raw"), gz: sum("gz"), br: sum("br") };
  };
  const lesson = url + "#lesson/names-and-objects";
  const ours = await fetched(lesson, async (page) => {
    await page.locator("#run:not([disabled])").waitFor({ timeout: 120000 });
  }, dist, "/");
  const theirs = await fetched(url + "bench/pyodide.html", async (page) => {
    await page.waitForFunction(() => window.pyodideDone, null, { timeout: 120000 });
  }, pyodideDir, "/pyodide/");
  console.log("download size, everything fetched before the first lesson can run");
  const a = table("refscope", ours.filter((f) => f.raw > 0));
  const b = table("Pyodide 0.29.3 (loadPyodide + print(1))", theirs.filter((f) => f.raw > 0));
  const full = size(join(dist, "pkg/full/refscope_worker_bg.wasm.br"));
  console.log(`  refscope's full engine, fetched only on an import the core lacks: br ${mb(full)}`);
  console.log(`  ratio refscope br / Pyodide gz: ${(a.br / b.gz).toFixed(2)}   (br / br: ${(a.br / b.br).toFixed(2)})`);
}

// ---------------------------------------------------------------------------------------
// 2. Time to interactive, alternating fresh contexts, median of 3 each.
async function tti() {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < 3; i++) {
    {
      const { context, page } = await fresh();
      const t0 = Date.now();
      await page.goto(url + "#lesson/names-and-objects");
      // Polled every 10 ms, as Pyodide's side is: a locator's wait backs off to polling
      // every 500 ms, which added up to half a second to some of our samples.
      await page.waitForFunction(() => document.querySelector("#run")?.disabled === false,
        null, { timeout: 120000, polling: 10 });
      await runAndWait(page);
      ours.push(Date.now() - t0);
      await context.close();
    }
    {
      const { context, page } = await fresh();
      const t0 = Date.now();
      await page.goto(url + "bench/pyodide.html");
      await page.waitForFunction(() => window.pyodideDone, null, { timeout: 120000, polling: 10 });
      theirs.push(Date.now() - t0);
      await context.close();
    }
  }
  console.log("time to interactive, fresh cache, median of 3");
  console.log(`  refscope: first lesson's Run works and its trace is shown ${ms(median(ours))}  (${ours.join(", ")})`);
  console.log(`  Pyodide: loadPyodide() resolved and print(1) ran        ${ms(median(theirs))}  (${theirs.join(", ")})`);
  console.log(`  ratio refscope/Pyodide: ${(median(ours) / median(theirs)).toFixed(2)}`);
}

// ---------------------------------------------------------------------------------------
// 3. Recording speed inside the worker, from a blank page on the same origin.
async function record() {
  const { context, page } = await fresh();
  await page.goto(url + "bench/blank.html");
  const result = await page.evaluate(async ([source]) => {
    const worker = new Worker("/worker.js", { type: "module" });
    const next = (type) => new Promise((resolve, reject) => {
      const on = (e) => {
        if (e.data.type === type) { worker.removeEventListener("message", on); resolve(e.data); }
        if (e.data.type === "crash" || e.data.type === "error") reject(new Error(e.data.message));
      };
      worker.addEventListener("message", on);
    });
    await next("ready");
    const run = async (maxSteps) => {
      const t0 = performance.now();
      worker.postMessage({ type: "run", id: 1, source, maxSteps });
      const m = await next("trace");
      return { recordMs: m.recordMs, roundTripMs: performance.now() - t0, bytes: m.bytes.byteLength, heap: m.heapBytes };
    };
    await run(1000); // warm-up, as the native figure has
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await run(10000));
    const long = await run(100000);
    worker.terminate();
    return { runs, long };
  }, [program]);
  await context.close();
  const rec = median(result.runs.map((r) => r.recordMs));
  const trip = median(result.runs.map((r) => r.roundTripMs));
  console.log("recording, 10,000 steps of bench/lesson_loop.py in the worker (median of 3)");
  console.log(`  refscope wasm, recording   ${(rec / 1000).toFixed(3)} s  ${Math.round(10000 / (rec / 1000))} steps/s`);
  console.log(`  with JSON and transfer     ${(trip / 1000).toFixed(3)} s  (${mb(result.runs[0].bytes)} sent)`);
  const l = result.long;
  console.log("  100,000 steps in the worker");
  console.log(`    recording ${(l.recordMs / 1000).toFixed(2)} s, with transfer ${(l.roundTripMs / 1000).toFixed(2)} s, ${mb(l.bytes)} sent, VM heap after ${mb(l.heap)}`);
}

// ---------------------------------------------------------------------------------------
// 4. Scale: a 100,000-step trace loaded by the page. Memory is the UI wasm's linear
//    memory (where the trace lives) and the page's JS heap, before and after; the
//    longest main-thread task during the run says whether the page froze.
async function scale() {
  const { context, page } = await fresh();
  await openScratch(page, program, "?steps=100000");
  const before = await page.evaluate(() => ({ wasm: globalThis.refscopeMemoryBytes(), js: performance.memory.usedJSHeapSize }));
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: false });
  });
  const t0 = Date.now();
  await runAndWait(page, 100000);
  const shown = Date.now() - t0;
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const after = await page.evaluate(() => ({ wasm: globalThis.refscopeMemoryBytes(), js: performance.memory.usedJSHeapSize, long: window.longTasks }));
  // Stepping still answers at once at the far end of the trace.
  const t1 = Date.now();
  await page.keyboard.press("End");
  await page.waitForFunction(() => /step 100000 of 100000/.test(document.querySelector("#step-label").textContent));
  const endMs = Date.now() - t1;
  await context.close();
  console.log("scale, 100,000 steps of bench/lesson_loop.py in the page");
  console.log(`  Run to trace shown        ${ms(shown)}`);
  console.log(`  UI wasm memory            ${mb(before.wasm)} -> ${mb(after.wasm)}  (+${mb(after.wasm - before.wasm)})`);
  console.log(`  page JS heap              ${mb(before.js)} -> ${mb(after.js)}  (+${mb(after.js - before.js)})`);
  console.log(`  trace in the page         ${mb(after.wasm - before.wasm + Math.max(0, after.js - before.js))}  (target: 64 MB)`);
  // The Long Tasks API reports only tasks over 50 ms.
  console.log(after.long.length
    ? `  longest main-thread task  ${ms(Math.max(...after.long))}  (${after.long.length} tasks over 50 ms)`
    : "  longest main-thread task  none over 50 ms");
  console.log(`  End key to last step      ${ms(endMs)}`);
}

// ---------------------------------------------------------------------------------------
// 5. Rendering: one step with 200 objects on the heap (click to DOM updated and laid
//    out), and scrubbing the slider across a 10,000-step trace, frames dropped next to an
//    idle page's.
async function render() {
  const { context, page } = await fresh();
  await openScratch(page, heap200);
  await runAndWait(page);
  await page.keyboard.press("End");
  const times = await page.evaluate(async () => {
    const flush = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    const objects = () => document.querySelectorAll("#diagram .obj:not(.ghost)").length;
    const out = [];
    for (let i = 0; i < 60; i++) {
      const button = document.querySelector(i % 2 ? "#forward" : "#back");
      const t0 = performance.now();
      button.click();
      await flush();
      void document.body.offsetHeight; // style and layout, as the next frame would
      out.push(performance.now() - t0);
    }
    return { out, objects: objects() };
  });
  await openScratch(page, program);
  await runAndWait(page, 10000);
  const frames = await page.evaluate(async () => {
    const slider = document.querySelector("#step-slider");
    const loop = (scrub) => new Promise((resolve) => {
      const stamps = [];
      let i = 0;
      const frame = (t) => {
        stamps.push(t);
        if (scrub) {
          // A drag from the first step to the last over three seconds: about 55 steps a frame.
          slider.value = String(Math.round((i * 9999) / 179));
          slider.dispatchEvent(new Event("input", { bubbles: true }));
        }
        if (++i < 180) requestAnimationFrame(frame); else resolve(stamps);
      };
      requestAnimationFrame(frame);
    });
    const dropped = (stamps) => {
      const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
      const period = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 4)];
      return gaps.reduce((n, g) => n + Math.max(0, Math.round(g / period) - 1), 0) / (gaps.length + 0.0);
    };
    const idle = await loop(false);
    const scrub = await loop(true);
    return { idle: dropped(idle), scrub: dropped(scrub) };
  });
  await context.close();
  console.log(`rendering, one step with ${times.objects} objects on the heap (60 steps)`);
  console.log(`  median ${ms(median(times.out))}   p95 ${ms(pct(times.out, 0.95))}   (target: median 16 ms)`);
  console.log("scrubbing the slider across a 10,000-step trace, 180 frames");
  console.log(`  frames dropped: scrubbing ${(frames.scrub * 100).toFixed(1)}%, idle page ${(frames.idle * 100).toFixed(1)}%  (target: 10%)`);
}

const parts = { size: sizes, tti, record, scale, render };
for (const [name, part] of Object.entries(parts)) {
  if (only && only !== name) continue;
  try {
    await part();
  } catch (e) {
    console.log(`  ${name}: failed: ${e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : e}`);
  }
}
await browser.close();
