/* fokus completion: judges the course's completion rule (course.yaml
 * `completion:`, written into the page as JSON) against what this browser has
 * stored. One judge for the progress page and the LMS packages, so the
 * learner and the LMS always see the same verdict.
 *   rule  {m: "all" | [module page urls], x: "all" | [exercise ids], p: pass % | null}
 *   toc   window.fokusToc (parts → modules → [exercise id, scored questions
 *         shown, pass mark in percent if the exercise has one])
 *   get   reads a stored value by key ("read", "ex:<id>")
 * Returns {modules: {n, m}, exercises: {n, m}, right, max, pct, pass,
 * complete, passed (null without a pass mark), todo: {m: [module urls not
 * opened], x: [exercise ids not done]}}. */
(function () {
  'use strict';
  window.fokusCompletion = function (rule, toc, get) {
    var pages = [];
    var scored = {};
    var marks = {};
    var ids = [];
    toc.parts.forEach(function (p) {
      p.m.forEach(function (m) {
        pages.push(m.u);
        m.x.forEach(function (x) {
          if (!(x[0] in scored)) { scored[x[0]] = x[1]; marks[x[0]] = x[2]; ids.push(x[0]); }
        });
      });
    });
    var mods = rule.m === 'all' ? pages : rule.m || [];
    var exs = rule.x === 'all' ? ids : rule.x || [];
    var read = get('read') || {};
    var todo = { m: mods.filter(function (u) { return !read[u]; }), x: [] };
    var modsDone = mods.length - todo.m.length;
    var exDone = 0;
    var right = 0;
    var max = 0;
    exs.forEach(function (id) {
      var rec = get('ex:' + id) || {};
      var q = rec.q || {};
      var n = scored[id] || 0;
      max += n;
      right += Math.min(rec.right || 0, n);
      // Scored questions count when answered; an exercise of reflections only, when written in.
      // An exercise with a pass mark counts when the mark is reached.
      var done = n ? (rec.done || 0) >= n && (!marks[id] || 100 * (rec.right || 0) >= marks[id] * n) : Object.keys(q).some(function (k) { return q[k].a; });
      if (done) { exDone++; } else { todo.x.push(id); }
    });
    // One decimal, so the score the LMS gets and the pass verdict agree.
    var pct = max ? Math.round(1000 * right / max) / 10 : null;
    var pass = rule.p == null ? null : rule.p;
    var complete = modsDone === mods.length && exDone === exs.length;
    return {
      modules: { n: modsDone, m: mods.length },
      exercises: { n: exDone, m: exs.length },
      right: right,
      max: max,
      pct: pct,
      pass: pass,
      complete: complete,
      passed: pass == null ? null : (pct == null ? true : pct >= pass),
      todo: todo
    };
  };
})();
