// What the package's tests share: the tarball scripts/pack made (never the work tree), a fresh
// project with it installed, and the tarball unpacked under a versioned path on a CDN-like server
// of its own origin, which records every request.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { NAME, OUT, tarballPath } from '../pack.mjs';
import { productVersion } from '../../release/version.mjs';

export const VERSION = productVersion();

/** The tarball under test; fails clearly when scripts/pack has not made it. */
export function tarball() {
  const path = tarballPath(VERSION);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/pack first (scripts/test does)`);
  return path;
}

/** The snippet scripts/pack printed for the CDN path, as it wrote it next to the tarball. */
export const printedSnippet = () => readFileSync(join(OUT, `${NAME}-${VERSION}.snippet.html`), 'utf8');

/** A free loopback port (for a server that must be told its port). */
export const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

/** A temporary folder, removed by the returned `remove()`. */
export function temporaryFolder(prefix) {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A new project in a temporary folder with the tarball installed by npm (it needs nothing else). */
export function freshProject() {
  const folder = temporaryFolder('jl-fresh-site-');
  writeFileSync(join(folder.path, 'package.json'), `${JSON.stringify({ name: 'fresh-site', private: true, type: 'module' }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball()], { cwd: folder.path, stdio: ['ignore', 'ignore', 'inherit'] });
  return folder;
}

/** Unpacks the tarball into `dir` (npm's `package/` prefix stripped). */
export function unpack(dir) {
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball(), '-C', dir, '--strip-components=1']);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` (or nothing but `pages`, when null) on a free loopback port and records each
 * request (`{path, status, origin}`). `headers(path)` adds response headers; `pages[path]`
 * answers a path with text (JavaScript for .js paths, else HTML).
 */
export async function recordingServer(root, { headers = () => ({}), pages = {} } = {}) {
  const requests = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const answer = (status, type, body) => {
      requests.push({ path, status, origin: request.headers.origin ?? null });
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers(path) });
      response.end(body);
    };
    if (typeof pages[path] === 'string') return answer(200, TYPES[path.endsWith('.js') ? '.js' : '.html'], pages[path]);
    const file = root && normalize(join(root, path));
    if (!file?.startsWith(root) || !existsSync(file) || path.endsWith('/')) return answer(404, 'text/plain', 'not found');
    return answer(200, TYPES[extname(file)] || 'application/octet-stream', readFileSync(file));
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}

/**
 * The tarball unpacked under /npm/jl-consent@X.Y.Z/ and served, as a CDN serves npm packages, on
 * an origin of its own (`cdn.jetfin.test`, which the tests' Chromium maps to this machine), with
 * `Access-Control-Allow-Origin: *` unless `cors` is false. `dist` is the address of its dist/.
 */
export async function serveTarballOnCdn({ cors = true } = {}) {
  const folder = temporaryFolder('jl-cdn-');
  unpack(join(folder.path, 'npm', `${NAME}@${VERSION}`));
  const server = await recordingServer(folder.path, { headers: () => (cors ? { 'Access-Control-Allow-Origin': '*' } : {}) });
  const origin = `http://cdn.jetfin.test:${server.port}`;
  return {
    ...server,
    origin,
    dist: `${origin}/npm/${NAME}@${VERSION}/dist/`,
    close: async () => {
      await server.close();
      folder.remove();
    },
  };
}

/** A site on its own origin (127.0.0.1) answering `pages[path]` (text; HTML or JavaScript by extension). */
export async function serveSite(pages) {
  const server = await recordingServer(null, { pages });
  return { ...server, pages, origin: `http://127.0.0.1:${server.port}` };
}
