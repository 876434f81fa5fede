// Makes the npm package from the built site (dist/) and this folder, with `npm pack`:
//
//   target/package/jl-consent-X.Y.Z.tgz            the package
//   target/package/jl-consent-X.Y.Z.snippet.html   the snippet for its CDN path, with its SRI hash
//
// The same commit gives the same tarball bytes: npm pack stamps every entry with one fixed time
// (1985-10-26, so SOURCE_DATE_EPOCH is not needed), orders the entries itself and leaves out
// owners; here every file's mode is fixed too, so a checkout's umask changes nothing. scripts/pack runs this after rebuilding a stale dist/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, productVersion } from '../release/version.mjs';

export const NAME = 'jl-consent';
const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Where scripts/pack writes the tarball, and the tests find it. */
export const OUT = join(ROOT, 'target', 'package');

/** The tarball scripts/pack made for the product version. */
export const tarballPath = (version = productVersion()) => join(OUT, `${NAME}-${version}.tgz`);

/**
 * What a page needs from the built site: the snippet (stage 1), what it loads (stage 2, the
 * placeholders' chunk, the wasm-bindgen glue and the wasm, the catalogue's texts in each
 * language), and what a developer reads (the types, the configuration's JSON Schema).
 */
export function widgetFiles(dist = join(ROOT, 'dist')) {
  const texts = existsSync(dist) ? readdirSync(dist).filter((file) => /^catalogue-texts\.[a-z]+\.json$/.test(file)).sort() : [];
  return ['consent.js', 'consent-ui.js', 'consent-placeholders.js', 'jl-consent.js', 'jl-consent_bg.wasm', ...texts, 'consent.d.ts', 'jl-consent.schema.json'];
}

/** The Subresource Integrity value of a file's bytes (SHA-384, as browsers check it). */
export const integrityOf = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Where a CDN that mirrors npm serves the package's files, for the snippet and the README. */
export const cdnPath = (version) => `https://YOUR-CDN/npm/${NAME}@${version}/dist/`;

/** The snippet for a page, `consent.js` pinned by its hash (the CDN must send CORS headers for it). */
export const snippet = (base, integrity) => [
  '<script type="application/json" id="jl-consent-config">{}</script>',
  `<script src="${base}consent.js" integrity="${integrity}" crossorigin="anonymous"></script>`,
].join('\n');

function stagePackage(stage, version) {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'dist'), { recursive: true });
  mkdirSync(join(stage, 'bin'));
  const dist = join(ROOT, 'dist');
  const missing = widgetFiles(dist).filter((file) => !existsSync(join(dist, file)));
  if (missing.length) throw new Error(`dist/ lacks ${missing.join(', ')}: run scripts/build first`);
  for (const file of widgetFiles(dist)) cpSync(join(dist, file), join(stage, 'dist', file));
  for (const file of ['index.mjs', 'index.d.ts', 'react.mjs', 'react.d.ts', 'bin/jl-consent.mjs']) cpSync(join(HERE, file), join(stage, file));
  cpSync(join(ROOT, 'CHANGELOG.md'), join(stage, 'CHANGELOG.md'));

  const integrity = integrityOf(readFileSync(join(stage, 'dist', 'consent.js')));
  const readme = readFileSync(join(HERE, 'README.md'), 'utf8')
    .replaceAll('{{version}}', version).replaceAll('{{integrity}}', integrity);
  writeFileSync(join(stage, 'README.md'), readme);
  const manifest = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8'));
  const { name, ...rest } = manifest;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ name, version, ...rest }, null, 2)}\n`);

  // Modes fixed, whatever the checkout's umask left (npm pack keeps them; it fixes the times).
  const fix = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, 0o755);
        fix(path);
      } else {
        chmodSync(path, entry.name === 'jl-consent.mjs' && dir.endsWith('bin') ? 0o755 : 0o644);
      }
    }
  };
  fix(stage);
  return integrity;
}

/**
 * Packs the package into `out`; returns the tarball's path, its npm integrity, its size, its
 * number of files and the snippet's SRI value.
 */
export function pack({ out = OUT } = {}) {
  const version = productVersion();
  const stage = join(out, 'stage', NAME);
  const integrity = stagePackage(stage, version);
  const [result] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
    cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_loglevel: 'error' },
  }));
  const tarball = join(out, result.filename);
  writeFileSync(join(out, `${NAME}-${version}.snippet.html`), `${snippet(cdnPath(version), integrity)}\n`);
  return { version, tarball, npmIntegrity: result.integrity, size: result.size, files: result.entryCount, integrity };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const packed = pack();
    console.log(`[pack] ${packed.tarball.slice(ROOT.length)} (${NAME} ${packed.version}, ${packed.files} files, ${(packed.size / 1024).toFixed(1)} KB)`);
    console.log(`[pack] npm integrity: ${packed.npmIntegrity}`);
    console.log(`[pack] the snippet for a CDN that serves npm packages (YOUR-CDN: its host; SRI pins consent.js):\n`);
    console.log(snippet(cdnPath(packed.version), packed.integrity));
  } catch (error) {
    console.error(`[pack] ${error.message}`);
    process.exit(1);
  }
}
