// Banner variants for A/B tests, read as core/src/config/variants.rs reads them: a valid, unique
// id each, at most maxVariants.
import SURFACE from '../../data/config-surface.json' with { type: 'json' };
import { ID_RULE } from './categories.mjs';
import { isCategoryId } from './reader.mjs';

/** Reads `variants`; an empty list when it is not an array. */
export function readVariants(reader, path, value) {
  const items = reader.array(path, value);
  if (!items) return [];
  const variants = [];
  const max = SURFACE.limits.maxVariants;
  for (let i = 0; i < items.length; i++) {
    const at = `${path}[${i}]`;
    const members = reader.object(at, items[i]);
    if (!members) continue;
    if (!isCategoryId(members.id)) {
      reader.bad(`${at}.id`, `${ID_RULE}; variant skipped`);
      continue;
    }
    if (variants.some((v) => v.id === members.id)) {
      reader.bad(`${at}.id`, `"${members.id}" is listed twice; the repeat is skipped`);
      continue;
    }
    if (variants.length === max) {
      reader.bad(at, `more than ${max} variants; the rest are skipped`);
      break;
    }
    const variant = { id: members.id, weight: 1, layout: null, texts: {} };
    reader.members(at, members, 'variant', variant);
    variants.push(variant);
  }
  return variants;
}
