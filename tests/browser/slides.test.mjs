// Presenting a training day: the slide decks of the trainer edition, stepped
// through by keyboard, the overview, answers revealed one key press at a
// time, the presenter view following the audience window (served) and the
// single-window presenter mode (from disk), 16:9 and 4:3 projectors, axe,
// and printing: a deck prints one slide per page, a handout on one A4 page.
// Uses the fixture course tests/fixtures/training-day, built here.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, assertNone, build, fileUrl, launch, newPage, serve, tmpDir } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const COURSE = path.join(REPO, 'tests', 'fixtures', 'training-day');
const DECK = 'slides/samtaler/aabning.html';
const SLIDES = 6; // title, three author slides, the exercise, the closing slide

let browser;
let server;
let site;
let participant;
const dir = tmpDir('slides');

before(async () => {
  site = build(COURSE, path.join(dir, 'trainer'), ['--edition', 'trainer']);
  participant = build(COURSE, path.join(dir, 'participant'));
  [browser, server] = await Promise.all([launch(), serve(site)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Open the deck and wait for its script. */
async function openDeck(url, opts = {}) {
  const p = await newPage(browser, opts);
  await p.page.goto(url);
  await p.page.waitForSelector('html[data-deck-ready]', { state: 'attached' });
  return p;
}

/** The ids of the slides on screen. */
function shown(page) {
  return page.$$eval('.slide', (all) => all.filter((s) => !s.hidden).map((s) => s.id));
}

async function status(page) {
  return (await page.textContent('.deck-status')).trim();
}

async function axe(page, where) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.flatMap((v) => v.nodes.map((n) => `[${v.id}] ${v.help} — at ${n.target.join(' ')}`));
  });
  assertNone(violations.map((v) => `${where}: ${v}`), `${where}: axe violations`);
}

function pdfPages(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(info.match(/^Pages:\s+(\d+)/m)[1]);
}

describe('slide decks', () => {
  it('steps through a deck by keyboard and jumps to a number', async () => {
    const { context, page, log } = await openDeck(server.base + DECK);
    try {
      assert.deepEqual(await shown(page), ['dias-1']);
      assert.equal(await status(page), 'Dias 1 af 6: Den åbne samtale');
      const steps = [
        ['ArrowRight', 'dias-2'], ['Space', 'dias-3'], ['PageDown', 'dias-4'],
        ['ArrowLeft', 'dias-3'], ['PageUp', 'dias-2'], ['End', `dias-${SLIDES}`], ['Home', 'dias-1'],
      ];
      for (const [key, id] of steps) {
        await page.keyboard.press(key);
        assert.deepEqual(await shown(page), [id], `after ${key}`);
      }
      assert.match(await status(page), /^Dias 1 af 6/);
      await page.keyboard.type('4');
      await page.keyboard.press('Enter');
      assert.deepEqual(await shown(page), ['dias-4'], 'typing 4 and Enter jumps to slide 4');
      assert.match(page.url(), /#4$/);
      assert.equal(await status(page), 'Dias 4 af 6: Lyt efter det, der virker');
      // The notes are for the trainer, never on the audience's screen.
      assert.equal(await page.isVisible('#dias-4 .notes'), false);
      // The buttons do the same, and Space on a button is not counted twice.
      await page.click('[data-action="next"]');
      assert.deepEqual(await shown(page), ['dias-5']);
      await page.focus('[data-action="prev"]');
      await page.keyboard.press('Space');
      assert.deepEqual(await shown(page), ['dias-4']);
      assert.deepEqual(log.problems(), []);
      assert.ok(log.requests.every((u) => u.startsWith(server.origin)), 'no request to another host');
    } finally {
      await context.close();
    }
  });

  it('reveals the case, each question and then its answer on key presses', async () => {
    const { context, page } = await openDeck(server.base + DECK + '#5');
    try {
      assert.deepEqual(await shown(page), ['dias-5']);
      const q = (i) => page.locator('#dias-5 .slide-question').nth(i);
      const a = (i) => q(i).locator('.slide-answer');
      assert.ok(await page.isVisible('#dias-5 .slide-case'), 'the case shows first');
      assert.equal(await q(0).isVisible(), false);
      await page.keyboard.press('ArrowRight');
      assert.ok(await q(0).isVisible(), 'first question');
      assert.equal(await a(0).isVisible(), false, 'its answer still hidden');
      await page.keyboard.press('ArrowRight');
      assert.ok(await a(0).isVisible(), 'answer revealed');
      assert.match(await a(0).textContent(), /Hvad lykkedes for dig sidst/);
      await page.keyboard.press('ArrowRight');
      assert.ok(await q(1).isVisible(), 'second question');
      assert.equal(await q(0).isVisible(), false, 'the first question steps aside');
      await page.keyboard.press('ArrowLeft');
      assert.ok(await q(0).isVisible() && await a(0).isVisible(), 'back: the first question with its answer');
      for (let i = 0; i < 4; i++) { await page.keyboard.press('ArrowRight'); }
      assert.ok(await a(2).isVisible(), 'the last answer: the way to a good ending');
      assert.match(await a(2).textContent(), /stolt af/);
      assert.deepEqual(await shown(page), ['dias-5'], 'still the exercise slide');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await shown(page), [`dias-${SLIDES}`], 'then the closing slide');
      assert.match(await page.textContent(`#dias-${SLIDES}`), /Hvilket spørgsmål vil du prøve/);
    } finally {
      await context.close();
    }
  });

  it('opens an overview of all slides with Esc and jumps from it', async () => {
    const { context, page, log } = await openDeck(server.base + DECK + '#2');
    try {
      await page.keyboard.press('Escape');
      assert.equal((await shown(page)).length, SLIDES, 'every slide in the overview');
      assert.equal(await page.getAttribute('[data-action="overview"]', 'aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Gå til dias 2: Tre gode åbninger');
      await axe(page, 'overview');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      assert.deepEqual(await shown(page), ['dias-4'], 'Enter on a tile goes to that slide');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      assert.deepEqual(await shown(page), ['dias-4'], 'Esc twice: back where we were');
      assert.deepEqual(log.problems(), []);
    } finally {
      await context.close();
    }
  });

  it('has a presenter view that follows the audience window when served', async () => {
    const { context, page, log } = await openDeck(server.base + DECK);
    try {
      const [presenter] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('p')]);
      await presenter.waitForSelector('html[data-deck-ready]', { state: 'attached' });
      await presenter.waitForSelector('body.presenter', { state: 'attached' });
      assert.match(presenter.url(), /\?presenter#1$/);
      const current = () => presenter.$eval('.slide.current', (s) => s.id);
      const upcoming = () => presenter.$eval('.slide.upcoming', (s) => s.id);
      assert.equal(await current(), 'dias-1');
      assert.equal(await upcoming(), 'dias-2', 'the next slide is shown beside it');
      assert.ok(await presenter.isVisible('.presenter-notes [data-no-notes]'), 'no notes on the title slide');
      await page.keyboard.press('ArrowRight');
      await presenter.waitForFunction(() => document.querySelector('.slide.current').id === 'dias-2');
      assert.match(await presenter.textContent('.presenter-notes [data-notes]'), /DIAS-NOTE-EN/);
      assert.equal(await upcoming(), 'dias-3');
      // The clock counts against the module's 60 minutes.
      assert.match(await presenter.textContent('.presenter-time'), /0:0\d af 60 min\./);
      assert.match(await presenter.textContent('[data-clock]'), /^\d\d:\d\d$/);
      // Steering from the presenter window moves the audience too, answers included.
      await presenter.keyboard.press('End');
      await page.waitForFunction(() => !document.querySelector('#dias-6').hidden);
      await presenter.keyboard.press('Home');
      await page.waitForFunction(() => !document.querySelector('#dias-1').hidden);
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await presenter.waitForFunction(() => {
        const a = document.querySelector('#dias-5 .slide-answer');
        return a && getComputedStyle(a).visibility === 'visible';
      });
      assert.match(await presenter.textContent('.presenter-notes [data-notes]'), /OPGAVE-NOTE/);
      await axe(presenter, 'presenter view');
      assert.deepEqual(log.problems(), []);
    } finally {
      await context.close();
    }
  });

  it('switches one window to the presenter view when opened from disk', async () => {
    const { context, page, log } = await openDeck(fileUrl(site, DECK));
    try {
      let popup = false;
      context.on('page', () => { popup = true; });
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('P');
      await page.waitForSelector('body.presenter', { state: 'attached' });
      assert.equal(popup, false, 'no second window from file://');
      assert.ok(await page.isVisible('.presenter-notes'));
      assert.match(await page.textContent('.presenter-notes'), /DIAS-NOTE-EN/);
      assert.ok(await page.isVisible('.slide.upcoming'));
      await page.keyboard.press('p');
      assert.deepEqual(await shown(page), ['dias-2'], 'P again: the audience view');
      assert.deepEqual(log.problems(), []);
    } finally {
      await context.close();
    }
  });

  for (const [name, width, height, ratio] of [['16:9', 1600, 952, 16 / 9], ['4:3', 1024, 820, 4 / 3]]) {
    it(`fills a ${name} projector with large type`, async () => {
      const { context, page } = await openDeck(server.base + DECK + '#2', { viewport: { width, height } });
      try {
        const box = await page.locator('#dias-2').boundingBox();
        assert.ok(box.x >= -1 && box.y >= -1 && box.x + box.width <= width + 1 && box.y + box.height <= height + 1, `slide inside the window: ${JSON.stringify(box)}`);
        assert.ok(Math.abs(box.width / box.height - ratio) < 0.02, `slide is ${name}: ${box.width}×${box.height}`);
        assert.ok(box.width > width * 0.95 || box.height > (height - 60) * 0.95, 'the slide fills the window');
        const size = await page.$eval('#dias-2 li', (li) => parseFloat(getComputedStyle(li).fontSize));
        assert.ok(size >= box.height / 24, `text is ${size}px on a ${box.height}px slide: readable from the back`);
      } finally {
        await context.close();
      }
    });
  }

  it('passes axe on the deck and links it from the module page and the day plan', async () => {
    const { context, page } = await openDeck(server.base + DECK);
    try {
      await axe(page, 'deck');
      await page.goto(server.base + 'samtaler/aabning.html');
      await page.click('text=Vis dias');
      await page.waitForSelector('html[data-deck-ready]', { state: 'attached' });
      assert.ok(page.url().endsWith(DECK + '#1'));
      await page.goto(server.base + 'dagsplan/index.html');
      await axe(page, 'day plan');
      assert.equal(await page.locator(`main a[href="../${DECK}"]`).count(), 1);
      assert.equal(await page.locator('main a[href="../vaerktoejer/index.html"]').count(), 1);
    } finally {
      await context.close();
    }
    assert.ok(!fs.existsSync(path.join(participant, 'slides')), 'no decks in the participant edition');
  });

  it('prints a deck with one slide per page', async () => {
    const { context, page } = await openDeck(server.base + DECK);
    try {
      const file = path.join(dir, 'deck.pdf');
      await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
      assert.equal(pdfPages(file), SLIDES, 'one page per slide');
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const pages = text.split('\f');
      assert.match(pages[1], /Tre gode åbninger/);
      assert.match(pages[4], /Hvad lykkedes for dig sidst/, 'answers are printed');
      assert.ok(!text.includes('DIAS-NOTE') && !text.includes('Talervisning'), 'no notes, no controls');
    } finally {
      await context.close();
    }
  });
});

describe('handouts', () => {
  it('prints a handout on one A4 page with the course title and footer', async () => {
    const s = await serve(participant);
    const { context, page, log } = await newPage(browser);
    try {
      await page.goto(s.base + 'vaerktoejer/index.html');
      await axe(page, 'tools page');
      await page.click('text=Samtaleguide');
      await axe(page, 'handout');
      const file = path.join(dir, 'handout.pdf');
      await page.pdf({ path: file, preferCSSPageSize: true });
      assert.equal(pdfPages(file), 1, 'the handout prints on one page');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /Page size:.*\(A4\)/);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const t of ['Kursusdag til test', 'Samtaleguide', 'Efter samtalen', 'Testkommunen']) {
        assert.ok(text.includes(t), `printed handout lacks "${t}"`);
      }
      assert.ok(!text.includes('Søg i kurset'), 'no navigation on paper');
      assert.deepEqual(log.problems(), []);
    } finally {
      await context.close();
      await s.close();
    }
  });
});
