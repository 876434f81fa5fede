// What scripts/release wrote (release/out/X.Y.Z/), as an operator gets it: the checksums hold, the
// notes are the changelog's section, the npm tarball is the package of this version, and each
// static binary runs with no build tool, no shared library and no PATH — in a chroot holding
// nothing but its unpacked archive (the server: an account added, events stored, a login, a
// receipt read back over HTTP) and, for the audit, which drives a browser, with an empty
// environment against the demo site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, changelogSection, productVersion } from '../version.mjs';
import { freePort, temporaryFolder } from '../../package/tests/support.mjs';

const VERSION = productVersion();
const OUT = join(ROOT, 'release', 'out', VERSION);
const ARCHIVES = {
  'jl-consent-server': `jl-consent-server-${VERSION}-x86_64-linux-musl`,
  'jl-consent-audit': `jl-consent-audit-${VERSION}-x86_64-linux-musl`,
};

let root;
before(() => {
  if (!existsSync(join(OUT, 'SHA256SUMS'))) throw new Error(`${OUT} is incomplete: run scripts/release first (scripts/test does)`);
  root = temporaryFolder('jl-release-chroot-');
});
after(() => root?.remove());

/** Unpacks an archive into an otherwise empty folder; the binary's path inside it. */
function unpackAlone(binary) {
  const dir = join(root.path, binary);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  execFileSync('tar', ['-xzf', join(OUT, `${ARCHIVES[binary]}.tar.gz`), '-C', dir]);
  return { dir, inside: `/${ARCHIVES[binary]}/${binary}` };
}

// Found on this machine's PATH here: the commands below run with an empty environment.
const which = (tool) => execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();

/** A command that runs `args` inside a chroot at `dir` (as root, or else in a user namespace). */
const chrooted = (dir, args) => (process.getuid() === 0
  ? [which('chroot'), [dir, ...args]]
  : [which('unshare'), ['--map-root-user', '--root', dir, ...args]]);
const runChrooted = (dir, args, input) => {
  const [command, argv] = chrooted(dir, args);
  return execFileSync(command, argv, { env: {}, input, encoding: 'utf8' });
};

test('the release folder: every file, checksums that hold, the notes, the npm tarball of this version', () => {
  assert.deepEqual(readdirSync(OUT).sort(), [
    'RELEASE-NOTES.md', 'SHA256SUMS', `jl-consent-${VERSION}.tgz`, `${ARCHIVES['jl-consent-audit']}.tar.gz`, `${ARCHIVES['jl-consent-server']}.tar.gz`,
  ]);
  execFileSync('sha256sum', ['--check', '--strict', '--quiet', 'SHA256SUMS'], { cwd: OUT });
  assert.equal(readFileSync(join(OUT, 'SHA256SUMS'), 'utf8').trim().split('\n').length, 4);
  assert.equal(readFileSync(join(OUT, 'RELEASE-NOTES.md'), 'utf8'), changelogSection(VERSION));
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', join(OUT, `jl-consent-${VERSION}.tgz`), 'package/package.json'], { encoding: 'utf8' }));
  assert.equal(manifest.version, VERSION);
  for (const [binary, name] of Object.entries(ARCHIVES)) {
    const listing = execFileSync('tar', ['-tvzf', join(OUT, `${name}.tar.gz`)], { encoding: 'utf8' });
    assert.match(listing, new RegExp(`^-rwxr-xr-x 0/0 .* ${name}/${binary}$`, 'm'), 'an executable, owned by no one in particular');
    assert.match(listing, new RegExp(` ${name}/README\\.md$`, 'm'));
    assert.match(listing, new RegExp(` ${name}/CHANGELOG\\.md$`, 'm'));
  }
});

test('the server runs in a chroot that holds nothing but its archive: --version, an account, events stored, a login, a receipt read back', async () => {
  const { dir, inside } = unpackAlone('jl-consent-server');
  assert.equal(runChrooted(dir, [inside, '--version']).trim(), `jl-consent-server ${VERSION}`);
  const database = ['--database-url', 'sqlite:/tmp/consent.db'];
  const password = 'kettle-orbit-mosaic-7-lantern';
  runChrooted(dir, [inside, ...database, 'user', 'add', 'release-check', '--password-stdin'], `${password}\n`);

  const port = await freePort();
  const [command, argv] = chrooted(dir, [inside, ...database, 'serve', '--listen', `127.0.0.1:${port}`, '--site-dir', '/none', '--dashboard-dir', '/none']);
  const server = spawn(command, argv, { env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (chunk) => { log += chunk; });
  server.stderr.on('data', (chunk) => { log += chunk; });
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20000;
    while (!(await fetch(`${url}/api/v1/session`).then(() => true, () => false))) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
      await new Promise((tick) => setTimeout(tick, 100));
    }
    const configHash = 'a'.repeat(64);
    const decision = {
      type: 'decision', eventId: '040G2081040G2081', revision: 3, configHash, language: 'kk', device: 'mobile', variant: null,
      consentId: '081040G2081040G2', choices: { analytics: true, advertising: false }, action: 'custom', first: true, decidedAt: 1764100000,
    };
    const impression = { type: 'impression', eventId: '0C1G60R30C1G60R3', revision: 3, configHash, language: 'kk', device: 'mobile', variant: null };
    const stored = await fetch(`${url}/api/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [impression, decision] }),
    });
    assert.equal(stored.status, 202, await stored.clone().text());
    assert.deepEqual(await stored.json(), { stored: 2, duplicates: 0 });

    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'release-check', password }),
    });
    assert.equal(login.status, 204, await login.clone().text());
    const session = login.headers.get('set-cookie').split(';')[0];
    const receipt = await fetch(`${url}/api/v1/receipts/${decision.consentId}`, { headers: { cookie: session } });
    assert.equal(receipt.status, 200);
    assert.match(await receipt.text(), /"analytics":true/);
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => (server.exitCode !== null ? done() : server.once('exit', done)));
  }
  assert.equal(server.exitCode, 0, `a clean stop on SIGTERM:\n${log}`);
});

test('the audit runs in a chroot (--version) and, with an empty environment, audits the demo site with the system browser', async () => {
  const { dir, inside } = unpackAlone('jl-consent-audit');
  assert.equal(runChrooted(dir, [inside, '--version']).trim(), `jl-consent-audit ${VERSION}`);
  // No browser in the chroot: a usage error (2) that says so, not a crash.
  const [command, argv] = chrooted(dir, [inside, 'http://127.0.0.1:9/', '--chromium', '/no/chromium']);
  assert.throws(() => execFileSync(command, argv, { env: {}, stdio: 'pipe' }), (error) => error.status === 2);

  const site = await serveDemoSite();
  try {
    // Asynchronously: this process serves the site meanwhile. Exit status 0: no leak.
    const { stdout } = await promisify(execFile)(join(dir, inside), [`${site.url}/`, '--chromium', '/usr/bin/chromium', '--format', 'json'], {
      env: {}, encoding: 'utf8', timeout: 120000, maxBuffer: 16 * 1024 * 1024,
    });
    const pages = JSON.parse(stdout);
    assert.ok(JSON.stringify(pages).includes('jl_consent'), 'it saw the widget set its cookie');
  } finally {
    await site.close();
  }
});

/** The built demo site (dist/), served on a free port. */
async function serveDemoSite() {
  const dist = join(ROOT, 'dist');
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dist) || !existsSync(file)) return response.writeHead(404).end();
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' }[file.slice(file.lastIndexOf('.'))];
    response.writeHead(200, { 'Content-Type': type || 'application/octet-stream' });
    return response.end(readFileSync(file));
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}
