// What the program prints about memory is CPython 3.13's, and an estimate is marked where
// the learner reads it: "≈" on the output line, the reason in the step's narration.
import { openWithCode, run, assert, assertEq } from "./lib.mjs";

// CPython 3.13 prints 28, 56, 44, 64, 88, 2, 0 and (for the comprehension) 120; refscope
// can only estimate the comprehension's list, whose allocation depends on how it grew.
const CODE = `import sys, gc
print(sys.getsizeof(1), sys.getsizeof([]), sys.getsizeof("abc"), sys.getsizeof({}))
print(sys.getsizeof([1, 2, 3]))
class N: pass
a = N(); b = N(); a.b = b; b.a = a
del a, b
print(gc.collect(), gc.collect())
print(sys.getsizeof([x for x in range(5)]))
print("end")
`;

export const tests = [
  {
    name: "getsizeof and gc.collect print CPython's numbers; an estimate is marked ≈ and narrated",
    async run(page, { url }) {
      await openWithCode(page, url, CODE);
      await run(page);
      await page.keyboard.press("End");
      // The key is handled on the page's next turn: wait for the last step to be shown.
      await page.waitForFunction(() => {
        const m = /step (\d+) of (\d+)/.exec(document.querySelector("#step-label")?.textContent || "");
        return m && m[1] === m[2];
      });
      const lines = (await page.locator("#output .stdout").innerText()).split("\n");
      assertEq(lines[0], "28 56 44 64", "sizes of 1, [], 'abc', {}");
      assertEq(lines[1], "88", "a list display of three constants");
      assertEq(lines[2], "2 0", "two collections after a two-node cycle");
      const marks = page.locator("#output .estimate");
      assertEq(await marks.count(), 1, "estimated output lines");
      const marked = await marks.first().innerText();
      assert(marked.startsWith("120"), `the marked line: ${marked}`);
      assert(await marks.first().locator(".estimate-mark").isVisible(), "the ≈ mark is visible");
      // Step back to the step after the comprehension's line: its narration explains.
      await page.keyboard.press("ArrowLeft");
      const narration = await page.locator("#narration").innerText();
      assert(narration.includes("sys.getsizeof() returned 120, refscope's estimate"), `narration: ${narration}`);
    },
  },
];
