// The visitor's language for the few texts stage 2 shows itself (the settings control and the
// "saved" announcement), chosen as the core chooses (core/src/language.rs): the configured one,
// else the page's <html lang>, else the browser's first bundled one, else Russian.

const LANGUAGES = ['ru', 'kk', 'en'];
const SETTINGS_LABEL = { ru: 'Настройки cookie', kk: 'Cookie баптаулары', en: 'Cookie settings' };
const SAVED_LABEL = { ru: 'Ваш выбор сохранён.', kk: 'Таңдауыңыз сақталды.', en: 'Your choice is saved.' };
const BUNDLED = { settingsButton: SETTINGS_LABEL, choiceSaved: SAVED_LABEL };

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

/** The text for `key` ("settingsButton" or "choiceSaved") in `language`, the site's wording first. */
export function stageText(config, language, key) {
  return config.texts[language]?.[key] ?? BUNDLED[key][language];
}
