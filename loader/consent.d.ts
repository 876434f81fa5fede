// Types of the Jet Leasing consent widget's page API: `window.JetConsent`, defined by consent.js.
// No method ever throws; the ones that need the widget return a promise that always resolves.

export type CategoryId = 'necessary' | 'analytics' | 'advertising' | (string & {});

/** The decision in force, as stored in the consent cookie. */
export interface ConsentDecision {
  /** The visitor's consent id (16 Crockford base32 characters), kept across changes of mind. */
  consentId: string;
  /** The policy revision the decision was made under. */
  revision: number;
  /** When the visitor decided, in Unix seconds. */
  decidedAt: number;
  /** Each optional category's choice. */
  choices: Record<string, boolean>;
}

/** What every event carries. */
export interface ConsentEventDetail {
  consentId: string | null;
  revision: number | null;
  decidedAt: number | null;
  /** Categories that may run now (always including "necessary"). */
  granted: CategoryId[];
  refused: CategoryId[];
  /** How the decision was made; null for the decision found on page load. */
  action: 'accept_all' | 'reject_all' | 'custom' | 'withdraw' | null;
  /** True for the visitor's first decision (or a renewal after a policy change). */
  first: boolean;
  /** True when the event reports the decision already in force when the page loaded. */
  initial: boolean;
  /** The categories this decision withdrew (granted before, refused now); empty for any other. */
  withdrawn: CategoryId[];
  /**
   * True when content of a withdrawn category already ran in this page view and the configuration
   * turned the reload off (`reloadAfterWithdrawal: false`): the site must stop it itself (the
   * vendor's opt-out call, say). With the reload on, the page reloads as soon as the listeners
   * have returned.
   */
  reloadSkipped: boolean;
}

/**
 * Events, also dispatched on `document` as `jl-consent:<name>` CustomEvents and pushed to
 * `window.dataLayer` as `{event: 'jl_consent_<name with _>', jlConsent: detail}`:
 * - `decision`: the decision in force — on every page load that has one, and after every decision;
 *   a listener added later is called at once with the decision in force;
 * - `first-decision`: the visitor decided for the first time (or again after a policy change);
 * - `change`: the visitor changed an earlier decision.
 */
export type ConsentEventName = 'decision' | 'first-decision' | 'change';

export interface JetConsentApi {
  /** The loader's version (set once its second stage has loaded). */
  readonly version?: string;
  /** Shows the banner. */
  show(): Promise<void>;
  /** Opens the preferences (also: any element with `data-jl-consent-open`). */
  showPreferences(): Promise<void>;
  /** Grants every optional category, as "Accept all" does. */
  acceptAll(): Promise<void>;
  /**
   * Refuses every optional category, as "Reject all" does. A withdrawal of a category whose
   * content already ran in this page view reloads the page once (see `reloadSkipped`).
   */
  rejectAll(): Promise<void>;
  /**
   * Grants the named categories and keeps the other choices (refusing them when the visitor has
   * not decided yet), as a placeholder's "allow" does. Names that are not optional categories of
   * the configuration are ignored.
   */
  acceptCategory(categories: CategoryId | CategoryId[]): Promise<void>;
  /**
   * Forgets the decision (deletes the cookie) and shows the banner. Like a withdrawal, it reloads
   * the page once when content of a category granted before already ran in this page view.
   */
  reset(): Promise<void>;
  /** The decision in force, or null. */
  getDecision(): ConsentDecision | null;
  /** True while `category` may run ("necessary" always). */
  isGranted(category: CategoryId): boolean;
  on(event: ConsentEventName, handler: (detail: ConsentEventDetail) => void): void;
  off(event: ConsentEventName, handler: (detail: ConsentEventDetail) => void): void;
}

declare global {
  interface Window {
    readonly JetConsent: JetConsentApi;
  }
  interface DocumentEventMap {
    'jl-consent:decision': CustomEvent<ConsentEventDetail>;
    'jl-consent:first-decision': CustomEvent<ConsentEventDetail>;
    'jl-consent:change': CustomEvent<ConsentEventDetail>;
  }
}
