// WebKit (Safari's engine): WebKitGTK's MiniBrowser driven by Debian's WebKitWebDriver through
// selenium-webdriver, on a virtual X display (MiniBrowser has no headless mode). Classic
// WebDriver only: no network events and no console, so the tests read requests at their own
// server. Behind the engine-neutral visitor interface of ./index.mjs.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Builder, By, Capabilities } from 'selenium-webdriver';
import { startXvfb } from './xvfb.mjs';

const DRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

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

async function until(condition, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`webkit: timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((tick) => setTimeout(tick, 50));
  }
}

/** Starts WebKitWebDriver on a free port of its own display; resolves once it answers /status. */
async function startDriver(display) {
  const port = await freePort();
  const child = spawn(DRIVER, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('error', (error) => { output += `${error.message}\n`; });
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (child.exitCode !== null || child.signalCode) throw new Error(`${DRIVER} exited: ${output}`);
    const status = await fetch(`${url}/status`).then((r) => r.json());
    return status.value?.ready === true;
  }, { timeoutMs: 20000, what: `${DRIVER} to answer (scripts/setup installs webkit2gtk-driver): ${output}` });
  return {
    url,
    async close() {
      if (child.exitCode === null && !child.signalCode) child.kill('SIGTERM');
      await exited;
    },
  };
}

// In "host >>> inner", each ">>>" steps into the open shadow root of what the part before it found.
async function findThroughShadowRoots(driver, selector) {
  const [first, ...inner] = selector.split('>>>').map((part) => part.trim());
  let element = await driver.findElement(By.css(first));
  for (const part of inner) element = await (await element.getShadowRoot()).findElement(By.css(part));
  return element;
}

/**
 * Launches a display and the driver; every visitor is a new WebDriver session, that is a new
 * MiniBrowser process whose automation session keeps its data in memory only: a fresh profile.
 */
export async function launch() {
  const xvfb = await startXvfb();
  let driverServer;
  try {
    driverServer = await startDriver(xvfb.display);
  } catch (error) {
    await xvfb.close();
    throw error;
  }
  const capabilities = (proxy) => new Capabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    ...(proxy ? { proxy: { proxyType: 'manual', httpProxy: proxy } } : {}),
  });
  return {
    name: 'webkit',
    async newVisitor({ viewport = { width: 1280, height: 800 }, proxy = null } = {}) {
      const driver = await new Builder().usingServer(driverServer.url).withCapabilities(capabilities(proxy)).build();
      await driver.manage().setTimeouts({ pageLoad: 30000, script: 30000 });
      const evaluate = (fn, arg) => driver.executeScript(`return (${fn}).call(null, arguments[0]);`, arg);
      const visitor = {
        console: null, // classic WebDriver cannot read the console
        pageErrors: null,
        // Navigation commands return once the document is complete (page load strategy "normal").
        goto: (url) => driver.get(url),
        reload: () => driver.navigate().refresh(),
        evaluate,
        async click(selector) {
          let element;
          await until(async () => {
            element = await findThroughShadowRoots(driver, selector);
            return element.isDisplayed();
          }, { timeoutMs: 10000, what: `${selector} to be shown` });
          await element.click();
        },
        async cookies() {
          return (await driver.manage().getCookies()).map(({ name, value, path, sameSite, expiry }) => ({
            name, value, path, sameSite, expires: expiry,
          }));
        },
        // The window includes MiniBrowser's toolbar, and GTK gives it a minimum width: size the
        // window for the wanted viewport and report the viewport actually got.
        async setViewport({ width, height }) {
          const viewportNow = () => evaluate(() => ({ width: innerWidth, height: innerHeight }));
          const rect = await driver.manage().window().getRect();
          const inner = await viewportNow();
          await driver.manage().window().setRect({
            x: 0, y: 0, width: width + rect.width - inner.width, height: height + rect.height - inner.height,
          });
          return viewportNow();
        },
        async screenshot(path) {
          await writeFile(path, Buffer.from(await driver.takeScreenshot(), 'base64'));
        },
        close: () => driver.quit(),
      };
      try {
        await visitor.setViewport(viewport); // on about:blank, whose viewport is already the page's
      } catch (error) {
        await driver.quit();
        throw error;
      }
      return visitor;
    },
    async close() {
      await driverServer.close();
      await xvfb.close();
    },
  };
}
