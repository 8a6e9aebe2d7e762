// Content-Security-Policy (issue 12): every page of the bundled course (both
// editions) carries fokus's policy and logs no CSP violation in Chromium,
// opened from file://, served statically under /kursus/2026/, and served by
// `fokus serve` (whose live-reload script must still run). A script slipped
// into a page is refused: the policy really bites.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, REPO, fileUrl, launch, newPage, pagesOf, serve, sites, tmpDir } from './lib/harness.mjs';

let browser;
const servers = {};
let fokusServe;

/** Start `fokus serve` on the bundled course; resolves to its base URL. */
function startFokusServe() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--no-color', '--root', REPO, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('fokus serve printed no address')), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve({ base: m[0], close: () => child.kill() }); }
    });
    child.on('exit', () => reject(new Error('fokus serve exited')));
  });
}

before(async () => {
  const s = sites();
  [browser, servers.bundled, servers.trainer, fokusServe] = await Promise.all([
    launch(), serve(s.bundled), serve(s.trainer), startFokusServe(),
  ]);
});
after(async () => {
  await browser?.close();
  fokusServe?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** Record CSP violations (events and console messages) on every page of `page`. */
async function recordViolations(page, log) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const messages = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) { messages.push(m.text()); } });
  return messages;
}

async function crawl(site, mode) {
  const dir = sites()[site];
  const pages = pagesOf(dir);
  assert.ok(pages.length > 20, `${site}: pages`);
  const { context, page, log } = await newPage(browser, { bypassCSP: false });
  const messages = await recordViolations(page, log);
  const problems = [];
  for (const rel of pages) {
    messages.length = 0;
    const url = mode === 'file' ? fileUrl(dir, rel)
      : mode === 'fokus-serve' ? fokusServe.base + rel
        : servers[site].base + rel;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(50);
    const v = await page.evaluate(() => window.__cspViolations || []);
    const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '');
    const referrer = await page.evaluate(() => document.querySelector('meta[name="referrer"]')?.content || '');
    const ranInline = await page.evaluate(() => document.documentElement.classList.contains('js'));
    const where = `${site} ${mode} ${rel}`;
    if (!/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/.test(policy)) { problems.push(`${where}: no hashed script-src: ${policy}`); }
    if (referrer !== 'no-referrer') { problems.push(`${where}: referrer policy ${referrer}`); }
    if (!ranInline) { problems.push(`${where}: fokus's own inline script did not run`); }
    for (const x of [...v, ...messages]) { problems.push(`${where}: CSP violation: ${x}`); }
    if (mode === 'fokus-serve') {
      const live = await page.evaluate(() => !!document.querySelector('script[data-fokus-live]'));
      if (!live) { problems.push(`${where}: no live-reload script`); }
    }
  }
  await context.close();
  assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
}

describe('Content-Security-Policy', () => {
  it('bundled course from file:// has no CSP violation', async () => { await crawl('bundled', 'file'); });
  it('bundled course served has no CSP violation', async () => { await crawl('bundled', 'http'); });
  it('trainer edition served has no CSP violation', async () => { await crawl('trainer', 'http'); });
  it('bundled course under fokus serve (live reload) has no CSP violation', async () => { await crawl('bundled', 'fokus-serve'); });

  it('an inline script slipped into a page is refused', async () => {
    const dir = tmpDir('csp');
    const src = path.join(sites().bundled, 'index.html');
    const html = fs.readFileSync(src, 'utf8').replace('</body>', '<script>window.__injected = true;</script></body>');
    fs.cpSync(sites().bundled, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), html);
    const { context, page } = await newPage(browser, { bypassCSP: false });
    const messages = await recordViolations(page);
    await page.goto(fileUrl(dir, 'index.html'), { waitUntil: 'load' });
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__injected === true), false, 'the injected script ran');
    const v = await page.evaluate(() => window.__cspViolations);
    assert.ok(v.length + messages.length > 0, 'a violation is reported');
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
