// How one first visit fetches the widget's two files (jl-consent.js, jl-consent_bg.wasm), in any
// engine. Two views that agree when all is well: the requests the test's server saw for each file
// (a second download shows as a second request), and the page's Resource Timing entries for it
// (when each request started, and when stage 2, consent-ui.js, had arrived), plus any preload
// links on the page.
import { serveRecordedSite } from './recorded_site.mjs';
import { pinVariant, waitForPage } from './banner_page.mjs';

export const WIDGET_FILES = ['/jl-consent.js', '/jl-consent_bg.wasm'];

// Runs in the page (self-contained).
function readWidgetResources(files) {
  const entries = performance.getEntriesByType('resource').map((entry) => ({
    path: new URL(entry.name).pathname, initiatorType: entry.initiatorType, startTime: Math.round(entry.startTime),
    responseEnd: Math.round(entry.responseEnd),
  }));
  const links = [...document.querySelectorAll('link[rel="preload"], link[rel="modulepreload"]')].map((link) => ({
    rel: link.rel, as: link.getAttribute('as'), path: new URL(link.href).pathname, crossOrigin: link.crossOrigin,
  }));
  return {
    timing: Object.fromEntries(files.map((file) => [file, entries.filter((entry) => entry.path === file)])),
    links: links.filter((link) => files.includes(link.path)),
    stage2: entries.find((entry) => entry.path === '/consent-ui.js') ?? null,
  };
}

/**
 * One first visit by a new visitor of `engine` (from support/engines). Resolves with, per file,
 * `{requests, initiators, starts}` (server requests; Resource Timing initiator types and start
 * times in fetch order), the preload links on the page, stage 2's Resource Timing entry, and the
 * console lines so far (null where the driver cannot read them). The banner mounts only once both files have arrived, so by then every request for them
 * has been made.
 */
export async function probeWidgetFetches(engine, { cacheControl = 'no-store' } = {}) {
  const site = await serveRecordedSite({ cacheControl });
  const visitor = await engine.newVisitor().catch(async (error) => {
    await site.close();
    throw error;
  });
  try {
    await pinVariant(visitor, site.url);
    await visitor.goto(`${site.url}/`);
    await waitForPage(visitor, 'the banner', (state) => state.banner);
    const { timing, links, stage2 } = await visitor.evaluate(readWidgetResources, WIDGET_FILES);
    const files = {};
    for (const file of WIDGET_FILES) {
      const entries = timing[file].sort((a, b) => a.startTime - b.startTime);
      files[file] = {
        requests: site.count(file),
        initiators: entries.map((entry) => entry.initiatorType),
        starts: entries.map((entry) => entry.startTime),
      };
    }
    return { files, links, stage2, console: visitor.console ? [...visitor.console] : null };
  } finally {
    try {
      await visitor.close();
    } finally {
      await site.close();
    }
  }
}
