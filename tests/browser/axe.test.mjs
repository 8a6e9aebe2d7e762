// axe-core with the WCAG 2.0 and 2.1 A and AA rules on every page type, and
// on a quiz after wrong answers (and with solutions, hint and an ended
// conversation showing): zero violations.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { assertNone, launch, newPage, pageKind, pagesOf, serve, sites } from './lib/harness.mjs';
import { EXERCISE, action, form } from './lib/quiz.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser;
const servers = {};

before(async () => {
  const s = sites();
  [browser, servers.bundled, servers.mini] = await Promise.all([launch(), serve(s.bundled), serve(s.mini)]);
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** Run axe on the page as it is now; returns readable lines, one per failing element. */
async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ path: AXE }); }
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, TAGS);
  const lines = [];
  for (const v of result) {
    for (const n of v.nodes) {
      lines.push(`${where}: [${v.id}] (${v.impact}) ${v.help} — at ${n.target}\n    ${(n.summary || '').replace(/\n/g, '\n    ')}`);
    }
  }
  return lines;
}

/** One page of each kind in a site (the first in file order), by the body class. */
function onePerKind(site) {
  const dir = sites()[site];
  const kinds = {};
  for (const rel of pagesOf(dir)) {
    const k = pageKind(dir, rel);
    if (!kinds[k]) { kinds[k] = rel; }
  }
  return kinds;
}

/** A module page with an exercise card, if any. */
function moduleWithExercise(site) {
  const dir = sites()[site];
  return pagesOf(dir).find((rel) => pageKind(dir, rel) === 'module'
    && require('node:fs').readFileSync(`${dir}/${rel}`, 'utf8').includes('class="exercise-card"'));
}

/** The bundled course's exercise page with the most kinds of question. */
function richestExercise() {
  const dir = sites().bundled;
  const kinds = (rel) => new Set([...require('node:fs').readFileSync(`${dir}/${rel}`, 'utf8').matchAll(/data-type="([a-z]+)"/g)].map((m) => m[1])).size;
  return pagesOf(dir).filter((rel) => pageKind(dir, rel) === 'exercise').sort((a, b) => kinds(b) - kinds(a))[0];
}

async function axePage(site, rel, { width = 1280, menu = false } = {}) {
  const { context, page, log } = await newPage(browser, { viewport: { width, height: 800 } });
  try {
    await page.goto(servers[site].base + rel);
    if (menu) { await page.locator('.nav-toggle').click(); }
    const label = `${site} ${rel}${width !== 1280 ? ` at ${width} px` : ''}${menu ? ' with the menu open' : ''}`;
    assertNone(await axe(page, label), `${label}: axe violations (rule id, element, what to fix)`);
    assert.deepEqual(log.problems(), [], `${label}: no console error while checking`);
  } finally {
    await context.close();
  }
}

describe('axe-core, WCAG 2.0/2.1 A and AA', () => {
  for (const site of ['bundled', 'mini']) {
    const kinds = onePerKind(site);
    const withQuiz = moduleWithExercise(site);
    it(`${site} course: has every page kind to check`, () => {
      for (const k of ['index', 'part', 'module', 'exercise', 'exercises', 'page']) {
        assert.ok(kinds[k], `${site}: the built site has a page of kind "${k}"`);
      }
      assert.ok(withQuiz, `${site}: a module page shows an exercise card`);
    });
    const pages = new Set([...Object.values(kinds), 'ordliste.html', 'opgaver/index.html', withQuiz].filter(Boolean));
    for (const rel of pages) {
      it(`${site} ${rel} (${pageKind(sites()[site], rel)})`, () => axePage(site, rel));
    }
    if (withQuiz) {
      it(`${site} ${withQuiz} at 320 px with the menu open`, () => axePage(site, withQuiz, { width: 320, menu: true }));
    }
  }

  it('mini course: the quiz after a wrong answer to every question', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(servers.mini.base + EXERCISE);
    const pick = (q, text) => form(page, q).locator('label.option', { hasText: text }).click();
    await pick('single', 'Hvad kan du ikke?');
    await pick('multiple', 'Er du træt?');
    await pick('truefalse', 'Falsk');
    await form(page, 'match').locator('select').nth(0).selectOption({ label: 'Nødvendighedsmotivation' });
    await form(page, 'text').locator('input').fill('forkert');
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match', 'text']) { await action(page, q, 'check').click(); }
    await action(page, 'single', 'hint').click();
    await form(page, 'branching').locator('.choice[data-next="midt"]').click();
    await form(page, 'branching').locator('.choice[data-next="svag"]').click();
    let problems = await axe(page, `mini ${EXERCISE} after wrong answers`);
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match', 'text']) {
      await action(page, q, 'retry').click();
      await action(page, q, 'solution').click();
    }
    problems = problems.concat(await axe(page, `mini ${EXERCISE} with solutions shown`));
    await page.locator('[data-action="reset"]').click();
    problems = problems.concat(await axe(page, `mini ${EXERCISE} after "Nulstil mine svar"`));
    assertNone(problems, 'axe violations (rule id, element, what to fix)');
    await context.close();
  });

  it('bundled course: an exercise after a wrong answer to every question, and the card on its module', async () => {
    const rel = richestExercise();
    const { context, page } = await newPage(browser);
    await page.goto(servers.bundled.base + rel);
    const forms = page.locator('form.question');
    const n = await forms.count();
    for (let i = 0; i < n; i++) {
      const f = forms.nth(i);
      const type = await f.getAttribute('data-type');
      if (type === 'single' || type === 'truefalse' || type === 'multiple') {
        const wrong = f.locator('input:not([data-correct])').first();
        await wrong.check();
      } else if (type === 'branching') {
        await f.locator('.node:not([hidden]) .choice').first().click();
        continue;
      } else if (type === 'reflection') {
        continue;
      } else if (type === 'text') {
        await f.locator('input').fill('forkert svar');
      } else if (type === 'match') {
        await f.locator('select').first().selectOption({ index: 1 });
      }
      await f.locator('[data-action="check"]').click();
    }
    const problems = await axe(page, `bundled ${rel} after wrong answers`);
    // The module page that names it shows the learner's state on its card.
    const id = rel.replace(/^opgaver\/|\.html$/g, '');
    const dir = sites().bundled;
    const module = pagesOf(dir).find((r) => pageKind(dir, r) === 'module'
      && require('node:fs').readFileSync(`${dir}/${r}`, 'utf8').includes(`data-card="${id}"`));
    assert.ok(module, `${rel}: a module page shows its card`);
    await page.goto(servers.bundled.base + module);
    const state = await page.locator(`.exercise-card[data-card="${id}"] [data-card-state]`).textContent();
    assert.ok(['I gang', 'Færdig'].includes(state), `${module}: the card of an answered exercise says "I gang" or "Færdig", not "${state}"`);
    problems.push(...await axe(page, `bundled ${module} with the card of an answered exercise`));
    assertNone(problems, 'axe violations (rule id, element, what to fix)');
    await context.close();
  });
});
