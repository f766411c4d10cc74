// Accessibility audit (issue 6): axe-core (npm) on the main views, in light and dark, with
// a trace on screen. Zero serious or critical violations.
import { createRequire } from "node:module";
import { run, assert } from "./lib.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe's serious and critical violations on the page as it is, as readable lines. */
async function audit(page) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""}`);
  });
  return violations;
}

export const tests = [
  {
    name: "axe-core finds no serious or critical violations on the lesson, scratch pad, embed and dark views",
    async run(_page, { url, context }) {
      // axe is injected as a script, which the page's CSP (rightly) forbids: this context
      // alone bypasses it.
      const audited = await context.browser().newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, serviceWorkers: "block" });
      const problems = [];
      try {
        const page = await audited.newPage();
        const views = [
          ["lesson", url + "#lesson/reference-cycles", "light"],
          ["scratch pad", url + "#", "light"],
          ["scratch pad, dark", url + "#", "dark"],
          ["lesson, dark", url + "#lesson/weakrefs-break-cycles", "dark"],
          ["embed", url + "?embed&editor=readonly#lesson/names-and-objects", "light"],
        ];
        for (const [name, address, scheme] of views) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(address);
          await page.reload();
          await page.locator(".cm-content, #diagram").first().waitFor();
          if (name.startsWith("scratch")) await run(page);
          else await page.locator("#step-label").filter({ hasText: /of [1-9]/ }).waitFor({ timeout: 60000 });
          await page.keyboard.press("ArrowRight");
          await page.keyboard.press("ArrowRight");
          for (const v of await audit(page)) problems.push(`${name}: ${v}`);
        }
      } finally {
        await audited.close();
      }
      assert(problems.length === 0, `axe violations:\n${problems.join("\n")}`);
    },
  },
];
