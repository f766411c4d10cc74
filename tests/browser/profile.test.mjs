// The "Line by line" view (issue 21): memory_profiler's table over the recorded run, for
// the whole program or one function. Facts checked are the program's own: how often a
// line ran, whether it added memory, and where a row's link goes.
import { assert, assertEq, openWithCode, run } from "./lib.mjs";
import { LEAKS } from "./programs.mjs";
import { deepSize, toLastStep, toLessonEnd } from "./memory_views.mjs";

async function rowOf(page, text) {
  const row = page.locator("#line-profile tbody tr", { hasText: text }).first();
  await row.waitFor(); // the table is drawn after the panel opens
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


tests.push({
  name: "Types and growth counts a leak program's objects by type and their growth since a pinned step; an object opens in the diagram",
  async run(page, { url, shots }) {
    await openWithCode(page, url, LEAKS);
    await run(page);
    await page.click("#types-growth summary");
    await page.click("#pin-step");
    await toLastStep(page);
    await page.locator("#type-growth > li").first().waitFor();
    const counts = await page.locator("#type-counts > li summary").allTextContents();
    const count = (t) => {
      const row = counts.find((c) => c.trim().startsWith(t + " "));
      return row ? Number(row.trim().split(/\s+/).pop()) : 0;
    };
    assertEq(count("Report"), 4, `three cached reports and the closure's: ${counts.join(" | ")}`);
    assertEq(count("list"), 5, `four rows lists and the default history: ${counts.join(" | ")}`);
    assertEq(count("ValueError"), 1, `the exception kept in last_error: ${counts.join(" | ")}`);
    const growth = await page.locator("#type-growth > li summary").allTextContents();
    assert(growth.some((g) => /^Report\s+0 → 4\s+\(\+4\)/.test(g.trim())), `Report grew 0 → 4: ${growth.join(" | ")}`);
    // tracemalloc's compare_to by line: the three reports by line 7, the four rows lists
    // (three cached, one in the closure) by line 3 inside __init__; [n] * 10 is 136 B and
    // an instance 48 B in CPython 3.13.
    const made = (await page.locator("#allocated-since > li summary").allTextContents()).map((t) => t.trim());
    assert(made.includes("line 7: 3 objects, 144 B"), `made by line 7: ${made.join(" | ")}`);
    assert(made.includes("line 3 in __init__(): 4 objects, 544 B"), `made by line 3: ${made.join(" | ")}`);
    await page.screenshot({ path: `${shots}types-growth.png` });
    // An object from the list opens in the diagram with its holders.
    const reports = page.locator("#type-growth > li").filter({ has: page.locator("summary", { hasText: /^Report\s/ }) });
    await reports.locator("summary").click();
    await reports.locator("button").first().click();
    await page.locator(".inspector, #inspector").first().waitFor({ timeout: 5000 });
    assertEq(await page.locator("#diagram .obj.selected").count(), 1, "the chosen report is selected in the diagram");
  },
});

tests.push({
  name: "Deep size: the cache dict reaches its three reports and their rows, and only it keeps them",
  async run(page, { url, shots }) {
    await openWithCode(page, url, LEAKS);
    await run(page);
    await toLastStep(page);
    await page.locator("#diagram .obj", { hasText: "dict" }).first().click();
    await page.locator("#deep-size").waitFor();
    const { text, shallow, reach, only } = await deepSize(page);
    // The dict, three Report objects and their three rows lists: nothing else holds them.
    assert(text.includes("Counted: 7 objects"), `what only the cache keeps: ${text}`);
    assert(shallow > 0 && only > shallow && reach >= only, `sizes: ${shallow} ≤ ${only} ≤ ${reach}`);
    await page.screenshot({ path: `${shots}deep-size.png` });
  },
});

tests.push({
  name: "Back-references: a cached report is drawn held by the dict at [0], the dict by the name cache, the shortest path marked",
  async run(page, { url, shots }) {
    await openWithCode(page, url, LEAKS);
    await run(page);
    await toLastStep(page);
    // The first Report drawn is cache[0] (made first).
    await page.locator("#diagram .obj").filter({ has: page.locator(".type", { hasText: /^Report$/ }) }).first().click();
    const graph = page.locator("#backrefs svg");
    await graph.waitFor();
    const nodes = await graph.locator(".bk-node text").allTextContents();
    assert(nodes.includes("cache"), `the name cache is drawn: ${nodes.join(" | ")}`);
    assert(nodes.some((n) => /^dict #\d+$/.test(n)), `the dict is drawn: ${nodes.join(" | ")}`);
    const shortest = await graph.locator(".bk-edge.shortest text").allTextContents();
    assert(shortest.includes("[0]"), `the shortest path goes through [0]: ${shortest.join(" | ")}`);
    assertEq(await graph.locator(".bk-edge.shortest").count(), 2, "cache → dict → report: two arrows");
    await page.locator("#inspector").screenshot({ path: `${shots}backrefs.png` });
  },
});

tests.push({
  name: "lesson 12: Types and growth counts the four reports at the end, and a cached one is drawn held through _cache",
  async run(page, { url }) {
    await page.goto(url + "#lesson/hunting-leaks");
    await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
    await page.click("#types-growth summary");
    await page.click("#pin-step");
    // To the end, skipping the lesson's questions on the way.
    await toLessonEnd(page);
    await page.locator("#type-growth > li").first().waitFor();
    const growth = (await page.locator("#type-growth > li summary").allTextContents()).map((t) => t.trim());
    // Three reports in the cache and the one the closure keeps.
    assert(growth.some((g) => /^Report\s+0 → 4\s+\(\+4\)/.test(g)), `Report grew 0 → 4: ${growth.join(" | ")}`);
    await page.locator("#diagram .obj").filter({ has: page.locator(".type", { hasText: /^Report$/ }) }).first().click();
    const graph = page.locator("#backrefs svg");
    await graph.waitFor();
    const nodes = await graph.locator(".bk-node text").allTextContents();
    assert(nodes.includes("_cache"), `the name _cache is drawn: ${nodes.join(" | ")}`);
    assertEq(await graph.locator(".bk-edge.shortest").count(), 2, "_cache → dict → report");
  },
});
