// Runs the real loader script in a Node `vm` context with a page made of plain objects: just
// enough DOM for the loader (cookies, the config block, <head>/<body>, shadow roots, events).
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const LOADER = readFileSync(new URL('../consent.js', import.meta.url), 'utf8');

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.hidden = false;
    this.textContent = '';
    this.style = {};
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  appendChild(child) { this.children.push(child); child.parentNode = this; return child; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  attachShadow() { this.shadowRoot = new FakeElement('#shadow-root'); return this.shadowRoot; }
  set innerHTML(html) { this._html = html; }
  get innerHTML() { return this._html || ''; }
}

/**
 * A page with `cookie` in document.cookie and `config` (text or null) in the config block.
 * Returns the window after the loader ran, plus what it appended to <head> and <body>.
 */
export function runLoader({ cookie = '', config = null, lang = 'ru', languages = ['ru-RU'], testHooks = false } = {}) {
  const head = new FakeElement('head');
  const body = new FakeElement('body');
  const htmlElement = new FakeElement('html');
  htmlElement.setAttribute('lang', lang);
  const configElement = config === null ? null : Object.assign(new FakeElement('script'), { textContent: config });
  const documentListeners = {};
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
    addEventListener: (type, listener) => { (documentListeners[type] ||= []).push(listener); },
  };
  const window = {
    document,
    navigator: { languages, language: languages[0] },
    console: { warn: (...args) => warnings.push(args.join(' ')), error: (...args) => warnings.push(args.join(' ')) },
    TextEncoder,
    setTimeout: (fn) => fn(),
    __jlConsentTestHooks: testHooks || undefined,
  };
  window.window = window;
  const location = { hostname: 'www.jetfin.kz', pathname: '/leasing/auto' };
  window.location = location;
  const context = vm.createContext({ window, document, location, navigator: window.navigator, URL, JSON, Promise, Object, Array, String, Number, setTimeout: window.setTimeout, unescape, encodeURIComponent });
  new vm.Script(LOADER, { filename: 'consent.js' }).runInContext(context);
  const scripts = head.children.filter((c) => c.tagName === 'SCRIPT');
  return { window, head, body, warnings, pixelUrls: scripts.map((s) => s.src), api: window.JetConsent, plain: (value) => JSON.parse(JSON.stringify(value)) };
}
