// The Yew widget (WebAssembly): loaded only when a decision is needed — then stage 1 has already
// started fetching its two files — or when the visitor or the page asks for it later.

const GLUE = 'jl-consent.js';
const WASM = 'jl-consent_bg.wasm';

/** Fetches both files of the widget now; each promise is marked handled (a failure is reported where it is awaited). */
export function fetchWidgetFiles(base, window) {
  const files = [import(/* the wasm-bindgen glue */ `${base}${GLUE}`), window.fetch(`${base}${WASM}`)];
  for (const file of files) file.catch(() => {});
  return files;
}

/**
 * The glue's module once it has instantiated the wasm (the glue initialises once: later calls share it).
 * @param {string} base Where the widget's files are.
 * @param {any} window
 * @param {Array<Promise<any>>} files The glue, and the wasm as stage 1 compiles it (a module) or
 *   `fetchWidgetFiles` fetches it (a response). When stage 1's compilation fails (a server that
 *   sends the wasm with another MIME type, which streaming compilation refuses), the wasm is
 *   fetched again and the glue instantiates that response, which copes with such a server.
 */
const instantiate = (base, window, files) => {
  const [glue, wasm] = files;
  return glue.then((module) => module
    .default({ module_or_path: wasm.catch(() => window.fetch(`${base}${WASM}`)) })
    .then(() => module));
};

/**
 * Starts compiling and instantiating the widget whose files stage 1 is fetching, at stage 2's
 * start: the wasm compiles off the main thread while stage 2 reads the configuration, rather than
 * after it. Nothing shows until `load()` mounts, which takes this result.
 * @param {import('../gate.mjs').Gate} gate
 */
export function instantiateEarly(gate, window) {
  if (!gate.widgetFiles) return;
  gate.widgetReady = instantiate(gate.base, window, gate.widgetFiles);
  gate.widgetReady.catch(() => {}); // reported where load() awaits it
  gate.widgetFiles = null;
}

/**
 * A loader for the widget: `load()` resolves to the mounted widget's handle (or null after a
 * failure, which it reports; a later call tries again). `configText()` gives the normal form as
 * JSON text (a promise: it may wait for the catalogue's texts); `mount(module, text)` mounts the
 * widget once <body> exists.
 * @param {import('../gate.mjs').Gate} gate
 */
export function createWidgetLoader(gate, window, document, configText, mount) {
  let loading = null;
  const whenBodyReady = (callback) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback, { once: true });
    else callback();
  };
  return {
    load() {
      if (loading) return loading;
      const ready = gate.widgetReady || instantiate(gate.base, window, gate.widgetFiles || fetchWidgetFiles(gate.base, window));
      // A response body is read once: a retry fetches again.
      gate.widgetReady = null;
      gate.widgetFiles = null;
      const text = configText();
      loading = Promise.all([ready, text])
        // Mounted as soon as both are there and <body> exists, with no hop to a timer (it cost
        // 19-50 ms behind the page's tasks). When stage 1's compilation has already finished, this
        // runs at the end of stage 2's own task (bench/README.md weighs the blocking time).
        .then(([module, config]) => new Promise((resolve) => whenBodyReady(() => resolve(mount(module, config)))))
        .catch((error) => {
          gate.warn('the consent widget could not be loaded; nothing optional will run', error);
          loading = null;
          return null;
        });
      return loading;
    },
  };
}
