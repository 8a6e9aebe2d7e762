// Search on the bundled course, from disk and under a sub-path, as one
// compressed index (its normal form) and split into shards (as a large
// course gets it): the index loads only when the search box is used, Danish
// queries find the right module first, results are links to the nearest
// heading with the match marked, inflections, synonyms and one typo are
// found, the panel stays inside the window and closes on Escape, a click
// outside and focus leaving, the list is keyboard-operable and announced,
// and the participant index holds no trainer text.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, REPO, assertNone, fileUrl, focused, launch, newPage, serve, sites, tmpDir } from './lib/harness.mjs';

let browser;
let server;
let sharded;
let shardServer;
before(async () => {
  // The bundled course with its index split into shards, as a large course gets it.
  sharded = tmpDir('search-shards');
  execFileSync(BIN, ['--no-color', '--root', REPO, 'build', '--out', path.join(sharded, 'site')], {
    stdio: 'pipe',
    env: { ...process.env, FOKUS_SEARCH_SHARDS: 'always' },
  });
  sharded = path.join(sharded, 'site');
  [browser, server, shardServer] = await Promise.all([launch(), serve(sites().bundled), serve(sharded)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await shardServer?.close();
  if (sharded) { fs.rmSync(path.dirname(sharded), { recursive: true, force: true }); }
});

/** Where each variant of the site is: [name, url of a page]. */
const VARIANTS = () => [
  ['file://', fileUrl(sites().bundled, 'introduktion/om-kurset.html')],
  ['served under /kursus/2026/', server.base + 'introduktion/om-kurset.html'],
  ['sharded, file://', fileUrl(sharded, 'introduktion/om-kurset.html')],
  ['sharded, served under /kursus/2026/', shardServer.base + 'introduktion/om-kurset.html'],
];

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
      return document.getElementById('fokus-search-results').getAttribute('data-query') === q && /resultat|Ingen/.test(s);
    },
    query,
  );
  return page.locator('#fokus-search-results a');
}

for (const n of [0, 1, 2, 3]) {
  describe(`search, variant ${n}`, () => {
    it('finds the right module first for Danish queries, with a marked snippet', async () => {
      const { context, page, log } = await newPage(browser);
      const [where, url] = VARIANTS()[n];
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
      if (where.startsWith('sharded')) {
        // One query on a fresh page loads the manifest, a few vocabulary and posting
        // shards, and only the chunks that hold its results.
        await page.goto(url);
        log.clear();
        const results = await page.evaluate(async () => {
          await new Promise((r) => { const s = document.createElement('script'); s.src = document.documentElement.dataset.root + 'assets/search.js'; s.onload = r; document.head.append(s); });
          return (await window.fokusSearch.query('sygedagpenge')).map((s) => s.chunk);
        });
        const shards = log.requests.filter((r) => r.includes('assets/search/')).map((r) => r.replace(/.*assets\/search\//, ''));
        const all = fs.readdirSync(path.join(sharded, 'assets/search'));
        const chunks = shards.filter((s) => s.startsWith('c'));
        assert.deepEqual(new Set(chunks), new Set(results.map((c) => `c${c}.js`)), `${where}: chunks loaded are the results' chunks`);
        assert.ok(results.length >= 10 && shards.length < all.length / 3, `${where}: loaded ${shards.length} of ${all.length} shards (${shards.join(' ')})`);
      }
      assertNone(log.problems(), `search ${where}`);
      await context.close();
    });

    it('finds inflected forms, synonyms and one typo, typos below exact hits', async () => {
      const { context, page, log } = await newPage(browser);
      await page.goto(VARIANTS()[n][1]);
      await page.locator('#fokus-search').focus();
      const results = async (q) => {
        const links = await type(page, q);
        const out = [];
        for (const a of await links.all()) {
          out.push({ href: await a.getAttribute('href'), title: (await a.locator('.result-title').innerText()).trim(), text: (await a.innerText()).toLowerCase() });
        }
        return out;
      };
      // A longer inflected form finds at least the pages its stem finds (which of a
      // page's sections rank highest may differ: a page shows at most three).
      // search.js loads when the box gets focus; wait for it before asking it directly.
      await page.waitForFunction(() => !!window.fokusSearch);
      const all = (q) => page.evaluate(async (q) => (await window.fokusSearch.query(q, 500)).map((s) => `${s.doc[0]} › ${s.heading}`), q);
      const pagesOf = (hits) => new Set(hits.map((h) => h.split(' › ')[0]));
      const stemHits = await all('sygedagpenge');
      const longPages = pagesOf(await all('sygedagpengene'));
      assert.ok(stemHits.length >= 16, `"sygedagpenge" finds ${stemHits.length}`);
      assert.deepEqual([...pagesOf(stemHits)].filter((p) => !longPages.has(p)), [], '"sygedagpengene" finds every page "sygedagpenge" finds');
      assert.ok((await results('sygedagpengene')).length === 10, 'the panel shows the best 10');
      // Synonyms: the course writes "fleksjob"; a learner who types "flexjob" finds it.
      const flex = await results('flexjob');
      const fleks = await results('fleksjob');
      assert.ok(fleks.length > 1 && flex.length > 1, `fleksjob ${fleks.length}, flexjob ${flex.length}`);
      assert.ok(flex.some((h) => /fleksjob/i.test(h.text)), '"flexjob" finds the course\'s "fleksjob"');
      // One typo: "ressurse" finds the modules about "ressource…", and the marked word is the real one.
      const typo = await results('ressurse');
      assert.ok(typo.length >= 3, `"ressurse" finds ${typo.length}`);
      assert.match(typo[0].text, /ressource/);
      assert.match(await page.locator('#fokus-search-results a mark').first().innerText(), /^ressource/i);
      // Typos rank below exact hits: a result that matches fewer words exactly never comes first.
      let mixed = 0;
      for (const q of ['samtalen', 'borgerens', 'motivere', 'ressurse sygedagpenge']) {
        // Asking for many results leaves room for typo hits.
        const exact = await page.evaluate(async (q) => (await window.fokusSearch.query(q, 500)).map((s) => s.exact), q);
        assert.deepEqual(exact, [...exact].sort((a, b) => b - a), `"${q}": exact hits before typo hits`);
        if (new Set(exact).size > 1) { mixed++; }
      }
      assert.ok(mixed > 0, 'some query has both exact and typo hits');
      // No stray space before punctuation in any snippet.
      for (const q of ['evne', 'progressionsmål', 'flexjob', 'sygedagpenge']) {
        for (const h of await results(q)) {
          assert.doesNotMatch(h.text, /\S \.(\s|$)|\S ,\s/, `snippet of "${h.title}" for "${q}"`);
        }
      }
      assertNone(log.problems(), 'recall searches');
      await context.close();
    });
  });
}

describe('results panel', () => {
  for (const width of [320, 360, 390, 768, 1280]) {
    it(`stays inside the window at ${width} px and the header does not move while typing`, async () => {
      const { context, page } = await newPage(browser, { viewport: { width, height: 700 } });
      await page.goto(server.base + 'motivation/progressionsmaal.html');
      const header = page.locator('.site-header');
      const before = await header.boundingBox();
      const box = page.locator('#fokus-search');
      await box.focus();
      for (const q of ['ressourceforløb', 'x', 'borgeren samtale']) {
        await box.fill('');
        await box.pressSequentially(q);
        await page.waitForFunction((v) => document.getElementById('fokus-search-results').getAttribute('data-query') === v, q);
        const after = await header.boundingBox();
        assert.deepEqual(after, before, `header moved while typing "${q}" at ${width} px`);
        const panel = await page.locator('#fokus-search-panel').boundingBox();
        assert.ok(panel, `panel visible for "${q}"`);
        assert.ok(panel.x >= 0 && panel.x + panel.width <= width, `panel ${JSON.stringify(panel)} outside ${width} px for "${q}"`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
      }
      await context.close();
    });
  }

  it('closes on Escape, on a click outside and when focus leaves; Enter opens the highlighted result', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.base + 'index.html');
    const panel = page.locator('#fokus-search-panel');
    const box = page.locator('#fokus-search');
    await box.focus();
    await type(page, 'progression');
    assert.ok(await panel.isVisible(), 'panel open with results');
    await page.keyboard.press('Escape');
    assert.ok(await panel.isHidden(), 'Escape closes the panel');
    assert.equal(await box.inputValue(), 'progression', 'the first Escape keeps the query');
    await box.press('ArrowDown');
    assert.ok(await panel.isVisible(), 'ArrowDown opens it again');
    await page.mouse.click(5, 600);
    assert.ok(await panel.isHidden(), 'a click outside closes the panel');
    await box.focus();
    assert.ok(await panel.isVisible(), 'focusing the box opens it again');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await box.focus();
    await page.locator('.site-title').focus();
    assert.ok(await panel.isHidden(), 'focus leaving the search closes the panel');
    await box.focus();
    const href = await page.locator('#fokus-search-results a.is-active').getAttribute('href');
    assert.equal(href, await page.locator('#fokus-search-results a').first().getAttribute('href'), 'the first result is highlighted');
    await box.press('Enter');
    await page.waitForURL((u) => u.href.endsWith(href.replace(/^(\.\.\/)+/, '')));
    await context.close();
  });
});

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
        return (await window.fokusSearch.query(q)).filter((s) => s.text.toLowerCase().includes(q)).length;
      }, phrase);
      await context.close();
      return n;
    };
    assert.equal(await hits(server.base + 'index.html'), 0, `participant index contains trainer text "${phrase}"`);
    assert.ok(await hits(fileUrl(sites().trainer, 'index.html')) > 0, `trainer index lacks its trainer text "${phrase}"`);
  });
});
