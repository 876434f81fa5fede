// The page's configuration, every key read by the rules of the Rust core (core/src/config): the
// same values kept, the same defaults, and the same problems in the same words. The result is the
// normal form (core/src/config/normal_form.rs) that the widget reads without checking again. The
// shared vectors (core/tests/vectors/config.json) hold this reader and the core's to one another.
//
// It runs on every page view, also for a returning visitor whose page loads no WebAssembly, so
// every problem is reported wherever it is met.

import rules from '../data/catalogue-rules.json' with { type: 'json' };

const LANGUAGES = ['ru', 'kk', 'en'];
const CATALOGUE = { rules, texts: null };
/** The catalogue's rules by id: [default category, cookie patterns, storage patterns, hosts]. */
export const CATALOGUE_RULES = rules;
export const TEXT_KEYS = ['bannerTitle', 'bannerIntro', 'acceptAll', 'rejectAll', 'openPreferences', 'saveChoices',
  'preferencesTitle', 'preferencesIntro', 'close', 'alwaysOn', 'necessaryTitle', 'necessaryDescription',
  'analyticsTitle', 'analyticsDescription', 'advertisingTitle', 'advertisingDescription', 'policyLink',
  'consentIdLabel', 'decidedAtLabel', 'noDecisionYet', 'settingsButton', 'choiceSaved', 'gpcHonoured',
  'changesTitle', 'changesIntro', 'newCategory', 'changedCategory', 'servicesLabel', 'cookiesLabel',
  'functionalTitle', 'functionalDescription', 'servicePolicyLink', 'placeholderIntro', 'placeholderLoadOnce',
  'placeholderAllow', 'withdrawalReloaded'];
const TOP_LEVEL_KEYS = ['cookie', 'revision', 'policyUrl', 'pixelUrl', 'language', 'categories', 'layout', 'theme',
  'googleConsentMode', 'gpcCategories', 'settingsButton', 'texts', 'logEndpoint', 'variants'];
const COOKIE_KEYS = ['name', 'domain', 'maxAgeDays'];
const CATEGORY_KEYS = ['id', 'title', 'description', 'services', 'revision'];
const SERVICE_KEYS = ['id', 'name', 'description', 'cookies', 'storage', 'hosts', 'policyUrl', 'revision'];
const CONSENT_MODE_KEYS = ['enabled', 'waitForUpdate', 'signals'];
const VARIANT_KEYS = ['id', 'weight', 'layout', 'texts'];
export const CONSENT_SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];
const BUILT_IN_CATEGORIES = ['necessary', 'analytics', 'advertising', 'functional'];
const MAX_REVISION = 999999999;
const MAX_CATEGORIES = 32;
const MAX_VARIANTS = 10;
const MAX_TEXT = 2000;
const ID_RULE = "expected an id of 1 to 32 characters a-z, 0-9, '_', '-' starting with a letter";
const LANGUAGE_RULE = 'expected a language code: "ru", "kk" or "en"; ignored';
export const WIDGET_OFF = 'the widget stays off until it is fixed: no banner, nothing optional runs, no stored decision counts';

// Rust's char::is_whitespace (Unicode White_Space), which differs from JavaScript's \s.
const RUST_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const BLANK = new RegExp(`^[${RUST_SPACE}]*$`);
const TRIM = new RegExp(`^[${RUST_SPACE}]+|[${RUST_SPACE}]+$`, 'g');

// Lone surrogates become U+FFFD, as they do when a string crosses into Rust.
const wellFormed = (text) => text.toWellFormed?.() ?? text;
const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const chars = (text) => [...text].length;
const bytes = (text) => new TextEncoder().encode(text).length;
const asciiLower = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
export const isCategoryId = (id) => typeof id === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(id);
export const isCookieName = (name) => /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/.test(name);
export const isCookiePattern = (pattern) => typeof pattern === 'string'
  && /^[A-Za-z0-9!#$%&'+\-.^_`|~]{1,64}\*?$/.test(pattern);
export const isHostPattern = (pattern) => {
  if (typeof pattern !== 'string') return false;
  const host = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  return !host.startsWith('.') && host.includes('.') && isDomain(host);
};
const isDomain = (domain) => {
  const bare = domain.startsWith('.') ? domain.slice(1) : domain;
  return bare !== '' && bare.length <= 253
    && bare.split('.').every((label) => /^[A-Za-z0-9-]{1,63}$/.test(label) && !label.startsWith('-') && !label.endsWith('-'));
};
const isWhole = (value, min, max) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const languageOfTag = (tag) => {
  const primary = tag.replace(TRIM, '').split(/[-_]/)[0];
  return LANGUAGES.find((code) => asciiLower(primary) === code) || null;
};
const isClauseNumber = (value) => typeof value === 'string' && value.length > 0 && value.length <= 16
  && value.split('.').every((part) => /^[0-9]+$/.test(part));

/** A value's type, as the core names it in messages. */
export const kind = (value) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return { boolean: 'a boolean', number: 'a number', string: 'a string' }[typeof value] || 'an object';
};

/** A value for a message: short strings and whole numbers as themselves, the rest by type. */
export const describe = (value) => {
  if (typeof value === 'string' && chars(value) <= 40) return `"${value}"`;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  if (typeof value === 'boolean') return String(value);
  return kind(value);
};

const editDistance = (a, b) => {
  const right = [...b];
  let previous = right.map((_, i) => i).concat(right.length);
  [...a].forEach((ca, i) => {
    const current = [i + 1];
    right.forEach((cb, j) => current.push(Math.min(previous[j] + (ca === cb ? 0 : 1), previous[j + 1] + 1, current[j] + 1)));
    previous = current;
  });
  return previous[right.length];
};

/** The known key nearest to a misspelt one, if it is close enough to be a typo. */
export const closestKey = (key, known) => {
  const lower = asciiLower(key);
  let best = null;
  for (const candidate of known) {
    const name = asciiLower(candidate);
    const distance = bytes(lower) >= 3 && name.startsWith(lower) ? 1 : editDistance(lower, name);
    if (distance <= Math.max(2, Math.floor(candidate.length / 4)) && (best === null || distance < best[0])) best = [distance, candidate];
  }
  return best && best[1];
};

/**
 * Reads one configuration as stage 1 parsed it: `raw` (the parsed value; undefined when the page
 * has no configuration) or `unreadable` (why JSON.parse or the size and depth limits refused it).
 * `isSafeUrl` is stage 1's URL rule; `catalogue` the catalogue's rules (loader/data/catalogue-rules.json)
 * and, when already loaded, its texts. Returns the normal form, the problems ({ key, text, fatal },
 * in the core's words; `key` is the key path, or "(missing)" / "(unreadable)") and whether the
 * widget may run at all.
 */
export function readConfiguration(raw, unreadable, isSafeUrl, catalogue = CATALOGUE) {
  const problems = [];
  const fatal = (key, text) => problems.push({ key, text: `jl-consent: ${text}; ${WIDGET_OFF}`, fatal: true });
  const bad = (key, message) => problems.push({ key: wellFormed(key), text: wellFormed(`jl-consent: configuration key "${key}": ${message}`), fatal: false });
  const unknown = (path, name, known) => {
    const suggestion = closestKey(name, known);
    bad(path, suggestion ? `unknown key, ignored (did you mean "${suggestion}"?)` : `unknown key, ignored (known keys: ${known.join(', ')})`);
  };
  const objectAt = (path, value) => {
    if (isObject(value)) return value;
    bad(path, `expected an object, found ${kind(value)}; ignored`);
    return null;
  };
  const arrayAt = (path, value) => {
    if (Array.isArray(value)) return value;
    bad(path, `expected an array, found ${kind(value)}; ignored`);
    return null;
  };
  const wholeNumber = (key, value, min, max) => {
    if (isWhole(value, min, max)) return value;
    bad(key, `expected a whole number from ${min} to ${max}, found ${describe(value)}; using the default`);
    return null;
  };
  const boolean = (key, value) => {
    if (typeof value === 'boolean') return value;
    bad(key, `expected true or false, found ${describe(value)}; using the default`);
    return null;
  };
  const oneOf = (key, value, choices) => {
    if (choices.includes(value)) return value;
    bad(key, `expected one of ${choices.map((c) => `"${c}"`).join(', ')}, found ${describe(value)}; using the default`);
    return null;
  };
  const url = (key, value) => {
    if (value === null) return null;
    if (typeof value === 'string' && isSafeUrl(value)) return wellFormed(value);
    bad(key, `expected an http(s) URL or a path, found ${describe(value)}; it is not used`);
    return null;
  };
  const text = (key, value) => {
    if (typeof value === 'string' && !BLANK.test(value) && chars(value) <= MAX_TEXT) return wellFormed(value);
    bad(key, `expected a non-empty text of at most ${MAX_TEXT} characters, found ${describe(value)}; ignored`);
    return null;
  };
  // A text for all languages (a string) or {"ru": …, "kk": …}: in the normal form, as it came.
  const localized = (key, value) => {
    if (typeof value === 'string') return text(key, value);
    if (!isObject(value)) {
      bad(key, `expected a text or an object of texts by language, found ${kind(value)}; ignored`);
      return null;
    }
    const byLanguage = {};
    for (const code of Object.keys(value)) {
      if (!LANGUAGES.includes(code)) {
        bad(`${key}.${code}`, LANGUAGE_RULE);
        continue;
      }
      const found = text(`${key}.${code}`, value[code]);
      if (found !== null) byLanguage[code] = found;
    }
    return Object.keys(byLanguage).length ? byLanguage : null;
  };

  const textOverrides = (at, value) => {
    const overrides = {};
    const languages = objectAt(at, value);
    if (!languages) return overrides;
    for (const code of Object.keys(languages)) {
      const path = `${at}.${code}`;
      if (!LANGUAGES.includes(code)) {
        bad(path, LANGUAGE_RULE);
        continue;
      }
      const entries = objectAt(path, languages[code]);
      if (!entries) continue;
      const out = {};
      for (const name of Object.keys(entries)) {
        const field = `${path}.${name}`;
        if (name === 'summary') {
          const summary = summaryAt(field, entries[name]);
          if (summary) out.summary = summary;
        } else if (!TEXT_KEYS.includes(name)) {
          unknown(field, name, [...TEXT_KEYS, 'summary']);
        } else {
          const found = text(field, entries[name]);
          if (found !== null) out[name] = found;
        }
      }
      // The core keeps a language's texts and its summary apart; the normal form lists the texts first.
      if (out.summary) {
        const { summary } = out;
        delete out.summary;
        out.summary = summary;
      }
      if (Object.keys(out).length) overrides[code] = out;
    }
    return overrides;
  };
  const summaryAt = (path, value) => {
    const items = arrayAt(path, value);
    if (!items) return null;
    const points = [];
    items.forEach((item, i) => {
      const field = `${path}[${i}]`;
      let found = null;
      let clauses = [];
      if (typeof item === 'string') {
        found = text(field, item);
      } else if (isObject(item)) {
        found = has(item, 'text') ? text(`${field}.text`, item.text) : null;
        if (has(item, 'clauses')) {
          if (Array.isArray(item.clauses) && item.clauses.every(isClauseNumber)) clauses = item.clauses.slice();
          else bad(`${field}.clauses`, 'expected clause numbers such as ["3.3"]; ignored');
        }
      } else {
        bad(field, `expected a text or {"text", "clauses"}, found ${kind(item)}; ignored`);
      }
      if (found !== null) points.push({ text: found, clauses });
    });
    return points.length ? points : null;
  };

  const patternsAt = (path, value, valid, expected) => {
    const items = arrayAt(path, value);
    if (!items) return [];
    const patterns = [];
    items.forEach((item, i) => {
      if (valid(item)) patterns.push(item);
      else bad(`${path}[${i}]`, `expected ${expected}; ignored`);
    });
    return patterns;
  };
  // A catalogue entry: its rules here, its texts (name, description, policy link) from
  // `catalogue.texts` when given, else filled in later by `completeServices`.
  const catalogueEntry = (path, id) => {
    const rules = catalogue.rules[id];
    if (rules) {
      const [, cookies, storage, hosts] = rules;
      const texts = catalogue.texts?.[id];
      return {
        id, name: texts ? texts.name : undefined, description: texts ? texts.description : undefined,
        cookies: cookies.slice(), storage: storage.slice(), hosts: hosts.slice(), policyUrl: texts ? texts.policyUrl : undefined, revision: 1,
      };
    }
    const ids = Object.keys(catalogue.rules);
    const near = closestKey(id, ids);
    bad(path, near ? `unknown service ${describe(id)} (did you mean "${near}"?); skipped` : `unknown service ${describe(id)}; skipped (the catalogue has: ${ids.join(', ')})`);
    return null;
  };
  const services = (path, value, maxRevision) => {
    const items = arrayAt(path, value);
    if (!items) return [];
    const out = [];
    items.forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (typeof item === 'string') {
        const entry = catalogueEntry(at, item);
        if (entry) out.push(entry);
        return;
      }
      const members = objectAt(at, item);
      if (!members) return;
      let base = null;
      if (has(members, 'id')) {
        if (typeof members.id !== 'string') {
          bad(`${at}.id`, `expected the id of a catalogue service, found ${describe(members.id)}; service skipped`);
          return;
        }
        base = catalogueEntry(at, members.id);
        if (!base) return;
      }
      const name = has(members, 'name') ? localized(`${at}.name`, members.name) : null;
      let service;
      if (base) {
        service = base;
        if (name !== null) service.name = name;
      } else if (name !== null) {
        service = { id: null, name, description: null, cookies: [], storage: [], hosts: [], policyUrl: null, revision: 1 };
      } else {
        bad(`${at}.name`, 'a service needs a name (or the id of a catalogue service); service skipped');
        return;
      }
      for (const key of Object.keys(members)) {
        const field = `${at}.${key}`;
        const v = members[key];
        if (key === 'id' || key === 'name') continue;
        else if (key === 'description') {
          const description = localized(field, v);
          if (description !== null) service.description = description;
        } else if (key === 'revision') service.revision = wholeNumber(field, v, 1, maxRevision) ?? 1;
        else if (key === 'cookies') service.cookies = patternsAt(field, v, isCookiePattern, 'a cookie name or a prefix ending in * ("_ga*")');
        else if (key === 'storage') service.storage = patternsAt(field, v, isCookiePattern, 'a storage key or a prefix ending in * ("_hj*")');
        else if (key === 'hosts') service.hosts = patternsAt(field, v, isHostPattern, 'a host ("mc.yandex.ru") or *.domain ("*.hotjar.com")');
        else if (key === 'policyUrl') {
          const found = url(field, v);
          if (found !== null) service.policyUrl = found;
        } else unknown(field, key, SERVICE_KEYS);
      }
      out.push(service);
    });
    return out;
  };
  const categories = (value, maxRevision) => {
    const items = arrayAt('categories', value);
    if (!items) return null;
    const out = [];
    for (let i = 0; i < items.length; i++) {
      const path = `categories[${i}]`;
      const members = objectAt(path, items[i]);
      if (!members) continue;
      const id = members.id;
      if (!isCategoryId(id)) {
        bad(`${path}.id`, `${ID_RULE}; category skipped`);
        continue;
      }
      if (out.some((c) => c.id === id)) {
        bad(`${path}.id`, `"${id}" is listed twice; the repeat is skipped`);
        continue;
      }
      if (id !== 'necessary' && out.filter((c) => c.id !== 'necessary').length === MAX_CATEGORIES) {
        bad(path, `more than ${MAX_CATEGORIES} categories; the rest are skipped`);
        break;
      }
      const category = { id, title: null, description: null, revision: 1, services: [] };
      for (const key of Object.keys(members)) {
        const field = `${path}.${key}`;
        const v = members[key];
        if (key === 'id') continue;
        else if (key === 'title') category.title = localized(field, v);
        else if (key === 'description') category.description = localized(field, v);
        else if (key === 'revision') category.revision = wholeNumber(field, v, 1, maxRevision) ?? 1;
        else if (key === 'services') category.services = services(field, v, maxRevision);
        else unknown(field, key, CATEGORY_KEYS);
      }
      if (category.title === null && !BUILT_IN_CATEGORIES.includes(id)) {
        bad(`${path}.title`, 'a category of your own needs a title; its id is shown instead');
      }
      out.push(category);
    }
    return out;
  };

  const consentMode = (value) => {
    const mode = { enabled: true, waitForUpdate: 500, signals: DEFAULT_SIGNALS() };
    if (typeof value === 'boolean') {
      mode.enabled = value;
      return mode;
    }
    if (!isObject(value)) {
      bad('googleConsentMode', `expected true, false or an object, found ${kind(value)}; using the defaults`);
      return mode;
    }
    for (const key of Object.keys(value)) {
      const path = `googleConsentMode.${key}`;
      const v = value[key];
      if (key === 'enabled') mode.enabled = boolean(path, v) ?? true;
      else if (key === 'waitForUpdate') mode.waitForUpdate = wholeNumber(path, v, 0, 10000) ?? 500;
      else if (key === 'signals') {
        const mapping = objectAt(path, v);
        if (!mapping) continue;
        mode.signals = {};
        for (const id of Object.keys(mapping)) {
          const field = `${path}.${id}`;
          if (!isCategoryId(id)) {
            bad(field, 'not a category id; ignored');
            continue;
          }
          const names = arrayAt(field, mapping[id]);
          if (!names) continue;
          mode.signals[id] = [];
          names.forEach((name, i) => {
            if (CONSENT_SIGNALS.includes(name)) mode.signals[id].push(name);
            else bad(`${field}[${i}]`, `expected a Consent Mode signal (${CONSENT_SIGNALS.join(', ')}); ignored`);
          });
        }
      } else unknown(path, key, CONSENT_MODE_KEYS);
    }
    return mode;
  };

  const variants = (value) => {
    const items = arrayAt('variants', value);
    if (!items) return [];
    const out = [];
    for (let i = 0; i < items.length; i++) {
      const path = `variants[${i}]`;
      const members = objectAt(path, items[i]);
      if (!members) continue;
      if (!isCategoryId(members.id)) {
        bad(`${path}.id`, `${ID_RULE}; variant skipped`);
        continue;
      }
      if (out.some((v) => v.id === members.id)) {
        bad(`${path}.id`, `"${members.id}" is listed twice; the repeat is skipped`);
        continue;
      }
      if (out.length === MAX_VARIANTS) {
        bad(path, `more than ${MAX_VARIANTS} variants; the rest are skipped`);
        break;
      }
      const variant = { id: members.id, weight: 1, layout: null, texts: {} };
      for (const key of Object.keys(members)) {
        const field = `${path}.${key}`;
        const v = members[key];
        if (key === 'id') continue;
        else if (key === 'weight') {
          if (typeof v === 'number' && v > 0 && v <= 1000) variant.weight = v;
          else bad(field, 'expected a number above 0 and at most 1000; using 1');
        } else if (key === 'layout') variant.layout = oneOf(field, v, ['bar', 'box']);
        else if (key === 'texts') variant.texts = textOverrides(field, v);
        else unknown(field, key, VARIANT_KEYS);
      }
      out.push(variant);
    }
    return out;
  };

  const config = defaults();
  if (unreadable !== null || !isObject(raw)) {
    if (unreadable !== null) fatal('(unreadable)', `the configuration is unreadable (${unreadable})`);
    else if (raw === undefined) fatal('(missing)', 'no configuration found (expected a <script type="application/json" id="jl-consent-config"> block; {} uses every default)');
    else fatal('(unreadable)', `the configuration is unreadable (expected a JSON object, found ${kind(raw)})`);
    return { config, problems, usable: false };
  }
  // The revision bounds the categories' own revisions, so it is read first.
  if (has(raw, 'revision')) {
    if (isWhole(raw.revision, 1, MAX_REVISION)) config.revision = raw.revision;
    else fatal('revision', `configuration key "revision": expected a whole number from 1 to ${MAX_REVISION}, found ${wellFormed(describe(raw.revision))}`);
  }
  // Integer-like keys come first in Object.keys, so a problem with such a key may be reported
  // earlier than the core reports it; what is read is the same.
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === 'revision') continue;
    if (key === 'cookie') {
      if (!isObject(value)) {
        bad('cookie', `expected an object, found ${kind(value)}; using the defaults`);
        continue;
      }
      for (const name of Object.keys(value)) {
        const path = `cookie.${name}`;
        const v = value[name];
        if (name === 'name') {
          if (typeof v === 'string' && isCookieName(v)) config.cookie.name = v;
          else bad(path, `expected a cookie name (letters, digits and !#$%&'*+-.^_\`|~, at most 64), found ${describe(v)}; using "jl_consent"`);
        } else if (name === 'domain') {
          if (v === null) config.cookie.domain = null;
          else if (typeof v === 'string' && isDomain(v)) config.cookie.domain = v;
          else bad(path, `expected a domain such as ".jetfin.kz", found ${describe(v)}; using this host only`);
        } else if (name === 'maxAgeDays') {
          config.cookie.maxAgeDays = wholeNumber(path, v, 1, 395) ?? config.cookie.maxAgeDays;
        } else unknown(path, name, COOKIE_KEYS);
      }
    } else if (key === 'policyUrl') config.policyUrl = url(key, value);
    else if (key === 'pixelUrl') config.pixelUrl = url(key, value);
    else if (key === 'logEndpoint') config.logEndpoint = url(key, value);
    else if (key === 'language') {
      if (value === null || value === 'auto') config.language = null;
      else if (typeof value === 'string' && languageOfTag(value) && bytes(value) <= 5) config.language = languageOfTag(value);
      else {
        bad(key, `expected "ru", "kk", "en" or "auto", found ${describe(value)}; choosing automatically`);
        config.language = null;
      }
    } else if (key === 'categories') config.categories = categories(value, config.revision) ?? config.categories;
    else if (key === 'layout') config.layout = oneOf(key, value, ['bar', 'box']) ?? 'bar';
    else if (key === 'theme') config.theme = oneOf(key, value, ['auto', 'light', 'dark']) ?? 'auto';
    else if (key === 'googleConsentMode') config.googleConsentMode = consentMode(value);
    else if (key === 'gpcCategories') {
      const items = arrayAt(key, value);
      if (!items) continue;
      config.gpcCategories = [];
      items.forEach((item, i) => {
        if (isCategoryId(item)) config.gpcCategories.push(item);
        else bad(`${key}[${i}]`, 'expected a category id; ignored');
      });
    } else if (key === 'settingsButton') config.settingsButton = boolean(key, value) ?? true;
    else if (key === 'texts') config.texts = textOverrides('texts', value);
    else if (key === 'variants') config.variants = variants(value);
    else unknown(key, key, TOP_LEVEL_KEYS);
  }
  return { config, problems, usable: !problems.some((p) => p.fatal) };
}

const DEFAULT_SIGNALS = () => ({
  necessary: ['functionality_storage', 'security_storage'],
  analytics: ['analytics_storage'],
  advertising: ['ad_storage', 'ad_user_data', 'ad_personalization'],
});

/** The normal form of the default configuration. */
export function defaults() {
  const builtIn = (id) => ({ id, title: null, description: null, revision: 1, services: [] });
  return {
    cookie: { name: 'jl_consent', domain: null, maxAgeDays: 180 },
    revision: 1,
    policyUrl: null,
    pixelUrl: null,
    language: null,
    categories: [builtIn('analytics'), builtIn('advertising')],
    layout: 'bar',
    theme: 'auto',
    googleConsentMode: { enabled: true, waitForUpdate: 500, signals: DEFAULT_SIGNALS() },
    gpcCategories: ['advertising'],
    settingsButton: true,
    texts: {},
    logEndpoint: null,
    variants: [],
  };
}

/** True when a service named from the catalogue still lacks the catalogue's texts. */
export const lacksTexts = (config) => config.categories.some((c) => c.services.some((s) => s.name === undefined || s.description === undefined || s.policyUrl === undefined));

/**
 * Fills in, from the catalogue's texts (loader/data/catalogue-texts.<language>.json, fetched when
 * needed, in the visitor's language), what a service named from the catalogue did not give itself:
 * its name, description and policy link.
 */
export function completeServices(config, texts) {
  for (const category of config.categories) {
    for (const service of category.services) {
      const entry = service.id !== null ? texts[service.id] : null;
      if (service.name === undefined) service.name = entry?.name ?? service.id;
      if (service.description === undefined) service.description = entry?.description ?? null;
      if (service.policyUrl === undefined) service.policyUrl = entry?.policyUrl ?? null;
    }
  }
  return config;
}
