/* fokus: print the course with page numbers in its table of contents.
   Chromium cannot lay out CSS `target-counter()` yet, so on request this
   script loads Paged.js, which cuts the print page into pages itself, fills
   in the numbers the stylesheet asks for, and then opens the print dialog.
   The stylesheets are handed over as text from print-styles.js, because a
   page opened from disk may not read its own stylesheets. Without this
   script, Ctrl+P prints the same page without the numbers. */
(function () {
  'use strict';
  var button = document.getElementById('fokus-print-paged');
  var status = document.getElementById('fokus-print-status');
  if (!button || !status || !window.Promise) { return; }
  var doc = document.documentElement;
  var root = doc.getAttribute('data-root') || '';

  var load = function (src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = root + src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(s);
    });
  };

  // The page's stylesheets in their order, as { address: text }, taken out
  // of the page: Paged.js puts in its own version of each.
  var takeStyles = function () {
    var texts = window.fokusPrintStyles || {};
    var sheets = [];
    var nodes = document.querySelectorAll('link[rel="stylesheet"], style');
    Array.prototype.forEach.call(nodes, function (node) {
      var sheet = {};
      if (node.nodeName === 'STYLE') {
        sheet[location.href] = node.textContent;
      } else {
        var name = (node.getAttribute('href') || '').slice(root.length);
        if (!Object.prototype.hasOwnProperty.call(texts, name)) { return; }
        sheet[node.href] = texts[name];
      }
      sheets.push(sheet);
      node.parentNode.removeChild(node);
    });
    return sheets;
  };

  // A failure after Paged.js took the page apart is told after a reload.
  var FAILED = 'fokus-print-failed';
  var remember = function () { try { sessionStorage.setItem(FAILED, '1'); } catch (e) { /* storage off */ } };
  try {
    if (sessionStorage.getItem(FAILED)) {
      sessionStorage.removeItem(FAILED);
      status.textContent = button.getAttribute('data-failed');
    }
  } catch (e) { /* storage off */ }

  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = button.getAttribute('data-busy');
    load('assets/print-styles.js')
      .then(function () { return load('assets/paged.min.js'); })
      .then(function () {
        var previewer = new window.PagedModule.Previewer();
        return previewer.preview(undefined, takeStyles(), undefined);
      })
      .then(function () {
        doc.setAttribute('data-paged', String(document.querySelectorAll('.pagedjs_page').length));
        // The laid-out pages stay: printing again (Ctrl+P too) gives the same numbers.
        window.print();
      })
      .catch(function () {
        if (!document.body.contains(status)) {
          remember();
          location.reload();
          return;
        }
        button.disabled = false;
        status.textContent = button.getAttribute('data-failed');
      });
  });
})();
