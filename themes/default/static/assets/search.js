/* fokus search: loaded the first time someone uses the search box. The index
 * (assets/search-index.js) is a script, so it loads from file:// as well as
 * from a server; it holds gzip-compressed JSON that the browser inflates.
 * Matching folds case and Danish letters (å = aa, æ = ae, ø = oe) and finds a
 * query anywhere inside a word, so "evne" finds "evnerne" and "mål" finds
 * "jobmålet". Nothing is sent anywhere. */
(function () {
  'use strict';
  var doc = document;
  var base = doc.documentElement.getAttribute('data-root') || '';
  var T = {};
  try { T = JSON.parse(doc.getElementById('fokus-strings').textContent); } catch (e) { T = {}; }
  function t(k) { return T[k] || k; }

  function fold(s) {
    return String(s).toLowerCase()
      .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  var sections = null;
  var docs = null;

  function inflate(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }

  function loadIndex() {
    return new Promise(function (resolve, reject) {
      if (window.fokusSearchData) { resolve(); return; }
      var s = doc.createElement('script');
      s.src = base + 'assets/search-index.js';
      s.onload = function () { resolve(); };
      s.onerror = reject;
      doc.head.appendChild(s);
    }).then(function () {
      // Small indexes come gzip-compressed in base64, large ones as plain data.
      var raw = window.fokusSearchData;
      return typeof raw === 'string' ? inflate(raw).then(JSON.parse) : raw;
    }).then(function (data) {
      docs = data.d;
      sections = data.s.map(function (s) {
        var d = docs[s[0]];
        return { doc: d, heading: s[1], anchor: s[2], text: s[3], ft: fold(d[0]), fh: fold(s[1]), fx: fold(s[3]) };
      });
    });
  }

  function count(hay, needle) {
    var n = 0;
    var i = hay.indexOf(needle);
    while (i >= 0 && n < 10) { n++; i = hay.indexOf(needle, i + needle.length); }
    return n;
  }

  /* Rank every section for `query`; the best 20 first. */
  function search(query) {
    var terms = fold(query).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 1; });
    if (!terms.length || !sections) { return []; }
    var hits = [];
    sections.forEach(function (s, order) {
      var score = 0;
      var matched = 0;
      for (var i = 0; i < terms.length; i++) {
        var w = terms[i];
        var inTitle = s.ft.indexOf(w) >= 0;
        var inHead = s.fh.indexOf(w) >= 0;
        var n = count(s.fx, w);
        if (!inTitle && !inHead && !n) { continue; }
        matched++;
        // Longer words say more about what is wanted than short ones like "nu".
        var weight = Math.min(1, w.length / 5);
        var sc = (inTitle ? 8 : 0) + (inHead ? 6 : 0) + (s.fh === w ? 12 : 0) + (s.ft === w ? 12 : 0) + (n ? 1 + n * 0.3 : 0);
        if ((' ' + s.fx).indexOf(' ' + w) >= 0 || s.ft.indexOf(w) === 0) { sc += 1; }
        score += sc * weight;
      }
      if (!matched) { return; }
      if (matched === terms.length) { score += 10; }
      hits.push({ s: s, score: score, order: order });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    var perDoc = new Map();
    return hits.filter(function (h) {
      var n = perDoc.get(h.s.doc) || 0;
      perDoc.set(h.s.doc, n + 1);
      return n < 3;
    }).slice(0, 20).map(function (h) { return h.s; });
  }

  /* The original text around the first match, as text nodes and a <mark>. */
  function snippet(text, term) {
    var folded = '';
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { map.push(i); }
      folded += f;
    }
    var at = folded.indexOf(term);
    var frag = doc.createDocumentFragment();
    if (at < 0) { frag.appendChild(doc.createTextNode(text.slice(0, 140) + (text.length > 140 ? ' …' : ''))); return frag; }
    var start = map[at];
    var end = map[Math.min(at + term.length - 1, map.length - 1)] + 1;
    var from = Math.max(0, text.lastIndexOf(' ', Math.max(0, start - 60)));
    var to = text.indexOf(' ', Math.min(text.length, end + 90));
    if (to < 0) { to = text.length; }
    frag.appendChild(doc.createTextNode((from > 0 ? '… ' : '') + text.slice(from, start).trimStart()));
    var mark = doc.createElement('mark');
    mark.textContent = text.slice(start, end);
    frag.appendChild(mark);
    frag.appendChild(doc.createTextNode(text.slice(end, to) + (to < text.length ? ' …' : '')));
    return frag;
  }

  function setup(input) {
    var css = doc.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'assets/search.css';
    doc.head.appendChild(css);
    var status = doc.getElementById(input.getAttribute('aria-describedby'));
    var list = doc.getElementById(input.getAttribute('aria-controls'));
    var ready = null;
    function show() {
      var q = input.value.trim();
      list.textContent = '';
      if (!q) { list.hidden = true; status.textContent = ''; return; }
      var results = search(q);
      var term = fold(q).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 1; })[0] || '';
      results.forEach(function (s) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = base + s.doc[1] + (s.anchor ? '#' + s.anchor : '');
        var title = doc.createElement('span');
        title.className = 'result-title';
        title.textContent = s.doc[0] + (s.heading && s.heading !== s.doc[0] ? ' › ' + s.heading : '');
        var kind = doc.createElement('span');
        kind.className = 'result-kind';
        kind.textContent = t('kind_' + s.doc[2]);
        var snip = doc.createElement('span');
        snip.className = 'result-snippet';
        snip.appendChild(snippet(s.text, term));
        a.appendChild(title);
        a.appendChild(kind);
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
      status.textContent = results.length === 0 ? t('search_none')
        : results.length === 1 ? t('search_one') : t('search_results').replace('{n}', results.length);
    }
    function run() {
      if (!ready) {
        status.textContent = t('search_loading');
        ready = loadIndex().catch(function () { status.textContent = t('search_unavailable'); throw new Error('search'); });
      }
      ready.then(show, function () {});
    }
    input.addEventListener('input', run);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown') {
        var first = list.querySelector('a');
        if (first) { ev.preventDefault(); first.focus(); }
      } else if (ev.key === 'Escape') {
        input.value = '';
        show();
      }
    });
    list.addEventListener('keydown', function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var i = links.indexOf(doc.activeElement);
      if (ev.key === 'ArrowDown' && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); input.value = ''; show(); }
    });
    if (input.value.trim()) { run(); }
  }

  /* For tests and benchmarks: load the index, then time queries. */
  window.fokusSearch = { ready: loadIndex, query: search };
  var input = doc.getElementById('fokus-search');
  if (input) { setup(input); }
})();
