// The playground end to end (issue 3): run, step, garbage, gc, badges, Stop, reload,
// syntax errors. Expected refcounts are CPython's (sys.getrefcount(x) - 1), checked
// against python3 when the test was written, not copied from refscope's output.
import { openWithCode, run, stepLabel, forwardUntil, objects, assert, assertEq } from "./lib.mjs";

const CYCLE = `import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


a = Node("a")
b = Node("b")
a.partner = b
b.partner = a
del a
del b
gc.collect()
print("collected")
`;

async function replaceCode(page, code) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  // insertText pastes verbatim, so the editor's auto-indent does not double the spaces.
  await page.keyboard.insertText(code);
}

async function badge(page, text) {
  return (await objects(page, text).first().locator(".badge").textContent()).trim();
}

export const tests = [
  {
    name: "the page paints and shows VM loading progress before Python is ready",
    async run(page, { url, context }) {
      // Hold the VM download back a little, as a slow network would.
      await context.route("**/refscope_worker_bg.wasm", async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await page.goto(url);
      await page.locator(".cm-content").waitFor();
      await page.locator("#run[disabled]").waitFor();
      const progress = page.locator("#vm-progress");
      await progress.waitFor({ timeout: 5000 });
      const label = await page.locator("#status").textContent();
      assert(/Loading Python/i.test(label), `the status says the VM is loading: ${label}`);
      // The editor already works while Python loads.
      await page.locator(".cm-content").click();
      await page.keyboard.type("# typed while loading");
      await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
      assertEq(await progress.count(), 0, "the progress bar is gone once Python is ready");
    },
  },
  {
    name: "a cycle becomes garbage at del and is freed by gc.collect()",
    async run(page, { url, shots }) {
      await openWithCode(page, url, CYCLE);
      await run(page);
      assertEq((await stepLabel(page)).step, 1, "a new trace starts at step 1");
      await forwardUntil(page, "del a");
      // Both Nodes are referenced by a name and by the other's .partner.
      assertEq(await badge(page, "'a'"), "2", "Node a's refcount before del a");
      await page.click("#forward");
      assertEq(await badge(page, "'a'"), "1", "Node a's refcount after del a");
      await forwardUntil(page, "gc.collect()");
      const garbage = page.locator("#diagram .obj.garbage");
      assertEq(await garbage.count(), 2, "both Nodes are cycle garbage after del b");
      const label = await page.locator("#diagram .cycle-label").first().textContent();
      assert(/garbage/i.test(label), `cycle label says garbage: ${label}`);
      await page.screenshot({ path: `${shots}cycle-garbage.png` });
      await forwardUntil(page, "print(");
      assertEq(await page.locator("#diagram .obj.garbage").count(), 0, "no garbage after gc.collect()");
      const ghosts = await page.locator("#diagram .ghost").allTextContents();
      assert(ghosts.some((t) => t.includes("collected by gc")), `a ghost says "collected by gc": ${ghosts}`);
    },
  },
  {
    name: "the refcount badge rises when a second name is bound",
    async run(page, { url }) {
      await openWithCode(page, url, "x = [1, 2]\ny = x\ndel x\nprint(y)\n");
      await run(page);
      await forwardUntil(page, "y = x");
      // Code in the narration is shown as code, not between literal backticks.
      assert(await page.locator("#narration code", { hasText: "y = x" }).count(), "narration code span");
      assert(!(await page.locator("#narration").textContent()).includes("`"), "no raw backticks");
      assertEq(await badge(page, "[1, 2]"), "1", "one name");
      await page.click("#forward");
      assertEq(await badge(page, "[1, 2]"), "2", "two names");
      await page.click("#forward");
      assertEq(await badge(page, "[1, 2]"), "1", "del x removes a name, not the list");
    },
  },
  {
    name: "a box stays the same element, keeping the keyboard focus, when an earlier object is freed",
    async run(page, { url }) {
      await openWithCode(page, url, "a = [1]\nb = [2]\nc = [3]\ndel a\nprint(len(b))\n");
      await run(page);
      await forwardUntil(page, "del a");
      // Boxes are matched by object id, not by position: freeing a (drawn before b)
      // must not rebuild b's box, or a learner's focus on it would be lost.
      await objects(page, "[2]").evaluate((el) => { el.keptAcrossSteps = true; el.focus(); });
      await page.keyboard.press("ArrowRight");
      await page.locator("#diagram .ghost", { hasText: "[1]" }).waitFor({ timeout: 5000 });
      assertEq(await objects(page, "[2]").evaluate((el) => el.keptAcrossSteps === true), true,
        "b's box is the element it was before the step");
      assertEq(await page.evaluate(() => document.activeElement?.querySelector(".summary")?.textContent), "[2]",
        "the keyboard focus is still on b's box");
    },
  },
  {
    name: "Stop ends a run stuck in C code and in while True, and Run works again",
    async run(page, { url }) {
      await openWithCode(page, url, "total = sum(range(10**12))\n");
      // Each loop step is slow here, so the step limit is far away when Stop is pressed.
      for (const code of [null, "while True:\n    x = sum(range(10**6))\n"]) {
        if (code) await replaceCode(page, code);
        await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
        await page.click("#run");
        await page.waitForTimeout(300);
        await page.click("#stop");
        await page.locator("#status", { hasText: /stopped/i }).waitFor({ timeout: 2000 });
      }
      // A fresh VM is loaded; the same page runs the next program.
      await replaceCode(page, "x = 41\nprint(x + 1)\n");
      await run(page);
      await page.click("#last");
      assert((await page.locator("#output").textContent()).includes("42"), "output shows 42");
    },
  },
  {
    name: "edited code survives a reload",
    async run(page, { url }) {
      await openWithCode(page, url, "x = 1\n");
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("print('kept after reload')");
      await page.waitForTimeout(300);
      await page.reload();
      await page.locator(".cm-content").waitFor();
      const text = await page.locator(".cm-content").textContent();
      assert(text.includes("print('kept after reload')"), `editor after reload: ${text}`);
    },
  },
  {
    name: "a syntax error is marked at its line with the message",
    async run(page, { url }) {
      await openWithCode(page, url, "x = 1\nif x\n    print(x)\n");
      await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
      await page.click("#run");
      await page.locator(".cm-line.rs-line-error").waitFor({ timeout: 30000 });
      const line = await page.locator(".cm-line.rs-line-error").textContent();
      assert(line.startsWith("if x") && line.includes("expected ':'"), `the marked line: ${line}`);
      const output = await page.locator("#output").textContent();
      assert(/SyntaxError/.test(output) && /line 2/.test(output), `output explains: ${output}`);
    },
  },
];
