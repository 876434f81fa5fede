// The benchmark's two pages, each served once per variant with that variant's embed and nothing
// else changed:
//  - demo: the demo page (index.html: same head, same body, same site.css and site.js), whose own
//    stylesheet, script and layout delay every banner;
//  - bare: a heading and a paragraph (the demo's own), nothing else to do, so each banner's own
//    start-up cost shows.
import { readFileSync } from 'node:fs';
import { ROOT } from './paths.mjs';

/** The pages, in the order a round visits them. */
export const PAGES = {
  demo: { id: 'demo', name: 'demo page', description: 'the demo page (index.html, site.css, site.js)' },
  bare: { id: 'bare', name: 'bare page', description: 'a heading and a paragraph, nothing else' },
};

// The demo's embed: the comment, the configuration block and the loader's script tag.
const EMBED = /(?:[ \t]*<!--[^>]*-->\s*)?<script type="application\/json" id="jl-consent-config">[\s\S]*?<\/script>\s*<script src="\/consent\.js"><\/script>/;

const demoSource = () => readFileSync(new URL('index.html', ROOT), 'utf8');

/** The demo page as Trunk would serve it, with a placeholder for the embed. */
function demoTemplate() {
  let html = demoSource();
  if (!EMBED.test(html)) throw new Error('index.html: the widget embed (config block + /consent.js) was not found');
  html = html.replace(EMBED, '{{HEAD_EMBED}}');
  // Trunk directives become what Trunk emits: the stylesheet link; the rest only copies files.
  html = html.replace(/<link data-trunk rel="css" href="styles\/([^"]+)">/g, '<link rel="stylesheet" href="/$1">');
  html = html.replace(/[ \t]*<link data-trunk\b[^>]*>\n?/g, '');
  // The demo's own extras (a video held back for consent) are not part of the banner comparison.
  html = html.replace(/[ \t]*<!-- demo-only[\s\S]*?<!-- \/demo-only -->\n?/g, '');
  if (!html.includes('</body>')) throw new Error('index.html: no </body>');
  return html;
}

/** The bare page: the demo's title, first heading and lead paragraph, and its icon (no request fails). */
function bareTemplate() {
  const html = demoSource();
  const pick = (pattern, what) => {
    const match = pattern.exec(html);
    if (!match) throw new Error(`index.html: no ${what} for the bare page`);
    return match[1];
  };
  const title = pick(/<title>([^<]*)<\/title>/, '<title>');
  const heading = pick(/<h1>([^<]*)<\/h1>/, '<h1>');
  const lead = pick(/<p class="lead">([^<]*)<\/p>/, '<p class="lead">');
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
{{HEAD_EMBED}}
</head>
<body>
  <h1>${heading}</h1>
  <p>${lead}</p>
</body>
</html>
`;
}

const TEMPLATES = { demo: demoTemplate, bare: bareTemplate };

/** { html, embed } for a variant on its page: the page and the embed text alone (its inline bytes). */
export function renderPage(variant) {
  const html = TEMPLATES[variant.page]()
    .replace('{{HEAD_EMBED}}', () => variant.head)
    .replace('</body>', () => (variant.bodyEnd ? `${variant.bodyEnd}\n</body>` : '</body>'));
  return { html, embed: `${variant.head}\n${variant.bodyEnd}` };
}
