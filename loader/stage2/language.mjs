// The visitor's language for the texts stage 2 shows itself (the settings control, the "saved"
// announcement, the placeholders of blocked content), chosen as the core chooses
// (core/src/language.rs): the configured one, else the page's <html lang>, else the browser's
// first bundled one, else Russian. The bundled texts are the core's own (loader/data).
import BUNDLED from '../data/stage2-texts.json' with { type: 'json' };

const LANGUAGES = ['ru', 'kk', 'en'];

const fromTag = (tag) => {
  const primary = String(tag ?? '').trim().split(/[-_]/)[0].toLowerCase();
  return LANGUAGES.includes(primary) ? primary : null;
};

/** The language code for `configured` (the normal form's `language`) on this page. */
export function negotiateLanguage(configured, document, navigator) {
  if (configured) return configured;
  for (const tag of [document.documentElement.getAttribute('lang'), ...(navigator.languages || [navigator.language])]) {
    const language = fromTag(tag);
    if (language) return language;
  }
  return 'ru';
}

/** The text for `key` (one of loader/data/stage2-texts.json's) in `language`, the site's wording first. */
export function stageText(config, language, key) {
  return config.texts[language]?.[key] ?? BUNDLED[language][key];
}
