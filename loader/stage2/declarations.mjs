// The cookie declaration a site puts on its policy page (<jl-consent-declaration>): the widget
// renders it, from the configuration and declaration.<language>.json (its labels and the
// catalogue's providers and lifetimes), which only a page with such an element fetches, together
// with the widget itself. Until then, or when either cannot load, the element shows what the site
// wrote inside it.

export const DECLARATION_TAG = 'jl-consent-declaration';

/**
 * `{placeWithin(root)}`: hands each declaration element in `root` to the widget once.
 * `widget.load()` resolves to the mounted widget's handle (or null).
 * @param {import('../gate.mjs').Gate} gate
 */
export function createDeclarations(gate, window, language, widget) {
  const handed = new WeakSet();
  const file = `declaration.${language}.json`;
  let facts = null;
  const loadFacts = () => {
    facts ||= window.fetch(`${gate.base}${file}`).then((response) => {
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      return response.text();
    }).catch((error) => {
      facts = null; // a later element tries again
      throw error;
    });
    return facts;
  };
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
