// Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi (Debian ships no
// geckodriver), behind the engine-neutral visitor interface of ./index.mjs.
import puppeteer from 'puppeteer-core';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * Launches headless Firefox on a new, empty profile (a temporary one puppeteer makes and removes);
 * every visitor gets its own user context (BiDi's isolated cookie jar, storage and cache).
 */
export async function launch() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: 60000,
    // Puppeteer already points Firefox's update, add-on and settings services at a dummy host;
    // these keep the rest of its background traffic (portal and connectivity checks, push, DNS
    // over HTTPS, telemetry, prefetching) from leaving the machine during a test run.
    extraPrefsFirefox: {
      'network.captive-portal-service.enabled': false,
      'captivedetect.canonicalURL': '',
      'network.connectivity-service.enabled': false,
      'dom.push.connection.enabled': false,
      'network.trr.mode': 5,
      'toolkit.telemetry.enabled': false,
      'toolkit.telemetry.server': '',
      'browser.region.network.url': '',
      'geo.provider.network.url': '',
      'extensions.blocklist.enabled': false,
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
    },
  });
  return {
    name: 'firefox',
    async newVisitor({ viewport = { width: 1280, height: 800 }, proxy = null } = {}) {
      const context = await browser.createBrowserContext(proxy ? { proxyServer: proxy } : {});
      const page = await context.newPage();
      await page.setViewport(viewport);
      const consoleLines = [];
      const pageErrors = [];
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return {
        console: consoleLines,
        pageErrors,
        goto: (url) => page.goto(url, { waitUntil: 'load' }),
        reload: () => page.reload({ waitUntil: 'load' }),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        // Puppeteer's ">>>" enters open shadow roots; the click is a real pointer click (BiDi input actions).
        async click(selector) {
          const element = await page.waitForSelector(selector, { visible: true, timeout: 10000 });
          await element.click();
          await element.dispose();
        },
        async cookies() {
          return (await context.cookies()).map(({ name, value, path, sameSite, expires }) => ({ name, value, path, sameSite, expires }));
        },
        async setViewport(size) {
          await page.setViewport(size);
          return page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
        },
        screenshot: (path) => page.screenshot({ path }),
        close: () => context.close(),
      };
    },
    close: () => browser.close(), // puppeteer removes the temporary profile it made
  };
}
