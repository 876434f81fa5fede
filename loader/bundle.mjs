// Bundles stage 2 of the loader (loader/stage2/*.mjs, entry main.mjs) into one classic script,
// dist/consent-ui.js: Trunk runs this after every build (Trunk.toml), scripts/build minifies the
// result, and the loader's tests run the same bundle.
//
//   node loader/bundle.mjs [OUTPUT]     OUTPUT defaults to $TRUNK_STAGING_DIR/consent-ui.js
import { buildSync } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('stage2/main.mjs', import.meta.url));

/** The bundled stage 2, as text. */
export function bundleStage2() {
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    banner: { js: '/*! jl-consent: stage 2 */' },
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const staging = process.env.TRUNK_STAGING_DIR;
  const output = process.argv[2] || (staging && join(staging, 'consent-ui.js'));
  if (!output) {
    console.error('usage: node loader/bundle.mjs OUTPUT (or run from a Trunk hook, which sets TRUNK_STAGING_DIR)');
    process.exit(2);
  }
  writeFileSync(output, bundleStage2());
}
