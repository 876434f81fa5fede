// Stage 2's side of the placeholders: their code (consent-placeholders.js) is fetched only once the
// page has something to hold back, then it places them; until then, and on every page without
// such content, nothing of it is loaded. A chunk that cannot load leaves the content held back.
import { hasPlaceholderTargets } from './placeholder-targets.mjs';

/**
 * `{placeWithin(root), sync()}` that loads the placeholders' code on first need; `env` is theirs.
 * @param {import('../gate.mjs').Gate} gate
 */
export function lazyPlaceholders(gate, window, document, env) {
  let real = null;
  let loading = null;
  const load = () => {
    loading ||= new Promise((resolve, reject) => {
      if (gate.createPlaceholders) return resolve();
      const script = document.createElement('script');
      script.src = `${gate.base}consent-placeholders.js`;
      script.nonce = gate.nonce;
      script.onload = () => (gate.createPlaceholders ? resolve() : reject(new Error('consent-placeholders.js did not start')));
      script.onerror = () => reject(new Error('consent-placeholders.js did not load'));
      document.head.append(script);
    }).then(() => {
      real = gate.createPlaceholders(env);
      return real;
    }).catch((error) => {
      gate.warn('the placeholders of held-back content could not be loaded; the content stays held back', error);
      return null;
    });
    return loading;
  };
  return {
    placeWithin(root) {
      if (real) real.placeWithin(root);
      else if (hasPlaceholderTargets(root)) load().then((placeholders) => placeholders?.placeWithin(document));
    },
    sync() {
      real?.sync();
    },
  };
}
