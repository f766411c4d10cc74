// The memory-debugging views (issue 21) on lesson 12's own program and on held-out leak
// programs, from the keyboard and in projector mode. Every figure is hand-derived from
// CPython 3.13's sizes: an instance 48 B, `[n] * 100` 56 + 8 × 100 = 856 B, a dict of three
// int keys 224 B, a list after five appends (8 slots) 56 + 64 = 120 B; small ints and
// interned strings are immortal and count nothing.
import { assert, assertEq, openWithCode, run } from "./lib.mjs";
import { LEAKS } from "./programs.mjs";
import { boxOfType, deepSize, graphOf, madeBy, toLastStep, toLessonEnd } from "./memory_views.mjs";

export const tests = [
  {
    name: "lesson 12: the by-line list names load()'s store and __init__'s rows, and _cache's deep size is its reports and their rows",
    async run(page, { url, shots }) {
      await page.goto(url + "#lesson/hunting-leaks");
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      await page.click("#types-growth summary");
      await page.click("#pin-step");
      await toLessonEnd(page);
      await page.locator("#allocated-since > li").first().waitFor();
      const made = await madeBy(page);
      // Three cached reports made in load(), and four rows lists (three cached and
      // Report(99), which the closure keeps) made in __init__.
      assert(made.includes("line 9 in load(): 3 objects, 144 B"), `made by line 9: ${made.join(" | ")}`);
      assert(made.includes("line 5 in __init__(): 4 objects, 3424 B"), `made by line 5: ${made.join(" | ")}`);
      assert(made.includes("line 22: 1 object, 48 B"), `Report(99) made by line 22: ${made.join(" | ")}`);
      // The largest first: the rows lists.
      assert(made[0].startsWith("line 5 in __init__()"), `largest first: ${made[0]}`);
      await page.locator("#diagram .obj").filter({ has: page.locator(".type", { hasText: /^dict$/ }) }).first().click();
      await page.locator("#deep-size").waitFor();
      const deep = await deepSize(page);
      assertEq(deep.shallow, 224, `_cache alone: ${deep.text}`);
      assertEq(deep.counted, 7, `the dict, three reports, three rows lists: ${deep.text}`);
      assertEq(deep.reach, 224 + 3 * 48 + 3 * 856, `everything _cache reaches: ${deep.text}`);
      assertEq(deep.only, deep.reach, `nothing else holds what _cache reaches: ${deep.text}`);
      await page.locator("#inspector").screenshot({ path: `${shots}lesson12-deep-size.png` });
    },
  },
];

// A held-out growing list: the list object stays one, its items grow.
const GROWING = `class Event:
    def __init__(self, n):
        self.n = n

events = []
for i in range(5):
    events.append(Event(i))
print(len(events), "events kept")
`;

tests.push({
  name: "a growing list: Event 0 → 5 since the first step, made by line 7; the list's deep size; the last item held through events[4]",
  async run(page, { url }) {
    await openWithCode(page, url, GROWING);
    await run(page);
    // memory_profiler's view of it: the loop's line ran five times and added five events
    // (5 × 48 B) and the list's growth from 0 to 8 slots (64 B); the empty list is 56 B.
    await page.click("#line-profile summary");
    const row = async (text) => {
      const r = page.locator("#line-profile tbody tr", { hasText: text }).first();
      await r.waitFor();
      return (await r.locator("td").allTextContents()).map((c) => c.trim());
    };
    const append = await row("events.append(Event(i))");
    assertEq(`${append[2]} ${append[3]}`, "+304 B 5", `the append line: ${append.join(" | ")}`);
    const empty = await row("events = []");
    assertEq(`${empty[1]} ${empty[2]}`, "56 B +56 B", `the empty list: ${empty.join(" | ")}`);
    await page.click("#types-growth summary");
    await page.click("#pin-step");
    await toLastStep(page);
    await page.locator("#type-growth > li").first().waitFor();
    const growth = (await page.locator("#type-growth > li summary").allTextContents()).map((t) => t.trim());
    assert(growth.some((g) => /^Event\s+0 → 5\s+\(\+5\)/.test(g)), `Event grew 0 → 5: ${growth.join(" | ")}`);
    const made = await madeBy(page);
    assert(made.includes("line 7: 5 objects, 240 B"), `five events made by line 7: ${made.join(" | ")}`);
    assert(made.includes("line 5: 1 object, 120 B"), `the list, grown to 8 slots: ${made.join(" | ")}`);
    await boxOfType(page, "list").first().click();
    await page.locator("#deep-size").waitFor();
    const deep = await deepSize(page);
    assertEq(deep.shallow, 120, deep.text);
    assertEq(deep.counted, 6, `the list and its five events: ${deep.text}`);
    assertEq(deep.reach, 120 + 5 * 48, deep.text);
    await boxOfType(page, "Event").last().click();
    const g = await graphOf(page);
    assert(g.nodes.includes("events"), `the name events: ${g.nodes.join(" | ")}`);
    assert(g.edges.includes("[4]"), `held at [4]: ${g.edges.join(" | ")}`);
    assertEq(g.shortest, 2, "events → list → Event");
    assert(/^What refers to it: 2 objects and 1 name\. Shortest path: events → list #\d+ → Event #\d+ \(via \[4\]\)\.$/.test(g.said),
      `the graph in words: ${g.said}`);
  },
});

// The closure, the default argument and the exception of the leak program (LEAKS): each
// one's graph draws the holder the diagram draws, with its label.

tests.push({
  name: "back-references of a closure's report, a default argument's list and an exception kept in a global",
  async run(page, { url }) {
    await openWithCode(page, url, LEAKS);
    await run(page);
    await toLastStep(page);
    // The report the closure keeps was made last (after the three cached ones), and so
    // was the default list (after the four rows lists).
    await boxOfType(page, "Report").last().click();
    let g = await graphOf(page);
    assert(g.nodes.includes("h") && g.nodes.some((n) => /^function #\d+$/.test(n)), `h and its function: ${g.nodes.join(" | ")}`);
    assert(g.edges.includes("cell report"), `held by the closure's cell: ${g.edges.join(" | ")}`);
    assert(g.said.includes("(via cell report)"), g.said);
    await boxOfType(page, "list").last().click();
    g = await graphOf(page);
    assert(g.nodes.includes("log"), `the function log: ${g.nodes.join(" | ")}`);
    assert(g.edges.includes("__defaults__[0]"), `held as log.__defaults__[0]: ${g.edges.join(" | ")}`);
    assertEq(g.clipped.join(" | "), "", "every label of the graph is drawn whole");
    await boxOfType(page, "ValueError").first().click();
    g = await graphOf(page);
    assertEq(g.said, `What refers to it: 1 object and 1 name. Shortest path: last_error → ${g.nodes[0]}.`, "the exception, held by its global");
    const deep = await deepSize(page);
    // The exception (88 B) and its traceback (56 B), which only it keeps.
    assertEq(deep.reach, 88 + 56, deep.text);
  },
});

async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

tests.push({
  name: "keyboard: the views open, pin, step and select with Tab, Enter and End alone",
  async run(page, { url }) {
    await openWithCode(page, url, GROWING);
    await run(page);
    // From the step controls (where Run leaves the focus) through the page.
    await tabTo(page, "#line-profile summary");
    await page.keyboard.press("Enter");
    await tabTo(page, "#line-profile tbody button");
    const row = await page.evaluate(() => document.activeElement.closest("tr").textContent);
    await page.keyboard.press("Enter");
    const label = await page.locator("#step-label").textContent();
    assert(!/^step 1 of/.test(label.trim()), `the row's button moved the replay (${row}): ${label}`);
    await tabTo(page, "#types-growth summary");
    await page.keyboard.press("Enter");
    await tabTo(page, "#pin-step");
    await page.keyboard.press("Enter");
    await toLastStep(page);
    await tabTo(page, "#type-growth > li summary");
    await page.keyboard.press("Enter");
    await tabTo(page, "#type-growth .type-objects button");
    await page.keyboard.press("Enter");
    assertEq(await page.locator("#diagram .obj.selected").count(), 1, "the object chosen by keyboard is selected");
    await page.locator("#backrefs svg").waitFor();
    const said = await page.locator("#backrefs svg").getAttribute("aria-label");
    assert(said.includes("Shortest path: events → "), `a screen reader hears the path: ${said}`);
  },
});

tests.push({
  name: "projector mode: the views are on screen, legible and working at 1280×800",
  async run(page, { url, shots }) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openWithCode(page, url, GROWING);
    if ((await page.locator("#projector").getAttribute("aria-pressed")) !== "true") await page.click("#projector");
    await run(page);
    await page.click("#line-profile summary");
    const first = page.locator("#line-profile tbody tr").first();
    await first.waitFor();
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}projector-line-profile.png` });
    const box = await first.boundingBox();
    assert(box && box.y >= 0 && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= 1280, `the first row is on screen: ${JSON.stringify(box)}`);
    // 13 px text zoomed by the projector's 1.35: a row at least 20 px tall on screen.
    assert(box.height >= 20, `rows readable from the back: ${box.height} px`);
    // The longest line wraps inside the panel rather than run past its edge.
    const overflow = await page.evaluate(() => {
      const panel = document.querySelector("#line-profile").getBoundingClientRect();
      return [...document.querySelectorAll("#line-profile tbody tr")]
        .map((r) => r.getBoundingClientRect().right - Math.min(panel.right, window.innerWidth))
        .filter((d) => d > 1);
    });
    assertEq(overflow.length, 0, `rows past the panel's right edge by ${overflow.join(", ")} px`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(wide <= 0, `no sideways scroll: ${wide} px`);
    await page.click("#types-growth summary");
    await page.click("#pin-step");
    await toLastStep(page);
    const made = page.locator("#allocated-since > li summary", { hasText: "line 7: 5 objects, 240 B" });
    await made.scrollIntoViewIfNeeded();
    assert(await made.isVisible(), "the by-line list shows in projector mode");
    await boxOfType(page, "Event").last().click();
    const node = page.locator("#backrefs .bk-node text").first();
    await node.scrollIntoViewIfNeeded();
    const nb = await node.boundingBox();
    assert(nb && nb.height >= 14, `the graph's words readable: ${nb && nb.height} px`);
    await page.screenshot({ path: `${shots}projector-backrefs.png` });
  },
});
