// What the memory-debugging views' browser tests (profile, views) read off the page, and
// how they get to a run's last step.

// The last step of a run: End, then wait for the label to say so.
export async function toLastStep(page) {
  await page.keyboard.press("End");
  await page.waitForFunction(() => /step (\d+) of \1$/.test(document.querySelector("#step-label")?.textContent.trim() || ""));
}

export async function toLessonEnd(page) {
  // Skips a lesson's questions on the way: each stops stepping until answered or skipped.
  for (let i = 0; i < 12; i++) {
    if (await page.locator("#question-skip").count()) await page.click("#question-skip");
    await page.keyboard.press("End");
    const m = /step (\d+) of (\d+)/.exec((await page.locator("#step-label").textContent()) || "");
    if (m && m[1] === m[2] && !(await page.locator("#question-skip").count())) return;
  }
  throw new Error("never reached the last step");
}

export const madeBy = async (page) =>
  (await page.locator("#allocated-since > li summary").allTextContents()).map((t) => t.trim());

export async function deepSize(page) {
  const text = await page.locator("#deep-size").textContent();
  const num = (re) => Number((re.exec(text) || [])[1]);
  return {
    text,
    counted: num(/Counted: (\d+) objects/),
    shallow: num(/getsizeof: (\d+) B/),
    reach: num(/asizeof\): (?:about )?(\d+) B/),
    only: num(/Only through it: (?:about )?(\d+) B/),
  };
}

export async function graphOf(page) {
  const graph = page.locator("#backrefs svg");
  await graph.waitFor();
  return {
    said: await graph.getAttribute("aria-label"),
    nodes: await graph.locator(".bk-node text").allTextContents(),
    edges: await graph.locator(".bk-edge text").allTextContents(),
    shortest: await graph.locator(".bk-edge.shortest").count(),
    // Labels and boxes the drawing cuts off at its right edge.
    clipped: await graph.evaluate((svg) => {
      const w = Number(svg.getAttribute("width"));
      return [...svg.querySelectorAll("text")].filter((t) => { const b = t.getBBox(); return b.x + b.width > w + 0.5; }).map((t) => t.textContent);
    }),
  };
}

export const boxOfType = (page, type) =>
  page.locator("#diagram .obj").filter({ has: page.locator(".type", { hasText: new RegExp(`^${type}$`) }) });
