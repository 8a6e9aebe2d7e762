// Accessibility checks axe cannot make: every question a fieldset with a
// legend and labelled controls; feedback in an aria-live region that exists
// before it is filled; focus moved on purpose after check and retry;
// correctness shown with text and icon, not colour alone; visible focus;
// reflow at 320 px; and the answers readable without JavaScript.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNone, launch, newPage, pagesOf, serve, sites } from './lib/harness.mjs';
import { EXERCISE, action, assertFocusOnAction, assertFocusOnFirstControl, feedback, form } from './lib/quiz.mjs';

let browser;
const servers = {};

before(async () => {
  const s = sites();
  [browser, servers.bundled, servers.mini] = await Promise.all([launch(), serve(s.bundled), serve(s.mini)]);
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** Pages of a site that hold at least one question. */
function quizPages(site) {
  const dir = sites()[site];
  return pagesOf(dir).filter((rel) => fs.readFileSync(path.join(dir, rel), 'utf8').includes('class="question'));
}

/** Structural checks on the page as it is in the browser; returns problem lines. */
function structure() {
  const problems = [];
  const name = (f) => `question "${f.getAttribute('data-q')}"`;
  document.querySelectorAll('form.question').forEach((f) => {
    const fs = f.querySelector(':scope > fieldset');
    if (!fs) { problems.push(`${name(f)}: is not a <fieldset>`); return; }
    const legend = fs.firstElementChild;
    if (!legend || legend.tagName !== 'LEGEND') { problems.push(`${name(f)}: the fieldset's first child is not a <legend>`); } else if (!legend.textContent.trim()) { problems.push(`${name(f)}: the legend is empty`); }
    f.querySelectorAll('input, select, textarea').forEach((c) => {
      const labelled = (c.labels && [...c.labels].some((l) => l.textContent.trim())) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby');
      if (!labelled) { problems.push(`${name(f)}: a <${c.tagName.toLowerCase()}${c.type ? ` type=${c.type}` : ''}> has no label`); }
    });
    if (f.getAttribute('data-type') === 'single' || f.getAttribute('data-type') === 'truefalse') {
      if (f.querySelectorAll('input[type="radio"]').length < 2) { problems.push(`${name(f)}: a single choice uses native radio buttons`); }
    }
    if (f.getAttribute('data-type') === 'multiple' && !f.querySelector('input[type="checkbox"]')) {
      problems.push(`${name(f)}: a multiple choice uses native checkboxes`);
    }
    const fb = f.querySelector('.q-feedback');
    if (!fb) { problems.push(`${name(f)}: has no feedback element (.q-feedback)`); return; }
    const live = fb.getAttribute('aria-live') || (fb.getAttribute('role') === 'status' ? 'polite' : null);
    if (live !== 'polite' && live !== 'assertive') { problems.push(`${name(f)}: the feedback element is not an aria-live region`); }
    if (fb.textContent.trim()) { problems.push(`${name(f)}: the feedback region is filled before any answer`); }
    if (fb.getAttribute('tabindex') !== '-1') { problems.push(`${name(f)}: the feedback region cannot take focus (tabindex="-1")`); }
    f.querySelectorAll('div[onclick], span[onclick], [role="button"]:not(button)').forEach(() => problems.push(`${name(f)}: a clickable element that is not a button`));
  });
  return problems;
}

describe('questions are fieldsets with legends, labelled controls and a live region', () => {
  for (const site of ['mini', 'bundled']) {
    it(`${site} course: the built HTML, before any script runs`, () => {
      const dir = sites()[site];
      const problems = [];
      for (const rel of quizPages(site)) {
        const html = fs.readFileSync(path.join(dir, rel), 'utf8');
        for (const m of html.matchAll(/<form class="question[^"]*"[^>]*data-q="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
          const [, qid, body] = m;
          if (!/^\s*<fieldset>\s*<legend>[\s\S]*?\S[\s\S]*?<\/legend>/.test(body)) { problems.push(`${rel}, question "${qid}": does not start with <fieldset><legend>…</legend>`); }
          if (!/<div class="q-feedback"[^>]*aria-live="polite"[^>]*><\/div>/.test(body)) { problems.push(`${rel}, question "${qid}": has no empty aria-live feedback region in the HTML`); }
        }
      }
      assert.ok(quizPages(site).length > 0, `${site}: pages with questions exist`);
      assertNone(problems, `${site}: static question markup`);
    });
    it(`${site} course: in the browser, with the script running`, async () => {
      const { context, page } = await newPage(browser);
      const problems = [];
      for (const rel of quizPages(site)) {
        await page.goto(servers[site].base + rel);
        problems.push(...(await page.evaluate(structure)).map((p) => `${rel}: ${p}`));
      }
      assertNone(problems, `${site}: question structure in the browser`);
      await context.close();
    });
  }
});

describe('feedback and focus', () => {
  it('the feedback region exists empty before answering, is filled after while focus stays on the buttons of the question; retry puts focus on the first control', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(servers.mini.base + EXERCISE);
    const answer = {
      single: () => form(page, 'single').locator('input').first().check(),
      multiple: () => form(page, 'multiple').locator('input').nth(1).check(),
      truefalse: () => form(page, 'truefalse').locator('input').nth(1).check(),
      order: async () => {},
      match: () => form(page, 'match').locator('select').first().selectOption({ index: 1 }),
      text: () => form(page, 'text').locator('input').fill('forkert'),
    };
    for (const [q, act] of Object.entries(answer)) {
      const region = form(page, q).locator('.q-feedback');
      assert.equal(await region.getAttribute('aria-live'), 'polite', `question "${q}": the feedback is an aria-live region before answering`);
      assert.equal(await feedback(page, q), '', `question "${q}": the live region is empty before answering`);
      await act();
      await action(page, q, 'check').click();
      assert.notEqual(await feedback(page, q), '', `question "${q}": the live region is filled after "Tjek svar"`);
      assert.equal(await region.getAttribute('aria-live'), 'polite', `question "${q}": the same element stays the live region`);
      await assertFocusOnAction(page, q, '"Tjek svar"');
      await action(page, q, 'retry').click();
      await assertFocusOnFirstControl(page, q);
    }
    await context.close();
  });

  it('focus is visible on every control reached with Tab', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(servers.mini.base + EXERCISE);
    const problems = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) { return null; }
        const cs = getComputedStyle(e);
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
        const desc = `${e.tagName.toLowerCase()}${e.getAttribute('data-action') ? `[data-action=${e.getAttribute('data-action')}]` : ''} "${(e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 30)}"`;
        return { outline, shadow: cs.boxShadow !== 'none', desc };
      });
      if (r && !r.outline && !r.shadow) { problems.push(`${EXERCISE}: ${r.desc} has no visible focus indicator (outline ≥ 2 px)`); }
    }
    assertNone(problems, 'focus visibility');
    await context.close();
  });
});

describe('correctness is never shown by colour alone', () => {
  it('right and wrong answers differ in text and icon, not only in colour', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(servers.mini.base + EXERCISE);
    await form(page, 'single').locator('input').first().check();
    await form(page, 'multiple').locator('input').first().check();
    await form(page, 'multiple').locator('input').nth(1).check();
    await form(page, 'truefalse').locator('input').first().check();
    await form(page, 'match').locator('select').first().selectOption({ index: 1 });
    for (const q of ['single', 'multiple', 'truefalse', 'order', 'match']) { await action(page, q, 'check').click(); }
    // Every element coloured as right or wrong carries its verdict in text.
    const problems = await page.evaluate(() => {
      const out = [];
      document.querySelectorAll('form.question .is-ok, form.question .is-no').forEach((e) => {
        const ok = e.classList.contains('is-ok');
        const text = e.innerText;
        const q = e.closest('form').getAttribute('data-q');
        const icon = ok ? '✓' : '✗';
        if (!text.includes(icon)) { out.push(`question "${q}": an element marked ${ok ? 'right' : 'wrong'} by colour has no ${icon} icon: "${text.trim().slice(0, 60)}"`); }
        if (!e.classList.contains('q-feedback') && e.closest('.order-list') === null && !/Rigtigt|Ikke helt rigtigt/.test(text)) {
          out.push(`question "${q}": an element marked ${ok ? 'right' : 'wrong'} by colour does not say so in words: "${text.trim().slice(0, 60)}"`);
        }
      });
      return out;
    });
    assertNone(problems, 'colour-only verdicts');
    // With all colours gone (forced colours, greyscale), the verdict is still readable.
    await page.emulateMedia({ forcedColors: 'active' });
    const single = await feedback(page, 'single');
    const truefalse = await feedback(page, 'truefalse');
    assert.ok(single.startsWith('✗ Ikke helt rigtigt'), `question "single": the wrong verdict is text, got "${single}"`);
    assert.ok(truefalse.startsWith('✓ Rigtigt'), `question "truefalse": the right verdict is text, got "${truefalse}"`);
    await context.close();
  });

  it('the current page in the navigation and links in text are marked by more than colour', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(servers.mini.base + 'grundlag/evner.html');
    const r = await page.evaluate(() => {
      const style = (e) => { const c = getComputedStyle(e); return { weight: c.fontWeight, deco: c.textDecorationLine }; };
      const cur = document.querySelector('#fokus-nav a[aria-current="page"]');
      const other = document.querySelector('#fokus-nav a:not([aria-current])');
      const prose = [...document.querySelectorAll('.prose p a:not(.button)')].map((a) => getComputedStyle(a).textDecorationLine);
      return { cur: style(cur), other: style(other), prose };
    });
    assert.ok(r.cur.weight !== r.other.weight || r.cur.deco !== r.other.deco,
      `grundlag/evner.html: the current nav link differs from the others by weight or underline, not colour only (${JSON.stringify(r)})`);
    assert.ok(r.prose.length > 0 && r.prose.every((d) => d.includes('underline')), `grundlag/evner.html: links in running text are underlined (${r.prose})`);
    await context.close();
  });
});

describe('layout and no-script fallback', () => {
  it('pages reflow at 320 px without sideways scrolling', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 320, height: 640 } });
    const problems = [];
    const pages = [['mini', EXERCISE], ['mini', 'grundlag/evner.html'], ['bundled', 'index.html'], ['bundled', 'ordliste.html']];
    const dir = sites().bundled;
    const heavy = pagesOf(dir).filter((r) => fs.readFileSync(path.join(dir, r), 'utf8').includes('<table')).slice(0, 3);
    for (const rel of heavy) { pages.push(['bundled', rel]); }
    for (const [site, rel] of pages) {
      await page.goto(servers[site].base + rel);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (over > 0) {
        const wide = await page.evaluate(() => [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap, pre'))
          .slice(0, 3).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`).join(', '));
        problems.push(`${site} ${rel}: scrolls ${over} px sideways at 320 px (too wide: ${wide})`);
      }
    }
    assertNone(problems, 'reflow at 320 px');
    await context.close();
  });

  it('without JavaScript every question is readable and its answers sit behind <details>', async () => {
    const { context, page, log } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(servers.mini.base + EXERCISE);
    const problems = [];
    const forms = page.locator('form.question');
    const n = await forms.count();
    for (let i = 0; i < n; i++) {
      const f = forms.nth(i);
      const q = await f.getAttribute('data-q');
      const type = await f.getAttribute('data-type');
      if (!(await f.locator('legend').isVisible())) { problems.push(`question "${q}": the prompt is not visible without JavaScript`); }
      if (await f.locator('button:visible:not(.choice)').count()) { problems.push(`question "${q}": shows buttons that only work with JavaScript`); }
      if (type === 'reflection') { continue; }
      if (type === 'scale') {
        // No right answer, so no key: plain radio buttons that can be chosen.
        const radios = f.locator('label > input[type="radio"]');
        if (!(await radios.count())) { problems.push(`question "${q}": the scale has no labelled radio buttons`); continue; }
        await radios.last().check();
        if (!(await radios.last().isChecked())) { problems.push(`question "${q}": a point cannot be chosen without JavaScript`); }
        continue;
      }
      if (type === 'branching') {
        const nodes = await f.locator('.node').count();
        const visible = await f.locator('.node:visible').count();
        if (visible !== nodes) { problems.push(`question "${q}": only ${visible} of ${nodes} steps are readable without JavaScript`); }
        const fb = f.locator('details.choice-feedback').first();
        await fb.locator('summary').click();
        if (!(await fb.locator('p').first().isVisible())) { problems.push(`question "${q}": a reply's feedback cannot be opened without JavaScript`); }
        continue;
      }
      const key = f.locator('details.q-key');
      if (!(await key.isVisible())) { problems.push(`question "${q}": the answer key is not available without JavaScript`); continue; }
      await key.locator('summary').click();
      const text = await key.innerText();
      if (!/Rigtigt|Godkendte svar/.test(text)) { problems.push(`question "${q}": the opened answer key does not give the answer: "${text.slice(0, 80)}"`); }
    }
    assertNone(problems, `${EXERCISE} without JavaScript`);
    assert.deepEqual(log.problems(), [], 'without JavaScript: no failed request');
    await context.close();
  });
});

