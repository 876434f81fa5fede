// The Russian texts every variant of the benchmark page shows, read from the widget's own bundled
// texts (core/src/texts/ru.rs), so that all five banners say the same words as this widget.
import { readFileSync } from 'node:fs';
import { ROOT } from './paths.mjs';

const SOURCE = 'core/src/texts/ru.rs';

const KEYS = {
  bannerTitle: 'BannerTitle',
  bannerIntro: 'BannerIntro',
  acceptAll: 'AcceptAll',
  rejectAll: 'RejectAll',
  openPreferences: 'OpenPreferences',
  saveChoices: 'SaveChoices',
  preferencesTitle: 'PreferencesTitle',
  preferencesIntro: 'PreferencesIntro',
  close: 'Close',
  alwaysOn: 'AlwaysOn',
  necessaryTitle: 'NecessaryTitle',
  necessaryDescription: 'NecessaryDescription',
  analyticsTitle: 'AnalyticsTitle',
  analyticsDescription: 'AnalyticsDescription',
  advertisingTitle: 'AdvertisingTitle',
  advertisingDescription: 'AdvertisingDescription',
  policyLink: 'PolicyLink',
  settingsButton: 'SettingsButton',
};

// A Rust string literal's contents (the texts use no escapes but \" and \\; others are refused).
function unescapeRust(literal) {
  return literal.replace(/\\(.)/g, (_, c) => {
    if (c === '"' || c === '\\') return c;
    throw new Error(`${SOURCE}: unsupported escape \\${c}`);
  });
}

const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

/**
 * { texts: {bannerTitle, …}, summary: [{text, clauseLabel}] } — the clause label as the widget
 * prints it ("п. 3.2", "пп. 5.2, 5.3").
 */
export function russianTexts() {
  const source = readFileSync(new URL(SOURCE, ROOT), 'utf8');
  const texts = {};
  for (const [name, variant] of Object.entries(KEYS)) {
    const match = new RegExp(`TextKey::${variant}\\s*=>\\s*${STRING}`).exec(source);
    if (!match) throw new Error(`${SOURCE}: no Russian text for TextKey::${variant} (the benchmark reads it from there)`);
    texts[name] = unescapeRust(match[1]);
  }
  const summary = [];
  const point = new RegExp(`SummaryPoint\\s*\\{\\s*text:\\s*${STRING},\\s*clauses:\\s*&\\[([^\\]]*)\\]`, 'g');
  for (const match of source.matchAll(point)) {
    const clauses = [...match[2].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const clauseLabel = clauses.length === 0 ? null : `${clauses.length > 1 ? 'пп.' : 'п.'} ${clauses.join(', ')}`;
    summary.push({ text: unescapeRust(match[1]), clauseLabel });
  }
  if (summary.length === 0) throw new Error(`${SOURCE}: no SummaryPoint found (the benchmark reads the summary from there)`);
  return { texts, summary };
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The summary as the widget shows it: a list, each point followed by its clause. */
export function summaryHtml(summary, listClass = 'bench-summary') {
  const items = summary.map(({ text, clauseLabel }) =>
    `<li>${escapeHtml(text)}${clauseLabel ? ` <span class="bench-clause">${escapeHtml(clauseLabel)}</span>` : ''}</li>`);
  return `<ul class="${listClass}">${items.join('')}</ul>`;
}
