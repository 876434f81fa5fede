// The Yew banner that draws a copy of this widget's banner (bench/yew-floor, the `markup` feature):
// before a run, one unthrottled first visit of this widget on each page that has that variant
// takes the banner as the visitor got it — its host element's tag and attributes, the stylesheet
// of its shadow root, and the markup inside it — and places it in the variant's page. The copy
// then shows the same content as this widget, with nothing of the widget's own start-up: what a
// naive Yew banner of that content costs (bench/README.md, "The banner's own start-up").
import { launch } from './harness.mjs';
import { startServer } from './server.mjs';
import { buildVariants, COPY_PLACEHOLDER } from './variants.mjs';

/** Fills every variant that asks for a copy (`copiesBanner`); call before startServer. */
export async function fillBannerCopies(variants) {
  const pages = [...new Set(variants.filter((v) => v.copiesBanner).map((v) => v.page))];
  if (pages.length === 0) return;
  const originals = buildVariants(pages, { only: [] });
  const server = await startServer(originals);
  const browser = await launch();
  try {
    for (const page of pages) {
      const copy = await takeCopy(browser, server, originals.find((v) => v.page === page));
      const json = JSON.stringify(copy).replace(/<\//g, '<\\/');
      for (const variant of variants.filter((v) => v.copiesBanner && v.page === page)) {
        if (!variant.head.includes(COPY_PLACEHOLDER)) throw new Error(`${variant.id}: no ${COPY_PLACEHOLDER} in its head`);
        variant.head = variant.head.replace(COPY_PLACEHOLDER, () => json);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function takeCopy(browser, server, original) {
  const context = await browser.newContext({ locale: 'ru-RU', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/${original.id}/`);
    const { host, selector } = original.banner;
    await page.waitForFunction(({ host, selector }) => document.querySelector(host)?.shadowRoot?.querySelector(selector), { host, selector }, { timeout: 30000 });
    const copy = await page.evaluate((hostTag) => {
      const host = document.querySelector(hostTag);
      const root = host.shadowRoot.firstElementChild;
      const sheets = [...host.shadowRoot.adoptedStyleSheets];
      return {
        host: host.localName,
        attributes: [...host.attributes].flatMap((a) => [a.name, a.value]),
        rootClass: root.className,
        css: sheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'),
        markup: root.innerHTML,
      };
    }, host);
    if (!copy.css || !copy.markup) throw new Error(`${original.id}: the banner's stylesheet or markup was empty`);
    return copy;
  } finally {
    await context.close();
  }
}
