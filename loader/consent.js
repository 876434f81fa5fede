// Stage 1 of the loader, the gate: the only script of the consent widget on the critical path
// (loader/bundle.mjs bundles it into dist/consent.js). It must stay small (the budget is 2 KB
// brotli, checked by tests/bundle_size.mjs): it reads the configuration's gate keys and the
// consent cookie by the same rules as the Rust core (held together by core/tests/vectors/*.json),
// sends Google Consent Mode's defaults before any tag runs, and opens the gate for a returning
// visitor at once (Consent Mode update, the pixel). Its defaults, limits and signals are the
// core's (loader/data/gate.json). Everything else — blocked scripts, iframes and
// images, the API's actions, events, the settings control, the consent-log queue, cookie clearing,
// and the Yew widget itself — is stage 2, consent-ui.js, loaded right after. Nothing here throws
// into the page; when in doubt, nothing optional runs.
import { consentSignals as SIGNALS, defaults as DEFAULTS, limits as LIMITS } from './data/gate.json';

((window, document) => {
  if (window.JetConsent) return; // the snippet was included twice

  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  const base = new URL('.', script?.src || document.baseURI).href;
  const nonce = script?.nonce || '';

  const warn = (message, detail = '') => {
    try { console.warn(`jl-consent: ${message}`, detail); } catch { /* no console */ }
  };
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const isWholeNumber = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;
  const isCategoryId = (id) => typeof id === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(id);

  // http(s) URLs and paths only; no other scheme, no whitespace or control characters.
  const isSafeUrl = (url) => {
    if (typeof url !== 'string' || !url || [...url].length > LIMITS.maxUrlLength || /[\s\u0000-\u001f\u007f-\u009f]/.test(url) || url.startsWith('//')) return false;
    const scheme = /^https?:\/\//i.exec(url);
    if (scheme) return url.length > scheme[0].length;
    const headEnd = url.search(/[/?#]/);
    return !(headEnd < 0 ? url : url.slice(0, headEnd)).includes(':');
  };

  const withinDepth = (value, depth) => value === null || typeof value !== 'object'
    || (depth < LIMITS.maxJsonDepth && Object.keys(value).every((key) => withinDepth(value[key], depth + 1)));

  // ==== configuration: the gate's keys, read as core/src/config reads them ====

  /**
   * The configuration: the parsed value (or why it could not be parsed) and the gate keys. `off`:
   * the configuration cannot be used (missing, unreadable, not an object, or a revision that is
   * not a whole number), so no stored decision counts and nothing optional runs.
   */
  const readConfig = (text) => {
    /** @type {import('./gate.mjs').GateConfig} */
    const config = Object.assign(DEFAULTS, { off: true }); // read once, on this page
    if (typeof text !== 'string' || !text.trim()) return config;
    let raw;
    try {
      if (new TextEncoder().encode(text).length > LIMITS.maxJsonBytes) throw Error('too large');
      raw = JSON.parse(text);
      if (!withinDepth(raw, 0)) throw Error('too deep');
    } catch (error) {
      config.error = String(error?.message);
      return config;
    }
    config.raw = raw;
    if (!isObject(raw)) return config;
    config.revision = 'revision' in raw ? raw.revision : 1;
    config.off = !isWholeNumber(config.revision, 1, LIMITS.maxRevision);
    const name = raw.cookie?.name;
    if (isObject(raw.cookie) && typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/.test(name)) config.cookieName = name;
    // Lone surrogates become U+FFFD, as they do when the string crosses into Rust.
    if (isSafeUrl(raw.pixelUrl)) config.pixelUrl = raw.pixelUrl.toWellFormed?.() ?? raw.pixelUrl;
    if (Array.isArray(raw.categories)) {
      // Optional categories that survive: a valid, unique id; at most maxCategories besides "necessary".
      const ids = [];
      const seen = new Set();
      for (const entry of raw.categories) {
        const id = isObject(entry) ? entry.id : null;
        if (!isCategoryId(id) || seen.has(id)) continue;
        if (id !== 'necessary' && ids.length === LIMITS.maxCategories) break;
        seen.add(id);
        if (id !== 'necessary') ids.push(id);
      }
      config.categories = ids;
    }
    const mode = raw.googleConsentMode;
    const consentMode = config.consentMode;
    if (typeof mode === 'boolean') consentMode.enabled = mode;
    if (isObject(mode)) {
      if (typeof mode.enabled === 'boolean') consentMode.enabled = mode.enabled;
      if (isWholeNumber(mode.waitForUpdate, 0, LIMITS.maxWaitForUpdate)) consentMode.waitForUpdate = mode.waitForUpdate;
      if (isObject(mode.signals)) {
        consentMode.signals = {};
        for (const id of Object.keys(mode.signals)) {
          const names = mode.signals[id];
          if (isCategoryId(id) && Array.isArray(names)) consentMode.signals[id] = names.filter((n) => SIGNALS.includes(n));
        }
      }
    }
    return config;
  };

  // ==== the consent cookie, decoded as core/src/cookie_codec.rs decodes it ====

  const decimal = (text, maxDigits) => text.length <= maxDigits && /^(0|[1-9]\d*)$/.test(text) ? Number(text) : 0;

  /** The decision in a cookie value, or null for anything that is not exactly the format. */
  const decodeCookie = (value) => {
    if (typeof value !== 'string' || value.length > 1024) return null;
    const fields = value.split('|');
    if (fields.length !== 5 || fields[0] !== '1') return null;
    const record = { revision: decimal(fields[1], 9), decidedAt: decimal(fields[2], 10), consentId: fields[3], choices: Object.create(null) };
    if (!record.revision || !record.decidedAt || !/^[0-9A-HJKMNP-TV-Z]{16}$/.test(record.consentId)) return null;
    const pairs = fields[4] ? fields[4].split('+') : [];
    if (pairs.length > 32) return null;
    for (const pair of pairs) {
      const [, id, bit] = /^([a-z][a-z0-9_-]{0,31}):([01])$/.exec(pair) || [];
      if (!id || id === 'necessary' || id in record.choices) return null;
      record.choices[id] = bit === '1';
    }
    return record;
  };

  /** The value of the first cookie called `name` (the most specific one, as browsers list them). */
  const readCookie = (name) => {
    for (const pair of String(document.cookie).split(';')) {
      const at = pair.indexOf('=');
      if (at >= 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
    }
    return null;
  };

  const config = readConfig(document.getElementById('jl-consent-config')?.textContent ?? null);
  const state = { record: null };

  // A stored decision counts under this revision or a later one, only if it answers every
  // category, and never while the configuration cannot be used.
  const refresh = () => {
    const record = decodeCookie(readCookie(config.cookieName));
    state.record = !config.off && record && record.revision >= config.revision && config.categories.every((c) => c in record.choices) ? record : null;
  };

  const isGranted = (category) => category === 'necessary' || state.record?.choices[category] === true;

  // ==== Google Consent Mode v2 ====

  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
  }

  // What the categories `granted` map to is granted; every other signal is denied.
  const consentSignals = (granted) => {
    const signals = {};
    for (const name of SIGNALS) signals[name] = 'denied';
    for (const id of Object.keys(config.consentMode.signals)) {
      if (granted(id)) for (const name of config.consentMode.signals[id]) signals[name] = 'granted';
    }
    return signals;
  };

  // ==== the gate ====

  const PIXEL_CATEGORY = 'analytics';

  /**
   * Applies the decision in force: a Consent Mode update and the pixel (stage 2 adds the rest).
   * `gate.pixelRan` becomes the pixel's category once it is requested: withdrawing that category
   * must stop it (stage 2).
   */
  const apply = () => {
    if (config.consentMode.enabled) gtag('consent', 'update', consentSignals(isGranted));
    if (isGranted(PIXEL_CATEGORY) && config.pixelUrl && !gate.pixelRan) {
      gate.pixelRan = PIXEL_CATEGORY;
      const pixel = document.createElement('script'); // inserted scripts run async
      pixel.src = config.pixelUrl;
      pixel.nonce = nonce;
      document.head.append(pixel);
    }
    for (const more of gate.applied) more();
  };

  // ==== the page's API (typed in consent.d.ts): reading is here, acting waits for stage 2 ====

  const api = {
    isGranted: (category) => {
      try { return isGranted(String(category)); } catch { return false; }
    },
    getDecision: () => {
      const record = state.record;
      if (!record) return null;
      // A plain copy, in the cookie's order (the ids are never integer-like, so insertion order holds).
      return { consentId: record.consentId, revision: record.revision, decidedAt: record.decidedAt, choices: { ...record.choices } };
    }
  };
  /** @type {import('./gate.mjs').Gate} */
  const gate = {
    config, state, base, nonce, warn, refresh, apply, isGranted, decodeCookie, isSafeUrl,
    ui: null, pending: [], applied: [], api
  };
  for (const name of ['show', 'showPreferences', 'acceptAll', 'rejectAll', 'acceptCategory', 'reset', 'on', 'off']) {
    api[name] = (...args) => new Promise((resolve) => {
      if (gate.ui) resolve(gate.ui.call(name, args));
      else gate.pending.push([name, args, resolve]);
    });
  }
  // ==== start ====

  try {
    // The API for the page (stage 2 adds its version and freezes it); the gate's internals for
    // stage 2 (and the loader's tests), out of sight.
    Object.defineProperty(window, 'JetConsent', { value: api });
    Object.defineProperty(window, '__jlConsentGate', { value: gate });
    refresh();
    if (config.consentMode.enabled) {
      const defaults = consentSignals((id) => id === 'necessary');
      defaults.wait_for_update = config.consentMode.waitForUpdate;
      gtag('consent', 'default', defaults);
    }
    if (state.record) apply();
    // A decision is needed: fetch the widget's glue and compile its wasm now (off the main thread,
    // as its bytes arrive), alongside stage 2 rather than after it. Stage 2 takes both and reports a
    // failure (a browser without streaming compilation: stage 2 fetches them itself).
    else if (!config.off && window.WebAssembly?.compileStreaming) {
      gate.widgetFiles = [import(`${base}jl-consent.js`), WebAssembly.compileStreaming(fetch(`${base}jl-consent_bg.wasm`))];
      for (const file of gate.widgetFiles) file.catch(() => {});
    }
    const stage2 = document.createElement('script');
    stage2.src = `${base}consent-ui.js`;
    stage2.nonce = nonce;
    // Without stage 2 nothing optional can run; the page's waiting calls get their answer anyway.
    stage2.onerror = () => {
      warn('consent-ui.js did not load');
      gate.ui = { call() {} };
      for (const call of gate.pending.splice(0)) call[2]();
    };
    document.head.append(stage2);
  } catch (error) {
    warn('start failed', error);
  }
})(window, document);
