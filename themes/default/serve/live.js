/* fokus serve: live reload and the error overlay. Served as /__fokus/live.js
   by `fokus serve` only; `FOKUS_LIVE` (words in the course's language and the
   overlay's styles) is put before this file by the server. */
(function () {
  var L = window.FOKUS_LIVE || { t: {}, css: '' };
  var t = function (k) { return L.t[k] || k; };
  var me = document.currentScript, build = me && me.getAttribute('data-build');
  var box = null, prev = null, es, K = 'fokus-live-scroll';
  try {
    var s = JSON.parse(sessionStorage.getItem(K) || 'null');
    sessionStorage.removeItem(K);
    if (s && s.p === location.pathname) { addEventListener('load', function () { scrollTo(0, s.y); }); }
  } catch (e) { /* storage off */ }
  function reload() {
    try { sessionStorage.setItem(K, JSON.stringify({ p: location.pathname, y: scrollY })); } catch (e) { /* storage off */ }
    location.reload();
  }
  function el(tag, x) { var e = document.createElement(tag); if (x) { e.textContent = x; } return e; }
  /* A message as the terminal shows it, with `code` as code, not backticks. */
  function rich(parent, text) {
    String(text).split('`').forEach(function (part, i) {
      if (part) { parent.appendChild(i % 2 ? el('code', part) : document.createTextNode(part)); }
    });
  }
  function items(ol, list) {
    ol.textContent = '';
    list.forEach(function (d) {
      var li = el('li');
      li.appendChild(el('strong', t(d.severity === 'warning' ? 'live_warning' : 'live_error') + ' '));
      li.appendChild(el('code', d.location || t('live_course')));
      li.appendChild(document.createTextNode(': '));
      rich(li, d.message);
      if (d.help) { var p = el('p', t('live_help') + ': '); rich(p, d.help); li.appendChild(p); }
      ol.appendChild(li);
    });
  }
  function hide() { if (box) { box.remove(); box = null; if (prev && prev.focus) { prev.focus(); } } }
  function show(list) {
    var page = document.getElementById('fokus-live-errors');
    if (page) { items(page, list); return; }
    hide();
    prev = document.activeElement;
    box = el('div'); box.id = 'fokus-live-overlay';
    var d = el('div'); d.className = 'fokus-live-box';
    d.setAttribute('role', 'alertdialog'); d.setAttribute('aria-modal', 'true');
    d.setAttribute('aria-labelledby', 'fokus-live-title'); d.setAttribute('aria-describedby', 'fokus-live-text');
    d.tabIndex = -1;
    var h = el('h2', t('live_title')); h.id = 'fokus-live-title';
    var p = el('p', t('live_text')); p.id = 'fokus-live-text';
    var ol = el('ol'); items(ol, list);
    var b = el('button', t('live_close')); b.type = 'button'; b.onclick = hide;
    var st = el('style', L.css);
    d.append(h, p, ol, b); box.append(st, d); document.body.appendChild(box); d.focus();
  }
  addEventListener('keydown', function (e) { if (e.key === 'Escape' && box) { hide(); } });
  function connect() {
    es = new EventSource('/__fokus/events');
    es.addEventListener('hello', function (e) { if (JSON.parse(e.data).build !== build) { reload(); } });
    es.addEventListener('reload', reload);
    es.addEventListener('error', function (e) {
      if (typeof e.data === 'string') { show(JSON.parse(e.data).diagnostics); }
      else if (es.readyState === 2) { es.close(); setTimeout(connect, 1000); }
    });
  }
  connect();
}());
