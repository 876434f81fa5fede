// Runs the real loader scripts (stage 1, then stage 2) in a Node `vm` context with a page made of
// plain objects: just enough DOM for the loader (cookies, the config block, <head>/<body>, shadow
// roots, events).
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const STAGE_1 = readFileSync(new URL('../consent.js', import.meta.url), 'utf8');
const STAGE_2 = readFileSync(new URL('../consent-ui.js', import.meta.url), 'utf8');

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
  append(...children) { for (const child of children) { this.children.push(child); child.parentNode = this; } }
  appendChild(child) { this.append(child); return child; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  attachShadow() { this.shadowRoot = new FakeElement('#shadow-root'); return this.shadowRoot; }
  set innerHTML(html) { this._html = html; }
  get innerHTML() { return this._html || ''; }
}

/**
 * A page with `cookie` in document.cookie and `config` (text or null) in the config block, after
 * both loader stages ran. Returns the window, what the loader appended to <head> and <body>, the
 * pixel requests, the API, the gate's internals and the console warnings.
 */
export function runLoader({ cookie = '', config = null, lang = 'ru', languages = ['ru-RU'] } = {}) {
  const head = new FakeElement('head');
  const body = new FakeElement('body');
  const htmlElement = new FakeElement('html');
  htmlElement.setAttribute('lang', lang);
  const configElement = config === null ? null : Object.assign(new FakeElement('script'), { textContent: config });
  const warnings = [];
  const document = {
    cookie,
    head,
    body,
    documentElement: htmlElement,
    readyState: 'complete',
    baseURI: 'https://jetfin.kz/',
    currentScript: { src: 'https://jetfin.kz/consent.js', nonce: '', getAttribute: () => null },
    getElementById: (id) => (id === 'jl-consent-config' ? configElement : null),
    createElement: (tag) => new FakeElement(tag),
    addEventListener: () => {},
  };
  const window = {
    document,
    navigator: { languages, language: languages[0] },
    setTimeout: (fn) => fn(),
  };
  window.window = window;
  const console = { warn: (...args) => warnings.push(args.join(' ')), error: (...args) => warnings.push(args.join(' ')) };
  const location = { hostname: 'www.jetfin.kz', pathname: '/leasing/auto' };
  const context = vm.createContext({
    window, document, location, console, navigator: window.navigator, setTimeout: window.setTimeout,
    URL, JSON, Promise, Object, Array, String, Number, Set, Error, TextEncoder,
  });
  new vm.Script(STAGE_1, { filename: 'consent.js' }).runInContext(context);
  new vm.Script(STAGE_2, { filename: 'consent-ui.js' }).runInContext(context);
  const scripts = head.children.filter((c) => c.tagName === 'SCRIPT');
  return {
    window, head, body, warnings, api: window.JetConsent, gate: window.__jlConsentGate,
    pixelUrls: scripts.map((s) => s.src).filter((src) => !src.endsWith('consent-ui.js')),
    plain: (value) => JSON.parse(JSON.stringify(value)),
  };
}
