// Answers kept in localStorage: restored after a reload (served and from
// file://), cleared by "Nulstil mine svar", and not restored for a question
// whose exercise was edited since.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MINI_COURSE, build, fileUrl, launch, newPage, serve, sites, tmpDir } from './lib/harness.mjs';
import { EXERCISE, action, assertChecked, assertRight, assertWrong, feedback, form, orderItems, score } from './lib/quiz.mjs';

let browser;
let server;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().mini)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const option = (page, qid, text) => form(page, qid).locator('label.option', { hasText: text });
const checked = (page, qid) => form(page, qid).locator('input').evaluateAll((is) => is.map((i) => i.checked));
const storedKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':ex:')));

/** Answer a mix of questions; returns the score text. */
async function answerSome(page) {
  await option(page, 'single', 'Hvad kan du ikke?').click();
  await action(page, 'single', 'check').click();
  await option(page, 'multiple', 'Hvad tænker du om det?').click();
  await option(page, 'multiple', 'Hvordan gik det?').click();
  await action(page, 'multiple', 'check').click();
  await action(page, 'order', 'solution').click();
  const selects = form(page, 'match').locator('select');
  await selects.nth(0).selectOption({ label: 'Nødvendighedsmotivation' });
  await action(page, 'match', 'check').click();
  await form(page, 'text').locator('input').fill('Progressionsmål');
  await action(page, 'text', 'check').click();
  await option(page, 'truefalse', 'Falsk').click();
  await action(page, 'truefalse', 'check').click();
  await action(page, 'truefalse', 'retry').click();
  await form(page, 'reflection').locator('textarea').fill('Min refleksion.');
  await form(page, 'reflection').locator('.q-saved').waitFor({ state: 'visible' });
  await form(page, 'branching').locator('.choice[data-next="midt"]').click();
  return score(page);
}

async function assertRestored(page, where) {
  assert.deepEqual(await checked(page, 'single'), [true, false], `${where}: question "single": the chosen option is restored`);
  let fb = await feedback(page, 'single');
  assertWrong(fb, 'single');
  assert.ok(fb.includes('Det ser på begrænsninger.'), `${where}: question "single": its feedback is shown again, got "${fb}"`);
  await assertChecked(page, 'single');
  assert.deepEqual(await checked(page, 'multiple'), [true, false, true], `${where}: question "multiple": both choices restored`);
  assertRight(await feedback(page, 'multiple'), 'multiple');
  assert.deepEqual(await orderItems(page, 'order'), ['Først', 'Så', 'Til sidst'], `${where}: question "order": the order is restored`);
  fb = await feedback(page, 'order');
  assert.ok(fb.startsWith('Vis løsning'), `${where}: question "order": restored as a shown solution, got "${fb}"`);
  const m = await form(page, 'match').locator('select').evaluateAll((s) => s.map((x) => x.value));
  assert.deepEqual(m, ['1', ''], `${where}: question "match": the chosen pair is restored`);
  assertWrong(await feedback(page, 'match'), 'match', '0 af 2 rigtige');
  assert.equal(await form(page, 'text').locator('input').inputValue(), 'Progressionsmål', `${where}: question "text": the typed answer is restored`);
  assertRight(await feedback(page, 'text'), 'text');
  assert.deepEqual(await checked(page, 'truefalse'), [false, true], `${where}: question "truefalse": an answer opened with "Prøv igen" is restored`);
  assert.equal(await feedback(page, 'truefalse'), '', `${where}: question "truefalse": reopened with "Prøv igen", so no feedback`);
  assert.ok(await action(page, 'truefalse', 'check').isVisible(), `${where}: question "truefalse": "Tjek svar" is offered again`);
  assert.equal(await form(page, 'reflection').locator('textarea').inputValue(), 'Min refleksion.', `${where}: question "reflection": the text is restored`);
  const visible = await form(page, 'branching').locator('.node:not([hidden])').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-node')));
  assert.deepEqual(visible, ['start', 'midt'], `${where}: question "branching": the conversation so far is restored`);
  assert.ok(await page.locator('[data-action="reset"]').isVisible(), `${where}: "Nulstil mine svar" shows when answers are stored`);
}

describe('stored answers', () => {
  it('are restored after a reload, and "Nulstil mine svar" clears them', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + EXERCISE);
    const before = await answerSome(page);
    assert.equal(before, '2 af 7 rigtige', `${EXERCISE}: score after answering some questions`);
    await page.reload();
    await assertRestored(page, 'after a reload');
    assert.equal(await score(page), before, 'after a reload: the score is the same');

    // The module page's card for the exercise shows the state, and leads back to the answers.
    await page.goto(server.base + 'grundlag/evner.html');
    const card = page.locator('.exercise-card[data-card="alle-typer"]');
    assert.equal(await card.locator('[data-card-state]').textContent(), 'I gang', 'grundlag/evner.html: the card of a begun exercise says "I gang"');
    await Promise.all([page.waitForURL(/opgaver\/alle-typer\.html$/), card.locator('a.button').click()]);
    await assertRestored(page, 'opened from the card');

    await page.locator('[data-action="reset"]').click();
    assert.equal(await score(page), 'Dine svar er nulstillet.', 'the reset is confirmed');
    assert.deepEqual(await storedKeys(page), [], '"Nulstil mine svar" removes the stored answers of the exercise');
    for (const q of ['single', 'multiple', 'order', 'match', 'text', 'branching']) {
      assert.equal(await feedback(page, q), '', `question "${q}": no feedback after the reset`);
    }
    assert.deepEqual(await checked(page, 'single'), [false, false], 'question "single": unchecked after the reset');
    await page.reload();
    assert.equal(await score(page), '', 'after reset and reload: no score');
    assert.deepEqual(await checked(page, 'multiple'), [false, false, false], 'after reset and reload: question "multiple" is empty');
    assert.equal(await form(page, 'reflection').locator('textarea').inputValue(), '', 'after reset and reload: the reflection is empty');
    assert.ok(!(await page.locator('[data-action="reset"]').isVisible()), 'after reset and reload: "Nulstil mine svar" is hidden');
    assert.deepEqual(log.problems(), [], 'no console error or failed request');
    await context.close();
  });

  it('are restored when the site is opened from file://', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(fileUrl(sites().mini, EXERCISE));
    await answerSome(page);
    await page.reload();
    await assertRestored(page, 'file://, after a reload');
    assert.deepEqual(log.problems(), [], 'file://: no console error or failed request');
    await context.close();
  });

  it('of a question whose exercise was edited are not restored', async () => {
    // A copy of the mini course, built, answered, edited, rebuilt into the same folder.
    const work = tmpDir('edited');
    const course = path.join(work, 'course');
    fs.cpSync(MINI_COURSE, course, { recursive: true });
    const out = path.join(work, 'site');
    build(course, out);
    const edited = await serve(out);
    // No offline worker: this test reloads straight after a rebuild (offline.test.mjs covers updates).
    const { context, page, log } = await newPage(browser, { serviceWorkers: 'block' });
    try {
      const url = edited.base + EXERCISE;
      await page.goto(url);
      await option(page, 'single', 'Hvad lykkedes sidst?').click();
      await action(page, 'single', 'check').click();
      await option(page, 'multiple', 'Hvad tænker du om det?').click();
      await option(page, 'multiple', 'Hvordan gik det?').click();
      await action(page, 'multiple', 'check').click();
      assert.equal(await score(page), '2 af 7 rigtige', 'edited exercise: two right answers before the edit');
      const versionBefore = await form(page, 'single').getAttribute('data-version');

      const yaml = path.join(course, 'exercises', 'alle-typer.yaml');
      const text = fs.readFileSync(yaml, 'utf8');
      const from = 'prompt: Hvilket spørgsmål tager afsæt i evner?';
      assert.ok(text.includes(from), 'the fixture still has the prompt this test edits');
      fs.writeFileSync(yaml, text.replace(from, 'prompt: Hvilket spørgsmål tager tydeligst afsæt i borgerens evner?'));
      build(course, out);

      await page.reload();
      assert.notEqual(await form(page, 'single').getAttribute('data-version'), versionBefore,
        'fokus gives the edited question a new data-version');
      assert.deepEqual(await checked(page, 'single'), [false, false], 'edited question "single": the stale answer is not restored');
      assert.equal(await feedback(page, 'single'), '', 'edited question "single": no stale feedback');
      assert.ok(await action(page, 'single', 'check').isVisible(), 'edited question "single": can be answered anew');
      assert.deepEqual(await checked(page, 'multiple'), [true, false, true], 'unchanged question "multiple": its answer is still restored');
      assertRight(await feedback(page, 'multiple'), 'multiple');
      assert.equal(await score(page), '1 af 7 rigtige', 'after the edit the score counts only answers to unchanged questions');
      // The navigation's "done" marks must not count the stale answer either.
      const stored = await page.evaluate(() => {
        const k = Object.keys(localStorage).find((x) => x.endsWith(':ex:alle-typer'));
        return JSON.parse(localStorage.getItem(k));
      });
      assert.ok(!('single' in stored.q), 'the stale answer is dropped from localStorage');
      assert.equal(stored.right, 1, `the stored count of right answers is updated on load (stored ${stored.right})`);
      assert.deepEqual(log.problems(), [], 'edited exercise: no console error or failed request');
    } finally {
      await context.close();
      await edited.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
