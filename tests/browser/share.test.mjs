// Permalinks and the view switches (issue 6): "Copy link" restores code, lesson, step and
// view in a fresh browser; a damaged link says so and opens the scratch pad; the theme
// follows the system until switched; projector mode enlarges type and arrows.
import { openWithCode, run, stepLabel, assert, assertEq, CODE_KEY } from "./lib.mjs";

const INJECT = "<img src=x onerror=window.pwned=1>";

/** A 60-line program whose output depends on every line, with markup in a string. */
function sixtyLines() {
  const lines = [`s = "${INJECT}"`, "total = 0"];
  for (let i = 0; lines.length < 59; i++) lines.push(`total += ${i} * ${i % 7}  # ${INJECT.slice(0, 4)} step ${i}`);
  lines.push("print(total, s)");
  return lines.join("\n") + "\n";
}

function expectedTotal() {
  let t = 0;
  for (let i = 0; i < 57; i++) t += i * (i % 7);
  return t;
}

async function background(page) {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

/** Relative luminance of an `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export const tests = [
  {
    name: "Copy link restores code, step and view in a fresh browser, in under 2,000 characters, and never touches the learner's own code",
    async run(page, { url, context }) {
      const origin = new URL(url).origin;
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      const code = sixtyLines();
      await openWithCode(page, url, code);
      await run(page);
      for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
      assertEq((await stepLabel(page)).step, 41, "step before sharing");
      await page.selectOption("#theme", "dark");
      await page.click("#projector");
      await page.click("#copy-link");
      await page.locator(".share-done").waitFor();
      const link = page.url();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assertEq(copied, link, "the clipboard holds the address bar's link");
      assert(link.length < 2000, `a 60-line snippet's link is ${link.length} characters`);
      assert(link.includes("#link=1"), link);

      // A fresh browser (no storage) opens the link: same code, step and view.
      const fresh = await context.browser().newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
      try {
        const other = await fresh.newPage();
        const errors = [];
        other.on("pageerror", (e) => errors.push(String(e)));
        await other.goto(link);
        await other.waitForFunction(() => /step 41 of \d+/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
        await other.keyboard.press("End");
        const output = await other.locator("#output").textContent();
        assert(output.includes(`${expectedTotal()} ${INJECT}`), `the link's code ran as written: ${output}`);
        const view = await other.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.hasAttribute("data-projector")]);
        assertEq(JSON.stringify(view), JSON.stringify(["dark", true]), "theme and projector from the link");
        assert(await other.locator("#link-notice").isVisible(), "the page says it was opened from a link");
        assertEq(await other.evaluate(() => localStorage.getItem("refscope:code:scratch")), null, "the fresh browser's scratch pad is untouched");
        assertEq(await other.evaluate(() => window.pwned), undefined, "markup in code and output stays text");
        assertEq(await other.locator("#app img").count(), 0, "no element made from the link's code, output or values");
        const diagram = await other.locator("#diagram").textContent();
        assert(diagram.includes("<img src=x"), `the string value is drawn as text: ${diagram.slice(0, 300)}`);
        assertEq(errors.length, 0, `page errors: ${errors.join("; ")}`);

        // A learner with code of their own opens the link: their scratch pad survives,
        // edits to the link's code survive a reload, and "Leave the link" goes back.
        await other.goto(url);
        await other.evaluate(([k]) => localStorage.setItem(k, "mine = 'kept'\n"), [CODE_KEY]);
        await other.goto(link);
        await other.locator(".cm-content").waitFor();
        await other.waitForFunction(() => /step \d+ of \d+/.test(document.querySelector("#step-label")?.textContent || "") && !/of 0/.test(document.querySelector("#step-label").textContent), null, { timeout: 60000 });
        await other.locator(".cm-content").click();
        await other.keyboard.press("Control+End");
        await other.keyboard.type("edited = True\n");
        await other.reload();
        await other.locator(".cm-content").waitFor();
        await other.locator(".cm-content").click();
        await other.keyboard.press("Control+End");
        const after = await other.locator(".cm-content").textContent();
        assert(after.includes("edited = True"), `the edit to the link's code survived a reload: ${after.slice(-200)}`);
        assertEq(await other.evaluate(([k]) => localStorage.getItem(k), [CODE_KEY]), "mine = 'kept'\n", "the learner's scratch pad");
        await other.click("#link-notice a");
        await other.waitForFunction(() => document.querySelector(".cm-content")?.textContent.includes("mine = 'kept'"));
        assertEq(await other.locator("#link-notice").count(), 0, "no link notice on the learner's own scratch pad");
      } finally {
        await fresh.close();
      }
    },
  },
  {
    name: "a damaged or tampered link says what is wrong and opens the scratch pad, running nothing from it",
    async run(page, { url }) {
      const bad = [
        `#link=1&code=${encodeURIComponent("AAAA" + INJECT)}`,
        `#link=1&lesson=${encodeURIComponent(INJECT)}`,
        "#link=7&code=AAAA",
        "#link=1&step=-1",
      ];
      for (const hash of bad) {
        await page.goto(url + hash);
        await page.locator("#link-notice").waitFor();
        const notice = await page.locator("#link-notice").textContent();
        assert(/not valid|damaged|different version/.test(notice) && notice.includes("scratch pad"), `${hash}: ${notice}`);
        assert(!notice.includes("<img"), `${hash}: the notice repeats no markup: ${notice}`);
        await page.locator(".cm-content").waitFor();
        const editor = await page.locator(".cm-content").textContent();
        assert(editor.includes("class Node"), `${hash}: the scratch pad's code is open: ${editor.slice(0, 80)}`);
        assertEq(await page.evaluate(() => window.pwned), undefined, `${hash}: nothing ran`);
        assertEq(await page.locator("#app img").count(), 0, `${hash}: no element made from the link`);
      }
    },
  },
  {
    name: "the theme follows the system until switched, the switch survives a reload, and projector mode enlarges type and arrows at 1280×720",
    async run(page, { url }) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(url);
      await page.locator(".cm-content").waitFor();
      assert(luminance(await background(page)) < 0.1, `dark system, no choice: ${await background(page)}`);
      await page.selectOption("#theme", "light");
      assert(luminance(await background(page)) > 0.8, `light chosen: ${await background(page)}`);
      await page.reload();
      await page.locator(".cm-content").waitFor();
      assert(luminance(await background(page)) > 0.8, `light kept after a reload: ${await background(page)}`);
      await page.emulateMedia({ colorScheme: "light" });
      await page.selectOption("#theme", "dark");
      assert(luminance(await background(page)) < 0.1, `dark chosen on a light system: ${await background(page)}`);

      await openWithCode(page, url, "a = [1, 2]\nb = [a, a]\nprint(len(b))\n");
      await run(page);
      await page.keyboard.press("End");
      const lineHeight = () => page.evaluate(() => document.querySelector(".cm-line").getBoundingClientRect().height);
      const arrowWidth = () => page.evaluate(() => {
        const a = document.querySelector("#diagram .arrow:not(.new)");
        return a ? parseFloat(getComputedStyle(a).strokeWidth) : 0;
      });
      await page.locator("#diagram .arrow:not(.new)").first().waitFor();
      const normal = await lineHeight();
      const normalArrow = await arrowWidth();
      await page.click("#projector");
      assertEq(await page.getAttribute("#projector", "aria-pressed"), "true", "the toggle says it is on");
      const big = await lineHeight();
      const bigArrow = await arrowWidth();
      assert(big >= normal * 1.3, `code lines ${normal}px → ${big}px`);
      assert(normalArrow > 0 && bigArrow >= normalArrow * 1.9, `arrows ${normalArrow} → ${bigArrow}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the page is ${overflow}px wider than a 1280px projector`);
    },
  },
];

tests.push({
  name: "? opens the shortcut help, which holds the focus, lists the keys, and closes on Esc with the focus back",
  async run(page, { url }) {
    await page.goto(url);
    await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
    await page.focus("#run");
    await page.keyboard.press("?");
    await page.locator("#shortcut-help").waitFor();
    assertEq(await page.evaluate(() => document.activeElement.id), "close-help", "focus moves into the dialog");
    const text = await page.locator("#shortcut-help").textContent();
    for (const k of ["Ctrl+Enter", "Home", "End", "Space", "Play or pause"]) assert(text.includes(k), `the help lists ${k}: ${text}`);
    await page.keyboard.press("Tab");
    assertEq(await page.evaluate(() => document.activeElement.id), "close-help", "Tab stays inside the modal dialog");
    await page.keyboard.press("ArrowRight");
    assertEq(await page.evaluate(() => document.activeElement.id), "close-help", "keys pressed in the dialog stay there");
    await page.keyboard.press("Escape");
    assertEq(await page.locator("#shortcut-help").count(), 0, "Esc closes it");
    assertEq(await page.evaluate(() => document.activeElement.id), "run", "the focus is back where it was");
    await page.click("#open-help");
    await page.locator("#shortcut-help").waitFor();
    await page.click("#close-help");
    assertEq(await page.locator("#shortcut-help").count(), 0, "the Close button closes it");
  },
});
