// The page fits the screen it is on (issue 20): at 1920×1080, 1280×800, 1024×768 (also in
// projector mode) and 390×844, stepping through lesson 11 and a program whose heap is
// wider than the panel, at every step: no control off screen, no horizontal scroll, the
// narration, diagram and output never overlap, every badge inside its box, what the step
// acts on inside the visible part of the diagram, and the newest output line in view.
// A screenshot of each size is kept (screenshots/viewport-*.png).
import { openWithCode, run, assert } from "./lib.mjs";

const SIZES = [
  { w: 1920, h: 1080 },
  { w: 1280, h: 800 },
  { w: 1024, h: 768 },
  { w: 1280, h: 800, projector: true },
  { w: 1024, h: 768, projector: true },
  { w: 390, h: 844, phone: true },
];

// Nine objects side by side and a late one far right and below: the diagram must scroll.
const WIDE = `row = [[i] for i in range(9)]
for i in range(12):
    print("line", i)
names = {k: [k] for k in "abcdefgh"}
late = ["far", "away"]
names["z"] = late
del row
print("done")
`;

/** Everything the page must be true of at the step on screen; returns the failures. */
function geometry({ phone }) {
  const out = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const rect = (el) => el.getBoundingClientRect();
  if (document.documentElement.scrollWidth > vw + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  const shown = (el) => {
    const r = rect(el);
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  for (const el of document.querySelectorAll(".topbar button, .topbar select, .controls button, .controls select, .controls input")) {
    if (!shown(el)) continue;
    const r = rect(el);
    const inside = r.left >= -0.5 && r.right <= vw + 0.5;
    const onScreen = el.closest(".topbar") && phone ? true : r.top >= -0.5 && r.bottom <= vh + 0.5;
    if (!inside || !onScreen) out.push(`control off screen: ${el.id || el.textContent.trim()} at ${Math.round(r.left)},${Math.round(r.top)}`);
  }
  const boxes = ["#narration", "#diagram", "#output"].map((s) => [s, document.querySelector(s)]).filter(([, e]) => e && shown(e));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = rect(boxes[i][1]);
      const b = rect(boxes[j][1]);
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) out.push(`${boxes[i][0]} overlaps ${boxes[j][0]}`);
    }
  }
  for (const box of document.querySelectorAll("#diagram .obj")) {
    const b = box.querySelector(".badge");
    if (!b) continue;
    const r = rect(box);
    const br = rect(b);
    if (br.right > r.right + 0.5 || br.left < r.left - 0.5 || br.width < 10) out.push(`badge outside #${box.dataset.id}`);
    // The change chip ("▼ 3→1") is what the step did to this box: it is read whole, and
    // the type name (whole in its tooltip and the inspector) gives way first.
    const chip = box.querySelector(".obj-head .tag");
    if (chip && chip.scrollWidth > chip.clientWidth + 0.5) out.push(`chip cut short in #${box.dataset.id}: ${chip.textContent}`);
  }
  const diagram = document.querySelector("#diagram");
  if (diagram && !diagram.classList.contains("empty")) {
    const d = rect(diagram);
    // client* are in the element's own pixels, the rectangle in the page's (projector
    // mode zooms the pane).
    const z = d.width / diagram.offsetWidth;
    const view = { left: d.left + diagram.clientLeft * z, top: d.top + diagram.clientTop * z };
    view.right = view.left + diagram.clientWidth * z;
    view.bottom = view.top + diagram.clientHeight * z;
    const acted = [...document.querySelectorAll("#diagram .obj.new, #diagram .obj.rc-up, #diagram .obj.rc-down, #diagram .ghost")];
    const whole = (r) => r.left >= view.left - 1 && r.right <= view.right + 1 && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    if (acted.length && !acted.some((e) => whole(rect(e)))) out.push(`none of the ${acted.length} boxes this step acts on is in view`);
    if (!phone && diagram.clientHeight < 240) out.push(`diagram squeezed to ${diagram.clientHeight}px`);
  }
  const narration = document.querySelector("#narration");
  if (narration && rect(narration).height > 220) out.push(`narration ${Math.round(rect(narration).height)}px tall`);
  const stdout = document.querySelector("#output .stdout");
  if (stdout && stdout.scrollHeight - stdout.clientHeight - stdout.scrollTop > 2) out.push("the newest output line is scrolled out of its box");
  if (stdout && !phone && stdout.textContent.trim()) {
    const r = rect(stdout);
    if (r.bottom > vh + 0.5 || r.top < 0) out.push(`the output is off screen (${Math.round(r.top)}..${Math.round(r.bottom)})`);
  }
  return out;
}

async function walk(page, size, steps) {
  const failures = [];
  for (let i = 0; i < steps; i++) {
    const label = (await page.locator("#step-label").textContent()) || "";
    for (const f of await page.evaluate(geometry, { phone: !!size.phone })) failures.push(`${label}: ${f}`);
    if (await page.locator("#question-skip").count()) await page.click("#question-skip");
    const m = /step (\d+) of (\d+)/.exec(label);
    if (!m || m[1] === m[2]) break;
    await page.click("#forward");
  }
  return failures;
}

async function setProjector(page, on) {
  const pressed = (await page.locator("#projector").getAttribute("aria-pressed")) === "true";
  if (pressed !== on) await page.click("#projector");
}

export const tests = SIZES.map((size) => ({
  name: `viewport ${size.w}×${size.h}${size.projector ? " projector" : ""}: controls on screen, no overlap, badges in boxes, the action in view`,
  async run(page, { url, shots }) {
    await page.setViewportSize({ width: size.w, height: size.h });
    const tag = `${size.w}x${size.h}${size.projector ? "-projector" : ""}`;
    await page.goto(url + "#lesson/generators-versus-lists");
    await setProjector(page, !!size.projector);
    await run(page);
    const changed = await page.locator(".side-pane", { hasText: "You changed the code" }).count();
    assert(changed === 0, "the lesson's own code was recorded (Run waits until it is on screen)");
    const failures = await walk(page, size, 45);
    if (size.projector) {
      const lessonInView = await page.evaluate(() => {
        // The lesson's opening paragraph, wholly on screen.
        const p = document.querySelector(".side-pane p");
        const r = p?.getBoundingClientRect();
        return !!r && r.top >= 0 && r.bottom <= window.innerHeight;
      });
      if (!lessonInView) failures.push("projector: the lesson's text is not on screen with the diagram");
    }
    await page.screenshot({ path: `${shots}viewport-${tag}.png` });
    await openWithCode(page, url, WIDE);
    await setProjector(page, !!size.projector);
    await run(page);
    failures.push(...(await walk(page, size, 80)));
    await page.screenshot({ path: `${shots}viewport-${tag}-wide.png` });
    await setProjector(page, false);
    assert(failures.length === 0, `${failures.length} failures:\n  ${failures.slice(0, 12).join("\n  ")}`);
  },
}));
