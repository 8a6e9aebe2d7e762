// The learner's view (issue 17): the answered state at phone widths, the
// missed-option label, reviewing a checked answer with Tab, one live region,
// branching endings, the course dashboard (new / started / done, "Fortsæt"),
// the module's place in the course, and axe in light and dark mode.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { assertNone, launch, newPage, serve, sites } from './lib/harness.mjs';
import { EXERCISE, action, feedback, form } from './lib/quiz.mjs';

const AXE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
let browser;
let mini;
let bundled;
before(async () => {
  [browser, mini, bundled] = await Promise.all([launch(), serve(sites().mini), serve(sites().bundled)]);
});
after(async () => { await browser?.close(); await mini?.close(); await bundled?.close(); });

/** Answer every question type on the mini exercise page, wrongly where it can be wrong. */
async function answerAll(page) {
  await form(page, 'single').locator('input').first().check();
  await action(page, 'single', 'check').click();
  await form(page, 'multiple').locator('input').nth(0).check();
  await form(page, 'multiple').locator('input').nth(1).check();
  await action(page, 'multiple', 'check').click();
  await form(page, 'truefalse').locator('input').nth(1).check();
  await action(page, 'truefalse', 'check').click();
  await action(page, 'order', 'check').click();
  await form(page, 'match').locator('select').nth(0).selectOption('1');
  await form(page, 'match').locator('select').nth(1).selectOption('0');
  await action(page, 'match', 'check').click();
  await form(page, 'text').locator('input').fill('et helt forkert og meget langt svar uden mellemrum-der-kan-brydes');
  await action(page, 'text', 'check').click();
  await form(page, 'reflection').locator('textarea').fill('Noget at tage med.');
  const b = form(page, 'branching');
  await b.locator('.choice').nth(1).click();
  await b.locator('.node:not([hidden]) .choice:not([disabled])').nth(1).click();
}

async function axe(page, what) {
  await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  assertNone(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `axe on ${what}`);
}

describe('the answered state', () => {
  for (const width of [320, 360, 390, 1280]) {
    it(`at ${width} px nothing is wider than the screen after answering every question type`, async () => {
      const { context, page, log } = await newPage(browser, { viewport: { width, height: 800 } });
      await page.goto(mini.base + EXERCISE);
      await answerAll(page);
      const wide = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > vw) { out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${vw} px`); }
        document.querySelectorAll('form.question *').forEach((e) => {
          const r = e.getBoundingClientRect();
          if (r.width && r.right > vw + 1 && !e.closest('.visually-hidden')) { out.push(`${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(r.right)} px`); }
        });
        return out.slice(0, 10);
      });
      assertNone(wide, `answered questions at ${width} px`);
      // Each verdict sits on its own line under its option, whole.
      const marks = await page.locator('form[data-q="multiple"] .option .mark').evaluateAll((ms) => ms.map((m) => {
        const opt = m.closest('.option').querySelector('.opt-letter').getBoundingClientRect();
        const r = m.getBoundingClientRect();
        return { below: r.top >= opt.bottom - 1, lines: Math.round(r.height / parseFloat(getComputedStyle(m).lineHeight)) };
      }));
      assert.ok(marks.length === 3 && marks.every((m) => m.below && m.lines === 1), `multiple at ${width} px: each verdict on one line under its option: ${JSON.stringify(marks)}`);
      assert.deepEqual(log.problems(), [], 'no console errors');
      await context.close();
    });
  }

  it('marks a right option that was not ticked "Mangler", in the text screen readers get', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(mini.base + EXERCISE);
    await form(page, 'multiple').locator('input').nth(0).check();
    await form(page, 'multiple').locator('input').nth(1).check();
    await action(page, 'multiple', 'check').click();
    const marks = await form(page, 'multiple').locator('.option .mark').allInnerTexts();
    assert.deepEqual(marks.map((m) => m.trim()), ['✓ Rigtigt', '✗ Ikke helt rigtigt', '○ Mangler'], 'ticked right, ticked wrong, missed');
    const name = await form(page, 'multiple').locator('input').nth(2).evaluate((i) => i.labels[0].textContent.replace(/\s+/g, ' ').trim());
    assert.ok(name.endsWith('Mangler'), `the missed option's label (its accessible name) says "Mangler": "${name}"`);
    await context.close();
  });

  it('after checking, Tab still reaches every option, which stays unchangeable, and one live region speaks', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(mini.base + EXERCISE);
    await form(page, 'multiple').locator('input').nth(0).check();
    await action(page, 'multiple', 'check').click();
    const live = await form(page, 'multiple').evaluate((f) => [...f.closest('.exercise').querySelectorAll('[aria-live], [role="status"]')]
      .filter((e) => e.closest('form') === f || !e.closest('form')).map((e) => e.classList[0]));
    assert.deepEqual(live, ['q-feedback'], `${JSON.stringify(live)}: ` + 'the question\'s feedback is the only live region beside it (the score is not live)');
    assert.ok(await page.evaluate(() => !document.activeElement.classList.contains('q-feedback')), 'focus is not moved onto the feedback panel');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-action')), 'retry', 'focus on "Prøv igen"');
    // Shift+Tab walks back through the three checkboxes.
    const seen = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.push(await page.evaluate(() => document.activeElement.matches('form[data-q="multiple"] input') && document.activeElement.value));
    }
    assert.deepEqual(seen, ['2', '1', '0'], 'each option is reachable with Shift+Tab after checking');
    await page.keyboard.press('Space');
    assert.equal(await form(page, 'multiple').locator('input').nth(0).isChecked(), true, 'Space on a checked answer changes nothing');
    await form(page, 'multiple').locator('label').nth(1).click({ force: true });
    assert.equal(await form(page, 'multiple').locator('input').nth(1).isChecked(), false, 'a click on a checked answer changes nothing');
    await context.close();
  });

  it('a mixed ending has its own mark, not the ✗ of a poor one, and sums up the path', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(bundled.base + 'opgaver/jens-praktik-gik-skaevt.html');
    // Find a path to a mixed ending from the DOM, then take it.
    const steps = await page.locator('form.question[data-type="branching"]').first().evaluate((f) => {
      const box = f.querySelector('.branching');
      const nodes = {};
      box.querySelectorAll('.node').forEach((n) => { nodes[n.dataset.node] = { o: n.dataset.outcome, c: [...n.querySelectorAll('.choice')].map((c) => c.dataset.next) }; });
      const q = [[box.dataset.start, []]];
      const seen = new Set();
      while (q.length) {
        const [id, p] = q.shift();
        if (seen.has(id)) { continue; }
        seen.add(id);
        if (nodes[id].o === 'mixed') { return p; }
        nodes[id].c.forEach((n, i) => q.push([n, [...p, i]]));
      }
      return null;
    });
    assert.ok(steps, 'the exercise has a mixed ending');
    const b = page.locator('form.question[data-type="branching"]').first();
    for (const i of steps) { await b.locator('.node:not([hidden]) .choice:not([disabled])').nth(i).click(); }
    const fb = (await b.locator('.q-feedback').innerText()).replace(/\s+/g, ' ');
    assert.ok(fb.startsWith('◐ Blandet forløb'), `mixed ending verdict: "${fb.slice(0, 60)}"`);
    assert.ok(!fb.includes('✗'), 'no ✗ for a mixed ending');
    assert.equal(await b.locator('.path-summary li').count(), steps.length, 'the ending lists each step taken');
    // Earlier replies keep full contrast: no opacity on past steps.
    const opacity = await b.locator('.node.is-past').first().evaluate((n) => getComputedStyle(n).opacity);
    assert.equal(opacity, '1', 'earlier steps are not greyed out');
    await context.close();
  });

  for (const scheme of ['light', 'dark']) {
    it(`axe finds nothing on the answered exercise, ${scheme}`, async () => {
      const { context, page } = await newPage(browser, { colorScheme: scheme, viewport: { width: 360, height: 800 } });
      await page.goto(mini.base + EXERCISE);
      await answerAll(page);
      await axe(page, `the answered exercise (${scheme})`);
      await context.close();
    });
  }
});

describe('the course dashboard', () => {
  it('shows each module as not started, started or done, each part\'s progress, and "Fortsæt"', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(mini.base + 'index.html');
    const tags = () => page.locator('.task').evaluateAll((ts) => ts.map((t) => [t.dataset.m, t.querySelector('.tag')?.textContent]));
    assert.deepEqual((await tags()).map((t) => t[1]), ['Ikke startet', 'Ikke startet', 'Ikke startet'], 'a new learner: nothing started');
    assert.equal(await page.locator('[data-resume-link]').innerText(), 'Start kurset', 'a new learner is offered the start');
    assert.equal(await page.locator('[data-resume-link]').getAttribute('href'), 'grundlag/evner.html');
    // Open the first module (no exercise trains it alone? then reading it is enough) and the second.
    await page.goto(mini.base + 'grundlag/evner.html');
    await page.goto(mini.base + 'index.html');
    const after1 = Object.fromEntries(await tags());
    assert.notEqual(after1['grundlag/evner.html'], 'Ikke startet', 'an opened module is started or done');
    assert.equal(await page.locator('[data-resume-link]').innerText(), 'Fortsæt');
    assert.equal(await page.locator('[data-resume-title]').innerText(), 'Evner før begrænsninger', '"Fortsæt" names where the learner left off');
    // Finish the exercise that trains every module: modules opened become done.
    await page.goto(mini.base + EXERCISE);
    await answerAll(page);
    await page.goto(mini.base + 'index.html');
    const after2 = Object.fromEntries(await tags());
    assert.equal(after2['grundlag/evner.html'], 'Færdig', 'opened and every exercise done: done');
    assert.equal(after2['grundlag/samtalen.html'], 'I gang', 'an exercise begun, the module not yet opened: started');
    assert.match(await page.locator('.part-card').first().locator('[data-progress]').innerText(), /^1 af 2 moduler færdige/);
    // Once the last module is done, "Fortsæt" points at the next one not done.
    assert.equal(await page.locator('[data-resume-link]').getAttribute('href'), 'grundlag/samtalen.html');
    await axe(page, 'the dashboard (light)');
    assert.deepEqual(log.problems(), []);
    await context.close();
  });

  it('lists every part and module without JavaScript, with a start link', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(mini.base + 'index.html');
    assert.equal(await page.locator('.task a').count(), 3);
    assert.equal(await page.locator('.tag').count(), 0, 'no made-up states');
    assert.equal(await page.locator('[data-resume-link]').getAttribute('href'), 'grundlag/evner.html');
    await context.close();
  });

  it('axe finds nothing on the dashboard and a module page in dark mode', async () => {
    const { context, page } = await newPage(browser, { colorScheme: 'dark' });
    await page.goto(bundled.base + 'jobfokus/forventningsafstemning.html');
    await axe(page, 'a module (dark)');
    await page.goto(bundled.base + 'index.html');
    await axe(page, 'the dashboard (dark)');
    await context.close();
  });
});

describe('the module header', () => {
  it('gives the part, "Modul n af m" and the duration, and "På denne side" on the right at 1280 px', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(bundled.base + 'jobfokus/forventningsafstemning.html');
    const meta = await page.locator('.page-header .meta').innerText();
    assert.match(meta, /Modul 2 af 6/);
    assert.match(meta, /Varighed: 40 min\./);
    assert.match(await page.locator('.page-header .kicker').innerText(), /DEL 4 · JOBFOKUS/i);
    const [toc, prose] = await Promise.all([page.locator('.page-toc').boundingBox(), page.locator('.prose').boundingBox()]);
    assert.ok(toc.x > prose.x + prose.width, `"På denne side" sits right of the text (${toc.x} > ${prose.x + prose.width})`);
    assert.equal(await page.locator('[role="region"][aria-label="Tabel"]').count(), 0, 'tables are not landmarks');
    await context.close();
  });
});
