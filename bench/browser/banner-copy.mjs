// The Yew banner that draws a copy of this widget's banner (bench/yew-floor, the `markup` feature):
// before a run, one unthrottled first visit of this widget on each page that has that variant
// takes the banner as the visitor got it — its host element's tag and attributes, the stylesheet
// of its shadow root, and the markup inside it — and places it in the variant's page. The copy
// then shows the same content as this widget, with nothing of the widget's own start-up: what a
// naive Yew banner of that content costs (bench/README.md, "The banner's own start-up").
import { COPY_PLACEHOLDER } from './variants.mjs';

/**
 * Fills every variant of `server` that asks for a copy (`copiesBanner`) from this widget's variant
 * on the same page, and serves its page again; call before any visit of it.
 */
export async function fillBannerCopies(variants, browser, server) {
  for (const variant of variants.filter((v) => v.copiesBanner)) {
    const original = variants.find((v) => v.base === 'jl' && v.page === variant.page);
    if (!original) throw new Error(`${variant.id}: this widget is not on the ${variant.page} page to copy its banner`);
    if (!variant.head.includes(COPY_PLACEHOLDER)) throw new Error(`${variant.id}: no ${COPY_PLACEHOLDER} in its head`);
    const json = JSON.stringify(await takeCopy(browser, server, original)).replace(/<\//g, '<\\/');
    variant.head = variant.head.replace(COPY_PLACEHOLDER, () => json);
    server.replacePage(variant);
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
