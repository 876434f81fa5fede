// What a reload after a withdrawal carries over to the page it loads, in sessionStorage, read once
// and removed at once: that the page was reloaded because of a withdrawal (so the visitor is told
// why), where it was scrolled to, and what had focus (the widget, or an element with an id).
// A note for another page, from long ago, or not in this shape is ignored.

export const RELOAD_NOTE_KEY = 'jl_consent_reload';
const MAX_AGE_MS = 60000;

const pageOf = (location) => `${location.pathname}${location.search}`;
const isOffset = (value) => Number.isFinite(value) && value >= 0;

/** Where focus returns after the reload: 'widget' (the settings control), `{id}`, or null. */
export function focusToKeep(document, fromWidget) {
  if (fromWidget) return 'widget';
  const active = document.activeElement;
  if (active?.tagName === 'JL-CONSENT' || active?.tagName === 'JL-CONSENT-SETTINGS') return 'widget';
  return active && active !== document.body && active.id ? { id: active.id } : null;
}

/** Keeps the note for the reload about to happen; nothing when sessionStorage is blocked. */
export function writeReloadNote(window, focus) {
  const note = { at: Date.now(), page: pageOf(window.location), x: window.scrollX || 0, y: window.scrollY || 0, focus };
  try {
    window.sessionStorage.setItem(RELOAD_NOTE_KEY, JSON.stringify(note));
  } catch { /* storage blocked: the reload still happens, without the note */ }
}

/** The note a reload left for this page (removed), or null. */
export function takeReloadNote(window) {
  let text;
  try {
    text = window.sessionStorage.getItem(RELOAD_NOTE_KEY);
    if (text === null) return null;
    window.sessionStorage.removeItem(RELOAD_NOTE_KEY);
  } catch {
    return null;
  }
  let note;
  try {
    note = JSON.parse(text);
  } catch {
    return null;
  }
  const age = Date.now() - note?.at;
  const focus = note?.focus;
  const focusFits = focus === null || focus === 'widget' || (typeof focus?.id === 'string' && focus.id.length > 0 && focus.id.length <= 256);
  if (!(age >= 0 && age <= MAX_AGE_MS) || note.page !== pageOf(window.location) || !isOffset(note.x) || !isOffset(note.y) || !focusFits) return null;
  return { x: note.x, y: note.y, focus };
}
