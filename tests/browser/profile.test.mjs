// The "Line by line" view (issue 21): memory_profiler's table over the recorded run, for
// the whole program or one function. Facts checked are the program's own: how often a
// line ran, whether it added memory, and where a row's link goes.
import { assert, assertEq } from "./lib.mjs";

async function rowOf(page, text) {
  const row = page.locator("#line-profile tbody tr", { hasText: text }).first();
  const cells = await row.locator("td").allTextContents();
  return { row, line: Number(cells[0]), mem: cells[1], increment: cells[2], runs: cells[3] };
}

export const tests = [
  {
    name: "lesson 12: Line by line shows which lines add memory, per function, and a row goes to its step",
    async run(page, { url, shots }) {
      await page.goto(url + "#lesson/hunting-leaks");
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      await page.click("#line-profile summary");
      // The whole program: the loop's call line ran once per n, and the module's lines
      // that make objects grew.
      const loop = await rowOf(page, "r = load(n)");
      assertEq(loop.runs, "3", "r = load(n) ran three times");
      assert(loop.increment.startsWith("+"), `the loop's calls added memory: ${loop.increment}`);
      const first = await rowOf(page, "_cache = {}");
      assertEq(first.increment, "+64 B", "an empty dict is 64 bytes in CPython 3.13");
      // One function: load().
      await page.selectOption("#line-profile-function", "load");
      const store = await rowOf(page, "_cache[n] = Report(n)");
      assertEq(store.runs, "3", "each n was new, so the store ran three times");
      assert(store.increment.startsWith("+"), `storing a report added memory: ${store.increment}`);
      const ret = await rowOf(page, "return _cache[n]");
      assertEq(ret.increment, "0 B", "returning allocates nothing");
      await page.screenshot({ path: `${shots}line-profile.png` });
      // The row's link: the step that shows the store's last run done (back in load(),
      // the third report in _cache[2], the return next).
      await store.row.locator("button").click();
      const said = await page.locator("#narration").textContent();
      assert(said.includes(`Next: line ${store.line + 1}, return _cache[n]`), `went to after the store: ${said}`);
      assert(said.includes("_cache[2]"), `the third report is held by _cache[2]: ${said}`);
      const label = await page.locator("#step-label").textContent();
      assert(!/^step 1 of/.test(label.trim()), `moved off the first step: ${label}`);
    },
  },
];
