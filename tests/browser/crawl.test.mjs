// Every page of the bundled course (and of its trainer edition, served, and
// of the mini course) opened from
// file:// and served under /kursus/2026/: no failed request, no console error,
// no uncaught exception, no request to another host, and the script ran.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertNone, fileUrl, launch, newPage, pagesOf, serve, sites } from './lib/harness.mjs';

let browser;
const servers = {};

before(async () => {
  const s = sites();
  [browser, servers.bundled, servers.trainer, servers.mini] = await Promise.all([launch(), serve(s.bundled), serve(s.trainer), serve(s.mini)]);
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** Visit every page; return one line per problem. */
async function crawl(site, mode) {
  const dir = sites()[site];
  const pages = pagesOf(dir);
  assert.ok(pages.length > 0, `${site}: the built site has pages`);
  const { context, page, log } = await newPage(browser);
  const problems = [];
  const allowed = mode === 'file'
    ? (u) => u.startsWith('file://') || u.startsWith('data:')
    : (u) => u.startsWith(servers[site].origin + '/') || u.startsWith('data:');
  for (const rel of pages) {
    log.clear();
    const url = mode === 'file' ? fileUrl(dir, rel) : servers[site].base + rel;
    const where = `${site} ${mode === 'file' ? 'file://' : '/kursus/2026/'}${rel}`;
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load' });
    } catch (e) {
      problems.push(`${where}: did not load: ${e.message.split('\n')[0]}`);
      continue;
    }
    if (mode === 'http' && (!response || response.status() !== 200)) {
      problems.push(`${where}: HTTP ${response && response.status()}`);
    }
    const ran = await page.evaluate(() => ({
      js: document.documentElement.classList.contains('js'),
      nav: !!document.querySelector('#fokus-nav ul a'),
      fallback: !!document.querySelector('#fokus-nav .nav-fallback'),
      // A slide deck has no course navigation; its script marks the deck ready instead.
      deck: document.body.classList.contains('page-slides'),
      deckReady: document.documentElement.hasAttribute('data-deck-ready'),
    }));
    if (ran.deck) {
      if (!ran.js || !ran.deckReady) { problems.push(`${where}: the slide script did not run`); }
    } else if (!ran.js || !ran.nav || ran.fallback) {
      problems.push(`${where}: the course navigation was not built by the script (js=${ran.js}, nav=${ran.nav}, fallback=${ran.fallback})`);
    }
    const uninitialised = await page.locator('form.question:not([data-type="reflection"]) .q-actions:empty').count();
    if (uninitialised) {
      problems.push(`${where}: ${uninitialised} question(s) got no buttons: the quiz script did not start`);
    }
    for (const p of log.problems()) { problems.push(`${where}: ${p}`); }
    for (const r of log.requests) {
      if (!allowed(r)) { problems.push(`${where}: requests another host or scheme: ${r}`); }
    }
  }
  await context.close();
  return { problems, count: pages.length };
}

describe('every page loads cleanly', () => {
  for (const site of ['bundled', 'trainer', 'mini']) {
    for (const mode of site === 'trainer' ? ['http'] : ['file', 'http']) {
      it(`${site} course from ${mode === 'file' ? 'file://' : 'http://127.0.0.1/kursus/2026/'}`, async () => {
        const { problems, count } = await crawl(site, mode);
        assertNone(problems, `${count} pages visited`);
      });
    }
  }
});
