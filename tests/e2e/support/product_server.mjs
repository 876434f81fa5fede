// The real consent-log server (jl-consent-server, built by scripts/test) serving the built site,
// the dashboard and the API on a fresh SQLite database, with one dashboard account; it knows the
// demo page's widget configuration, so it refuses events that page could not have sent.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BINARY = process.env.JL_SERVER_BIN || join(ROOT, 'target/debug/jl-consent-server');
export const ACCOUNT = { username: 'marketing', password: 'e2e-Kazakhstan-2026-consent' };

/**
 * Starts the server; resolves once it listens. `close()` stops it (SIGTERM) and removes the
 * database. `allowOrigins`: sites on other origins whose widgets may log here; `knownPage`: false
 * to accept events from any widget configuration (not only the demo page's); `binary`,
 * `dashboardDir` and `account` replace the debug build, the built dashboard and the tests'
 * account; `prepare(env)` runs first, on the same fresh database (a benchmark's seed, say).
 */
export async function startProductServer({
  allowOrigins = [], knownPage = true, binary = BINARY, dashboardDir = join(ROOT, 'dashboard/dist'),
  account = ACCOUNT, prepare = () => {},
} = {}) {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: build it first (cargo build -p jl-consent-server; scripts/test does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'jl-server-'));
  const database = `sqlite:${join(dir, 'consent.db')}`;
  const env = { ...process.env, JL_DATABASE_URL: database };
  prepare(env);
  execFileSync(binary, ['user', 'add', account.username, '--password-stdin'], {
    input: `${account.password}\n`, cwd: ROOT, env, stdio: ['pipe', 'ignore', 'inherit'],
  });
  const child = spawn(binary, [
    'serve', '--listen', '127.0.0.1:0',
    '--site-dir', join(ROOT, 'dist'), '--dashboard-dir', dashboardDir,
    // As scripts/start: only events the demo page's configuration can send are accepted.
    ...(knownPage ? ['--widget-config', join(ROOT, 'dist/index.html')] : []),
    ...allowOrigins.flatMap((origin) => ['--allow-origin', origin]),
  ], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${output}`)), 60000);
  });
  return {
    url,
    database,
    async close() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in API client for the dashboard's endpoints, in its own browser context. */
export async function dashboardApi(browser, server) {
  const context = await browser.newContext();
  const login = await context.request.post(`${server.url}/api/v1/session`, {
    data: ACCOUNT, headers: { Origin: server.url },
  });
  if (login.status() !== 204) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
  return {
    get: async (path) => {
      const response = await context.request.get(`${server.url}${path}`);
      return { status: response.status(), json: response.ok() ? await response.json() : null };
    },
    close: () => context.close(),
  };
}
