// Helpers shared by the browser tests: load the page with given code, run, step.
export const CODE_KEY = "refscope:code:scratch";

/** Opens the playground with `code` as the saved scratch-pad code, as a returning learner. */
export async function openWithCode(page, url, code) {
  await page.goto(url);
  await page.evaluate(([k, c]) => localStorage.setItem(k, c), [CODE_KEY, code]);
  await page.reload();
  await page.locator(".cm-content").waitFor();
}

/** Waits for the VM, presses Run and waits until a trace is shown. */
export async function run(page, { timeout = 60000 } = {}) {
  await page.locator("#run:not([disabled])").waitFor({ timeout });
  await page.click("#run");
  await page.waitForFunction(() => /step 1 of [1-9]/.test(document.querySelector("#step-label")?.textContent || ""), null, { timeout });
}

/** "step N of M" as numbers. */
export async function stepLabel(page) {
  const text = await page.locator("#step-label").textContent();
  const m = /step (\d+) of (\d+)/.exec(text);
  if (!m) throw new Error(`unexpected step label: ${text}`);
  return { step: Number(m[1]), total: Number(m[2]) };
}

/** Presses Forward until the narration mentions `text` (the line about to run). */
export async function forwardUntil(page, text, maxSteps = 200) {
  for (let i = 0; i < maxSteps; i++) {
    const narration = (await page.locator("#narration").textContent()) || "";
    if (narration.includes(text)) return;
    await page.click("#forward");
  }
  throw new Error(`never reached a step whose narration mentions ${JSON.stringify(text)}`);
}

/** The heap object boxes whose text contains `text`. */
export function objects(page, text) {
  return page.locator("#diagram .obj:not(.ghost)", { hasText: text });
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function assertEq(actual, expected, message) {
  if (actual !== expected) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
