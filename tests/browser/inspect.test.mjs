// Hunting leaks in the app (issue 4, lesson 12's tools): "Why is this alive?" paths for a
// selected object, and the memory-over-time chart. The expected paths are what the program
// itself builds (cache['a'] holds the first Big), not text copied from refscope's output.
import { openWithCode, run, stepLabel, assert, assertEq } from "./lib.mjs";

const LEAK = `class Big:
    def __init__(self, n):
        self.data = [0] * n


cache = {}


def load(key):
    obj = Big(100)
    cache[key] = obj
    return len(obj.data)


for k in ["a", "b", "c"]:
    load(k)
print(len(cache))
`;

const CYCLE = `import gc


class Node:
    pass


a = Node()
a.me = a
del a
gc.collect()
`;

async function goToEnd(page) {
  await page.keyboard.press("End");
  const { total } = await stepLabel(page);
  await page.waitForFunction((t) => (document.querySelector("#step-label")?.textContent || "").includes(`step ${t} of ${t}`), total);
  return total;
}

export const tests = [
  {
    name: "selecting a leaked object explains which names keep it alive",
    async run(page, { url }) {
      await openWithCode(page, url, LEAK);
      await run(page);
      await page.locator("#diagram").click({ position: { x: 5, y: 5 } });
      await goToEnd(page);
      const big = page.locator("#diagram .obj").filter({ has: page.locator(".type", { hasText: /^Big$/ }) });
      assertEq(await big.count(), 3, "three Big objects survive in the cache");
      await big.first().click();
      const panel = page.locator("#inspector");
      await panel.waitFor();
      const lines = await panel.locator(".why li").allTextContents();
      assert(lines.length >= 1, "at least one path is shown");
      assert(
        lines.some((l) => l.includes("reachable as") && /cache\[['"]a['"]\]/.test(l)),
        `the first Big is reachable through cache['a']: ${JSON.stringify(lines)}`,
      );
      const title = await panel.locator(".inspected").textContent();
      assert(/Big #\d+/.test(title), `the panel names the object: ${title}`);
      await panel.getByRole("button", { name: "Close" }).click();
      assertEq(await page.locator("#inspector").count(), 0, "Close hides the panel");
    },
  },
  {
    name: "a garbage cycle is explained as kept alive only by itself",
    async run(page, { url }) {
      await openWithCode(page, url, CYCLE);
      await run(page);
      // Step until the self-cycle is unreachable garbage, just before gc.collect().
      for (let i = 0; i < 40; i++) {
        if (await page.locator("#diagram .obj.garbage").count()) break;
        await page.click("#forward");
      }
      const ghost = page.locator("#diagram .obj.garbage").first();
      await ghost.click();
      const lines = await page.locator("#inspector .why li").allTextContents();
      assert(
        lines.some((l) => /unreachable: only the cycle keeps it alive/.test(l)),
        `the inspector says only the cycle holds it: ${JSON.stringify(lines)}`,
      );
    },
  },
  {
    name: "the memory chart grows with the cache and jumps to the step clicked",
    async run(page, { url }) {
      await openWithCode(page, url, LEAK);
      await run(page);
      const caption = () => page.locator("#memory-chart .now").textContent();
      const count = async () => Number(/(\d+) live objects/.exec(await caption())[1]);
      const first = await count();
      await page.locator("#diagram").click({ position: { x: 5, y: 5 } });
      const total = await goToEnd(page);
      const last = await count();
      // Three Big objects, each with its list, plus the cache and functions.
      assert(last >= first + 6, `live objects grow from ${first} to at least ${first + 6}: ${last}`);
      const label = await page.locator("#memory-chart svg").getAttribute("aria-label");
      assert(label.includes(`${last} live objects`), `the chart has a text equivalent: ${label}`);
      await page.locator("#memory-chart rect.hit").first().click();
      const { step } = await stepLabel(page);
      assertEq(step, 1, `clicking the chart's first column goes to step 1 (from ${total})`);
    },
  },
];
