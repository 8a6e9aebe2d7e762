/* fokus self-assessment on the progress page: fills each before/after table
 * (progress.html, #fokus-selfassessment) with the points this browser stored
 * for the statements: "fokus:<course>:ex:<exercise>" → q → <question> →
 * {h: version, a: point}. An answer to a statement edited since (another
 * version) counts as not answered. The words are in the page; this script
 * only shows the one that fits. Reads only localStorage. */
(function () {
  'use strict';
  var doc = document;
  var box = doc.getElementById('fokus-selfassessment');
  if (!box) { return; }
  var prefix = 'fokus:' + (doc.documentElement.getAttribute('data-course') || 'kursus') + ':';
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function attr(e, k) { return e.getAttribute('data-sa-' + k); }
  function fill() {
    [].forEach.call(box.querySelectorAll('td[data-sa-ex]'), function (cell) {
      var rec = get('ex:' + attr(cell, 'ex'));
      var q = rec && rec.q && rec.q[attr(cell, 'q')];
      var v = q && q.h === attr(cell, 'h') && q.a != null ? String([].concat(q.a)[0]) : '';
      var found = false;
      [].forEach.call(cell.querySelectorAll('[data-v]'), function (s) {
        s.hidden = s.getAttribute('data-v') !== v;
        if (!s.hidden && v) { found = true; }
      });
      // "ikke besvaret endnu" where nothing (or a point the scale no longer has) is stored.
      cell.querySelector('[data-v=""]').hidden = found;
    });
    box.hidden = false;
  }
  fill();
  // Again when the learner deletes their data or loads an answer file on this
  // page (progress.js and transfer.js send fokus:stored), or answers in another tab.
  doc.addEventListener('fokus:stored', fill);
  window.addEventListener('storage', fill);
})();
