// Embed mode (issue 6): www/embed-example.html embeds two snippets; each iframe shows the
// minimal chrome, honours its parameters and reports its height to the parent page.
import { assert, assertEq } from "./lib.mjs";

async function recorded(frame) {
  await frame.locator("#step-label").waitFor({ timeout: 60000 });
  await frame.locator("#step-label").filter({ hasText: /of [1-9]/ }).waitFor({ timeout: 60000 });
}

export const tests = [
  {
    name: "the example page embeds two snippets: minimal chrome, read-only or hidden editor, start step, autoplay, and heights sent to the parent",
    async run(page, { url, shots }) {
      await page.goto(url + "embed-example.html");
      const one = page.frameLocator("#aliasing");
      const two = page.frameLocator("#cycle");
      await recorded(one);
      await recorded(two);

      // Autoplay at 2×: the first one moves on by itself and reaches the end.
      const oneFrame = page.frames().find((f) => f.url().includes("editor=readonly"));
      await oneFrame.waitForFunction(() => {
        const m = /step (\d+) of (\d+)/.exec(document.querySelector("#step-label")?.textContent || "");
        return m && m[1] === m[2];
      }, null, { timeout: 30000 });
      const output = await one.locator("#output").textContent();
      assert(output.includes("[1, 2, 3, 4]"), `output: ${output}`);
      assertEq(await one.locator("#copy-link").count(), 0, "no share tools in an embed");
      assertEq(await one.locator(".side-pane").count(), 0, "no lesson pane in an embed");
      assertEq(await one.locator("#speed").inputValue(), "fast", "speed=fast");
      assert(await one.locator(".open-full").getAttribute("href").then((h) => h.startsWith("./#link=1")), "the brand opens the same code in the playground");
      assertEq(await one.locator("#reset-code").count(), 0, "no reset link on a read-only editor");
      // Read-only: typing changes nothing.
      const before = await one.locator(".cm-content").textContent();
      await one.locator(".cm-content").click();
      await page.keyboard.type("zzz");
      assertEq(await one.locator(".cm-content").textContent(), before, "the read-only editor kept its code");

      // The second: no editor, and it starts at the link's step (3rd).
      assertEq(await two.locator(".cm-editor").count(), 0, "editor=hidden");
      // With no side pane, "Why is this alive?" opens under the replay: the first list's
      // holders, drawn as a graph.
      await one.locator("#diagram .obj").filter({ has: one.locator(".type", { hasText: /^list$/ }) }).first().click();
      await one.locator("#inspector").waitFor();
      const holders = await one.locator("#backrefs svg").getAttribute("aria-label");
      assertEq(holders, "What refers to it: 1 object and 1 name. Shortest path: b → list #1.", "at the end only b holds the list");
      assert(await one.locator("#deep-size").isVisible(), "the deep size shows in the embed");
      assertEq((await one.locator("#memory-chart figcaption .now").textContent()).trim(), "1 live object, 88 bytes at this step", "one list of four slots");
      await page.locator("#aliasing").screenshot({ path: `${shots}embed-inspector.png` });
      await one.locator("#inspector-close").click();
      assertEq(await one.locator("#inspector").count(), 0, "closed");
      assert(/^step 3 of \d+/.test((await two.locator("#step-label").textContent()).trim()), await two.locator("#step-label").textContent());
      assertEq(await two.locator("#play").getAttribute("aria-pressed"), "false", "no autoplay without autoplay=1");
      // Nothing to run and no half-empty column (issue 20): the output sits under the
      // replay, as wide as the diagram.
      assertEq(await two.locator("#run").count(), 0, "no Run without the code");
      assertEq(await two.locator("#stop").count(), 0, "no Stop without the code");
      assertEq(await two.locator(".replay-pane #output").count(), 1, "the output is under the replay");
      const [outW, diaW] = await Promise.all([
        two.locator("#output").evaluate((e) => e.getBoundingClientRect().width),
        two.locator("#diagram").evaluate((e) => e.getBoundingClientRect().width),
      ]);
      assert(Math.abs(outW - diaW) <= 2, `output ${outW}px wide, diagram ${diaW}px`);

      // Each iframe was sized to the height its page reported.
      await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.style.height && f.style.height !== "420px"), null, { timeout: 20000 });
      for (const id of ["aliasing", "cycle"]) {
        const [outer, inner] = await page.evaluate((id) => {
          const f = document.getElementById(id);
          return [f.clientHeight, Math.ceil(f.contentDocument.body.getBoundingClientRect().height)];
        }, id);
        assert(Math.abs(outer - inner) <= 4, `${id}: iframe ${outer}px, content ${inner}px`);
        assert(inner < 1600, `${id}: the embed stays a sensible height: ${inner}px`);
      }
      assertEq(await page.locator("#aliasing").getAttribute("title"), "refscope: two names for one list", "the iframe has a title");
    },
  },
];
