// The browser shows what the native engine records: every corpus program, lesson, hostile
// program and introspection program, recorded by the real worker (www/worker.js and the
// wasm it loads, core or full), gives the digest the native engine gave
// (tests/fixtures/native-digests.json), except the programs listed, with their reason, in
// tests/fixtures/browser-differences.json (the same table the wasm engine tests read).
import { readFileSync } from "node:fs";
import { assert } from "./lib.mjs";

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));

export const tests = [
  {
    name: "traces recorded by the real worker equal the native engine's",
    async run(page, { url }) {
      const entries = fixture("native-digests.json");
      const known = new Set(fixture("browser-differences.json").map((d) => d.name));
      assert(entries.length >= 60, `only ${entries.length} programs`);
      await page.goto(url);
      const got = await page.evaluate(async (programs) => {
        const worker = new Worker("./worker.js", { type: "module" });
        const pending = new Map();
        worker.onmessage = (event) => {
          const m = event.data || {};
          if (m.type === "digest" || m.type === "crash") {
            pending.get(m.id)?.(m.type === "digest" ? m.digest : `crash: ${m.message}`);
          }
        };
        const out = {};
        for (const [i, p] of programs.entries()) {
          out[p.name] = await new Promise((resolve) => {
            pending.set(i, resolve);
            worker.postMessage({ type: "digest", id: i, source: p.source });
          });
        }
        worker.terminate();
        return out;
      }, entries.map(({ name, source }) => ({ name, source })));
      const differ = [];
      for (const e of entries) {
        const same = got[e.name] === e.digest;
        if (known.has(e.name)) {
          assert(!same, `${e.name} now equals the native trace: remove it from browser-differences.json`);
        } else if (!same) {
          differ.push(`${e.name} (${got[e.name]} vs native ${e.digest})`);
        }
      }
      assert(differ.length === 0, `browser traces differ from native:\n${differ.join("\n")}`);
    },
  },
];
