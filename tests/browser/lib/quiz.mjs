// Helpers to read a question's state in the page, with messages that name
// the question.

import assert from 'node:assert/strict';

export const EXERCISE = 'opgaver/alle-typer.html';
export const SCORE_RE = /^(\d+) af (\d+) rigtige$/;

export function form(page, qid) {
  return page.locator(`form[data-q="${qid}"]`);
}

export function action(page, qid, name) {
  return form(page, qid).locator(`[data-action="${name}"]`);
}

/** The visible text of a question's feedback region, whitespace squeezed. */
export async function feedback(page, qid) {
  const t = await form(page, qid).locator('.q-feedback').innerText();
  return t.replace(/\s+/g, ' ').trim();
}

export async function score(page) {
  return (await page.locator('[data-score]').first().innerText()).trim();
}

/** Is the focused element inside question `qid`, and which element is it? */
export async function focusInfo(page, qid) {
  return page.evaluate((q) => {
    const e = document.activeElement;
    const f = e && e.closest && e.closest('form[data-q]');
    return {
      inQuestion: !!f && f.getAttribute('data-q') === q,
      isFeedback: !!e && e.classList.contains('q-feedback'),
      tag: e ? e.tagName.toLowerCase() : '',
      type: e ? e.getAttribute('type') || '' : '',
      move: e ? e.getAttribute('data-move') : null,
      action: e ? e.getAttribute('data-action') : null,
      text: e ? (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 60) : '',
    };
  }, qid);
}

/**
 * After checking (or "Vis løsning"), focus stays on the question's own button row:
 * "Prøv igen" takes the place of "Tjek svar", and the feedback is read once by its
 * live region, never also by moving focus onto it (issue 17).
 */
export async function assertFocusOnAction(page, qid, after) {
  const f = await focusInfo(page, qid);
  assert.ok(f.inQuestion && !f.isFeedback && f.tag === 'button' && (f.action === 'retry' || f.action === 'solution'),
    `question "${qid}": after ${after} focus should be on "Prøv igen" or "Vis løsning", but is on <${f.tag}> "${f.text}"`);
}

/** After "Prøv igen", focus must be on the question's first control. */
export async function assertFocusOnFirstControl(page, qid) {
  const first = await form(page, qid).evaluate((f) => {
    const e = f.querySelector('input, select, textarea, [data-move], .choice:not([disabled])');
    return e ? (e.id || e.getAttribute('aria-label') || e.textContent.trim()) : null;
  });
  const now = await page.evaluate(() => {
    const e = document.activeElement;
    return e ? (e.id || e.getAttribute('aria-label') || e.textContent.trim()) : null;
  });
  assert.equal(now, first, `question "${qid}": after "Prøv igen" focus should be on the first control (${first}), but is on ${now}`);
}

/** The state shown after an answer was checked: locked, "Prøv igen" offered. */
export async function assertChecked(page, qid) {
  const f = form(page, qid);
  assert.ok(await action(page, qid, 'retry').isVisible(), `question "${qid}": "Prøv igen" shows after checking`);
  assert.ok(!(await action(page, qid, 'check').isVisible()), `question "${qid}": "Tjek svar" is hidden after checking`);
  const unlocked = await f.locator('input:not([aria-disabled="true"]):not([readonly]), select:not([aria-disabled="true"]), [data-move]:not([disabled])').count();
  assert.equal(unlocked, 0, `question "${qid}": the answer is locked after checking (${unlocked} controls still editable)`);
}

/** The state after "Prøv igen": feedback empty, controls open, "Tjek svar" back. */
export async function assertOpen(page, qid) {
  const f = form(page, qid);
  assert.equal(await feedback(page, qid), '', `question "${qid}": the feedback is cleared after "Prøv igen"`);
  assert.ok(await action(page, qid, 'check').isVisible(), `question "${qid}": "Tjek svar" is back after "Prøv igen"`);
  assert.ok(!(await action(page, qid, 'retry').isVisible()), `question "${qid}": "Prøv igen" is hidden while answering`);
  const locked = await f.locator('input[disabled], input[readonly], [aria-disabled="true"], select[disabled], [data-move][disabled]').count();
  assert.equal(locked, 0, `question "${qid}": every control is usable again after "Prøv igen" (${locked} locked)`);
  assert.equal(await f.locator('.mark').count(), 0, `question "${qid}": the ✓/✗ marks are gone after "Prøv igen"`);
}

export function assertWrong(text, qid, expectWord = 'Ikke helt rigtigt') {
  assert.ok(text.includes('✗'), `question "${qid}": a wrong answer shows the ✗ icon, got "${text}"`);
  assert.ok(text.includes(expectWord), `question "${qid}": a wrong answer says "${expectWord}", got "${text}"`);
  assert.ok(!text.startsWith('✓'), `question "${qid}": a wrong answer is not called right, got "${text}"`);
}

export function assertRight(text, qid, expectWord = 'Rigtigt') {
  assert.ok(text.startsWith(`✓ ${expectWord}`), `question "${qid}": a right answer starts with "✓ ${expectWord}", got "${text}"`);
  assert.ok(!text.includes('✗'), `question "${qid}": a right answer shows no ✗, got "${text}"`);
}

/** The order of an order question's items, by their text. */
export async function orderItems(page, qid) {
  return form(page, qid).locator('.order-list li .order-text').allInnerTexts();
}

/** Every path through a branching question, from its DOM: [{ending, outcome, steps: [choice text…]}]. */
export async function branchingPaths(page, qid) {
  return form(page, qid).evaluate((f) => {
    const box = f.querySelector('.branching');
    const nodes = {};
    box.querySelectorAll('.node').forEach((n) => {
      nodes[n.getAttribute('data-node')] = {
        outcome: n.getAttribute('data-outcome'),
        choices: [...n.querySelectorAll(':scope > .node-choices .choice')].map((c, i) => ({ text: c.textContent.trim(), index: i, next: c.getAttribute('data-next') })),
      };
    });
    const start = box.getAttribute('data-start');
    // Shortest path to every ending (breadth first).
    const paths = {};
    const queue = [[start, []]];
    const seen = new Set([start]);
    while (queue.length) {
      const [id, steps] = queue.shift();
      const n = nodes[id];
      if (!n) { continue; }
      if (n.outcome) { if (!paths[id]) { paths[id] = { ending: id, outcome: n.outcome, steps }; } continue; }
      for (const c of n.choices) {
        if (!seen.has(c.next)) { seen.add(c.next); queue.push([c.next, [...steps, { text: c.text, index: c.index }]]); }
      }
    }
    const endings = Object.keys(nodes).filter((k) => nodes[k].outcome);
    return { endings, paths: Object.values(paths) };
  });
}
