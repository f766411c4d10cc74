// Smoke test of the built bundle (../dist/editor.js) in real headless Chromium,
// driven by playwright-core (no bundled browser: it uses the system Chromium,
// /usr/bin/chromium or $REFSCOPE_CHROMIUM). Exits non-zero on any failure.
//   node build.mjs && node smoke.mjs [screenshot.png]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = readFileSync(path.join(here, '..', 'dist', 'editor.js'), 'utf8');
const shot = process.argv[2] ?? '/tmp/editor.png';

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${e.message}`);
  }
}
function eq(actual, expected, what = 'value') {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.REFSCOPE_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pageErrors = [];
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; padding: 16px; font: 15px system-ui, sans-serif; background: #f6f8fa; }
    .ed { height: 240px; border: 1px solid #d0d7de; }
  </style></head><body><div id="ed" class="ed"></div></body></html>`);
  await page.addScriptTag({ content: bundle, type: 'module' });
  await page.waitForFunction(() => window.RefscopeEditor?.create);

  await page.evaluate(() => {
    window.log = { changes: [], runs: 0 };
    window.ed = window.RefscopeEditor.create(document.getElementById('ed'), {
      doc: '', readOnly: false, label: 'Program',
      onChange: (d) => {
        window.log.changes.push(d);
        // A host that re-checks the program on every change calls straight back.
        if (window.reenter) window.ed.setError(d.split('\n').length, 1, `${d.length} chars`);
      },
      onRun: () => { window.log.runs++; },
    });
  });
  const doc = () => page.evaluate(() => window.ed.getDoc());
  const changes = () => page.evaluate(() => window.log.changes);
  const lineClasses = () => page.$$eval('#ed .cm-line', (ls) => ls.map((l) => l.className));

  await check('content has aria-label', async () => {
    eq(await page.getAttribute('#ed .cm-content', 'aria-label'), 'Program', 'aria-label');
  });

  const typed = 'def f(x):\n    return x';
  await check('typing, auto-indent after ":", onChange', async () => {
    await page.click('#ed .cm-content');
    await page.keyboard.type('def f(x):');
    await page.keyboard.press('Enter');
    await page.keyboard.type('return x');
    eq(await doc(), typed, 'getDoc');
    eq((await changes()).at(-1), typed, 'last onChange');
  });

  await check('undo (Control+z), redo (Control+Shift+Z, Control+y)', async () => {
    await page.keyboard.press('Control+z');
    if (await doc() === typed) throw new Error('undo changed nothing');
    // Capital Z: a real keyboard reports key "Z" with Shift held, and CodeMirror
    // matches on that; Playwright's "Shift+z" would send a lower-case "z".
    await page.keyboard.press('Control+Shift+Z');
    eq(await doc(), typed, 'after Control+Shift+Z');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    eq(await doc(), typed, 'after Control+y');
  });

  await check('Control+Enter calls onRun and inserts nothing', async () => {
    await page.keyboard.press('Control+Enter');
    eq(await page.evaluate(() => window.log.runs), 1, 'runs');
    eq(await doc(), typed, 'getDoc');
  });

  await check('setDoc replaces text without calling onChange', async () => {
    const before = (await changes()).length;
    await page.evaluate(() => window.ed.setDoc('x = 1\ny = 2\nz = 3\nprint(x)'));
    eq(await doc(), 'x = 1\ny = 2\nz = 3\nprint(x)', 'getDoc');
    eq((await changes()).length, before, 'onChange calls');
  });

  await check('Tab leaves the editor until Tab indents is chosen; Ctrl+] indents', async () => {
    await page.evaluate(() => window.ed.focus());
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Tab');
    eq((await doc()).split('\n')[0], 'x = 1', 'Tab typed nothing');
    eq(await page.evaluate(() => !!document.activeElement?.closest('.cm-editor')), false, 'focus left the editor');
    await page.evaluate(() => window.ed.focus());
    await page.keyboard.press('Control+BracketRight');
    eq((await doc()).split('\n')[0], '    x = 1', 'after Ctrl+]');
    await page.keyboard.press('Control+BracketLeft');
    eq((await doc()).split('\n')[0], 'x = 1', 'after Ctrl+[');
  });

  await check('with Tab indents chosen, Tab indents and Shift+Tab dedents', async () => {
    await page.evaluate(() => { window.ed.setTabIndents(true); window.ed.focus(); });
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Tab');
    eq((await doc()).split('\n')[0], '    x = 1', 'after Tab');
    await page.keyboard.press('Shift+Tab');
    eq((await doc()).split('\n')[0], 'x = 1', 'after Shift+Tab');
    await page.evaluate(() => window.ed.setTabIndents(false));
  });

  await check('setStepLines(2, 3) marks lines 2 and 3', async () => {
    await page.evaluate(() => window.ed.setStepLines(2, 3));
    const cls = await lineClasses();
    const cur = cls.flatMap((c, i) => (c.includes('rs-line-current') ? [i + 1] : []));
    const next = cls.flatMap((c, i) => (c.includes('rs-line-next') ? [i + 1] : []));
    eq(cur, [2], 'current lines');
    eq(next, [3], 'next lines');
    await page.evaluate(() => window.ed.setStepLines(0, 0));
    if ((await lineClasses()).some((c) => /rs-line-(current|next)/.test(c))) {
      throw new Error('setStepLines(0, 0) left a marker');
    }
  });

  await check('setError(1, 5, "invalid syntax") marks and explains; clearError removes', async () => {
    await page.evaluate(() => window.ed.setDoc('def f(x)\n    return x'));
    await page.evaluate(() => window.ed.setError(1, 5, 'invalid syntax'));
    eq(await page.textContent('#ed .rs-error-mark'), 'f(x)', 'underlined text');
    eq(await page.textContent('#ed .rs-error-msg'), 'invalid syntax', 'message');
    const cls = await lineClasses();
    eq([cls[0].includes('rs-line-error'), cls[1].includes('rs-line-error')], [true, false], 'line class');
    const deco = await page.$eval('#ed .rs-error-mark', (e) => getComputedStyle(e).textDecorationStyle);
    eq(deco, 'wavy', 'underline style');
    await page.evaluate(() => window.ed.clearError());
    eq(await page.$$eval('#ed .rs-error-mark, #ed .rs-error-msg, #ed .rs-line-error', (e) => e.length),
      0, 'markers left after clearError');
  });

  await check('Python highlighting, with colours from CSS variables', async () => {
    await page.evaluate(() => window.ed.setDoc('def f(x):\n    return len(x)  # hi'));
    const colourOf = (text) => page.$$eval('#ed .cm-content span', (spans, t) => {
      const s = spans.find((e) => e.textContent === t);
      return s ? getComputedStyle(s).color : null;
    }, text);
    eq(await colourOf('def'), 'rgb(207, 34, 46)', 'keyword fallback colour');
    eq(await colourOf('len'), 'rgb(149, 56, 0)', 'builtin fallback colour');
    await page.evaluate(() => document.getElementById('ed').style.setProperty('--rs-tok-keyword', 'rgb(1, 2, 3)'));
    eq(await colourOf('def'), 'rgb(1, 2, 3)', 'keyword colour from --rs-tok-keyword');
  });

  await check('setReadOnly blocks typing and sets aria-readonly', async () => {
    const before = await doc();
    await page.evaluate(() => window.ed.setReadOnly(true));
    await page.evaluate(() => window.ed.focus());
    await page.keyboard.type('zzz');
    eq(await doc(), before, 'getDoc while read-only');
    eq(await page.getAttribute('#ed .cm-content', 'aria-readonly'), 'true', 'aria-readonly');
    await page.evaluate(() => window.ed.setReadOnly(false));
    await page.keyboard.press('Control+End');
    await page.keyboard.type('!');
    eq(await doc(), `${before}!`, 'getDoc after setReadOnly(false)');
  });

  await check('setStepLines scrolls only when the line is off-screen', async () => {
    const long = Array.from({ length: 200 }, (_, i) => `x${i + 1} = ${i + 1}`).join('\n');
    await page.evaluate((d) => window.ed.setDoc(d), long);
    const scrollTop = () => page.$eval('#ed .cm-scroller', (s) => s.scrollTop);
    eq(await scrollTop(), 0, 'scrollTop after setDoc');
    await page.evaluate(() => window.ed.setStepLines(150, 151));
    await page.waitForTimeout(100); // scrolling happens in the next measure cycle
    const inView = await page.$eval('#ed .cm-scroller', (s) => {
      const line = s.querySelector('.rs-line-current');
      if (!line) return false;
      const a = s.getBoundingClientRect();
      const b = line.getBoundingClientRect();
      return line.textContent === 'x150 = 150' && b.top >= a.top && b.bottom <= a.bottom;
    });
    eq(inView, true, 'line 150 visible');
    const top = await scrollTop();
    await page.evaluate(() => window.ed.setStepLines(151, 152));
    await page.waitForTimeout(100);
    eq(await scrollTop(), top, 'scrollTop after a step to a visible line');
  });

  await check('onChange may call back into the handle', async () => {
    await page.evaluate(() => { window.reenter = true; window.ed.focus(); });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('#');
    await page.evaluate(() => { window.reenter = false; });
    eq(await page.textContent('#ed .rs-error-msg'), `${(await doc()).length} chars`, 'message');
    await page.evaluate(() => window.ed.clearError());
  });

  await check('no page errors', async () => eq(pageErrors, [], 'errors'));

  await check('destroy removes the editor', async () => {
    await page.evaluate(() => window.ed.destroy());
    eq(await page.$$eval('#ed .cm-editor', (e) => e.length), 0, 'editors left');
  });

  // A picture for a person to look at: an editable light editor with a syntax
  // error beside a read-only dark one in the middle of a replay.
  await page.setViewportSize({ width: 1000, height: 340 });
  await page.evaluate(() => {
    document.body.innerHTML = `<div style="display:flex;gap:16px">
      <div id="a" class="ed" style="flex:1;height:auto"></div>
      <div id="b" class="ed" style="flex:1;height:auto;--rs-editor-bg:#0d1117;--rs-editor-fg:#e6edf3;
        --rs-editor-gutter:#8b949e;--rs-current-line:#3a3000;--rs-next-line:#d29922;--rs-error:#ff7b72;
        --rs-tok-keyword:#ff7b72;--rs-tok-string:#a5d6ff;--rs-tok-number:#79c0ff;
        --rs-tok-comment:#8b949e;--rs-tok-def:#d2a8ff;--rs-tok-builtin:#ffa657"></div></div>`;
    const program = [
      'import gc',
      '',
      'class Node:',
      '    def __init__(self, name):',
      '        self.name = name',
      '        self.other = None',
      '',
      'a = Node("a")',
      'b = Node("b")',
      'a.other, b.other = b, a  # a cycle',
      'del a, b',
      'print(len(gc.garbage), gc.collect(), 42)',
    ].join('\n');
    const a = window.RefscopeEditor.create(document.getElementById('a'),
      { doc: program.replace('def __init__(self, name):', 'def __init__(self, name)'), label: 'Program' });
    a.setError(4, 9, "expected ':'");
    const b = window.RefscopeEditor.create(document.getElementById('b'),
      { doc: program, readOnly: true, label: 'Program (replay)' });
    b.setStepLines(9, 10);
  });
  await page.screenshot({ path: shot });
  console.log(`screenshot: ${shot}`);
} finally {
  await browser.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
