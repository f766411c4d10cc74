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
