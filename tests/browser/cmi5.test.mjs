// cmi5 with a mock LMS/LRS on 127.0.0.1 (a separate origin from the course,
// as in real use): the fetch URL hands out the token, the State API holds
// LMS.LaunchData, and the statements endpoint records every statement. Chromium
// launches the unpacked `fokus package cmi5` with the launch parameters,
// reads and answers the mini course (while the LRS drops the connection
// twice), reloads the AU, leaves, and comes back on another computer. Each
// check names the cmi5 rule it stands for (cmi5 specification, "Quartz").

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MINI_COURSE, launch, newPage, assertNone } from './lib/harness.mjs';
import { courseWith, fileUnder, listen, makePackage, sendFile } from './lib/lms.mjs';

const CMI5_CAT = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON_CAT = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;
const MASTERY = 0.6;
const TOKEN = Buffer.from('fokus:hemmelig').toString('base64');
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

let browser;
let course; // serves the unpacked package
let lrs; // the mock LMS/LRS
let pkg;
const db = { fetches: {}, sessions: {}, statements: [], stored: new Map(), state: new Map(), requests: [], failStatements: 0, retried: 0, conflicts: 0 };

function cors(res) {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', 'GET, PUT, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'Authorization, Content-Type, X-Experience-API-Version');
}
function body(req) {
  return new Promise((resolve) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => resolve(b)); });
}
function storeStatement(s) {
  if (db.stored.has(s.id)) {
    // A retry of a statement the LRS already has (the answer was lost): refused, never stored twice.
    if (JSON.stringify(db.stored.get(s.id)) !== JSON.stringify(s)) { db.conflicts++; }
    db.retried++;
    return false;
  }
  db.stored.set(s.id, s);
  db.statements.push(s);
  return true;
}

before(async () => {
  browser = await launch();
  course = await listen((req, res, url) => {
    const file = fileUnder(pkg, '/pkg/', url.pathname);
    if (file) { return sendFile(res, file); }
    res.writeHead(404).end();
  });
  lrs = await listen(async (req, res, url) => {
    cors(res);
    if (req.method === 'OPTIONS') { return res.writeHead(204).end(); }
    const text = await body(req);
    db.requests.push({ method: req.method, path: url.pathname, auth: req.headers.authorization, version: req.headers['x-experience-api-version'] });
    if (url.pathname === '/fetch') {
      // cmi5 8.2: the fetch URL gives a token once; a second request is an error.
      const key = url.searchParams.get('session');
      db.fetches[key] = (db.fetches[key] || 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(db.fetches[key] === 1 ? { 'auth-token': TOKEN } : { 'error-code': '1', 'error-text': 'already used' }));
    }
    if (req.headers.authorization !== `Basic ${TOKEN}`) { return res.writeHead(401).end(); }
    if (url.pathname === '/xapi/activities/state') {
      const id = url.searchParams.get('stateId');
      if (!id && req.method === 'GET') {
        // The State API's list of ids for this activity, agent and registration.
        const rest = [url.searchParams.get('activityId'), url.searchParams.get('agent'), url.searchParams.get('registration')].join('|');
        const ids = [...db.state.keys()].filter((k) => k.endsWith('|' + rest)).map((k) => k.slice(0, -rest.length - 1));
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(ids));
      }
      const key = [id, url.searchParams.get('activityId'), url.searchParams.get('agent'), url.searchParams.get('registration')].join('|');
      if (req.method === 'GET') {
        const doc = db.state.get(key);
        if (!doc) { return res.writeHead(404).end(); }
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(doc);
      }
      db.state.set(key, text);
      return res.writeHead(204).end();
    }
    if (url.pathname === '/xapi/statements' && (req.method === 'PUT' || req.method === 'POST')) {
      if (db.failStatements > 0) { db.failStatements--; return res.writeHead(503).end(); }
      const got = JSON.parse(text);
      if (req.method === 'PUT') {
        got.id = got.id || url.searchParams.get('statementId');
        if (!storeStatement(got)) { return res.writeHead(409).end(); }
        return res.writeHead(204).end();
      }
      [].concat(got).forEach(storeStatement);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify([].concat(got).map((s) => s.id)));
    }
    res.writeHead(404).end();
  });
});
after(async () => {
  await browser?.close();
  await course?.close();
  await lrs?.close();
});

const ACTOR = { objectType: 'Agent', name: 'Kursist Test', account: { homePage: 'https://lms.example', name: 'k-1' } };
const ACTIVITY = 'urn:fokus:course:minikursus/au';

/** What the LMS does at launch: a session, its launch data, and the AU's URL. */
function launchAu(registration) {
  const session = randomUUID();
  const template = {
    contextActivities: { grouping: [{ id: 'urn:fokus:course:minikursus', objectType: 'Activity' }] },
    extensions: { [SESSION_EXT]: session },
  };
  const key = ['LMS.LaunchData', ACTIVITY, JSON.stringify(ACTOR), registration].join('|');
  db.state.set(key, JSON.stringify({ contextTemplate: template, launchMode: 'Normal', moveOn: 'CompletedAndPassed', masteryScore: MASTERY }));
  const q = new URLSearchParams({
    endpoint: `${lrs.origin}/xapi/`, fetch: `${lrs.origin}/fetch?session=${session}`,
    actor: JSON.stringify(ACTOR), registration, activityId: ACTIVITY,
  });
  return { session, url: `${course.origin}/pkg/cmi5.html?${q}` };
}

async function courseFrame(page) {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().startsWith(`${course.origin}/pkg/`) && !fr.url().includes('cmi5.html'));
    if (f && (await f.evaluate(() => document.readyState === 'complete').catch(() => false))) { return f; }
    await page.waitForTimeout(50);
  }
  throw new Error('the course never opened in the AU\'s frame');
}

const ofSession = (session) => db.statements.filter((s) => s.context?.extensions?.[SESSION_EXT] === session);
const verbs = (list) => list.map((s) => s.verb.id.split('/').pop());
async function waitFor(what, test) {
  for (let i = 0; i < 200; i++) {
    if (test()) { return; }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}; statements so far: ${verbs(db.statements).join(', ')}`);
}

async function answerAll(site) {
  const f = (q) => site.locator(`form[data-q="${q}"]`);
  const check = (q) => f(q).locator('[data-action="check"]').click();
  for (const q of ['single', 'truefalse']) { await f(q).locator('input[data-correct]').check(); await check(q); }
  for (const i of await f('multiple').locator('input[data-correct]').all()) { await i.check(); }
  await check('multiple');
  await check('order');
  for (const s of await f('match').locator('select').all()) { await s.selectOption(await s.getAttribute('data-answer')); }
  await check('match');
  await f('text').locator('input').fill('progressionsmål');
  await check('text');
  await f('reflection').locator('textarea').fill('Evner først.');
  await site.waitForTimeout(600);
  const box = f('branching').locator('.branching');
  for (let i = 0; i < 10; i++) {
    const open = box.locator('.node:not([hidden]):not(.is-past) .choice:not([disabled])');
    if (!(await open.count())) { break; }
    await open.first().click();
  }
}

/** Every rule a session's statements must keep; returns one line per broken rule. */
function rules(list, { session, registration }) {
  const broken = [];
  const rule = (ok, name) => { if (!ok) { broken.push(name); } };
  const v = verbs(list);
  rule(v[0] === 'initialized', `9.3.2 initialized is the first statement of the session (got ${v.join(', ')})`);
  rule(v.filter((x) => x === 'initialized').length === 1, '9.3.2 one initialized per session');
  rule(v[v.length - 1] === 'terminated' && v.filter((x) => x === 'terminated').length === 1, `9.3.8 terminated is the last statement, once (got ${v.join(', ')})`);
  for (const s of list) {
    const name = s.verb.id.split('/').pop();
    const cats = (s.context.contextActivities?.category || []).map((a) => a.id);
    rule(UUID_RE.test(s.id), `9.1 ${name}: the statement has a UUID id`);
    rule(s.verb.id === VERB(name), `9.3 ${name}: the ADL verb IRI`);
    rule(JSON.stringify(s.actor) === JSON.stringify(ACTOR), `9.2 ${name}: the actor is the launch's actor`);
    rule(s.object?.id === ACTIVITY, `9.4 ${name}: the object is the AU's activityId`);
    rule(s.context.registration === registration, `9.6.1 ${name}: context.registration is the launch's registration`);
    rule(s.context.extensions?.[SESSION_EXT] === session, `9.6.3.1 ${name}: the session id from the context template`);
    rule(s.context.contextActivities?.grouping?.[0]?.id === 'urn:fokus:course:minikursus', `10.2.1 ${name}: the LMS's context template is kept (grouping)`);
    rule(cats.includes(CMI5_CAT), `9.6.2.1 ${name}: cmi5 category`);
    const moveOn = ['completed', 'passed', 'failed'].includes(name);
    rule(cats.includes(MOVEON_CAT) === moveOn, `9.6.2.2 ${name}: moveon category ${moveOn ? 'present' : 'absent'}`);
    if (name === 'completed') { rule(s.result?.completion === true && /^PT[\d.]+S$/.test(s.result?.duration || ''), '9.5.3 completed: result.completion true, with duration'); }
    if (name === 'passed' || name === 'failed') {
      rule(s.result?.success === (name === 'passed'), `9.5.2 ${name}: result.success ${name === 'passed'}`);
      const sc = s.result?.score?.scaled;
      rule(typeof sc === 'number' && sc >= 0 && sc <= 1, `9.5.1 ${name}: result.score.scaled between 0 and 1`);
      rule(s.context.extensions?.[MASTERY_EXT] === MASTERY, `9.6.3.2 ${name}: masteryscore extension from the launch data`);
      rule(name === 'passed' ? sc >= MASTERY : sc < MASTERY, `9.3.4/9.3.5 ${name}: the verdict matches the score against the mastery score`);
    }
    if (name === 'terminated') { rule(/^PT[\d.]+S$/.test(s.result?.duration || ''), '9.5.4.1 terminated: result.duration of the session'); }
    if (name === 'initialized') { rule(!s.result, '9.3.2 initialized has no result'); }
  }
  return broken;
}

describe('cmi5 package with a mock LRS', () => {
  it('sends initialized, completed, passed, terminated in order, with the cmi5 context, once each, through dropped connections', async () => {
    pkg = makePackage('cmi5', courseWith(MINI_COURSE, 'completion:\n  pass: 60\n')).dir;
    const registration = randomUUID();
    const first = launchAu(registration);
    const a = await newPage(browser);
    await a.page.goto(first.url);
    let site = await courseFrame(a.page);
    await waitFor('initialized', () => verbs(ofSession(first.session)).includes('initialized'));
    assert.equal(db.fetches[first.session], 1, '8.2 the AU fetches its token once');
    assert.ok(db.requests.filter((r) => r.path !== '/fetch').every((r) => r.auth === `Basic ${TOKEN}` && r.version === '1.0.3'),
      '8.2 every LRS request carries the token (Basic) and X-Experience-API-Version');

    // Two statement requests fail: the queue retries them, in order.
    db.failStatements = 2;
    for (const u of await site.evaluate(() => window.fokusToc.parts.flatMap((p) => p.m.map((m) => m.u)))) {
      await site.goto(`${course.origin}/pkg/${u}`);
    }
    await site.goto(`${course.origin}/pkg/opgaver/alle-typer.html`);
    await answerAll(site);
    await waitFor('completed and passed', () => ['completed', 'passed'].every((v) => verbs(ofSession(first.session)).includes(v)));
    assert.equal(db.failStatements, 0, 'the LRS really dropped two statement requests');

    // A reload of the AU page keeps the session: no second token, no second initialized.
    await a.page.reload();
    site = await courseFrame(a.page);
    await site.waitForTimeout(300);
    assert.equal(db.fetches[first.session], 1, '8.2 a reload does not fetch the token again');

    await a.page.goto('about:blank');
    await waitFor('terminated', () => verbs(ofSession(first.session)).includes('terminated'));
    const list = ofSession(first.session);
    assert.deepEqual(verbs(list), ['initialized', 'completed', 'passed', 'terminated'], 'the session\'s statements, in order');
    assertNone(rules(list, { session: first.session, registration }), 'cmi5 rules, first session');
    assert.equal(db.conflicts, 0, '9.1 an id sent again is the same statement (a retry), never a new one under an old id');
    assert.equal(new Set(list.map((s) => s.id)).size, list.length, '9.1 every stored statement has its own id');
    // Expected noise: the two dropped requests (503), requests the reload cut off, and the
    // LRS refusing (409) a statement the AU sent again because the reload cut off its answer.
    assertNone(a.log.problems().filter((p) => !/503|409|ERR_ABORTED/.test(p)), 'first session (besides dropped and cut-off requests)');
    await a.context.close();

    // Another computer, same registration: answers come back, completed and passed are not sent again.
    const second = launchAu(registration);
    const b = await newPage(browser);
    await b.page.goto(second.url);
    site = await courseFrame(b.page);
    await waitFor('initialized (second session)', () => verbs(ofSession(second.session)).includes('initialized'));
    await site.goto(`${course.origin}/pkg/opgaver/alle-typer.html`);
    assert.ok(await site.locator('form[data-q="single"] input[data-correct]').isChecked(), 'the answers come back from the LRS state on another computer');
    assert.equal(await site.locator('form[data-q="reflection"] textarea').inputValue(), 'Evner først.', 'the reflection comes back');
    await b.page.goto('about:blank');
    await waitFor('terminated (second session)', () => verbs(ofSession(second.session)).includes('terminated'));
    assert.deepEqual(verbs(ofSession(second.session)), ['initialized', 'terminated'],
      '9.3.3/9.3.4 completed and passed are sent once per registration, not again in a later session');
    assertNone(rules(ofSession(second.session), { session: second.session, registration }), 'cmi5 rules, second session');
    assertNone(b.log.problems(), 'second session');
    await b.context.close();
  });

  it('opens the course without launch parameters, with nothing in the console', async () => {
    pkg = makePackage('cmi5', MINI_COURSE).dir;
    const { context, page, log } = await newPage(browser);
    await page.goto(`${course.origin}/pkg/cmi5.html`);
    await page.waitForURL(/\/pkg\/index\.html$/);
    assertNone(log.problems(), 'the AU page without an LMS');
    await context.close();
  });
});
