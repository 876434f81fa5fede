// How each engine fetches the widget's two files on a first visit: stage 1 (consent.js) requests
// both itself — `import()` of jl-consent.js and `fetch()` of jl-consent_bg.wasm — alongside stage 2,
// and hands them to stage 2, so each file is downloaded once and neither waits for stage 2 to run.
// Counted at the server and in Resource Timing, in every engine (WebKit once downloaded the wasm
// twice when it came from a <link rel=preload>; a modulepreload with as=fetch preloaded nothing).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { probeWidgetFetches, WIDGET_FILES } from '../support/widget_fetches.mjs';

/** Defines the fetch checks as one suite for `engine` (support/engines/index.mjs: engineForSuite). */
export function widgetFetchChecks(engine) {
  describe(`the widget's files on a first visit in ${engine.name}`, () => {
    let probe;
    const firstVisitProbe = async () => {
      probe ??= await probeWidgetFetches(engine);
      return probe;
    };

    test('a first visit requests each widget file from the server once', async () => {
      const { files } = await firstVisitProbe();
      for (const file of WIDGET_FILES) assert.equal(files[file].requests, 1, `${file}: ${JSON.stringify(files[file])}`);
    });

    test('both files are requested before stage 2 has even arrived, by stage 1, with no preload link', async () => {
      const { files, links, stage2 } = await firstVisitProbe();
      assert.deepEqual(links, [], 'no preload links: stage 1 fetches the files itself');
      assert.ok(stage2, 'stage 2 is in Resource Timing');
      for (const file of WIDGET_FILES) {
        assert.equal(files[file].starts.length, 1, `${file}: ${JSON.stringify(files[file])}`);
        assert.ok(files[file].starts[0] < stage2.responseEnd, `${file} started at ${files[file].starts[0]} ms, stage 2 arrived at ${stage2.responseEnd} ms`);
      }
    });

    test('the console has no warning about the widget\'s files', async (t) => {
      const { console: lines } = await firstVisitProbe();
      if (lines === null) {
        t.skip('this engine\'s driver cannot read the console');
        return;
      }
      assert.deepEqual(lines.filter((line) => /preload|could not be loaded|did not load/i.test(line)), []);
    });
  });
}
