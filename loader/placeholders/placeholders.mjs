// Consent in context: in the place of content held back for a category — an
// <iframe data-consent data-src> (a video, a map), or any element marked
// data-consent-placeholder (the box a chat or map script would fill) — a placeholder at the same
// size says which service it is, what it would set, and offers two choices: load it this once (the
// stored decision is unchanged) or allow its category. It lives in a shadow root of its own,
// themed by the widget's custom properties, and gives way to the real content without moving the
// page: the content takes exactly the box the placeholder held.
import { adoptStyles } from '../stage2/settings-control.mjs';
import BUNDLED from '../data/placeholder-texts.json' with { type: 'json' };
import { PLACEHOLDER_TARGETS } from '../stage2/placeholder-targets.mjs';

// The widget's custom properties where the page sets them, else these defaults (dark ones under a
// dark scheme or data-theme=dark).
const CSS = ':host{all:initial;display:block;box-sizing:border-box;max-width:100%;container-type:size;color-scheme:light;'
  + '--b:var(--jl-bg,#fff);--f:var(--jl-fg,#1a1d23);--m:var(--jl-muted,#4a5261);--l:var(--jl-border,#d5d9e0);'
  + '--a:var(--jl-accent,#0b4f9c);--af:var(--jl-accent-fg,#fff);--q:var(--jl-quiet-fg,#0b4f9c);'
  + 'font-family:var(--jl-font,system-ui,sans-serif);font-size:14px;line-height:1.45;color:var(--f)}'
  + '@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){color-scheme:dark;--b:var(--jl-bg,#171b22);--f:var(--jl-fg,#eef1f5);'
  + '--m:var(--jl-muted,#b8c0cc);--l:var(--jl-border,#38404d);--a:var(--jl-accent,#7db4f5);--af:var(--jl-accent-fg,#0b1220);--q:var(--jl-quiet-fg,#9cc7fa)}}'
  + ':host([data-theme=dark]){color-scheme:dark;--b:var(--jl-bg,#171b22);--f:var(--jl-fg,#eef1f5);--m:var(--jl-muted,#b8c0cc);'
  + '--l:var(--jl-border,#38404d);--a:var(--jl-accent,#7db4f5);--af:var(--jl-accent-fg,#0b1220);--q:var(--jl-quiet-fg,#9cc7fa)}'
  + '.jl-ph{box-sizing:border-box;width:100%;height:100%;overflow:auto;display:flex;flex-direction:column;justify-content:safe center;gap:8px;'
  + 'padding:16px;background:var(--b);border:1px solid var(--l);border-radius:var(--jl-radius,12px)}'
  + '.jl-ph p{margin:0}.jl-ph__title{font-weight:700;font-size:15px}.jl-ph__muted{color:var(--m)}'
  + '.jl-ph__actions{display:flex;flex-wrap:wrap;gap:8px}'
  + '.jl-ph button{font:inherit;min-height:44px;padding:8px 14px;border-radius:8px;cursor:pointer;border:1px solid var(--a)}'
  + '.jl-ph__allow{background:var(--a);color:var(--af)}.jl-ph__once{background:transparent;color:var(--q)}.jl-ph a{color:var(--q)}'
  + '.jl-ph :focus-visible{outline:3px solid var(--jl-focus,#c2410c);outline-offset:2px}'
  // A small box (a video on a phone) keeps the name, the cookies and the choices.
  + '@container (max-height:260px){.jl-ph{padding:12px;gap:6px}.jl-ph__more{display:none}}';


const categoriesOf = (element) => String(element.getAttribute('data-consent') || '').split(/[\s,]+/).filter(Boolean);

/** A text in the visitor's language from a normal-form text (a string, or texts by language). */
const inLanguage = (text, language) => {
  if (text === null || text === undefined) return null;
  if (typeof text === 'string') return text;
  return text[language] ?? text.ru ?? Object.values(text)[0] ?? null;
};

const hostOf = (url, base) => {
  try { return new URL(url, base).hostname.toLowerCase(); } catch { return null; }
};
const hostMatches = (pattern, host) => {
  const p = pattern.toLowerCase();
  if (!p.startsWith('*.')) return host === p;
  const domain = p.slice(2);
  return host === domain || host.endsWith(`.${domain}`);
};

/**
 * The placeholders of one page. `env`: window, document, config (normal form), language,
 * catalogueTexts() (a promise of the catalogue's texts), rules (the catalogue's rules),
 * isGranted, loadOnce(element), allow(categories), warn.
 */
export function createPlaceholders(env) {
  const { window, document, config, language } = env;
  // The site's wording first, else the bundled texts (the core's, loader/data).
  const text = (key) => config.texts[language]?.[key] ?? BUNDLED[language][key];
  const placed = new Map(); // element → { host, display, priority }

  // Which service an element is: data-service names it (a catalogue id, or one of the
  // configuration's services by id), else its address's host tells.
  const serviceOf = (element) => {
    const services = config.categories.flatMap((c) => c.services);
    const named = element.getAttribute('data-service');
    if (named) return services.find((s) => s.id === named) ?? (env.rules[named] ? { id: named, cookies: env.rules[named][1], hosts: env.rules[named][3] } : null);
    const host = hostOf(element.getAttribute('data-src') || '', document.baseURI);
    if (!host) return null;
    const own = services.find((s) => s.hosts.some((p) => hostMatches(p, host)));
    if (own) return own;
    const id = Object.keys(env.rules).find((key) => env.rules[key][3].some((p) => hostMatches(p, host)));
    return id ? { id, cookies: env.rules[id][1], hosts: env.rules[id][3] } : { id: null, name: host, cookies: [], hosts: [host] };
  };

  const categoryTitle = (id) => {
    const category = config.categories.find((c) => c.id === id);
    const own = inLanguage(category?.title, language);
    if (own) return own;
    const builtIn = { necessary: 'necessaryTitle', analytics: 'analyticsTitle', advertising: 'advertisingTitle', functional: 'functionalTitle' }[id];
    return builtIn ? text(builtIn) : id;
  };

  // The box the element takes in the page, so the placeholder takes the same and the content can
  // come back without moving anything: its laid-out size, else its width/height attributes, else
  // the full width at 16:9.
  const boxOf = (element) => {
    const rect = element.getBoundingClientRect?.() ?? { width: 0, height: 0 };
    const width = rect.width || Number(element.getAttribute('width')) || 0;
    const height = rect.height || Number(element.getAttribute('height')) || 0;
    return width > 0 && height > 0 ? { width, height } : null;
  };

  const fill = (root, element, service, texts) => {
    const entry = service.id ? texts?.[service.id] : null;
    const name = inLanguage(service.name, language) ?? entry?.name ?? service.id ?? '';
    const description = inLanguage(service.description, language) ?? inLanguage(entry?.description, language);
    const policyUrl = service.policyUrl ?? entry?.policyUrl ?? null;
    const categories = categoriesOf(element);
    const make = (tag, className, text) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const box = make('div', 'jl-ph');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', name);
    box.append(make('p', 'jl-ph__title', name), make('p', 'jl-ph__muted jl-ph__more', text('placeholderIntro')));
    if (description) box.append(make('p', 'jl-ph__more', description));
    if (service.cookies?.length) box.append(make('p', 'jl-ph__muted', `${text('cookiesLabel')}: ${service.cookies.join(', ')}`));
    const actions = make('div', 'jl-ph__actions');
    const allow = make('button', 'jl-ph__allow', text('placeholderAllow').replace('{category}', categories.map(categoryTitle).join(', ')));
    allow.type = 'button';
    allow.setAttribute('data-action', 'allow');
    allow.addEventListener('click', () => env.allow(categories));
    const once = make('button', 'jl-ph__once', text('placeholderLoadOnce'));
    once.type = 'button';
    once.setAttribute('data-action', 'load-once');
    once.addEventListener('click', () => env.loadOnce(element));
    actions.append(allow, once);
    box.append(actions);
    if (policyUrl) {
      const link = make('a', '', text('servicePolicyLink'));
      link.href = policyUrl;
      link.target = '_blank';
      link.rel = 'noopener';
      box.append(link);
    }
    root.replaceChildren(box);
  };

  const place = (element) => {
    if (placed.has(element) || element.__jlActivated || categoriesOf(element).every(env.isGranted)) return;
    const service = serviceOf(element);
    if (!service) return;
    const host = document.createElement('jl-consent-placeholder');
    if (config.theme !== 'auto') host.setAttribute('data-theme', config.theme);
    const box = boxOf(element);
    if (box) {
      host.style.width = `${box.width}px`;
      host.style.aspectRatio = `${box.width} / ${box.height}`;
    } else {
      host.style.aspectRatio = '16 / 9';
    }
    const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    adoptStyles(root, CSS, document, window);
    placed.set(element, {
      host,
      display: element.style.getPropertyValue('display'),
      priority: element.style.getPropertyPriority('display'),
    });
    element.before(host);
    element.style.setProperty('display', 'none', 'important');
    const needsTexts = service.id && (service.name === undefined || service.description === undefined);
    if (!needsTexts) fill(root, element, service, null);
    else {
      env.catalogueTexts().then((texts) => fill(root, element, service, texts), (error) => {
        env.warn('the catalogue\'s texts could not be loaded; the placeholder names the service by its id', error);
        fill(root, element, service, null);
      });
    }
  };

  return {
    /** Places a placeholder in front of every held-back element under `root` that needs one. */
    placeWithin(root) {
      if (root.matches?.(PLACEHOLDER_TARGETS)) place(root);
      root.querySelectorAll?.(PLACEHOLDER_TARGETS).forEach(place);
    },
    /** Removes the placeholders of elements now switched on (or granted), showing them again. */
    sync() {
      for (const [element, { host, display, priority }] of placed) {
        if (!element.__jlActivated && !categoriesOf(element).every(env.isGranted)) continue;
        if (display) element.style.setProperty('display', display, priority);
        else element.style.removeProperty('display');
        host.remove();
        placed.delete(element);
      }
    },
  };
}
