// Reading one configuration value at a time, as core/src/config/reader.rs does: each bad value
// becomes one problem that names its key (in the core's words), and the caller keeps what it had.
// Keys of the simple kinds are read here from the surface's tables alone (core/src/config/surface.rs,
// written to loader/data/config-surface.json), so a new key of such a kind needs no code here.
import SURFACE from '../../data/config-surface.json' with { type: 'json' };

const { languages: LANGUAGES, limits: LIMITS } = SURFACE;
const WIDGET_OFF = 'the widget stays off until it is fixed: no banner, nothing optional runs, no stored decision counts';
export const LANGUAGE_RULE = 'expected a language code: "ru", "kk" or "en"; ignored';

// Rust's char::is_whitespace (Unicode White_Space), which differs from JavaScript's \s.
const RUST_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const BLANK = new RegExp(`^[${RUST_SPACE}]*$`);
const TRIM = new RegExp(`^[${RUST_SPACE}]+|[${RUST_SPACE}]+$`, 'g');

// Lone surrogates become U+FFFD, as they do when a string crosses into Rust.
export const wellFormed = (text) => text.toWellFormed?.() ?? text;
export const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const chars = (text) => [...text].length;
const bytes = (text) => new TextEncoder().encode(text).length;
const asciiLower = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
/** A deep copy of plain JSON data. */
export const copy = (value) => JSON.parse(JSON.stringify(value));
export const isWhole = (value, min, max) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

// ==== the shape rules (core/src/config/rules.rs, core/src/category.rs, core/src/cookie_jar.rs) ====

export const isCategoryId = (id) => typeof id === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(id);
const isCookieName = (name) => typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/.test(name);
const isCookiePattern = (pattern) => typeof pattern === 'string'
  && /^[A-Za-z0-9!#$%&'+\-.^_`|~]{1,64}\*?$/.test(pattern);
const isDomain = (domain) => {
  const bare = domain.startsWith('.') ? domain.slice(1) : domain;
  return bare !== '' && bare.length <= 253
    && bare.split('.').every((label) => /^[A-Za-z0-9-]{1,63}$/.test(label) && !label.startsWith('-') && !label.endsWith('-'));
};
const isHostPattern = (pattern) => {
  if (typeof pattern !== 'string') return false;
  const host = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  return !host.startsWith('.') && host.includes('.') && isDomain(host);
};
const languageOfTag = (tag) => {
  const primary = tag.replace(TRIM, '').split(/[-_]/)[0];
  return LANGUAGES.find((code) => asciiLower(primary) === code) || null;
};

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
 * A reader that collects `problems` ({ key, text, fatal }). `isSafeUrl` is stage 1's URL rule;
 * `ownKeys` reads the keys of kind "own", by table and key: `(reader, path, value, target)`;
 * `catalogue` holds the catalogue's rules (and, when loaded, its texts). Each method returns what
 * it read, or undefined when the value is refused (the caller keeps what it had: the default).
 */
export function createReader({ isSafeUrl, ownKeys, catalogue }) {
  const problems = [];
  const reader = {
    problems,
    catalogue,
    /** The configuration's revision: no category or service may claim a later one. */
    maxRevision: 1,
    fatal(key, text) {
      problems.push({ key, text: `jl-consent: ${text}; ${WIDGET_OFF}`, fatal: true });
    },
    bad(key, message) {
      problems.push({ key: wellFormed(key), text: wellFormed(`jl-consent: configuration key "${key}": ${message}`), fatal: false });
    },
    unknown(path, name, known) {
      const suggestion = closestKey(name, known);
      reader.bad(path, suggestion ? `unknown key, ignored (did you mean "${suggestion}"?)` : `unknown key, ignored (known keys: ${known.join(', ')})`);
    },
    object(path, value) {
      if (isObject(value)) return value;
      reader.bad(path, `expected an object, found ${kind(value)}; ignored`);
      return null;
    },
    array(path, value) {
      if (Array.isArray(value)) return value;
      reader.bad(path, `expected an array, found ${kind(value)}; ignored`);
      return null;
    },
    text(key, value) {
      if (typeof value === 'string' && !BLANK.test(value) && chars(value) <= LIMITS.maxTextLength) return wellFormed(value);
      reader.bad(key, `expected a non-empty text of at most ${LIMITS.maxTextLength} characters, found ${describe(value)}; ignored`);
      return undefined;
    },
    /** Reads each member of `value` (an object at `path`) by `table`'s keys into `target`. */
    members(path, value, table, target) {
      const keys = SURFACE.tables[table];
      for (const name of Object.keys(value)) {
        const field = path ? `${path}.${name}` : name;
        // What the key accepts: a kind's name, or an object with the kind and its details.
        const spec = has(keys, name) ? keys[name] : null;
        const accepts = typeof spec === 'string' ? { kind: spec } : spec;
        if (!accepts) reader.unknown(field, name, Object.keys(keys));
        else if (accepts.kind === 'own') ownKeys[table][name](reader, field, value[name], target);
        else {
          const found = KINDS[accepts.kind](reader, field, value[name], accepts, target[name]);
          if (found !== undefined) target[name] = found;
        }
      }
    },
  };
  // The simple kinds (core/src/config/surface.rs, `Accepts`): (reader, path, value, accepts, current).
  const patterns = (valid, expected) => (_, path, value) => {
    const items = reader.array(path, value);
    if (!items) return [];
    const found = [];
    items.forEach((item, i) => {
      if (valid(item)) found.push(item);
      else reader.bad(`${path}[${i}]`, `expected ${expected}; ignored`);
    });
    return found;
  };
  const wholeNumber = (key, value, min, max) => {
    if (isWhole(value, min, max)) return value;
    reader.bad(key, `expected a whole number from ${min} to ${max}, found ${describe(value)}; using the default`);
    return undefined;
  };
  const KINDS = {
    boolean(_, key, value) {
      if (typeof value === 'boolean') return value;
      reader.bad(key, `expected true or false, found ${describe(value)}; using the default`);
      return undefined;
    },
    wholeNumber: (_, key, value, { min, max }) => wholeNumber(key, value, min, max),
    policyRevision: (_, key, value) => wholeNumber(key, value, 1, reader.maxRevision),
    oneOf(_, key, value, { choices }) {
      if (choices.includes(value)) return value;
      reader.bad(key, `expected one of ${choices.map((c) => `"${c}"`).join(', ')}, found ${describe(value)}; using the default`);
      return undefined;
    },
    url(_, key, value) {
      if (value === null) return undefined;
      if (typeof value === 'string' && isSafeUrl(value)) return wellFormed(value);
      reader.bad(key, `expected an http(s) URL or a path, found ${describe(value)}; it is not used`);
      return undefined;
    },
    language(_, key, value) {
      if (value === null || value === 'auto') return null;
      if (typeof value === 'string' && languageOfTag(value) && bytes(value) <= 5) return languageOfTag(value);
      reader.bad(key, `expected "ru", "kk", "en" or "auto", found ${describe(value)}; choosing automatically`);
      return null;
    },
    cookieName(_, key, value) {
      if (isCookieName(value)) return value;
      reader.bad(key, `expected a cookie name (letters, digits and !#$%&'*+-.^_\`|~, at most 64), found ${describe(value)}; using "${SURFACE.defaults.cookie.name}"`);
      return undefined;
    },
    domain(_, key, value) {
      if (value === null) return null;
      if (typeof value === 'string' && isDomain(value)) return value;
      reader.bad(key, `expected a domain such as ".jetfin.kz", found ${describe(value)}; using this host only`);
      return undefined;
    },
    bin(_, key, value) {
      if (value === null) return null;
      if (typeof value === 'string' && /^[0-9]{12}$/.test(value)) return value;
      reader.bad(key, `expected a BIN of 12 digits as a string, or null, found ${describe(value)}; using the default`);
      return undefined;
    },
    // A text for all languages (a string) or {"ru": …, "kk": …}: in the normal form, as it came.
    localizedText(_, key, value) {
      if (typeof value === 'string') return reader.text(key, value);
      if (!isObject(value)) {
        reader.bad(key, `expected a text or an object of texts by language, found ${kind(value)}; ignored`);
        return undefined;
      }
      const byLanguage = {};
      for (const code of Object.keys(value)) {
        if (!LANGUAGES.includes(code)) {
          reader.bad(`${key}.${code}`, LANGUAGE_RULE);
          continue;
        }
        const found = reader.text(`${key}.${code}`, value[code]);
        if (found !== undefined) byLanguage[code] = found;
      }
      return Object.keys(byLanguage).length ? byLanguage : undefined;
    },
    cookiePatterns: patterns(isCookiePattern, 'a cookie name or a prefix ending in * ("_ga*")'),
    storagePatterns: patterns(isCookiePattern, 'a storage key or a prefix ending in * ("_hj*")'),
    hostPatterns: patterns(isHostPattern, 'a host ("mc.yandex.ru") or *.domain ("*.hotjar.com")'),
    categoryIds(_, key, value) {
      const items = reader.array(key, value);
      if (!items) return undefined;
      const ids = [];
      items.forEach((item, i) => {
        if (isCategoryId(item)) ids.push(item);
        else reader.bad(`${key}[${i}]`, 'expected a category id; ignored');
      });
      return ids;
    },
    weight(_, key, value) {
      if (typeof value === 'number' && value > 0 && value <= LIMITS.maxWeight) return value;
      reader.bad(key, `expected a number above 0 and at most ${LIMITS.maxWeight}; using 1`);
      return undefined;
    },
    object(_, key, value, { table }, current) {
      if (!isObject(value)) {
        reader.bad(key, `expected an object, found ${kind(value)}; using the defaults`);
        return undefined;
      }
      reader.members(key, value, table, current);
      return current;
    },
  };
  reader.kinds = KINDS;
  return reader;
}
