#!/usr/bin/env node
// Internal link checker for a built site, independent of fokus's own link
// checking: every href/src/srcset/poster in every HTML page must name a file
// inside the site, and every #anchor an id (or <a name>) in the target page.
//
//   node check-links.mjs DIR [DIR…]     exit 1 and one line per broken link
//
// Links with a scheme (https:, mailto:, data:) are external and not followed.
// A root-absolute link (/x) is reported: it breaks under a sub-path and from
// file://. So is a link to a folder (file:// shows a listing, not the page)
// and an empty "#" (what a link looks like when it could not be resolved).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') { return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)); }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const URL_ATTRS = {
  href: () => true,
  src: () => true,
  poster: (tag) => tag === 'video',
  srcset: (tag) => tag === 'img' || tag === 'source',
  'xlink:href': () => true,
  data: (tag) => tag === 'object',
  action: (tag) => tag === 'form',
};

/** Tags with their attributes, skipping comments and the bodies of script/style/template. */
export function parseTags(html) {
  const clean = html
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(<(script|style)\b[^>]*>)([\s\S]*?)(<\/\2\s*>)/gi, (m, open, _t, body, close) => open + body.replace(/[^\n]/g, ' ') + close);
  const tags = [];
  const tagRe = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attrRe = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  while ((m = tagRe.exec(clean))) {
    const attrs = {};
    let a;
    attrRe.lastIndex = 0;
    while ((a = attrRe.exec(m[2]))) {
      attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    }
    const line = clean.slice(0, m.index).split('\n').length;
    tags.push({ tag: m[1].toLowerCase(), attrs, line });
  }
  return tags;
}

function htmlFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) { out.push(...htmlFiles(dir, r)); } else if (/\.html?$/i.test(e.name)) { out.push(r); }
  }
  return out.sort();
}

/** Check one built site; returns { pages, links, problems: [line…] }. */
export function checkLinks(root) {
  root = path.resolve(root);
  const pages = htmlFiles(root);
  const parsed = new Map();
  const idsOf = (rel) => {
    if (!parsed.has(rel)) {
      const file = path.join(root, rel);
      const tags = parseTags(fs.readFileSync(file, 'utf8'));
      const ids = new Map();
      for (const t of tags) {
        for (const id of [t.attrs.id, t.tag === 'a' ? t.attrs.name : undefined]) {
          if (id !== undefined && id !== '') { ids.set(id, (ids.get(id) || 0) + 1); }
        }
      }
      parsed.set(rel, { tags, ids });
    }
    return parsed.get(rel);
  };
  const problems = [];
  let links = 0;
  for (const rel of pages) {
    const { tags, ids } = idsOf(rel);
    for (const [id, n] of ids) {
      if (n > 1) { problems.push(`${rel}: the id "${id}" is used ${n} times, so links to #${id} are ambiguous`); }
    }
    for (const t of tags) {
      for (const [attr, applies] of Object.entries(URL_ATTRS)) {
        const value = t.attrs[attr];
        if (value === undefined || !applies(t.tag)) { continue; }
        if (t.tag === 'link' && attr === 'href' && /\b(preconnect|dns-prefetch)\b/.test(t.attrs.rel || '')) { continue; }
        const urls = attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [value.trim()];
        for (const url of urls) {
          links++;
          const where = `${rel}:${t.line}: <${t.tag} ${attr}="${url}">`;
          const problem = checkOne(root, rel, url, idsOf);
          if (problem) { problems.push(`${where}: ${problem}`); }
        }
      }
    }
  }
  // The navigation is built by script from assets/toc.js: its page addresses are links too.
  const toc = path.join(root, 'assets', 'toc.js');
  if (fs.existsSync(toc)) {
    const text = fs.readFileSync(toc, 'utf8');
    const m = text.match(/^window\.fokusToc=(.*);\s*$/s);
    if (!m) {
      problems.push('assets/toc.js: not in the form window.fokusToc={…};');
    } else {
      let data = null;
      try { data = JSON.parse(m[1]); } catch (e) { problems.push(`assets/toc.js: not valid JSON: ${e.message}`); }
      const urls = [];
      (function walk(v) {
        if (Array.isArray(v)) { v.forEach(walk); } else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) { if (k === 'u' || k === 'home') { urls.push(x); } else { walk(x); } }
        }
      })(data);
      for (const u of urls) {
        links++;
        const problem = typeof u === 'string' ? checkOne(root, 'index.html', u, idsOf) : 'not a string';
        if (problem) { problems.push(`assets/toc.js: navigation link "${u}": ${problem}`); }
      }
    }
  }
  return { pages: pages.length, links, problems };
}

function checkOne(root, from, url, idsOf) {
  if (url === '') { return 'empty link'; }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return /^javascript:/i.test(url) ? 'a javascript: link' : null; // external: not followed
  }
  if (url.startsWith('//')) { return null; } // another host, protocol-relative
  if (url.startsWith('/')) { return 'root-absolute link: breaks when the site is served under a sub-path or opened from file://'; }
  const hash = url.indexOf('#');
  const frag = hash >= 0 ? url.slice(hash + 1) : null;
  let p = (hash >= 0 ? url.slice(0, hash) : url).split('?')[0];
  if (frag === '' && p === '') { return 'an empty "#" link (an unresolved link?)'; }
  try { p = decodeURIComponent(p); } catch { return 'malformed percent-encoding'; }
  let target = from;
  if (p !== '') {
    const abs = path.resolve(root, path.posix.dirname(from), p);
    if (abs !== root && !abs.startsWith(root + path.sep)) { return 'points outside the site'; }
    if (!fs.existsSync(abs)) { return `no such file: ${path.relative(root, abs).split(path.sep).join('/')}`; }
    if (fs.statSync(abs).isDirectory()) { return 'links to a folder, not a page (from file:// that shows a listing)'; }
    target = path.relative(root, abs).split(path.sep).join('/');
  }
  if (frag !== null && frag !== '' && /\.html?$/i.test(target)) {
    let id;
    try { id = decodeURIComponent(frag); } catch { return 'malformed percent-encoding in the anchor'; }
    if (!idsOf(target).ids.has(id)) { return `no element with id "${id}" in ${target}`; }
  }
  return null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2);
  if (!dirs.length) { console.error('usage: node check-links.mjs DIR [DIR…]'); process.exit(2); }
  let bad = 0;
  for (const d of dirs) {
    const r = checkLinks(d);
    for (const p of r.problems) { console.error(`${d}/${p}`); }
    bad += r.problems.length;
    console.log(`${d}: ${r.pages} pages, ${r.links} links, ${r.problems.length} broken`);
  }
  process.exit(bad ? 1 : 0);
}
