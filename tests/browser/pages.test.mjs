// The progress page (fremskridt/) and the print page (udskrift/): what the
// quiz script stores shows up on the progress page, and the print view hides
// the screen-only parts and shows every module and every conversation step.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, newPage, serve, sites } from './lib/harness.mjs';
import { EXERCISE, action, form } from './lib/quiz.mjs';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line each. */
async function axeRun(page) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ path: AXE }); }
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `[${v.id}] ${v.help} at ${n.target.join(' ')}`));
  });
}

const PROGRESS = 'fremskridt/index.html';
const PRINT = 'udskrift/index.html';

let browser;
let server;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().mini)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('progress page', () => {
  it('shows modules read, exercise scores and reflections, and deletes them all', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + PROGRESS);
    const row = (name) => page.locator('#fokus-progress li', { has: page.locator(`> a:text-is("${name}")`) }).first();
    assert.match(await row('Evner før begrænsninger').innerText(), /ikke læst/, `${PROGRESS}: a module not opened yet is "ikke læst"`);

    await page.goto(server.base + 'grundlag/evner.html');
    await page.goto(server.base + EXERCISE);
    await form(page, 'single').locator('input').nth(1).check();
    await action(page, 'single', 'check').click();
    await form(page, 'reflection').locator('textarea').fill('Jeg vil spørge til det, der virker.');
    await form(page, 'reflection').locator('.q-saved').waitFor({ state: 'visible' });

    await page.goto(server.base + PROGRESS);
    assert.match(await row('Evner før begrænsninger').innerText(), /✓ læst/, `${PROGRESS}: a module opened is marked "✓ læst"`);
    // The course's completion rule (the default: every module opened, every exercise answered) and where the learner stands.
    const rules = await page.locator('#fokus-completion .completion-rule').allInnerTexts();
    assert.deepEqual(rules, ['Åbn alle moduler: ikke opfyldt endnu (1 af 3)', 'Besvar alle spørgsmål i alle opgaver: ikke opfyldt endnu (0 af 1)'],
      `${PROGRESS}: the completion rule with the learner's standing, in words`);
    assert.equal(await page.locator('#fokus-completion .completion-status').innerText(), 'Du har ikke gennemført kurset endnu.', `${PROGRESS}: the overall verdict`);
    assert.match(await row('Samtalen').innerText(), /ikke læst/, `${PROGRESS}: a module not opened stays "ikke læst"`);
    const exercise = page.locator('#fokus-progress li li', { hasText: 'Alle spørgsmålstyper' }).first();
    assert.match(await exercise.innerText(), /1 af 7 rigtige/, `${PROGRESS}: the exercise shows its score`);
    const reflections = await page.locator('#fokus-progress .reflection-answer').allInnerTexts();
    assert.equal(reflections.length, 1, `${PROGRESS}: the one reflection written is listed (found ${reflections.length})`);
    assert.match(reflections[0], /Hvad tager du med\?[\s\S]*Jeg vil spørge til det, der virker\./,
      `${PROGRESS}: the reflection shows its prompt and the text written, got "${reflections[0]}"`);

    // Deleting asks in the page, never in a browser dialog; the button is secondary.
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    const del = page.getByRole('button', { name: 'Slet alle mine svar og fremskridt' });
    const looks = await del.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(document.body).backgroundColor, b.className]);
    assert.equal(looks[0], looks[1], `${PROGRESS}: the delete button is secondary (page-coloured, not filled), class "${looks[2]}"`);
    const ask = page.getByRole('group', { name: /Vil du slette alle dine svar/ });
    assert.equal(await ask.isVisible(), false, `${PROGRESS}: the confirmation is hidden until asked for`);
    const focusId = () => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.textContent));
    // Fortryd: nothing deleted, focus back on the button.
    await del.click();
    assert.ok(await ask.isVisible(), `${PROGRESS}: "Slet alle" shows the confirmation in the page`);
    assert.equal(await del.getAttribute('aria-expanded'), 'true', `${PROGRESS}: the button says the confirmation is open`);
    assert.equal(await focusId(), 'fokus-delete-question', `${PROGRESS}: focus moves to the question, so a screen reader reads it`);
    assert.deepEqual(await axeRun(page), [], `${PROGRESS}: axe with the confirmation open`);
    await page.keyboard.press('Tab');
    assert.equal(await focusId(), 'Ja, slet alt', `${PROGRESS}: Tab from the question reaches "Ja, slet alt"`);
    await ask.getByRole('button', { name: 'Fortryd' }).click();
    assert.equal(await ask.isVisible(), false, `${PROGRESS}: "Fortryd" closes the confirmation`);
    assert.equal(await focusId(), 'Slet alle mine svar og fremskridt', `${PROGRESS}: "Fortryd" returns focus to the delete button`);
    assert.match(await row('Evner før begrænsninger').innerText(), /✓ læst/, `${PROGRESS}: "Fortryd" deletes nothing`);
    // Escape cancels too.
    await del.press('Enter');
    assert.ok(await ask.isVisible(), `${PROGRESS}: the delete button works by keyboard`);
    await page.keyboard.press('Escape');
    assert.equal(await ask.isVisible(), false, `${PROGRESS}: Escape closes the confirmation`);
    assert.equal(await focusId(), 'Slet alle mine svar og fremskridt', `${PROGRESS}: Escape returns focus to the delete button`);
    // Ja, slet alt: everything goes, and the page says so where focus lands.
    await del.click();
    await ask.getByRole('button', { name: 'Ja, slet alt' }).click();
    assert.equal(await ask.isVisible(), false, `${PROGRESS}: the confirmation closes after deleting`);
    const status = page.locator('#fokus-progress [role=status]');
    assert.equal(await status.innerText(), 'Alle dine svar og fremskridt i kurset er slettet.', `${PROGRESS}: the deletion is announced in a status region`);
    assert.ok(await status.evaluate((s) => s === document.activeElement), `${PROGRESS}: focus moves to the announcement`);
    assert.deepEqual(dialogs, [], `${PROGRESS}: no browser dialog was opened`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await del.click();
    assert.deepEqual(await axeRun(page), [], `${PROGRESS}: axe with the confirmation open, dark mode`);
    assert.match(await row('Evner før begrænsninger').innerText(), /ikke læst/, `${PROGRESS}: after deleting, nothing is read`);
    assert.equal(await page.locator('#fokus-progress .reflection-answer').count(), 0, `${PROGRESS}: after deleting, no reflections`);
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fokus:')));
    assert.deepEqual(left, [], `${PROGRESS}: "Slet alle" leaves nothing in localStorage`);
    assert.deepEqual(log.problems(), [], 'no console error or failed request');
    await context.close();
  });
});

describe('print page', () => {
  it('prints every module without navigation or buttons, with every conversation step', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.base + PRINT);
    const modules = await page.locator('.print-module h2').first().count();
    assert.ok(modules > 0, `${PRINT}: holds the modules`);
    const titles = await page.locator('.print-module > h2').allInnerTexts();
    assert.deepEqual(titles, ['1.1 Evner før begrænsninger', '1.2 Samtalen', '2.1 Opfølgning'], `${PRINT}: every module, numbered part.module, in course order`);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.site-header', '#fokus-nav', '.site-footer', '.q-actions', '.screen-only']) {
      const shown = await page.locator(sel).evaluateAll((es) => es.filter((e) => getComputedStyle(e).display !== 'none').length);
      assert.equal(shown, 0, `${PRINT} printed: ${sel} is hidden on paper`);
    }
    const hiddenSteps = await page.locator('.node').evaluateAll((ns) => ns.filter((n) => getComputedStyle(n).display === 'none').length);
    assert.equal(hiddenSteps, 0, `${PRINT} printed: every step of a conversation is on paper`);
    await context.close();
  });
});
