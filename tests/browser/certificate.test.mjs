// The course certificate ("Kursusbevis") and moving answers to another browser
// (issue 15, items 6 and 7), on the fixture tests/fixtures/certificate (two
// modules, a self-test with a pass mark, a reflection, completion rule with
// pass: 50) and on the bundled course for the one-page print:
// - before completion the progress page lists what is missing, with links;
// - a learner who completes the course through the real pages gets the
//   certificate with their typed name, the course title, the organisation,
//   the modules with durations, the total hours, the date and the scores;
// - printing it gives exactly one A4 PDF page holding only the certificate;
// - "Gem mine svar som fil" → "Hent svar fra fil" in a fresh browser restores
//   the answers (served and from file://); a file made before a question
//   changed skips that answer and says 1; broken, wrong-format and
//   foreign-course files say so and leave localStorage byte-identical;
// - axe on every new state; without JavaScript the page says what it needs.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, assertNone, build, fileUrl, launch, newPage, serve, sites, tmpDir } from './lib/harness.mjs';
import { action, feedback, form } from './lib/quiz.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const COURSE = path.join(REPO, 'tests', 'fixtures', 'certificate');
const PROGRESS = 'fremskridt/index.html';
const NAME = 'Åse Ørnø-Bæk';

let browser;
let server;
let changedServer;
let site;
let work;

before(async () => {
  work = tmpDir('certificate');
  site = build(COURSE, path.join(work, 'site'));
  // The same course after one question ("sandt") was edited: its version changes.
  const changed = path.join(work, 'changed');
  fs.cpSync(COURSE, changed, { recursive: true });
  const quiz = path.join(changed, 'exercises', 'quiz.yaml');
  const text = fs.readFileSync(quiz, 'utf8');
  assert.ok(text.includes('Evner kan ses i hverdagen.'));
  fs.writeFileSync(quiz, text.replace('Evner kan ses i hverdagen.', 'Evner kan ses i hverdagen og på arbejdet.'));
  const changedSite = build(changed, path.join(work, 'changed-site'));
  [browser, server, changedServer] = await Promise.all([launch(), serve(site), serve(changedSite)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await changedServer?.close();
  if (work) { fs.rmSync(work, { recursive: true, force: true }); }
});

async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ path: AXE }); }
  const v = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((x) => x.nodes.map((n) => `${x.id}: ${n.target.join(' ')}: ${n.failureSummary}`));
  });
  assertNone(v, `${where}: axe violations`);
}

/** Every localStorage entry, as [key, text] pairs in key order: byte for byte. */
const storage = (page) => page.evaluate(() => Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)]));
const squeeze = (s) => s.replace(/\s+/g, ' ').trim();
const text = async (loc) => squeeze(await loc.innerText());

/** Open the module at `rel`, then its exercise through the card's "Løs opgaven", as a learner would. */
async function openExercise(page, base, rel) {
  await page.goto(base + rel);
  await Promise.all([page.waitForURL(/\/opgaver\//), page.locator('.exercise-card a.button').first().click()]);
}

/** Complete the fixture course through its pages, as a learner would. */
async function completeCourse(page, base) {
  await openExercise(page, base, 'del/forste.html');
  await form(page, 'evne').locator('label.option', { hasText: 'Hvad lykkedes sidst?' }).click();
  await action(page, 'evne', 'check').click();
  await form(page, 'sandt').locator('label.option', { hasText: 'Sandt' }).click();
  await action(page, 'sandt', 'check').click();
  await form(page, 'ord').locator('input').fill('Progressionsmål');
  await action(page, 'ord', 'check').click();
  assert.match(await feedback(page, 'ord'), /Rigtigt/);
  await openExercise(page, base, 'del/andet.html');
  await form(page, 'egen').locator('textarea').fill('Jeg vil spørge til det, der lykkes.');
  await form(page, 'egen').locator('.q-saved').waitFor({ state: 'visible' });
}

/** Choose `file` in "Hent svar fra fil" and wait for the live region's message. */
async function loadFile(page, file) {
  const status = page.locator('#fokus-transfer-status');
  await page.evaluate(() => { document.getElementById('fokus-transfer-status').textContent = ''; });
  // The live region is in the page (not display: none) before it is filled, so it is announced.
  assert.notEqual(await status.evaluate((e) => getComputedStyle(e).display), 'none', 'the empty live region is rendered');
  await page.getByLabel('Hent svar fra fil').setInputFiles(file);
  await page.waitForFunction(() => document.getElementById('fokus-transfer-status').textContent !== '');
  return text(status);
}

/** "Gem mine svar som fil": the downloaded file's path and parsed content. */
async function saveFile(page, tag) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Gem mine svar som fil' }).click(),
  ]);
  const file = path.join(work, `${tag}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename(), json: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

function pdfInfo(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    pages: Number(info.match(/^Pages:\s+(\d+)/m)[1]),
    size: info.match(/^Page size:\s+(.*)$/m)[1],
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
  };
}

/** Print the certificate as the button does (window.print is held back) and read the PDF. */
async function printCertificate(page, tag) {
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await page.getByRole('button', { name: 'Udskriv kursusbevis' }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1, `${tag}: the button opens the print dialog`);
  const file = path.join(work, `${tag}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true });
  // KEEP_PDF=1 keeps a copy in the temp folder to look at.
  if (process.env.KEEP_PDF) { fs.copyFileSync(file, path.join(os.tmpdir(), `certificate-${tag}.pdf`)); }
  return pdfInfo(file);
}

let saved; // the answer file of the learner who completed the course

describe('course certificate', () => {
  it('before completion says what is missing, with links, and axe finds nothing', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + PROGRESS);
    const todo = page.locator('.certificate-todo');
    await todo.waitFor({ state: 'visible' });
    const items = await todo.locator('li').allInnerTexts();
    assert.deepEqual(items.map(squeeze), [
      'Åbn modulet: Første modul',
      'Åbn modulet: Andet modul',
      'Besvar alle spørgsmål i opgaven: Selvtest om evner (0 af 3 besvaret)',
      'Skriv noget i opgaven: Dine tanker',
    ]);
    assert.deepEqual(await todo.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['../del/forste.html', '../del/andet.html', '../opgaver/quiz.html', '../opgaver/tanker.html']);
    assert.ok(!(await page.locator('.certificate').isVisible()), 'no certificate before completion');
    assert.ok(!(await page.getByLabel('Dit navn').isVisible()), 'no name field before completion');
    await axe(page, 'certificate: not completed');

    // Part of the way: one module read, the self-test answered with one right of three.
    await openExercise(page, server.base, 'del/forste.html');
    await form(page, 'evne').locator('label.option', { hasText: 'Hvad kan du ikke?' }).click();
    await action(page, 'evne', 'check').click();
    await form(page, 'sandt').locator('label.option', { hasText: 'Falsk' }).click();
    await action(page, 'sandt', 'check').click();
    await form(page, 'ord').locator('input').fill('Progressionsmål');
    await action(page, 'ord', 'check').click();
    await page.goto(server.base + PROGRESS);
    const now = (await todo.locator('li').allInnerTexts()).map(squeeze);
    assert.deepEqual(now, [
      'Åbn modulet: Andet modul',
      'Nå kravet for at bestå opgaven: Selvtest om evner (du har 33,3 %, kravet er 50 %)',
      'Skriv noget i opgaven: Dine tanker',
    ]);
    assertNone(log.problems(), 'certificate: not completed');
    await context.close();
  });

  it('after completion: typed name, course title, organisation, modules, total hours, date, scores; axe finds nothing', async () => {
    const { context, page, log } = await newPage(browser);
    await completeCourse(page, server.base);
    await page.goto(server.base + PROGRESS);
    const sheet = page.locator('.certificate');
    await sheet.waitFor({ state: 'visible' });
    assert.ok(!(await page.locator('.certificate-todo').isVisible()), 'nothing is missing');
    // Printing without a name asks for it and puts focus in the field.
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
    await page.getByRole('button', { name: 'Udskriv kursusbevis' }).click();
    assert.equal(await page.evaluate(() => window.__printed), 0, 'no print without a name');
    assert.equal(await text(page.locator('#fokus-certificate-status')), 'Skriv dit navn, før du udskriver beviset.');
    assert.equal(await page.locator('#fokus-certificate-status').getAttribute('role'), 'status');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'fokus-certificate-name');
    await page.getByLabel('Dit navn').fill(NAME);
    assert.equal(await text(sheet.locator('.certificate-name')), NAME);
    assert.equal(await text(sheet.locator('.certificate-course')), 'Beviskursus');
    assert.equal(await text(sheet.locator('.certificate-organisation')), 'Udbyder: Jobcenter Testkommunen');
    const rows = await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(rows, ['Første modul 45 min.', 'Andet modul 60 min.']);
    assert.equal(await text(sheet.locator('tfoot')), 'I alt 1,8 timer');
    const date = await text(sheet.locator('.certificate-date'));
    const months = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
    const d = new Date();
    assert.equal(date, `Dato: ${d.getDate()}. ${months[d.getMonth()]} ${d.getFullYear()}`, 'the date in Danish');
    const scores = (await sheet.locator('.certificate-scores li').allInnerTexts()).map(squeeze);
    assert.deepEqual(scores, [
      'Samlet: 100 % rigtige svar (krav for at bestå: 50 %)',
      'Selvtest om evner: 3 af 3 rigtige (krav for at bestå: 50 %)',
    ]);
    assert.match(await text(sheet.locator('.certificate-note')), /udstedt af deltagerens egen browser.*ikke kontrolleret/);
    await axe(page, 'certificate: completed, name typed');
    assertNone(log.problems(), 'certificate: completed');

    // The learner's answer file, for the transfer tests below.
    saved = await saveFile(page, 'complete');
    await context.close();
  });

  it('prints on exactly one A4 page with only the certificate on it', async () => {
    const { context, page } = await newPage(browser);
    await completeCourse(page, server.base);
    await page.goto(server.base + PROGRESS);
    await page.getByLabel('Dit navn').fill(NAME);
    const pdf = await printCertificate(page, 'fixture');
    assert.equal(pdf.pages, 1, `the certificate printed on ${pdf.pages} pages`);
    assert.match(pdf.size, /\(A4\)/, `printed on A4, got ${pdf.size}`);
    const t = squeeze(pdf.text);
    for (const want of [NAME, 'Beviskursus', 'Jobcenter Testkommunen', 'Første modul', '1,8 timer', 'udstedt af deltagerens egen browser']) {
      assert.ok(t.includes(want), `the printed certificate lacks "${want}": ${t}`);
    }
    for (const not of ['Mine fremskridt', 'Dit navn', 'Gem mine svar som fil', 'Krav for at gennemføre kurset', 'Fodnote for test']) {
      assert.ok(!t.includes(not), `the printed certificate shows "${not}" from the rest of the page`);
    }
    // Printing the page itself ("Udskriv siden") leaves the certificate out.
    await page.evaluate(() => document.documentElement.classList.remove('print-certificate'));
    const file = path.join(work, 'page.pdf');
    await page.pdf({ path: file, preferCSSPageSize: true });
    const whole = squeeze(pdfInfo(file).text);
    assert.ok(whole.includes('Mine fremskridt') && !whole.includes(NAME), 'the page printed without the certificate');
    await context.close();
  });

  it('prints on one A4 page for the bundled course (26 modules)', async () => {
    const bundled = sites().bundled;
    const srv = await serve(bundled);
    try {
      const { context, page } = await newPage(browser);
      await page.goto(srv.base + PROGRESS);
      // Every module opened and every exercise answered in full.
      await page.evaluate(() => {
        const prefix = 'fokus:' + document.documentElement.getAttribute('data-course') + ':';
        const read = {};
        window.fokusToc.parts.forEach((p) => p.m.forEach((m) => {
          read[m.u] = 1;
          m.x.forEach((x) => {
            const q = x[1] ? {} : { r: { a: 'Skrevet.', r: 1, p: 'Refleksion' } };
            localStorage.setItem(prefix + 'ex:' + x[0], JSON.stringify({ q, done: x[1], right: x[1], max: x[1] }));
          });
        }));
        localStorage.setItem(prefix + 'read', JSON.stringify(read));
      });
      await page.reload();
      await page.getByLabel('Dit navn').fill(NAME);
      const rows = await page.locator('.certificate tbody tr').count();
      assert.ok(rows >= 20, `the bundled course lists its modules (${rows})`);
      const pdf = await printCertificate(page, 'bundled');
      assert.equal(pdf.pages, 1, `the bundled course's certificate (${rows} modules) printed on ${pdf.pages} pages`);
      assert.ok(squeeze(pdf.text).includes(NAME) && pdf.text.includes('Fokus på evner'));
      await context.close();
    } finally {
      await srv.close();
    }
  });

  it('prints on one A4 page at the limits: 30 long module titles, 13 pass marks, the longest organisation', async () => {
    // The largest certificate the build lists module by module (more modules are listed as parts).
    const root = path.join(work, 'largest');
    const long = 'med en lang titel om samtaler, evner, ressourcer og næste skridt';
    fs.mkdirSync(path.join(root, 'exercises'), { recursive: true });
    fs.writeFileSync(path.join(root, 'course.yaml'), [
      'title: "Et kursus med en meget lang titel om evner, ressourcer, progression og samarbejde i jobcentret"',
      'language: da',
      `organisation: "${'Jobcenter Testkommunen, Afdeling for Uddannelse og Beskæftigelse, '.repeat(2).slice(0, 120).trim()}"`,
      'completion: { modules: all, exercises: all, pass: 60 }',
    ].join('\n'));
    for (let p = 1; p <= 3; p++) {
      fs.mkdirSync(path.join(root, 'content', `del${p}`), { recursive: true });
      fs.writeFileSync(path.join(root, 'content', `del${p}`, '_index.md'), `---\ntitle: Del ${p}\n---\n\nDelen.\n`);
      for (let m = 1; m <= 10; m++) {
        const ex = p === 1 || (p === 2 && m <= 3) ? `\n\n\`\`\`opgave\nx${p}${m}\n\`\`\`\n` : '';
        fs.writeFileSync(path.join(root, 'content', `del${p}`, `m${m}.md`),
          `---\ntitle: Modul ${p}.${m} ${long}\nduration: ${30 + m}\norder: ${m}\n---\n\n## Tekst${ex}`);
        if (ex) {
          fs.writeFileSync(path.join(root, 'exercises', `x${p}${m}.yaml`), [
            `id: x${p}${m}`, `title: Selvtest ${p}.${m} ${long}`, `modules: [del${p}/m${m}]`, 'pass: 80', 'questions:',
            '  - id: a', '    type: truefalse', '    prompt: Evner kan ses.', '    options:',
            '      - { text: Sandt, correct: true, feedback: Ja. }', '      - { text: Falsk, feedback: Nej. }',
          ].join('\n') + '\n');
        }
      }
    }
    const srv = await serve(build(root, path.join(work, 'largest-site')));
    try {
      const { context, page } = await newPage(browser);
      await page.goto(srv.base + PROGRESS);
      await page.evaluate(() => {
        const prefix = 'fokus:' + document.documentElement.getAttribute('data-course') + ':';
        const read = {};
        window.fokusToc.parts.forEach((p) => p.m.forEach((m) => {
          read[m.u] = 1;
          m.x.forEach((x) => localStorage.setItem(prefix + 'ex:' + x[0], JSON.stringify({ q: {}, done: x[1], right: x[1], max: x[1] })));
        }));
        localStorage.setItem(prefix + 'read', JSON.stringify(read));
      });
      await page.reload();
      await page.getByLabel('Dit navn').fill('Maria Kristine Østergaard-Bækgaard Sørensen');
      assert.equal(await page.locator('.certificate tbody tr').count(), 30);
      const scores = (await page.locator('.certificate-scores li').allInnerTexts()).map(squeeze);
      assert.deepEqual(scores, [
        'Samlet: 100 % rigtige svar (krav for at bestå: 60 %)',
        '13 opgaver med krav for at bestå, alle bestået: 13 af 13 rigtige i alt',
      ]);
      const pdf = await printCertificate(page, 'largest');
      assert.equal(pdf.pages, 1, `the largest certificate printed on ${pdf.pages} pages`);
      assert.ok(squeeze(pdf.text).includes('Østergaard-Bækgaard'));
      await context.close();
    } finally {
      await srv.close();
    }
  });

  it('without JavaScript says the certificate needs it', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(server.base + PROGRESS);
    assert.ok(await page.getByText('Kursusbeviset kræver JavaScript').isVisible());
    assert.ok(!(await page.locator('.certificate').isVisible()));
    await context.close();
  });
});

describe('moving answers to another browser', () => {
  it('the file names its format, the course and each answer\'s question version', () => {
    assert.ok(saved, 'the completed learner saved a file');
    assert.match(saved.name, /^beviskursus-mine-svar-\d{4}-\d\d-\d\d\.json$/);
    assert.equal(saved.json.format, 'fokus-svar');
    assert.equal(saved.json.version, 1);
    assert.equal(saved.json.course, 'beviskursus');
    const quiz = saved.json.data['ex:quiz'];
    assert.deepEqual(Object.keys(quiz.q).sort(), ['evne', 'ord', 'sandt']);
    for (const q of Object.values(quiz.q)) { assert.match(q.h, /^[0-9a-f]{8}$/); }
    assert.ok(saved.json.data.read && Object.keys(saved.json.data.read).length === 2);
  });

  it('a fresh browser restores every answer from the file (served); axe finds nothing', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(server.base + PROGRESS);
    assert.ok(await page.locator('.certificate-todo').isVisible(), 'a fresh browser has not completed the course');
    const msg = await loadFile(page, saved.file);
    assert.equal(msg, 'Dine svar er hentet fra filen.');
    // Exactly what the file holds is stored.
    const held = Object.fromEntries((await storage(page)).map(([k, v]) => [k.replace(/^fokus:beviskursus:/, ''), JSON.parse(v)]));
    assert.deepEqual(held, saved.json.data);
    // The page shows the new state at once: completed, certificate offered.
    await page.locator('.certificate').waitFor({ state: 'visible' });
    assert.match(await text(page.locator('#fokus-progress')), /3 af 3 rigtige/);
    await axe(page, 'transfer: loaded');
    // And the exercise page shows the answers.
    await page.goto(server.base + 'opgaver/quiz.html');
    assert.match(await feedback(page, 'evne'), /Rigtigt/);
    assert.equal(await form(page, 'ord').locator('input').inputValue(), 'Progressionsmål');
    await page.goto(server.base + 'opgaver/tanker.html');
    assert.equal(await form(page, 'egen').locator('textarea').inputValue(), 'Jeg vil spørge til det, der lykkes.');
    assertNone(log.problems(), 'transfer: loaded');
    await context.close();
  });

  it('saves and loads from file:// too', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(fileUrl(site, PROGRESS));
    await page.evaluate(() => Object.keys(localStorage).forEach((k) => localStorage.removeItem(k)));
    await page.reload();
    assert.equal(await loadFile(page, saved.file), 'Dine svar er hentet fra filen.');
    await page.locator('.certificate').waitFor({ state: 'visible' });
    const again = await saveFile(page, 'from-disk');
    assert.deepEqual(again.json.data, saved.json.data, 'the file saved from disk holds the same answers');
    await context.close();
  });

  it('asks before replacing answers already in the browser; "no" changes nothing; deleting everything withdraws the certificate', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.base + 'del/andet.html');
    await page.goto(server.base + PROGRESS);
    const before = await storage(page);
    assert.ok(before.length > 0);
    page.once('dialog', (d) => d.dismiss());
    assert.equal(await loadFile(page, saved.file), 'Intet er hentet; dine svar er som før.');
    assert.deepEqual(await storage(page), before);
    page.once('dialog', (d) => d.accept());
    assert.equal(await loadFile(page, saved.file), 'Dine svar er hentet fra filen.');
    assert.ok(await page.locator('.certificate').isVisible());
    // "Slet alle mine svar og fremskridt" (confirmed in the page) takes the certificate away again.
    await page.getByRole('button', { name: 'Slet alle mine svar og fremskridt' }).click();
    await page.getByRole('button', { name: 'Ja, slet alt' }).click();
    await page.locator('.certificate-todo').waitFor({ state: 'visible' });
    assert.ok(!(await page.locator('.certificate').isVisible()), 'no certificate after deleting everything');
    assert.deepEqual(await storage(page), []);
    await context.close();
  });

  it('skips an answer to a question that changed since, and says 1', async () => {
    const { context, page, log } = await newPage(browser);
    await page.goto(changedServer.base + PROGRESS);
    const msg = await loadFile(page, saved.file);
    assert.equal(msg, 'Dine svar er hentet fra filen. 1 svar blev ikke hentet, fordi spørgsmålet er ændret, siden svaret blev givet.');
    const quiz = await page.evaluate(() => JSON.parse(localStorage.getItem('fokus:beviskursus:ex:quiz')));
    assert.deepEqual(Object.keys(quiz.q).sort(), ['evne', 'ord'], 'the changed question\'s answer is not stored');
    assert.equal(quiz.done, 2, 'the answered count is recounted');
    assert.equal(quiz.right, 2);
    // So the course is not complete: the changed question is missing.
    const todo = (await page.locator('.certificate-todo li').allInnerTexts()).map(squeeze);
    assert.deepEqual(todo, ['Besvar alle spørgsmål i opgaven: Selvtest om evner (2 af 3 besvaret)']);
    await page.goto(changedServer.base + 'opgaver/quiz.html');
    assert.equal(await feedback(page, 'sandt'), '', 'the changed question starts empty');
    assert.match(await feedback(page, 'evne'), /Rigtigt/);
    assertNone(log.problems(), 'transfer: changed question');
    await context.close();
  });

  for (const [what, content, expected] of [
    ['broken JSON', '{"format": "fokus-svar", "version": 1, "course": "beviskursus", "data": {', 'Filen kunne ikke læses som en svarfil fra kurset. Intet er ændret.'],
    ['a file of another kind', JSON.stringify({ name: 'noget andet', data: {} }), 'Filen er ikke en svarfil fra kurset, eller den er lavet af en nyere udgave af kurset. Intet er ændret.'],
    ['a newer format version', JSON.stringify({ format: 'fokus-svar', version: 2, course: 'beviskursus', data: {} }), 'Filen er ikke en svarfil fra kurset, eller den er lavet af en nyere udgave af kurset. Intet er ændret.'],
    ['another course\'s file', JSON.stringify({ format: 'fokus-svar', version: 1, course: 'andet-kursus', title: 'Et andet kursus', data: { seed: 5 } }), 'Filen indeholder svar fra et andet kursus (»Et andet kursus«). Intet er ændret.'],
    ['a malformed answer', JSON.stringify({ format: 'fokus-svar', version: 1, course: 'beviskursus', data: { seed: 7, 'ex:quiz': { q: { evne: 'ikke et svar' } } } }), 'Filen kunne ikke læses som en svarfil fra kurset. Intet er ændret.'],
  ]) {
    it(`${what}: a clear message in the live region, localStorage byte-identical; axe finds nothing`, async () => {
      const { context, page, log } = await newPage(browser);
      await completeCourse(page, server.base);
      await page.goto(server.base + PROGRESS);
      const before = await storage(page);
      const file = path.join(work, `bad-${what.replace(/\W+/g, '-')}.json`);
      fs.writeFileSync(file, content);
      page.on('dialog', (d) => { throw new Error(`no question may be asked for ${what}: ${d.message()}`); });
      const msg = await loadFile(page, file);
      assert.equal(msg, expected);
      assert.equal(await page.locator('#fokus-transfer-status').getAttribute('role'), 'status', 'the message is in a live region');
      assert.deepEqual(await storage(page), before, `${what}: localStorage changed`);
      assert.ok(await page.locator('.certificate').isVisible(), 'the certificate is still offered');
      await axe(page, `transfer: ${what}`);
      assertNone(log.problems(), `transfer: ${what}`);
      await context.close();
    });
  }
});
