// One local server for every page, with the same realistic headers for every file: brotli or
// gzip as the browser accepts (brotli quality 11 / gzip level 9, compressed once on first use),
// Content-Length, ETag + If-None-Match, Vary: Accept-Encoding, and one cache policy:
//   pages (HTML)  Cache-Control: no-cache              (revalidated on every visit)
//   every other   Cache-Control: public, max-age=3600  (the widget's files and the peers' alike)
// It records every /pixel.js request (time, page) so the harness can cross-check the browser's view.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { DIST, FLOOR_BUILT, FLOOR_PREFIX, PEERS_MODULES } from './paths.mjs';
import { PEER_PACKAGES } from './peers.mjs';
import { renderPage } from './pages.mjs';
import { PIXEL_PATH } from './variants.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};
// The Yew banners' two files each as bench/yew-floor/measure leaves them (wasm-opt'd, glue
// minified), under the names their glue expects: the bare one's and the copy's of this widget's banner.
const FLOOR_FILES = {
  floor: { 'floor.js': 'floor.min.js', 'floor_bg.wasm': 'floor.wasm' },
  'floor-markup': { 'floor-markup.js': 'floor-markup.min.js', 'floor-markup_bg.wasm': 'floor-markup.wasm' },
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt', '.ts']);
export const PAGE_CACHE = 'no-cache';
export const ASSET_CACHE = 'public, max-age=3600';

/** raw, gzip (level 9) and brotli (quality 11) bodies of `bytes`. */
export function compress(bytes) {
  return {
    raw: bytes,
    gzip: gzipSync(bytes, { level: 9 }),
    br: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  };
}

// Compressed on first use (and kept): the harness's unmeasured warm-up visit pays for it.
function entry(bytes, type, cache, compressible = true) {
  let bodies = null;
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
  return {
    type, cache, etag, compressible,
    get bodies() {
      bodies ??= compressible ? compress(bytes) : { raw: bytes, gzip: bytes, br: bytes };
      return bodies;
    },
    get sizes() {
      const b = this.bodies;
      return { raw: b.raw.length, gzip: b.gzip.length, br: b.br.length };
    },
  };
}

function filesUnder(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      out.push(...filesUnder(full, `${prefix}${name}/`));
    } else if (TYPES[extname(name)]) {
      out.push(`${prefix}${name}`);
    }
  }
  return out;
}

// Only what a page may load: a peer's browser files, not its sources or tooling.
const PEER_SERVED = {
  'vanilla-cookieconsent': (path) => path.startsWith('dist/'),
  klaro: (path) => path.startsWith('dist/'),
  cookieconsent: (path) => path.startsWith('build/'),
  tarteaucitronjs: (path) => !path.includes('/') || path.startsWith('css/') || path.startsWith('lang/'),
};

/**
 * Starts the server on a free loopback port with every file compressed up front.
 * Returns { url, close, files: Map(path → entry), pixelHits, embeds: Map(variantId → sizes),
 * replacePage(variant) } (the last serves a variant whose embed changed after the start).
 */
export async function startServer(variants) {
  if (existsSync(join(DIST, '.stage'))) throw new Error('dist/ is being built right now (dist/.stage exists): run the benchmark after the build');
  const files = new Map();
  const embedSizes = new Map();
  /** Serves `variant`'s page as its embed is now, and counts that embed's bytes. */
  const placePage = (variant) => {
    const { html, embed } = renderPage(variant);
    files.set(`/${variant.id}/`, entry(Buffer.from(html), TYPES['.html'], PAGE_CACHE));
    const b = compress(Buffer.from(embed));
    embedSizes.set(variant.id, { raw: b.raw.length, gzip: b.gzip.length, br: b.br.length });
  };
  variants.forEach(placePage);
  for (const name of readdirSync(DIST)) {
    const full = join(DIST, name);
    if (!statSync(full).isFile() || !TYPES[extname(name)] || name === 'index.html') continue;
    files.set(`/${name}`, entry(readFileSync(full), TYPES[extname(name)], ASSET_CACHE, COMPRESSIBLE.has(extname(name))));
  }
  if (!files.has(PIXEL_PATH)) throw new Error(`dist${PIXEL_PATH} is missing (scripts/build copies demo/pixel.js there)`);
  for (const name of Object.keys(PEER_PACKAGES)) {
    const root = join(PEERS_MODULES, name);
    for (const path of filesUnder(root).filter(PEER_SERVED[name])) {
      files.set(`/peers/${name}/${path}`, entry(readFileSync(join(root, path)), TYPES[extname(path)], ASSET_CACHE, COMPRESSIBLE.has(extname(path))));
    }
  }
  for (const [base, builtFiles] of Object.entries(FLOOR_FILES)) {
    if (!variants.some((v) => v.base === base)) continue;
    for (const [name, built] of Object.entries(builtFiles)) {
      const full = join(FLOOR_BUILT, built);
      if (!existsSync(full)) throw new Error(`bench/yew-floor/target/measured/${built} is missing: run bench/yew-floor/measure`);
      files.set(`${FLOOR_PREFIX}${name}`, entry(readFileSync(full), TYPES[extname(name)], ASSET_CACHE));
    }
  }

  const pixelHits = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://bench');
    let path = normalize(decodeURIComponent(url.pathname));
    if (path === '/') {
      const links = variants.map((v) => `<li><a href="/${v.id}/">${v.name} ${v.version}</a></li>`).join('');
      response.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
      response.end(`<!doctype html><meta charset=utf-8><title>consent banner benchmark</title><ul>${links}</ul>`);
      return;
    }
    if (!path.endsWith('/') && files.has(`${path}/`)) path = `${path}/`;
    const found = files.get(path);
    if (!found) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('not found');
      return;
    }
    if (path === PIXEL_PATH) pixelHits.push({ at: performance.now(), wall: Date.now(), referer: request.headers.referer || null });
    const headers = {
      'Content-Type': found.type,
      'Cache-Control': found.cache,
      ETag: found.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (request.headers['if-none-match'] === found.etag) {
      response.writeHead(304, headers).end();
      return;
    }
    const accepted = String(request.headers['accept-encoding'] || '').split(',').map((s) => s.trim().split(';')[0]);
    let body = found.bodies.raw;
    if (found.compressible) {
      if (accepted.includes('br')) {
        body = found.bodies.br;
        headers['Content-Encoding'] = 'br';
      } else if (accepted.includes('gzip')) {
        body = found.bodies.gzip;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    headers['Content-Length'] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 60000;
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    embeds: embedSizes,
    pixelHits,
    replacePage: placePage,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}
