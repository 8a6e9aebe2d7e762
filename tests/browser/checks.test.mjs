// Self-checks that measure (issue 15), on the fixture course tests/fixtures/checks:
// options and branching choices shown in an order drawn per learner (same after a
// reload, a new draw on "Prøv igen", letters and keyboard order following the shown
// order, the written order without JavaScript and for `shuffle: false`), with
// axe on every new state.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, assertNone, build, launch, newPage, serve, tmpDir } from './lib/harness.mjs';
import { action, feedback, form } from './lib/quiz.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const COURSE = path.join(REPO, 'tests', 'fixtures', 'checks');
const PAGE = 'opgaver/blandet.html';
const WRITTEN = ['Hvad kan du ikke?', 'Hvad lykkedes sidst?', 'Hvad er svært?', 'Hvem hjælper dig?', 'Hvad siger lægen?'];

let browser;
let server;

before(async () => {
  const site = build(COURSE, path.join(tmpDir('checks'), 'site'));
  [browser, server] = await Promise.all([launch(), serve(site)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The options of a question as shown: [{letter, text, input value}], in DOM (= visual, Tab) order. */
const shown = (page, qid) => form(page, qid).locator('label.option').evaluateAll((ls) => ls.map((l) => ({
  letter: l.querySelector('.opt-letter').textContent.trim(),
  text: l.textContent.replace(/^\s*[A-Z]\.\s*/, '').replace(/\s+/g, ' ').trim(),
  value: l.querySelector('input').value,
})));
const texts = async (page, qid) => (await shown(page, qid)).map((o) => o.text);
const keyLetters = (page, qid) => form(page, qid).locator('.key-options > li > strong').evaluateAll((s) => s.map((x) => x.textContent.trim()));
const keyFeedback = (page, qid) => form(page, qid).locator('.key-options > li > div').evaluateAll((s) => s.map((x) => x.textContent.trim()));
const choices = (page) => form(page, 'samtale').locator('.node[data-node="start"] .choice').evaluateAll((b) => b.map((x) => x.textContent.trim()));

/** A learner with their own seed (each browser context has its own localStorage). */
async function learner(seed) {
  // bypassCSP: the site's CSP forbids inline scripts, and axe is injected as one.
  const { context, page, log } = await newPage(browser, { bypassCSP: true });
  await page.goto(server.base + PAGE);
  if (seed != null) {
    await page.evaluate((s) => {
      const prefix = 'fokus:' + document.documentElement.getAttribute('data-course') + ':';
      Object.keys(localStorage).filter((k) => k.startsWith(prefix)).forEach((k) => localStorage.removeItem(k));
      localStorage.setItem(prefix + 'seed', String(s));
    }, seed);
    await page.reload();
  }
  return { context, page, log };
}

async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ path: AXE }); }
  const v = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((x) => x.nodes.map((n) => `${x.id}: ${n.target.join(' ')}: ${n.failureSummary}`));
  });
  assertNone(v, `${where}: axe violations`);
}

describe('shuffled options', () => {
  it('are drawn per learner: a permutation of the written order, letters A, B, C … in the shown order', async () => {
    const orders = new Set();
    for (let seed = 1; seed <= 8; seed++) {
      const { context, page, log } = await learner(seed);
      const opts = await shown(page, 'fem');
      assert.deepEqual([...opts.map((o) => o.text)].sort(), [...WRITTEN].sort(), `seed ${seed}: the shown options are the written ones`);
      assert.deepEqual(opts.map((o) => o.letter), ['A.', 'B.', 'C.', 'D.', 'E.'], `seed ${seed}: letters follow the shown order`);
      // The answer key (behind "Svar og forklaring") is reordered with them.
      assert.deepEqual(await keyLetters(page, 'fem'), ['A.', 'B.', 'C.', 'D.', 'E.'], `seed ${seed}: the key's letters follow the shown order`);
      const fb = await keyFeedback(page, 'fem');
      const byText = { 'Hvad kan du ikke?': 'Begrænsninger.', 'Hvad lykkedes sidst?': 'Evner.', 'Hvad er svært?': 'Barrierer.', 'Hvem hjælper dig?': 'Netværk, men ikke evner.', 'Hvad siger lægen?': 'Helbred.' };
      assert.deepEqual(fb, opts.map((o) => byText[o.text]), `seed ${seed}: each key entry stays beside its option`);
      orders.add(opts.map((o) => o.text).join('|'));
      assert.deepEqual(await texts(page, 'fast'), ['Hver uge', 'Hver måned', 'Hvert år'], `seed ${seed}: shuffle: false keeps the written order`);
      assertNone(log.problems(), `seed ${seed}`);
      await context.close();
    }
    assert.ok(orders.size >= 4, `8 learners should see several orders, saw ${orders.size}: ${[...orders].join(' / ')}`);
    assert.ok(![...orders].every((o) => o === WRITTEN.join('|')), 'not every learner sees the written order');
  });

  it('keep their order after a reload, and grade and explain the option chosen', async () => {
    const { context, page, log } = await learner();
    const first = await texts(page, 'fem');
    await page.reload();
    assert.deepEqual(await texts(page, 'fem'), first, 'the same order after a reload');
    await form(page, 'fem').locator('label.option', { hasText: 'Hvad er svært?' }).click();
    await action(page, 'fem', 'check').click();
    const fb = await feedback(page, 'fem');
    assert.ok(fb.includes('Ikke helt rigtigt') && fb.includes('Barrierer.'), `the wrong option's own feedback, got "${fb}"`);
    const letter = (await shown(page, 'fem')).find((o) => o.text.startsWith('Hvad er svært?')).letter;
    assert.ok(fb.includes(`${letter} Hvad er svært?`), `the feedback names the option by its shown letter ${letter}, got "${fb}"`);
    await axe(page, 'a shuffled question after a wrong answer');
    await page.reload();
    assert.deepEqual((await texts(page, 'fem')).map((t) => t.replace(/ ✗.*$/, '')), first, 'the same order after answering and reloading');
    assert.ok((await feedback(page, 'fem')).includes('Barrierer.'), 'the answer is restored onto the right option');
    assertNone(log.problems(), 'reload');
    await context.close();
  });

  it('are drawn anew on "Prøv igen", and that order survives a reload', async () => {
    const { context, page, log } = await learner(7);
    const seen = new Set([(await texts(page, 'fem')).join('|')]);
    let last;
    for (let i = 0; i < 4; i++) {
      await form(page, 'fem').locator('label.option', { hasText: 'Hvad kan du ikke?' }).click();
      await action(page, 'fem', 'check').click();
      await action(page, 'fem', 'retry').click();
      last = await texts(page, 'fem');
      seen.add(last.join('|'));
      const focusedText = await page.evaluate(() => document.activeElement.closest('label').textContent.trim());
      assert.ok(focusedText.startsWith('A.'), `after "Prøv igen" focus is on the first shown option, got "${focusedText}"`);
    }
    assert.ok(seen.size >= 2, `four retries should draw a new order at least once, saw ${seen.size}`);
    await page.reload();
    assert.deepEqual(await texts(page, 'fem'), last, 'the last drawn order is kept after a reload');
    assertNone(log.problems(), 'retries');
    await context.close();
  });

  it('follow the shown order with the keyboard', async () => {
    const { context, page } = await learner(3);
    const opts = await shown(page, 'fem');
    await form(page, 'fem').locator(`input[value="${opts[0].value}"]`).focus();
    await page.keyboard.press('Space');
    for (let i = 1; i < opts.length; i++) {
      await page.keyboard.press('ArrowDown');
      const v = await page.evaluate(() => document.activeElement.value);
      assert.equal(v, opts[i].value, `ArrowDown ${i}: on "${opts[i].text}" (the next shown option)`);
    }
    // Multiple choice: Tab goes through the check boxes in the shown order.
    const multi = await shown(page, 'flere');
    await form(page, 'flere').locator(`input[value="${multi[0].value}"]`).focus();
    for (let i = 1; i < multi.length; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.value), multi[i].value, `Tab ${i} in "flere": "${multi[i].text}"`);
    }
    await context.close();
  });

  it('keep the written order without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.base + PAGE);
    assert.deepEqual(await texts(page, 'fem'), WRITTEN);
    assert.deepEqual((await shown(page, 'fem')).map((o) => o.letter), ['A.', 'B.', 'C.', 'D.', 'E.']);
    await context.close();
  });
});

describe('shuffled branching choices', () => {
  it('are drawn per learner, lead where they say and are restored after a reload', async () => {
    const orders = new Set();
    for (let seed = 1; seed <= 6; seed++) {
      const { context, page, log } = await learner(seed);
      const c = await choices(page);
      orders.add(c.join('|'));
      if (seed === 6) {
        await form(page, 'samtale').locator('.choice', { hasText: 'Fortæl om en god dag' }).click();
        assert.ok((await feedback(page, 'samtale')).includes('God'), 'the reply leads to the good ending');
        await axe(page, 'a shuffled conversation at its ending');
        await page.reload();
        assert.deepEqual(await choices(page), c, 'the same order after a reload');
        const pressed = await form(page, 'samtale').locator('.choice[aria-pressed="true"]').innerText();
        assert.equal(pressed.trim(), '»Fortæl om en god dag.«', 'the reply taken is restored by what it says, not where it stood');
        assertNone(log.problems(), 'branching');
      }
      await context.close();
    }
    assert.ok(orders.size >= 3, `6 learners should see several orders, saw ${orders.size}`);
  });
});

const visibleQuestions = (page) => page.locator('form.question').evaluateAll((fs) => fs.filter((f) => !f.hidden).map((f) => [f.getAttribute('data-q'), f.querySelector('.q-num').textContent.trim()]));
const rightOption = { p1: 'Sandt', p2: 'Sandt', p3: 'Falsk', p4: 'Sandt' };

async function answerBlandet(page, femRight) {
  await form(page, 'samtale').locator('.choice', { hasText: 'Fortæl om en god dag' }).click();
  await form(page, 'flere').locator('label.option', { hasText: 'Hvad tænker du om det?' }).click();
  await form(page, 'flere').locator('label.option', { hasText: 'Hvordan gik det?' }).click();
  await action(page, 'flere', 'check').click();
  await form(page, 'fast').locator('label.option', { hasText: 'Hver måned' }).click();
  await action(page, 'fast', 'check').click();
  await form(page, 'fem').locator('label.option', { hasText: femRight ? 'Hvad lykkedes sidst?' : 'Hvad er svært?' }).click();
  await action(page, 'fem', 'check').click();
}

describe('pass mark per exercise', () => {
  it('is stated, judged in words after the last answer, and feeds the course completion rule', async () => {
    const { context, page, log } = await learner(11);
    const rule = (await page.locator('.ex-rule').innerText()).trim();
    assert.equal(rule, 'Krav for at bestå: 80 %');
    await answerBlandet(page, false);
    assert.equal(await page.locator('[data-score]').innerText(), '3 af 4 rigtige – Ikke bestået endnu', '75 % is under the 80 % mark');
    assert.ok((await feedback(page, 'fem')).endsWith('Ikke bestået endnu'), 'the verdict is read out with the last answer');
    await axe(page, 'an exercise not passed yet');
    // The pool counts as done once its questions are answered.
    await page.goto(server.base + 'opgaver/pulje.html');
    for (const [qid] of await visibleQuestions(page)) {
      await form(page, qid).locator('label.option', { hasText: rightOption[qid] }).click();
      await action(page, qid, 'check').click();
    }
    await page.goto(server.base + 'del/modul.html');
    await page.goto(server.base + 'fremskridt/index.html');
    await page.locator('#fokus-completion:not([hidden])').waitFor();
    assert.equal((await page.locator('.completion-status').innerText()).trim(), 'Du har ikke gennemført kurset endnu.', 'an exercise under its pass mark is not done');
    const line = await page.locator('#fokus-progress li li', { hasText: 'Blandede svar' }).innerText();
    assert.ok(line.includes('3 af 4 rigtige – Ikke bestået endnu'), `the progress page judges the exercise in words, got "${line}"`);
    await axe(page, 'progress page with an exercise not passed');

    await page.goto(server.base + PAGE);
    await action(page, 'fem', 'retry').click();
    await form(page, 'fem').locator('label.option', { hasText: 'Hvad lykkedes sidst?' }).click();
    await action(page, 'fem', 'check').click();
    assert.equal(await page.locator('[data-score]').innerText(), '4 af 4 rigtige – Bestået');
    await page.goto(server.base + 'fremskridt/index.html');
    await page.locator('#fokus-completion:not([hidden])').waitFor();
    assert.equal((await page.locator('.completion-status').innerText()).trim(), 'Du har gennemført kurset.', 'passing the exercise completes the course');
    assert.ok((await page.locator('#fokus-progress li li', { hasText: 'Blandede svar' }).innerText()).includes('Bestået'));
    assertNone(log.problems(), 'pass mark');
    await context.close();
  });
});

describe('question pools', () => {
  it('show pick of the questions, numbered anew, the same after a reload, a new draw after "Nulstil mine svar"', async () => {
    const { context, page, log } = await learner(5);
    await page.goto(server.base + 'opgaver/pulje.html');
    const first = await visibleQuestions(page);
    assert.equal(first.length, 2, 'pick: 2 shows two questions');
    assert.deepEqual(first.map((q) => q[1]), ['Spørgsmål 1 / 2', 'Spørgsmål 2 / 2'], 'numbered among the questions shown');
    await page.reload();
    assert.deepEqual(await visibleQuestions(page), first, 'the same questions after a reload');
    for (const [qid] of first) {
      await form(page, qid).locator('label.option', { hasText: rightOption[qid] }).click();
      await action(page, qid, 'check').click();
    }
    assert.equal(await page.locator('[data-score]').innerText(), '2 af 2 rigtige', 'the score is over the questions shown');
    await axe(page, 'a pool, answered');
    const sets = new Set([first.map((q) => q[0]).join()]);
    for (let i = 0; i < 5; i++) {
      await page.locator('[data-action="reset"]').click();
      const now = await visibleQuestions(page);
      assert.equal(now.length, 2);
      sets.add(now.map((q) => q[0]).join());
      await page.reload();
      assert.deepEqual(await visibleQuestions(page), now, 'a new draw is kept after a reload');
      const [qid] = now[0];
      await form(page, qid).locator('label.option', { hasText: rightOption[qid] }).click();
      await action(page, qid, 'check').click();
    }
    assert.ok(sets.size >= 2, `five resets should draw other questions at least once, saw ${[...sets].join(' / ')}`);
    assertNone(log.problems(), 'pool');
    await context.close();
  });

  it('show every question without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.base + 'opgaver/pulje.html');
    assert.equal((await visibleQuestions(page)).length, 4);
    await context.close();
  });
});
