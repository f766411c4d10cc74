// Offline (issue 6): after one visit, with Chromium's network emulation off, the page
// loads, its lessons are listed, and code runs.
import { openWithCode, run, assert } from "./lib.mjs";

export const tests = [
  {
    name: "after one visit the playground loads, lists its lessons and runs code with the network off",
    async run(_page, { url, context: shared }) {
      // Its own context: the runner blocks service workers everywhere else.
      const context = await shared.browser().newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "allow" });
      try {
        const page = await context.newPage();
        await page.goto(url);
        // The page registers the worker once Python is ready (src/hooks/offline.rs).
        await page.evaluate(() => navigator.serviceWorker.ready);
        // The worker controls pages loaded after it activated (it never takes over a page).
        await page.reload();
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
        await context.setOffline(true);
        await openWithCode(page, url, "data = {'k': [1, 2]}\nalias = data['k']\nprint(len(alias))\n");
        await run(page);
        await page.click("#last");
        await page.waitForFunction(() => (document.querySelector("#output")?.textContent || "").includes("2"), null, { timeout: 10000 })
          .catch(async () => assert(false, `ran offline: ${await page.locator("#output").textContent()} at ${await page.locator("#step-label").textContent()}`));
        await page.goto(url + "#lesson/reference-cycles");
        await page.locator(".lesson-panel").filter({ hasText: /cycle/i }).first().waitFor({ timeout: 30000 });
        const cached = await page.evaluate(() => fetch("lessons/index.json").then((r) => r.ok, () => false));
        assert(cached, "a lesson file from the cache");
      } finally {
        await context.close();
      }
    },
  },
];
