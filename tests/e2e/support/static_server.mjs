// A static file server for the built site, with per-test response headers (e.g. a strict CSP).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/**
 * Stops `server`: no new connections, and the open ones (a browser's idle keep-alive connections)
 * closed at once. Without that, a test that failed before closing its browser context would hold
 * `close()` open, and its file, for ever.
 */
export function stopServer(server) {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** The Content-Type the test servers send for `file`, by its extension. */
export const contentType = (file) => TYPES[extname(file)] || 'application/octet-stream';

/**
 * Serves `root` on a free loopback port. `headers(path)` may add headers per request;
 * `intercept(path, response, request)` may answer a request itself (return true when it did).
 */
export async function serveDirectory(root, { headers = () => ({}), intercept = () => false } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (intercept(path, response, request)) return;
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': contentType(file),
        'Cache-Control': 'no-store',
        ...headers(path),
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => stopServer(server) };
}
