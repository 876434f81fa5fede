// Whether each engine uses the loader's preloads for the widget's two files on a first visit
// (consent.js adds <link rel=modulepreload as=fetch> for jl-consent.js and <link rel=preload
// as=fetch crossorigin> for jl-consent_bg.wasm), counted at the server and in Resource Timing.
//
// The checks that fail today are marked todo with what goes wrong: they run and report, without
// failing the suite, until the loader's preloads are fixed; then the marks come off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { probeWidgetFetches, WIDGET_FILES } from '../support/widget_fetches.mjs';

// A modulepreload link whose `as` is not a script-like destination fetches nothing (HTML's
// "fetch and process the linked resource" for modulepreload): jl-consent.js waits for the import.
const MODULEPRELOAD_AS_FETCH = 'rel=modulepreload with as=fetch preloads nothing: jl-consent.js is fetched only by the import';
// What fails today, per engine and check: the reason, shown as the check's todo.
const TODO = {
  chromium: {
    byPreload: MODULEPRELOAD_AS_FETCH,
    quietConsole: 'Chromium warns "<link rel=modulepreload> has an invalid `as` value fetch"',
  },
  firefox: { byPreload: MODULEPRELOAD_AS_FETCH },
  webkit: {
    fetchedOnce: 'WebKit does not hand the preloaded jl-consent_bg.wasm to the glue\'s fetch(): it is downloaded twice',
    byPreload: MODULEPRELOAD_AS_FETCH,
  },
};

/** Defines the preload checks as one suite for `engine` (support/engines/index.mjs: engineForSuite). */
export function widgetPreloadChecks(engine) {
  const todo = TODO[engine.name] ?? {};
  describe(`the loader's widget preloads in ${engine.name}`, () => {
    let probe;
    const firstVisitProbe = async () => {
      probe ??= await probeWidgetFetches(engine);
      return probe;
    };

    test('a first visit requests each widget file from the server once', { todo: todo.fetchedOnce }, async () => {
      const { files } = await firstVisitProbe();
      for (const file of WIDGET_FILES) assert.equal(files[file].requests, 1, `${file}: ${JSON.stringify(files[file])}`);
    });

    test('each widget file is fetched by the loader\'s preload link', { todo: todo.byPreload }, async () => {
      const { files, links } = await firstVisitProbe();
      assert.deepEqual(links.map((link) => link.path).sort(), [...WIDGET_FILES].sort(), 'the loader added a preload link per file');
      for (const file of WIDGET_FILES) {
        assert.deepEqual(files[file].initiators, ['link'], `${file} is fetched once, by its link: ${JSON.stringify(files[file])}`);
      }
    });

    test('the console has no warning about the widget\'s preloads', { todo: todo.quietConsole }, async (t) => {
      const { console: lines } = await firstVisitProbe();
      if (lines === null) {
        t.skip('this engine\'s driver cannot read the console');
        return;
      }
      assert.deepEqual(lines.filter((line) => /preload/i.test(line)), []);
    });
  });
}
