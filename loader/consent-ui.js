/*! jl-consent: stage 2 */
// Loaded by stage 1 (consent.js) right after the gate decision, off the critical path. It adds:
// blocked scripts, iframes and images (activated when their category is granted, also when added
// later); deletion of refused services' cookies; events for the page, the DOM and dataLayer; the
// "Cookie settings" control; the consent-log queue; and the Yew widget (WebAssembly), loaded only
// when a decision is needed or asked for. Configuration keys are read by the same rules as the
// Rust core (core/tests/vectors). Nothing here throws into the page.
((window, document) => {
  'use strict';

  const gate = window.__jlConsentGate;
  if (!gate || gate.ui) return;
  const { config, state, warn, isObject, isCategoryId, isSafeUrl, isGranted } = gate;
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const LANGUAGES = ['ru', 'kk', 'en'];
  const SETTINGS_LABEL = { ru: 'Настройки cookie', kk: 'Cookie баптаулары', en: 'Cookie settings' };
  const SAVED_LABEL = { ru: 'Ваш выбор сохранён.', kk: 'Таңдауыңыз сақталды.', en: 'Your choice is saved.' };

  // ==== the rest of the configuration, read as core/src/config reads it ====

  const isText = (text) => typeof text === 'string' && text.trim() !== '' && [...text].length <= 2000;
  // A text for all languages, or {"ru": …, "kk": …, "en": …} with at least one usable entry.
  const isLocalizedText = (value) => isText(value)
    || (isObject(value) && Object.keys(value).some((key) => LANGUAGES.includes(key) && isText(value[key])));
  const isCookiePattern = (pattern) => typeof pattern === 'string'
    && /^[A-Za-z0-9!#$%&'+\-.^_`|~]{1,64}\*?$/.test(pattern);

  /** The keys stage 2 acts on: services' cookie patterns, the settings button, the log endpoint, texts. */
  const readUiConfig = (raw) => {
    const ui = { cookies: {}, settingsButton: true, logEndpoint: null, language: null, texts: null };
    if (!isObject(raw)) return ui;
    if (Array.isArray(raw.categories)) {
      const seen = new Set();
      let optional = 0;
      for (const entry of raw.categories) {
        const id = isObject(entry) ? entry.id : null;
        if (!isCategoryId(id) || seen.has(id)) continue;
        if (id !== 'necessary' && optional === 32) break;
        seen.add(id);
        if (id !== 'necessary') optional += 1;
        const patterns = (Array.isArray(entry.services) ? entry.services : [])
          .filter((s) => isObject(s) && isLocalizedText(s.name) && Array.isArray(s.cookies))
          .flatMap((s) => s.cookies.filter(isCookiePattern));
        if (patterns.length) ui.cookies[id] = patterns;
      }
    }
    if (typeof raw.settingsButton === 'boolean') ui.settingsButton = raw.settingsButton;
    if (isSafeUrl(raw.logEndpoint)) ui.logEndpoint = raw.logEndpoint.toWellFormed?.() ?? raw.logEndpoint;
    if (typeof raw.language === 'string' && raw.language.length <= 5) ui.language = raw.language;
    if (isObject(raw.texts)) ui.texts = raw.texts;
    return ui;
  };
  const ui = readUiConfig(config.raw);

  // ==== blocked elements: switched on once their category is granted ====

  const BLOCKED = 'script[type="text/plain"][data-consent],iframe[data-consent][data-src],img[data-consent][data-src]';

  // A <script type="text/plain" data-consent="…"> becomes a real script (same attributes, the
  // placeholder's nonce carried over); <iframe>/<img data-src> get their src.
  const activate = (element) => {
    const categories = String(element.getAttribute('data-consent') || '').split(/[\s,]+/).filter(Boolean);
    if (element.__jlActivated || !categories.length || !categories.every(isGranted)) return;
    element.__jlActivated = true;
    if (element.tagName !== 'SCRIPT') {
      if (element.hasAttribute('data-srcset')) element.setAttribute('srcset', element.getAttribute('data-srcset'));
      element.setAttribute('src', element.getAttribute('data-src'));
      return;
    }
    const live = document.createElement('script');
    for (const { name, value } of [...element.attributes]) {
      if (!/^(type|data-type|nonce)$/.test(name)) live.setAttribute(name, value);
    }
    if (element.getAttribute('data-type')) live.type = element.getAttribute('data-type');
    live.nonce = element.nonce || element.getAttribute('nonce') || '';
    if (!element.src) live.text = element.text;
    live.__jlActivated = true;
    element.replaceWith(live);
  };

  const activateWithin = (root) => {
    if (root.matches?.(BLOCKED)) activate(root);
    root.querySelectorAll?.(BLOCKED).forEach(activate);
  };

  // ==== cookie clearing: what refused categories' services set goes ====

  const matchesPattern = (pattern, name) => pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

  // A cookie is deleted only with the path and domain it was set with, which the page cannot read:
  // try every path above this page and every domain from this host up to the registrable one.
  const deleteCookie = (name) => {
    const parts = location.pathname.split('/');
    const paths = ['/'];
    for (let p = 2; p <= parts.length; p += 1) paths.push(parts.slice(0, p).join('/'));
    const labels = location.hostname.split('.');
    const domains = [''];
    for (let d = 0; d < labels.length - 1; d += 1) {
      const domain = labels.slice(d).join('.');
      domains.push(`; domain=${domain}`, `; domain=.${domain}`);
    }
    for (const path of paths) {
      for (const domain of domains) {
        document.cookie = `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${path}${domain}`;
      }
    }
  };

  const clearRefusedCookies = () => {
    if (!state.record) return;
    const names = String(document.cookie).split(';').map((pair) => pair.split('=')[0].trim()).filter(Boolean);
    for (const category of Object.keys(ui.cookies)) {
      if (isGranted(category)) continue;
      for (const name of names) {
        if (name !== config.cookieName && ui.cookies[category].some((p) => matchesPattern(p, name))) deleteCookie(name);
      }
    }
  };

  // ==== events: for the page (API and DOM) and for Google Tag Manager (dataLayer) ====

  const listeners = { decision: [], 'first-decision': [], change: [] };
  let decisionAnnounced = false;

  const eventDetail = (extra) => {
    const record = state.record;
    return {
      consentId: record?.consentId ?? null,
      revision: record?.revision ?? null,
      decidedAt: record?.decidedAt ?? null,
      granted: ['necessary', ...config.categories.filter(isGranted)],
      refused: config.categories.filter((c) => !isGranted(c)),
      ...extra,
    };
  };

  const emit = (name, detail) => {
    if (name === 'decision') decisionAnnounced = true;
    for (const handler of listeners[name].slice()) {
      try { handler(detail); } catch (error) { warn(`a "${name}" listener failed`, error); }
    }
    try {
      document.dispatchEvent(new CustomEvent(`jl-consent:${name}`, { detail }));
    } catch (error) {
      warn(`could not dispatch jl-consent:${name}`, error);
    }
    (window.dataLayer = window.dataLayer || []).push({ event: `jl_consent_${name.replace('-', '_')}`, jlConsent: detail });
  };

  // ==== the consent log: a queue that survives failures and page loads ====
  // The widget hands over each impression and receipt; they wait in localStorage until the server
  // has acknowledged them (202, or 409 for ones it already has), so an unreachable server loses
  // nothing: the next attempt is on this page after a back-off, or on the next page load.

  const QUEUE_KEY = 'jl_consent_queue';
  const MAX_QUEUE = 500;
  let memoryQueue = [];
  let sending = false;
  let retryTimer = null;
  let retryDelay = 2000;

  const readQueue = () => {
    try {
      const stored = JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]');
      return Array.isArray(stored) ? stored.filter((e) => typeof e === 'string') : [];
    } catch {
      return memoryQueue.slice();
    }
  };

  const writeQueue = (queue) => {
    memoryQueue = queue.slice();
    try {
      if (queue.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
      else localStorage.removeItem(QUEUE_KEY);
    } catch { /* kept in memory for this page */ }
  };

  const dropFromQueue = (sent) => writeQueue(readQueue().filter((event) => !sent.includes(event)));

  const scheduleRetry = () => {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      flushLog();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 4, 120000);
  };

  const flushLog = () => {
    if (!ui.logEndpoint || sending || !window.fetch) return;
    const batch = readQueue().slice(0, 50);
    if (!batch.length) return;
    sending = true;
    // text/plain keeps this a simple request (no CORS preflight); keepalive lets it finish when
    // the visitor navigates away right after deciding.
    fetch(ui.logEndpoint, {
      method: 'POST', body: `{"events":[${batch.join(',')}]}`, keepalive: true,
      credentials: 'omit', headers: { 'Content-Type': 'text/plain' },
    }).then((response) => {
      sending = false;
      const { status } = response;
      if (status === 202 || status === 409) {
        retryDelay = 2000;
        dropFromQueue(batch);
        flushLog();
      } else if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
        warn(`the consent log refused ${batch.length} event(s) (HTTP ${status}); they are dropped`);
        dropFromQueue(batch);
        flushLog();
      } else {
        scheduleRetry();
      }
    }, () => {
      sending = false;
      scheduleRetry();
    });
  };

  const logEvent = (eventJson) => {
    if (!ui.logEndpoint || typeof eventJson !== 'string') return;
    let queue = readQueue();
    queue.push(eventJson);
    if (queue.length > MAX_QUEUE) {
      warn('the consent log queue is full; the oldest events are dropped');
      queue = queue.slice(queue.length - MAX_QUEUE);
    }
    writeQueue(queue);
    flushLog();
  };

  // ==== language, for the two texts stage 2 shows itself ====

  const language = () => {
    const candidates = [ui.language !== 'auto' ? ui.language : null, document.documentElement.getAttribute('lang'),
      ...(navigator.languages || [navigator.language])];
    for (const candidate of candidates) {
      const primary = String(candidate || '').trim().split(/[-_]/)[0].toLowerCase();
      if (LANGUAGES.includes(primary)) return primary;
    }
    return 'ru';
  };

  const text = (key, bundled) => {
    const lang = language();
    const override = isObject(ui.texts?.[lang]) ? ui.texts[lang][key] : null;
    return isText(override) ? override : bundled[lang];
  };

  // ==== the "Cookie settings" control and the status announcer ====

  const SETTINGS_CSS = ':host{all:initial}'
    + '.jl-open{position:fixed;z-index:2147482999;left:max(12px,env(safe-area-inset-left));bottom:max(12px,env(safe-area-inset-bottom));'
    + 'width:44px;height:44px;border-radius:50%;border:1px solid var(--jl-border,#d5d9e0);background:var(--jl-bg,#fff);color:var(--jl-accent,#0b4f9c);'
    + 'box-shadow:0 2px 10px rgba(10,14,22,.2);cursor:pointer;display:flex;align-items:center;justify-content:center;padding:0}'
    + '.jl-open:focus-visible{outline:3px solid var(--jl-focus,#c2410c);outline-offset:2px}'
    + '.jl-open[hidden]{display:none}.jl-open svg{width:24px;height:24px}'
    + '.jl-status{position:fixed;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
    + '@media (prefers-color-scheme:dark){.jl-open{background:var(--jl-bg,#171b22);color:var(--jl-accent,#7db4f5);border-color:var(--jl-border,#38404d)}}';
  const COOKIE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-4-4 4 4 0 0 1-4-4 2 2 0 0 0-2-2Zm-3.5 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm6 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm-7 3a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z"/></svg>';

  let control = null;
  let view = 'closed';

  const createControl = () => {
    if (control || !document.body) return control;
    const host = document.createElement('jl-consent-settings');
    const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(SETTINGS_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = SETTINGS_CSS;
      root.append(style);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'jl-open';
    button.hidden = true;
    button.title = text('settingsButton', SETTINGS_LABEL);
    button.setAttribute('aria-label', button.title);
    button.setAttribute('aria-haspopup', 'dialog');
    button.innerHTML = COOKIE_ICON;
    button.addEventListener('click', () => actions.showPreferences());
    const status = document.createElement('div');
    status.className = 'jl-status';
    status.setAttribute('role', 'status');
    root.append(button, status);
    document.body.append(host);
    control = { button, status };
    return control;
  };

  const updateControl = () => {
    const current = createControl();
    if (current) current.button.hidden = !(ui.settingsButton && state.record && view === 'closed');
  };

  const announce = (message) => {
    const current = createControl();
    if (!current) return;
    current.status.textContent = '';
    setTimeout(() => { current.status.textContent = message; }, 50);
  };

  // ==== the widget (WebAssembly), loaded only when needed ====

  const whenBodyReady = (callback) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback, { once: true });
    else callback();
  };

  const bridge = {
    // The widget stored a decision (or, with a null value, forgot it).
    decided(cookieValue, action, first) {
      try {
        const before = state.record;
        gate.refresh(); // the cookie, not the message, is the source of truth
        if (cookieValue && !state.record) warn('the decision could not be stored (are cookies blocked?)');
        gate.apply();
        updateControl();
        if (!state.record) return;
        announce(text('choiceSaved', SAVED_LABEL));
        const detail = eventDetail({ action, first: !!first, initial: false });
        emit(first || !before ? 'first-decision' : 'change', detail);
        emit('decision', detail);
      } catch (error) {
        warn('could not apply the decision', error);
      }
    },
    log(eventJson) {
      try { logEvent(eventJson); } catch (error) { warn('could not queue a consent-log event', error); }
    },
    viewChanged(newView) {
      view = newView;
      try { updateControl(); } catch (error) { warn('could not update the settings control', error); }
    },
  };

  let widgetPromise = null;

  const loadWidget = () => {
    widgetPromise ||= import(`${gate.base}jl-consent.js`)
      .then((module) => module.default({ module_or_path: `${gate.base}jl-consent_bg.wasm` })
        .then(() => new Promise((resolve) => whenBodyReady(() => resolve(module.mount(config.raw, config.error, bridge))))))
      .catch((error) => {
        warn('the consent widget could not be loaded; nothing optional will run', error);
        widgetPromise = null; // a later call may try again
        return null;
      });
    return widgetPromise;
  };

  const withWidget = (method) => () => loadWidget().then((widget) => {
    try {
      widget?.[method]();
    } catch (error) {
      warn(`${method} failed`, error);
    }
  });

  // ==== the API's actions (stage 1 forwards calls here, and queued them until now) ====

  const actions = {
    show: withWidget('showBanner'),
    showPreferences: withWidget('showPreferences'),
    acceptAll: withWidget('acceptAll'),
    rejectAll: withWidget('rejectAll'),
    reset: withWidget('reset'),
    // A "decision" listener added after the decision in force was announced is called with it at once.
    on(name, handler) {
      if (!has(listeners, name) || typeof handler !== 'function') {
        warn(`on(): unknown event "${String(name)}" or no function given`);
        return;
      }
      listeners[name].push(handler);
      if (name === 'decision' && state.record && decisionAnnounced) {
        const detail = eventDetail({ action: null, first: false, initial: true });
        setTimeout(() => {
          try { handler(detail); } catch (error) { warn('a "decision" listener failed', error); }
        }, 0);
      }
    },
    off(name, handler) {
      if (has(listeners, name)) listeners[name] = listeners[name].filter((h) => h !== handler);
    },
  };

  gate.api.version = '0.3.0';
  Object.freeze(gate.api);
  gate.ui = {
    call(name, args) {
      try {
        return actions[name](...args);
      } catch (error) {
        warn(`${name}() failed`, error);
        return undefined;
      }
    },
    readUiConfig,
  };

  // Any element with data-jl-consent-open opens the preferences (a footer link, say), no inline script needed.
  document.addEventListener('click', (event) => {
    if (event.target?.closest?.('[data-jl-consent-open]')) {
      event.preventDefault();
      actions.showPreferences();
    }
  });

  // ==== start ====

  try {
    gate.applied.push(() => {
      if (state.record) activateWithin(document);
      clearRefusedCookies();
    });
    // Elements the page adds later (or the parser adds after this script) are handled as they come.
    if (window.MutationObserver) {
      new MutationObserver((mutations) => {
        if (!state.record) return;
        for (const mutation of mutations) for (const node of mutation.addedNodes) if (node.nodeType === 1) activateWithin(node);
      }).observe(document.documentElement, { childList: true, subtree: true });
    }
    for (const [name, args, resolve] of gate.pending.splice(0)) resolve(gate.ui.call(name, args));
    if (ui.logEndpoint) setTimeout(flushLog, 0); // what an earlier page could not send
    if (state.record) {
      whenBodyReady(() => {
        activateWithin(document);
        clearRefusedCookies();
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
