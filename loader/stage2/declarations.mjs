// The cookie declaration a site puts on its policy page (<jl-consent-declaration>): the widget
// renders it, from the configuration and declaration.<language>.json (its labels and the
// catalogue's providers and lifetimes), which only a page with such an element fetches, together
// with the widget itself. Until then, or when either cannot load, the element shows what the site
// wrote inside it.

import { fetchOnce } from './fetch-once.mjs';

export const DECLARATION_TAG = 'jl-consent-declaration';

/**
 * `{placeWithin(root)}`: hands each declaration element in `root` to the widget once.
 * `widget.load()` resolves to the mounted widget's handle (or null).
 * @param {import('../gate.mjs').Gate} gate
 */
export function createDeclarations(gate, window, language, widget) {
  const handed = new WeakSet();
  const loadFacts = fetchOnce(gate, window, `declaration.${language}.json`, (response) => response.text());
  return {
    placeWithin(root) {
      const found = [...(root.matches?.(DECLARATION_TAG) ? [root] : []), ...(root.querySelectorAll?.(DECLARATION_TAG) ?? [])]
        .filter((element) => !handed.has(element));
      if (!found.length) return;
      for (const element of found) handed.add(element);
      Promise.all([loadFacts(), widget.load()]).then(([text, handle]) => {
        for (const element of found) handle?.declare(element, text);
      }).catch((error) => {
        for (const element of found) handed.delete(element);
        gate.warn('the cookie declaration could not be shown', error);
      });
    },
  };
}
