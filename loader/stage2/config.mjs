// The page's configuration, every key read by the rules of the Rust core (core/src/config): the
// same values kept, the same defaults, and the same problems in the same words. The result is the
// normal form (core/src/config/normal_form.rs) that the widget reads without checking again. The
// shared vectors (core/tests/vectors/config.json) hold this reader and the core's to one another.
//
// The keys, what each accepts, the limits and the defaults come from the core's surface
// (loader/data/config-surface.json); the modules of ./config/ mirror core/src/config/*.rs and
// read what a table marks as "own". It runs on every page view, also for a returning visitor
// whose page loads no WebAssembly, so every problem is reported wherever it is met.
import rules from '../data/catalogue-rules.json' with { type: 'json' };
import SURFACE from '../data/config-surface.json' with { type: 'json' };
import { readCategories, readServices } from './config/categories.mjs';
import { readConsentMode, readSignals } from './config/consent-mode.mjs';
import { copy, createReader, describe, has, isObject, isWhole, kind, wellFormed } from './config/reader.mjs';
import { readTextOverrides } from './config/text-overrides.mjs';
import { readVariants } from './config/variants.mjs';

/** The catalogue's rules by id: [default category, cookie patterns, storage patterns, hosts, country]. */
export const CATALOGUE_RULES = rules;

const readFirst = () => {};

/** The readers of the keys each table marks "own", by table and key. */
export const OWN_KEYS = {
  topLevel: {
    revision: readFirst,
    categories: (reader, path, value, config) => { config.categories = readCategories(reader, path, value) ?? config.categories; },
    googleConsentMode: (reader, path, value, config) => { config.googleConsentMode = readConsentMode(reader, path, value); },
    texts: (reader, path, value, config) => { config.texts = readTextOverrides(reader, path, value); },
    variants: (reader, path, value, config) => { config.variants = readVariants(reader, path, value); },
  },
  cookie: {},
  operator: {},
  category: {
    id: readFirst,
    services: (reader, path, value, category) => { category.services = readServices(reader, path, value); },
  },
  service: { id: readFirst, name: readFirst },
  googleConsentMode: { signals: readSignals },
  variant: {
    id: readFirst,
    texts: (reader, path, value, variant) => { variant.texts = readTextOverrides(reader, path, value); },
  },
};

/** The normal form of the default configuration (a fresh copy). */
export const defaults = () => copy(SURFACE.defaults);

/**
 * Reads one configuration as stage 1 parsed it: `raw` (the parsed value; undefined when the page
 * has no configuration) or `unreadable` (why JSON.parse or the size and depth limits refused it).
 * `isSafeUrl` is stage 1's URL rule; `catalogue` the catalogue's rules (loader/data/catalogue-rules.json)
 * and, when already loaded, its texts. Returns the normal form, the problems ({ key, text, fatal },
 * in the core's words; `key` is the key path, or "(missing)" / "(unreadable)") and whether the
 * widget may run at all.
 */
export function readConfiguration(raw, unreadable, isSafeUrl, catalogue = { rules, texts: null }) {
  const reader = createReader({ isSafeUrl, ownKeys: OWN_KEYS, catalogue });
  const { problems } = reader;
  const config = defaults();
  if (unreadable !== null || !isObject(raw)) {
    if (unreadable !== null) reader.fatal('(unreadable)', `the configuration is unreadable (${unreadable})`);
    else if (raw === undefined) reader.fatal('(missing)', 'no configuration found (expected a <script type="application/json" id="jl-consent-config"> block; {} uses every default)');
    else reader.fatal('(unreadable)', `the configuration is unreadable (expected a JSON object, found ${kind(raw)})`);
    return { config, problems, usable: false };
  }
  // The revision bounds the categories' own revisions, so it is read first.
  if (has(raw, 'revision')) {
    const max = SURFACE.limits.maxRevision;
    if (isWhole(raw.revision, 1, max)) config.revision = raw.revision;
    else reader.fatal('revision', `configuration key "revision": expected a whole number from 1 to ${max}, found ${wellFormed(describe(raw.revision))}`);
  }
  reader.maxRevision = config.revision;
  // Integer-like keys come first in Object.keys, so a problem with such a key may be reported
  // earlier than the core reports it; what is read is the same.
  reader.members('', raw, 'topLevel', config);
  return { config, problems, usable: !problems.some((p) => p.fatal) };
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
