// The keyboard never edits the code by accident (issue 20): Tab moves focus out of the
// editor unless the learner chose "Tab indents" (remembered), and the editor says how to
// indent either way.
import { openWithCode, assert, assertEq } from "./lib.mjs";

const CODE = "x = 1\nprint(x)\n";

export const tests = [
  {
    name: "Tab leaves the editor without typing; 'Tab key indents' makes it indent, and is remembered",
    async run(page, { url }) {
      await openWithCode(page, url, CODE);
      const keys = page.locator("#editor-keys");
      await keys.waitFor();
      assert((await keys.textContent()).includes("Ctrl+]"), `the editor says how to indent: ${await keys.textContent()}`);
      const before = await page.locator(".cm-content").innerText();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+Home");
      await page.keyboard.press("Tab");
      assertEq(await page.locator(".cm-content").innerText(), before, "Tab typed nothing");
      const inEditor = () => page.evaluate(() => !!document.activeElement?.closest(".cm-editor"));
      assertEq(await inEditor(), false, "Tab moved focus out of the editor");
      await page.locator("#tab-indents").check();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+Home");
      await page.keyboard.press("Tab");
      assert((await page.locator(".cm-content").innerText()).startsWith("    x = 1"), "with the choice made, Tab indents");
      assert((await keys.textContent()).includes("Esc then Tab"), "and the hint says how to leave");
      await page.reload();
      await page.locator("#editor-keys").waitFor();
      assertEq(await page.locator("#tab-indents").isChecked(), true, "the choice is remembered");
    },
  },
];

// After Ctrl+Enter in the editor, ← and → step through the run (issue 20): the keyboard
// moves to the step controls; the code is untouched and clicking it edits again.
tests.push({
  name: "Ctrl+Enter in the editor runs, then → and ← step without touching the code",
  async run(page, { url }) {
    await openWithCode(page, url, "a = [1]\nb = a\nc = 3\nprint(a, b, c)\n");
    await page.locator("#run:not([disabled])").waitFor({ timeout: 60000 });
    await page.locator(".cm-content").click();
    const before = await page.locator(".cm-content").innerText();
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout: 60000 });
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowLeft");
    const label = await page.locator("#step-label").textContent();
    assert(/^step 3 of \d+/.test(label.trim()), `→ → → ← stepped to the third step: ${label}`);
    assertEq(await page.locator(".cm-content").innerText(), before, "the arrows did not touch the code");
    const inEditor = await page.evaluate(() => !!document.activeElement?.closest(".cm-editor"));
    assertEq(inEditor, false, "the keyboard left the editor");
    await page.locator(".cm-content").click();
    await page.keyboard.press("End");
    await page.keyboard.type("  # edited");
    assert((await page.locator(".cm-content").innerText()).includes("# edited"), "clicking the code edits it again");
  },
});
