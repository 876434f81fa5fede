// consent-placeholders.js (bundled from this folder): the placeholders of blocked content, loaded by
// stage 2 only on pages that have content to hold back, so that every other page view carries
// none of their code, styles or texts. It hands stage 2 its factory through the gate.
import { createPlaceholders } from './placeholders.mjs';

const gate = window.__jlConsentGate;
if (gate) gate.createPlaceholders = createPlaceholders;
