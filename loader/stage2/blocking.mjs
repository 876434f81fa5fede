// What needs consent, held back until its category is granted — and what refused services left
// behind, deleted:
// - <script type="text/plain" data-consent="…"> becomes a real script (same attributes, its nonce
//   carried over); <iframe>/<img data-consent data-src> get their src; elements the page adds
//   later are handled as they come;
// - when a category is refused or withdrawn, the cookies its services declare go, whatever path
//   and parent domain they were set with, and so do their localStorage and sessionStorage keys.

import { RELOAD_NOTE_KEY } from './reload-note.mjs';

const BLOCKED = 'script[type="text/plain"][data-consent],iframe[data-consent][data-src],img[data-consent][data-src]';

const categoriesOf = (element) => String(element.getAttribute('data-consent') || '').split(/[\s,]+/).filter(Boolean);

/**
 * Switches `element` on when every category it names is granted; `ran(categories)` hears of it (a
 * later withdrawal of one of them must stop what now runs).
 */
export function activate(element, isGranted, document, ran) {
  const categories = categoriesOf(element);
  if (element.__jlActivated || !categories.length || !categories.every(isGranted)) return;
  element.__jlActivated = true;
  ran(categories);
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
}

/** Switches on every held-back element in `root` (and `root` itself) whose categories are granted. */
export function activateWithin(root, isGranted, document, ran) {
  if (root.matches?.(BLOCKED)) activate(root, isGranted, document, ran);
  root.querySelectorAll?.(BLOCKED).forEach((element) => activate(element, isGranted, document, ran));
}

const matchesPattern = (pattern, name) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

// A cookie is deleted only with the path and domain it was set with, which the page cannot read:
// try every path above this page and every domain from this host up to the registrable one.
function deleteCookie(name, document, location) {
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
}

/** What each category's services leave behind, from the normal form: `{category: {cookies, storage}}`. */
export function leftovers(config) {
  const found = {};
  for (const category of config.categories) {
    const cookies = category.services.flatMap((service) => service.cookies);
    const storage = category.services.flatMap((service) => service.storage);
    if (cookies.length || storage.length) found[category.id] = { cookies, storage };
  }
  return found;
}

// The widget's own keys are never anybody's leftovers.
const OWN_STORAGE = ['jl_consent_queue', 'jl_consent_variant', RELOAD_NOTE_KEY];

/**
 * Deletes the cookies, and the localStorage and sessionStorage keys, of every refused category's
 * services (never the consent cookie or the widget's own keys).
 */
export function clearRefused(found, isGranted, consentCookie, window) {
  const { document, location } = window;
  const names = String(document.cookie).split(';').map((pair) => pair.split('=')[0].trim()).filter(Boolean);
  const stores = [];
  for (const name of ['localStorage', 'sessionStorage']) {
    try { if (window[name]) stores.push(window[name]); } catch { /* storage blocked */ }
  }
  for (const category of Object.keys(found)) {
    if (isGranted(category)) continue;
    const { cookies, storage } = found[category];
    for (const name of names) {
      if (name !== consentCookie && cookies.some((p) => matchesPattern(p, name))) deleteCookie(name, document, location);
    }
    if (!storage.length) continue;
    for (const store of stores) {
      try {
        for (const key of Object.keys(store)) {
          if (!OWN_STORAGE.includes(key) && storage.some((p) => matchesPattern(p, key))) store.removeItem(key);
        }
      } catch { /* storage blocked */ }
    }
  }
}
