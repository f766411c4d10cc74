// Runs every `*.test.mjs` in this directory against the built site in headless Chromium.
//
// Environment: REFSCOPE_URL (the served site, set by `cargo xtask test`), CHROMIUM (the
// browser binary; Debian's, never a downloaded one). A test file exports `tests`, a list
// of {name, run(page, ctx)}; each test gets a fresh browser context (fresh storage)
// unless it asks for ctx.newPage itself. Exit code 1 if any test fails.
import { chromium } from "playwright-core";
import { readdirSync, mkdirSync } from "node:fs";

const url = process.env.REFSCOPE_URL || "http://127.0.0.1:8000/";
const only = process.argv[2] || "";
const shots = new URL("./screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage"],
});

let failed = 0;
let passed = 0;
const files = readdirSync(new URL(".", import.meta.url)).filter((f) => f.endsWith(".test.mjs")).sort();
for (const file of files) {
  const { tests } = await import(`./${file}`);
  for (const test of tests) {
    const name = `${file.replace(".test.mjs", "")}: ${test.name}`;
    if (only && !name.includes(only)) continue;
    // Service workers are blocked except where a test asks for them (the offline test):
    // the app registers one a few seconds after Python is ready, and whether a page is
    // then controlled by it depends on timing, which made loads in unrelated tests hang
    // now and then under Playwright (a subresource of a page the worker had just taken
    // over never finished).
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Requests still open when a test fails are printed with the failure: a hung load
    // says which file it waited for.
    const open = new Set();
    context.on("request", (r) => open.add(r));
    context.on("requestfinished", (r) => open.delete(r));
    context.on("requestfailed", (r) => open.delete(r));
    const started = Date.now();
    try {
      await test.run(page, { url, context, shots, errors });
      if (errors.length) throw new Error(`uncaught page errors: ${errors.join("; ")}`);
      passed++;
      console.log(`ok    ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${name}\n      ${String(e && e.stack ? e.stack : e).split("\n").slice(0, 6).join("\n      ")}`);
      for (const r of open) console.log(`      still open: ${r.method()} ${r.url()}${r.serviceWorker() ? " (from the service worker)" : ""}`);
      await page.screenshot({ path: `${shots}FAIL-${name.replace(/\W+/g, "_")}.png` }).catch(() => {});
    }
    await context.close();
  }
}
await browser.close();
console.log(`\nbrowser tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
