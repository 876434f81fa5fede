/*! Jet Leasing consent loader | the first stage of the consent widget */
// Every page loads this small classic script. It:
//  - reads the configuration block and the consent cookie by the same rules as the Rust core
//    (held together by the shared vectors in core/tests/vectors/*.json);
//  - sends Google Consent Mode's defaults (all denied) before any tag runs;
//  - opens the gate for a returning visitor at once — the pixel and every blocked script, iframe
//    and image of a granted category — with no WebAssembly on that path;
//  - loads the Yew widget (WebAssembly) only when a decision is needed or asked for;
//  - offers the page window.JetConsent (API and events) and the "Cookie settings" control.
// It never throws into the page: every entry point is guarded, and when in doubt it loads
// nothing optional (fail closed).
(function (window, document) {
  'use strict';

  if (window.JetConsent && window.JetConsent.version) return; // the snippet was included twice

  var VERSION = '0.2.0';
  var CONFIG_ID = 'jl-consent-config';
  var MAX_CONFIG_BYTES = 262144;
  var MAX_DEPTH = 32;
  var MAX_CATEGORIES = 32;
  var MAX_TEXT = 2000;
  var LANGUAGES = ['ru', 'kk', 'en'];
  var SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
    'functionality_storage', 'personalization_storage', 'security_storage'];
  var SETTINGS_LABEL = { ru: 'Настройки cookie', kk: 'Cookie баптаулары', en: 'Cookie settings' };
  var SAVED_LABEL = { ru: 'Ваш выбор сохранён.', kk: 'Таңдауыңыз сақталды.', en: 'Your choice is saved.' };

  var script = document.currentScript;
  var base = script && script.src ? new URL('.', script.src).href : new URL('.', document.baseURI).href;
  var nonce = script ? script.nonce || script.getAttribute('nonce') : '';

  function warn(message, detail) {
    try {
      if (window.console) window.console.warn('jl-consent: ' + message, detail === undefined ? '' : detail);
    } catch (ignored) { /* a page that broke its console still works */ }
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // ==== configuration: the keys the loader acts on, read as core/src/config reads them ====

  function utf8Length(text) {
    return window.TextEncoder ? new window.TextEncoder().encode(text).length : unescape(encodeURIComponent(text)).length;
  }

  function withinDepth(value, depth) {
    if (value === null || typeof value !== 'object') return true;
    if (depth >= MAX_DEPTH) return false;
    for (var key in value) {
      if (has(value, key) && !withinDepth(value[key], depth + 1)) return false;
    }
    return true;
  }

  // Lone surrogates become U+FFFD, as they do when the string crosses into Rust.
  function wellFormed(text) {
    return text.toWellFormed ? text.toWellFormed() : text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, '$1\ufffd');
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

  function isCookieName(name) {
    return typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+\-.\^_`|~]{1,64}$/.test(name);
  }

  function isCookiePattern(pattern) {
    if (typeof pattern !== 'string') return false;
    var name = pattern.slice(-1) === '*' ? pattern.slice(0, -1) : pattern;
    return isCookieName(name) && name.indexOf('*') < 0;
  }

  function isCategoryId(id) {
    return typeof id === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(id);
  }

  function isText(text) {
    return typeof text === 'string' && text.trim() !== '' && Array.from(text).length <= MAX_TEXT;
  }

  // A text for all languages, or {"ru": …, "kk": …, "en": …} with at least one usable entry.
  function isLocalizedText(value) {
    if (typeof value === 'string') return isText(value);
    if (!isObject(value)) return false;
    for (var key in value) {
      if (has(value, key) && LANGUAGES.indexOf(key) >= 0 && isText(value[key])) return true;
    }
    return false;
  }

  function isWholeNumber(value, min, max) {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  }

  function defaultConsentMode() {
    return {
      enabled: true,
      waitForUpdate: 500,
      signals: {
        necessary: ['functionality_storage', 'security_storage'],
        analytics: ['analytics_storage'],
        advertising: ['ad_storage', 'ad_user_data', 'ad_personalization']
      }
    };
  }

  function readConsentMode(value) {
    var mode = defaultConsentMode();
    if (typeof value === 'boolean') {
      mode.enabled = value;
      return mode;
    }
    if (!isObject(value)) return mode;
    if (typeof value.enabled === 'boolean') mode.enabled = value.enabled;
    if (isWholeNumber(value.waitForUpdate, 0, 10000)) mode.waitForUpdate = value.waitForUpdate;
    if (isObject(value.signals)) {
      var signals = {};
      for (var id in value.signals) {
        if (!has(value.signals, id) || !isCategoryId(id) || !Array.isArray(value.signals[id])) continue;
        signals[id] = value.signals[id].filter(function (name) { return SIGNALS.indexOf(name) >= 0; });
      }
      mode.signals = signals;
    }
    return mode;
  }

  // Which categories survive (a valid, unique id; at most 32 optional ones) and which cookie
  // patterns their named services declare.
  function readCategories(value, config) {
    if (!Array.isArray(value)) return;
    var ids = [];
    var seen = {};
    var cookies = {};
    for (var i = 0; i < value.length; i++) {
      var entry = value[i];
      if (!isObject(entry) || !isCategoryId(entry.id) || has(seen, entry.id)) continue;
      if (entry.id !== 'necessary' && ids.length === MAX_CATEGORIES) break;
      seen[entry.id] = true;
      if (entry.id !== 'necessary') ids.push(entry.id);
      var patterns = [];
      var services = Array.isArray(entry.services) ? entry.services : [];
      for (var j = 0; j < services.length; j++) {
        var service = services[j];
        if (!isObject(service) || !isLocalizedText(service.name) || !Array.isArray(service.cookies)) continue;
        patterns = patterns.concat(service.cookies.filter(isCookiePattern));
      }
      if (patterns.length) cookies[entry.id] = patterns;
    }
    config.categories = ids;
    config.cookies = cookies;
  }

  /** The configuration: the parsed object for the widget (or why it is unusable) and the loader's keys. */
  function readConfig(text) {
    var config = {
      raw: undefined, error: undefined, cookieName: 'jl_consent', revision: 1, pixelUrl: null,
      categories: ['analytics', 'advertising'], cookies: {}, consentMode: defaultConsentMode(),
      settingsButton: true, language: null, texts: null, logEndpoint: null
    };
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
    if (isWholeNumber(raw.revision, 1, 999999999)) config.revision = raw.revision;
    if (isSafeUrl(raw.pixelUrl)) config.pixelUrl = wellFormed(raw.pixelUrl);
    readCategories(raw.categories, config);
    if (has(raw, 'googleConsentMode')) config.consentMode = readConsentMode(raw.googleConsentMode);
    if (typeof raw.settingsButton === 'boolean') config.settingsButton = raw.settingsButton;
    if (isSafeUrl(raw.logEndpoint)) config.logEndpoint = wellFormed(raw.logEndpoint);
    if (typeof raw.language === 'string' && raw.language.length <= 5) config.language = raw.language;
    if (isObject(raw.texts)) config.texts = raw.texts;
    return config;
  }

  // ==== the consent cookie, decoded as core/src/cookie_codec.rs decodes it ====

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

  function cookieNames() {
    return String(document.cookie).split(';').map(function (pair) {
      var at = pair.indexOf('=');
      return (at < 0 ? pair : pair.slice(0, at)).trim();
    }).filter(Boolean);
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

  // ==== state ====

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

  // ==== Google Consent Mode v2 ====

  function gtag() {
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push(arguments);
  }

  function consentSignals() {
    var signals = {};
    for (var s = 0; s < SIGNALS.length; s++) signals[SIGNALS[s]] = 'denied';
    for (var id in config.consentMode.signals) {
      if (!has(config.consentMode.signals, id) || !isGranted(id)) continue;
      var names = config.consentMode.signals[id];
      for (var n = 0; n < names.length; n++) signals[names[n]] = 'granted';
    }
    return signals;
  }

  // Before any tag runs: everything denied but what the strictly necessary category grants.
  function sendConsentDefault() {
    if (!config.consentMode.enabled) return;
    var necessary = config.consentMode.signals.necessary || [];
    var defaults = {};
    for (var s = 0; s < SIGNALS.length; s++) {
      defaults[SIGNALS[s]] = necessary.indexOf(SIGNALS[s]) >= 0 ? 'granted' : 'denied';
    }
    defaults.wait_for_update = config.consentMode.waitForUpdate;
    gtag('consent', 'default', defaults);
  }

  function sendConsentUpdate() {
    if (config.consentMode.enabled) gtag('consent', 'update', consentSignals());
  }

  // ==== the gate: what a grant switches on, what a refusal clears ====

  function requiredCategories(element) {
    return String(element.getAttribute('data-consent') || '').split(/[\s,]+/).filter(Boolean);
  }

  function allGranted(categories) {
    for (var i = 0; i < categories.length; i++) {
      if (!isGranted(categories[i])) return false;
    }
    return categories.length > 0;
  }

  // A <script type="text/plain" data-consent="…"> becomes a real script (same attributes, the
  // placeholder's nonce carried over); <iframe>/<img data-src> get their src.
  function activate(element) {
    if (element.__jlActivated || !allGranted(requiredCategories(element))) return;
    element.__jlActivated = true;
    if (element.tagName === 'SCRIPT') {
      var live = document.createElement('script');
      for (var i = 0; i < element.attributes.length; i++) {
        var attribute = element.attributes[i];
        if (attribute.name !== 'type' && attribute.name !== 'data-type' && attribute.name !== 'nonce') {
          live.setAttribute(attribute.name, attribute.value);
        }
      }
      var type = element.getAttribute('data-type');
      if (type) live.type = type;
      var placeholderNonce = element.nonce || element.getAttribute('nonce');
      if (placeholderNonce) live.nonce = placeholderNonce;
      if (!element.src) live.text = element.text;
      live.__jlActivated = true;
      element.parentNode.replaceChild(live, element);
    } else {
      if (element.hasAttribute('data-srcset')) element.setAttribute('srcset', element.getAttribute('data-srcset'));
      element.setAttribute('src', element.getAttribute('data-src'));
    }
  }

  var BLOCKED = 'script[type="text/plain"][data-consent],iframe[data-consent][data-src],img[data-consent][data-src]';

  function activateWithin(root) {
    if (root.matches && root.matches(BLOCKED)) activate(root);
    if (!root.querySelectorAll) return;
    var found = root.querySelectorAll(BLOCKED);
    for (var i = 0; i < found.length; i++) activate(found[i]);
  }

  // Elements the page adds later (or the parser adds after this script) are handled as they come.
  function watchForBlockedElements() {
    if (!window.MutationObserver) return;
    new MutationObserver(function (mutations) {
      if (!state.record) return;
      for (var m = 0; m < mutations.length; m++) {
        var added = mutations[m].addedNodes;
        for (var a = 0; a < added.length; a++) {
          if (added[a].nodeType === 1) activateWithin(added[a]);
        }
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  function requestPixel() {
    if (!isGranted('analytics') || !config.pixelUrl || pixelRequested) return;
    pixelRequested = true;
    var pixel = document.createElement('script');
    pixel.src = config.pixelUrl;
    pixel.async = true;
    if (nonce) pixel.nonce = nonce;
    pixel.setAttribute('data-jl-consent', 'analytics');
    (document.head || document.documentElement).appendChild(pixel);
  }

  function matchesPattern(pattern, name) {
    return pattern.slice(-1) === '*' ? name.indexOf(pattern.slice(0, -1)) === 0 : name === pattern;
  }

  // A cookie is deleted only with the path and domain it was set with, which the page cannot read:
  // try every path above this page and every domain from this host up to the registrable one.
  function deleteCookie(name) {
    var paths = ['/'];
    var parts = location.pathname.split('/');
    for (var p = 2; p <= parts.length; p++) paths.push(parts.slice(0, p).join('/'));
    var domains = [''];
    var labels = location.hostname.split('.');
    for (var d = 0; d < labels.length - 1; d++) {
      var domain = labels.slice(d).join('.');
      domains.push('; domain=' + domain, '; domain=.' + domain);
    }
    for (var i = 0; i < paths.length; i++) {
      for (var j = 0; j < domains.length; j++) {
        document.cookie = name + '=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; path=' + paths[i] + domains[j];
      }
    }
  }

  // The cookies of every refused category's services go, whenever a decision is in force.
  function clearRefusedCookies() {
    if (!state.record) return;
    var names = cookieNames();
    for (var category in config.cookies) {
      if (!has(config.cookies, category) || isGranted(category)) continue;
      var patterns = config.cookies[category];
      for (var n = 0; n < names.length; n++) {
        for (var p = 0; p < patterns.length; p++) {
          if (names[n] !== config.cookieName && matchesPattern(patterns[p], names[n])) {
            deleteCookie(names[n]);
            break;
          }
        }
      }
    }
  }

  function applyDecision() {
    sendConsentUpdate();
    requestPixel();
    if (state.record) activateWithin(document);
    clearRefusedCookies();
  }

  // ==== events: for the page (API and DOM) and for Google Tag Manager (dataLayer) ====

  var listeners = { decision: [], 'first-decision': [], change: [] };
  var decisionAnnounced = false;

  function eventDetail(extra) {
    var record = state.record;
    var granted = ['necessary'];
    var refused = [];
    for (var i = 0; i < config.categories.length; i++) {
      (isGranted(config.categories[i]) ? granted : refused).push(config.categories[i]);
    }
    var detail = {
      consentId: record ? record.consentId : null,
      revision: record ? record.revision : null,
      decidedAt: record ? record.decidedAt : null,
      granted: granted,
      refused: refused
    };
    for (var key in extra) if (has(extra, key)) detail[key] = extra[key];
    return detail;
  }

  function emit(name, detail) {
    if (name === 'decision') decisionAnnounced = true;
    var handlers = listeners[name].slice();
    for (var i = 0; i < handlers.length; i++) {
      try {
        handlers[i](detail);
      } catch (error) {
        warn('a "' + name + '" listener failed', error);
      }
    }
    try {
      document.dispatchEvent(new CustomEvent('jl-consent:' + name, { detail: detail }));
    } catch (error) {
      warn('could not dispatch jl-consent:' + name, error);
    }
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push({ event: 'jl_consent_' + name.replace('-', '_'), jlConsent: detail });
  }

  // ==== the consent log: a queue that survives failures and page loads ====
  // The widget hands over each impression and receipt; they wait in localStorage until the server
  // has acknowledged them (202, or 409 for ones it already has), so an unreachable server loses
  // nothing: the next attempt is on this page after a back-off, or on the next page load.

  var QUEUE_KEY = 'jl_consent_queue';
  var MAX_QUEUE = 500;
  var memoryQueue = [];
  var sending = false;
  var retryTimer = null;
  var retryDelay = 2000;

  function readQueue() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || '[]');
      return Array.isArray(stored) ? stored.filter(function (e) { return typeof e === 'string'; }) : [];
    } catch (unavailable) {
      return memoryQueue.slice();
    }
  }

  function writeQueue(queue) {
    memoryQueue = queue.slice();
    try {
      if (queue.length) window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
      else window.localStorage.removeItem(QUEUE_KEY);
    } catch (unavailable) { /* kept in memory for this page */ }
  }

  function dropFromQueue(sent) {
    writeQueue(readQueue().filter(function (event) { return sent.indexOf(event) < 0; }));
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flushLog();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 4, 120000);
  }

  function flushLog() {
    if (!config.logEndpoint || sending || !window.fetch) return;
    var batch = readQueue().slice(0, 50);
    if (!batch.length) return;
    sending = true;
    // text/plain keeps this a simple request (no CORS preflight); keepalive lets it finish when
    // the visitor navigates away right after deciding.
    window.fetch(config.logEndpoint, {
      method: 'POST', body: '{"events":[' + batch.join(',') + ']}', keepalive: true,
      credentials: 'omit', headers: { 'Content-Type': 'text/plain' }
    }).then(function (response) {
      sending = false;
      if (response.status === 202 || response.status === 409) {
        retryDelay = 2000;
        dropFromQueue(batch);
        flushLog();
      } else if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) {
        warn('the consent log refused ' + batch.length + ' event(s) (HTTP ' + response.status + '); they are dropped');
        dropFromQueue(batch);
        flushLog();
      } else {
        scheduleRetry();
      }
    }, function () {
      sending = false;
      scheduleRetry();
    });
  }

  function logEvent(eventJson) {
    if (!config.logEndpoint || typeof eventJson !== 'string') return;
    var queue = readQueue();
    queue.push(eventJson);
    if (queue.length > MAX_QUEUE) {
      warn('the consent log queue is full; the oldest events are dropped');
      queue = queue.slice(queue.length - MAX_QUEUE);
    }
    writeQueue(queue);
    flushLog();
  }

  // ==== language, for the loader's own two texts ====

  function language() {
    var candidates = [config.language !== 'auto' ? config.language : null, document.documentElement.getAttribute('lang')]
      .concat(Array.prototype.slice.call(navigator.languages || [navigator.language]));
    for (var i = 0; i < candidates.length; i++) {
      var primary = String(candidates[i] || '').trim().split(/[-_]/)[0].toLowerCase();
      if (LANGUAGES.indexOf(primary) >= 0) return primary;
    }
    return 'ru';
  }

  function text(key, bundled) {
    var lang = language();
    var overrides = config.texts && config.texts[lang];
    var override = isObject(overrides) ? overrides[key] : null;
    return isText(override) ? override : bundled[lang];
  }

  // ==== the "Cookie settings" control and the status announcer ====

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
    if (current) current.button.hidden = !(config.settingsButton && state.record && state.view === 'closed');
  }

  function announce(message) {
    var current = createControl();
    if (!current) return;
    current.status.textContent = '';
    setTimeout(function () { current.status.textContent = message; }, 50);
  }

  // ==== the widget (WebAssembly), loaded only when needed ====

  var widgetPromise = null;

  var bridge = {
    // The widget stored a decision (or, with a null value, forgot it).
    decided: function (cookieValue, action, first) {
      try {
        var before = state.record;
        refreshDecision(); // the cookie, not the message, is the source of truth
        if (cookieValue && !state.record) warn('the decision could not be stored (are cookies blocked?)');
        applyDecision();
        updateControl();
        if (!state.record) return;
        announce(text('choiceSaved', SAVED_LABEL));
        var detail = eventDetail({ action: action, first: !!first, initial: false });
        emit(first || !before ? 'first-decision' : 'change', detail);
        emit('decision', detail);
      } catch (error) {
        warn('could not apply the decision', error);
      }
    },
    log: function (eventJson) {
      try { logEvent(eventJson); } catch (error) { warn('could not queue a consent-log event', error); }
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

  // ==== the page's API (typed in consent.d.ts) ====

  var api = {
    version: VERSION,
    show: withWidget('showBanner'),
    showPreferences: withWidget('showPreferences'),
    acceptAll: withWidget('acceptAll'),
    rejectAll: withWidget('rejectAll'),
    reset: withWidget('reset'),
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
    isGranted: function (category) {
      try {
        return isGranted(String(category));
      } catch (error) {
        return false;
      }
    },
    // A "decision" listener added after the decision in force was announced is called with it at once.
    on: function (name, handler) {
      try {
        if (!has(listeners, name) || typeof handler !== 'function') {
          warn('on(): unknown event "' + String(name) + '" or no function given');
          return;
        }
        listeners[name].push(handler);
        if (name === 'decision' && state.record && decisionAnnounced) {
          var detail = eventDetail({ action: null, first: false, initial: true });
          setTimeout(function () {
            try { handler(detail); } catch (error) { warn('a "decision" listener failed', error); }
          }, 0);
        }
      } catch (error) {
        warn('on() failed', error);
      }
    },
    off: function (name, handler) {
      try {
        if (has(listeners, name)) listeners[name] = listeners[name].filter(function (h) { return h !== handler; });
      } catch (error) {
        warn('off() failed', error);
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

  // ==== start ====

  try {
    refreshDecision();
    sendConsentDefault();
    watchForBlockedElements();
    if (config.logEndpoint) setTimeout(flushLog, 0); // what an earlier page could not send
    if (state.record) {
      applyDecision();
      whenBodyReady(function () {
        activateWithin(document);
        updateControl();
        emit('decision', eventDetail({ action: null, first: false, initial: true }));
      });
    } else {
      loadWidget();
    }
  } catch (error) {
    warn('could not start', error);
  }
})(window, document);
