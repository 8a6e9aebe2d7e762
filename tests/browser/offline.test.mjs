// Offline after the first visit: the service worker keeps the whole course,
// every page type and search work with the network off, and a new build
// replaces the cache on the next online visit without mixing two builds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, build, launch, newPage, serve, tmpDir } from './lib/harness.mjs';

/** A copy of the bundled course's sources that a test may edit. */
function copyCourse() {
  const dir = tmpDir('offline-src');
  for (const name of ['course.yaml', 'content', 'exercises', 'themes']) {
    fs.cpSync(path.join(REPO, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

/** How many files the build's worker keeps (its FILES list). */
function filesInWorker(site) {
  const sw = fs.readFileSync(path.join(site, 'sw.js'), 'utf8');
  const m = sw.match(/const FILES = (\[.*?\]);/s);
  assert.ok(m, 'sw.js lists its files');
  return JSON.parse(m[1]).length;
}

/** Wait until the page's worker controls it and has kept at least `n` files. */
async function waitForCache(page, n) {
  await page.waitForFunction(async (want) => {
    const worker = navigator.serviceWorker.controller;
    if (!worker || worker.state !== 'activated') { return false; }
    const keys = await caches.keys();
    if (keys.length !== 1) { return false; }
    const cache = await caches.open(keys[0]);
    return (await cache.keys()).length >= want;
  }, n, { timeout: 30_000, polling: 250 });
  // The worker has just taken over the page; give it a moment before the network goes.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForTimeout(500);
}

describe('offline use', () => {
  let browser, server, src, siteA, siteB, current;

  before(async () => {
    src = copyCourse();
    const out = tmpDir('offline-out');
    siteA = build(src, path.join(out, 'a'));
    const module = path.join(src, 'content', 'motivation', 'progressionsmaal.md');
    fs.appendFileSync(module, '\nOffline-markør fra anden udgave.\n');
    siteB = build(src, path.join(out, 'b'));
    current = siteA;
    server = await serve(() => current);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('every page type and search work without the network after one visit', async () => {
    const { context, page, log } = await newPage(browser, { serviceWorkers: 'allow' });
    await page.goto(server.base + 'index.html');
    await waitForCache(page, filesInWorker(siteA));
    await context.setOffline(true);
    const pages = [
      ['index.html', 'home'],
      ['motivation/index.html', 'part'],
      ['motivation/progressionsmaal.html', 'module'],
      ['ordliste.html', 'page'],
      ['opgaver/index.html', 'exercise list'],
      ['opgaver/torben-aktivitetsparat.html', 'exercise'],
      ['udskrift/index.html', 'print'],
      ['fremskridt/index.html', 'progress'],
      ['motivation/', 'folder URL'],
    ];
    for (const [rel, what] of pages) {
      const res = await page.goto(server.base + rel);
      assert.equal(res?.status(), 200, `${what} (${rel}) offline`);
      assert.ok((await page.locator('h1').count()) > 0, `${what} (${rel}) has its heading offline`);
    }
    await page.goto(server.base + 'index.html');
    await page.fill('#fokus-search', 'progressionsmål');
    await page.waitForSelector('#fokus-search-panel a', { timeout: 10_000 });
    const hits = await page.locator('#fokus-search-panel a').count();
    assert.ok(hits > 0, 'search finds results offline');
    await context.setOffline(false);
    const errors = log.problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR/.test(p));
    assert.deepEqual(errors, [], 'no errors besides the expected offline ones');
    await context.close();
  });

  test('a new build replaces the cache on the next online visit, once, with a notice', async () => {
    const { context, page } = await newPage(browser, { serviceWorkers: 'allow' });
    current = siteA;
    await page.goto(server.base + 'index.html');
    await waitForCache(page, filesInWorker(siteA));
    const firstCache = await page.evaluate(async () => (await caches.keys())[0]);
    current = siteB;
    // The next visit finds a new worker, which keeps the new build and reloads the page once.
    await page.goto(server.base + 'index.html');
    await page.waitForFunction(
      (old) => caches.keys().then((k) => k.length === 1 && k[0] !== old),
      firstCache,
      { timeout: 30_000, polling: 250 },
    );
    await page.waitForFunction(
      () => /opdateret/.test(document.getElementById('fokus-offline-status')?.textContent || ''),
      null,
      { timeout: 30_000 },
    );
    await context.setOffline(true);
    await page.goto(server.base + 'motivation/progressionsmaal.html');
    assert.match(await page.content(), /Offline-markør fra anden udgave/, 'the new text offline');
    // The shared navigation comes from the same build as the page.
    const sameBuild = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return !!(await cache.match(new URL('assets/toc.js', location.href.replace(/motivation\/.*$/, '')).href));
    });
    assert.ok(sameBuild, 'the shared files are in the new cache');
    await context.setOffline(false);
    await context.close();
  });

  test('nothing is registered from file:// and nothing errors', async () => {
    const { context, page, log } = await newPage(browser, { serviceWorkers: 'allow' });
    await page.goto('file://' + path.join(siteA, 'index.html'));
    await page.waitForTimeout(500);
    const registered = await page.evaluate(() => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null);
    assert.equal(registered, false);
    assert.deepEqual(log.problems(), []);
    await context.close();
  });
});
