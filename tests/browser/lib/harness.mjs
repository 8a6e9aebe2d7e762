// Shared helpers for the browser suites: the built sites, a static server
// under a sub-path, Debian's Chromium through playwright-core, and a watcher
// that records console errors and failed requests.
//
// The sites are normally built by run.sh and handed over in FOKUS_BUNDLED_SITE
// and FOKUS_MINI_SITE; a test file run on its own builds them itself with the
// release binary (cargo build --release first).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const BIN = process.env.FOKUS_BIN || path.join(REPO, 'target', 'release', 'fokus');
export const MINI_COURSE = path.join(REPO, 'tests', 'fixtures', 'mini');
export const PREFIX = '/kursus/2026/';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Chromium flags: no sandbox (root), no GPU, and no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

export function tmpDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fokus-${tag}-`));
}

/** Build the course at `root` into `out` with the release binary. */
export function build(root, out, extra = []) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`cargo build --release\` first (or tests/browser/run.sh)`);
  }
  try {
    execFileSync(BIN, ['--no-color', '--root', root, 'build', '--out', out, ...extra], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`fokus build of ${root} failed:\n${e.stderr || e.message}`);
  }
  return out;
}

let built = null;
const madeHere = [];
process.on('exit', () => { for (const d of madeHere) { fs.rmSync(d, { recursive: true, force: true }); } });

/**
 * The built sites: { bundled, trainer, mini } (absolute folder paths): the
 * bundled course (participant and trainer editions) and the mini fixture.
 */
export function sites() {
  if (built) { return built; }
  const make = (env, tag, root, extra = []) => {
    if (process.env[env]) { return process.env[env]; }
    const dir = tmpDir(tag);
    madeHere.push(dir);
    return build(root, path.join(dir, 'site'), extra);
  };
  built = {
    bundled: make('FOKUS_BUNDLED_SITE', 'bundled', REPO),
    trainer: make('FOKUS_TRAINER_SITE', 'trainer', REPO, ['--edition', 'trainer']),
    mini: make('FOKUS_MINI_SITE', 'mini', MINI_COURSE),
  };
  return built;
}

/** Every HTML page of a built site, as paths relative to its root with `/`. */
export function pagesOf(dir) {
  const out = [];
  (function walk(rel) {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { walk(r); } else if (e.name.endsWith('.html')) { out.push(r); }
    }
  })('');
  return out.sort();
}

/** What kind of page a built file is, read from its <body class="page-…">. */
export function pageKind(dir, rel) {
  const html = fs.readFileSync(path.join(dir, rel), 'utf8');
  const m = html.match(/<body class="page-([a-z0-9-]+)/);
  return m ? m[1] : 'unknown';
}

export function fileUrl(dir, rel = 'index.html') {
  return pathToFileURL(path.join(dir, rel)).href;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

/**
 * Serve `getDir()` (a function, so a test can rebuild into a new folder) on
 * 127.0.0.1 under PREFIX only; everything else is a 404. Returns
 * { origin, base, close }, where base is the site's root URL.
 */
export async function serve(getDir) {
  const dirOf = typeof getDir === 'function' ? getDir : () => getDir;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p;
    try { p = decodeURIComponent(url.pathname); } catch { p = ''; }
    if (!p.startsWith(PREFIX) || p.includes('\0')) { res.writeHead(404).end('not under ' + PREFIX); return; }
    const root = path.resolve(dirOf());
    let file = path.resolve(root, '.' + path.posix.normalize('/' + p.slice(PREFIX.length)));
    if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    try {
      if (fs.statSync(file).isDirectory()) { file = path.join(file, 'index.html'); }
      const body = fs.readFileSync(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + PREFIX,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** Debian's Chromium, headless, with a fresh temporary profile (playwright makes one per launch). */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (never a downloaded browser)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * Record what goes wrong on a page: console errors, uncaught exceptions,
 * failed requests and HTTP errors. `problems()` lists them as readable lines.
 */
export function watch(page) {
  const log = { console: [], errors: [], failed: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') { log.console.push(`${m.text()} (${m.location().url || '?'})`); } });
  page.on('pageerror', (e) => log.errors.push(String(e && e.stack || e)));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()}: ${r.failure()?.errorText || 'failed'}`));
  page.on('response', (r) => { if (r.status() >= 400) { log.failed.push(`${r.url()}: HTTP ${r.status()}`); } });
  log.problems = () => [
    ...log.console.map((x) => `console error: ${x}`),
    ...log.errors.map((x) => `uncaught exception: ${x}`),
    ...log.failed.map((x) => `failed request: ${x}`),
  ];
  log.clear = () => { log.console.length = 0; log.errors.length = 0; log.failed.length = 0; log.requests.length = 0; };
  return log;
}

/**
 * A new isolated browser context (own localStorage) and page, watched. The
 * pages' Content-Security-Policy is bypassed so tests may inject axe-core
 * (csp.test.mjs passes `{ bypassCSP: false }` to check the policy itself), and
 * the offline worker is blocked, so a suite that serves a new build on the
 * same address sees it at once (offline.test.mjs passes
 * `{ serviceWorkers: 'allow' }` to test the worker).
 */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
    serviceWorkers: 'block',
    ...opts,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const log = watch(page);
  return { context, page, log };
}

/** Press Tab until the focused element matches `selector` (scoped to `within`); fails after `max` presses. */
export async function tabTo(page, selector, { max = 150, shift = false, what = selector } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) { return i; }
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  const at = await focused(page);
  throw new Error(`keyboard: ${what} not reached with ${max} presses of ${shift ? 'Shift+Tab' : 'Tab'} (focus is on ${at})`);
}

/** A short description of the focused element, for failure messages. */
export async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e) { return 'nothing'; }
    let s = e.tagName.toLowerCase();
    if (e.id) { s += '#' + e.id; }
    if (e.className && typeof e.className === 'string') { s += '.' + e.className.trim().split(/\s+/).join('.'); }
    const form = e.closest && e.closest('form[data-q]');
    if (form) { s += ` in question "${form.getAttribute('data-q')}"`; }
    const text = (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40);
    return text ? `${s} ("${text}")` : s;
  });
}

/** Fail with every problem listed, one a line, under a header that says what was checked. */
export function assertNone(problems, what) {
  if (problems.length) {
    const err = new Error(`${what}: ${problems.length} problem(s):\n${problems.join('\n')}`);
    err.stack = err.message; // the list says it all; no Node stack below it
    throw err;
  }
}
