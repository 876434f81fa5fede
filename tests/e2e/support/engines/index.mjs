// The three browser engines behind one small interface, so a flow is written once and runs in
// Chromium, Firefox and WebKit with literally the same steps.
//
// launchEngine(name) resolves with { name, newVisitor(options), close() }; options: `viewport`
// ({width, height}) and `proxy` ("host:port", an HTTP proxy for every request: how a test's server
// answers for made-up hosts). A visitor is one person with a fresh profile (cookies and storage of
// its own):
//   goto(url), reload()          navigate and resolve after the load event
//   evaluate(fn, arg)            run a self-contained function in the page, resolve with its result
//   click(selector)              a user's click; " >>> " in the selector steps into an open shadow root
//   cookies()                    [{name, value, path, sameSite, expires (seconds)}]
//   setViewport({width, height}) resolve with the viewport actually got (a driver may not shrink to it)
//   screenshot(path)             a PNG of the viewport
//   console, pageErrors          lines recorded so far, or null where the engine's driver cannot read them
//   close()

import { before, after } from 'node:test';

/** The engines, in the order the suite runs them. */
export const ENGINE_NAMES = ['chromium', 'firefox', 'webkit'];

/** Launches the named engine (its module is loaded only when asked for). */
export async function launchEngine(name) {
  if (!ENGINE_NAMES.includes(name)) throw new Error(`unknown engine "${name}" (known: ${ENGINE_NAMES.join(', ')})`);
  const { launch } = await import(`./${name}.mjs`);
  return launch();
}

/**
 * For a node:test suite: launches the engine before its first test and closes it after the last,
 * and returns a stand-in whose `newVisitor` reaches the launched engine.
 */
export function engineForSuite(name) {
  let engine = null;
  before(async () => {
    engine = await launchEngine(name);
  });
  after(async () => {
    await engine?.close();
  });
  return {
    name,
    newVisitor: (options) => {
      if (!engine) throw new Error(`${name} did not launch`);
      return engine.newVisitor(options);
    },
  };
}
