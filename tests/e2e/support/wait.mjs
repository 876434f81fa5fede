// The one way the end-to-end tests wait: poll until something holds, or wait for one promise, each
// with a deadline that fails naming what was awaited. No wait in these tests is unbounded, so a
// test that cannot pass fails instead of holding up the run.

/** The default deadline: generous, since a busy two-core machine may be slow, but never endless. */
export const PATIENCE_MS = 20000;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Polls `check()` (sync or async) every `intervalMs` until it returns a truthy value, and resolves
 * with that value. A check that throws counts as "not yet" (a page that is navigating, say); its
 * last error becomes the failure's cause; a check that never answers counts against the deadline
 * too. After `timeoutMs` it fails with `what` and the last picture `describe()` gives of what was seen.
 */
export async function waitFor(check, { what, timeoutMs = PATIENCE_MS, intervalMs = 25, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await withDeadline(Promise.resolve().then(check), `${what} (one check)`, Math.max(deadline - Date.now(), 1));
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = await withDeadline(Promise.resolve().then(describe), 'a description', 1000)
        .catch((error) => `(could not describe: ${error.message})`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`, { cause: lastError });
    }
    await sleep(intervalMs);
  }
}

/** Resolves or rejects as `promise` does, or fails after `timeoutMs` naming `what`. */
export function withDeadline(promise, what, timeoutMs = PATIENCE_MS) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
