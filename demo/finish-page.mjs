// Trunk post-build hook: removes the `<link data-trunk rel="rust">` that Trunk leaves in the built
// page when it injects no start-up script of its own (Trunk.toml: inject_scripts = false). The
// loader starts the widget; the leftover link would only make the page name Cargo.toml.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('demo/finish-page.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
  process.exit(2);
}
const page = join(staging, 'index.html');
const html = readFileSync(page, 'utf8');
const finished = html.replace(/<link\b[^>]*\brel=(?:"rust"|'rust'|rust)(?=[\s>])[^>]*>/g, '');
writeFileSync(page, finished);
