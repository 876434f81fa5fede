// Google Consent Mode v2, read as core/src/config/consent_mode.rs reads it: `false`, `true`, or
// an object whose `signals` map categories to the signals they grant.
import SURFACE from '../../data/config-surface.json' with { type: 'json' };
import { copy, isCategoryId, isObject, kind } from './reader.mjs';

const SIGNALS = SURFACE.consentSignals;

/** Reads `googleConsentMode` over a copy of its defaults. */
export function readConsentMode(reader, path, value) {
  const mode = copy(SURFACE.defaults.googleConsentMode);
  if (typeof value === 'boolean') mode.enabled = value;
  else if (isObject(value)) reader.members(path, value, 'googleConsentMode', mode);
  else reader.bad(path, `expected true, false or an object, found ${kind(value)}; using the defaults`);
  return mode;
}

/** Reads `signals`: for each category id, the signals it grants (replacing the default mapping). */
export function readSignals(reader, path, value, mode) {
  const mapping = reader.object(path, value);
  if (!mapping) return;
  mode.signals = {};
  for (const id of Object.keys(mapping)) {
    const field = `${path}.${id}`;
    if (!isCategoryId(id)) {
      reader.bad(field, 'not a category id; ignored');
      continue;
    }
    const names = reader.array(field, mapping[id]);
    if (!names) continue;
    mode.signals[id] = [];
    names.forEach((name, i) => {
      if (SIGNALS.includes(name)) mode.signals[id].push(name);
      else reader.bad(`${field}[${i}]`, `expected a Consent Mode signal (${SIGNALS.join(', ')}); ignored`);
    });
  }
}
