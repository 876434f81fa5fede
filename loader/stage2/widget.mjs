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
      const [glue, wasm] = gate.widgetFiles || fetchWidgetFiles(gate.base, window);
      gate.widgetFiles = null; // a response body is read once: a retry fetches again
      const text = configText();
      loading = Promise.all([glue, text])
        .then(([module, config]) => module.default({ module_or_path: wasm })
          // A task of its own for the widget's start-up: not one long task with stage 2's.
          .then(() => new Promise((resolve) => whenBodyReady(() => window.setTimeout(() => resolve(mount(module, config)), 0)))))
        .catch((error) => {
          gate.warn('the consent widget could not be loaded; nothing optional will run', error);
          loading = null;
          return null;
        });
      return loading;
    },
  };
}
