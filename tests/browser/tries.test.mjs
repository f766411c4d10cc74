// "Try this" (issue 19): a try loads *and* runs its code, in a storage slot of its own;
// the scratch pad, the lesson's own code and every other lesson's code stay untouched,
// and "Back to the lesson's code" returns to the lesson with its notes and questions.
import { assert, assertEq, CODE_KEY } from "./lib.mjs";

const SCRATCH = "mine = [1, 2]\nprint('my own scratch code')\n";
const OTHER = "print('my edit of lesson 8')\n";

async function waitForTrace(page) {
  await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
}

export const tests = [
  {
    name: "a try runs at once in its own slot and loses no other code",
    async run(page, { url }) {
      await page.goto(url);
      await page.evaluate(([k, s, o]) => {
        localStorage.setItem(k, s);
        localStorage.setItem("refscope:code:try-finally", o);
      }, [CODE_KEY, SCRATCH, OTHER]);
      await page.goto(url + "#lesson/exceptions-and-memory");
      await waitForTrace(page);
      const lessonSteps = await page.locator("#step-label").textContent();
      await page.locator("details.try-this summary").click();
      await page.locator("button.try-run").first().click();
      // The try's trace replaces the lesson's without pressing Run.
      await page.waitForFunction((old) => {
        const label = document.querySelector("#step-label")?.textContent || "";
        return /step 1 of [1-9]/.test(label) && label !== old;
      }, lessonSteps, { timeout: 60000 });
      const editor = await page.locator(".cm-content").innerText();
      assert(editor.includes("def handle():") && editor.includes("saved = e"), `the try's code is in the editor: ${editor.slice(0, 200)}`);
      await page.keyboard.press("End");
      assert((await page.locator("#output").textContent()).includes("caught: bad input"), "the try's output");
      assert((await page.locator("#lesson-prose").textContent()).includes("Try this"), "the panel says a try is on screen");

      const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
      assertEq(stored["refscope:code:scratch"], SCRATCH, "the scratch pad's code");
      assertEq(stored["refscope:code:try-finally"], OTHER, "another lesson's code");
      const lessonCode = stored["refscope:code:exceptions-and-memory"];
      assert(lessonCode === undefined || !lessonCode.includes("def handle():"), "the lesson's own slot does not hold the try");

      // Back to the lesson: its code, recorded again, with its notes.
      await page.click("#try-back");
      // Its notes come back once its code is recorded again.
      await page.waitForFunction(() => {
        const prose = document.querySelector("#lesson-prose")?.textContent || "";
        return prose.length > 0 && !prose.includes("paused");
      }, null, { timeout: 60000 });
      const back = await page.locator(".cm-content").innerText();
      assert(!back.includes("def handle():"), "the lesson's code is back in the editor");

      // The scratch pad and the other lesson still have their code.
      await page.goto(url + "#");
      await page.locator(".cm-content").waitFor();
      assert((await page.locator(".cm-content").innerText()).includes("my own scratch code"), "the scratch pad");
      await page.goto(url + "#lesson/try-finally");
      await page.locator(".cm-content").waitFor();
      assert((await page.locator(".cm-content").innerText()).includes("my edit of lesson 8"), "the other lesson");
    },
  },
];
