// The five benchmark pages: the demo page (index.html: same head, same body, same site.css and
// site.js) with the widget's embed replaced by each variant's embed, and nothing else changed.
import { readFileSync } from 'node:fs';
import { ROOT } from './paths.mjs';

// The demo's embed: the comment, the configuration block and the loader's script tag.
const EMBED = /(?:[ \t]*<!--[^>]*-->\s*)?<script type="application\/json" id="jl-consent-config">[\s\S]*?<\/script>\s*<script src="\/consent\.js"><\/script>/;

// Keeps the summary list of the peers readable with their own CSS (the widget styles its own).
const SUMMARY_CSS = '<style>.bench-summary{margin:.5em 0;padding-left:1.2em}.bench-clause{opacity:.75;white-space:nowrap}</style>';

/** The template: index.html as Trunk would serve it, with a placeholder for the embed. */
function template() {
  let html = readFileSync(new URL('index.html', ROOT), 'utf8');
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

/** { html, embed } for a variant: the page and the embed text alone (its inline bytes). */
export function renderPage(variant) {
  const page = template();
  const isPeer = variant.id !== 'jl';
  const head = isPeer ? `${variant.head}\n${SUMMARY_CSS}` : variant.head;
  const html = page
    .replace('{{HEAD_EMBED}}', () => head)
    .replace('</body>', () => (variant.bodyEnd ? `${variant.bodyEnd}\n</body>` : '</body>'));
  return { html, embed: `${head}\n${variant.bodyEnd}` };
}
