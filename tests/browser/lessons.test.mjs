// A lesson end to end (issue 4): the prose follows the steps, a predict question blocks
// stepping until it is answered (wrong, then right), the lesson completes, and the
// progress shows in the lesson list after a reload. The right answer (2 references
// after `b = a`) is CPython's, as recorded in lessons/recordings/.
import { stepLabel, assert, assertEq, objects } from "./lib.mjs";

export const tests = [
  {
    name: "a lesson opened by its address (a reload, a shared link) records its code without a click",
    async run(page, { url }) {
      await page.goto(url + "#lesson/reference-cycles");
      await page.reload();
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
    },
  },
  {
    name: "walk the first lesson: prose, a question wrong then right, completion saved",
    async run(page, { url, shots }) {
      await page.goto(url);
      const first = page.locator("#lesson-list li").first();
      await first.waitFor({ timeout: 30000 });
      await first.locator("a").click();
      await page.locator("#lesson-title", { hasText: "Names and objects" }).waitFor();
      // The lesson's code is recorded without a click once Python is ready.
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      const prose = page.locator("#lesson-prose");
      assert((await prose.textContent()).includes("name"), "the intro is shown");
      // Step until the first question blocks the way.
      for (let i = 0; i < 20 && !(await page.locator("#question").count()); i++) {
        await page.click("#forward");
      }
      await page.locator("#question").waitFor();
      // The question's Markdown is rendered: `b = a` is code, not backticks.
      assertEq(await page.locator("#question-ask code").first().textContent(), "b = a", "inline code in the question");
      assert(!(await page.locator("#question-ask").textContent()).includes("`"), "no raw backticks in the question");
      // Shown before its line: `b = a` is the line about to run, and the list's badge
      // still reads 1 (issue 19: the diagram never contradicts the question).
      assert((await page.locator("#narration").textContent()).includes("Next: line 2"), "the question's line is next");
      assertEq(await objects(page, "list").locator(".badge").textContent(), "1", "the badge before the line runs");
      const before = (await stepLabel(page)).step;
      await page.click("#forward");
      assertEq((await stepLabel(page)).step, before, "stepping waits for the prediction");
      await page.fill(".answer-input", "5");
      await page.click("#question button[type=submit]");
      await page.locator(".feedback.wrong").waitFor();
      await page.fill(".answer-input", "2");
      await page.click("#question button[type=submit]");
      await page.locator(".feedback.right").waitFor();
      assert((await page.locator("#question .explain").textContent()).length > 20, "the explanation shows");
      await page.screenshot({ path: `${shots}lesson-question.png` });
      await page.click("#question-continue");
      assertEq((await stepLabel(page)).step, before + 1, "Continue reveals the step");
      assertEq(await objects(page, "list").locator(".badge").textContent(), "2", "the badge once the line ran");
      assert((await prose.textContent()).includes("b = a"), "the prose stop for this step");
      // Skip the remaining questions on the way to the end.
      for (let i = 0; i < 10; i++) {
        await page.click("#last");
        if (await page.locator("#question-skip").count()) await page.click("#question-skip");
        else break;
      }
      await page.locator("#lesson-end").waitFor();
      await page.locator("#next-lesson").waitFor();
      await page.reload();
      await page.goto(url + "#");
      const item = page.locator("#lesson-list li[data-id=names-and-objects]");
      await item.waitFor({ timeout: 30000 });
      const status = await item.locator(".progress-note").textContent();
      assert(/completed/.test(status) && /1 of 4/.test(status), `progress saved: ${status}`);
    },
  },
  {
    name: "every lesson in the list loads without errors",
    async run(page, { url }) {
      await page.goto(url);
      await page.locator("#lesson-list li").first().waitFor({ timeout: 30000 });
      assert((await page.locator("#lesson-list li").count()) >= 12, "at least 12 lessons");
      assertEq(await page.locator(".lesson-errors").count(), 0, "no lesson failed to load");
    },
  },
  {
    name: "in a lesson the events strip shows only what has happened so far",
    async run(page, { url }) {
      // Lesson 4 asks whether the cycle is freed by refcount or by gc: the strip must not
      // show "gc freed Node" before the question.
      await page.goto(url + "#lesson/reference-cycles");
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      const strip = page.locator("#timeline");
      assert((await strip.textContent()).includes("Nothing has happened yet"), `strip at step 1: ${await strip.textContent()}`);
      for (let i = 0; i < 60 && !(await page.locator("#question").count()); i++) await page.click("#forward");
      await page.locator("#question").waitFor();
      assert(!(await strip.textContent()).includes("gc freed"), `the strip gives the answer away: ${await strip.textContent()}`);
      await page.click("#last");
      for (let i = 0; i < 10 && (await page.locator("#question-skip").count()); i++) {
        await page.click("#question-skip");
        await page.click("#last");
      }
      assert((await strip.textContent()).includes("gc freed"), `at the end the strip shows the collection: ${await strip.textContent()}`);
    },
  },
];
