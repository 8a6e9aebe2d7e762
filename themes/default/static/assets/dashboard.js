/* fokus course dashboard (home page only): each module's state from this
 * browser's localStorage (what fokus.js stores), each part's progress, and a
 * "Fortsæt" link to where the learner left off. Without it the home page still
 * lists every part and module. */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var data = function (e, k) { return e.getAttribute('data-' + k); };
  var base = data(root, 'root') || '';
  var prefix = 'fokus:' + (data(root, 'course') || 'kursus') + ':';
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return [].slice.call((ctx || doc).querySelectorAll(sel)); }

  /* The course dashboard (home page): each module's state from this browser, each
   * part's progress, and where to continue. Module state: 0 not started, 1 started
   * (opened, or an exercise begun), 2 done (opened and every exercise done). */
  function state(m, read) {
    var recs = m.x.map(function (x) { return [get('ex:' + x[0]), x[1]]; });
    if (read[m.u] && recs.every(function (r) { return r[0] && r[0].done >= r[1]; })) { return 2; }
    return read[m.u] || recs.some(function (r) { return r[0]; }) ? 1 : 0;
  }
  function dashboard(list, toc) {
    var labels = data(list, 'states').split('|');
    var read = get('read') || {};
    var all = [];
    toc.parts.forEach(function (p) { p.m.forEach(function (m) { m.s = state(m, read); all.push(m); }); });
    var byUrl = {};
    all.forEach(function (m) { byUrl[m.u] = m; });
    $$('.part-card', list).forEach(function (card) {
      var rows = $$('[data-m]', card);
      var done = 0;
      rows.forEach(function (row) {
        var m = byUrl[data(row, 'm')];
        if (!m) { return; }
        if (m.s === 2) { done++; }
        add(row, el('strong', 'tag tag-' + ['new', 'started', 'done'][m.s], labels[m.s]));
      });
      var prog = $('[data-progress]', card);
      prog.textContent = data(list, 'part-progress').replace('{n}', done).replace('{m}', rows.length);
      add(add(prog, el('span', 'bar')), el('span')).style.width = (rows.length ? 100 * done / rows.length : 0) + '%';
      prog.hidden = false;
    });
    // Continue where the learner left off; once that module is done, at the next one not done.
    var last = byUrl[get('last')];
    if (!last) { return; }
    var i = all.indexOf(last);
    while (last.s === 2 && i + 1 < all.length && all[i + 1].s === 2) { i++; }
    if (last.s === 2 && all[i + 1]) { last = all[i + 1]; }
    var link = $('[data-resume-link]');
    if (!link) { return; }
    link.href = base + last.u;
    link.textContent = data(link, 'continue');
    $('[data-resume-label]').textContent = data(list, 'continue-label');
    $('[data-resume-title]').textContent = last.t;
  }

  var list = $('[data-states]');
  if (list && window.fokusToc) { dashboard(list, window.fokusToc); }
})();
