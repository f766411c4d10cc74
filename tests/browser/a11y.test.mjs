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
    const phone = await context.browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
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
