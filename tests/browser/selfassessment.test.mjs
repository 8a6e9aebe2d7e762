// Self-assessment before and after, on the bundled course: the learner rates
// the course's statements at the start (keyboard) and at the end (keyboard
// and mouse); the points are kept over a reload, never scored, and the
// progress page shows each statement's two points side by side, in words,
// "ikke besvaret endnu" where one is missing, printable; axe finds nothing on
// the new states.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { assertNone, focused, launch, newPage, serve, sites, tabTo, tmpDir } from './lib/harness.mjs';
import { form } from './lib/quiz.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BEFORE = 'opgaver/selvvurdering-foer.html';
const AFTER = 'opgaver/selvvurdering-efter.html';
const PROGRESS = 'fremskridt/index.html';

let browser;
let server;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().bundled)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ path: AXE }); }
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `[${v.id}] ${v.help} — at ${n.target.join(' ')}`));
  });
  return violations.map((v) => `${where}: ${v}`);
}

/** The checked point of a statement (its value), or null. */
const chosen = (page, qid) => form(page, qid).locator('input[type="radio"]').evaluateAll((is) => {
  const c = is.find((i) => i.checked);
  return c ? +c.value : null;
});

/** The stored record of an exercise in this browser's localStorage. */
const stored = (page, id) => page.evaluate((ex) => {
  const course = document.documentElement.getAttribute('data-course') || 'kursus';
  return JSON.parse(localStorage.getItem(`fokus:${course}:ex:${ex}`));
}, id);

/** Choose point `n` of a statement with the keyboard only: Tab into the group, Space, then ↓. */
async function rateWithKeys(page, qid, n) {
  await tabTo(page, `form[data-q="${qid}"] input[type="radio"]`, { what: `the scale of "${qid}"` });
  await page.keyboard.press('Space');
  for (let i = 1; i < n; i++) { await page.keyboard.press('ArrowDown'); }
  const at = await focused(page);
  assert.ok(at.includes(`in question "${qid}"`), `keyboard: focus stays in the scale of "${qid}", got ${at}`);
}

/** The progress table's rows: [statement, before, after], as the learner sees them. */
const rows = (page) => page.locator('#fokus-selfassessment tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));

describe('self-assessment before and after', () => {
  it('keeps each point, never scores it, and shows before and after side by side on the progress page', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + BEFORE);
    // Before: two statements, one by keyboard, one by mouse.
    await rateWithKeys(page, 'se-evner', 3);
    assert.equal(await chosen(page, 'se-evner'), 3, 'keyboard: Space then ↓ ↓ chooses point 3');
    await form(page, 'roller').locator('label', { hasText: '2' }).first().click();
    assert.equal(await chosen(page, 'roller'), 2, 'mouse: the label chooses point 2');
    assert.ok(await form(page, 'se-evner').locator('.q-saved').isVisible(), '"Gemt på din enhed" shows once a point is chosen');
    const rec = await stored(page, 'selvvurdering-foer');
    assert.equal(rec.q['se-evner'].a, 3, 'the point is stored under the statement');
    assert.equal(rec.q['se-evner'].h, await form(page, 'se-evner').getAttribute('data-version'), 'with the statement\'s version');
    assert.equal(rec.max, 0, 'a scale is never scored');
    assert.equal((await page.locator('[data-score]').innerText()).trim(), '', 'no score line for a self-assessment');
    assert.equal(await form(page, 'se-evner').locator('[data-action="check"]').count(), 0, 'no "Tjek svar" on a scale');
    assertNone(await axe(page, `${BEFORE} with points chosen`), 'axe violations');
    // A reload keeps the points.
    await page.reload();
    assert.equal(await chosen(page, 'se-evner'), 3, 'after a reload: point 3 is still chosen');
    assert.equal(await chosen(page, 'roller'), 2, 'after a reload: point 2 is still chosen');

    // After: the same statement, by keyboard.
    await page.goto(server.base + AFTER);
    await rateWithKeys(page, 'se-evner', 5);
    assert.equal(await chosen(page, 'se-evner'), 5, 'keyboard: point 5 chosen');
    assertNone(await axe(page, `${AFTER} with a point chosen`), 'axe violations');

    // The progress page: a table with caption and header cells, the points in words.
    await page.goto(server.base + PROGRESS);
    const section = page.locator('#fokus-selfassessment');
    await section.waitFor({ state: 'visible' });
    assert.equal(await section.locator('caption').innerText(), 'Selvvurdering før kurset');
    const heads = await section.locator('thead th[scope="col"]').allInnerTexts();
    assert.deepEqual(heads, ['Udsagn', 'Før', 'Efter'], 'column headers');
    const all = await rows(page);
    assert.equal(all.length, 6, 'one row per statement');
    const row = (start) => all.find((r) => r[0].startsWith(start)) || assert.fail(`no row "${start}…": ${JSON.stringify(all)}`);
    assert.deepEqual(row('Jeg kan flytte en samtale').slice(1), ['3 af 5', '5 af 5 – i høj grad'], 'before and after side by side');
    assert.deepEqual(row('Jeg ved, hvornår jeg er ressourcefinder').slice(1), ['2 af 5', 'ikke besvaret endnu'], 'a missing after says so');
    assert.deepEqual(row('Jeg kan bruge fremtidsbilledet').slice(1), ['ikke besvaret endnu', 'ikke besvaret endnu'], 'neither answered');
    assert.equal(await section.locator('th[scope="row"]').count(), 6, 'each statement is a row header');
    assertNone(await axe(page, `${PROGRESS} with the self-assessment`), 'axe violations');

    // Printable: the table prints, with both points.
    const dir = tmpDir('selfassessment-print');
    const pdf = path.join(dir, 'progress.pdf');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await section.isVisible(), 'the table shows in print');
    await page.pdf({ path: pdf, format: 'A4' });
    const raw = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const flat = raw.replace(/\s+/g, ' ');
    for (const needle of ['Min selvvurdering før og efter', 'Selvvurdering før kurset', 'Udsagn', 'Før', 'Efter']) {
      assert.ok(flat.includes(needle), `the printed progress page shows "${needle}"`);
    }
    // Side by side on paper too: the statement's first line holds both points (cells may wrap).
    const line = raw.split('\n').find((l) => l.includes('Jeg kan flytte en samtale')) || '';
    assert.match(line, /3 af 5\s+5 af 5/, `the printed row shows before and after side by side, got "${line.trim()}"`);
    fs.rmSync(dir, { recursive: true, force: true });
    assertNone(log.problems(), 'page problems');
    await context.close();
  });

  it('counts an answer to an edited statement as not answered yet', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + BEFORE);
    await form(page, 'jobmaal').locator('label', { hasText: '4' }).first().click();
    await page.goto(server.base + PROGRESS);
    await page.locator('#fokus-selfassessment').waitFor({ state: 'visible' });
    let row = (await rows(page)).find((r) => r[0].startsWith('Jeg kan sammen med borgeren gøre'));
    assert.equal(row[1], '4 af 5', 'the stored point shows');
    // The statement is edited (another version): its stored point no longer counts.
    await page.evaluate(() => {
      const k = Object.keys(localStorage).find((x) => x.endsWith(':ex:selvvurdering-foer'));
      const rec = JSON.parse(localStorage.getItem(k));
      rec.q.jobmaal.h = 'edited';
      localStorage.setItem(k, JSON.stringify(rec));
    });
    await page.reload();
    await page.locator('#fokus-selfassessment').waitFor({ state: 'visible' });
    row = (await rows(page)).find((r) => r[0].startsWith('Jeg kan sammen med borgeren gøre'));
    assert.equal(row[1], 'ikke besvaret endnu', 'an answer to another version is not shown');
    // Deleting all data on the progress page empties the table at once.
    await page.goto(server.base + BEFORE);
    await form(page, 'jobmaal').locator('label', { hasText: '4' }).first().click();
    await page.goto(server.base + PROGRESS);
    await page.locator('#fokus-progress button', { hasText: 'Slet' }).click();
    await page.getByRole('button', { name: 'Ja, slet alt' }).click();
    row = (await rows(page)).find((r) => r[0].startsWith('Jeg kan sammen med borgeren gøre'));
    assert.equal(row[1], 'ikke besvaret endnu', 'after "slet alle data" the point is gone from the table');
    assertNone(log.problems(), 'page problems');
    await context.close();
  });

  it('is plain radio buttons in a fieldset without JavaScript', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(server.base + BEFORE);
    const q = form(page, 'se-evner');
    assert.equal(await q.locator('fieldset > legend').count(), 1, 'a legend names the statement');
    assert.equal(await q.locator('label > input[type="radio"]').count(), 5, 'five labelled radio buttons');
    await q.locator('label', { hasText: '4' }).first().click();
    assert.equal(await chosen(page, 'se-evner'), 4, 'a point can be chosen without JavaScript');
    await context.close();
  });
});
