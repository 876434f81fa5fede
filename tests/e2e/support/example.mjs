// Serves the plain-HTML embedding example (examples/plain-html) the way a partner site would:
// its own files, the widget's dist/ under /widget/ (or on another origin), the response headers a
// test asks for (a strict CSP), and the snippet's widget address pointed at where dist/ is served.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from './site.mjs';
import { contentType, stopServer } from './static_server.mjs';

export const EXAMPLE = fileURLToPath(new URL('../../../examples/plain-html/', import.meta.url));
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const SNIPPET_ORIGIN = 'http://127.0.0.1:8080/';

async function readWithin(root, path) {
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) return null;
  if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
  return readFile(file).then((body) => ({ body, type: contentType(file) }), () => null);
}

/**
 * Starts a server on a free port. Options:
 * - `csp`: the Content-Security-Policy header for HTML pages;
 * - `widgetBase`: where the snippet loads the widget from (default: this server's /widget/);
 * - `editHtml(html)`: changes the example page before it is served (a config tweak, a nonce);
 * - `cors`: send Access-Control-Allow-Origin on the widget's files (for embedding across origins).
 * The example is also served under /leasing/ so cookies with a deeper path can be tested.
 */
export async function serveExample({ csp = null, widgetBase = null, editHtml = (html) => html, cors = false, host = '127.0.0.1' } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const fromWidget = path.startsWith('/widget/');
    const found = fromWidget
      ? await readWithin(DIST, path.slice('/widget'.length))
      : await readWithin(EXAMPLE, path.replace(/^\/leasing\//, '/'));
    if (!found) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'Content-Type': found.type, 'Cache-Control': 'no-store' };
    if (cors && fromWidget) headers['Access-Control-Allow-Origin'] = '*';
    let body = found.body;
    if (found.type.startsWith('text/html')) {
      if (csp) headers['Content-Security-Policy'] = csp;
      if (!fromWidget) {
        const base = widgetBase || '/widget/';
        body = editHtml(body.toString('utf8').replaceAll(SNIPPET_ORIGIN, base));
      }
    }
    response.writeHead(200, headers);
    response.end(body);
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address();
  return { url: `http://${host}:${port}`, port, close: () => stopServer(server) };
}

/** Replaces the example's configuration object with `change(config)`. */
export function withConfig(change) {
  return (html) => html.replace(
    /(<script type="application\/json" id="jl-consent-config">)([\s\S]*?)(<\/script>)/,
    (_, open, json, close) => `${open}${JSON.stringify(change(JSON.parse(json)))}${close}`,
  );
}
