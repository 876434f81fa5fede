// Stage 2's widget loader on its own: the wasm is instantiated as soon as stage 2 starts (while it
// reads the configuration), mounted later with that same instance, and a failure of that early
// start is reported where the widget is awaited and leaves the widget off until a retry.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createWidgetLoader, instantiateEarly } from '../stage2/widget.mjs';

/** A glue module that counts its initialisations; `fails` makes the first one reject. */
function fakeGlue({ fails = false } = {}) {
  const calls = [];
  return {
    calls,
    module: {
      default(options) {
        calls.push(options.module_or_path);
        return fails && calls.length === 1 ? Promise.reject(new Error('compile failed')) : Promise.resolve({});
      },
    },
  };
}

function fakeGate(glue, wasm) {
  const warnings = [];
  return {
    warnings,
    gate: {
      base: 'https://jetfin.kz/',
      widgetFiles: [Promise.resolve(glue.module), wasm],
      warn: (message, error) => warnings.push(`${message}: ${error?.message ?? ''}`),
    },
  };
}

const page = () => {
  const fetches = [];
  return {
    fetches,
    window: { setTimeout: (fn) => fn(), fetch: (url) => { fetches.push(url); return Promise.reject(new Error('offline')); } },
    document: { readyState: 'complete', addEventListener() {} },
  };
};

test('stage 2 instantiates the wasm before the configuration is read, and mounts that same instance', async () => {
  const glue = fakeGlue();
  const { gate, warnings } = fakeGate(glue, Promise.resolve('the compiled wasm'));
  const { window, document } = page();
  instantiateEarly(gate, window);
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(glue.calls.length, 1, 'the glue starts instantiating the wasm stage 1 compiles, at once');
  assert.equal(await glue.calls[0], 'the compiled wasm');
  let configRead = false;
  const mounted = [];
  const loader = createWidgetLoader(gate, window, document, () => { configRead = true; return Promise.resolve('{"config":1}'); },
    (module, text) => { mounted.push([module, text]); return 'handle'; });
  assert.equal(configRead, false);
  assert.equal(await loader.load(), 'handle');
  assert.equal(glue.calls.length, 1, 'no second instantiation');
  assert.deepEqual(mounted, [[glue.module, '{"config":1}']]);
  assert.deepEqual(warnings, []);
});

test('a failed early instantiation is reported where the widget is awaited, and a retry fetches again', async () => {
  const glue = fakeGlue({ fails: true });
  const { gate, warnings } = fakeGate(glue, Promise.resolve('the compiled wasm'));
  const { window, document, fetches } = page();
  instantiateEarly(gate, window);
  const mounted = [];
  const loader = createWidgetLoader(gate, window, document, () => Promise.resolve('{}'), (module, text) => mounted.push(text));
  assert.equal(await loader.load(), null, 'nothing mounted');
  assert.deepEqual(mounted, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /could not be loaded; nothing optional will run: compile failed/);
  // The response body was read once: the retry asks for the files again (offline here: reported too).
  assert.equal(await loader.load(), null);
  assert.deepEqual(fetches, ['https://jetfin.kz/jl-consent_bg.wasm']);
  assert.equal(warnings.length, 2);
});

test('when stage 1 could not compile the wasm (another MIME type, say), the glue is given its address to fetch it itself', async () => {
  const glue = fakeGlue();
  const refused = Promise.reject(new TypeError('Incorrect response MIME type'));
  refused.catch(() => {});
  const { gate, warnings } = fakeGate(glue, refused);
  const { document } = page();
  const fetches = [];
  const window = { fetch: (url) => { fetches.push(url); return Promise.resolve('the response'); } };
  instantiateEarly(gate, window);
  const loader = createWidgetLoader(gate, window, document, () => Promise.resolve('{}'), () => 'handle');
  assert.equal(await loader.load(), 'handle');
  assert.equal(await glue.calls[0], 'the response', 'the glue instantiates a response it can check and read');
  assert.deepEqual(fetches, ['https://jetfin.kz/jl-consent_bg.wasm'], 'fetched once more');
  assert.deepEqual(warnings, []);
});
