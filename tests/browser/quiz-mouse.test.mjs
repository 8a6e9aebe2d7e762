// Every question type of the mini course's alle-typer exercise, by mouse:
// a wrong answer shows that option's feedback, retry, a right answer, show
// solution, hint, and the score "n af m rigtige".

import assert from 'node:assert/strict';
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import { launch, newPage, serve, sites } from './lib/harness.mjs';
import {
  EXERCISE, action, assertChecked, assertFocusOnAction, assertFocusOnFirstControl, assertOpen,
  assertRight, assertWrong, feedback, form, orderItems, score,
} from './lib/quiz.mjs';

let browser;
let server;
let ctx;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().mini)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  ctx = await newPage(browser);
  await ctx.page.goto(server.base + EXERCISE);
});
afterEach(async () => {
  assert.deepEqual(ctx.log.problems(), [], `${EXERCISE}: no console error or failed request`);
  await ctx.context.close();
});

const option = (page, qid, text) => form(page, qid).locator('label.option', { hasText: text });

describe('alle-typer by mouse', () => {
  it('starts with no feedback, no score and no reset button', async () => {
    const { page } = ctx;
    assert.equal(await score(page), '', 'no score before any answer');
    assert.ok(!(await page.locator('[data-action="reset"]').isVisible()), '"Nulstil mine svar" is hidden before any answer');
    for (const qid of ['single', 'multiple', 'truefalse', 'order', 'match', 'text']) {
      assert.equal(await feedback(page, qid), '', `question "${qid}": no feedback before answering`);
      assert.ok(await action(page, qid, 'check').isVisible(), `question "${qid}": has a visible "Tjek svar" button`);
      assert.ok(await action(page, qid, 'solution').isVisible(), `question "${qid}": has a visible "Vis løsning" button`);
    }
    assert.equal(await page.locator('.q-key').first().isVisible(), false, 'with JavaScript the static answer key is hidden');
  });

  it('single: asks for an answer first, wrong → its feedback, retry, right, solution, hint', async () => {
    const { page } = ctx;
    const q = 'single';
    await action(page, q, 'check').click();
    assert.equal(await feedback(page, q), 'Vælg et svar først.', 'single: checking with no choice asks for one');

    await option(page, q, 'Hvad kan du ikke?').click();
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q);
    assert.ok(fb.includes('Det ser på begrænsninger.'), `single: the chosen option's feedback shows, got "${fb}"`);
    assert.ok(!fb.includes('Det ser på evner.'), `single: feedback of an option not chosen is not shown, got "${fb}"`);
    assert.ok(fb.includes('Forklaring') && fb.includes('Evner først.'), `single: the explanation shows, got "${fb}"`);
    assert.match(await option(page, q, 'Hvad kan du ikke?').innerText(), /✗ Ikke helt rigtigt/, 'single: the wrong option is marked with ✗ and text');
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, '"Tjek svar"');
    assert.equal(await score(page), '0 af 7 rigtige', 'single: the score counts the wrong answer');

    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await assertFocusOnFirstControl(page, q);
    await option(page, q, 'Hvad lykkedes sidst?').click();
    await action(page, q, 'check').click();
    fb = await feedback(page, q);
    assertRight(fb, q);
    assert.ok(fb.includes('Det ser på evner.'), `single: the right option's feedback shows, got "${fb}"`);
    assert.equal(await score(page), '1 af 7 rigtige', 'single: the score counts the right answer');

    await action(page, q, 'retry').click();
    await option(page, q, 'Hvad kan du ikke?').click();
    await action(page, q, 'solution').click();
    assert.ok(await form(page, q).locator('input[value="1"]').isChecked(), 'single: "Vis løsning" selects the right option');
    assert.ok(!(await form(page, q).locator('input[value="0"]').isChecked()), 'single: "Vis løsning" clears the wrong option');
    fb = await feedback(page, q);
    assert.ok(fb.includes('Det ser på evner.') && fb.includes('Evner først.'), `single: the solution shows feedback and explanation, got "${fb}"`);
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, '"Vis løsning"');

    const hintBtn = action(page, q, 'hint');
    const hint = form(page, q).locator('.q-hint');
    assert.ok(!(await hint.isVisible()), 'single: the hint is hidden at first');
    await hintBtn.click();
    assert.ok(await hint.isVisible(), 'single: "Vis hint" shows the hint');
    assert.equal(await hintBtn.getAttribute('aria-expanded'), 'true', 'single: the hint button says it is expanded');
    assert.equal(await hint.innerText(), 'Tænk på det, der virker.', 'single: the hint text');
    await hintBtn.click();
    assert.ok(!(await hint.isVisible()), 'single: a second click hides the hint');
  });

  it('multiple: partly right → feedback for every option, retry, right, solution', async () => {
    const { page } = ctx;
    const q = 'multiple';
    await option(page, q, 'Hvad tænker du om det?').click();
    await option(page, q, 'Er du træt?').click();
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q, 'Delvist rigtigt (1 / 3)');
    assert.ok(fb.includes('Lukket.'), `multiple: the wrongly chosen option's feedback shows, got "${fb}"`);
    assert.ok(fb.includes('Hvordan gik det?'), `multiple: the missed right option is explained, got "${fb}"`);
    assert.match(await option(page, q, 'Er du træt?').innerText(), /✗/, 'multiple: the wrong choice is marked ✗');
    assert.match(await option(page, q, 'Hvad tænker du om det?').innerText(), /✓ Rigtigt/, 'multiple: the right choice is marked ✓');
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, '"Tjek svar"');

    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await assertFocusOnFirstControl(page, q);
    await option(page, q, 'Er du træt?').click();
    await option(page, q, 'Hvordan gik det?').click();
    await action(page, q, 'check').click();
    fb = await feedback(page, q);
    assertRight(fb, q);
    assert.equal(await score(page), '1 af 7 rigtige', 'multiple: a right answer scores');

    await action(page, q, 'retry').click();
    await option(page, q, 'Er du træt?').click();
    await action(page, q, 'solution').click();
    const checked = await form(page, q).locator('input').evaluateAll((is) => is.map((i) => i.checked));
    assert.deepEqual(checked, [true, false, true], 'multiple: "Vis løsning" checks exactly the right options');
  });

  it('truefalse: wrong → its feedback, retry, right', async () => {
    const { page } = ctx;
    const q = 'truefalse';
    await option(page, q, 'Falsk').click();
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q);
    assert.ok(fb.includes('Nej.'), `truefalse: the chosen option's feedback shows, got "${fb}"`);
    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await option(page, q, 'Sandt').click();
    await action(page, q, 'check').click();
    fb = await feedback(page, q);
    assertRight(fb, q);
    assert.ok(fb.includes('Ja.'), `truefalse: the right option's feedback shows, got "${fb}"`);
    assert.equal(await score(page), '1 af 7 rigtige', 'truefalse: a right answer scores');
  });

  it('order: wrong order → marks per item, retry, move buttons, right, solution', async () => {
    const { page } = ctx;
    const q = 'order';
    const start = await orderItems(page, q);
    assert.notDeepEqual(start, ['Først', 'Så', 'Til sidst'], 'order: the items do not start in the right order');
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q, 'rigtige');
    const marks = await form(page, q).locator('.order-list li .mark').allInnerTexts();
    assert.equal(marks.length, 3, 'order: every item gets a ✓ or ✗ mark');
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, '"Tjek svar"');

    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await assertFocusOnFirstControl(page, q);
    // Move "Først" to the top with its "Flyt op" button.
    while ((await orderItems(page, q))[0] !== 'Først') {
      await form(page, q).locator('button[aria-label="Flyt op: Først"]').click();
    }
    while ((await orderItems(page, q)).join('|') !== 'Først|Så|Til sidst') {
      await form(page, q).locator('button[aria-label="Flyt ned: Så"]').click();
    }
    const status = await form(page, q).locator('[aria-live="polite"]:not(.q-feedback)').innerText();
    assert.match(status, /Placering \d \/ 3/, `order: a live region announces the new position, got "${status}"`);
    await action(page, q, 'check').click();
    assertRight(await feedback(page, q), q);
    assert.equal(await score(page), '1 af 7 rigtige', 'order: a right order scores');

    await action(page, q, 'retry').click();
    await form(page, q).locator('button[aria-label="Flyt ned: Først"]').click();
    await action(page, q, 'solution').click();
    assert.deepEqual(await orderItems(page, q), ['Først', 'Så', 'Til sidst'], 'order: "Vis løsning" puts the items in order');
  });

  it('match: wrong pairs → marks per row, retry, right, solution', async () => {
    const { page } = ctx;
    const q = 'match';
    const selects = form(page, q).locator('select');
    await selects.nth(0).selectOption({ label: 'Nødvendighedsmotivation' });
    await selects.nth(1).selectOption({ label: 'Relationsmotivation' });
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q, '0 af 2 rigtige');
    assert.equal(await form(page, q).locator('.match-row .mark').count(), 2, 'match: every row gets a ✓ or ✗ mark');
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, '"Tjek svar"');
    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await assertFocusOnFirstControl(page, q);
    await selects.nth(0).selectOption({ label: 'Relationsmotivation' });
    await selects.nth(1).selectOption({ label: 'Nødvendighedsmotivation' });
    await action(page, q, 'check').click();
    assertRight(await feedback(page, q), q);
    assert.equal(await score(page), '1 af 7 rigtige', 'match: right pairs score');
    await action(page, q, 'retry').click();
    await selects.nth(0).selectOption({ label: 'Vælg …' });
    await action(page, q, 'solution').click();
    assert.deepEqual(await selects.evaluateAll((s) => s.map((x) => x.selectedOptions[0].textContent)),
      ['Relationsmotivation', 'Nødvendighedsmotivation'], 'match: "Vis løsning" selects the right pairs');
  });

  it('text: wrong (no answers given away), retry, retry, right ignoring case and spaces', async () => {
    const { page } = ctx;
    const q = 'text';
    const input = form(page, q).locator('input[type="text"]');
    await input.click();
    await input.fill('et mål');
    await action(page, q, 'check').click();
    let fb = await feedback(page, q);
    assertWrong(fb, q);
    assert.ok(!fb.includes('Godkendte svar'), `text: a wrong answer does not list every accepted answer (they come with "Vis løsning"), got "${fb}"`);
    await assertChecked(page, q);
    await action(page, q, 'retry').click();
    await assertOpen(page, q);
    await assertFocusOnFirstControl(page, q);
    await input.fill('  Et   PROGRESSIONSMÅL ');
    await action(page, q, 'check').click();
    assertRight(await feedback(page, q), q);
    assert.equal(await score(page), '1 af 7 rigtige', 'text: a right answer scores');
    await action(page, q, 'retry').click();
    await input.fill('');
    await action(page, q, 'solution').click();
    assert.equal(await input.inputValue(), 'progressionsmål', 'text: "Vis løsning" fills in the first accepted answer');
    assert.ok((await feedback(page, q)).includes('Godkendte svar: progressionsmål, et progressionsmål'), 'text: "Vis løsning" lists the accepted answers');
  });

  it('reflection: free text is saved on the device and not scored', async () => {
    const { page } = ctx;
    const q = 'reflection';
    await form(page, q).locator('textarea').fill('Jeg tager evnerne med.');
    await form(page, q).locator('.q-saved').waitFor({ state: 'visible', timeout: 3000 });
    assert.equal(await form(page, q).locator('[data-action="check"]').count(), 0, 'reflection: has no "Tjek svar"');
    assert.equal(await score(page), '0 af 7 rigtige', 'reflection: the answer is kept but not scored');
  });

  it('all right: "7 af 7 rigtige" and the navigation marks the modules done', async () => {
    const { page } = ctx;
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match', 'text']) {
      await action(page, q, 'solution').click();
    }
    assert.equal(await score(page), '0 af 7 rigtige', 'shown solutions do not count as right answers');
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match', 'text']) {
      await action(page, q, 'retry').click();
      await action(page, q, 'check').click();
      assertRight(await feedback(page, q), q);
    }
    const f = form(page, 'branching');
    await f.locator('.choice', { hasText: '»Hvad lykkedes sidst?«' }).click();
    assert.equal(await score(page), '7 af 7 rigtige', 'every question answered right');
    await page.goto(server.base + 'grundlag/evner.html');
    const done = await page.locator('#fokus-nav li:not(.nav-part)').filter({ has: page.locator('.nav-done') }).locator('> a').allInnerTexts();
    assert.deepEqual(done.sort(), ['Evner før begrænsninger', 'Opfølgning', 'Samtalen'],
      'the navigation marks every module the finished exercise trains as done');
    assert.match(await page.locator('#fokus-nav .nav-done').first().innerText(), /✓\s*færdig/, 'the done mark has text, not only a colour or icon');
  });
});
