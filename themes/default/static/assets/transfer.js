/* fokus: moving a learner's answers to another browser. "Gem mine svar som
 * fil" downloads everything the course keeps in this browser's localStorage
 * (under "fokus:<course>:") as one JSON file:
 *   {format: "fokus-svar", version: 1, course: <course key>, title, saved,
 *    data: {<key>: <stored value>, …}}
 * where each "ex:<id>" value holds, per question, its version (h) as the
 * exercise pages wrote it. "Hent svar fra fil" checks the whole file first
 * (format, version, course, shape), drops answers to questions that have
 * changed since (and says how many), and only then replaces what this
 * browser holds; if anything fails, nothing is changed. Works from file://. */
(function () {
  'use strict';
  var FORMAT = 'fokus-svar';
  var VERSION = 1;
  var MAX = 5 * 1024 * 1024;
  var doc = document;
  var html = doc.documentElement;
  var box = doc.getElementById('fokus-transfer');
  if (!box) { return; }
  var course = html.getAttribute('data-course') || 'kursus';
  var prefix = 'fokus:' + course + ':';
  var status = doc.getElementById('fokus-transfer-status');
  var input = doc.getElementById('fokus-transfer-file');
  var versions = {};
  try { versions = JSON.parse(doc.getElementById(box.getAttribute('data-versions-id')).textContent) || {}; } catch (e) { versions = {}; }
  function s(k) { return box.getAttribute('data-' + k) || ''; }
  function fill(text, v) { return text.replace(/\{(\w)\}/g, function (m, k) { return k in v ? v[k] : m; }); }
  function say(text) { status.textContent = text; }
  function isObj(v) { return !!v && typeof v === 'object' && !Array.isArray(v); }

  /* What this browser holds for the course: key (without prefix) → stored text. */
  function stored() {
    var out = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) { out[k.slice(prefix.length)] = localStorage.getItem(k); }
      }
    } catch (e) { /* no storage: nothing held */ }
    return out;
  }

  function save() {
    var held = stored();
    var data = {};
    Object.keys(held).sort().forEach(function (k) {
      try { data[k] = JSON.parse(held[k]); } catch (e) { data[k] = held[k]; }
    });
    var file = {
      format: FORMAT,
      version: VERSION,
      course: course,
      title: doc.querySelector('.site-title') ? doc.querySelector('.site-title').textContent.trim() : course,
      saved: new Date().toISOString(),
      data: data
    };
    var d = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var fname = course + '-' + s('file') + '-' + d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + '.json';
    var blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
    var a = doc.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fname;
    a.hidden = true;
    doc.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    say(fill(s('saved'), { f: fname }));
  }

  /* The file's entries, checked, as key → text to store, and how many answers were
   * skipped; or {error: message key}. Nothing is written here. */
  function check(text) {
    var file;
    try { file = JSON.parse(text); } catch (e) { return { error: 'bad' }; }
    if (!isObj(file) || file.format !== FORMAT || typeof file.version !== 'number') { return { error: 'format' }; }
    if (file.version !== VERSION) { return { error: 'format' }; }
    if (file.course !== course) {
      var name = typeof file.title === 'string' && file.title ? file.title : String(file.course);
      return { error: 'course', c: name.slice(0, 100) };
    }
    if (!isObj(file.data)) { return { error: 'bad' }; }
    var out = {};
    var skipped = 0;
    var keys = Object.keys(file.data);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var v = file.data[k];
      if (!/^[A-Za-z0-9:_.\/-]{1,200}$/.test(k) || v === null || v === undefined) { return { error: 'bad' }; }
      if (k === 'read' && !isObj(v)) { return { error: 'bad' }; }
      if (k === 'seed' && typeof v !== 'number') { return { error: 'bad' }; }
      if (k.indexOf('ex:') === 0) {
        if (!isObj(v) || (v.q !== undefined && !isObj(v.q))) { return { error: 'bad' }; }
        var known = versions[k.slice(3)] || {};
        var q = v.q || {};
        var kept = {};
        var dropped = 0;
        var qids = Object.keys(q);
        for (var j = 0; j < qids.length; j++) {
          var a = q[qids[j]];
          if (!isObj(a)) { return { error: 'bad' }; }
          // An answer to a question that has changed (or is gone) since is not restored.
          if (known[qids[j]] !== undefined && a.h === known[qids[j]]) { kept[qids[j]] = a; } else { dropped++; }
        }
        if (dropped) {
          skipped += dropped;
          v = JSON.parse(JSON.stringify(v));
          v.q = kept;
          // Recount as the exercise page does: answered and right scored questions.
          v.done = v.right = 0;
          Object.keys(kept).forEach(function (id) {
            if (kept[id].ok != null) { v.done++; if (kept[id].ok) { v.right++; } }
          });
          if (!Object.keys(kept).length && !v.t) { continue; }
        }
      }
      out[k] = JSON.stringify(v);
    }
    return { entries: out, skipped: skipped };
  }

  /* Replace what the browser holds with `entries`; on any failure put the old back. */
  function write(entries) {
    var before = stored();
    try {
      Object.keys(before).forEach(function (k) { localStorage.removeItem(prefix + k); });
      Object.keys(entries).forEach(function (k) { localStorage.setItem(prefix + k, entries[k]); });
      return true;
    } catch (e) {
      try {
        Object.keys(entries).forEach(function (k) { localStorage.removeItem(prefix + k); });
        Object.keys(before).forEach(function (k) { localStorage.setItem(prefix + k, before[k]); });
      } catch (e2) { /* nothing more can be done */ }
      return false;
    }
  }

  function load(file) {
    if (file.size > MAX) { say(s('big')); return; }
    var reader = new FileReader();
    reader.onerror = function () { say(s('bad')); };
    reader.onload = function () {
      var r = check(String(reader.result));
      if (r.error) { say(fill(s(r.error), { c: r.c || '' })); return; }
      if (Object.keys(stored()).length && !window.confirm(s('confirm'))) { say(s('cancelled')); return; }
      if (!write(r.entries)) { say(s('store-failed')); return; }
      doc.dispatchEvent(new CustomEvent('fokus:stored'));
      say(s('loaded') + (r.skipped ? ' ' + fill(s('skipped'), { n: r.skipped }) : ''));
    };
    reader.readAsText(file);
  }

  box.querySelector('.transfer-actions').hidden = false;
  doc.getElementById('fokus-transfer-save').addEventListener('click', save);
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) { return; }
    say('');
    load(file);
    // The same file may be chosen again.
    input.value = '';
  });
})();
