// The worker dying and the keyboard (issue 3): a Rust panic in the VM restarts the
// worker with a message in words and loses no code; stepping works from the keyboard.
import { openWithCode, run, stepLabel, assert, assertEq } from "./lib.mjs";

export const tests = [
  {
    name: "a VM panic restarts the worker, says so, and keeps the code",
    async run(page, { url }) {
      const code = "x = [1]\nprint('still here')\n";
      await openWithCode(page, url, code);
      await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
      // Make the worker's own VM panic, exactly as a RustPython bug would: the message
      // handler calls the wasm export that panics. No UI hook is involved.
      const [worker] = page.workers();
      assert(worker, "the page runs a Web Worker");
      await worker.evaluate(() => self.onmessage({ data: { type: "test-crash" } }));
      const status = page.locator("#status");
      await status.filter({ hasText: /crash/i }).waitFor({ timeout: 10000 });
      const text = await status.textContent();
      assert(/restart/i.test(text), `the learner is told the VM restarted: ${text}`);
      assert((await page.locator(".cm-content").textContent()).includes("still here"), "code kept");
      await run(page, { timeout: 60000 });
      await page.click("#last");
      assert((await page.locator("#output").textContent()).includes("still here"), "runs again");
    },
  },
  {
    name: "a worker whose heap keeps growing is replaced by a fresh one after a run",
    async run(page, { url }) {
      await openWithCode(page, url, "x = [1, 2, 3]\nprint('run', len(x))\n");
      await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
      // Make the worker report a heap over the recycling threshold, as a long session of
      // RustPython's small per-run leaks would. Only the reported figure is changed.
      const [worker] = page.workers();
      await worker.evaluate(() => {
        const post = self.postMessage.bind(self);
        self.postMessage = (m) => post(m && m.type === "trace" ? { ...m, heapBytes: 2 ** 31 } : m);
      });
      const closed = new Promise((resolve) => worker.once("close", resolve));
      await run(page);
      await Promise.race([closed, new Promise((_, no) => setTimeout(() => no(new Error("old worker kept")), 10000))]);
      // The trace of that run is shown, and the next run goes to the fresh worker.
      await page.click("#last");
      assert((await page.locator("#output").textContent()).includes("run 3"), "the trace is kept");
      await run(page, { timeout: 60000 });
      assert(page.workers().length === 1, `one worker, not ${page.workers().length}`);
    },
  },
  {
    name: "arrow keys, Home and End step through the trace",
    async run(page, { url }) {
      await openWithCode(page, url, "a = 1\nb = 2\nc = 3\n");
      await run(page);
      const { total } = await stepLabel(page);
      await page.locator("#diagram").click();
      await page.keyboard.press("ArrowRight");
      assertEq((await stepLabel(page)).step, 2, "→ steps forward");
      await page.keyboard.press("End");
      assertEq((await stepLabel(page)).step, total, "End jumps to the last step");
      await page.keyboard.press("ArrowLeft");
      assertEq((await stepLabel(page)).step, total - 1, "← steps back");
      await page.keyboard.press("Home");
      assertEq((await stepLabel(page)).step, 1, "Home jumps to the first step");
    },
  },
  {
    name: "the step limit keeps a steppable partial trace with a notice",
    async run(page, { url }) {
      await openWithCode(page, url, "while True:\n    pass\n");
      await run(page);
      const { total } = await stepLabel(page);
      assertEq(total, 10000, "the default budget");
      const output = await page.locator("#output").textContent();
      assert(/10,?000 steps/.test(output), `a notice names the limit: ${output}`);
      await page.click("#last");
      assertEq((await stepLabel(page)).step, 10000, "the last recorded step is reachable");
    },
  },
  {
    name: "a long run's event strip shows a window of events that follows the step, and ?steps= raises the budget",
    async run(page, { url }) {
      // 6,000 lists, each freed when the next replaces it: 12,000 steps, thousands of events.
      await openWithCode(page, url + "?steps=20000", "for i in range(6000):\n    x = [i]\n");
      await run(page);
      const { total } = await stepLabel(page);
      assert(total > 10000, `?steps=20000 let the run go past 10,000 steps: ${total}`);
      const heading = async () => page.locator("#timeline h2").textContent();
      const first = await heading();
      const m = /Events 1–400 of (\d+)/.exec(first);
      assert(m && Number(m[1]) > 2000, `a window at the start: ${first}`);
      assertEq(await page.locator("#timeline .event").count(), 400, "buttons drawn");
      await page.keyboard.press("End");
      const last = await heading();
      assert(last.endsWith(`–${m[1]} of ${m[1]} (the strip follows the step)`), `a window at the end: ${last}`);
      // The current step's event is marked in the new window.
      await page.locator("#timeline .event").last().click();
      const marked = page.locator("#timeline .event[aria-current=step]");
      assert((await marked.count()) >= 1, "the event of the current step is marked");
    },
  },
  {
    name: "dragging the slider fast leaves the event strip in place until the step rests, then it follows",
    async run(page, { url }) {
      await openWithCode(page, url + "?steps=20000", "for i in range(6000):\n    x = [i]\n");
      await run(page);
      // One input a frame, as a drag sends them: step 200, 400, ... 6,000. Each would
      // move the window by a quarter if it followed every step.
      const drag = await page.evaluate(async () => {
        const slider = document.querySelector("#step-slider");
        const heading = () => document.querySelector("#timeline h2").textContent;
        const seen = [], at = [];
        for (let i = 1; i <= 30; i++) {
          await new Promise((r) => requestAnimationFrame(r));
          slider.value = String(i * 200);
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          at.push(performance.now());
          await new Promise((r) => setTimeout(r, 0));
          seen.push(heading());
        }
        return { seen, at };
      });
      const moves = drag.seen.filter((h, i) => i > 0 && h !== drag.seen[i - 1]).length;
      // The window may move where the page was slow enough for the step to rest
      // (60 ms between two inputs, SETTLE_MS) and once a second; count those, so a slow
      // machine does not fail the test.
      const rests = drag.at.filter((t, i) => i > 0 && t - drag.at[i - 1] >= 60).length;
      const allowed = rests + Math.floor((drag.at.at(-1) - drag.at[0]) / 1000) + 1;
      assert(moves <= allowed, `the window moved ${moves} times in a drag of 30 steps (allowed ${allowed}): ${drag.seen.join(" | ")}`);
      assert(moves < 20, `the window did not follow every step of the drag: ${moves} moves`);
      // At rest it follows: the step's events (about event 3,000) are in the window.
      await page.waitForFunction(() => {
        const m = /Events (\d+)–/.exec(document.querySelector("#timeline h2").textContent);
        return m && Number(m[1]) > 2000;
      }, null, { timeout: 5000 });
    },
  },
  {
    name: "the Python worker starts while the UI is still loading, and the UI takes it over",
    async run(page, { url, context }) {
      // Hold the UI's wasm back: the VM's download must not wait for it.
      const times = {};
      await context.route("**/refscope_app_bg.wasm", async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        times.appServed ??= Date.now();
        await route.continue();
      });
      page.on("request", (r) => {
        if (r.url().endsWith("refscope_worker_bg.wasm")) times.vmRequested ??= Date.now();
      });
      let workers = 0;
      page.on("worker", () => workers++);
      await page.goto(url);
      // Everything the worker said before the UI was up (its progress, "ready") reached it.
      await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
      assert(times.vmRequested && times.vmRequested < times.appServed,
        `the VM was requested before the UI's wasm arrived: ${JSON.stringify(times)}`);
      await run(page);
      assertEq(workers, 1, "workers started (the page's own, taken over by the UI)");
    },
  },
];
