// The interpreter's exit in the page (issue 29): a program ending with an atexit handler,
// a garbage cycle whose objects have __del__, and an object kept by a name. What CPython
// 3.13.0 prints for it (checked with pyenv's 3.13.0): `last line`, `atexit handler`,
// `__del__ a`, `__del__ b`, `__del__ kept by a name`; the exit's steps carry the banner.
import { openWithCode, run, stepLabel, assert } from "./lib.mjs";
import { toLastStep } from "./memory_views.mjs";

const CODE = `import atexit


class Note:
    def __init__(self, text):
        self.text = text

    def __del__(self):
        print("__del__", self.text)


atexit.register(print, "atexit handler")
a = Note("a")
b = Note("b")
a.partner, b.partner = b, a
del a, b
keep = Note("kept by a name")
print("last line")
`;

const BANNER = "Interpreter exit: the program has ended and Python is shutting down";

export const tests = [
  {
    name: "the exit runs after the last line, stage by stage, under its banner",
    async run(page, ctx) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openWithCode(page, ctx.url, CODE);
      await run(page);
      // Forward until the first exit step: the banner appears, and only "last line" is out.
      let seen = false;
      for (let i = 0; i < 80 && !seen; i++) {
        await page.click("#forward");
        seen = ((await page.locator("#narration").textContent()) || "").includes(BANNER);
      }
      assert(seen, "no step shows the exit banner");
      const narration = await page.locator("#narration").textContent();
      assert(narration.includes("The program has ended, but Python has not"), narration);
      const out = (await page.locator("#output").textContent()) || "";
      assert(out.includes("last line") && !out.includes("atexit handler"), `output at the exit's start: ${out}`);
      await page.screenshot({ path: `${ctx.shots}/exit-begin.png` });
      await toLastStep(page);
      const end = (await page.locator("#output").textContent()) || "";
      const want = ["last line", "atexit handler", "__del__ a", "__del__ b", "__del__ kept by a name"];
      let at = -1;
      for (const line of want) {
        const next = end.indexOf(line, at + 1);
        assert(next > at, `output lacks ${JSON.stringify(line)} in order: ${end}`);
        at = next;
      }
      const last = await page.locator("#narration").textContent();
      assert(last.includes(BANNER) && last.includes("The interpreter has finished exiting"), last);
      const { step, total } = await stepLabel(page);
      assert(step === total, `at step ${step} of ${total}`);
      await page.screenshot({ path: `${ctx.shots}/exit-end.png` });
    },
  },
];
