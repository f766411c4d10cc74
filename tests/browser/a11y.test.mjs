// The diagram's text equivalent (issue 6): "Describe memory in words" lists the step's
// frames, objects, refcounts and references, and follows the step.
import { openWithCode, run, stepLabel, assert, assertEq } from "./lib.mjs";

export const tests = [
  {
    name: "describe memory lists frames, objects, refcounts and references as text, and follows the step",
    async run(page, { url }) {
      await openWithCode(page, url, "a = [1, 2]\nb = [a, a]\nc = b\nprint(len(b))\n");
      await run(page);
      await page.keyboard.press("End");
      await page.click("#memory-text summary");
      const body = page.locator("#memory-text .memory-text-body");
      await body.waitFor();
      const text = await body.textContent();
      assert(text.includes("Frame <module>"), `frames: ${text}`);
      assert(/a → list #\d+/.test(text) && /c → list #\d+/.test(text), `names and what they point at: ${text}`);
      const outer = /list #(\d+): \[<list>, <list>\], refcount 2/.exec(text);
      assert(outer, `b's list with refcount 2 (b and c): ${text}`);
      assert(/\[0\] → list #\d+/.test(text) && /\[1\] → list #\d+/.test(text), `its references: ${text}`);
      assert(/list #\d+: \[1, 2\], refcount 3/.test(text), `a's list: a and two slots: ${text}`);

      // Back to the first step: nothing bound yet, and the text says so.
      await page.keyboard.press("Home");
      assertEq((await stepLabel(page)).step, 1, "first step");
      const first = await body.textContent();
      assert(first.includes("no names yet") && first.includes("No objects on the heap"), `first step: ${first}`);
    },
  },
];

tests.push({
  name: "on a phone the top bar, controls, editor, diagram and lesson stack in one column, nothing wider than the screen, and stepping works by touch",
  async run(_page, { url, context }) {
    const phone = await context.browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, serviceWorkers: "block" });
    try {
      const page = await phone.newPage();
      await page.goto(url + "#lesson/names-and-objects");
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      const boxes = await page.evaluate(() => ["#run", ".cm-editor", "#diagram", ".lesson-panel"].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return { s, top: r.top + window.scrollY, left: r.left, right: r.right };
      }));
      for (const b of boxes) assert(b.left >= 0 && b.right <= 390, `${b.s} fits the screen: ${JSON.stringify(b)}`);
      for (let i = 1; i < boxes.length; i++) {
        assert(boxes[i].top > boxes[i - 1].top, `${boxes[i].s} is below ${boxes[i - 1].s}: ${JSON.stringify(boxes)}`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the page is ${overflow}px wider than the phone`);
      await page.tap("#forward");
      await page.waitForFunction(() => /step 2 of/.test(document.querySelector("#step-label")?.textContent || ""));
      await page.tap("#memory-text summary");
      await page.locator("#memory-text .memory-text-body").waitFor();
    } finally {
      await phone.close();
    }
  },
});

tests.push({
  name: "Tab reaches every control in reading order, each with a visible focus ring, and the keyboard alone can step and select",
  async run(page, { url }) {
    await openWithCode(page, url, "a = [1, 2]\nb = {'k': a}\nprint(b)\n");
    // Run from the keyboard, so no click moves the point Tab starts from.
    await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""));
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      // CodeMirror marks its box focused on its next update.
      if (await page.evaluate(() => !!document.activeElement.closest(".cm-editor"))) await page.locator(".cm-editor.cm-focused").waitFor();
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        const editor = el.closest(".cm-editor");
        const ringed = editor || el;
        const style = getComputedStyle(ringed);
        const name = el.id || (editor ? "editor" : "") || el.closest("#memory-text") && "memory-text" || el.className || el.tagName;
        return { name: String(name), ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1 };
      });
      seen.push(f);
      // Tab leaves the editor by default (issue 20): no Escape needed on the way through.
      if (f.name === "memory-text") break;
    }
    const names = seen.map((f) => f.name);
    const order = ["copy-link", "theme", "projector", "open-help", "run", "forward", "last", "step-slider", "play", "speed", "editor", "diagram", "memory-text"];
    let at = -1;
    for (const id of order) {
      const next = names.indexOf(id, at + 1);
      assert(next > at, `${id} is reached after ${order[order.indexOf(id) - 1] ?? "the start"}: ${names.join(", ")}`);
      at = next;
    }
    const unringed = seen.filter((f) => !f.ring).map((f) => f.name);
    assert(unringed.length === 0, `no visible focus ring on: ${unringed.join(", ")}`);

    // The keyboard alone: step with the arrow keys from the diagram, select a box with Enter.
    await page.focus("#diagram");
    await page.keyboard.press("End");
    const box = page.locator("#diagram .obj[role=button]").first();
    await box.focus();
    // Its accessible name is its visible text plus the words its glyphs stand for
    // (axe's "label in name" rule checks the first part on every view).
    const name = await box.ariaSnapshot();
    const type = (await box.locator(".type").textContent()).trim();
    const rc = (await box.locator(".badge").textContent()).trim();
    assert(name.includes(`${type} #`) && name.includes(`refcount ${rc}`), `the box's accessible name says its type and refcount: ${name}`);
    await page.keyboard.press("Enter");
    assert((await box.getAttribute("aria-pressed")) === "true", "Enter selects the focused object");
  },
});
