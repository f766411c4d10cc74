// Badges a learner sees are CPython 3.13's where only a running frame or the collector
// holds the reference (issue 17). Expected values are CPython 3.13.0's, run by hand on
// these programs: the output lines are what it printed, the badges what
// `sys.getrefcount(x) - 1` gave at the same line.
import { openWithCode, run, forwardUntil, assert, assertEq } from "./lib.mjs";

// CPython 3.13 prints "after: 2": the dead weakref still holds its callback, because the
// collector cleared the referent but not `wr_callback`.
const KEPT_CALLBACK = `import gc, sys, weakref
gc.disable()
class Node:
    pass
a = Node()
a.me = a
def cb(ref):
    print("in callback:", sys.getrefcount(cb) - 1)
probe = weakref.ref(a, cb)
del a
gc.collect()
print("after:", sys.getrefcount(cb) - 1)
`;

// An unnamed @contextmanager keeps its generator, and so the generator's `name`, alive
// while the with body runs: CPython counts 'db' 3 times (the literal, c.name, the frame).
const CONTEXT_MANAGER = `from contextlib import contextmanager
class Conn:
    def __init__(self, name):
        self.name = name
@contextmanager
def connect(name):
    yield Conn(name)
with connect("db") as c:
    print("using", c.name)
print("done")
`;

/** The badge of the heap box whose summary reads exactly `summary`. */
async function badgeOf(page, summary) {
  const box = page.locator("#diagram .obj:not(.ghost)").filter({
    has: page.locator(".summary", { hasText: new RegExp(`^${summary.replace(/[()<>[\]']/g, "\\$&")}$`) }),
  });
  assertEq(await box.count(), 1, `one box reading ${summary}`);
  return { box, badge: (await box.locator(".badge").textContent()).trim() };
}

export const tests = [
  {
    name: "a weakref the collector cleared still holds its callback, as in CPython",
    async run(page, { url }) {
      await openWithCode(page, url, KEPT_CALLBACK);
      await run(page);
      await forwardUntil(page, "print(\"after:\"");
      const out = await page.locator("#output .stdout").innerText();
      assert(out.includes("in callback: 3"), `the callback's own count inside the call, CPython's 3: ${out}`);
      const weak = await badgeOf(page, "<weakref; dead>");
      const refs = await weak.box.locator(".refs").innerText();
      assert(/callback/.test(refs), `the dead weakref's callback edge is drawn: ${refs}`);
      const fn = await badgeOf(page, "<function cb>");
      assertEq(fn.badge, "2", "cb is held by its name and the dead weakref");
      await page.keyboard.press("End");
      const end = await page.locator("#output .stdout").innerText();
      assert(end.includes("after: 2"), `getrefcount agrees with the badge: ${end}`);
    },
  },
  {
    name: "an unnamed @contextmanager's generator frame counts for its argument",
    async run(page, { url }) {
      await openWithCode(page, url, CONTEXT_MANAGER);
      await run(page);
      await forwardUntil(page, "print(\"using\"");
      const db = await badgeOf(page, "'db'");
      assertEq(db.badge, "3", "'db' inside the with body (CPython 3.13: 3)");
    },
  },
];
