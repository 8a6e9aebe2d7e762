/* fokus offline worker: keeps one build of the course in the browser's cache.
   Generated per build: a new build has a new version, so browsers install it
   as a new worker, which fills a new cache and removes the old one. Pages are
   answered from this build's cache only, so two builds never mix. */
'use strict';
const COURSE = {{ key_json | safe }};
const VERSION = {{ version_json | safe }};
const FILES = {{ files_json | safe }};
const AUTO = {{ auto }};
const KNOWN = new Set(FILES);
const PREFIX = 'fokus-' + COURSE + '-';
const CACHE = PREFIX + VERSION;
const BASE = new URL('./', self.location).href;

function urlOf(path) { return new URL(path, BASE).href; }

async function saveAll(report) {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => r.url));
  const todo = FILES.filter((f) => !have.has(urlOf(f)));
  let done = FILES.length - todo.length;
  const batch = 8;
  for (let i = 0; i < todo.length; i += batch) {
    await Promise.all(todo.slice(i, i + batch).map(async (f) => {
      const res = await fetch(urlOf(f), { cache: 'no-store' });
      if (res.ok) { await cache.put(urlOf(f), res); }
    }));
    done = Math.min(FILES.length, done + batch);
    if (report) { report(done, FILES.length); }
  }
}

self.addEventListener('install', (event) => {
  // A small course is kept whole at once; a large one only its shell until the learner asks.
  const shell = FILES.filter((f) => f.startsWith('assets/') || f === 'index.html' || f === '404.html');
  event.waitUntil((AUTO ? saveAll() : caches.open(CACHE).then((c) => c.addAll(shell.map(urlOf))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  const source = event.source;
  if (msg.type === 'status') {
    caches.open(CACHE).then((c) => c.keys()).then((keys) => {
      source.postMessage({ type: 'status', saved: keys.length >= FILES.length, auto: !!AUTO });
    });
  } else if (msg.type === 'save-all') {
    saveAll((done, total) => source.postMessage({ type: 'progress', done, total }))
      .then(() => source.postMessage({ type: 'status', saved: true, auto: !!AUTO }))
      .catch(() => source.postMessage({ type: 'failed' }));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(BASE)) { return; }
  let url = req.url.split('#')[0].split('?')[0];
  if (url.endsWith('/')) { url += 'index.html'; }
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(url);
    if (hit) { return hit; }
    try {
      const res = await fetch(req);
      // Pages of a large course are kept as they are read.
      if (res.ok && KNOWN.has(url.slice(BASE.length))) { cache.put(url, res.clone()); }
      return res;
    } catch (e) {
      const missing = await cache.match(urlOf('404.html'));
      return missing || Response.error();
    }
  }));
});
