/* fokus: course navigation and self-check exercises. No dependencies; all
 * state stays in this browser's localStorage. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  var base = html.getAttribute('data-root') || '';
  var here = html.getAttribute('data-page') || '';
  var course = html.getAttribute('data-course') || 'kursus';
  var T = {};
  try { T = JSON.parse(doc.getElementById('fokus-strings').textContent); } catch (e) { T = {}; }
  function t(k) { return T[k] || k; }

  /* Storage that never throws (private modes and file:// may refuse it). */
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* not kept */ } },
    del: function (k) { try { localStorage.removeItem(k); } catch (e) { /* nothing to do */ } }
  };
  function exKey(id) { return 'fokus:' + course + ':ex:' + id; }

  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function verdict(ok, word) {
    var p = el('p', { 'class': 'fb-title verdict verdict-' + (ok ? 'ok' : 'no') });
    p.appendChild(el('span', { 'aria-hidden': 'true' }, t(ok ? 'icon_correct' : 'icon_incorrect') + ' '));
    p.appendChild(doc.createTextNode(word || t(ok ? 'correct' : 'incorrect')));
    return p;
  }
  function button(parent, action, label, cls, type) {
    var b = el('button', { type: type || 'button', 'data-action': action }, t(label));
    if (cls) { b.className = cls; }
    parent.appendChild(b);
    return b;
  }
  function norm(s) { return String(s).toLocaleLowerCase().replace(/\s+/g, ' ').trim(); }

  /* ---------- Navigation: one shared script holds the whole course. ---------- */
  function moduleDone(x) {
    if (!x || !x.length) { return false; }
    return x.every(function (pair) {
      var rec = store.get(exKey(pair[0]));
      return rec && rec.done >= pair[1];
    });
  }
  function buildNav() {
    var nav = doc.getElementById('fokus-nav');
    var toc = window.fokusToc;
    if (!nav || !toc) { return; }
    var list = el('ul');
    function item(parent, title, url, cls) {
      var li = el('li', cls ? { 'class': cls } : {});
      var a = el('a', { href: base + url }, title);
      if (url === here) { a.setAttribute('aria-current', 'page'); }
      li.appendChild(a);
      parent.appendChild(li);
      return li;
    }
    item(list, t('home'), toc.home);
    toc.parts.forEach(function (p) {
      var li = item(list, p.t, p.u, 'nav-part');
      var sub = el('ul');
      p.m.forEach(function (m) {
        var mi = item(sub, m.t, m.u);
        if (moduleDone(m.x)) {
          var done = el('span', { 'class': 'nav-done' }, ' ✓');
          done.appendChild(el('span', { 'class': 'visually-hidden' }, ' ' + t('done')));
          mi.appendChild(done);
        }
      });
      li.appendChild(sub);
    });
    toc.pages.forEach(function (p) { item(list, p.t, p.u); });
    item(list, toc.exercises.t, toc.exercises.u);
    nav.textContent = '';
    nav.appendChild(list);
    var toggle = $('.nav-toggle');
    if (toggle) {
      toggle.hidden = false;
      nav.classList.add('is-collapsed');
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') === 'true';
        toggle.setAttribute('aria-expanded', String(!open));
        nav.classList.toggle('is-collapsed', open);
      });
    }
  }

  /* ---------- Exercises ---------- */
  function keyFeedback(form, index) {
    var li = $('.q-key li[data-option="' + index + '"] .option-feedback', form);
    return li ? li.innerHTML : '';
  }
  function explanation(form) {
    var e = $('.q-key .q-explanation', form);
    return e ? e.innerHTML : '';
  }

  /* Each question type: read(), grade(answer) → {ok, parts}, restore(answer), lock(bool), solve(). */
  var types = {
    choice: {
      read: function (f) { return $$('input', f).filter(function (i) { return i.checked; }).map(function (i) { return +i.value; }); },
      empty: function (a) { return !a.length; },
      restore: function (f, a) { $$('input', f).forEach(function (i) { i.checked = a.indexOf(+i.value) >= 0; }); },
      grade: function (f, a, out) {
        var inputs = $$('input', f);
        var multiple = f.getAttribute('data-type') === 'multiple';
        var right = 0;
        inputs.forEach(function (i) {
          var correct = i.getAttribute('data-correct') === 'true';
          var chosen = a.indexOf(+i.value) >= 0;
          if (correct === chosen) { right++; }
          if (!chosen && !(multiple && correct)) { return; }
          var ok = correct === chosen;
          var row = i.parentNode;
          row.classList.add(ok ? 'is-ok' : 'is-no');
          var mark = el('span', { 'class': 'mark' }, ' ' + t(ok ? 'icon_correct' : 'icon_incorrect') + ' ' + t(ok ? 'correct' : 'incorrect'));
          row.appendChild(mark);
          if (chosen || multiple) {
            var fb = el('div', { 'class': 'fb-option' });
            var label = $('.opt-letter', row);
            fb.appendChild(el('p', { 'class': 'fb-title' }, (label ? label.textContent + ' ' : '') + $('.opt-text', row).textContent));
            var body = el('div');
            body.innerHTML = keyFeedback(f, i.value);
            fb.appendChild(body);
            out.push(fb);
          }
        });
        var all = right === inputs.length;
        return { ok: all, word: all ? t('correct') : (multiple && right > 0 ? t('partly') + ' (' + right + ' / ' + inputs.length + ')' : t('incorrect')) };
      },
      lock: function (f, on) { $$('input', f).forEach(function (i) { i.disabled = on; }); },
      solve: function (f) { $$('input', f).forEach(function (i) { i.checked = i.getAttribute('data-correct') === 'true'; }); }
    },
    order: {
      read: function (f) { return $$('.order-list li', f).map(function (li) { return +li.getAttribute('data-pos'); }); },
      empty: function () { return false; },
      restore: function (f, a) {
        var list = $('.order-list', f);
        a.forEach(function (pos) { var li = $('li[data-pos="' + pos + '"]', list); if (li) { list.appendChild(li); } });
      },
      grade: function (f, a) {
        var right = 0;
        $$('.order-list li', f).forEach(function (li, i) {
          var ok = +li.getAttribute('data-pos') === i;
          if (ok) { right++; }
          li.classList.add(ok ? 'is-ok' : 'is-no');
          li.insertBefore(el('span', { 'class': 'mark' }, t(ok ? 'icon_correct' : 'icon_incorrect') + ' '), li.firstChild);
        });
        return { ok: right === a.length, word: right === a.length ? t('correct') : t('score').replace('{n}', right).replace('{m}', a.length) };
      },
      lock: function (f, on) { $$('[data-move]', f).forEach(function (b) { b.disabled = on; }); },
      solve: function (f) {
        var list = $('.order-list', f);
        $$('li', list).sort(function (x, y) { return x.getAttribute('data-pos') - y.getAttribute('data-pos'); })
          .forEach(function (li) { list.appendChild(li); });
      }
    },
    match: {
      read: function (f) { return $$('select', f).map(function (s) { return s.value; }); },
      empty: function (a) { return a.every(function (v) { return v === ''; }); },
      restore: function (f, a) { $$('select', f).forEach(function (s, i) { s.value = a[i] || ''; }); },
      grade: function (f) {
        var sel = $$('select', f);
        var right = 0;
        sel.forEach(function (s) {
          var ok = s.value === s.getAttribute('data-answer');
          if (ok) { right++; }
          var row = s.parentNode;
          row.classList.add(ok ? 'is-ok' : 'is-no');
          row.appendChild(el('span', { 'class': 'mark' }, t(ok ? 'icon_correct' : 'icon_incorrect') + ' ' + t(ok ? 'correct' : 'incorrect')));
        });
        return { ok: right === sel.length, word: right === sel.length ? t('correct') : t('score').replace('{n}', right).replace('{m}', sel.length) };
      },
      lock: function (f, on) { $$('select', f).forEach(function (s) { s.disabled = on; }); },
      solve: function (f) { $$('select', f).forEach(function (s) { s.value = s.getAttribute('data-answer'); }); }
    },
    text: {
      read: function (f) { return $('input', f).value; },
      empty: function (a) { return !norm(a); },
      restore: function (f, a) { $('input', f).value = a || ''; },
      grade: function (f, a, out) {
        var input = $('input', f);
        var accepted = [];
        try { accepted = JSON.parse(input.getAttribute('data-answers')); } catch (e) { accepted = []; }
        var ok = accepted.some(function (x) { return norm(x) === norm(a); });
        if (!ok) {
          out.push(el('p', {}, t('accepted_answers') + ': ' + accepted.join(', ')));
        }
        return { ok: ok };
      },
      lock: function (f, on) { $('input', f).readOnly = on; },
      solve: function (f) {
        var input = $('input', f);
        try { input.value = JSON.parse(input.getAttribute('data-answers'))[0] || ''; } catch (e) { input.value = ''; }
      }
    }
  };
  types.single = types.truefalse = types.multiple = types.choice;

  function Exercise(root) {
    var id = root.getAttribute('data-exercise');
    var key = exKey(id);
    var forms = $$('form.question', root);
    var scoreEl = $('[data-score]', root);
    var resetBtn = $('[data-action="reset"]', root);
    var rec = store.get(key) || {};
    rec.q = rec.q || {};
    // Drop answers to questions that changed since they were given.
    forms.forEach(function (f) {
      var q = rec.q[f.getAttribute('data-q')];
      if (q && q.h !== f.getAttribute('data-version')) { delete rec.q[f.getAttribute('data-q')]; }
    });

    function save() {
      var scored = 0; var done = 0; var right = 0;
      forms.forEach(function (f) {
        if (f.getAttribute('data-type') === 'reflection') { return; }
        scored++;
        var q = rec.q[f.getAttribute('data-q')];
        if (q && q.ok != null) { done++; if (q.ok) { right++; } }
      });
      rec.done = done; rec.right = right; rec.max = scored;
      store.set(key, rec);
      resetBtn.hidden = false;
      showScore();
    }
    function showScore() {
      var any = Object.keys(rec.q).length > 0;
      scoreEl.textContent = any && rec.max ? t('score').replace('{n}', rec.right || 0).replace('{m}', rec.max) : '';
      resetBtn.hidden = !any;
    }
    function put(f, patch) {
      var qid = f.getAttribute('data-q');
      var q = rec.q[qid] || { h: f.getAttribute('data-version') };
      for (var k in patch) { q[k] = patch[k]; }
      rec.q[qid] = q;
      save();
    }

    var controllers = forms.map(function (f) {
      var type = f.getAttribute('data-type');
      var actions = $('.q-actions', f);
      var feedback = $('.q-feedback', f);
      var hint = $('.q-hint', f);
      function addHint() {
        if (!hint) { return; }
        var hintBtn = button(actions, 'hint', 'hint', 'btn-secondary');
        hintBtn.setAttribute('aria-expanded', 'false');
        hintBtn.setAttribute('aria-controls', hint.id);
        hintBtn.addEventListener('click', function () {
          hint.hidden = !hint.hidden;
          hintBtn.setAttribute('aria-expanded', String(!hint.hidden));
        });
      }
      if (type === 'reflection') { addHint(); return reflection(f, put, rec, actions); }
      if (type === 'branching') { var b = branching(f, put, rec, feedback, button(actions, 'retry', 'restart')); addHint(); return b; }
      var kind = types[type];
      var check = button(actions, 'check', 'check', null, 'submit');
      var retry = button(actions, 'retry', 'retry');
      retry.hidden = true;
      var solution = button(actions, 'solution', 'solution', 'btn-secondary');
      addHint();
      if (type === 'order') { orderMoves(f); }

      function clear() {
        $$('.is-ok, .is-no', f).forEach(function (n) { n.classList.remove('is-ok', 'is-no'); });
        $$('.mark', f).forEach(function (n) { n.remove(); });
        feedback.textContent = '';
        feedback.className = 'q-feedback';
      }
      function show(answer, result, solved) {
        clear();
        var parts = [];
        var r = kind.grade(f, answer, parts);
        var ok = solved ? null : r.ok;
        feedback.classList.add(r.ok ? 'is-ok' : 'is-no');
        feedback.appendChild(solved ? el('p', { 'class': 'fb-title' }, t('solution')) : verdict(r.ok, r.word));
        parts.forEach(function (p) { feedback.appendChild(p); });
        var exp = explanation(f);
        if (exp) {
          var box = el('div', { 'class': 'fb-explanation' });
          box.appendChild(el('p', { 'class': 'fb-title' }, t('explanation')));
          var body = el('div'); body.innerHTML = exp; box.appendChild(body);
          feedback.appendChild(box);
        }
        kind.lock(f, true);
        check.hidden = true;
        retry.hidden = false;
        return ok;
      }
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var answer = kind.read(f);
        if (kind.empty(answer)) {
          clear();
          feedback.appendChild(el('p', {}, t('choose_first')));
          feedback.focus();
          return;
        }
        var ok = show(answer);
        put(f, { a: answer, ok: ok, s: false });
        feedback.focus();
      });
      retry.addEventListener('click', function () {
        clear();
        kind.lock(f, false);
        check.hidden = false;
        retry.hidden = true;
        put(f, { a: kind.read(f), ok: rec.q[f.getAttribute('data-q')].ok, s: false, open: true });
        var first = $('input, select, [data-move]', f);
        if (first) { first.focus(); }
      });
      solution.addEventListener('click', function () {
        kind.solve(f);
        var answer = kind.read(f);
        show(answer, null, true);
        var prev = rec.q[f.getAttribute('data-q')];
        put(f, { a: answer, ok: prev && prev.ok === true ? true : false, s: true });
        feedback.focus();
      });
      return {
        restore: function (q) {
          if (q.a == null) { return; }
          kind.restore(f, q.a);
          if (!q.open) { show(kind.read(f), null, q.s); }
        },
        reset: function () { clear(); kind.lock(f, false); check.hidden = false; retry.hidden = true; f.reset(); }
      };
    });

    forms.forEach(function (f, i) {
      var q = rec.q[f.getAttribute('data-q')];
      if (q) { controllers[i].restore(q); }
    });
    showScore();
    resetBtn.addEventListener('click', function () {
      store.del(key);
      rec = { q: {} };
      controllers.forEach(function (c) { c.reset(); });
      resetBtn.hidden = true;
      scoreEl.textContent = t('reset_done');
      var first = $('input, select, textarea, button:not([hidden])', forms[0]);
      if (first) { first.focus(); }
    });
  }

  function orderMoves(f) {
    var list = $('.order-list', f);
    var status = el('p', { 'class': 'visually-hidden', 'aria-live': 'polite' });
    list.parentNode.insertBefore(status, list.nextSibling);
    $$('li', list).forEach(function (li) {
      var text = $('.order-text', li).textContent;
      var moves = el('span', { 'class': 'order-moves' });
      [['-1', 'move_up', '↑'], ['1', 'move_down', '↓']].forEach(function (m) {
        var b = el('button', { type: 'button', 'data-move': m[0], 'aria-label': t(m[1]) + ': ' + text }, m[2]);
        moves.appendChild(b);
      });
      li.appendChild(moves);
    });
    list.addEventListener('click', function (ev) {
      var b = ev.target.closest('[data-move]');
      if (!b || b.disabled) { return; }
      var li = b.closest('li');
      var up = b.getAttribute('data-move') === '-1';
      var other = up ? li.previousElementSibling : li.nextElementSibling;
      if (!other) { return; }
      list.insertBefore(li, up ? other : other.nextSibling);
      b.focus();
      var items = $$('li', list);
      status.textContent = $('.order-text', li).textContent + ': ' + t('position') + ' ' + (items.indexOf(li) + 1) + ' / ' + items.length;
    });
  }

  function reflection(f, put, rec, actions) {
    var area = $('textarea', f);
    var saved = el('span', { 'class': 'q-saved' }, t('saved'));
    saved.hidden = true;
    actions.appendChild(saved);
    var timer = null;
    var q = rec.q[f.getAttribute('data-q')];
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { put(f, { a: area.value }); saved.hidden = false; }, 400);
    });
    return {
      restore: function (r) { area.value = r.a || ''; saved.hidden = !r.a; },
      reset: function () { area.value = ''; saved.hidden = true; q = null; }
    };
  }

  function branching(f, put, rec, feedback, restart) {
    var box = $('.branching', f);
    var start = box.getAttribute('data-start');
    var path = [];
    function node(id) { return $('[data-node="' + CSS.escape(id) + '"]', box); }
    function open(n) {
      n.hidden = false;
      n.classList.remove('is-past');
      box.appendChild(n);
      $$('.choice', n).forEach(function (c) { c.disabled = false; c.removeAttribute('aria-pressed'); });
      $$('.choice-feedback', n).forEach(function (c) { c.classList.remove('is-shown'); c.open = false; });
    }
    function reset() {
      path = [];
      $$('.node', box).forEach(function (n) { n.hidden = true; });
      feedback.textContent = '';
      feedback.className = 'q-feedback';
      open(node(start));
    }
    function choose(btn, record) {
      var n = btn.closest('.node');
      $$('.choice', n).forEach(function (c) { c.disabled = true; });
      btn.setAttribute('aria-pressed', 'true');
      var fb = $('.choice-feedback', btn.parentNode);
      if (fb) { fb.classList.add('is-shown'); fb.open = true; }
      n.classList.add('is-past');
      var next = node(btn.getAttribute('data-next'));
      if (!next) { return; }
      path.push($$('.choice', n).indexOf(btn));
      open(next);
      var outcome = next.getAttribute('data-outcome');
      feedback.textContent = '';
      feedback.className = 'q-feedback';
      if (outcome) {
        var ok = outcome === 'good';
        feedback.classList.add(ok ? 'is-ok' : 'is-no');
        feedback.appendChild(verdict(ok, t('outcome_' + outcome)));
        var exp = explanation(f);
        if (exp) { var d = el('div'); d.innerHTML = exp; feedback.appendChild(d); }
        if (record) { put(f, { a: path.slice(), ok: ok }); }
      } else if (record) {
        put(f, { a: path.slice(), open: true });
      }
      if (record) { next.focus(); }
    }
    box.addEventListener('click', function (ev) {
      var btn = ev.target.closest('.choice');
      if (btn && !btn.disabled) { choose(btn, true); }
    });
    restart.addEventListener('click', function () {
      reset();
      var first = $('.choice', node(start));
      if (first) { first.focus(); }
    });
    reset();
    return {
      restore: function (q) {
        (q.a || []).forEach(function (i) {
          var current = box.lastElementChild;
          var btn = $$('.choice', current)[i];
          if (btn && !btn.disabled) { choose(btn, false); }
        });
      },
      reset: reset
    };
  }

  buildNav();
  $$('.exercise[data-exercise]').forEach(function (root) {
    try { Exercise(root); } catch (e) { /* leave the static, readable version */ }
  });
})();
