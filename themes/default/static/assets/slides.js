/* fokus slide decks: keyboard, overview, presenter view, answers revealed
 * one at a time. No framework, nothing fetched. The audience window and a
 * presenter window stay in step through a BroadcastChannel when the deck is
 * served over http(s); opened from disk, P switches this one window into
 * the presenter view instead (windows opened from files cannot talk). */
(function () {
  'use strict';
  var deck = document.getElementById('deck');
  if (!deck) { return; }
  var slides = Array.prototype.slice.call(deck.querySelectorAll('.slide'));
  var n = slides.length;
  var body = document.body;
  var status = document.querySelector('.deck-status');
  var bar = document.querySelector('.presenter-bar');
  var notesBox = document.querySelector('.presenter-notes');
  var notesInner = notesBox.querySelector('[data-notes]');
  var noNotes = notesBox.querySelector('[data-no-notes]');
  var nextLabel = document.querySelector('.presenter-next-label');
  var endLabel = document.querySelector('.presenter-end');
  var minutes = parseInt(deck.getAttribute('data-minutes'), 10) || 0;
  var served = /^https?:$/.test(location.protocol);
  var params = new URLSearchParams(location.search);
  var state = { i: 0, step: 0 };
  var presenting = false;
  var overview = false;
  var digits = '';
  var digitTimer = null;
  var started = Date.now();
  var channel = null;

  function words(attr, values) {
    var s = deck.getAttribute(attr) || '';
    Object.keys(values).forEach(function (k) { s = s.replace('{' + k + '}', values[k]); });
    return s;
  }
  function fragments(i) { return slides[i].querySelectorAll('.fragment'); }
  function title(i) {
    var h = slides[i].querySelector('h1, h2, h3');
    return h ? h.textContent.trim() : '';
  }

  /* Shrink a slide's text until it fits (long cases, many bullets). */
  function fit(slide) {
    var box = slide.querySelector('.slide-body');
    if (!box || slide.hidden) { return; }
    var f = 1;
    box.style.setProperty('--fit', '1');
    while (box.scrollHeight > box.clientHeight + 1 && f > 0.45) {
      f -= 0.05;
      box.style.setProperty('--fit', f.toFixed(2));
    }
  }

  function render(announce) {
    var i = state.i;
    slides.forEach(function (s, k) {
      var shown = overview || k === i || (presenting && k === i + 1);
      s.hidden = !shown;
      s.classList.toggle('current', k === i);
      s.classList.toggle('upcoming', presenting && !overview && k === i + 1);
      var inner = s.querySelector('.slide-body');
      if (overview) { inner.setAttribute('inert', ''); } else { inner.removeAttribute('inert'); }
      var fr = fragments(k);
      var upto = k < i ? fr.length : (k === i ? state.step : 0);
      var lastQuestion = -1;
      for (var j = 0; j < fr.length; j++) {
        fr[j].classList.toggle('shown', j < upto);
        if (j < upto && fr[j].classList.contains('slide-question')) { lastQuestion = j; }
      }
      // One question at a time under the case: earlier ones step aside.
      for (var q = 0; q < fr.length; q++) {
        fr[q].classList.toggle('past', k === i && !overview && fr[q].classList.contains('slide-question') && q < lastQuestion);
      }
    });
    if (!overview) {
      fit(slides[i]);
      if (presenting && slides[i + 1]) { fit(slides[i + 1]); }
    }
    var text = words('data-slide-of', { n: i + 1, m: n });
    var t = title(i);
    if (status && (announce || status.textContent === '')) { status.textContent = t ? text + ': ' + t : text; }
    if (presenting) {
      var notes = slides[i].querySelector('.notes');
      notesInner.innerHTML = notes ? notes.innerHTML : '';
      noNotes.hidden = !!notes;
      nextLabel.hidden = !slides[i + 1];
      endLabel.hidden = !!slides[i + 1];
    }
    if (history.replaceState) {
      history.replaceState(null, '', location.pathname + location.search + '#' + (i + 1));
    }
  }

  function go(i, step, fromRemote) {
    state.i = Math.max(0, Math.min(n - 1, i));
    state.step = Math.max(0, Math.min(fragments(state.i).length, step || 0));
    render(true);
    if (!fromRemote && channel) { channel.postMessage({ i: state.i, step: state.step }); }
  }
  function next() {
    if (state.step < fragments(state.i).length) { go(state.i, state.step + 1); }
    else if (state.i < n - 1) { go(state.i + 1, 0); }
  }
  function prev() {
    if (state.step > 0) { go(state.i, state.step - 1); }
    else if (state.i > 0) { go(state.i - 1, fragments(state.i - 1).length); }
  }

  function setOverview(on) {
    overview = on;
    deck.classList.toggle('overview', on);
    body.classList.toggle('overview-open', on);
    press('overview', on);
    render(false);
    if (on) {
      var pick = slides[state.i].querySelector('.slide-pick');
      if (pick) { pick.focus(); }
    } else {
      deck.focus();
    }
  }

  function setPresenting(on) {
    presenting = on;
    body.classList.toggle('presenter', on);
    bar.hidden = !on;
    notesBox.hidden = !on;
    nextLabel.hidden = !on;
    endLabel.hidden = true;
    press('presenter', on);
    if (on) { started = Date.now(); tick(); }
    render(false);
  }

  /* P: a second window when served; this window otherwise (or if the window was blocked). */
  function presenter() {
    if (presenting || !served || params.has('presenter')) { setPresenting(!presenting); return; }
    var url = location.pathname + '?presenter#' + (state.i + 1);
    var w = window.open(url, 'fokus-presenter');
    if (!w) { setPresenting(true); }
  }

  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
  }

  function press(action, on) {
    var b = document.querySelector('[data-action="' + action + '"]');
    if (b) { b.setAttribute('aria-pressed', on ? 'true' : 'false'); }
  }

  function pad(x) { return (x < 10 ? '0' : '') + x; }
  function tick() {
    if (!presenting) { return; }
    var s = Math.floor((Date.now() - started) / 1000);
    bar.querySelector('[data-elapsed]').textContent = Math.floor(s / 60) + ':' + pad(s % 60);
    var over = minutes > 0 && s > minutes * 60;
    bar.querySelector('[data-over]').hidden = !over;
    bar.classList.toggle('over', over);
    var d = new Date();
    bar.querySelector('[data-clock]').textContent = pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  setInterval(tick, 1000);

  // Overview tiles: one button per slide.
  slides.forEach(function (s, k) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'slide-pick';
    b.textContent = String(k + 1);
    var t = title(k);
    b.setAttribute('aria-label', words('data-go-to', { n: k + 1 }) + (t ? ': ' + t : ''));
    b.addEventListener('click', function () { state.i = k; state.step = 0; setOverview(false); go(k, 0); });
    s.appendChild(b);
  });

  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-action]');
    if (!b) { return; }
    var a = b.getAttribute('data-action');
    if (a === 'next') { next(); }
    else if (a === 'prev') { prev(); }
    else if (a === 'overview') { setOverview(!overview); }
    else if (a === 'presenter') { presenter(); }
    else if (a === 'fullscreen') { fullscreen(); }
    else if (a === 'reset-clock') { started = Date.now(); tick(); }
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    var tag = e.target && e.target.tagName;
    var control = /^(BUTTON|A|SUMMARY|INPUT|TEXTAREA|SELECT)$/.test(tag || '');
    var k = e.key;
    if (/^[0-9]$/.test(k)) {
      digits += k;
      clearTimeout(digitTimer);
      digitTimer = setTimeout(function () { digits = ''; }, 3000);
      return;
    }
    if (k === 'Enter' && digits) {
      e.preventDefault();
      var to = parseInt(digits, 10);
      digits = '';
      if (overview) { setOverview(false); }
      go(to - 1, 0);
      return;
    }
    if (k === 'Escape') { e.preventDefault(); setOverview(!overview); return; }
    if (overview) {
      if (k === 'ArrowRight' || k === 'ArrowLeft') {
        var picks = Array.prototype.slice.call(deck.querySelectorAll('.slide-pick'));
        var at = picks.indexOf(document.activeElement);
        var t = picks[Math.max(0, Math.min(picks.length - 1, (at < 0 ? state.i : at) + (k === 'ArrowRight' ? 1 : -1)))];
        if (t) { e.preventDefault(); t.focus(); }
      }
      return;
    }
    if ((k === ' ' || k === 'Enter') && control) { return; }
    if (k === 'ArrowRight' || k === ' ' || k === 'PageDown') { e.preventDefault(); next(); }
    else if (k === 'ArrowLeft' || k === 'PageUp') { e.preventDefault(); prev(); }
    else if (k === 'Home') { e.preventDefault(); go(0, 0); }
    else if (k === 'End') { e.preventDefault(); go(n - 1, 0); }
    else if (k === 'f' || k === 'F') { e.preventDefault(); fullscreen(); }
    else if (k === 'p' || k === 'P') { e.preventDefault(); presenter(); }
  });

  window.addEventListener('resize', function () { if (!overview) { fit(slides[state.i]); } });
  window.addEventListener('hashchange', function () {
    var h = parseInt(location.hash.slice(1), 10);
    if (h && h - 1 !== state.i) { go(h - 1, 0); }
  });

  if (served && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel('fokus-slides:' + location.pathname);
    channel.onmessage = function (e) {
      var m = e.data || {};
      if (m.hello) { channel.postMessage({ i: state.i, step: state.step }); return; }
      if (typeof m.i === 'number') { go(m.i, m.step, true); }
    };
  }

  var start = parseInt(location.hash.slice(1), 10);
  state.i = start > 0 ? Math.min(n - 1, start - 1) : 0;
  if (params.has('presenter')) { setPresenting(true); } else { render(false); }
  if (channel && params.has('presenter')) { channel.postMessage({ hello: true }); }
  document.documentElement.setAttribute('data-deck-ready', '');
}());
