// Branching conversations driven to each of their endings: the mini course's
// and every one in the bundled course. The paths are read from the page, so a
// new conversation is covered without changing this file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, newPage, serve, sites } from './lib/harness.mjs';
import { branchingPaths, feedback, form, score } from './lib/quiz.mjs';

const OUTCOME = { good: '✓ Godt forløb', mixed: '◐ Blandet forløb', poor: '✗ Svagt forløb' };

let browser;
let servers = {};

before(async () => {
  const s = sites();
  const [b, mini, bundled] = await Promise.all([launch(), serve(s.mini), serve(s.bundled)]);
  browser = b;
  servers = { mini, bundled };
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** Exercise pages with a branching question, per site. */
function branchingPages(dir) {
  const ex = path.join(dir, 'opgaver');
  return fs.readdirSync(ex).filter((f) => f.endsWith('.html') && f !== 'index.html')
    .filter((f) => fs.readFileSync(path.join(ex, f), 'utf8').includes('data-type="branching"'))
    .map((f) => `opgaver/${f}`).sort();
}

async function driveAllEndings(site, rel) {
  const { context, page, log } = await newPage(browser);
  await page.goto(servers[site].base + rel);
  const qids = await page.locator('form[data-type="branching"]').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-q')));
  for (const qid of qids) {
    const where = `${rel}, question "${qid}"`;
    const { endings, paths } = await branchingPaths(page, qid);
    assert.ok(endings.length >= 2, `${where}: a conversation has several endings (found ${endings.length})`);
    assert.deepEqual(paths.map((p) => p.ending).sort(), [...endings].sort(), `${where}: every ending can be reached from the start`);
    const f = form(page, qid);
    for (const p of paths) {
      await f.locator('[data-action="retry"]').click();
      assert.equal(await feedback(page, qid), '', `${where}: "Start forfra" clears the outcome`);
      assert.equal(await f.locator('.node:not([hidden])').count(), 1, `${where}: after "Start forfra" only the first step shows`);
      for (const [i, { text, index }] of p.steps.entries()) {
        const nodeId = await f.locator('.branching > .node:not([hidden])').last().getAttribute('data-node');
        const choice = f.locator(`.node[data-node="${nodeId}"] .choice`).nth(index);
        assert.ok(await choice.isEnabled(), `${where}, path to "${p.ending}": reply ${i + 1} "${text}" can be chosen`);
        await choice.click();
        assert.equal(await choice.getAttribute('aria-pressed'), 'true', `${where}: the chosen reply is marked pressed`);
        const fbBox = choice.locator('xpath=..').locator('.choice-feedback');
        if (await fbBox.count()) {
          assert.ok(await fbBox.isVisible(), `${where}, path to "${p.ending}": the feedback of reply "${text}" shows`);
        }
      }
      const last = f.locator('.branching > .node:not([hidden])').last();
      assert.equal(await last.getAttribute('data-node'), p.ending, `${where}: the path ends at "${p.ending}"`);
      assert.ok(await last.locator('.node-text').isVisible(), `${where}: the ending "${p.ending}" shows its outcome text`);
      const fb = await feedback(page, qid);
      assert.ok(fb.startsWith(OUTCOME[p.outcome]), `${where}: ending "${p.ending}" (${p.outcome}) says "${OUTCOME[p.outcome]}", got "${fb}"`);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-node')), p.ending,
        `${where}: focus moves to the ending "${p.ending}"`);
    }
  }
  assert.match(await score(page), /^\d+ af \d+ rigtige$/, `${rel}: the score shows after the conversations`);
  assert.deepEqual(log.problems(), [], `${rel}: no console error or failed request`);
  await context.close();
  return qids.length;
}

describe('branching conversations reach every ending', () => {
  it('mini course: alle-typer', async () => {
    assert.equal(await driveAllEndings('mini', 'opgaver/alle-typer.html'), 1, 'alle-typer has one branching question');
  });
  it('bundled course: every exercise with a conversation', async () => {
    const pages = branchingPages(sites().bundled);
    assert.ok(pages.length > 0, 'the bundled course has branching exercises');
    let n = 0;
    for (const rel of pages) { n += await driveAllEndings('bundled', rel); }
    assert.ok(n >= pages.length, `drove ${n} conversations on ${pages.length} pages`);
  });
});
