// A virtual X display for browsers that have no headless mode (WebKitGTK's MiniBrowser).
import { spawn } from 'node:child_process';

const XVFB = process.env.XVFB_PATH || '/usr/bin/Xvfb';

/**
 * Starts Xvfb on a free display (Xvfb picks it and writes its number to `-displayfd`, so two
 * runs at once never race for one) and resolves with `{ display, close }` once it accepts clients.
 */
export function startXvfb({ width = 1920, height = 1200, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(XVFB, [
      '-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset',
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let errors = '';
    let number = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Xvfb named no display in ${timeoutMs} ms: ${errors}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk) => { errors += chunk; });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${XVFB} (scripts/setup installs xvfb): ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${errors}`));
    });
    child.stdio[3].on('data', (chunk) => {
      number += chunk;
      if (!number.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        display: `:${number.trim()}`,
        close: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
