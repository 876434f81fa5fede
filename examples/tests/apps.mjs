// The framework examples as a developer gets them running: each copied into a temporary folder,
// the packed tarball installed with npm (one install: the example's locked dependencies and
// jl-consent together), built with the example's own `npm run build`, then served the way it is
// deployed: the Vite app's dist/ by a static server, the Next.js app by `next start`.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { freePort, tarball, temporaryFolder } from '../../package/tests/support.mjs';

const EXAMPLES = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
// Next.js would otherwise report to its telemetry host.
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' };
// What a checkout of an example may hold besides its sources (installed, built, copied by `jl-consent copy`).
const LEFT_BEHIND = ['node_modules', 'dist', '.next', 'jl-consent'];

/** Copies `examples/NAME` into a temporary folder, installs the tarball there and builds it; resolves to the folder. */
export async function installAndBuild(name) {
  const folder = temporaryFolder(`jl-example-${name}-`);
  const example = join(EXAMPLES, name);
  cpSync(example, folder.path, {
    recursive: true,
    filter: (source) => !relative(example, source).split(sep).some((part) => LEFT_BEHIND.includes(part)),
  });
  const step = async (what, command, args) => {
    const started = Date.now();
    try {
      await run(command, args, { cwd: folder.path, env: ENV, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`${name}: ${what} failed:\n${error.stdout}\n${error.stderr}`);
    }
    console.log(`# ${name}: ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await step('npm install of the tarball', 'npm', ['install', tarball()]);
  await step('npm run build', 'npm', ['run', 'build']);
  return folder;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves a single-page app's built folder on a free port: its files, and index.html for any other path. */
export async function serveSinglePageApp(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || path.endsWith('/')) file = join(root, 'index.html');
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    response.end(readFileSync(file));
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }) };
}

/** Starts `next start` in a built Next.js app on a free port; `log()` is everything it printed. */
export async function startNext(folder) {
  const port = await freePort();
  const child = spawn(join(folder, 'node_modules', '.bin', 'next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: folder, env: ENV });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
    if (await fetch(url, { signal: AbortSignal.timeout(5000) }).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${log}`);
    await new Promise((tick) => setTimeout(tick, 200));
  }
  return {
    url,
    log: () => log,
    // SIGTERM lets Next.js finish; one that has not stopped 10 s later is killed.
    close: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => { clearTimeout(kill); done(); });
      child.kill('SIGTERM');
    }),
  };
}
