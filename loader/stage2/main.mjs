// Stage 2 of the loader (dist/consent-ui.js, bundled from this folder): loaded by stage 1
// (consent.js) right after the gate decision, off the critical path. It reads the whole
// configuration and reports its problems, then adds: blocked scripts, iframes and images; deletion
// of refused services' cookies; events for the page, the DOM and dataLayer; the "Cookie settings"
// control; the consent-log outbox; a reload when a withdrawal must stop what already runs; and the
// Yew widget, loaded only when a decision is needed or asked for, or to render a policy page's
// cookie declaration. Nothing here throws into the page.
import { activate, activateWithin, clearRefused, leftovers } from './blocking.mjs';
import { CATALOGUE_RULES, completeServices, lacksTexts, readConfiguration } from './config.mjs';
import { createConsentLog } from './consent-log.mjs';
import { createDeclarations } from './declarations.mjs';
import { createEvents, eventDetail } from './events.mjs';
import { fetchOnce } from './fetch-once.mjs';
import { negotiateLanguage, stageText } from './language.mjs';
import { lazyPlaceholders } from './lazy-placeholders.mjs';
import { focusToKeep, takeReloadNote, writeReloadNote } from './reload-note.mjs';
import { createSettingsControl } from './settings-control.mjs';
import { createWidgetLoader, instantiateEarly } from './widget.mjs';
import { createWithdrawal } from './withdrawal.mjs';

/** @typedef {import('../gate.mjs').Gate} Gate */

const VERSION = JL_CONSENT_VERSION; // the product version (Cargo.toml), set by bundle.mjs

function report(problem) {
  try {
    if (problem.fatal) console.error(problem.text);
    else console.warn(problem.text);
  } catch { /* no console */ }
}

// The page's API calls (stage 1 queued them until now) go to `actions`.
/** @param {Gate} gate */
function connectApi(gate, actions) {
  gate.api.version = VERSION;
  Object.freeze(gate.api);
  gate.ui = {
    call(name, args) {
      try {
        return actions[name](...args);
      } catch (error) {
        gate.warn(`${name}() failed`, error);
        return undefined;
      }
    },
  };
  for (const [name, args, resolve] of gate.pending.splice(0)) resolve(gate.ui.call(name, args));
}

/** @param {Gate} gate */
function listen(events, gate, name, handler) {
  if (!events.isKnown(name) || typeof handler !== 'function') {
    gate.warn(`on(): unknown event "${String(name)}" or no function given`);
    return;
  }
  events.on(name, handler, () => (gate.state.record ? eventDetail(gate, { action: null, first: false, initial: true }) : null));
}

// Any element with data-jl-consent-open opens the preferences (a footer link, say).
function openOnClick(document, open) {
  document.addEventListener('click', (event) => {
    if (event.target?.closest?.('[data-jl-consent-open]')) {
      event.preventDefault();
      open();
    }
  });
}

// A configuration that cannot be used turns the widget off on this page (stage 1 already ignores
// every stored decision): the API answers, nothing opens, and the console says why.
/** @param {Gate} gate */
function startOff(gate, document, events) {
  const off = () => gate.warn('the configuration cannot be used (see the error above): the widget stays off');
  const actions = {
    show: off, showPreferences: off, acceptAll: off, rejectAll: off, reset: off, acceptCategory: off,
    on: (name, handler) => listen(events, gate, name, handler),
    off: (name, handler) => events.isKnown(name) && events.off(name, handler),
  };
  connectApi(gate, actions);
  openOnClick(document, off);
}

/** @param {Gate} gate */
function startOn(gate, window, document, config, events) {
  const { state, warn } = gate;
  const isGranted = gate.isGranted;
  const leftBehind = leftovers(config);
  const language = negotiateLanguage(config.language, document, window.navigator);
  const log = config.logEndpoint && window.fetch
    ? createConsentLog(config.logEndpoint, {
      fetch: window.fetch.bind(window),
      sendBeacon: window.navigator.sendBeacon?.bind(window.navigator),
      localStorage: (() => { try { return window.localStorage; } catch { return null; } })(),
      setTimeout: window.setTimeout.bind(window),
      addEventListener: window.addEventListener.bind(window),
      document,
    }, warn)
    : null;
  let view = 'closed';
  const actions = {};
  const control = createSettingsControl(document, window, stageText(config, language, 'settingsButton'), () => actions.showPreferences());
  const updateControl = () => control.show(!!(config.settingsButton && state.record && view === 'closed'));
  const clearLeftBehind = () => clearRefused(leftBehind, isGranted, config.cookie.name, window);
  const withdrawal = createWithdrawal(window, (first) => {
    clearLeftBehind();
    if (first) log?.flushBeforeLeaving();
  }, log ? config.logEndpoint : null);
  const ran = (categories) => withdrawal.ran(categories);
  // Runs with a decision stored, and on every decision (`apply`): with none stored — a reset just
  // forgot it — nothing is activated, and what the refused categories left behind goes all the
  // same, at once, reload or not.
  const activateAll = () => {
    if (gate.pixelRan) ran([gate.pixelRan]);
    if (state.record) activateWithin(document, isGranted, document, ran);
    clearLeftBehind();
  };
  // A withdrawal reloaded this page: say why, and put focus and scroll back where they were. (The
  // note is read after the first paint: opening sessionStorage is no work for the banner's start.)
  const restoreAfterReload = (note) => {
    const why = stageText(config, language, 'withdrawalReloaded');
    if (state.record && view === 'closed') control.notify(why, stageText(config, language, 'close'));
    else control.announce(why); // the banner asks again (after a reset): it has the visitor's attention
    if (note.focus === 'widget') control.focus();
    else if (note.focus?.id) document.getElementById(note.focus.id)?.focus?.({ preventScroll: true });
    const scroll = () => {
      if (window.scrollX !== note.x || window.scrollY !== note.y) window.scrollTo(note.x, note.y);
    };
    if (document.readyState === 'complete') scroll();
    else window.addEventListener('load', scroll, { once: true });
  };

  const bridge = {
    // The widget stored a decision (or, with a null value, forgot it).
    decided(cookieValue, action, first) {
      try {
        const before = state.record;
        const grantedBefore = gate.config.categories.filter(isGranted);
        gate.refresh(); // the cookie, not the message, is the source of truth
        if (cookieValue && !state.record) warn('the decision could not be stored (are cookies blocked?)');
        gate.apply();
        updateControl();
        // What this decision withdrew (a reset withdraws everything), and whether any of it ran.
        const withdrawn = grantedBefore.filter((category) => !isGranted(category));
        const running = withdrawal.stillRunning(withdrawn).length > 0;
        const reload = running && config.reloadAfterWithdrawal;
        if (reload) writeReloadNote(window, focusToKeep(document, view !== 'closed'));
        if (state.record) {
          if (!reload) control.announce(stageText(config, language, 'choiceSaved'));
          const detail = eventDetail(gate, { action, first: !!first, initial: false, withdrawn, reloadSkipped: running && !reload });
          events.emit(first || !before ? 'first-decision' : 'change', detail);
          events.emit('decision', detail);
        }
        if (reload) withdrawal.reload();
      } catch (error) {
        warn('could not apply the decision', error);
      }
    },
    // A receipt: it leaves at once.
    log(eventJson) {
      try { log?.add(eventJson); } catch (error) { warn('could not queue a consent-log event', error); }
    },
    // Runs `task` (from the widget) once the next frame is painted: work the banner's first paint
    // need not wait for, such as its impression.
    afterPaint(task) {
      afterNextPaint(() => {
        try { task(); } catch (error) { warn('a deferred task failed', error); }
      });
    },
    viewChanged(newView) {
      view = newView;
      try {
        updateControl();
        if (view !== 'closed') control.dismiss();
      } catch (error) {
        warn('could not update the settings control', error);
      }
    },
  };

  // Services named from the catalogue need its texts (name, description, policy link) before the
  // widget can show them: fetched once, in the visitor's language, alongside the widget's files.
  const catalogueTexts = fetchOnce(gate, window, `catalogue-texts.${language}.json`, (response) => response.json());
  // The widget reads the normal form from one JSON text: far cheaper than walking a JS object
  // across the WebAssembly boundary value by value.
  const configText = () => (lacksTexts(config)
    ? catalogueTexts().then((loaded) => JSON.stringify(completeServices(config, loaded)))
    : Promise.resolve(JSON.stringify(config)));
  const widget = createWidgetLoader(gate, window, document, configText, (module, text) => module.mount(text, bridge));
  const withWidget = (method) => (...args) => widget.load().then((handle) => {
    try {
      handle?.[method](...args);
    } catch (error) {
      warn(`${method} failed`, error);
    }
  });
  const acceptCategories = withWidget('acceptCategories');
  const declarations = createDeclarations(gate, window, language, widget);

  // Held-back content shows a placeholder until it is allowed, or loaded once.
  const placeholders = lazyPlaceholders(gate, window, document, {
    window, document, config, language, rules: CATALOGUE_RULES, isGranted, warn,
    catalogueTexts,
    allow: (categories) => acceptCategories(categories),
    loadOnce(element) {
      if (element.matches('iframe[data-src],img[data-src],script[type="text/plain"]')) activate(element, () => true, document, ran);
      else {
        // A box that a script fills: that service's held-back parts run, this once.
        const service = element.getAttribute('data-service');
        const selector = service ? `[data-consent][data-service="${CSS.escape(service)}"]` : `[data-consent="${CSS.escape(element.getAttribute('data-consent'))}"]`;
        document.querySelectorAll(selector).forEach((part) => { if (part !== element) activate(part, () => true, document, ran); });
        element.__jlActivated = true;
      }
      placeholders.sync();
    },
  });
  Object.assign(actions, {
    show: withWidget('showBanner'),
    showPreferences: withWidget('showPreferences'),
    acceptAll: withWidget('acceptAll'),
    rejectAll: withWidget('rejectAll'),
    reset: withWidget('reset'),
    acceptCategory: (categories) => acceptCategories([].concat(categories).map(String)),
    on: (name, handler) => listen(events, gate, name, handler),
    off: (name, handler) => events.isKnown(name) && events.off(name, handler),
  });
  connectApi(gate, actions);
  openOnClick(document, () => actions.showPreferences());

  gate.applied.push(() => {
    activateAll();
    placeholders.sync();
  });
  // Elements the page adds later (or the parser adds after this script) are handled as they come.
  if (window.MutationObserver) {
    new window.MutationObserver((mutations) => {
      for (const mutation of mutations) {
        for (const node of mutation.addedNodes) {
          if (node.nodeType !== 1) continue;
          if (state.record) activateWithin(node, isGranted, document, ran);
          placeholders.placeWithin(node);
          declarations.placeWithin(node);
        }
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  // Once the page is parsed: what the decision in force opens, at once (held-back scripts, the
  // decision event), and a policy page's cookie declaration; what only shows (the settings
  // control, placeholders) after the page's first paint, so that neither lengthens the page's own
  // start-up task.
  const whenParsed = (task) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', task, { once: true });
    else task();
  };
  const afterNextPaint = (task) => (window.requestAnimationFrame
    ? window.requestAnimationFrame(() => window.setTimeout(task, 0))
    : window.setTimeout(task, 0));
  whenParsed(() => declarations.placeWithin(document));
  whenParsed(() => afterNextPaint(() => {
    placeholders.placeWithin(document);
    updateControl();
    const reloadNote = takeReloadNote(window);
    if (reloadNote) restoreAfterReload(reloadNote);
  }));
  if (log) window.setTimeout(log.flush, 0); // what an earlier page could not send
  if (state.record) {
    whenParsed(() => {
      activateAll();
      events.emit('decision', eventDetail(gate, { action: null, first: false, initial: true }));
    });
  } else {
    widget.load();
  }
}

const gate = window.__jlConsentGate;
if (gate && !gate.ui) {
  try {
    instantiateEarly(gate, window);
    const configuration = readConfiguration(gate.config.raw, gate.config.error ?? null, gate.isSafeUrl);
    configuration.problems.forEach(report);
    gate.configuration = configuration;
    const events = createEvents(window, document, gate.warn);
    if (configuration.usable) startOn(gate, window, document, configuration.config, events);
    else startOff(gate, document, events);
  } catch (error) {
    gate.warn('could not start', error);
  }
}
