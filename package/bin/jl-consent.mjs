#!/usr/bin/env node
// The package's command: puts the widget's files where a site serves them.
//   jl-consent copy DIR     copies consent.js and every file it loads (dist/) into DIR
//   jl-consent --version    prints the package's version
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PACKAGE, 'dist');
const USAGE = `usage: jl-consent copy DIR     copy the widget's files (consent.js and what it loads) into DIR
       jl-consent --version    print the version`;

function copy(target) {
  const into = resolve(target);
  mkdirSync(into, { recursive: true });
  const files = readdirSync(DIST).sort();
  for (const file of files) cpSync(join(DIST, file), join(into, file));
  const shown = relative(process.cwd(), into).split(sep).join('/') || '.';
  console.log(`jl-consent: ${files.length} files copied into ${shown}/; serve that folder and put this first in <head>:`);
  console.log(`  <script type="application/json" id="jl-consent-config">{}</script>`);
  // Vite's and Next.js's public/ (SvelteKit's static/) is served from the site's root.
  const servedAt = `/${shown.replace(/^(public|static)(\/|$)/, '')}`.replace(/\/?$/, '/');
  console.log(`  <script src="${servedAt}consent.js"></script>`);
  console.log('(src: where your site serves that folder; every key of the configuration is in jl-consent.schema.json)');
}

const [command, argument, ...rest] = process.argv.slice(2);
if (command === '--version' || command === '-v') {
  console.log(JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).version);
} else if (command === 'copy' && argument && !rest.length) {
  try {
    copy(argument);
  } catch (error) {
    console.error(`jl-consent: could not copy into ${argument}: ${error.message}`);
    process.exit(1);
  }
} else {
  console.error(USAGE);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}
