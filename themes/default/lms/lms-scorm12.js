/* fokus SCORM 1.2 adapter. It runs in the launch page (scorm12.html) that the
 * LMS opens, and that page stays open for the whole visit: the course's pages
 * open in its frame. So there is one LMSInitialize and one LMSFinish per
 * visit, however many pages the learner reads (runtimes such as scorm-again
 * refuse LMSInitialize after LMSFinish, so one session per page would not do).
 *
 * The site itself is unchanged: it keeps answers in localStorage under
 * "fokus:<course>:…". This page listens for those writes (the `storage` event
 * fires in every other page of the origin) and after each one reports to the
 * LMS: score, status, suspend data, then LMSCommit. It reads the frame's page
 * on every load for cmi.core.lesson_location.
 *
 * Suspend data (at most 4,096 characters in SCORM 1.2) holds every answer,
 * compactly, by position in window.fokusQuestions (lms-data.js):
 *   f1~<read>~<exercise>~<exercise>…
 *   read      one bit per module in course order, 5 bits a character (base 32)
 *   exercise  "" (nothing stored) or a 2-character check of its question
 *             versions, then its questions joined by "."
 *   question  "" (nothing stored) or a flag character (base 36: ok unset 0,
 *             false 1, true 2; +3 solution shown; +6 reopened; +12 text kept
 *             only in this browser) and the answer: choices, order, match and
 *             conversation steps one base-36 character each ("_" for an empty
 *             match, "*" and commas when a number is 36 or more); free text
 *             with %, . and ~ escaped.
 * When the answers do not fit, reflection texts are shortened and then left
 * out (kept in this browser only), then short answers are shortened.
 *
 * Without an LMS this page opens the course's home page: the site works as it
 * always does, with nothing reported and nothing in the console. */
(function () {
  'use strict';
  var doc = document;
  var win = window;
  var html = doc.documentElement;
  var frame = doc.getElementById('fokus-lms-frame');
  var start = html.getAttribute('data-start') || 'index.html';
  var prefix = 'fokus:' + (html.getAttribute('data-course') || 'kursus') + ':';
  var LIMIT = 4096;
  var rule = { m: 'all', x: 'all', p: null };
  try { rule = JSON.parse(html.getAttribute('data-rule')) || rule; } catch (e) { /* the default rule */ }
  var Q = win.fokusQuestions || [];
  var toc = win.fokusToc || { parts: [] };

  /* The standard search: this window and its parents (at most 7 levels), then the opener's. */
  function search(w) {
    for (var n = 0; w && n < 8; n++) {
      try { if (w.API) { return w.API; } } catch (e) { /* a window of another origin */ }
      if (!w.parent || w.parent === w) { break; }
      w = w.parent;
    }
    return null;
  }
  var api = search(win.parent !== win ? win.parent : null) || search(win.opener || null);
  if (!api) {
    win.location.replace(start);
    return;
  }

  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function put(k, v) {
    try {
      if (v == null) { localStorage.removeItem(prefix + k); } else { localStorage.setItem(prefix + k, JSON.stringify(v)); }
    } catch (e) { /* storage refused: the LMS still has the answers */ }
  }
  function lmsGet(k) { var v = api.LMSGetValue(k); return v == null ? '' : String(v); }
  var sent = {};
  function lmsSet(k, v) {
    v = String(v);
    if (sent[k] === v) { return; }
    sent[k] = v;
    api.LMSSetValue(k, v);
  }

  /* ---------- Suspend data ---------- */
  var B32 = '0123456789abcdefghijklmnopqrstuv';
  var modules = [];
  toc.parts.forEach(function (p) { p.m.forEach(function (m) { modules.push(m.u); }); });
  function check(questions) {
    var h = 0;
    var s = questions.map(function (q) { return q[2]; }).join('');
    for (var i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) % 1296; }
    return (h < 36 ? '0' : '') + h.toString(36);
  }
  function esc(s) { return String(s).replace(/%/g, '%25').replace(/\./g, '%2E').replace(/~/g, '%7E'); }
  function unesc(s) { return s.replace(/%(25|2E|7E)/g, function (m) { return decodeURIComponent(m); }); }
  function nums(a) {
    a = [].concat(a == null ? [] : a);
    var small = a.every(function (n) { return n === (n | 0) && n >= 0 && n < 36; });
    return small ? a.map(function (n) { return n.toString(36); }).join('') : '*' + a.join(',');
  }
  function unnums(s) {
    if (s.charAt(0) === '*') { return s.length > 1 ? s.slice(1).split(',').map(Number) : []; }
    return s.split('').map(function (c) { return parseInt(c, 36); });
  }
  var TEXT = { text: 1, reflection: 1 };
  /* One question; `cut` limits free text: [reflection limit or -1 to leave out, text limit]. */
  function encodeQ(kind, q, cut) {
    var flag = (q.ok == null ? 0 : q.ok ? 2 : 1) + (q.s ? 3 : 0) + (q.open ? 6 : 0);
    var a = '';
    if (kind === 'match') {
      a = [].concat(q.a || []).map(function (v) { return v === '' || v == null ? '_' : (+v).toString(36); }).join('');
    } else if (TEXT[kind]) {
      var text = String(q.a == null ? '' : q.a);
      var max = kind === 'reflection' ? cut[0] : cut[1];
      if (max < 0) { flag += 12; text = ''; } else if (text.length > max) { text = text.slice(0, max); }
      a = esc(text);
    } else {
      a = nums(q.a);
    }
    return flag.toString(36) + a;
  }
  function encode(cut) {
    var read = get('read') || {};
    var bits = '';
    for (var i = 0; i < modules.length; i += 5) {
      var v = 0;
      for (var j = 0; j < 5; j++) { if (read[modules[i + j]]) { v |= 1 << j; } }
      bits += B32.charAt(v);
    }
    var out = ['f1', bits];
    Q.forEach(function (ex) {
      var rec = get('ex:' + ex[0]);
      var qs = rec && rec.q;
      if (!qs || !Object.keys(qs).length) { out.push(''); return; }
      out.push(check(ex[1]) + ex[1].map(function (d) {
        var q = qs[d[0]];
        return q && q.h === d[2] ? encodeQ(d[1], q, cut) : '';
      }).join('.'));
    });
    return out.join('~').replace(/~+$/, '');
  }
  function fitted() {
    var steps = [[1000, 1000], [300, 300], [100, 200], [-1, 200], [-1, 60], [-1, 20]];
    var s = '';
    for (var i = 0; i < steps.length; i++) {
      s = encode(steps[i]);
      if (s.length <= LIMIT) { return s; }
    }
    return s.slice(0, LIMIT);
  }
  function clearLocal() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) { keys.push(k); }
      }
      keys.forEach(function (k) { localStorage.removeItem(k); });
    } catch (e) { /* nothing stored */ }
  }
  /* The LMS's copy replaces this browser's: the learner may have used another
   * computer, and another learner may have used this one. */
  function restore(s) {
    var parts = s ? s.split('~') : [];
    if (s && parts[0] !== 'f1') { return; }
    var before = {};
    Q.forEach(function (ex) { before[ex[0]] = get('ex:' + ex[0]); });
    clearLocal();
    if (!s) { return; }
    var read = {};
    var bits = parts[1] || '';
    modules.forEach(function (u, i) {
      if (B32.indexOf(bits.charAt(Math.floor(i / 5))) >> (i % 5) & 1) { read[u] = 1; }
    });
    put('read', read);
    Q.forEach(function (ex, i) {
      var entry = parts[2 + i];
      if (!entry || entry.slice(0, 2) !== check(ex[1])) { return; }
      var qs = entry.slice(2).split('.');
      var rec = { q: {}, done: 0, right: 0, max: 0 };
      var old = (before[ex[0]] || {}).q || {};
      ex[1].forEach(function (d, j) {
        var kind = d[1];
        if (kind !== 'reflection' && kind !== 'scale') { rec.max++; }
        var e = qs[j];
        if (!e) { return; }
        var flag = parseInt(e.charAt(0), 36);
        var body = e.slice(1);
        var q = { h: d[2] };
        if (kind === 'match') {
          q.a = body.split('').map(function (c) { return c === '_' ? '' : String(parseInt(c, 36)); });
        } else if (TEXT[kind]) {
          q.a = unesc(body);
          // Left out for space: this browser's own copy, if it has one.
          if (flag >= 12 && old[d[0]] && old[d[0]].h === d[2]) { q.a = old[d[0]].a; }
        } else {
          q.a = unnums(body);
        }
        flag %= 12;
        if (flag % 3) { q.ok = flag % 3 === 2; }
        if (flag % 6 >= 3) { q.s = true; }
        if (flag >= 6) { q.open = true; }
        if (kind === 'reflection') { q.r = 1; q.p = d[3] || ''; } else if (kind === 'scale') { q.a = q.a[0]; } else if (q.ok != null) { rec.done++; if (q.ok) { rec.right++; } }
        rec.q[d[0]] = q;
      });
      put('ex:' + ex[0], rec);
    });
  }

  /* ---------- Reporting ---------- */
  var began = Date.now();
  function timespan(ms) {
    var cs = Math.floor(ms / 10);
    var h = Math.min(9999, Math.floor(cs / 360000));
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return ('000' + h).slice(-4) + ':' + two(Math.floor(cs / 6000) % 60) + ':' + two(Math.floor(cs / 100) % 60) + '.' + two(cs % 100);
  }
  var status = 'incomplete';
  var open = false;
  function report() {
    if (!open) { return; }
    var c = win.fokusCompletion ? win.fokusCompletion(rule, toc, get) : null;
    if (c) {
      if (c.pct != null) {
        lmsSet('cmi.core.score.min', 0);
        lmsSet('cmi.core.score.max', 100);
        lmsSet('cmi.core.score.raw', c.pct);
      }
      var next = !c.complete ? 'incomplete' : c.passed === null ? 'completed' : c.passed ? 'passed' : 'failed';
      // Never back: passed stays passed, a completed course is not made incomplete again.
      if (status === 'passed' || (next === 'incomplete' && (status === 'completed' || status === 'failed'))) { next = status; }
      if (status === 'completed' && next === 'failed') { next = status; }
      status = next;
      lmsSet('cmi.core.lesson_status', status);
    }
    lmsSet('cmi.suspend_data', fitted());
    api.LMSCommit('');
  }
  function finish() {
    if (!open) { return; }
    lmsSet('cmi.core.session_time', timespan(Date.now() - began));
    // Keep the answers for the next visit.
    lmsSet('cmi.core.exit', 'suspend');
    report();
    open = false;
    api.LMSFinish('');
  }

  if (String(api.LMSInitialize('')) !== 'true') {
    // The LMS would not start a session: show the course untracked.
    frame.src = start;
    return;
  }
  open = true;
  var was = lmsGet('cmi.core.lesson_status');
  status = was === 'completed' || was === 'passed' || was === 'failed' ? was : 'incomplete';
  restore(lmsGet('cmi.suspend_data'));
  sent['cmi.suspend_data'] = lmsGet('cmi.suspend_data');
  if (was !== status) { lmsSet('cmi.core.lesson_status', status); }
  var loc = lmsGet('cmi.core.lesson_location');
  frame.src = /^[a-z0-9_][a-z0-9_\-\/]*\.html$/i.test(loc) && loc.indexOf('..') < 0 ? loc : start;

  var timer = null;
  win.addEventListener('storage', function (e) {
    if (e.key && e.key.indexOf(prefix) !== 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(report, 30);
  });
  frame.addEventListener('load', function () {
    var d = null;
    try { d = frame.contentDocument; } catch (e) { /* not the course's page */ }
    var page = d && d.documentElement.getAttribute('data-page');
    if (page) {
      lmsSet('cmi.core.lesson_location', page);
      if (d.title) { doc.title = d.title; }
    }
    report();
  });
  win.addEventListener('pagehide', finish);
  win.addEventListener('beforeunload', finish);
})();
