// Printing as a trainer would: headless Chromium prints pages to PDF
// (--print-to-pdf) and pdftotext/pdfinfo read the result back. The whole
// course prints with a table of contents, every module and no navigation;
// a module prints as a handout; the trainer's answer key prints too.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHROMIUM, CHROMIUM_ARGS, fileUrl, launch, newPage, serve, sites, tmpDir } from './lib/harness.mjs';

function printToPdf(url, tag) {
  const dir = tmpDir('print-' + tag);
  const pdf = path.join(dir, 'out.pdf');
  execFileSync(CHROMIUM, [
    ...CHROMIUM_ARGS, '--headless', `--user-data-dir=${path.join(dir, 'profile')}`,
    '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, url,
  ], { stdio: 'ignore', timeout: 120_000 });
  assert.ok(fs.existsSync(pdf), `Chromium printed no PDF for ${url}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  fs.rmSync(dir, { recursive: true, force: true });
  return { text, pages, sheets: text.split('\f').slice(0, pages) };
}

/** A printed page's non-empty lines, each with its spaces collapsed. */
const linesOf = (sheet) => sheet.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);

describe('printing to PDF', () => {
  it('prints the whole course with contents, every module and no navigation', () => {
    const site = sites().bundled;
    const { text, pages } = printToPdf(fileUrl(site, 'udskrift/index.html'), 'course');
    const modules = fs.readFileSync(path.join(site, 'udskrift/index.html'), 'utf8').match(/<article class="print-module"/g).length;
    assert.ok(pages > modules, `the course printed on ${pages} pages for ${modules} modules (each starts a page)`);
    for (const t of ['Indhold', 'Ressourcefinderen', 'Progressionsmål', 'Samarbejdet mellem anden aktør og kommune']) {
      assert.ok(text.includes(t), `printed course lacks "${t}"`);
    }
    for (const t of ['Spring til indholdet', 'Søg i kurset', 'Kursets indhold', 'Forrige', 'Tjek svar', 'Se svar og forklaringer']) {
      assert.ok(!text.includes(t), `printed course shows screen-only text "${t}"`);
    }
  });

  it('numbers the contents like the headings, and each module starts a page headed by its part and numbered at the foot', () => {
    const { sheets } = printToPdf(fileUrl(sites().bundled, 'udskrift/index.html'), 'course-numbers');
    const pages = sheets.map(linesOf);
    // The contents: "Del 2 Fokus på evner", then "2.1 Metoden Fokus På Evner", …
    const toc = [];
    let part = null;
    let tocEnd = 0;
    for (let i = 0; i < pages.length && !pages[i].some((l) => /^Del 1 · /.test(l)); i++) {
      tocEnd = i;
      for (const l of pages[i]) {
        let m = l.match(/^Del (\d+) (.+)$/);
        if (m) { part = { n: m[1], title: m[2] }; continue; }
        m = l.match(/^(\d+)\.(\d+) (.+)$/);
        if (m) { toc.push({ number: `${m[1]}.${m[2]}`, title: m[3], part }); }
      }
    }
    assert.ok(toc.length >= 20, `the printed contents list the modules with numbers (found ${toc.length})`);
    let last = tocEnd;
    for (const e of toc) {
      assert.equal(e.number.split('.')[0], e.part.n, `contents: ${e.number} ${e.title} is numbered in its part ${e.part.n}`);
      const heading = `${e.number} ${e.title}`;
      // A long title may wrap: look for it in each page's lines joined (after the running head).
      const bodies = pages.map((p) => p.slice(1).join(' '));
      const found = bodies.map((b, i) => (b.includes(heading) ? i : -1)).filter((i) => i > tocEnd);
      assert.equal(found.length, 1, `"${heading}" from the contents is a heading on exactly one printed page (found on pages ${found.map((i) => i + 1)})`);
      const at = found[0];
      const page = pages[at];
      assert.ok(at > last, `"${heading}" is printed after the module before it (page ${at + 1})`);
      last = at;
      assert.equal(page[0], `Del ${e.part.n} · ${e.part.title}`, `page ${at + 1} ("${heading}") is headed by its part`);
      assert.equal(page[page.length - 1], `Side ${at + 1}`, `page ${at + 1} ("${heading}") carries its page number at the foot`);
      // The module starts the page: only the running head and, for a part's first module, the part's title come before it.
      const before = bodies[at].slice(0, bodies[at].indexOf(heading)).trim();
      assert.ok(before === '' || before === `DEL ${e.part.n}: ${e.part.title.toUpperCase()}`, `"${heading}" starts page ${at + 1}; before it: "${before}"`);
    }
  });

  it('never leaves a part heading alone at the foot of a page', () => {
    const { sheets } = printToPdf(fileUrl(sites().bundled, 'udskrift/index.html'), 'course-parts');
    let parts = 0;
    sheets.map(linesOf).forEach((lines, i) => {
      const body = lines.filter((l) => !/^Side \d+$/.test(l) && !/^Del \d+ · /.test(l));
      // In the contents too: a part's entry is followed by its modules on the same page.
      assert.ok(!/^Del \d+ /.test(body[body.length - 1] || ''), `page ${i + 1} ends with the contents' part entry "${body[body.length - 1]}"`);
      const at = body.findIndex((l) => /^DEL \d+: /.test(l));
      if (at < 0) { return; }
      parts += 1;
      assert.equal(at, 0, `page ${i + 1}: the part heading "${body[at]}" opens the page`);
      assert.ok(body.length > at + 1 && /^\d+\.1 /.test(body[at + 1]), `page ${i + 1}: the part heading "${body[at]}" is followed by its first module, not the end of the page (next: ${body[at + 1]})`);
    });
    assert.equal(parts, 6, 'every part of the bundled course has its heading printed once');
  });

  it('prints an exercise with a conversation in written order, without move buttons, with matching options as a list', () => {
    // The exercise a module (medarbejderroller/oversaetter.html) names: its questions are on its own page.
    const rel = 'opgaver/roller-jannik-jobafklaring.html';
    const html = fs.readFileSync(path.join(sites().bundled, rel), 'utf8');
    assert.ok(html.includes('data-type="order"') && html.includes('data-type="match"'), `${rel} has an ordering and a matching question beside its conversation`);
    const steps = [...html.matchAll(/<p class="node-label[^"]*">([^<]+)<\/p>/g)].map((m) => m[1]);
    assert.ok(steps.length >= 5, `${rel} has a conversation to print`);
    const { text } = printToPdf(fileUrl(sites().bundled, rel), 'branching');
    const flat = text.replace(/\s+/g, ' ');
    // A step's label stands on a line of its own ("→ Trin 4" in a reply does not count).
    const lines = linesOf(text);
    const at = steps.map((label) => {
      const i = lines.indexOf(label);
      assert.ok(i >= 0, `the printed ${rel} lacks the step "${label}" on a line of its own`);
      return i;
    });
    assert.deepEqual([...at].sort((a, b) => a - b), at, `the printed conversation keeps its steps in written order: ${steps.join(', ')}`);
    assert.ok(/→ Trin \d+/.test(flat), 'each printed reply says which step it leads to');
    for (const t of ['Flyt op', 'Flyt ned', '↑', '↓', 'Brug knapperne til at flytte', 'Tjek svar', 'Vælg et svar']) {
      assert.ok(!flat.includes(t), `the printed handout shows "${t}"`);
    }
    // The ordering question's items are on paper, each after a blank to number by hand.
    const items = [...html.matchAll(/<span class="order-text">([^<]+)<\/span>/g)].map((m) => m[1]);
    assert.ok(items.length >= 3, `${rel}: the ordering question has items`);
    for (const item of items) {
      assert.ok(flat.includes(`___ ${item.slice(0, 30)}`), `the printed ordering question shows "${item}" after a blank`);
    }
    // The matching question: its options as a list to pair by hand.
    const options = [...html.matchAll(/<option value="\d+">([^<]+)<\/option>/g)].map((m) => m[1]);
    assert.ok(options.length >= 3, `${rel} has a matching question`);
    const list = flat.indexOf('Svarmuligheder:');
    assert.ok(list >= 0, 'the printed matching question introduces its options');
    for (const o of new Set(options)) {
      assert.ok(flat.indexOf(o, list) > list, `the printed matching question lists "${o}"`);
    }
  });

  it('prints a module as a handout without blank pages', () => {
    const { text, pages } = printToPdf(fileUrl(sites().bundled, 'motivation/progressionsmaal.html'), 'module');
    assert.ok(text.includes('Progressionsmål') && text.includes('Læringsmål'), 'handout has the title and objectives');
    assert.ok(!text.includes('Spring til indholdet') && !text.includes('Næste'), 'handout has no navigation');
    const blank = text.split('\f').slice(0, pages).filter((p) => !p.trim()).length;
    assert.equal(blank, 0, `the handout has ${blank} blank page(s) of ${pages}`);
  });

  it('prints the trainer answer key', () => {
    const { text } = printToPdf(fileUrl(sites().trainer, 'facit/index.html'), 'key');
    assert.ok(text.includes('Facit') && text.includes('Slutning'), 'answer key with branching endings');
    assert.ok(/✓|Rigtigt/.test(text), 'right answers marked with text');
  });
});

describe('an exercise printed after answering', () => {
  it('draws only the borders a handout means: no frames around answered options, moves or feedback', async () => {
    const browser = await launch();
    try {
      const { page } = await newPage(browser);
      const rel = 'opgaver/roller-jannik-jobafklaring.html';
      await page.goto(fileUrl(sites().bundled, rel));
      // Answered as a learner would before printing: every choice question checked (first option), a conversation begun.
      const forms = await page.locator('form.question[data-type=single], form.question[data-type=multiple]').all();
      assert.ok(forms.length > 0, `${rel} has choice questions`);
      for (const f of forms) {
        await f.locator('input').first().check();
        await f.getByRole('button', { name: 'Tjek svar' }).click();
      }
      await page.locator('.choice').first().click();
      assert.ok(await page.locator('.option.is-ok, .option.is-no, .option.is-missed').count() > 0, 'the answers are marked on screen');
      await page.emulateMedia({ media: 'print' });
      const drawn = await page.evaluate(() => {
        const out = new Set();
        for (const e of document.querySelectorAll('main *')) {
          const s = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          if (s.display === 'none' || s.visibility === 'hidden' || (!r.width && !r.height)) { continue; }
          const sides = ['Top', 'Right', 'Bottom', 'Left'].filter((k) => parseFloat(s[`border${k}Width`]) > 0 && s[`border${k}Style`] !== 'none' && s[`border${k}Color`] !== 'rgba(0, 0, 0, 0)');
          if (sides.length) { out.add(`${e.tagName.toLowerCase()}${[...e.classList].filter((c) => !c.startsWith('is-')).map((c) => `.${c}`).join('')} ${sides.join(',')}`); }
        }
        return [...out];
      });
      // What a handout draws on purpose: the objectives', callouts' and conversation steps' left rule, an exercise's and
      // a question's top rule, table cells, and the box to write a reflection in.
      const meant = [/^section\.objectives Left$/, /^div\.callout(\.callout-\w+)? Left$/, /^section\.exercise-embed Top$/, /^form\.question Top$/,
        /^div\.node Left$/, /^t[hd] Top,Right,Bottom,Left$/, /^textarea Top,Right,Bottom,Left$/];
      const stray = drawn.filter((d) => !meant.some((m) => m.test(d)));
      assert.deepEqual(stray, [], `${rel} printed after answering draws stray borders`);
      const shown = await page.locator('.mark, .q-feedback, .order-moves, .q-actions').evaluateAll((es) => es.filter((e) => getComputedStyle(e).display !== 'none').length);
      assert.equal(shown, 0, 'verdicts, feedback, move buttons and actions stay off paper');
    } finally {
      await browser.close();
    }
  });
});

describe('printing the course with page numbers', () => {
  it('numbers the contents with the page each module starts on, from disk and under the site\'s own policy', async () => {
    const browser = await launch();
    const dir = tmpDir('print-paged');
    try {
      // The page's Content-Security-Policy holds: Paged.js runs under it.
      const { page, log } = await newPage(browser, { bypassCSP: false });
      await page.addInitScript(() => {
        window.print = () => document.documentElement.setAttribute('data-printed', '');
        // What the status line says, recorded as it changes: Paged.js soon
        // takes the page apart, status line included, so reading it after
        // the click would race the layout.
        window.fokusTold = [];
        document.addEventListener('DOMContentLoaded', () => {
          const status = document.getElementById('fokus-print-status');
          new MutationObserver(() => window.fokusTold.push(status.textContent))
            .observe(status, { childList: true, characterData: true, subtree: true });
        });
      });
      const site = sites().bundled;
      await page.goto(fileUrl(site, 'udskrift/index.html'));
      await page.getByRole('button', { name: 'Udskriv med sidetal' }).click();
      await page.waitForFunction(() => window.fokusTold.length > 0);
      assert.match(await page.evaluate(() => window.fokusTold[0]), /deles op i sider/, 'the learner is told what happens');
      await page.waitForSelector('html[data-printed]', { state: 'attached', timeout: 240_000 });
      assert.deepEqual(log.problems(), [], 'paginating went without errors');
      const pdf = path.join(dir, 'paged.pdf');
      // Printing 200-odd laid-out pages takes longer than a click on a loaded machine.
      page.setDefaultTimeout(180_000);
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      const count = Number(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1]);
      assert.equal(Number(await page.getAttribute('html', 'data-paged')), count, 'the pages laid out are the pages printed');
      const pages = text.split('\f').slice(0, count).map(linesOf);
      // The contents: "2.3 Fem arbejdsprincipper 40", until the first part begins.
      const toc = [];
      for (let i = 0; i < pages.length && !pages[i].some((l) => /^DEL 1: /.test(l)); i++) {
        for (const l of pages[i]) {
          const m = l.match(/^(\d+\.\d+) (.+) (\d+)$/);
          if (m) { toc.push({ heading: `${m[1]} ${m[2]}`, page: Number(m[3]) }); }
        }
      }
      const modules = fs.readFileSync(path.join(site, 'udskrift/index.html'), 'utf8').match(/<article class="print-module"/g).length;
      assert.equal(toc.length, modules, 'every module in the contents has a page number');
      let last = 0;
      for (const e of toc) {
        assert.ok(e.page > last && e.page <= count, `${e.heading}: page ${e.page} comes after ${last} and is in the printout of ${count}`);
        last = e.page;
        const sheet = pages[e.page - 1];
        // A long title may wrap: compare with the page's lines joined, after the running head.
        assert.ok(sheet.slice(1).join(' ').includes(e.heading), `the contents say "${e.heading}" is on page ${e.page}, which reads: ${sheet.slice(0, 4).join(' | ')}`);
        assert.equal(sheet[sheet.length - 1], `Side ${e.page}`, `page ${e.page} carries its number at the foot`);
      }
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so and leaves the page as it was when the page numbers cannot be made (served under a sub-path)', async () => {
    const browser = await launch();
    const server = await serve(() => sites().bundled);
    try {
      const { page } = await newPage(browser, { bypassCSP: false });
      await page.route('**/paged.min.js', (route) => route.abort());
      await page.goto(server.base + 'udskrift/index.html');
      const button = page.getByRole('button', { name: 'Udskriv med sidetal' });
      await button.click();
      await page.getByRole('status').filter({ hasText: 'Ctrl+P' }).waitFor();
      assert.match(await page.locator('#fokus-print-status').textContent(), /kunne ikke beregnes/);
      assert.ok(await button.isEnabled(), 'the button can be tried again');
      assert.equal(await page.locator('.pagedjs_page').count(), 0, 'the page is left as it was');
      assert.ok(await page.locator('.print-module').count() > 20, 'every module is still on the page');
    } finally {
      await server.close();
      await browser.close();
    }
  });
});
