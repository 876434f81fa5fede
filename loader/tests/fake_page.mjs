// Runs the real loader (stage 1, then stage 2 as the build bundles it) in a Node `vm` context with
// a page made of plain objects: just enough DOM for the loader (cookies, the config block,
// <head>/<body>, shadow roots, events, held-back elements), a recording `fetch` and `sendBeacon`,
// a console that keeps what it is told, and a clock the test moves: timers and animation frames
// wait until the test says the page painted or time passed, so what the loader does at once and
// what it puts off can be told apart.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { bundle } from '../bundle.mjs';

const STAGE_1 = bundle('consent.js');
const STAGE_2 = bundle('consent-ui.js');

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.hidden = false;
    this.textContent = '';
    this.title = '';
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  hasAttribute(name) { return name in this.attributes; }
  append(...children) { for (const child of children) { this.children.push(child); child.parentNode = this; } }
  appendChild(child) { this.append(child); return child; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  attachShadow() { this.shadowRoot = new FakeElement('#shadow-root'); return this.shadowRoot; }
  set innerHTML(html) { this._html = html; }
  get innerHTML() { return this._html || ''; }
}

/** A held-back element as a page writes it: `<iframe data-consent="advertising" data-src="…">`. */
export function heldBack(tag, attributes) {
  const element = new FakeElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/**
 * A page with `cookie` in document.cookie and `config` (text or null) in the config block, after
 * both loader stages ran. `blocked` are held-back elements on the page; `fetch` answers the
 * page's requests (default: never). Returns the window, what the loader appended to <head> and
 * <body>, the pixel requests, the API, the gate's internals, the console (errors and warnings
 * apart) and every request made with fetch or sendBeacon.
 */
export function runLoader({
  cookie = '', config = null, lang = 'ru', languages = ['ru-RU'], blocked = [], fetch = () => new Promise(() => {}),
  sendBeacon = () => true, storage = new Map(),
} = {}) {
  const head = new FakeElement('head');
  const body = new FakeElement('body');
  const htmlElement = new FakeElement('html');
  htmlElement.setAttribute('lang', lang);
  const configElement = config === null ? null : Object.assign(new FakeElement('script'), { textContent: config });
  const warnings = [];
  const errors = [];
  const requests = [];
  const beacons = [];
  const dataLayer = [];
  const windowListeners = {};
  const clock = fakeClock();
  const document = {
    cookie,
    head,
    body,
    documentElement: htmlElement,
    readyState: 'complete',
    visibilityState: 'visible',
    baseURI: 'https://jetfin.kz/',
    currentScript: { src: 'https://jetfin.kz/consent.js', nonce: '', getAttribute: () => null },
    getElementById: (id) => (id === 'jl-consent-config' ? configElement : null),
    createElement: (tag) => new FakeElement(tag),
    querySelectorAll: () => blocked.filter((e) => !e.__jlActivated),
    addEventListener: () => {},
    dispatchEvent: () => true,
  };
  const window = {
    document,
    dataLayer,
    navigator: { languages, language: languages[0], sendBeacon: (url, data) => { beacons.push({ url, body: data }); return sendBeacon(url, data); } },
    setTimeout: clock.setTimeout,
    requestAnimationFrame: clock.requestAnimationFrame,
    addEventListener: (type, listener) => { (windowListeners[type] ||= []).push(listener); },
    fetch: (url, init) => { requests.push({ url: String(url), init }); return fetch(String(url), init); },
    localStorage: {
      getItem: (key) => (storage.has(key) ? storage.get(key) : null),
      setItem: (key, value) => storage.set(key, String(value)),
      removeItem: (key) => storage.delete(key),
    },
    location: { hostname: 'www.jetfin.kz', pathname: '/leasing/auto' },
    CustomEvent: class { constructor(type, init) { this.type = type; this.detail = init?.detail; } },
    WebAssembly: {},
  };
  window.window = window;
  const console = {
    warn: (...args) => warnings.push(args.join(' ')),
    error: (...args) => errors.push(args.join(' ')),
  };
  const context = vm.createContext({
    window, document, location: window.location, console, navigator: window.navigator, setTimeout: window.setTimeout,
    fetch: window.fetch, URL, JSON, Promise, Object, Array, String, Number, Set, Error, TextEncoder, RegExp, Math, Map,
  });
  new vm.Script(STAGE_1, { filename: 'consent.js' }).runInContext(context);
  new vm.Script(STAGE_2, { filename: 'consent-ui.js' }).runInContext(context);
  const scripts = head.children.filter((c) => c.tagName === 'SCRIPT');
  return {
    window, head, body, warnings, errors, requests, beacons, dataLayer, storage, api: window.JetConsent, gate: window.__jlConsentGate,
    pixelUrls: scripts.map((s) => s.src).filter((src) => !src.endsWith('consent-ui.js')),
    plain: (value) => JSON.parse(JSON.stringify(value)),
    /** Fires a page lifecycle event (`pagehide`, or `visibilitychange` after setting `document.visibilityState`). */
    fire: (type) => (windowListeners[type] || []).forEach((listener) => listener({ type })),
    /** Paints a frame (the animation-frame callbacks run), then runs the timers due by now. */
    paint: () => clock.paint(),
    /** Lets `ms` pass: runs, in order, every timer due by then (and those they schedule). */
    advance: (ms) => clock.advance(ms),
    /** Paints and lets time pass until nothing is scheduled any more (at most `ms`). */
    settle: (ms = 60000) => { clock.paint(); clock.advance(ms); },
  };
}

/** Timers and animation frames that run only when the test moves the clock. */
function fakeClock() {
  let now = 0;
  let sequence = 0;
  let timers = [];
  let frames = [];
  const advance = (ms) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.sequence - b.sequence)[0];
      if (!due) break;
      timers = timers.filter((timer) => timer !== due);
      now = Math.max(now, due.at);
      due.fn();
    }
    now = until;
  };
  return {
    setTimeout(fn, ms = 0) {
      sequence += 1;
      timers.push({ fn, at: now + Math.max(0, Number(ms) || 0), sequence });
      return sequence;
    },
    requestAnimationFrame(fn) {
      frames.push(fn);
      return frames.length;
    },
    paint() {
      const painting = frames;
      frames = [];
      for (const fn of painting) fn(now);
      advance(0);
    },
    advance,
  };
}
