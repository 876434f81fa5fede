// Chromium through Playwright (Debian's /usr/bin/chromium), behind the engine-neutral visitor
// interface of ./index.mjs, so the cross-engine flows run the same steps here as elsewhere.
import { launchBrowser, newVisitor } from '../browser.mjs';

/** Launches Chromium; every visitor gets a new browser context (its own cookies and storage). */
export async function launch() {
  const browser = await launchBrowser();
  return {
    name: 'chromium',
    async newVisitor({ viewport = { width: 1280, height: 800 } } = {}) {
      // The A/B variant is left alone here: the cross-engine tests pin it the same way in every engine.
      const { context, page, record } = await newVisitor(browser, { viewport, variant: null });
      return {
        console: record.console,
        pageErrors: record.pageErrors,
        goto: (url) => page.goto(url, { waitUntil: 'load' }),
        reload: () => page.reload({ waitUntil: 'load' }),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        // Playwright's CSS engine pierces open shadow roots by itself.
        click: (selector) => page.locator(selector.replaceAll(' >>> ', ' ')).click(),
        async cookies() {
          return (await context.cookies()).map(({ name, value, path, sameSite, expires }) => ({ name, value, path, sameSite, expires }));
        },
        async setViewport(size) {
          await page.setViewportSize(size);
          return page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
        },
        screenshot: (path) => page.screenshot({ path }),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
