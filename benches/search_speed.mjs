// Search in a real browser: builds the synthetic benchmark course (5,000
// modules unless told otherwise), opens it from disk in Debian's Chromium
// and types queries into the search box one keystroke at a time, as a
// learner would. It prints, beside their targets:
// - what the first query of a typical word downloads (search.js, its CSS,
//   the manifest and the shards it needs), target at most 200 KB;
// - the time from a keystroke to its results on screen (shards loading
//   included), median and p90, target median at most 50 ms.
//
//   node benches/search_speed.mjs [modules]
//
// `cargo bench --bench search_speed` runs it too: it writes the course and
// names it and the fokus binary in FOKUS_BENCH_COURSE and FOKUS_BENCH_BIN
// (running cargo from inside cargo would wait for cargo's own lock).
//
// Needs the browser test tools (tests/browser: npm ci) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');
const modules = Number(process.argv[2] || 5000);
const FIRST_QUERY_KB = 200;
const KEYSTROKE_MS = 50;

const given = process.env.FOKUS_BENCH_COURSE;
const dir = given || mkdtempSync(join(tmpdir(), 'fokus-search-bench-'));
try {
  if (!given) {
    execFileSync('cargo', ['bench', '-q', '--bench', 'build_speed', '--', '--course', dir, String(modules)], { cwd: repo, stdio: 'inherit' });
    execFileSync('cargo', ['build', '-q', '--release'], { cwd: repo, stdio: 'inherit' });
  }
  const bin = process.env.FOKUS_BENCH_BIN || join(repo, 'target/release/fokus');
  execFileSync(bin, ['--root', dir, 'build'], { stdio: 'inherit' });
  const site = join(dir, 'public');
  const shardDir = join(site, 'assets/search');
  const shards = readdirSync(shardDir, { withFileTypes: true }).filter((e) => e.isFile());
  const shardBytes = shards.reduce((n, e) => n + statSync(join(shardDir, e.name)).size, 0);
  const manifest = statSync(join(site, 'assets/search-index.js')).size;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Each word on a fresh page: the first query of a learner who has not searched yet.
  const words = ['borgeren', 'samtalen', 'opfølgning', 'mål', 'jobcentret', 'praktikken', 'ressourcer', 'evne'];
  const downloads = [];
  const times = [];
  for (const word of words) {
    const page = await browser.newPage();
    const files = new Set();
    page.on('request', (r) => {
      const u = r.url();
      if (u.startsWith('file://') && /assets\/search/.test(u)) { files.add(fileURLToPath(u)); }
    });
    await page.goto('file://' + join(site, 'index.html'));
    await page.locator('#fokus-search').focus();
    await page.waitForFunction(() => window.fokusSearch);
    const t = await page.evaluate(async (word) => {
      const input = document.getElementById('fokus-search');
      const list = document.getElementById('fokus-search-results');
      const out = [];
      for (let i = 1; i <= word.length; i++) {
        const q = word.slice(0, i);
        const t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input'));
        // One-letter words are not searched: nothing to wait for.
        if (q.length > 1) {
          while (list.getAttribute('data-query') !== q) { await new Promise((r) => setTimeout(r, 0)); }
        }
        out.push(performance.now() - t0);
      }
      return out;
    }, word);
    times.push(...t);
    const bytes = [...files].reduce((n, f) => n + statSync(f).size, 0);
    downloads.push([word, bytes, files.size]);
    await page.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const kb = (b) => (b / 1024).toFixed(0);
  console.log(`search on ${modules} modules: manifest ${kb(manifest)} KB, ${shards.length} shards, ${kb(shardBytes)} KB in all`);
  const worst = Math.max(...downloads.map((d) => d[1]));
  for (const [word, bytes, n] of downloads) {
    console.log(`  first query "${word}" typed key by key: ${n} files, ${kb(bytes)} KB`);
  }
  console.log(`first-query download, worst of ${words.length} words: ${kb(worst)} KB (target: at most ${FIRST_QUERY_KB} KB) ${worst <= FIRST_QUERY_KB * 1024 ? 'ok' : 'OVER'}`);
  console.log(`keystroke to results over ${times.length} keystrokes: median ${pct(0.5).toFixed(1)} ms (target: at most ${KEYSTROKE_MS} ms) ${pct(0.5) <= KEYSTROKE_MS ? 'ok' : 'OVER'}, p90 ${pct(0.9).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
