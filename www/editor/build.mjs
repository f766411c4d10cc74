// Bundles src/editor.js into ../dist/editor.js. Run as `npm ci && node build.mjs`
// (cargo xtask build does this). Same inputs give the same bytes: esbuild is
// deterministic and package-lock.json pins every package.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, '..', 'dist', 'editor.js');

await build({
  absWorkingDir: here, // so paths in the output never depend on the caller's cwd
  entryPoints: ['src/editor.js'],
  outfile,
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  charset: 'utf8',
  legalComments: 'none',
  // Minifying drops the packages' headers; keep the licence pointer.
  banner: { js: '/* refscope editor. Bundles CodeMirror 6 and Lezer (MIT, (c) Marijn Haverbeke and others); versions in www/editor/package-lock.json. */' },
  logLevel: 'warning',
});

console.log(`${path.relative(process.cwd(), outfile)}: ${statSync(outfile).size} bytes`);
