// WebKit (Safari's engine): WebKitGTK's MiniBrowser driven by Debian's WebKitWebDriver through
// selenium-webdriver, on a virtual X display (MiniBrowser has no headless mode). Classic
// WebDriver only: no network events and no console, so the tests read requests at their own
// server. Behind the engine-neutral visitor interface of ./index.mjs.
//
// One WebKitWebDriver per visitor: a driver serves one session at a time, so with a shared one a
// session that failed to end (or ended late) would fail every visitor after it. Each visitor's
// driver runs in a process group of its own, which its close() ends whatever state the session is
// in, taking MiniBrowser and its web processes with it.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Builder, By, Capabilities } from 'selenium-webdriver';
import { startXvfb } from './xvfb.mjs';
import { waitFor, withDeadline } from '../wait.mjs';

const DRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** Longest a single WebDriver command may take (the driver's own page-load and script limits are 30 s). */
const COMMAND_MS = 45000;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Drivers whose process groups are still running: ended even if the test process exits early. */
const running = new Set();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/** Ends the process group `child` leads: SIGTERM, then SIGKILL for whatever is still there after a moment. */
async function endProcessGroup(child, exited) {
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  signalGroup('SIGTERM');
  const ended = await Promise.race([exited.then(() => true), new Promise((done) => setTimeout(() => done(false), 5000))]);
  // Whatever of the group outlived the driver (MiniBrowser, its web processes) goes too.
  signalGroup('SIGKILL');
  if (!ended) await exited;
  running.delete(child.pid);
}

/** Starts WebKitWebDriver on a free port of `display`, in a process group of its own; resolves once it answers /status. */
async function startDriver(display) {
  const port = await freePort();
  const child = spawn(DRIVER, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  // 'error' instead of 'exit' when the driver could not be started at all.
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve();
    });
  });
  if (child.pid) running.add(child.pid);
  const url = `http://127.0.0.1:${port}`;
  const close = () => endProcessGroup(child, exited);
  try {
    await waitFor(async () => {
      if (child.exitCode !== null || child.signalCode) throw new Error(`${DRIVER} exited: ${output}`);
      const status = await fetch(`${url}/status`).then((r) => r.json());
      return status.value?.ready === true;
    }, { what: `${DRIVER} to answer (scripts/setup installs webkit2gtk-driver)`, describe: () => output });
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

// In "host >>> inner", each ">>>" steps into the open shadow root of what the part before it found.
async function findThroughShadowRoots(driver, selector) {
  const [first, ...inner] = selector.split('>>>').map((part) => part.trim());
  let element = await driver.findElement(By.css(first));
  for (const part of inner) element = await (await element.getShadowRoot()).findElement(By.css(part));
  return element;
}

/** A new WebDriver session (a new MiniBrowser, whose automation session keeps its data in memory only: a fresh profile). */
async function startSession(driverServer) {
  const capabilities = new Capabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  });
  const driver = await withDeadline(
    new Builder().usingServer(driverServer.url).withCapabilities(capabilities).build(), 'a WebKit session', COMMAND_MS,
  );
  await withDeadline(driver.manage().setTimeouts({ pageLoad: 30000, script: 30000 }), 'WebKit to take its timeouts', COMMAND_MS);
  return driver;
}

/** Launches the display; every visitor gets a driver and a session of its own. */
export async function launch() {
  const xvfb = await startXvfb();
  return {
    name: 'webkit',
    async newVisitor({ viewport = { width: 1280, height: 800 } } = {}) {
      const driverServer = await startDriver(xvfb.display);
      let driver;
      try {
        driver = await startSession(driverServer);
      } catch (error) {
        await driverServer.close();
        throw error;
      }
      // Every command has a deadline: a driver that stops answering fails the test, never hangs it.
      const command = (what, run) => withDeadline(Promise.resolve().then(run), `WebKit: ${what}`, COMMAND_MS);
      const evaluate = (fn, arg) => command('a script in the page', () => driver.executeScript(`return (${fn}).call(null, arguments[0]);`, arg));
      const visitor = {
        console: null, // classic WebDriver cannot read the console
        pageErrors: null,
        // Navigation commands return once the document is complete (page load strategy "normal").
        goto: (url) => command(`loading ${url}`, () => driver.get(url)),
        reload: () => command('a reload', () => driver.navigate().refresh()),
        evaluate,
        async click(selector) {
          let element;
          await waitFor(async () => {
            element = await command(`finding ${selector}`, () => findThroughShadowRoots(driver, selector));
            return command(`${selector} to be shown`, () => element.isDisplayed());
          }, { what: `${selector} to be shown` });
          await command(`a click on ${selector}`, () => element.click());
        },
        async cookies() {
          const cookies = await command('the cookies', () => driver.manage().getCookies());
          return cookies.map(({ name, value, path, sameSite, expiry }) => ({ name, value, path, sameSite, expires: expiry }));
        },
        // The window includes MiniBrowser's toolbar, and GTK gives it a minimum width: size the
        // window for the wanted viewport and report the viewport actually got.
        async setViewport({ width, height }) {
          const viewportNow = () => evaluate(() => ({ width: innerWidth, height: innerHeight }));
          const rect = await command('the window size', () => driver.manage().window().getRect());
          const inner = await viewportNow();
          await command('a new window size', () => driver.manage().window().setRect({
            x: 0, y: 0, width: width + rect.width - inner.width, height: height + rect.height - inner.height,
          }));
          return viewportNow();
        },
        async screenshot(path) {
          await writeFile(path, Buffer.from(await command('a screenshot', () => driver.takeScreenshot()), 'base64'));
        },
        // The session is asked to end; whether it does or not, the driver's process group ends, so
        // nothing of this visitor outlives it. A session that would not end is reported, not thrown:
        // it says nothing about the page, and nothing of it can reach the next visitor.
        async close() {
          try {
            await withDeadline(driver.quit(), 'the WebKit session to end', 15000);
          } catch (error) {
            process.stderr.write(`webkit: the session did not end cleanly (${error.message}); its driver is stopped\n`);
          } finally {
            await driverServer.close();
          }
        },
      };
      try {
        await visitor.setViewport(viewport); // on about:blank, whose viewport is already the page's
      } catch (error) {
        await visitor.close();
        throw error;
      }
      return visitor;
    },
    close: () => xvfb.close(),
  };
}
