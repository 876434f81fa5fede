// What the loader adds to the page's window (for the type check of loader/tsconfig.json).
interface Window {
  /** The gate: stage 1's state and helpers for the later stages (loader/gate.mjs). */
  __jlConsentGate?: import('./gate.mjs').Gate;
  /** The page's API (consent.d.ts). */
  JetConsent?: unknown;
  /** Google Tag Manager's and gtag's queue. */
  dataLayer?: unknown[];
}

/** The product version (Cargo.toml), which loader/bundle.mjs writes into the bundles. */
declare const JL_CONSENT_VERSION: string;
