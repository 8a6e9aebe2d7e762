// Printing as a trainer would: headless Chromium prints pages to PDF
// (--print-to-pdf) and pdftotext/pdfinfo read the result back. The whole
// course prints with a table of contents, every module and no navigation;
// a module prints as a handout; the trainer's answer key prints too.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHROMIUM, CHROMIUM_ARGS, fileUrl, sites, tmpDir } from './lib/harness.mjs';

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
  return { text, pages };
}

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
