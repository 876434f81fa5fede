// The consent cookie as the end-to-end tests see it: its name and format on the demo site, the
// decisions the tests plant before a visit, and the one reader of its fields.

export const COOKIE_NAME = 'jl_consent';
/** Any decision the demo site stores: format 1, revision 1, analytics and advertising answered. */
export const COOKIE_FORMAT = /^1\|1\|\d{10}\|[0-9A-HJKMNP-TV-Z]{16}\|analytics:[01]\+advertising:[01]$/;
/** A consent id: 16 Crockford base32 characters. */
export const CONSENT_ID_FORMAT = /^[0-9A-HJKMNP-TV-Z]{16}$/;
/** The consent id of every decision a test plants. */
export const PLANTED_CONSENT_ID = '7K3M9Q2XA4BC8DEF';

/** A stored decision as the widget writes it, e.g. `plantedDecision({ analytics: true, advertising: false })`. */
export function plantedDecision(choices, { revision = 1, decidedAt = 1764100000, consentId = PLANTED_CONSENT_ID } = {}) {
  const pairs = Object.entries(choices).map(([category, granted]) => `${category}:${granted ? 1 : 0}`);
  return `1|${revision}|${decidedAt}|${consentId}|${pairs.join('+')}`;
}

/** A returning visitor who granted everything under revision 1. */
export const GRANTED = plantedDecision({ analytics: true, advertising: true });

/**
 * The fields of a cookie value: `{ version, revision, decidedAt, consentId, choices }` with each
 * category's choice as a boolean, in stored order; null for anything that is not five fields.
 * (The tests only read what the widget wrote: whether it was well-formed is COOKIE_FORMAT's job.)
 */
export function readConsentCookie(value) {
  const fields = String(value ?? '').split('|');
  if (fields.length !== 5) return null;
  const [version, revision, decidedAt, consentId, pairs] = fields;
  const choices = {};
  for (const pair of pairs ? pairs.split('+') : []) {
    const [category, bit] = pair.split(':');
    choices[category] = bit === '1';
  }
  return { version: Number(version), revision: Number(revision), decidedAt: Number(decidedAt), consentId, choices };
}

/** The consent cookie among `cookies` (any driver's list of `{name, value, …}`), or undefined. */
export function findConsentCookie(cookies) {
  return cookies.find((cookie) => cookie.name === COOKIE_NAME);
}
