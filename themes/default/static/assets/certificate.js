/* fokus course certificate ("Kursusbevis") on the progress page. The same
 * judge as the completion box and the LMS packages (completion.js) decides:
 * before completion the page lists what is missing; after it, the learner
 * types their name and prints a one-page certificate. Everything is filled in
 * with textContent (the name is the learner's own input); the markup is the
 * theme's (progress.html). Issued by this browser alone: nothing is sent. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  var box = doc.getElementById('fokus-certificate');
  var rulesBox = doc.getElementById('fokus-completion');
  var toc = window.fokusToc;
  if (!box || !rulesBox || !toc || !window.fokusCompletion) { return; }
  var MAX_LINES = 6;
  var base = html.getAttribute('data-root') || '';
  var prefix = 'fokus:' + (html.getAttribute('data-course') || 'kursus') + ':';
  var lang = html.getAttribute('lang') === 'en' ? 'en-GB' : 'da-DK';
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function s(k) { return box.getAttribute('data-' + k) || ''; }
  function fill(text, v) { return text.replace(/\{(\w)\}/g, function (m, k) { return k in v ? v[k] : m; }); }
  function $(sel) { return box.querySelector(sel); }
  function el(tag, text) { var e = doc.createElement(tag); if (text != null) { e.textContent = text; } return e; }
  function num(n) { return Number(n).toLocaleString(lang, { maximumFractionDigits: 1 }); }

  var todoBox = $('.certificate-todo');
  var formBox = $('.certificate-form');
  var sheet = $('.certificate');
  var name = doc.getElementById('fokus-certificate-name');
  var status = doc.getElementById('fokus-certificate-status');
  var titles = {};
  try { titles = JSON.parse(doc.getElementById('fokus-exercises').textContent); } catch (e) { titles = {}; }
  // Module titles and each exercise's [id, scored questions shown, pass mark].
  var modTitle = {};
  var exInfo = {};
  toc.parts.forEach(function (p) {
    p.m.forEach(function (m) {
      modTitle[m.u] = m.t;
      m.x.forEach(function (x) { exInfo[x[0]] = x; });
    });
  });

  /* Durations and the total, in the page's language. */
  [].forEach.call(sheet.querySelectorAll('[data-minutes]'), function (td) {
    var m = td.getAttribute('data-minutes');
    if (m) { td.textContent = fill(s('minutes'), { n: m }); }
  });
  var total = sheet.querySelector('[data-total]');
  if (total) {
    var min = +total.getAttribute('data-total');
    var hours = Math.round(min / 6) / 10;
    total.textContent = min < 60 ? fill(s('minutes'), { n: min }) : hours === 1 ? s('hour') : fill(s('hours'), { n: num(hours) });
  }
  sheet.querySelector('[data-certificate-date]').textContent =
    new Date().toLocaleDateString(lang, { day: 'numeric', month: 'long', year: 'numeric' });
  var nameOut = sheet.querySelector('[data-certificate-name]');
  name.addEventListener('input', function () {
    nameOut.textContent = name.value.trim();
    status.textContent = '';
  });

  function item(list, lead, title, url, detail) {
    var li = list.appendChild(el('li', lead + ': '));
    if (title) {
      var a = li.appendChild(el('a', title));
      a.href = base + url;
    }
    if (detail) { li.appendChild(doc.createTextNode(' (' + detail + ')')); }
  }
  function pct(r, m) { return m ? Math.round(1000 * r / m) / 10 : 0; }

  function render() {
    var rule;
    try { rule = JSON.parse(rulesBox.getAttribute('data-rule')); } catch (e) { return; }
    var c = window.fokusCompletion(rule, toc, get);
    var ok = c.complete && c.passed !== false;
    todoBox.hidden = ok;
    formBox.hidden = !ok;
    sheet.hidden = !ok;
    if (!ok) {
      var list = todoBox.querySelector('ul');
      list.textContent = '';
      c.todo.m.forEach(function (u) { item(list, s('todo-module'), modTitle[u] || u, u); });
      c.todo.x.forEach(function (id) {
        var x = exInfo[id] || [id, 0];
        var rec = get('ex:' + id) || {};
        var t = titles[id] || [id, ''];
        if (!x[1]) {
          item(list, s('todo-write'), t[0], t[1]);
        } else if ((rec.done || 0) < x[1]) {
          item(list, s('todo-answer'), t[0], t[1], fill(s('answered'), { n: rec.done || 0, m: x[1] }));
        } else {
          item(list, s('todo-pass'), t[0], t[1], fill(s('have'), { n: num(pct(rec.right || 0, x[1])), p: x[2] }));
        }
      });
      if (c.complete && c.passed === false) {
        list.appendChild(el('li', fill(s('todo-course-pass'), { p: c.pass, n: num(c.pct || 0) })));
      }
      return;
    }
    // Scores, where there is a pass mark: the course's and each exercise's.
    var scores = sheet.querySelector('.certificate-scores');
    var ul = scores.querySelector('ul');
    ul.textContent = '';
    if (c.pass != null) { ul.appendChild(el('li', fill(s('course-score'), { n: num(c.pct || 0), p: c.pass }))); }
    var ids = rule.x === 'all' ? Object.keys(exInfo) : rule.x || [];
    var marked = ids.filter(function (id) { var x = exInfo[id]; return x && x[2] && x[1]; });
    var sum = { n: marked.length, r: 0, m: 0 };
    var lines = marked.map(function (id) {
      var x = exInfo[id];
      var r = Math.min((get('ex:' + id) || {}).right || 0, x[1]);
      sum.r += r;
      sum.m += x[1];
      return (titles[id] || [id])[0] + ': ' + fill(s('exercise-score'), { r: r, m: x[1], p: x[2] });
    });
    // Many exercises with a pass mark become one line, so the certificate keeps to one page.
    if (lines.length > MAX_LINES) { lines = [fill(s('exercises-summary'), sum)]; }
    lines.forEach(function (line) { ul.appendChild(el('li', line)); });
    scores.hidden = !ul.children.length;
    var n = sheet.querySelectorAll('tbody tr').length + ul.children.length;
    sheet.classList.toggle('is-long', n > 18);
    sheet.classList.toggle('is-longer', n > 26);
  }

  doc.getElementById('fokus-certificate-print').addEventListener('click', function () {
    if (!name.value.trim()) {
      status.textContent = s('name-first');
      name.focus();
      return;
    }
    nameOut.textContent = name.value.trim();
    // Only the certificate prints (certificate.css), on one A4 page.
    html.classList.add('print-certificate');
    window.print();
  });
  window.addEventListener('afterprint', function () { html.classList.remove('print-certificate'); });
  // Answers loaded from a file, or everything deleted: judge again.
  doc.addEventListener('fokus:stored', render);
  render();
})();
