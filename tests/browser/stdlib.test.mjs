// The two engines: the core one the page loads first, and the full one fetched only when
// a program imports a module the core lacks.
import { openWithCode, run, assert, assertEq } from "./lib.mjs";

const FULL = "/pkg/full/refscope_worker_bg.wasm";

export const tests = [
  {
    name: "the first lesson runs on the core engine; `import random` fetches the full one once, with progress",
    async run(page, { url }) {
      const fetched = [];
      page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
      await page.goto(url + "#lesson/names-and-objects");
      await run(page);
      assert(!fetched.includes(FULL), `the first lesson fetched the full engine: ${fetched.join(", ")}`);

      await openWithCode(page, url, "import math, random\nrandom.seed(3)\nroot = math.sqrt(16)\nprint(root, random.randint(1, 6) in range(1, 7))\n");
      // Keep every status text, to see the progress label even if the load is quick.
      await page.evaluate(() => {
        window.statusTexts = [];
        new MutationObserver(() => window.statusTexts.push(document.querySelector("#status")?.textContent || ""))
          .observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await run(page);
      await page.keyboard.press("End");
      const output = await page.locator("#output").textContent();
      assert(output.includes("4.0 True"), `output: ${output}`);
      const texts = await page.evaluate(() => window.statusTexts.join("\n"));
      assert(texts.includes("Loading the rest of Python's standard library"), `status texts: ${texts}`);
      assertEq(fetched.filter((p) => p === FULL).length, 1, "full engine downloads");

      // The next run uses the full engine already loaded: no second download.
      await run(page);
      await page.keyboard.press("End");
      assert((await page.locator("#output").textContent()).includes("4.0 True"), "second run's output");
      assertEq(fetched.filter((p) => p === FULL).length, 1, "full engine downloads after a second run");
    },
  },
];
