/*! Jet Leasing consent loader | the first stage of the consent widget */
// Every page loads this small classic script. It:
//  - reads the configuration block and the consent cookie by the same rules as the Rust core
//    (held together by the shared vectors in core/tests/vectors/*.json);
//  - opens the gate for a returning visitor at once (the analytics pixel only if the cookie grants
//    it), with no WebAssembly on that path;
//  - loads the Yew widget (WebAssembly) only when a decision is needed or asked for;
//  - offers the page a small API (window.JetConsent) and the "Cookie settings" control.
// It never throws into the page: every entry point is guarded, and when in doubt it loads
// nothing optional (fail closed).
(function (window, document) {
  'use strict';

  if (window.JetConsent && window.JetConsent.version) return; // the snippet was included twice

  var VERSION = '0.1.0';
  var CONFIG_ID = 'jl-consent-config';
  var MAX_CONFIG_BYTES = 262144;
  var MAX_DEPTH = 32;
  var DEFAULT_CATEGORIES = ['analytics', 'advertising'];
  var SETTINGS_LABEL = { ru: 'Настройки cookie', kk: 'Cookie баптаулары', en: 'Cookie settings' };
  var SAVED_LABEL = { ru: 'Ваш выбор сохранён.', kk: 'Таңдауыңыз сақталды.', en: 'Your choice is saved.' };

  var script = document.currentScript;
  var base = script && script.src ? new URL('.', script.src).href : new URL('.', document.baseURI).href;
  var nonce = script && (script.nonce || script.getAttribute('nonce'));

  function warn(message, detail) {
    try {
      if (window.console) window.console.warn('jl-consent: ' + message, detail === undefined ? '' : detail);
    } catch (ignored) { /* a page that broke its console still works */ }
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  // ---- configuration: the gate's keys, read as core/src/config.rs reads them ----

  function utf8Length(text) {
    return window.TextEncoder ? new window.TextEncoder().encode(text).length : unescape(encodeURIComponent(text)).length;
  }

  function withinDepth(value, depth) {
    if (value === null || typeof value !== 'object') return true;
    if (depth >= MAX_DEPTH) return false;
    for (var key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key) && !withinDepth(value[key], depth + 1)) return false;
    }
    return true;
  }

  // http(s) URLs and paths only; no other scheme, no whitespace or control characters.
  function isSafeUrl(url) {
    if (typeof url !== 'string' || url === '' || Array.from(url).length > 2048) return false;
    if (/[\s\u0000-\u001f\u007f-\u009f]/.test(url)) return false;
    if (url.slice(0, 2) === '//') return false;
    var lower = url.toLowerCase();
    if (lower.indexOf('https://') === 0) return url.length > 8;
    if (lower.indexOf('http://') === 0) return url.length > 7;
    var headEnd = url.search(/[\/?#]/);
    return (headEnd < 0 ? url : url.slice(0, headEnd)).indexOf(':') < 0;
  }

  // Lone surrogates become U+FFFD, as they do when the string crosses into Rust.
  function wellFormed(text) {
    return text.toWellFormed ? text.toWellFormed() : text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, '$1\ufffd');
  }

  function isCookieName(name) {
    return typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+\-.\^_`|~]{1,64}$/.test(name);
  }

  /** Reads the configuration text: the parsed object (or the reason it is unusable) and the gate settings. */
  function readConfig(text) {
    var config = { raw: undefined, error: undefined, cookieName: 'jl_consent', revision: 1, pixelUrl: null, categories: DEFAULT_CATEGORIES.slice(), language: null, texts: null };
    if (typeof text !== 'string' || text.trim() === '') return config;
    if (utf8Length(text) > MAX_CONFIG_BYTES) {
      config.error = 'the configuration is larger than 256 KiB';
      return config;
    }
    var raw;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      config.error = String(error && error.message);
      return config;
    }
    if (!isObject(raw)) {
      config.error = 'expected a JSON object';
      return config;
    }
    if (!withinDepth(raw, 0)) {
      config.error = 'nesting is deeper than 32 levels';
      return config;
    }
    config.raw = raw;
    if (isObject(raw.cookie) && isCookieName(raw.cookie.name)) config.cookieName = raw.cookie.name;
    var revision = raw.revision;
    if (typeof revision === 'number' && Number.isInteger(revision) && revision >= 1 && revision <= 999999999) config.revision = revision;
    if (isSafeUrl(raw.pixelUrl)) config.pixelUrl = wellFormed(raw.pixelUrl);
    if (typeof raw.language === 'string') config.language = raw.language;
    if (isObject(raw.texts)) config.texts = raw.texts;
    return config;
  }

  // ---- the consent cookie, decoded as core/src/cookie_codec.rs decodes it ----

  function decimal(text, maxDigits) {
    return text.length <= maxDigits && /^(0|[1-9][0-9]*)$/.test(text) ? Number(text) : 0;
  }

  /** The decision in a cookie value, or null for anything that is not exactly the format. */
  function decodeCookie(value) {
    if (typeof value !== 'string' || value.length > 1024) return null;
    var fields = value.split('|');
    if (fields.length !== 5 || fields[0] !== '1') return null;
    var revision = decimal(fields[1], 9);
    var decidedAt = decimal(fields[2], 10);
    if (!revision || !decidedAt || !/^[0-9A-HJKMNP-TV-Z]{16}$/.test(fields[3])) return null;
    var choices = Object.create(null);
    var order = [];
    if (fields[4] !== '') {
      var pairs = fields[4].split('+');
      if (pairs.length > 32) return null;
      for (var i = 0; i < pairs.length; i++) {
        var match = /^([a-z][a-z0-9_-]{0,31}):([01])$/.exec(pairs[i]);
        if (!match || match[1] === 'necessary' || match[1] in choices) return null;
        choices[match[1]] = match[2] === '1';
        order.push(match[1]);
      }
    }
    return { revision: revision, decidedAt: decidedAt, consentId: fields[3], choices: choices, order: order };
  }

  /** The value of the first cookie called `name` (the most specific one, as browsers list them). */
  function readCookie(name) {
    var pairs = String(document.cookie).split(';');
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf('=');
      if (at >= 0 && pairs[i].slice(0, at).trim() === name) return pairs[i].slice(at + 1).trim();
    }
    return null;
  }

  /** A stored decision counts under this revision or a later one, and only if it answers every category. */
  function isCurrent(record, config) {
    if (!record || record.revision < config.revision) return false;
    for (var i = 0; i < config.categories.length; i++) {
      if (!(config.categories[i] in record.choices)) return false;
    }
    return true;
  }

  // ---- state ----

  var configElement = document.getElementById(CONFIG_ID);
  var config = readConfig(configElement ? configElement.textContent : null);
  var state = { record: null, view: 'closed' };
  var pixelRequested = false;

  function refreshDecision() {
    var record = decodeCookie(readCookie(config.cookieName));
    state.record = isCurrent(record, config) ? record : null;
  }

  function isGranted(category) {
    if (category === 'necessary') return true;
    return !!(state.record && state.record.choices[category] === true);
  }

  // ---- the gate: what a grant switches on ----

  function openGate() {
    if (isGranted('analytics') && config.pixelUrl && !pixelRequested) {
      pixelRequested = true;
      var pixel = document.createElement('script');
      pixel.src = config.pixelUrl;
      pixel.async = true;
      if (nonce) pixel.nonce = nonce;
      pixel.setAttribute('data-jl-consent', 'analytics');
      (document.head || document.documentElement).appendChild(pixel);
    }
  }

  // ---- language, for the loader's own two texts ----

  function language() {
    var candidates = [config.language !== 'auto' ? config.language : null, document.documentElement.getAttribute('lang')]
      .concat(Array.prototype.slice.call(navigator.languages || [navigator.language]));
    for (var i = 0; i < candidates.length; i++) {
      var primary = String(candidates[i] || '').trim().split(/[-_]/)[0].toLowerCase();
      if (SETTINGS_LABEL[primary]) return primary;
    }
    return 'ru';
  }

  function text(key, bundled) {
    var lang = language();
    var overrides = config.texts && config.texts[lang];
    var override = isObject(overrides) ? overrides[key] : null;
    return typeof override === 'string' && override.trim() ? override : bundled[lang];
  }

  // ---- the "Cookie settings" control and the status announcer ----

  var SETTINGS_CSS =
    ':host{all:initial}' +
    '.jl-open{position:fixed;z-index:2147482999;left:max(12px,env(safe-area-inset-left));bottom:max(12px,env(safe-area-inset-bottom));' +
    'width:44px;height:44px;border-radius:50%;border:1px solid var(--jl-border,#d5d9e0);background:var(--jl-bg,#fff);color:var(--jl-accent,#0b4f9c);' +
    'box-shadow:0 2px 10px rgba(10,14,22,.2);cursor:pointer;display:flex;align-items:center;justify-content:center;padding:0}' +
    '.jl-open:focus-visible{outline:3px solid var(--jl-focus,#c2410c);outline-offset:2px}' +
    '.jl-open[hidden]{display:none}.jl-open svg{width:24px;height:24px}' +
    '.jl-status{position:fixed;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    '@media (prefers-color-scheme:dark){.jl-open{background:var(--jl-bg,#171b22);color:var(--jl-accent,#7db4f5);border-color:var(--jl-border,#38404d)}}';
  var COOKIE_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-4-4 4 4 0 0 1-4-4 2 2 0 0 0-2-2Zm-3.5 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm6 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm-7 3a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z"/></svg>';

  var control = null;

  function createControl() {
    if (control || !document.body) return control;
    var host = document.createElement('jl-consent-settings');
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(SETTINGS_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (noConstructableSheets) {
      var style = document.createElement('style');
      style.textContent = SETTINGS_CSS;
      root.appendChild(style);
    }
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'jl-open';
    button.hidden = true;
    button.setAttribute('aria-label', text('settingsButton', SETTINGS_LABEL));
    button.setAttribute('aria-haspopup', 'dialog');
    button.title = text('settingsButton', SETTINGS_LABEL);
    button.innerHTML = COOKIE_ICON;
    button.addEventListener('click', function () { api.showPreferences(); });
    var status = document.createElement('div');
    status.className = 'jl-status';
    status.setAttribute('role', 'status');
    root.appendChild(button);
    root.appendChild(status);
    document.body.appendChild(host);
    control = { button: button, status: status };
    return control;
  }

  function updateControl() {
    var current = createControl();
    if (current) current.button.hidden = !(state.record && state.view === 'closed');
  }

  function announce(message) {
    var current = createControl();
    if (!current) return;
    current.status.textContent = '';
    setTimeout(function () { current.status.textContent = message; }, 50);
  }

  // ---- the widget (WebAssembly), loaded only when needed ----

  var widgetPromise = null;

  var bridge = {
    decided: function (cookieValue, action, first) {
      try {
        refreshDecision(); // the cookie, not the message, is the source of truth
        if (cookieValue && !state.record) warn('the decision could not be stored (are cookies blocked?)');
        openGate();
        if (cookieValue) announce(text('choiceSaved', SAVED_LABEL));
        updateControl();
      } catch (error) {
        warn('could not apply the decision', error);
      }
    },
    viewChanged: function (view) {
      state.view = view;
      try { updateControl(); } catch (error) { warn('could not update the settings control', error); }
    }
  };

  function whenBodyReady(callback) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback, { once: true });
    else callback();
  }

  function loadWidget() {
    if (!widgetPromise) {
      widgetPromise = import(base + 'jl-consent.js')
        .then(function (module) {
          return module.default({ module_or_path: base + 'jl-consent_bg.wasm' }).then(function () {
            return new Promise(function (resolve) {
              whenBodyReady(function () { resolve(module.mount(config.raw, config.error, bridge)); });
            });
          });
        })
        .catch(function (error) {
          warn('the consent widget could not be loaded; nothing optional will run', error);
          widgetPromise = null; // a later call may try again
          return null;
        });
    }
    return widgetPromise;
  }

  function withWidget(method) {
    return function () {
      return loadWidget().then(function (widget) {
        try {
          if (widget) widget[method]();
        } catch (error) {
          warn(method + ' failed', error);
        }
      });
    };
  }

  // ---- the page's API ----

  var api = {
    version: VERSION,
    /** Shows the banner. */
    show: withWidget('showBanner'),
    /** Opens the preferences. */
    showPreferences: withWidget('showPreferences'),
    /** Grants every optional category. */
    acceptAll: withWidget('acceptAll'),
    /** Refuses every optional category. */
    rejectAll: withWidget('rejectAll'),
    /** Forgets the decision and asks again. */
    reset: withWidget('reset'),
    /** The decision in force, or null. */
    getDecision: function () {
      try {
        var record = state.record;
        if (!record) return null;
        var choices = {};
        for (var i = 0; i < record.order.length; i++) choices[record.order[i]] = record.choices[record.order[i]];
        return { consentId: record.consentId, revision: record.revision, decidedAt: record.decidedAt, choices: choices };
      } catch (error) {
        warn('getDecision failed', error);
        return null;
      }
    },
    /** True while `category` may run. */
    isGranted: function (category) {
      try {
        return isGranted(String(category));
      } catch (error) {
        return false;
      }
    }
  };

  try {
    Object.defineProperty(window, 'JetConsent', { value: Object.freeze(api), configurable: false, writable: false });
  } catch (error) {
    window.JetConsent = api;
  }

  // Any element with data-jl-consent-open opens the preferences (a footer link, say), no inline script needed.
  document.addEventListener('click', function (event) {
    var target = event.target;
    var opener = target && target.closest ? target.closest('[data-jl-consent-open]') : null;
    if (opener) {
      event.preventDefault();
      api.showPreferences();
    }
  });

  // The pure readers, for the loader's tests only (they set this flag before loading the script).
  if (window.__jlConsentTestHooks === true) {
    window.__jlConsentTestHooks = { decodeCookie: decodeCookie, readConfig: readConfig, isSafeUrl: isSafeUrl };
  }

  // ---- start ----

  try {
    refreshDecision();
    if (state.record) {
      openGate();
      whenBodyReady(updateControl);
    } else {
      loadWidget();
    }
  } catch (error) {
    warn('could not start', error);
  }
})(window, document);
