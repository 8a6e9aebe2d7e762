// SCORM 1.2 with a real runtime: a test LMS page on 127.0.0.1 hosts
// scorm-again (npm) as window.API and opens the unpacked `fokus package
// scorm12` in a frame, the way an LMS does. Chromium reads every module of
// the mini course and answers every exercise, the LMS closes the course, and
// the learner comes back on another computer (an empty browser profile): the
// test reads the runtime's data (status, score, location, suspend data, the
// API calls) and checks the answers are shown again. A second test answers
// every question of the bundled course and checks the suspend data fits
// SCORM 1.2's 4,096 characters and brings every answer back.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MINI_COURSE, REPO, launch, newPage, assertNone } from './lib/harness.mjs';
import { BROWSER_DIR, courseWith, fileUnder, listen, makePackage, sendFile } from './lib/lms.mjs';

const LMS_PAGE = path.join(BROWSER_DIR, 'lms', 'scorm12-lms.html');
const RUNTIME = path.join(BROWSER_DIR, 'node_modules', 'scorm-again', 'dist', 'scorm12.js');
const PASS = 60;

let browser;
let server;
const lms = { pkg: null, state: null };

before(async () => {
  browser = await launch();
  server = await listen((req, res, url) => {
    if (url.pathname === '/lms/scorm12-lms.html') { return sendFile(res, LMS_PAGE); }
    if (url.pathname === '/lms/scorm-again-scorm12.js') { return sendFile(res, RUNTIME); }
    if (url.pathname === '/lms/state') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(lms.state ? JSON.stringify(lms.state) : '');
    }
    const file = fileUnder(lms.pkg, '/pkg/', url.pathname);
    if (file) { return sendFile(res, file); }
    res.writeHead(404).end();
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Open the LMS page in a fresh profile; resolves when the course's first page is in the frame. */
async function openLms() {
  const { context, page, log } = await newPage(browser);
  await page.goto(`${server.origin}/lms/scorm12-lms.html`);
  const site = await courseFrame(page);
  return { context, page, log, site };
}

/** The frame that shows the course's pages (inside the launch page's frame). */
async function courseFrame(page) {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().startsWith(`${server.origin}/pkg/`) && !fr.url().endsWith('scorm12.html'));
    if (f && (await f.evaluate(() => document.readyState === 'complete').catch(() => false))) { return f; }
    await page.waitForTimeout(50);
  }
  throw new Error('the course never opened in the launch page\'s frame');
}

const value = (page, key) => page.evaluate((k) => {
  // Read the runtime's data model directly: it answers even after LMSFinish.
  return k.split('.').slice(1).reduce((o, p) => (o == null ? o : o[p]), window.API.cmi);
}, key);
const calls = (page, name) => page.evaluate((n) => window.calls.filter((c) => c.name === n), name);

/** Wait until the runtime holds `want` for `key` (the adapter reports after each stored answer). */
async function until(page, key, want, what) {
  let got;
  for (let i = 0; i < 100; i++) {
    got = await value(page, key);
    if (typeof want === 'function' ? want(got) : String(got) === String(want)) { return got; }
    await page.waitForTimeout(50);
  }
  assert.fail(`${what}: ${key} should be ${typeof want === 'function' ? 'as expected' : want}, is ${JSON.stringify(got)}`);
}

/** The runtime's data as an LMS keeps it between sessions. */
const keep = (page) => page.evaluate(() => {
  const c = window.API.cmi.core;
  return {
    core: {
      lesson_status: c.lesson_status, lesson_location: c.lesson_location, entry: 'resume',
      score: { raw: c.score.raw, min: c.score.min, max: c.score.max },
    },
    suspend_data: window.API.cmi.suspend_data,
  };
});

/** Answer every question of the mini course's exercise page, as a learner would. */
async function answerAll(site) {
  const f = (q) => site.locator(`form[data-q="${q}"]`);
  const check = (q) => f(q).locator('[data-action="check"]').click();
  await f('single').locator('input[data-correct]').check();
  await check('single');
  for (const i of await f('multiple').locator('input[data-correct]').all()) { await i.check(); }
  await check('multiple');
  await f('truefalse').locator('input:not([data-correct])').check(); // one wrong answer on purpose
  await check('truefalse');
  await check('order');
  for (const s of await f('match').locator('select').all()) { await s.selectOption(await s.getAttribute('data-answer')); }
  await check('match');
  await f('text').locator('input').fill('progressionsmål');
  await check('text');
  await f('reflection').locator('textarea').fill('Jeg tager spørgsmålet om evner med. Og ~ punktum. 100 % sikkert.');
  await site.waitForTimeout(600); // reflections are saved 0.4 s after typing stops
  // The conversation: the first choice at each step until an ending.
  const box = f('branching').locator('.branching');
  for (let i = 0; i < 10; i++) {
    const open = box.locator('.node:not([hidden]):not(.is-past) .choice:not([disabled])');
    if (!(await open.count())) { break; }
    await open.first().click();
  }
}

describe('SCORM 1.2 package in an LMS (scorm-again)', () => {
  it('reports status, score, location and suspend data, commits, finishes once, and resumes on another computer', async () => {
    const course = courseWith(MINI_COURSE, `completion:\n  modules: all\n  exercises: all\n  pass: ${PASS}\n`);
    lms.pkg = makePackage('scorm12', course).dir;
    lms.state = null;

    // First visit.
    const first = await openLms();
    const { page } = first;
    let site = first.site;
    assert.deepEqual((await calls(page, 'LMSInitialize')).map((c) => c.result), ['true'], 'LMSInitialize is called once, and succeeds');
    await until(page, 'cmi.core.lesson_status', 'incomplete', 'after launch');
    assert.equal(await value(page, 'cmi.core.lesson_location'), 'index.html', 'lesson_location is the page in the frame');

    const modules = await site.evaluate(() => window.fokusToc.parts.flatMap((p) => p.m.map((m) => m.u)));
    for (const u of modules) {
      await site.goto(`${server.origin}/pkg/${u}`);
      await until(page, 'cmi.core.lesson_location', u, `after opening ${u}`);
    }
    assert.equal(await value(page, 'cmi.core.lesson_status'), 'incomplete', 'modules read but exercises not answered: still incomplete');

    await site.goto(`${server.origin}/pkg/opgaver/alle-typer.html`);
    const commitsBefore = (await calls(page, 'LMSCommit')).length;
    await answerAll(site);
    const rec = await site.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.endsWith(':ex:alle-typer')))));
    assert.equal(rec.done, rec.max, 'the page stored an answer to every scored question');
    const expected = Math.round((1000 * rec.right) / rec.max) / 10;
    assert.ok(rec.right < rec.max, 'one answer was wrong, so the score is below 100');
    await until(page, 'cmi.core.score.raw', expected, 'after answering everything');
    assert.equal(String(await value(page, 'cmi.core.score.min')), '0', 'score.min');
    assert.equal(String(await value(page, 'cmi.core.score.max')), '100', 'score.max');
    await until(page, 'cmi.core.lesson_status', expected >= PASS ? 'passed' : 'failed', `score ${expected} against pass mark ${PASS}`);
    const commits = (await calls(page, 'LMSCommit')).length - commitsBefore;
    assert.ok(commits >= 8, `LMSCommit after every answer (8 questions), got ${commits} commits`);
    assert.ok((await calls(page, 'LMSCommit')).every((c) => c.result === 'true'), 'every commit succeeds');
    const sets = await calls(page, 'LMSSetValue');
    const failed = sets.filter((c) => c.result !== 'true');
    assert.deepEqual(failed, [], 'the runtime accepts every value the adapter sets (right names, formats and vocabularies)');
    const suspend = await value(page, 'cmi.suspend_data');
    assert.ok(suspend.startsWith('f1~') && suspend.length <= 4096, `suspend data is the compact format and fits: ${suspend.length} characters`);
    assert.equal(await value(page, 'cmi.core.lesson_location'), 'opgaver/alle-typer.html', 'lesson_location is the last page shown');
    assertNone(first.log.problems(), 'first visit');

    // The LMS closes the course: one LMSFinish, with the session time.
    await page.evaluate(() => document.getElementById('sco').remove());
    await page.waitForTimeout(200);
    assert.equal((await calls(page, 'LMSFinish')).length, 1, 'LMSFinish is called once');
    assert.equal((await calls(page, 'LMSFinish'))[0].result, 'true', 'LMSFinish succeeds');
    const time = (await calls(page, 'LMSSetValue')).find((c) => c.args[0] === 'cmi.core.session_time');
    assert.ok(time && /^\d{4}:[0-5]\d:[0-5]\d\.\d\d$/.test(time.args[1]), `session_time is HHHH:MM:SS.SS, got ${time && time.args[1]}`);
    const exit = (await calls(page, 'LMSSetValue')).filter((c) => c.args[0] === 'cmi.core.exit').map((c) => c.args[1]);
    assert.deepEqual(exit, ['suspend'], 'exit is set to suspend, so the LMS keeps the answers for the next visit');
    const finishAt = (await page.evaluate(() => window.calls.map((c) => c.name))).lastIndexOf('LMSFinish');
    assert.equal(finishAt, (await page.evaluate(() => window.calls.length)) - 1, 'nothing is called after LMSFinish');
    lms.state = await keep(page);
    await first.context.close();

    // Back again, on another computer: nothing in this browser, everything from the LMS.
    const second = await openLms();
    site = second.site;
    assert.equal(new URL(site.url()).pathname, '/pkg/opgaver/alle-typer.html', 'the course opens where the learner left off');
    assert.ok(await site.locator('form[data-q="single"] input[data-correct]').isChecked(), 'the single-choice answer is shown again');
    assert.ok(!(await site.locator('form[data-q="truefalse"] input[data-correct]').isChecked()), 'the wrong true/false answer is shown again, as given');
    assert.match(await site.locator('form[data-q="single"] .q-feedback').innerText(), /Rigtigt/, 'the restored answer shows its feedback');
    assert.equal(await site.locator('form[data-q="text"] input').inputValue(), 'progressionsmål', 'the text answer is shown again');
    assert.equal(await site.locator('form[data-q="reflection"] textarea').inputValue(), 'Jeg tager spørgsmålet om evner med. Og ~ punktum. 100 % sikkert.', 'the reflection is shown again, special characters and all');
    assert.match(await site.locator('[data-score]').first().innerText(), new RegExp(`^${rec.right} af ${rec.max} rigtige$`), 'the score is shown again');
    const status2 = await value(second.page, 'cmi.core.lesson_status');
    assert.equal(status2, lms.state.core.lesson_status, 'the status does not go back on the next visit');
    await site.goto(`${server.origin}/pkg/fremskridt/index.html`);
    assert.match(await site.locator('#fokus-completion').innerText(), /bestået/, 'the progress page tells the learner the same verdict');
    assert.equal(await value(second.page, 'cmi.core.lesson_status'), status2, 'moving on does not change the status');
    assertNone(second.log.problems(), 'second visit');
    await second.context.close();
  });

  it('keeps every answer to the bundled course within 4,096 characters of suspend data', async (t) => {
    lms.pkg = makePackage('scorm12', REPO).dir;
    lms.state = null;
    const first = await openLms();
    const table = await first.page.frames().find((f) => f.url().endsWith('/pkg/scorm12.html')).evaluate(() => window.fokusQuestions);
    const questions = table.reduce((n, e) => n + e[1].length, 0);
    assert.ok(table.length >= 18 && questions >= 100, `the table has every exercise (${table.length}) and question (${questions})`);
    // Every question answered, with long answers where the learner writes.
    const written = await first.site.evaluate((tbl) => {
      const prefix = 'fokus:' + document.documentElement.getAttribute('data-course') + ':';
      const read = {};
      window.fokusToc.parts.forEach((p) => p.m.forEach((m) => { read[m.u] = 1; }));
      localStorage.setItem(prefix + 'read', JSON.stringify(read));
      const out = {};
      const prose = 'Jeg vil spørge til det, der lykkedes sidst, og lade borgeren fortælle om sine evner, før vi taler om begrænsninger. ';
      tbl.forEach(([id, qs], i) => {
        const rec = { q: {}, done: 0, right: 0, max: 0 };
        qs.forEach(([qid, kind, h, p], j) => {
          const ok = (i + j) % 3 !== 0;
          let a;
          if (kind === 'reflection') { rec.q[qid] = { h, a: prose.repeat(3).trim(), r: 1, p }; return; }
          // A self-assessment point is never scored.
          if (kind === 'scale') { rec.q[qid] = { h, a: 1 + (j % 5) }; return; }
          rec.max++; rec.done++; if (ok) { rec.right++; }
          if (kind === 'match') { a = ['2', '0', '1', '3']; } else if (kind === 'text') { a = 'et progressionsmål med en dato'; } else if (kind === 'order') { a = [3, 1, 0, 4, 2]; } else if (kind === 'multiple') { a = [0, 2, 3]; } else if (kind === 'branching') { a = [0, 1, 1, 0]; } else { a = [1]; }
          rec.q[qid] = { h, a, ok, s: j % 4 === 1, open: false };
        });
        localStorage.setItem(prefix + 'ex:' + id, JSON.stringify(rec));
        out[id] = rec;
      });
      return out;
    }, table);
    const suspend = await until(first.page, 'cmi.suspend_data', (s) => s && s.split('~').length >= 2 + table.length, 'after every answer');
    assert.ok(suspend.length <= 4096, `suspend data fits SCORM 1.2's 4,096 characters: ${suspend.length}`);
    t.diagnostic(`bundled course, ${questions} questions answered: ${suspend.length} characters of suspend data`);
    await until(first.page, 'cmi.core.lesson_status', 'completed', 'everything read and answered, no pass mark');
    await first.page.evaluate(() => document.getElementById('sco').remove());
    lms.state = await keep(first.page);
    await first.context.close();

    const second = await openLms();
    const back = await second.site.evaluate((ids) => {
      const prefix = 'fokus:' + document.documentElement.getAttribute('data-course') + ':';
      const out = {};
      ids.forEach((id) => { out[id] = JSON.parse(localStorage.getItem(prefix + 'ex:' + id)); });
      return out;
    }, Object.keys(written));
    for (const [id, rec] of Object.entries(written)) {
      assert.ok(back[id], `exercise ${id}: its answers came back`);
      assert.equal(back[id].right, rec.right, `exercise ${id}: the score came back`);
      for (const [qid, q] of Object.entries(rec.q)) {
        const b = back[id].q[qid];
        assert.ok(b && b.h === q.h, `${id}/${qid}: the answer came back under the question's version`);
        if (q.r) {
          assert.ok(b.r === 1 && b.p === q.p, `${id}/${qid}: a reflection keeps its prompt for the progress page`);
          assert.ok(q.a.startsWith(b.a), `${id}/${qid}: a reflection comes back whole or shortened, never changed`);
        } else {
          assert.deepEqual([b.a, b.ok, !!b.s], [q.a, q.ok, !!q.s], `${id}/${qid}: the answer, verdict and "solution shown" came back`);
        }
      }
    }
    await second.context.close();
  });

  it('opens the course without an LMS, with nothing in the console', async () => {
    lms.pkg = makePackage('scorm12', MINI_COURSE).dir;
    const { context, page, log } = await newPage(browser);
    await page.goto(`${server.origin}/pkg/scorm12.html`);
    await page.waitForURL(/\/pkg\/index\.html$/);
    assert.ok(await page.locator('#fokus-nav a').count() > 0, 'the home page works as always');
    assertNone(log.problems(), 'the launch page without an LMS');
    await context.close();
  });
});
