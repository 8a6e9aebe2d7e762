/* fokus: course navigation and self-check exercises. No dependencies; all
 * state stays in this browser's localStorage, under "fokus:<course>:…":
 *   read        {page url: 1} for every module page opened (progress page)
 *   ex:<id>     {q: {question id: {h: version, a: answer, ok, s: solution
 *               shown, open: reopened, r: reflection, p: prompt, n: tries
 *               (each draws the options' order anew); a scale's a is the point
 *               chosen, from 1}}, done, right, max,
 *               t: tries of a pool (each "Nulstil mine svar" draws new questions)}
 *   seed        this learner's number, from which option orders are drawn
 * The build's minifier strips comments and spaces but keeps names, so names
 * are short. */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var data = function (e, k) { return e.getAttribute('data-' + k); };
  var base = data(root, 'root') || '';
  var here = data(root, 'page');
  var prefix = 'fokus:' + (data(root, 'course') || 'kursus') + ':';
  var T = {};
  try { T = JSON.parse(doc.getElementById('fokus-strings').textContent); } catch (e) { /* keys show instead */ }
  function t(k) { return T[k] || k; }
  function score(n, m) { return t('score').replace('{n}', n).replace('{m}', m); }

  /* Storage that never throws (private modes and file:// may refuse it). */
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function set(k, v) { try { localStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) { /* not kept */ } }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return [].slice.call((ctx || doc).querySelectorAll(sel)); }
  /* A state is true (right), false (wrong) or 'missed' / 'mixed' (a right option not
   * ticked; a mixed ending): each has its own icon, word and class, never colour alone. */
  var STATE = { true: ['ok', 'correct'], false: ['no', 'incorrect'], missed: ['missed', 'missed'], mixed: ['mixed', 'outcome_mixed'] };
  function icon(ok) { return t('icon_' + STATE[ok][1].replace('outcome_', '')); }
  function word(ok) { return t(STATE[ok][1]); }
  function verdict(ok, text) {
    var p = el('p', 'fb-title verdict verdict-' + STATE[ok][0]);
    add(p, el('span', null, icon(ok) + ' ')).setAttribute('aria-hidden', 'true');
    add(p, doc.createTextNode(text || word(ok)));
    return p;
  }
  /* A ✓/✗/○ mark with words on its own line under the option. */
  function mark(row, ok) {
    row.classList.add('is-' + STATE[ok][0]);
    return el('span', 'mark', ' ' + icon(ok) + ' ' + word(ok));
  }
  function button(parent, action, label, cls) {
    var b = add(parent, el('button', cls, t(label)));
    b.type = 'button';
    b.setAttribute('data-action', action);
    return b;
  }
  /* Locked after checking, yet still reachable with Tab so the learner can review it. */
  function aria(e, on) { if (on) { e.setAttribute('aria-disabled', 'true'); } else { e.removeAttribute('aria-disabled'); } }
  function norm(s) { return String(s).toLocaleLowerCase().replace(/\s+/g, ' ').trim(); }
  function html(parent, markup, cls) { var d = add(parent, el('div', cls)); d.innerHTML = markup; return d; }
  /* The explanation ("Forklaring …") from the answer key readers without JavaScript get. */
  function explain(f, out) {
    var e = $('.q-key .q-explanation', f);
    if (e) { html(out, e.innerHTML, 'fb-explanation'); }
  }

  /* ---------- Navigation: one shared script (toc.js) holds the course. ---------- */
  function buildNav() {
    var nav = doc.getElementById('fokus-nav');
    var toc = window.fokusToc;
    if (!nav || !toc) { return; }
    var list = el('ul');
    function item(parent, title, url, cls) {
      var li = add(parent, el('li', cls));
      var a = add(li, el('a', null, title));
      a.href = base + url;
      if (url === here) { a.setAttribute('aria-current', 'page'); }
      return li;
    }
    item(list, t('home'), toc.home);
    toc.parts.forEach(function (p) {
      var sub = add(item(list, p.t, p.u, 'nav-part'), el('ul'));
      p.m.forEach(function (m) {
        var li = item(sub, m.t, m.u);
        var done = m.x.length && m.x.every(function (x) { var r = get('ex:' + x[0]); return r && r.done >= x[1]; });
        if (done) { add(add(li, el('span', 'nav-done', ' ✓')), el('span', 'visually-hidden', ' ' + t('done'))); }
      });
    });
    toc.pages.concat([toc.exercises], toc.more).forEach(function (p) { item(list, p.t, p.u); });
    nav.textContent = '';
    add(nav, list);
    var toggle = $('.nav-toggle');
    if (toggle) {
      toggle.hidden = false;
      nav.classList.add('is-collapsed');
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', open);
        nav.classList.toggle('is-collapsed', !open);
      });
    }
  }

  /* ---------- Orders drawn per learner: same seed and key, same order ---------- */
  var seed;
  function draw(n, s) {
    seed = seed || get('seed');
    if (!seed) { set('seed', seed = 1 + Math.random() * 2e9 | 0); }
    // Inside-out Fisher–Yates on xorshift32, seeded with the seed and s.
    for (var h = seed, a = [], i = 0, k; i < s.length; i++) { h = Math.imul(h ^ s.charCodeAt(i), 16777619); }
    for (i = 0; i < n; i++) { h ^= h << 13; h ^= h >>> 17; h ^= h << 5; k = (h >>> 0) % (i + 1); a[i] = a[k]; a[k] = i; }
    return a;
  }
  /* Moves the options (and their answer key, in step) or a conversation's choices into
   * the order drawn for try n; the DOM order is the order read and tabbed through, and
   * the letters follow it. Without this script the written order stays. */
  function shuffler(f, s) {
    var lists = $$('.options,.key-options,.node-choices', f).map(function (l) { return [l, [].slice.call(l.children)]; });
    return function (n) {
      lists.forEach(function (x, k) {
        draw(x[1].length, s + (x[0].className == 'node-choices' ? k : '') + n).forEach(function (i, p) {
          var l = $('.opt-letter,:scope>strong', add(x[0], x[1][i]));
          if (l) { l.textContent = String.fromCharCode(65 + p) + '.'; }
        });
      });
    };
  }

  /* ---------- Question types: read, restore, grade, lock, solve ---------- */
  function answers(f) { try { return JSON.parse(data($('input', f), 'answers')); } catch (e) { return []; } }
  var choice = {
    read: function (f) { return $$('input', f).filter(function (i) { return i.checked; }).map(function (i) { return +i.value; }); },
    restore: function (f, a) { $$('input', f).forEach(function (i) { i.checked = a.indexOf(+i.value) >= 0; }); },
    grade: function (f, a, out) {
      var inputs = $$('input', f);
      var multi = data(f, 'type') === 'multiple';
      var right = 0;
      inputs.forEach(function (i, n) {
        var correct = i.hasAttribute('data-correct');
        var chosen = a.indexOf(+i.value) >= 0;
        if (correct === chosen) { right++; }
        if (!chosen && !(multi && correct)) { return; }
        var row = i.parentNode;
        var label = row.textContent.replace(/\s+/g, ' ').trim();
        add(row, mark(row, chosen ? correct : 'missed'));
        // The option's own feedback, from the answer key the page holds for readers without JavaScript.
        var fb = add(out, el('div', 'fb-option'));
        add(fb, el('p', 'fb-title', label));
        var key = $('.key-options > li:nth-child(' + (n + 1) + ') > div', f);
        if (key) { html(fb, key.innerHTML); }
      });
      var ok = right === inputs.length;
      return { ok: ok, word: !ok && multi && right ? t('partly') + ' (' + right + ' / ' + inputs.length + ')' : word(ok) };
    },
    lock: function (f, on) { $$('input', f).forEach(function (i) { aria(i, on); }); },
    solve: function (f) { $$('input', f).forEach(function (i) { i.checked = i.hasAttribute('data-correct'); }); }
  };
  var types = {
    single: choice, truefalse: choice, multiple: choice,
    order: {
      read: function (f) { return $$('.order-list li', f).map(function (li) { return +data(li, 'pos'); }); },
      restore: function (f, a) {
        var list = $('.order-list', f);
        a.forEach(function (pos) { var li = $('[data-pos="' + pos + '"]', list); if (li) { add(list, li); } });
      },
      grade: function (f, a) {
        var right = 0;
        $$('.order-list li', f).forEach(function (li, i) {
          var ok = +data(li, 'pos') === i;
          if (ok) { right++; }
          add(li, mark(li, ok));
        });
        var ok = right === a.length;
        return { ok: ok, word: ok ? word(ok) : score(right, a.length) };
      },
      lock: function (f, on) { $$('[data-move]', f).forEach(function (b) { b.disabled = on; }); },
      solve: function (f) { types.order.restore(f, types.order.read(f).sort(function (x, y) { return x - y; })); }
    },
    match: {
      read: function (f) { return $$('select', f).map(function (s) { return s.value; }); },
      restore: function (f, a) { $$('select', f).forEach(function (s, i) { s.value = a[i] || ''; }); },
      grade: function (f) {
        var sel = $$('select', f);
        var right = 0;
        sel.forEach(function (s) {
          var ok = s.value === data(s, 'answer');
          if (ok) { right++; }
          add(s.parentNode, mark(s.parentNode, ok));
        });
        var ok = right === sel.length;
        return { ok: ok, word: ok ? word(ok) : score(right, sel.length) };
      },
      lock: function (f, on) { $$('select', f).forEach(function (s) { aria(s, on); s.setAttribute('data-v', s.value); }); },
      solve: function (f) { $$('select', f).forEach(function (s) { s.value = data(s, 'answer'); }); }
    },
    text: {
      read: function (f) { return $('input', f).value; },
      restore: function (f, a) { $('input', f).value = a || ''; },
      grade: function (f, a, out, solved) {
        var ok = answers(f).some(function (x) { return norm(x) === norm(a); });
        if (solved) { add(out, el('p', null, t('accepted_answers') + ': ' + answers(f).join(', '))); }
        return { ok: ok };
      },
      lock: function (f, on) { $('input', f).readOnly = on; },
      solve: function (f) { $('input', f).value = answers(f)[0] || ''; }
    }
  };

  /* ---------- An exercise: its questions, score and stored answers ---------- */
  function Exercise(box) {
    var key = 'ex:' + data(box, 'exercise');
    var all = $$('form.question', box);
    var forms = all;
    var pass = +data(box, 'pass');
    var pick = +data(box, 'pick');
    var scoreEl = $('[data-score]', box);
    var resetBtn = $('[data-action="reset"]', box);
    var rec = get(key) || {};
    rec.q = rec.q || {};
    // Drop answers to questions that changed since they were given, and
    // recount, so neither the score nor the navigation counts them.
    var stale = false;
    forms.forEach(function (f) {
      var q = rec.q[data(f, 'q')];
      if (q && q.h !== data(f, 'version')) { delete rec.q[data(f, 'q')]; stale = true; }
    });
    /* A pool shows `pick` of the questions, drawn per learner and try, numbered anew. */
    function pool() {
      if (!pick) { return; }
      var chosen = draw(all.length, key + '#' + (rec.t || 0)).slice(0, pick);
      forms = all.filter(function (f, i) { f.hidden = chosen.indexOf(i) < 0; return !f.hidden; });
      forms.forEach(function (f, k) {
        var n = $('.q-num', f);
        n.textContent = n.textContent.replace(/\d+ \/ \d+/, k + 1 + ' / ' + pick);
      });
    }
    pool();
    function passed() { return t(rec.right * 100 >= pass * rec.max ? 'pass_yes' : 'pass_not_yet'); }
    function count() {
      rec.max = rec.done = rec.right = 0;
      forms.forEach(function (f) {
        if (/^(reflection|scale)$/.test(data(f, 'type'))) { return; }
        rec.max++;
        var q = rec.q[data(f, 'q')];
        if (q && q.ok != null) { rec.done++; if (q.ok) { rec.right++; } }
      });
    }
    function showScore() {
      var any = Object.keys(rec.q).length > 0;
      scoreEl.textContent = any && rec.max ? score(rec.right, rec.max) + (pass && rec.done === rec.max ? ' – ' + passed() : '') : '';
      resetBtn.hidden = !any;
    }
    function put(f, patch) {
      var id = data(f, 'q');
      var q = rec.q[id] || { h: data(f, 'version') };
      for (var k in patch) { q[k] = patch[k]; }
      rec.q[id] = q;
      count();
      set(key, rec);
      showScore();
    }
    count();
    if (stale) { set(key, rec); }

    var controllers = all.map(function (f) {
      var type = data(f, 'type');
      var feedback = $('.q-feedback', f);
      var hint = $('.q-hint', f);
      var actions = f.insertBefore(el('div', 'q-actions'), hint || feedback);
      var id = data(f, 'q');
      var mix = f.hasAttribute('data-shuffle') ? shuffler(f, key + id) : function () {};
      var tries = function () { var q = rec.q[id]; return q && q.n || 0; };
      mix(tries());
      function addHint() {
        if (!hint) { return; }
        var b = button(actions, 'hint', 'hint', 'btn-secondary');
        b.setAttribute('aria-expanded', 'false');
        b.setAttribute('aria-controls', hint.id);
        b.addEventListener('click', function () {
          hint.hidden = !hint.hidden;
          b.setAttribute('aria-expanded', !hint.hidden);
        });
      }
      function clear() {
        $$('.is-ok, .is-no, .is-missed, .is-mixed', f).forEach(function (n) { n.classList.remove('is-ok', 'is-no', 'is-missed', 'is-mixed'); });
        $$('.mark', f).forEach(function (n) { n.remove(); });
        feedback.textContent = '';
        feedback.className = 'q-feedback';
      }
      if (type === 'reflection' || type === 'scale') {
        addHint();
        return reflection(f, put, actions, type === 'scale');
      }
      if (type === 'branching') {
        var b = branching(f, put, feedback, clear, button(actions, 'retry', 'restart'));
        addHint();
        return b;
      }
      var kind = types[type];
      var check = button(actions, 'check', 'check');
      check.type = 'submit';
      var retry = button(actions, 'retry', 'retry');
      retry.hidden = true;
      var solution = button(actions, 'solution', 'solution', 'btn-secondary');
      addHint();
      if (type === 'order') { orderMoves(f); }
      // A locked answer can be focused and read but not changed.
      f.addEventListener('click', function (ev) {
        if (ev.target.getAttribute('aria-disabled') === 'true') { ev.preventDefault(); }
      });
      f.addEventListener('change', function (ev) {
        var s = ev.target;
        if (s.getAttribute('aria-disabled') === 'true' && s.tagName === 'SELECT') { s.value = data(s, 'v'); }
      });

      function show(solved) {
        clear();
        var out = el('div');
        var r = kind.grade(f, kind.read(f), out, solved);
        feedback.classList.add(r.ok ? 'is-ok' : 'is-no');
        add(feedback, solved ? el('p', 'fb-title', t('solution')) : verdict(r.ok, r.word));
        while (out.firstChild) { add(feedback, out.firstChild); }
        explain(f, feedback);
        kind.lock(f, true);
        check.hidden = true;
        retry.hidden = false;
        return r.ok;
      }
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var answer = kind.read(f);
        if (!norm([].concat(answer).join(''))) {
          clear();
          add(feedback, el('p', null, t('choose_first')));
        } else {
          put(f, { a: answer, ok: show(), s: false, open: false });
          // The exercise's verdict, read with the last answer's feedback.
          if (pass && rec.done === rec.max) { add(feedback, el('p', 'fb-title', passed())); }
          // "Prøv igen" takes the place of "Tjek svar"; the live region reads the verdict once.
          retry.focus();
        }
      });
      retry.addEventListener('click', function () {
        clear();
        kind.lock(f, false);
        check.hidden = false;
        retry.hidden = true;
        put(f, { a: kind.read(f), open: true, n: tries() + 1 });
        mix(tries());
        $('input, select, [data-move]', f).focus();
      });
      solution.addEventListener('click', function () {
        kind.solve(f);
        show(true);
        var prev = rec.q[id];
        put(f, { a: kind.read(f), ok: !!(prev && prev.ok), s: true, open: false });
      });
      return {
        restore: function (q) {
          kind.restore(f, q.a);
          if (!q.open) { show(q.s); }
        },
        reset: function () { clear(); kind.lock(f, false); check.hidden = false; retry.hidden = true; f.reset(); mix(0); }
      };
    });

    all.forEach(function (f, i) {
      var q = rec.q[data(f, 'q')];
      if (q && q.a != null) { controllers[i].restore(q); }
    });
    showScore();
    resetBtn.addEventListener('click', function () {
      // A pool keeps its count of tries, so the next draw differs; otherwise nothing is kept.
      rec = { q: {}, t: (rec.t || 0) + 1 };
      count();
      if (pick) { set(key, rec); } else { try { localStorage.removeItem(prefix + key); } catch (e) { /* nothing kept */ } }
      pool();
      controllers.forEach(function (c) { c.reset(); });
      resetBtn.hidden = true;
      scoreEl.textContent = t('reset_done');
      $('input, select, textarea, button:not([hidden])', forms[0]).focus();
    });
  }

  /* "Flyt op"/"Flyt ned" buttons: ordering never needs drag and drop. */
  function orderMoves(f) {
    var list = $('.order-list', f);
    var status = el('p', 'visually-hidden');
    status.setAttribute('aria-live', 'polite');
    list.parentNode.insertBefore(status, list.nextSibling);
    $$('li', list).forEach(function (li) {
      var text = $('.order-text', li).textContent;
      var moves = add(li, el('span', 'order-moves'));
      [['-1', 'move_up', '↑'], ['1', 'move_down', '↓']].forEach(function (m) {
        var b = add(moves, el('button', null, m[2]));
        b.type = 'button';
        b.setAttribute('data-move', m[0]);
        b.setAttribute('aria-label', t(m[1]) + ': ' + text);
      });
    });
    list.addEventListener('click', function (ev) {
      var b = ev.target.closest('[data-move]');
      if (!b || b.disabled) { return; }
      var li = b.closest('li');
      var up = data(b, 'move') === '-1';
      var other = up ? li.previousElementSibling : li.nextElementSibling;
      if (!other) { return; }
      list.insertBefore(li, up ? other : other.nextSibling);
      b.focus();
      var items = $$('li', list);
      status.textContent = $('.order-text', li).textContent + ': ' + t('position') + ' ' + (items.indexOf(li) + 1) + ' / ' + items.length;
    });
  }

  /* Free text, or a self-assessment's point (from 1), kept on this device
   * (and listed on the progress page); never scored. */
  function reflection(f, put, actions, scale) {
    var area = $('textarea', f);
    var saved = add(actions, el('span', 'q-saved', t('saved')));
    saved.hidden = true;
    var timer;
    function keep(v) { put(f, v); saved.hidden = false; }
    // A point is kept at once (the learner may leave the page the next moment); text after a pause in typing.
    f.addEventListener(scale ? 'change' : 'input', function (ev) {
      clearTimeout(timer);
      if (scale) { keep({ a: +ev.target.value }); return; }
      timer = setTimeout(function () { keep({ a: area.value, r: 1, p: $('.q-prompt', f).textContent }); }, 400);
    });
    f.addEventListener('submit', function (ev) { ev.preventDefault(); });
    return {
      restore: function (q) { if (scale) { choice.restore(f, [+q.a]); } else { area.value = q.a; } saved.hidden = !q.a; },
      reset: function () { f.reset(); saved.hidden = true; }
    };
  }

  /* A conversation: each reply opens the step it leads to, until an ending. The
   * steps keep their place in the page (CSS order shows them as taken), so a
   * printout lists them in order. */
  function branching(f, put, feedback, clear, restart) {
    var box = $('.branching', f);
    var path = [];
    var taken = [];
    var cur;
    // The reply's own feedback is read out once, from this region, beside the reply it belongs to.
    var say = el('p', 'visually-hidden');
    say.setAttribute('aria-live', 'polite');
    box.parentNode.insertBefore(say, box.nextSibling);
    function node(id) { return $('[data-node="' + CSS.escape(id) + '"]', box); }
    function open(n) {
      n.hidden = false;
      n.classList.remove('is-past');
      n.style.order = taken.length + 1;
      cur = n;
      $$('.choice', n).forEach(function (c) { c.disabled = false; c.removeAttribute('aria-pressed'); });
      $$('.choice-feedback', n).forEach(function (c) { c.classList.remove('is-shown'); c.open = false; });
    }
    function reset() {
      path = [];
      taken = [];
      say.textContent = '';
      $$('.node', box).forEach(function (n) { n.hidden = true; n.style.order = ''; });
      clear();
      open(node(data(box, 'start')));
    }
    function choose(btn, record) {
      var n = btn.closest('.node');
      var choices = $$('.choice', n);
      choices.forEach(function (c) { c.disabled = true; });
      btn.setAttribute('aria-pressed', 'true');
      var fb = $('.choice-feedback', btn.parentNode);
      if (fb) { fb.classList.add('is-shown'); fb.open = true; }
      n.classList.add('is-past');
      var next = node(data(btn, 'next'));
      if (!next) { return; }
      // A reply is stored by its written place (its value), whatever order it is shown in.
      path.push(+btn.value);
      taken.push([$('.node-label', n).textContent, btn.textContent]);
      open(next);
      clear();
      var outcome = data(next, 'outcome');
      var patch = { a: path.slice(), open: !outcome };
      say.textContent = '';
      if (outcome) {
        var state = outcome === 'good' ? true : outcome === 'poor' ? false : 'mixed';
        patch.ok = state === true;
        feedback.classList.add('is-' + STATE[state][0]);
        add(feedback, verdict(state, t('outcome_' + outcome)));
        explain(f, feedback);
        add(feedback, el('p', 'fb-title', t('your_path')));
        var ol = add(feedback, el('ol', 'path-summary'));
        taken.forEach(function (s) { add(ol, el('li', null, s[0] + ': ' + s[1])); });
      } else if (record && fb) {
        say.textContent = btn.textContent + ' – ' + fb.textContent.slice($('summary', fb).textContent.length).replace(/\s+/g, ' ').trim();
      }
      if (record) { put(f, patch); next.focus(); }
    }
    box.addEventListener('click', function (ev) {
      var btn = ev.target.closest('.choice');
      if (btn && !btn.disabled) { choose(btn, true); }
    });
    restart.addEventListener('click', function () {
      reset();
      $('.choice', cur).focus();
    });
    reset();
    return {
      restore: function (q) {
        q.a.forEach(function (i) {
          var btn = $('.choice[value="' + i + '"]', cur);
          if (btn && !btn.disabled) { choose(btn, false); }
        });
      },
      reset: reset
    };
  }

  /* Matching questions on paper: the right-hand options as a list to pair by hand. */
  function matchPrint(m) {
    var box = add(m, el('div', 'match-print'));
    add(box, el('p', 'fb-title', t('match_options')));
    var ul = add(box, el('ul'));
    $$('option', $('select', m)).forEach(function (o) { if (o.value) { add(ul, el('li', null, o.textContent)); } });
  }

  buildNav();
  // Search loads the first time someone goes to the search box.
  var search = doc.getElementById('fokus-search');
  if (search) {
    search.addEventListener('focus', function load() {
      search.removeEventListener('focus', load);
      add(doc.head, el('script')).src = base + 'assets/search.js';
    });
  }
  if ($('article.module')) {
    var read = get('read') || {};
    read[here] = 1;
    set('read', read);
    set('last', here);
  }
  /* An exercise card (its questions are on its own page): the learner's state, as the dashboard counts it. */
  $$('[data-card]').forEach(function (c) {
    var r = get('ex:' + data(c, 'card'));
    var s = r ? (r.done >= +data(c, 'need') ? 2 : 1) : 0;
    var tag = $('[data-card-state]', c);
    tag.textContent = data(c, 'states').split('|')[s];
    tag.className = 'tag tag-' + ['new', 'started', 'done'][s];
    tag.hidden = false;
  });
  $$('.match').forEach(matchPrint);
  // The print page shows the questions with room to answer, never stored answers.
  if (!$('.page-print')) {
    $$('.exercise[data-exercise]').forEach(function (box) {
      try { Exercise(box); } catch (e) { /* leave the static, readable version */ }
    });
  }
})();
