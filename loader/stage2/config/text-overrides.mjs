// The site owner's own wording, read as core/src/config/text_overrides.rs reads it: any bundled
// text (the core's text keys) and the policy summary itself, per language.
import SURFACE from '../../data/config-surface.json' with { type: 'json' };
import { has, isObject, kind, LANGUAGE_RULE } from './reader.mjs';

const KNOWN = [...SURFACE.textKeys, 'summary'];

const isClauseNumber = (value) => typeof value === 'string' && value.length > 0 && value.length <= 16
  && value.split('.').every((part) => /^[0-9]+$/.test(part));

/** Reads text overrides found at `path` (`texts`, or a variant's `variants[1].texts`). */
export function readTextOverrides(reader, path, value) {
  const overrides = {};
  const languages = reader.object(path, value);
  if (!languages) return overrides;
  for (const code of Object.keys(languages)) {
    const at = `${path}.${code}`;
    if (!SURFACE.languages.includes(code)) {
      reader.bad(at, LANGUAGE_RULE);
      continue;
    }
    const entries = reader.object(at, languages[code]);
    if (!entries) continue;
    const texts = {};
    let summary = null;
    for (const name of Object.keys(entries)) {
      const field = `${at}.${name}`;
      if (name === 'summary') summary = readSummary(reader, field, entries[name]) ?? summary;
      else if (!SURFACE.textKeys.includes(name)) reader.unknown(field, name, KNOWN);
      else {
        const found = reader.text(field, entries[name]);
        if (found !== undefined) texts[name] = found;
      }
    }
    // The core keeps a language's texts and its summary apart; the normal form lists the texts first.
    if (summary) texts.summary = summary;
    if (Object.keys(texts).length) overrides[code] = texts;
  }
  return overrides;
}

function readSummary(reader, path, value) {
  const items = reader.array(path, value);
  if (!items) return null;
  const points = [];
  items.forEach((item, i) => {
    const field = `${path}[${i}]`;
    let found;
    let clauses = [];
    if (typeof item === 'string') {
      found = reader.text(field, item);
    } else if (isObject(item)) {
      found = has(item, 'text') ? reader.text(`${field}.text`, item.text) : undefined;
      if (has(item, 'clauses')) {
        if (Array.isArray(item.clauses) && item.clauses.every(isClauseNumber)) clauses = item.clauses.slice();
        else reader.bad(`${field}.clauses`, 'expected clause numbers such as ["3.3"]; ignored');
      }
    } else {
      reader.bad(field, `expected a text or {"text", "clauses"}, found ${kind(item)}; ignored`);
    }
    if (found !== undefined) points.push({ text: found, clauses });
  });
  return points.length ? points : null;
}
