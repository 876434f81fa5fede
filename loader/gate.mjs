// The contract between the loader's stages: what stage 1 (consent.js) hands the later parts
// (stage 2, consent-ui.js; the placeholders, consent-placeholders.js) as `window.__jlConsentGate`.
// Declared once, here; `tsc --checkJs` (loader/tsconfig.json, a step of scripts/test) holds every
// stage to it, so a renamed or missing member fails that check rather than a visitor's page.

/**
 * The gate keys as stage 1 reads them (core/src/config, the defaults from loader/data/gate.json).
 * @typedef {object} GateConfig
 * @property {string} cookieName
 * @property {number} revision
 * @property {string | null} pixelUrl
 * @property {string[]} categories The optional categories that survive, in order.
 * @property {{ enabled: boolean, waitForUpdate: number, signals: Record<string, string[]> }} consentMode
 * @property {boolean} off True when the configuration cannot be used: nothing optional runs.
 * @property {unknown} [raw] The parsed configuration, for stage 2 to read whole.
 * @property {string} [error] Why the configuration could not be parsed.
 */

/**
 * A stored decision, decoded as core/src/cookie_codec.rs decodes it.
 * @typedef {object} ConsentRecord
 * @property {number} revision
 * @property {number} decidedAt
 * @property {string} consentId
 * @property {Record<string, boolean>} choices In the cookie's order (a null-prototype object).
 */

/**
 * A call of the page's API that waits for stage 2: method name, arguments, and the resolver of
 * the promise the page holds.
 * @typedef {[string, unknown[], (value?: unknown) => void]} PendingCall
 */

/**
 * @typedef {object} Gate
 * @property {GateConfig} config
 * @property {{ record: ConsentRecord | null }} state The decision in force (null: none counts).
 * @property {string} base Where the widget's files are (consent.js's folder).
 * @property {string} nonce The CSP nonce consent.js was loaded with.
 * @property {(message: string, detail?: unknown) => void} warn
 * @property {() => void} refresh Reads the cookie again.
 * @property {() => void} apply Applies the decision in force (Consent Mode, the pixel, `applied`).
 * @property {(category: string) => boolean} isGranted
 * @property {(value: unknown) => ConsentRecord | null} decodeCookie
 * @property {(url: unknown) => boolean} isSafeUrl
 * @property {{ call(name: string, args: unknown[]): unknown } | null} ui Stage 2's API actions, once it runs.
 * @property {PendingCall[]} pending The page's calls made before stage 2 ran.
 * @property {Array<() => void>} applied What stage 2 adds to `apply`.
 * @property {Record<string, any>} api The page's API (`window.JetConsent`, typed in consent.d.ts).
 * @property {Array<Promise<any>> | null} [widgetFiles] The widget's glue and wasm, fetched early when a decision is needed.
 * @property {string} [pixelRan] The pixel's category, once stage 1 requested the pixel: withdrawing
 *   that category must stop it (stage 2 reloads the page).
 * @property {Promise<any> | null} [widgetReady] The glue once it has instantiated the wasm (stage 2 starts this at once).
 * @property {{ config: object, problems: Array<{ key: string, text: string, fatal: boolean }>, usable: boolean }} [configuration]
 *   The whole configuration as stage 2 read it.
 * @property {(env: any) => any} [createPlaceholders] The placeholders' factory, once consent-placeholders.js ran.
 */

export {};
