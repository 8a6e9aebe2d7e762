// Helpers for the LMS package suites: make a package with the release binary,
// unpack it (Python's zipfile, which CI has anyway), and serve it beside a
// test LMS on 127.0.0.1.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, tmpDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BROWSER_DIR = path.resolve(here, '..');

/** `fokus package KIND` of the course at `root`; returns { zip, dir } (the zip and where it is unpacked). */
export function makePackage(kind, root, extra = []) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`cargo build --release\` first (or tests/browser/run.sh)`);
  }
  const work = tmpDir(`pkg-${kind}`);
  const zip = path.join(work, `${kind}.zip`);
  try {
    execFileSync(BIN, ['--no-color', '--root', root, 'package', kind, '--out', zip, ...extra], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`fokus package ${kind} of ${root} failed:\n${e.stderr || e.message}`);
  }
  const dir = path.join(work, 'unpacked');
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return { zip, dir, work };
}

/** A copy of the course at `root` with `append` added to its course.yaml. */
export function courseWith(root, append) {
  const dir = path.join(tmpDir('course'), 'course');
  fs.cpSync(root, dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'course.yaml'), append);
  return dir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.xsd': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

export function sendFile(res, file) {
  try {
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

/** Serve `dir` under `mount` ("/pkg/"): a path inside it, or undefined. */
export function fileUnder(dir, mount, pathname) {
  if (!pathname.startsWith(mount)) { return undefined; }
  let rel;
  try { rel = decodeURIComponent(pathname.slice(mount.length)); } catch { return null; }
  const root = path.resolve(dir);
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  return file.startsWith(root + path.sep) ? file : null;
}

/** Start an HTTP server on 127.0.0.1 with `handler(req, res, url)`. */
export async function listen(handler) {
  const server = http.createServer((req, res) => handler(req, res, new URL(req.url, 'http://127.0.0.1')));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
