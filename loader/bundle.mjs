// Bundles the loader into classic scripts: stage 1 (consent.js, with the core's defaults and limits
// from loader/data/config-surface.json), stage 2 (loader/stage2/, entry main.mjs) into
// consent-ui.js, and the placeholders of blocked content (loader/placeholders/) into
// consent-placeholders.js, which stage 2 loads only where needed. Trunk runs this after every build
// (Trunk.toml), scripts/build minifies the results, and the loader's tests run the same bundles.
//
//   node loader/bundle.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR
import { buildSync } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productVersion } from '../release/version.mjs';

const BUNDLES = {
  'consent.js': { entry: 'consent.js', banner: '/*! jl-consent: the gate */' },
  'consent-ui.js': { entry: 'stage2/main.mjs', banner: '/*! jl-consent: stage 2 */' },
  'consent-placeholders.js': { entry: 'placeholders/main.mjs', banner: '/*! jl-consent: placeholders */' },
};

/** One bundle (a file name of BUNDLES), as text. */
export function bundle(name) {
  const { entry, banner } = BUNDLES[name];
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    banner: { js: banner },
    // The product version, declared once in Cargo.toml, becomes `JetConsent.version`.
    define: { JL_CONSENT_VERSION: JSON.stringify(productVersion()) },
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('usage: node loader/bundle.mjs DIR (or run from a Trunk hook, which sets TRUNK_STAGING_DIR)');
    process.exit(2);
  }
  for (const name of Object.keys(BUNDLES)) writeFileSync(join(dir, name), bundle(name));
}
