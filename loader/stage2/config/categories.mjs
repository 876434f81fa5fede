// Cookie categories and the services in them, read as core/src/config/categories.rs reads them:
// entries without a valid, unique id are skipped (at most maxCategories optional ones); a bad
// field of a kept entry warns and keeps its default. A service is a catalogue id, a catalogue id
// with fields of the site's own, or a service of the site's own.
import SURFACE from '../../data/config-surface.json' with { type: 'json' };
import { closestKey, describe, has, isCategoryId } from './reader.mjs';

export const ID_RULE = "expected an id of 1 to 32 characters a-z, 0-9, '_', '-' starting with a letter";

/** Reads `categories`; undefined when it is not an array (the default categories stay). */
export function readCategories(reader, path, value) {
  const items = reader.array(path, value);
  if (!items) return undefined;
  const categories = [];
  for (let i = 0; i < items.length; i++) {
    const at = `${path}[${i}]`;
    const members = reader.object(at, items[i]);
    if (!members) continue;
    const id = members.id;
    if (!isCategoryId(id)) {
      reader.bad(`${at}.id`, `${ID_RULE}; category skipped`);
      continue;
    }
    if (categories.some((c) => c.id === id)) {
      reader.bad(`${at}.id`, `"${id}" is listed twice; the repeat is skipped`);
      continue;
    }
    const max = SURFACE.limits.maxCategories;
    if (id !== 'necessary' && categories.filter((c) => c.id !== 'necessary').length === max) {
      reader.bad(at, `more than ${max} categories; the rest are skipped`);
      break;
    }
    const category = { id, title: null, description: null, revision: 1, services: [] };
    reader.members(at, members, 'category', category);
    if (category.title === null && !SURFACE.builtInCategories.includes(id)) {
      reader.bad(`${at}.title`, 'a category of your own needs a title; its id is shown instead');
    }
    categories.push(category);
  }
  return categories;
}

// A catalogue entry: its rules here (with the country its data goes to), its texts (name,
// description, policy link) from `catalogue.texts` when given, else filled in later by
// `completeServices`.
function catalogueEntry(reader, path, id) {
  const { catalogue } = reader;
  const rules = catalogue.rules[id];
  if (rules) {
    const [, cookies, storage, hosts, country] = rules;
    const texts = catalogue.texts?.[id];
    // Its provider reaches only the policy page's declaration, from the catalogue's facts.
    return {
      id, name: texts ? texts.name : undefined, description: texts ? texts.description : undefined,
      cookies: cookies.slice(), storage: storage.slice(), hosts: hosts.slice(), policyUrl: texts ? texts.policyUrl : undefined,
      provider: null, country, revision: 1,
    };
  }
  const ids = Object.keys(catalogue.rules);
  const near = closestKey(id, ids);
  reader.bad(path, near ? `unknown service ${describe(id)} (did you mean "${near}"?); skipped` : `unknown service ${describe(id)}; skipped (the catalogue has: ${ids.join(', ')})`);
  return null;
}

/** Reads a category's `services` (a key of kind "own" in the category table). */
export function readServices(reader, path, value) {
  const items = reader.array(path, value);
  if (!items) return [];
  const services = [];
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (typeof item === 'string') {
      const entry = catalogueEntry(reader, at, item);
      if (entry) services.push(entry);
      return;
    }
    const members = reader.object(at, item);
    if (!members) return;
    let base = null;
    if (has(members, 'id')) {
      if (typeof members.id !== 'string') {
        reader.bad(`${at}.id`, `expected the id of a catalogue service, found ${describe(members.id)}; service skipped`);
        return;
      }
      base = catalogueEntry(reader, at, members.id);
      if (!base) return;
    }
    const name = has(members, 'name') ? reader.kinds.localizedText(reader, `${at}.name`, members.name) : undefined;
    let service;
    if (base) {
      service = base;
      if (name !== undefined) service.name = name;
    } else if (name !== undefined) {
      service = { id: null, name, description: null, cookies: [], storage: [], hosts: [], policyUrl: null, provider: null, country: null, revision: 1 };
    } else {
      reader.bad(`${at}.name`, 'a service needs a name (or the id of a catalogue service); service skipped');
      return;
    }
    reader.members(at, members, 'service', service);
    services.push(service);
  });
  return services;
}
