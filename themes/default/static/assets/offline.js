/* fokus: register the offline worker when the site is served over http(s).
   From file:// (or in `fokus serve`, which has no worker) nothing happens. */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) { return; }
  var doc = document.documentElement;
  var root = doc.getAttribute('data-root') || '';
  var status = document.getElementById('fokus-offline-status');
  var box = document.getElementById('fokus-offline');
  var button = document.getElementById('fokus-offline-save');
  var strings = {};
  try { strings = JSON.parse(document.getElementById('fokus-strings').textContent); } catch (e) { /* none */ }
  var say = function (key, done, total) {
    if (!status) { return; }
    status.textContent = (strings[key] || '').replace('{done}', done).replace('{total}', total);
  };
  var KEY = 'fokus-updated:' + (doc.getAttribute('data-course') || '');
  try {
    if (sessionStorage.getItem(KEY)) { sessionStorage.removeItem(KEY); say('offline_updated'); }
  } catch (e) { /* storage off */ }
  var hadWorker = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    // A new build took over: reload once, so no page mixes two builds.
    if (!hadWorker) { hadWorker = true; return; }
    try { sessionStorage.setItem(KEY, '1'); } catch (e) { /* storage off */ }
    location.reload();
  });
  navigator.serviceWorker.addEventListener('message', function (event) {
    var m = event.data || {};
    if (m.type === 'status' && box) {
      box.hidden = m.saved || m.auto;
      if (m.saved && !m.auto) { say('offline_saved'); }
    } else if (m.type === 'progress') {
      say('offline_saving', m.done, m.total);
    } else if (m.type === 'failed') {
      say('offline_failed');
      if (button) { button.disabled = false; }
    }
  });
  navigator.serviceWorker.register(root + 'sw.js').then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    if (reg.active) { reg.active.postMessage({ type: 'status' }); }
    if (button) {
      button.addEventListener('click', function () {
        button.disabled = true;
        if (reg.active) { reg.active.postMessage({ type: 'save-all' }); }
      });
    }
  }).catch(function () { /* no worker: the site works as before */ });
}());
