// Events for the page: API listeners (`JetConsent.on`), DOM events (`jl-consent:<name>` on the
// document) and Google Tag Manager (`dataLayer` pushes). A listener that throws is reported and
// the others still run.

/** The events and their listeners; `detailOf(extra)` builds an event's detail from the decision in force. */
export function createEvents(window, document, warn) {
  const listeners = { decision: [], 'first-decision': [], change: [] };
  let decisionAnnounced = false;

  const emit = (name, detail) => {
    if (name === 'decision') decisionAnnounced = true;
    for (const handler of listeners[name].slice()) {
      try { handler(detail); } catch (error) { warn(`a "${name}" listener failed`, error); }
    }
    try {
      document.dispatchEvent(new window.CustomEvent(`jl-consent:${name}`, { detail }));
    } catch (error) {
      warn(`could not dispatch jl-consent:${name}`, error);
    }
    (window.dataLayer = window.dataLayer || []).push({ event: `jl_consent_${name.replace('-', '_')}`, jlConsent: detail });
  };

  return {
    emit,
    isKnown: (name) => Object.prototype.hasOwnProperty.call(listeners, name),
    /** Adds a listener; a "decision" listener added after the decision in force was announced gets it at once. */
    on(name, handler, currentDetail) {
      listeners[name].push(handler);
      const detail = name === 'decision' && decisionAnnounced ? currentDetail() : null;
      if (detail) {
        window.setTimeout(() => {
          try { handler(detail); } catch (error) { warn('a "decision" listener failed', error); }
        }, 0);
      }
    },
    off(name, handler) {
      listeners[name] = listeners[name].filter((h) => h !== handler);
    },
  };
}

/**
 * An event's detail: the decision in force (from stage 1's state) and `extra`.
 * @param {import('../gate.mjs').Gate} gate
 */
export function eventDetail(gate, extra) {
  const { record } = gate.state;
  const optional = gate.config.categories;
  return {
    consentId: record?.consentId ?? null,
    revision: record?.revision ?? null,
    decidedAt: record?.decidedAt ?? null,
    granted: ['necessary', ...optional.filter(gate.isGranted)],
    refused: optional.filter((c) => !gate.isGranted(c)),
    ...extra,
  };
}
