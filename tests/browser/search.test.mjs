// Search on the bundled course, from disk and under a sub-path: the index
// loads only when the search box is used, Danish queries find the right
// module first, results are links to the nearest heading with the match
// marked, the list is keyboard-operable and announced, and the participant
// index holds no trainer text.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertNone, fileUrl, focused, launch, newPage, serve, sites } from './lib/harness.mjs';

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().bundled)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// query → the module (or glossary entry) that must come first.
const EXPECTED = {
  fokus: /^Metoden Fokus På Evner|^Fokus på evner/,
  'mål': /^Progressionsmål|jobmål/,
  ressourcefinder: /^Ressourcefinderen/,
  progression: /^Progressionsmål|^Opfølgning på progression/,
  sygedagpenge: /^Ordliste › Sygedagpenge/,
};

async function type(page, query) {
  const box = page.locator('#fokus-search');
  await box.fill('');
  await box.pressSequentially(query);
  await page.waitForFunction(
    (q) => {
      const s = document.getElementById('fokus-search-status').textContent;
      return document.getElementById('fokus-search').value === q && /resultat|Ingen/.test(s);
    },
    query,
  );
  return page.locator('#fokus-search-results a');
}

for (const where of ['file://', 'served under /kursus/2026/']) {
  describe(`search, ${where}`, () => {
    it('finds the right module first for Danish queries, with a marked snippet', async () => {
      const { context, page, log } = await newPage(browser);
      const url = where === 'file://' ? fileUrl(sites().bundled, 'introduktion/om-kurset.html') : server.base + 'introduktion/om-kurset.html';
      await page.goto(url);
      assert.ok(!log.requests.some((r) => r.includes('search-index.js')), 'the index must not load before search is used');
      await page.locator('#fokus-search').focus();
      for (const [query, first] of Object.entries(EXPECTED)) {
        const links = await type(page, query);
        const title = (await links.first().locator('.result-title').innerText()).trim();
        assert.match(title, first, `search "${query}": first result is "${title}"`);
        assert.ok(await links.first().locator('mark').count() > 0 || /›/.test(title), `search "${query}": the match is marked`);
        const href = await links.first().getAttribute('href');
        assert.ok(!href.startsWith('/') && !href.includes('://'), `search "${query}": result link ${href} is relative`);
      }
      assert.ok(log.requests.some((r) => r.includes('search-index.js')), 'the index loads on first use');
      assertNone(log.problems(), `search ${where}`);
      await context.close();
    });
  });
}

describe('search behaviour', () => {
  it('understands inflections, compounds and typed ae/oe/aa', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.base + 'index.html');
    await page.locator('#fokus-search').focus();
    const snippets = async (q) => (await (await type(page, q)).allInnerTexts()).join('\n').toLowerCase();
    assert.match(await snippets('evne'), /evner/, '"evne" finds "evner"');
    assert.match(await snippets('samtale'), /samtalen|samtaler/, '"samtale" finds its inflections');
    assert.match(await snippets('fokus'), /jobfokus/, '"fokus" finds "Jobfokus"');
    assert.match(await snippets('maal'), /mål/, '"maal" finds "mål"');
    await context.close();
  });

  it('is keyboard-operable and announces the number of results', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.base + 'index.html');
    await page.locator('#fokus-search').focus();
    await type(page, 'progressionsmål');
    const status = await page.locator('#fokus-search-status').innerText();
    assert.match(status, /\d+ resultat/, `the live status says how many results: "${status}"`);
    assert.equal(await page.locator('#fokus-search-status').getAttribute('aria-live'), 'polite');
    await page.keyboard.press('ArrowDown');
    assert.match(await focused(page), /^a/, 'ArrowDown moves focus to the first result');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.match(await focused(page), /input#fokus-search/, 'ArrowUp from the first result returns to the box');
    await type(page, 'progressionsmål');
    await page.keyboard.press('ArrowDown');
    const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.href.includes(href.split('#')[0].replace(/^(\.\.\/)+/, '')));
    await page.keyboard.press('Escape');
    await context.close();
  });

  it('keeps trainer notes out of the participant index and has them in the trainer index', async () => {
    // Words that occur only in a trainer note of motivation/progressionsmaal.md.
    const phrase = 'omskrevne mål i plenum';
    const hits = async (base) => {
      const { context, page } = await newPage(browser);
      await page.goto(base);
      await page.locator('#fokus-search').focus();
      await page.waitForFunction(() => window.fokusSearch);
      const n = await page.evaluate(async (q) => {
        await window.fokusSearch.ready();
        return window.fokusSearch.query(q).filter((s) => s.text.toLowerCase().includes(q)).length;
      }, phrase);
      await context.close();
      return n;
    };
    assert.equal(await hits(server.base + 'index.html'), 0, `participant index contains trainer text "${phrase}"`);
    assert.ok(await hits(fileUrl(sites().trainer, 'index.html')) > 0, `trainer index lacks its trainer text "${phrase}"`);
  });
});
