// The policy page's cookie declarations (loader/stage2/declarations.mjs): an element is handed to
// the widget once, with the declaration's file in the visitor's language, fetched once for all;
// a page without one fetches nothing; when the file cannot load the element keeps what the site
// wrote, the console says why, and a later element tries again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeclarations, DECLARATION_TAG } from '../stage2/declarations.mjs';

/** An element of the page, or a root holding `children`. */
function element(tag, children = []) {
  return {
    tag,
    matches: (selector) => selector === tag,
    querySelectorAll: (selector) => children.filter((child) => child.tag === selector),
  };
}

/** A page whose network answers `fetch` with `answers` in turn, and a widget that records `declare`. */
function fakePage(answers) {
  const fetched = [];
  const declared = [];
  const warnings = [];
  const gate = { base: 'https://cdn.jetfin.kz/consent/', warn: (message, detail) => warnings.push([message, detail]) };
  const window = {
    fetch(url) {
      fetched.push(url);
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  const handle = { declare: (target, facts) => declared.push([target, facts]) };
  const widget = { load: () => Promise.resolve(handle) };
  return { gate, window, widget, fetched, declared, warnings };
}

const ok = (text) => ({ ok: true, status: 200, text: () => Promise.resolve(text) });
const settle = () => new Promise((done) => setTimeout(done, 0));

test('each declaration is handed to the widget once, with the file in the visitor\'s language, fetched once', async () => {
  const page = fakePage([ok('{"texts":{}}')]);
  const declarations = createDeclarations(page.gate, page.window, 'kk', page.widget);
  const first = element(DECLARATION_TAG);
  const second = element(DECLARATION_TAG);
  const body = element('body', [first, second]);
  declarations.placeWithin(body);
  declarations.placeWithin(body); // the observer and the parsed page both look: no second hand-over
  await settle();
  assert.deepEqual(page.fetched, ['https://cdn.jetfin.kz/consent/declaration.kk.json']);
  assert.deepEqual(page.declared, [[first, '{"texts":{}}'], [second, '{"texts":{}}']]);
  const later = element(DECLARATION_TAG);
  declarations.placeWithin(later); // added to the page later: the file already fetched serves it
  await settle();
  assert.equal(page.fetched.length, 1);
  assert.deepEqual(page.declared.at(-1), [later, '{"texts":{}}']);
});

test('a page without a declaration fetches nothing and loads no widget for it', async () => {
  const page = fakePage([]);
  let loads = 0;
  const declarations = createDeclarations(page.gate, page.window, 'ru', { load: () => { loads += 1; return Promise.resolve(null); } });
  declarations.placeWithin(element('body', [element('p')]));
  await settle();
  assert.deepEqual(page.fetched, []);
  assert.equal(loads, 0);
});

test('a file that cannot load leaves the element as the site wrote it, says why, and is tried again later', async () => {
  const page = fakePage([{ ok: false, status: 404 }, ok('{}')]);
  const declarations = createDeclarations(page.gate, page.window, 'ru', page.widget);
  const declaration = element(DECLARATION_TAG);
  declarations.placeWithin(declaration);
  await settle();
  assert.deepEqual(page.declared, []);
  assert.equal(page.warnings.length, 1);
  assert.match(String(page.warnings[0][1]), /declaration\.ru\.json: HTTP 404/);
  declarations.placeWithin(declaration);
  await settle();
  assert.equal(page.fetched.length, 2);
  assert.deepEqual(page.declared, [[declaration, '{}']]);
});
