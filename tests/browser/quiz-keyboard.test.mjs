// Every question type of alle-typer by keyboard alone: Tab and Shift+Tab to
// move, Space and Enter to press, arrow keys in radio groups and selects. No
// click and no scripted focus: a control that cannot be reached with Tab
// fails the test.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, newPage, serve, sites, tabTo } from './lib/harness.mjs';
import {
  EXERCISE, action, assertChecked, assertFocusOnAction, assertFocusOnFirstControl, assertOpen,
  assertRight, assertWrong, feedback, focusInfo, form, orderItems, score,
} from './lib/quiz.mjs';

let browser;
let server;
let ctx;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().mini)]);
  ctx = await newPage(browser);
  await ctx.page.goto(server.base + EXERCISE);
});
after(async () => {
  await ctx?.context.close();
  await browser?.close();
  await server?.close();
});

const sel = (qid, s) => `form[data-q="${qid}"] ${s}`;
const checked = (page, qid) => form(page, qid).locator('input').evaluateAll((is) => is.map((i) => i.checked));

/** Shift+Tab back from the feedback to "Prøv igen" and press Enter. */
async function retryByKeyboard(page, qid) {
  await tabTo(page, sel(qid, '[data-action="retry"]'), { shift: true, max: 8, what: `"Prøv igen" of question "${qid}"` });
  await page.keyboard.press('Enter');
  await assertOpen(page, qid);
  await assertFocusOnFirstControl(page, qid);
}

describe('alle-typer by keyboard alone', () => {
  // The tests run in order on one page: each continues tabbing from where the last left focus.

  it('single: Space picks, Enter checks, Shift+Tab to retry, arrow keys change, Space on the button checks', async () => {
    const { page } = ctx;
    const q = 'single';
    await tabTo(page, sel(q, 'input[type="radio"]'), { what: 'the first option of question "single"' });
    assert.equal((await focusInfo(page, q)).text, '', 'single: Tab lands on a radio button');
    assert.deepEqual(await checked(page, q), [false, false], 'single: Tab alone selects nothing');
    await page.keyboard.press('Space');
    assert.deepEqual(await checked(page, q), [true, false], 'single: Space selects the focused option A');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 3, what: '"Tjek svar" right after the options' });
    await page.keyboard.press('Enter');
    let fb = await feedback(page, q);
    assertWrong(fb, q);
    assert.ok(fb.includes('Det ser på begrænsninger.'), `single (keyboard): the chosen option's feedback shows, got "${fb}"`);
    await assertChecked(page, q);
    await assertFocusOnAction(page, q, 'Enter on "Tjek svar"');

    await retryByKeyboard(page, q);
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await checked(page, q), [false, true], 'single: ArrowDown moves the choice to option B');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 3, what: '"Tjek svar"' });
    await page.keyboard.press('Space');
    fb = await feedback(page, q);
    assertRight(fb, q);
    await assertFocusOnAction(page, q, 'Space on "Tjek svar"');
    assert.equal(await score(page), '1 af 7 rigtige', 'single (keyboard): the score');

    // Hint: Enter opens, Enter closes.
    // Focus stays on "Prøv igen" after checking; "Vis hint" follows it in the button row.
    await tabTo(page, sel(q, '[data-action="hint"]'), { max: 6, what: '"Vis hint"' });
    await page.keyboard.press('Enter');
    assert.ok(await form(page, q).locator('.q-hint').isVisible(), 'single (keyboard): Enter on "Vis hint" shows the hint');
    await page.keyboard.press('Enter');
    assert.ok(!(await form(page, q).locator('.q-hint').isVisible()), 'single (keyboard): Enter again hides it');

    // Show solution.
    await retryByKeyboard(page, q);
    await page.keyboard.press('Space');
    assert.deepEqual(await checked(page, q), [true, false], 'single: after "Prøv igen" focus is on A and Space picks it');
    await tabTo(page, sel(q, '[data-action="solution"]'), { max: 4, what: '"Vis løsning"' });
    await page.keyboard.press('Enter');
    assert.deepEqual(await checked(page, q), [false, true], 'single (keyboard): "Vis løsning" selects B');
    await assertFocusOnAction(page, q, 'Enter on "Vis løsning"');
  });

  it('multiple: Space toggles checkboxes, partly right, retry, right', async () => {
    const { page } = ctx;
    const q = 'multiple';
    await tabTo(page, sel(q, 'input[value="0"]'), { what: 'option A of question "multiple"' });
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.deepEqual(await checked(page, q), [true, true, false], 'multiple: Space, Tab, Space checks A and B');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 3, what: '"Tjek svar"' });
    await page.keyboard.press('Enter');
    const fb = await feedback(page, q);
    assertWrong(fb, q, 'Delvist rigtigt (1 / 3)');
    assert.ok(fb.includes('Lukket.'), `multiple (keyboard): the wrong option's feedback shows, got "${fb}"`);
    await assertFocusOnAction(page, q, 'Enter on "Tjek svar"');
    await retryByKeyboard(page, q);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.deepEqual(await checked(page, q), [true, false, true], 'multiple: B unchecked and C checked by keyboard');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 3, what: '"Tjek svar"' });
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q);
    assert.equal(await score(page), '2 af 7 rigtige', 'multiple (keyboard): single stays right after "Vis løsning", so 2 right');
  });

  it('truefalse: an arrow key picks, Enter in the radio group submits', async () => {
    const { page } = ctx;
    const q = 'truefalse';
    await tabTo(page, sel(q, 'input[type="radio"]'), { what: 'the options of question "truefalse"' });
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await checked(page, q), [false, true], 'truefalse: ArrowDown picks "Falsk"');
    await page.keyboard.press('Enter');
    const fb = await feedback(page, q);
    assertWrong(fb, q);
    assert.ok(fb.includes('Nej.'), `truefalse (keyboard): Enter on a radio button checks the answer and shows its feedback, got "${fb}"`);
    await assertFocusOnAction(page, q, 'Enter in the radio group');
    await retryByKeyboard(page, q);
    await page.keyboard.press('Space');
    assert.deepEqual(await checked(page, q), [true, false], 'truefalse: Space on the focused first option picks "Sandt"');
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q);
  });

  it('order: "Flyt op"/"Flyt ned" buttons by Enter and Space, focus stays on the moved item', async () => {
    const { page } = ctx;
    const q = 'order';
    await tabTo(page, sel(q, '[data-action="check"]'), { what: '"Tjek svar" of question "order"' });
    await page.keyboard.press('Enter');
    assertWrong(await feedback(page, q), q, 'rigtige');
    await retryByKeyboard(page, q);
    const before = await orderItems(page, q);
    await tabTo(page, sel(q, 'button[aria-label="Flyt op: Først"]'), { max: 10, what: '"Flyt op: Først"' });
    for (let i = before.indexOf('Først'); i > 0; i--) { await page.keyboard.press('Space'); }
    assert.equal((await orderItems(page, q))[0], 'Først', 'order: Space on "Flyt op" moves the item up');
    assert.equal((await focusInfo(page, q)).text, 'Flyt op: Først', 'order: focus stays on the button of the moved item');
    const status = await form(page, q).locator('[aria-live="polite"]:not(.q-feedback)').innerText();
    assert.equal(status, 'Først: Placering 1 / 3', `order: the move is announced, got "${status}"`);
    if ((await orderItems(page, q)).join('|') !== 'Først|Så|Til sidst') {
      await tabTo(page, sel(q, 'button[aria-label="Flyt ned: Så"]'), { max: 10, what: '"Flyt ned: Så"' });
      await page.keyboard.press('Enter');
    }
    assert.deepEqual(await orderItems(page, q), ['Først', 'Så', 'Til sidst'], 'order: the keyboard put the items in order');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 10, what: '"Tjek svar"' });
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q);
  });

  it('match: arrow keys choose in each select, wrong then right', async () => {
    const { page } = ctx;
    const q = 'match';
    await tabTo(page, sel(q, 'select'), { what: 'the first select of question "match"' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    const labels = () => form(page, q).locator('select').evaluateAll((s) => s.map((x) => x.selectedOptions[0].textContent));
    assert.deepEqual(await labels(), ['Nødvendighedsmotivation', 'Nødvendighedsmotivation'], 'match: ArrowDown picks the first choice in each select');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 3, what: '"Tjek svar"' });
    await page.keyboard.press('Enter');
    assertWrong(await feedback(page, q), q, '1 af 2 rigtige');
    await assertFocusOnAction(page, q, 'Enter on "Tjek svar"');
    await retryByKeyboard(page, q);
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await labels(), ['Relationsmotivation', 'Nødvendighedsmotivation'], 'match: ArrowDown changes the pair');
    await tabTo(page, sel(q, '[data-action="check"]'), { max: 4, what: '"Tjek svar"' });
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q);
  });

  it('text: typing and Enter checks, retry, right', async () => {
    const { page } = ctx;
    const q = 'text';
    await tabTo(page, sel(q, 'input[type="text"]'), { what: 'the answer field of question "text"' });
    await page.keyboard.type('et mål');
    await page.keyboard.press('Enter');
    assertWrong(await feedback(page, q), q);
    await assertFocusOnAction(page, q, 'Enter in the answer field');
    await retryByKeyboard(page, q);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Progressionsmål');
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q);
  });

  it('reflection: typed text is saved', async () => {
    const { page } = ctx;
    const q = 'reflection';
    await tabTo(page, sel(q, 'textarea'), { what: 'the text area of question "reflection"' });
    await page.keyboard.type('Noget at tage med.');
    await form(page, q).locator('.q-saved').waitFor({ state: 'visible', timeout: 3000 });
  });

  it('branching: Enter on a reply, focus follows the conversation, both endings, restart', async () => {
    const { page } = ctx;
    const q = 'branching';
    await tabTo(page, sel(q, '.choice[data-next="midt"]'), { what: 'the reply »Hvad er svært?« in question "branching"' });
    await page.keyboard.press('Enter');
    let f = await page.evaluate(() => document.activeElement.getAttribute('data-node'));
    assert.equal(f, 'midt', 'branching: after a reply focus moves to the step it leads to');
    assert.ok(await form(page, q).locator('.choice-feedback.is-shown', { hasText: 'Barrierer.' }).isVisible(),
      'branching: the chosen reply\'s feedback shows');
    await tabTo(page, sel(q, '[data-node="midt"] .choice[data-next="svag"]'), { max: 4, what: 'the reply »Det lyder svært.«' });
    await page.keyboard.press('Space');
    assertWrong(await feedback(page, q), q, 'Svagt forløb');
    f = await page.evaluate(() => document.activeElement.getAttribute('data-node'));
    assert.equal(f, 'svag', 'branching: focus moves to the ending');
    await tabTo(page, sel(q, '[data-action="retry"]'), { max: 10, what: '"Start forfra"' });
    await page.keyboard.press('Enter');
    assert.equal(await feedback(page, q), '', 'branching: "Start forfra" clears the outcome');
    const fi = await focusInfo(page, q);
    assert.equal(fi.text, '»Hvad lykkedes sidst?«', 'branching: after "Start forfra" focus is on the first reply');
    await page.keyboard.press('Enter');
    assertRight(await feedback(page, q), q, 'Godt forløb');
  });

  it('"Nulstil mine svar" by keyboard clears everything', async () => {
    const { page } = ctx;
    assert.match(await score(page), /^\d af 7 rigtige$/, 'a score shows before the reset');
    await tabTo(page, '[data-action="reset"]', { shift: true, max: 120, what: '"Nulstil mine svar"' });
    await page.keyboard.press('Enter');
    assert.equal(await score(page), 'Dine svar er nulstillet.', 'the reset is confirmed in the live score line');
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match', 'text', 'branching']) {
      assert.equal(await feedback(page, q), '', `question "${q}": no feedback after the reset`);
    }
    assert.equal(await form(page, 'reflection').locator('textarea').inputValue(), '', 'reflection: cleared by the reset');
    const f = await focusInfo(page, 'single');
    assert.ok(f.inQuestion, `after the reset focus goes to the first question, not <${f.tag}> "${f.text}"`);
    assert.deepEqual(ctx.log.problems(), [], `${EXERCISE}: no console error while using the keyboard`);
  });
});
