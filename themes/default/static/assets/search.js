/* fokus search: loaded the first time someone uses the search box. Nothing
 * is sent anywhere: the index is a set of scripts (so it loads from file://
 * too) that this file reads. A small course has one script of gzip-compressed
 * sections, indexed here; a large one has a manifest and shards (vocabulary
 * by trigram, postings by term, section texts in chunks) of which a query
 * loads only what it needs.
 * Matching folds case and Danish letters (å = aa, æ = ae, ø = oe) and finds
 * a word anywhere inside another ("evne" finds "evnerne", "mål" "jobmålet");
 * a long word is also cut to its stem ("sygedagpengene" finds what
 * "sygedagpenge" finds); synonyms from course.yaml find each other
 * (fleksjob/flexjob); a word of five or more letters with one typo still
 * finds its word ("ressurse"), ranked below exact hits. */
(function () {
  'use strict';
  var doc = document;
  var base = doc.documentElement.getAttribute('data-root') || '';
  var T = {};
  try { T = JSON.parse(doc.getElementById('fokus-strings').textContent); } catch (e) { T = {}; }
  function t(k) { return T[k] || k; }
  var MAX = 10;
  var TERMS = 16;

  function fold(s) {
    return String(s).toLowerCase()
      .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 1; }); }

  /* Common Danish endings, longest first; a stem keeps at least four letters. */
  var ENDINGS = ['erne', 'ende', 'ene', 'ens', 'ers', 'ets', 'er', 'en', 'et', 'e', 's', 'r'];
  function stem(w) {
    if (w.length < 5) { return w; }
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i];
      if (w.length - e.length >= 4 && w.slice(-e.length) === e) { return w.slice(0, -e.length); }
    }
    return w;
  }
  /* How a word sounds, roughly: spellings that sound alike become one. */
  function sound(w) {
    return w.replace(/ph/g, 'f').replace(/th/g, 't').replace(/ck/g, 'k').replace(/ou/g, 'u').replace(/x/g, 'ks')
      .replace(/c(?=[eiy])/g, 's').replace(/[cq]/g, 'k').replace(/w/g, 'v').replace(/z/g, 's').replace(/(.)\1+/g, '$1');
  }
  var soundOf = new Map();
  function sounds(w) {
    var s = soundOf.get(w);
    if (s === undefined) { soundOf.set(w, s = sound(w)); }
    return s;
  }
  /* At most one edit (insert, delete, replace, swap two neighbours) apart. */
  function one(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) { return false; }
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) { i++; }
    if (i === la || i === lb) { return true; }
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  /* `q` is one edit from `term` or from the start of it (compounds, inflections). */
  function near(q, term) {
    for (var n = q.length - 1; n <= q.length + 1; n++) {
      if (n <= term.length && one(q, term.slice(0, n))) { return true; }
    }
    return false;
  }
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) { h = Math.imul(h ^ s.charCodeAt(i), 0x01000193); }
    return h >>> 0;
  }

  /* ---- The index: one local index (small courses) or shards (large ones). ---- */
  var data = null;
  var local = null;
  var shards = {};
  var pending = {};
  window.fokusSearchShard = function (name, d) { if (pending[name]) { pending[name](d); } };
  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = doc.createElement('script');
      s.src = base + src;
      s.onload = resolve;
      s.onerror = reject;
      doc.head.appendChild(s);
    });
  }
  function shard(name) {
    if (!shards[name]) {
      shards[name] = new Promise(function (resolve, reject) {
        pending[name] = resolve;
        script('assets/search/' + name + '.js').catch(reject);
      });
    }
    return shards[name];
  }
  /* basE91 (see search.rs) to bytes, then gunzip. */
  function inflate(z, len) {
    var A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,./:;<=>?@[]^_`{|}~\'';
    var val = new Uint8Array(128);
    for (var k = 0; k < 91; k++) { val[A.charCodeAt(k)] = k; }
    var bytes = new Uint8Array(len);
    var v = -1, b = 0, n = 0, j = 0;
    for (var i = 0; i < z.length; i++) {
      var c = val[z.charCodeAt(i)];
      if (v < 0) { v = c; continue; }
      v += c * 91;
      b |= v << n;
      n += (v & 8191) > 88 ? 13 : 14;
      do { bytes[j++] = b & 255; b >>= 8; n -= 8; } while (n > 7);
      v = -1;
    }
    if (v >= 0) { bytes[j] = (b | v << n) & 255; }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  /* Postings of every term as the build makes them: doc, chunk, section, code (see search/shards.rs). */
  function indexLocally(d) {
    var post = new Map();
    var titles = d.d.map(function (x) { return { f: fold(x[0]), w: new Set(words(x[0])) }; });
    var secs = d.s.map(function (s, i) {
      var title = titles[s[0]];
      var counts = new Map();
      words(s[3]).forEach(function (w) { counts.set(w, (counts.get(w) || 0) + 1); });
      var head = new Set(words(s[1]));
      var fh = fold(s[1]);
      head.forEach(function (w) { if (!counts.has(w)) { counts.set(w, 0); } });
      title.w.forEach(function (w) { if (!counts.has(w)) { counts.set(w, 0); } });
      counts.forEach(function (n, w) {
        var code = Math.min(n, 10) | (title.w.has(w) ? 16 : 0) | (head.has(w) ? 32 : 0) | (fh === w ? 64 : 0) | (title.f === w ? 128 : 0);
        var l = post.get(w);
        if (!l) { post.set(w, l = []); }
        l.push(s[0], 0, i, code);
      });
      return { doc: d.d[s[0]], heading: s[1], anchor: s[2], text: s[3] };
    });
    return { post: post, secs: secs, vocab: Array.from(post.keys()) };
  }
  var loading = null;
  function loadIndex() {
    if (!loading) {
      loading = (window.fokusSearchData ? Promise.resolve() : script('assets/search-index.js')).then(function () {
        var raw = window.fokusSearchData;
        return Array.isArray(raw) ? inflate(raw[0], raw[1]).then(JSON.parse) : raw;
      }).then(function (d) {
        data = d;
        data.y = (d.y || []).map(function (g) { return g.map(fold); });
        if (!d.m) { local = indexLocally(d); }
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  /* Terms that contain `w` (three letters or more), or `w` itself when it is a two-letter term. */
  function containing(w) {
    if (w.length < 3) {
      return Promise.resolve(local ? (local.post.has(w) ? [w] : []) : (data.w2.indexOf(w) >= 0 ? [w] : []));
    }
    var keep = function (l) { return l.filter(function (x) { return x.indexOf(w) >= 0; }); };
    if (local) { return Promise.resolve(keep(local.vocab)); }
    var g = w.slice(0, 3);
    return shard('v' + hash(g) % data.v).then(function (v) { return keep(v[g] || []); });
  }
  /* Terms that may be one typo from `w`: they share its first, middle or last trigram. */
  function candidates(w) {
    if (local) { return Promise.resolve(local.vocab); }
    var gs = [0, (w.length - 3) >> 1, w.length - 3].map(function (i) { return w.slice(i, i + 3); });
    return Promise.all(gs.map(function (g) {
      return shard('v' + hash(g) % data.v).then(function (v) { return v[g] || []; });
    })).then(function (ls) { return [].concat.apply([], ls); });
  }
  function postings(term) {
    if (local) { return Promise.resolve(local.post.get(term) || []); }
    return shard('p' + hash(term) % data.p).then(function (p) { return p[term] || []; });
  }
  function section(chunk, i) {
    if (local) { return Promise.resolve(local.secs[i]); }
    return shard('c' + chunk).then(function (c) {
      var s = c.s[i];
      return { doc: c.d[s[0]], heading: s[1], anchor: s[2], text: s[3] };
    });
  }

  /* The terms most like `w`: itself, then those that start with it, shorter first. */
  function best(w, terms) {
    return terms.map(function (x) { return [x, x === w ? 0 : x.indexOf(w) === 0 ? 1 : 2]; })
      .sort(function (a, b) { return a[1] - b[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1); })
      .slice(0, local ? terms.length : TERMS).map(function (a) { return a[0]; });
  }
  /* One query word: the terms it finds exactly, with stem and synonyms (from shards at most TERMS for each form). */
  function expand(w) {
    var forms = [w];
    data.y.forEach(function (g) {
      g.forEach(function (m) {
        if (m.length > 1 && w.indexOf(m) >= 0) {
          g.forEach(function (o) { if (o !== m) { forms.push(w.replace(m, o)); } });
        }
      });
    });
    var keys = forms.map(stem).filter(function (k, i, a) { return a.indexOf(k) === i; });
    return Promise.all(keys.map(containing)).then(function (ls) {
      var exact = new Set();
      ls.forEach(function (l, i) { best(keys[i], l).forEach(function (x) { exact.add(x); }); });
      return { w: w, forms: keys, exact: exact, typo: [] };
    });
  }
  /* Terms one typo from a word of five or more letters (from shards at most TERMS). */
  function typos(g) {
    if (g.w.length < 5) { return Promise.resolve(g); }
    var q = sound(stem(g.w));
    return candidates(g.w).then(function (c) {
      var near1 = Array.from(new Set(c)).filter(function (x) { return !g.exact.has(x) && near(q, sounds(x)); });
      g.typo = near1.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); }).slice(0, local ? near1.length : TERMS);
      return g;
    });
  }

  /* Rank sections for `query`: sections matching more words exactly first, then by score. */
  function search(query, max) {
    var qs = words(query);
    max = max || MAX;
    if (!qs.length) { return Promise.resolve([]); }
    var P = new Map();
    function ranked(groups) {
      var terms = [];
      groups.forEach(function (g) { g.exact.forEach(function (x) { terms.push(x); }); g.typo.forEach(function (x) { terms.push(x); }); });
      terms = terms.filter(function (x) { return !P.has(x); });
      return Promise.all(terms.map(postings)).then(function (ls) {
        terms.forEach(function (x, i) { P.set(x, ls[i]); });
        return rank(groups, P, max);
      });
    }
    return loadIndex().then(function () {
      return Promise.all(qs.map(expand));
    }).then(function (groups) {
      // Typos rank below exact hits, so they are looked up only when exact hits leave room.
      return ranked(groups).then(function (top) {
        if (top.length >= max) { return top; }
        return Promise.all(groups.map(typos)).then(ranked);
      });
    }).then(function (top) {
      return Promise.all(top.map(function (h) { return section(h.chunk, h.local); })).then(function (secs) {
        return secs.map(function (s, i) {
          return { doc: s.doc, heading: s.heading, anchor: s.anchor, text: s.text, marks: top[i].marks, exact: top[i].exact, chunk: top[i].chunk };
        });
      });
    });
  }

  function rank(groups, P, max) {
    var hits = new Map();
    groups.forEach(function (g) {
      var w = g.w;
      var per = new Map();
      var add = function (x, typo) {
        var l = P.get(x) || [];
        for (var i = 0; i < l.length; i += 4) {
          var key = l[i + 1] * 1e6 + l[i + 2];
          var e = per.get(key);
          if (!e) { per.set(key, e = { doc: l[i], chunk: l[i + 1], local: l[i + 2], n: 0, code: 0, start: false, typo: true, terms: [] }); }
          var code = l[i + 3];
          e.n += code & 15;
          e.code |= code & 48;
          if (x === w) { e.code |= code & 192; }
          if (x.indexOf(w) === 0 && (code & 31)) { e.start = true; }
          e.typo = e.typo && typo;
          e.terms.push(x);
        }
      };
      g.exact.forEach(function (x) { add(x, false); });
      g.typo.forEach(function (x) { add(x, true); });
      // Longer words say more about what is wanted than short ones like "nu".
      var weight = Math.min(1, w.length / 5);
      per.forEach(function (e, key) {
        var n = Math.min(10, e.n);
        var c = e.code;
        var sc = (c & 16 ? 8 : 0) + (c & 32 ? 6 : 0) + (c & 64 ? 12 : 0) + (c & 128 ? 12 : 0) + (n ? 1 + n * 0.3 : 0) + (e.start ? 1 : 0);
        var h = hits.get(key);
        if (!h) { hits.set(key, h = { key: key, doc: e.doc, chunk: e.chunk, local: e.local, exact: 0, matched: 0, score: 0, marks: [] }); }
        h.matched++;
        if (!e.typo) { h.exact++; }
        h.score += sc * weight;
        h.marks = h.marks.concat(g.forms, e.terms);
      });
    });
    var list = Array.from(hits.values());
    list.forEach(function (h) { if (h.matched === groups.length) { h.score += 10; } });
    list.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || a.key - b.key; });
    var perDoc = new Map();
    return list.filter(function (h) {
      var n = perDoc.get(h.doc) || 0;
      perDoc.set(h.doc, n + 1);
      return n < 3;
    }).slice(0, max);
  }

  /* The original text around the first match, as text nodes and a <mark>. */
  function snippet(text, marks) {
    var folded = '';
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { map.push(i); }
      folded += f;
    }
    var at = -1;
    var term = '';
    for (var k = 0; k < marks.length && at < 0; k++) { term = marks[k]; at = folded.indexOf(term); }
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
    var box = input.closest('.site-search') || input.parentNode;
    var status = doc.getElementById(input.getAttribute('aria-describedby'));
    var list = doc.getElementById(input.getAttribute('aria-controls'));
    var panel = doc.getElementById('fokus-search-panel') || list;
    var count = panel.querySelector('.search-count');
    var seq = 0;
    function say(text) {
      status.textContent = text;
      if (count) { count.textContent = text; }
    }
    /* Keep the panel inside the window, whatever the width. */
    function place() {
      panel.style.left = '';
      var r = panel.getBoundingClientRect();
      var room = doc.documentElement.clientWidth;
      var shift = r.right > room - 4 ? room - 4 - r.right : r.left < 4 ? 4 - r.left : 0;
      if (shift) { panel.style.left = (r.left + shift - box.getBoundingClientRect().left) + 'px'; }
    }
    function open() {
      if (!input.value.trim()) { return; }
      panel.hidden = false;
      place();
    }
    function close() {
      panel.hidden = true;
    }
    function render(results) {
      list.textContent = '';
      results.forEach(function (s, i) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = base + s.doc[1] + (s.anchor ? '#' + s.anchor : '');
        if (i === 0) { a.className = 'is-active'; }
        var title = doc.createElement('span');
        title.className = 'result-title';
        title.textContent = s.doc[0] + (s.heading && s.heading !== s.doc[0] ? ' › ' + s.heading : '');
        var kind = doc.createElement('span');
        kind.className = 'result-kind';
        kind.textContent = t('kind_' + s.doc[2]);
        var snip = doc.createElement('span');
        snip.className = 'result-snippet';
        snip.appendChild(snippet(s.text, s.marks));
        a.appendChild(title);
        a.appendChild(kind);
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.setAttribute('data-query', input.value);
      say(results.length === 0 ? t('search_none')
        : results.length === 1 ? t('search_one') : t('search_results').replace('{n}', results.length));
      open();
    }
    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { list.textContent = ''; say(''); close(); return; }
      if (!data) { say(t('search_loading')); open(); }
      search(q).then(function (results) {
        if (mine === seq) { render(results); }
      }, function () {
        if (mine === seq) { say(t('search_unavailable')); open(); }
      });
    }
    input.addEventListener('input', run);
    input.addEventListener('focus', open);
    input.addEventListener('keydown', function (ev) {
      var first = list.querySelector('a');
      if (ev.key === 'ArrowDown') {
        if (first) { ev.preventDefault(); open(); first.focus(); }
      } else if (ev.key === 'Enter') {
        if (first && !panel.hidden) { ev.preventDefault(); first.click(); }
      } else if (ev.key === 'Escape') {
        if (!panel.hidden) { ev.preventDefault(); close(); } else { input.value = ''; run(); }
      }
    });
    list.addEventListener('keydown', function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var i = links.indexOf(doc.activeElement);
      if (ev.key === 'ArrowDown' && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (ev.key === 'Escape') { ev.preventDefault(); close(); input.focus(); }
    });
    // Close on a click outside and when focus leaves the search.
    doc.addEventListener('pointerdown', function (ev) { if (!box.contains(ev.target)) { close(); } });
    box.addEventListener('focusout', function (ev) {
      if (!ev.relatedTarget || !box.contains(ev.relatedTarget)) { close(); }
    });
    window.addEventListener('resize', function () { if (!panel.hidden) { place(); } });
    if (input.value.trim()) { run(); }
  }

  /* For tests and benchmarks: load the index, then run queries: query(text, max results) returns a promise. */
  window.fokusSearch = { ready: loadIndex, query: search };
  var input = doc.getElementById('fokus-search');
  if (input) { setup(input); }
})();
