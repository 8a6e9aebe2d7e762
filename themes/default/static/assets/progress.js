/* fokus progress page: what this browser remembers of the course — modules
 * read, exercises done with scores, and every reflection — with a way to
 * delete it all. Reads only localStorage; nothing leaves the device. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  var base = html.getAttribute('data-root') || '';
  var course = html.getAttribute('data-course') || 'kursus';
  var prefix = 'fokus:' + course + ':';
  var T = {};
  try { T = JSON.parse(doc.getElementById('fokus-strings').textContent); } catch (e) { T = {}; }
  function t(k) { return T[k] || k; }
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function link(text, url) { var a = el('a', null, text); a.href = base + url; return a; }

  var root = doc.getElementById('fokus-progress');
  var toc = window.fokusToc;
  if (!root || !toc) { return; }

  /* The course's completion rule and where the learner stands against it. */
  var box = doc.getElementById('fokus-completion');
  function completion() {
    if (!box || !window.fokusCompletion) { return; }
    var rule;
    try { rule = JSON.parse(box.getAttribute('data-rule')); } catch (e) { return; }
    function s(k) { return box.getAttribute('data-' + k) || ''; }
    function count(c) { return s('count').replace('{n}', c.n).replace('{m}', c.m); }
    var c = window.fokusCompletion(rule, toc, get);
    var list = box.querySelector('.completion-rules');
    list.textContent = '';
    function item(text, state, met) {
      var li = el('li', 'completion-rule ' + (met ? 'is-met' : 'is-unmet'));
      li.appendChild(el('span', null, text + ': '));
      // The verdict is in words (and a mark), never in colour alone.
      li.appendChild(el('strong', null, (met ? '✓ ' + s('met') : s('unmet')) + ' (' + state + ')'));
      list.appendChild(li);
    }
    if (c.modules.m) { item(s(rule.m === 'all' ? 'modules-all' : 'modules-some'), count(c.modules), c.modules.n === c.modules.m); }
    if (c.exercises.m) { item(s(rule.x === 'all' ? 'exercises-all' : 'exercises-some'), count(c.exercises), c.exercises.n === c.exercises.m); }
    if (c.pass != null) { item(s('pass').replace('{p}', c.pass), s('now').replace('{p}', c.pct == null ? 0 : c.pct), c.passed); }
    var status = box.querySelector('.completion-status');
    if (!c.modules.m && !c.exercises.m && c.pass == null) {
      status.textContent = s('none');
    } else {
      status.textContent = s(!c.complete ? 'not-done' : c.passed === null ? 'done' : c.passed ? 'passed' : 'failed');
    }
    box.hidden = false;
  }

  function render() {
    completion();
    root.textContent = '';
    var read = get('read') || {};
    var exTitles = {};
    try { exTitles = JSON.parse(doc.getElementById('fokus-exercises').textContent); } catch (e) { exTitles = {}; }
    root.appendChild(el('h2', null, t('modules')));
    toc.parts.forEach(function (p) {
      root.appendChild(el('h3', null, p.t));
      var ul = el('ul', 'progress-list');
      p.m.forEach(function (m) {
        var li = el('li');
        li.appendChild(link(m.t, m.u));
        li.appendChild(el('span', 'progress-state ' + (read[m.u] ? 'is-read' : ''), ' – ' + (read[m.u] ? '✓ ' + t('read') : t('not_read'))));
        if (m.x.length) {
          var sub = el('ul');
          m.x.forEach(function (x) {
            var rec = get('ex:' + x[0]);
            var info = exTitles[x[0]] || [x[0], ''];
            var item = el('li');
            item.appendChild(link(info[0], info[1]));
            var state = rec && rec.max ? t('score').replace('{n}', rec.right || 0).replace('{m}', rec.max) : t('not_started');
            // A pass mark (x[2], percent) judged once every question is answered, in words.
            if (x[2] && rec && rec.max && rec.done >= rec.max) { state += ' – ' + t(100 * rec.right >= x[2] * rec.max ? 'pass_yes' : 'pass_not_yet'); }
            item.appendChild(el('span', 'progress-state', ' – ' + state));
            sub.appendChild(item);
          });
          li.appendChild(sub);
        }
        ul.appendChild(li);
      });
      root.appendChild(ul);
    });

    root.appendChild(el('h2', null, t('my_reflections')));
    var any = false;
    var list = el('div', 'reflections');
    Object.keys(exTitles).forEach(function (id) {
      var rec = get('ex:' + id);
      if (!rec || !rec.q) { return; }
      Object.keys(rec.q).forEach(function (qid) {
        var q = rec.q[qid];
        if (!q.r || !q.a) { return; }
        any = true;
        var box = el('section', 'reflection-answer');
        box.appendChild(el('h3', null, exTitles[id][0]));
        box.appendChild(el('p', 'reflection-prompt', q.p || ''));
        box.appendChild(el('p', 'reflection-text', q.a));
        list.appendChild(box);
      });
    });
    root.appendChild(any ? list : el('p', null, t('no_reflections')));

    var actions = el('p', 'progress-actions');
    var print = el('button', 'btn-secondary', t('print_page'));
    print.type = 'button';
    print.addEventListener('click', function () { window.print(); });
    // Deleting everything is a secondary button that asks in the page (the
    // region after #fokus-progress in the template, kept across renders): focus moves to the question,
    // "Fortryd" or Escape returns it to the button, "Ja, slet alt" deletes.
    var del = el('button', 'btn-secondary', t('delete_all'));
    del.type = 'button';
    var ask = doc.getElementById('fokus-delete-confirm');
    if (ask) {
      del.setAttribute('aria-expanded', 'false');
      del.setAttribute('aria-controls', ask.id);
      var cancel = function () { ask.hidden = true; del.setAttribute('aria-expanded', 'false'); del.focus(); };
      del.addEventListener('click', function () {
        ask.hidden = false;
        del.setAttribute('aria-expanded', 'true');
        doc.getElementById('fokus-delete-question').focus();
      });
      ask.onkeydown = function (e) { if (e.key === 'Escape') { cancel(); } };
      ask.onclick = function (e) {
        var a = e.target.getAttribute('data-action');
        if (a === 'delete-no') { cancel(); }
        if (a !== 'delete-yes') { return; }
        ask.hidden = true;
        var keys = [];
        for (var i = 0; i < localStorage.length; i++) {
          var k = localStorage.key(i);
          if (k && k.indexOf(prefix) === 0) { keys.push(k); }
        }
        keys.forEach(function (k) { localStorage.removeItem(k); });
        render();
        doc.dispatchEvent(new CustomEvent('fokus:stored', { detail: 'progress' }));
        var done = root.querySelector('.progress-status');
        done.textContent = t('deleted');
        done.focus();
      };
    }
    actions.appendChild(print);
    actions.appendChild(del);
    root.appendChild(actions);
    var status = el('p', 'progress-status');
    status.setAttribute('role', 'status');
    status.tabIndex = -1;
    root.appendChild(status);
  }
  render();
  // Answers loaded from a file (transfer.js): show them.
  doc.addEventListener('fokus:stored', function (ev) { if (ev.detail !== 'progress') { render(); } });
})();
