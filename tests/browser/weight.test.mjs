// Page weight of every module page of the bundled course, measured in the
// browser, served under /kursus/2026/: everything a reader's browser fetches
// for the page until the network is idle (a script loaded after the load event
// counts too). What loads only when the reader asks for it (search.js and the
// search index on the first visit to the search box) is not counted.
//
// Issue 17 asks for "module page + CSS + JS ≤ 60 KB" uncompressed, and that
// is what is asserted for every module page. A module page holds the reading;
// each exercise an `opgave` block names is a card there that leads to the
// exercise's own page, where its questions, feedback and answer key are. The
// exercise pages are weighed too: their HTML at most 40 KB, and their combined
// weight is printed beside the same 60 KB target on every run, so any gap
// stays visible. The CSS and JS every page loads have their own budget.
//
// KB here is 1,000 bytes, as browsers' network panels count.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNone, launch, newPage, pageKind, pagesOf, serve, sites } from './lib/harness.mjs';

export const TARGET = 60_000;
export const HTML_BUDGET = 40_000;
// 35 KB before the exercise cards' styles and state (1.2 KB) joined fokus.css and fokus.js.
export const ASSET_BUDGET = 36_500;
export const SCRIPT_BUDGET = 16_000;
const COUNTED = new Set(['document', 'stylesheet', 'script']);

let browser;
let server;
const measured = [];

before(async () => {
  [browser, server] = await Promise.all([launch(), serve(sites().bundled)]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  for (const kind of ['module', 'exercise']) {
    const rows = measured.filter((m) => m.kind === kind).sort((a, b) => b.total - a.total);
    if (!rows.length) { continue; }
    const over = rows.filter((m) => m.total > TARGET).length;
    const lines = rows.slice(0, 6).map((m) => `  ${String(m.total).padStart(6)} B, target ${TARGET} (HTML ${m.html} of ${HTML_BUDGET}, CSS ${m.css} + JS ${m.js} of ${ASSET_BUDGET})  ${m.total > TARGET ? 'over target' : 'ok'}  ${m.rel}`);
    console.log(`# page weight, heaviest ${kind} pages (${over} of ${rows.length} over the ${TARGET} B target):\n${lines.join('\n')}`);
  }
});

describe('page weight', () => {
  it(`every module page with its CSS and JS is at most ${TARGET / 1000} KB; every module and exercise page's HTML at most ${HTML_BUDGET / 1000} KB and its CSS and JS at most ${ASSET_BUDGET / 1000} KB; no page requests another host`, async () => {
    const dir = sites().bundled;
    const { context, page } = await newPage(browser);
    const over = [];
    const foreign = [];
    for (const rel of pagesOf(dir)) {
      const responses = [];
      const requests = [];
      const onResponse = (r) => responses.push(r);
      const onRequest = (r) => requests.push(r.url());
      page.on('response', onResponse);
      page.on('request', onRequest);
      await page.goto(server.base + rel, { waitUntil: 'networkidle' });
      page.off('response', onResponse);
      page.off('request', onRequest);
      for (const u of requests) {
        if (!u.startsWith(server.origin + '/') && !u.startsWith('data:')) { foreign.push(`${rel}: requests ${u}`); }
      }
      const kind = pageKind(dir, rel);
      if (kind !== 'module' && kind !== 'exercise') { continue; }
      const size = { document: 0, stylesheet: 0, script: 0 };
      const parts = [];
      for (const r of responses) {
        const type = r.request().resourceType();
        if (!COUNTED.has(type) || !r.url().startsWith(server.origin + '/')) { continue; }
        const bytes = (await r.body()).length;
        size[type] += bytes;
        parts.push(`${r.url().replace(server.base, '')} ${bytes} B`);
      }
      const m = { rel, kind, html: size.document, css: size.stylesheet, js: size.script, total: size.document + size.stylesheet + size.script };
      measured.push(m);
      if (kind === 'module' && m.total > TARGET) {
        over.push(`${rel}: page, CSS and JS ${m.total} B, ${m.total - TARGET} B over ${TARGET} B`);
      }
      if (m.html > HTML_BUDGET) {
        over.push(`${rel}: HTML ${m.html} B, ${m.html - HTML_BUDGET} B over ${HTML_BUDGET} B`);
      }
      if (m.css + m.js > ASSET_BUDGET) {
        over.push(`${rel}: CSS and JS ${m.css + m.js} B, ${m.css + m.js - ASSET_BUDGET} B over ${ASSET_BUDGET} B [${parts.join(', ')}]`);
      }
    }
    await context.close();
    assert.ok(measured.some((m) => m.kind === 'module') && measured.some((m) => m.kind === 'exercise'), 'the bundled course has module and exercise pages to weigh');
    assertNone(foreign, 'requests to another host');
    assertNone(over, 'pages over their budget');
  });

  it(`the interactive script is at most ${SCRIPT_BUDGET / 1000} KB after the build's minification`, () => {
    for (const site of ['bundled', 'mini']) {
      const js = fs.statSync(path.join(sites()[site], 'assets', 'fokus.js')).size;
      assert.ok(js <= SCRIPT_BUDGET, `${site}: assets/fokus.js is ${js} B, over the ${SCRIPT_BUDGET} B budget by ${js - SCRIPT_BUDGET} B`);
    }
  });
});
