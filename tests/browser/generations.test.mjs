// Lesson 16, the collector's generations, as a learner walks it: the second question
// (a young collection after `survivor` moved to generation 1) is answered from the
// diagram, and the reveal shows CPython 3.13's output, recorded in lessons/recordings/.
import { assert, assertEq } from "./lib.mjs";

export const tests = [
  {
    name: "lesson 16: a young collection leaves the garbage that survived one alone",
    async run(page, { url, shots }) {
      await page.goto(url + "#lesson/the-collectors-generations");
      await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
      // The first question (how `young` is freed): skip it; the second is the one here.
      for (let n = 0; n < 2; n++) {
        for (let i = 0; i < 80 && !(await page.locator("#question").count()); i++) await page.click("#forward");
        await page.locator("#question").waitFor();
        if (n === 0) await page.click("#question-skip");
      }
      assert((await page.locator("#question-ask").textContent()).includes("survivor"), "the survivor question");
      assert((await page.locator("#narration").textContent()).includes("Next: line 22"), "shown before line 22 runs");
      // → while the question waits: nothing moves, and the card says why.
      const held = (await page.locator("#step-label").textContent()) || "";
      await page.locator("#narration").click();
      await page.keyboard.press("ArrowRight");
      await page.locator("#question-held").waitFor();
      const said = await page.locator("#question-held").boundingBox();
      const view = page.viewportSize();
      assert(said && said.y >= 0 && said.y + said.height <= view.height, `the reason is on screen: ${JSON.stringify(said)}`);
      assertEq(await page.locator("#step-label").textContent(), held, "→ does not step past the question");
      const garbage = page.locator("#diagram .obj.garbage", { hasText: "Node" });
      assertEq(await garbage.count(), 1, "survivor is drawn as cycle garbage before the collection");
      // Long choices wrap inside the card: none sticks out of it or off the screen.
      const outside = await page.evaluate(() => {
        const card = document.querySelector("#question").getBoundingClientRect();
        return [...document.querySelectorAll("#question .choice")]
          .map((c) => c.getBoundingClientRect())
          .filter((r) => r.right > card.right + 0.5 || r.right > window.innerWidth).length;
      });
      assertEq(outside, 0, "choices wider than their card");
      await page.locator("#question .choice", { hasText: "collect(0) found garbage: True" }).click();
      await page.locator(".feedback.wrong").waitFor();
      await page.locator("#question .choice", { hasText: "collect(0) found garbage: False" }).click();
      await page.locator(".feedback.right").waitFor();
      await page.screenshot({ path: `${shots}lesson-generations.png` });
      assertEq(await page.locator("#question-held").count(), 0, "answered: nothing left to explain");
      await page.click("#question-continue");
      const out = await page.locator("#output .stdout").innerText();
      assert(out.trim().endsWith("collect(0) found garbage: False"), `the young collection found nothing: ${out}`);
      assertEq(await garbage.count(), 1, "survivor is still there, garbage in generation 1");
    },
  },
];
