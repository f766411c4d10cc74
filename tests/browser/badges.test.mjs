// A refcount badge is never pushed out of its box by a "NEW" or "▲ 2→3" chip (issue 20):
// long type names (ReferenceType, TextIOWrapper, generator) with a chip at every step.
import { openWithCode, run, assert } from "./lib.mjs";

const CODE = `import weakref
class Node:
    pass
def gen():
    yield 1
node = Node()
probe = weakref.ref(node)
other = probe
f = open("notes.txt", "w")
g = f
it = gen()
again = it
del other, g, again
f.close()
`;

export const tests = [
  {
    name: "every badge stays inside its box at every step, chips and long type names included",
    async run(page, { url, shots }) {
      await openWithCode(page, url, CODE);
      await run(page);
      const label = async () => (await page.locator("#step-label").textContent()) || "";
      let checked = 0;
      for (let i = 0; i < 40; i++) {
        const escaped = await page.evaluate(() => {
          const out = [];
          for (const box of document.querySelectorAll("#diagram .obj")) {
            const b = box.querySelector(".badge")?.getBoundingClientRect();
            const r = box.getBoundingClientRect();
            if (b && (b.right > r.right + 0.5 || b.left < r.left - 0.5 || b.width < 10)) {
              out.push(`${box.querySelector(".type")?.textContent} #${box.dataset.id}`);
            }
          }
          return out;
        });
        assert(escaped.length === 0, `badges outside their box at ${await label()}: ${escaped.join(", ")}`);
        checked += await page.locator("#diagram .obj .badge").count();
        if (i === 10) await page.screenshot({ path: `${shots}badges.png` });
        const at = /step (\d+) of (\d+)/.exec(await label());
        if (!at || at[1] === at[2]) break;
        await page.click("#forward");
      }
      assert(checked > 20, `badges checked: ${checked}`);
    },
  },
];
