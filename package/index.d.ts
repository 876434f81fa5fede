// Types of the jl-consent package's ESM entry (index.mjs). The snippet's own API,
// `window.JetConsent`, is typed in dist/consent.d.ts, whose types are re-exported here.
import type { CategoryId, ConsentDecision, ConsentEventDetail, ConsentEventName } from './dist/consent.js';

export type { CategoryId, ConsentDecision, ConsentEventDetail, ConsentEventName, JetConsentApi } from './dist/consent.js';

/** Removes the handler it was returned for. */
export type Unsubscribe = () => void;

/** True while `category` may run: always for "necessary"; never on a server or before the snippet has run. */
export function isGranted(category: CategoryId): boolean;
/** The decision in force, or null (on a server, before the snippet has run, or before a decision). */
export function getDecision(): ConsentDecision | null;
/**
 * Calls `handler` for `event`; a "decision" handler also gets the decision already in force.
 * Before the snippet has run, the handler waits for it; on a server it never runs.
 */
export function on(event: ConsentEventName, handler: (detail: ConsentEventDetail) => void): Unsubscribe;
/** Calls `handler` with the decision in force and after every decision. */
export function onDecision(handler: (detail: ConsentEventDetail) => void): Unsubscribe;
/** Calls `handler` when the visitor changes an earlier decision. */
export function onChange(handler: (detail: ConsentEventDetail) => void): Unsubscribe;
/** Shows the banner. Resolves once the widget has done it (at once on a server or without the snippet). */
export function show(): Promise<void>;
/** Opens the preferences. */
export function showPreferences(): Promise<void>;
/** Grants every optional category, as "Accept all" does. */
export function acceptAll(): Promise<void>;
/** Refuses every optional category, as "Reject all" does. */
export function rejectAll(): Promise<void>;
/** Grants the named categories and keeps the other choices. */
export function acceptCategory(categories: CategoryId | CategoryId[]): Promise<void>;
/** Forgets the decision (deletes the cookie) and shows the banner. */
export function reset(): Promise<void>;
