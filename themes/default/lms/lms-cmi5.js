/* fokus cmi5 adapter. It runs in the launch page (cmi5.html), the course's one
 * AU, which stays open for the whole session while the course's pages open in
 * its frame: one session, so `initialized` is sent once at the start and
 * `terminated` once at the end.
 *
 * At launch it reads endpoint, fetch, actor, registration and activityId from
 * its URL, gets the auth token from the fetch URL (once: the token and the
 * session are kept in sessionStorage, so a reload of this page neither fetches
 * again nor starts a second session), reads LMS.LaunchData from the State
 * API, and sends the cmi5-defined statements in the order cmi5 requires:
 *   initialized → completed, passed/failed (with the scaled score) → terminated,
 * each with the LMS's context template, the cmi5 category (and moveOn for
 * completed/passed/failed), the registration and the session id. Completion and
 * the score come from the same rule and judge as the progress page
 * (completion.js). Statements carry their own ids and are queued and sent one
 * at a time (PUT with statementId), retried when the connection drops; a
 * repeated id is never stored twice by an LRS. The learner's answers and which
 * verdicts were sent live in an activity state document, so another computer
 * resumes them and a registration never gets `completed` or `passed` twice.
 *
 * Without launch parameters this page opens the course's home page. */
(function () {
  'use strict';
  var doc = document;
  var win = window;
  var html = doc.documentElement;
  var frame = doc.getElementById('fokus-lms-frame');
  var start = html.getAttribute('data-start') || 'index.html';
  var prefix = 'fokus:' + (html.getAttribute('data-course') || 'kursus') + ':';
  var rule = { m: 'all', x: 'all', p: null };
  try { rule = JSON.parse(html.getAttribute('data-rule')) || rule; } catch (e) { /* the default rule */ }
  var toc = win.fokusToc || { parts: [] };

  var params = {};
  win.location.search.replace(/^\?/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i > 0) {
      try { params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' ')); } catch (e) { /* skip */ }
    }
  });
  var actor = null;
  try { actor = JSON.parse(params.actor); } catch (e) { actor = null; }
  if (!params.endpoint || !params.fetch || !actor || !params.registration || !params.activityId || !win.fetch) {
    win.location.replace(start);
    return;
  }
  var endpoint = params.endpoint.replace(/\/?$/, '/');

  var CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
  var MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
  var SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
  var MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
  var VERB = 'http://adlnet.gov/expapi/verbs/';
  var STATE_ID = 'urn:fokus:state:answers';

  /* Everything this session must remember over a reload of this page. */
  var memoKey = 'fokus-cmi5:' + params.fetch;
  var memo = null;
  try { memo = JSON.parse(sessionStorage.getItem(memoKey)); } catch (e) { memo = null; }
  memo = memo || { queue: [], ended: false };
  function save() { try { sessionStorage.setItem(memoKey, JSON.stringify(memo)); } catch (e) { /* kept in memory */ } }

  function uuid() {
    if (win.crypto && win.crypto.randomUUID) { return win.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    win.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = [].map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function headers(json) {
    var h = { Authorization: 'Basic ' + memo.token, 'X-Experience-API-Version': '1.0.3' };
    if (json) { h['Content-Type'] = 'application/json'; }
    return h;
  }
  function stateUrl(id) {
    return endpoint + 'activities/state?' + (id ? 'stateId=' + encodeURIComponent(id) + '&' : '') +
      'activityId=' + encodeURIComponent(params.activityId) +
      '&agent=' + encodeURIComponent(JSON.stringify(actor)) +
      '&registration=' + encodeURIComponent(params.registration);
  }
  function duration(ms) { return 'PT' + Math.max(0, Math.round(ms / 10) / 100) + 'S'; }

  /* ---------- Local answers ⇄ the state document ---------- */
  function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
  function local() {
    var out = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) { out[k.slice(prefix.length)] = localStorage.getItem(k); }
      }
    } catch (e) { /* nothing stored */ }
    return out;
  }
  function restoreLocal(data) {
    try {
      Object.keys(local()).forEach(function (k) { localStorage.removeItem(prefix + k); });
      Object.keys(data || {}).forEach(function (k) { localStorage.setItem(prefix + k, String(data[k])); });
    } catch (e) { /* storage refused */ }
  }

  /* ---------- Statements: queued, sent in order, retried ---------- */
  var launch = {};
  function statement(verb, result, moveOn) {
    var ctx = JSON.parse(JSON.stringify(launch.contextTemplate || {}));
    ctx.registration = params.registration;
    ctx.contextActivities = ctx.contextActivities || {};
    var cat = ctx.contextActivities.category = ctx.contextActivities.category || [];
    [CMI5].concat(moveOn ? [MOVEON] : []).forEach(function (id) {
      if (!cat.some(function (a) { return a.id === id; })) { cat.push({ id: id, objectType: 'Activity' }); }
    });
    ctx.extensions = ctx.extensions || {};
    if (!ctx.extensions[SESSION]) { ctx.extensions[SESSION] = memo.session; }
    if ((verb === 'passed' || verb === 'failed') && launch.masteryScore != null) { ctx.extensions[MASTERY] = launch.masteryScore; }
    var s = {
      id: uuid(),
      actor: actor,
      verb: { id: VERB + verb, display: { 'en-US': verb } },
      object: { id: params.activityId, objectType: 'Activity' },
      context: ctx,
      timestamp: new Date().toISOString()
    };
    if (result) { s.result = result; }
    return s;
  }
  var sending = false;
  var delay = 500;
  function send() {
    if (sending || !memo.queue.length) { return; }
    sending = true;
    var s = memo.queue[0];
    win.fetch(endpoint + 'statements?statementId=' + encodeURIComponent(s.id), {
      method: 'PUT', headers: headers(true), body: JSON.stringify(s)
    }).then(function (r) {
      // 409: the LRS has this id already, so it was sent before.
      if (!r.ok && r.status !== 409) { throw new Error(String(r.status)); }
      memo.queue.shift();
      save();
      delay = 500;
      sending = false;
      send();
    }).catch(function () {
      sending = false;
      delay = Math.min(delay * 2, 30000);
      setTimeout(send, delay);
    });
  }
  function queue(s) { memo.queue.push(s); save(); send(); }
  win.addEventListener('online', send);

  /* ---------- The session ---------- */
  var state = { sent: {}, data: {} };
  var began = Date.now();
  var ready = false;
  function putState() {
    state.data = local();
    return win.fetch(stateUrl(STATE_ID), { method: 'PUT', headers: headers(true), body: JSON.stringify(state) }).catch(function () { /* next answer tries again */ });
  }
  function report() {
    if (!ready || memo.ended) { return; }
    putState();
    if (launch.launchMode && launch.launchMode !== 'Normal') { return; }
    var c = win.fokusCompletion ? win.fokusCompletion(rule, toc, get) : null;
    if (!c || !c.complete) { return; }
    var since = duration(Date.now() - began);
    if (!state.sent.completed) {
      state.sent.completed = 1;
      queue(statement('completed', { completion: true, duration: since }, true));
    }
    var mastery = launch.masteryScore != null ? launch.masteryScore * 100 : c.pass;
    if (mastery == null || state.sent.passed) { return; }
    var scaled = c.pct == null ? 1 : Math.round(c.pct * 10) / 1000;
    var ok = c.pct == null || c.pct >= mastery;
    // passed once per registration; failed once per session (a learner who retries may still pass).
    if (!ok && memo.failed) { return; }
    if (ok) { state.sent.passed = 1; } else { memo.failed = 1; save(); }
    queue(statement(ok ? 'passed' : 'failed', { success: ok, score: { scaled: scaled }, duration: since }, true));
    putState();
  }
  function terminate() {
    if (!ready || memo.ended) { return; }
    memo.ended = true;
    memo.queue.push(statement('terminated', { duration: duration(Date.now() - began) }));
    save();
    state.data = local();
    // The page is going away: hand every waiting statement to the browser in order, in one request.
    var waiting = memo.queue.slice(sending ? 1 : 0);
    if (waiting.length) {
      win.fetch(endpoint + 'statements', { method: 'POST', headers: headers(true), body: JSON.stringify(waiting), keepalive: true }).catch(function () { /* the session is over; nothing more can be done */ });
    }
    win.fetch(stateUrl(STATE_ID), { method: 'PUT', headers: headers(true), body: JSON.stringify(state), keepalive: true }).catch(function () { /* best effort */ });
  }

  function json(r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); }
  var token = memo.token
    ? Promise.resolve(memo.token)
    : win.fetch(params.fetch, { method: 'POST' }).then(json).then(function (t) {
      if (!t['auth-token']) { throw new Error('no token'); }
      memo.token = t['auth-token'];
      save();
      return memo.token;
    });
  token.then(function () {
    return Promise.all([
      win.fetch(stateUrl('LMS.LaunchData'), { headers: headers() }).then(json),
      // The list of state ids first, so a first visit asks for no document that is not there.
      win.fetch(stateUrl(''), { headers: headers() }).then(json).then(function (ids) {
        return [].concat(ids).indexOf(STATE_ID) < 0 ? null : win.fetch(stateUrl(STATE_ID), { headers: headers() }).then(json);
      }).catch(function () { return null; })
    ]);
  }).then(function (got) {
    launch = got[0] || {};
    var ext = (launch.contextTemplate && launch.contextTemplate.extensions) || {};
    memo.session = memo.session || ext[SESSION] || uuid();
    if (got[1] && got[1].sent) { state = got[1]; state.data = state.data || {}; }
    if (!memo.started) {
      // A new session: this browser takes the answers the LMS kept.
      restoreLocal(state.data);
      memo.started = true;
      queue(statement('initialized'));
    } else {
      send();
    }
    save();
    ready = !memo.ended;
    frame.src = start;
  }).catch(function () {
    // No token or no launch data: the course works, nothing is reported.
    frame.src = start;
  });

  var timer = null;
  win.addEventListener('storage', function (e) {
    if (e.key && e.key.indexOf(prefix) !== 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(report, 30);
  });
  frame.addEventListener('load', function () {
    var d = null;
    try { d = frame.contentDocument; } catch (e) { /* not the course's page */ }
    if (d && d.title) { doc.title = d.title; }
    report();
  });
  win.addEventListener('pagehide', terminate);
})();
