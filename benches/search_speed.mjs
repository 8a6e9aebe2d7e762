// Search speed in a real browser: builds the 1,000-module synthetic course,
// opens it from disk in Debian's Chromium, loads the search index, and times
// queries as they are typed, one keystroke at a time.
//
//   node benches/search_speed.mjs [modules]
//
// Needs the browser test tools (tests/browser: npm ci) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');
const modules = Number(process.argv[2] || 1000);

const dir = mkdtempSync(join(tmpdir(), 'fokus-search-bench-'));
try {
  execFileSync('cargo', ['bench', '-q', '--bench', 'build_speed', '--', '--course', dir, String(modules)], { cwd: repo, stdio: 'inherit' });
  execFileSync('cargo', ['build', '-q', '--release'], { cwd: repo, stdio: 'inherit' });
  execFileSync(join(repo, 'target/release/fokus'), ['--root', dir, 'build'], { stdio: 'inherit' });
  const index = statSync(join(dir, 'public/assets/search-index.js')).size;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto('file://' + join(dir, 'public/index.html'));
  await page.addScriptTag({ url: 'file://' + join(dir, 'public/assets/search.js') });
  const loadMs = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.fokusSearch.ready();
    return performance.now() - t0;
  });
  // Every prefix of each query is one keystroke.
  const queries = ['borgeren', 'samtalen', 'opfølgning', 'mål', 'jobcentret', 'praktikken', 'ressourcer', 'evne'];
  const times = await page.evaluate((queries) => {
    const out = [];
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const t0 = performance.now();
        window.fokusSearch.query(q.slice(0, i));
        out.push(performance.now() - t0);
      }
    }
    return out;
  }, queries);
  await browser.close();
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`search on ${modules} modules: index ${(index / 1024).toFixed(0)} KB, loaded and inflated in ${loadMs.toFixed(0)} ms`);
  console.log(`per keystroke over ${times.length} keystrokes: median ${pct(0.5).toFixed(1)} ms, p90 ${pct(0.9).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (target: under 50 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
