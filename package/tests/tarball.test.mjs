// The npm package as a developer gets it: the packed tarball installed by npm into a fresh project
// in a temporary folder. What it holds, its manifest, the ESM entry under server-side rendering
// (no window, no document, no cookie), its types, tree-shaking, the `jl-consent` command, and the
// same bytes from a second pack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { integrityOf, pack } from '../pack.mjs';
import { VERSION, freshProject, tarball, temporaryFolder } from './support.mjs';

const TSC = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
const run = (cwd, command, args, options = {}) => execFileSync(command, args, { cwd, encoding: 'utf8', ...options });

let project;
let installed;
before(() => {
  project = freshProject();
  installed = join(project.path, 'node_modules', 'jl-consent');
});
after(() => project?.remove());

test('the tarball holds what a page needs and what a developer reads, and nothing else', () => {
  const entries = run('.', 'tar', ['-tzf', tarball()]).trim().split('\n').sort();
  assert.deepEqual(entries, [
    'package/CHANGELOG.md', 'package/README.md', 'package/bin/jl-consent.mjs',
    'package/dist/catalogue-texts.en.json', 'package/dist/catalogue-texts.kk.json', 'package/dist/catalogue-texts.ru.json',
    'package/dist/consent-placeholders.js', 'package/dist/consent-ui.js', 'package/dist/consent.d.ts', 'package/dist/consent.js',
    'package/dist/jl-consent.js', 'package/dist/jl-consent.schema.json', 'package/dist/jl-consent_bg.wasm',
    'package/index.d.ts', 'package/index.mjs', 'package/package.json', 'package/react.d.ts', 'package/react.mjs',
  ]);
  const dist = (file) => readFileSync(join(installed, 'dist', file));
  assert.ok(dist('consent.js').toString().startsWith('/*! jl-consent: the gate */'), 'stage 1, minified, keeps its banner');
  assert.doesNotMatch(dist('consent.js').toString(), /^\s*(import|export)\s/m, 'stage 1 stays a classic script');
  assert.deepEqual([...dist('jl-consent_bg.wasm').subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'a WebAssembly module');
  assert.ok(dist('consent-ui.js').toString().includes(`"${VERSION}"`), "stage 2 carries the product version");
  assert.equal(JSON.parse(dist('jl-consent.schema.json')).$id, `https://jetfin.kz/jl-consent/${VERSION}/jl-consent.schema.json`);
  for (const language of ['ru', 'kk', 'en']) assert.ok(JSON.parse(dist(`catalogue-texts.${language}.json`)));
});

test('the manifest: version, license, exports with types, files, side effects, engines, the command', () => {
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'jl-consent');
  assert.equal(manifest.version, VERSION);
  assert.equal(manifest.license, 'UNLICENSED');
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', default: './index.mjs' });
  assert.deepEqual(manifest.exports['./react'], { types: './react.d.ts', default: './react.mjs' });
  assert.deepEqual(manifest.exports['./dist/consent.js'], { types: './dist/consent.d.ts', default: './dist/consent.js' });
  assert.deepEqual(manifest.peerDependenciesMeta, { react: { optional: true } }, 'React only for jl-consent/react');
  assert.equal(manifest.dependencies, undefined, 'nothing else to install');
  assert.equal(Object.keys(manifest.exports['.'])[0], 'types', '"types" comes first, as TypeScript requires');
  assert.deepEqual(manifest.sideEffects, ['./dist/*.js']);
  assert.match(manifest.engines.node, /^>=\d+/);
  assert.deepEqual(manifest.bin, { 'jl-consent': 'bin/jl-consent.mjs' });
  assert.ok(manifest.files.includes('dist/'));
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  assert.match(readme, /UNLICENSED/);
  assert.ok(readme.includes(`jl-consent@${VERSION}/dist/consent.js`), 'the README pins this version');
  assert.ok(readme.includes(integrityOf(readFileSync(join(installed, 'dist', 'consent.js')))), "the README's SRI value is consent.js's");
  assert.doesNotMatch(readme, /\{\{\w+\}\}/, 'no placeholder left in the README');
});

test('importing the ESM entry on a server touches no window, document, navigator or cookie, and every answer fails closed', () => {
  writeFileSync(join(project.path, 'ssr.mjs'), `
    const touched = [];
    for (const name of ['window', 'document', 'navigator', 'localStorage', 'location']) {
      Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
    }
    const consent = await import('jl-consent');
    const atImport = [...touched];
    const calls = [];
    const stop = consent.onDecision(() => calls.push('decision'));
    const shown = await consent.show();
    await consent.acceptAll();
    console.log(JSON.stringify({
      atImport, exports: Object.keys(consent).sort(),
      analytics: consent.isGranted('analytics'), necessary: consent.isGranted('necessary'),
      decision: consent.getDecision(), shown: shown ?? null, stop: typeof stop, calls,
    }));
  `);
  const result = JSON.parse(run(project.path, process.execPath, ['ssr.mjs']));
  assert.deepEqual(result.atImport, [], 'nothing global is touched while the module is imported');
  assert.deepEqual(result.exports, ['acceptAll', 'acceptCategory', 'getDecision', 'isGranted', 'on', 'onChange', 'onDecision', 'rejectAll', 'reset', 'show', 'showPreferences']);
  assert.equal(result.analytics, false);
  assert.equal(result.necessary, true);
  assert.equal(result.decision, null);
  assert.equal(result.shown, null);
  assert.equal(result.stop, 'function');
  assert.deepEqual(result.calls, []);
});

test('the types check in a strict TypeScript project, under Node and bundler resolution', () => {
  writeFileSync(join(project.path, 'check.ts'), `
    import { isGranted, getDecision, onDecision, on, show, acceptCategory, type ConsentEventDetail } from 'jl-consent';
    const granted: boolean = isGranted('analytics');
    const consentId: string | undefined = getDecision()?.consentId;
    const stop: () => void = onDecision((detail: ConsentEventDetail) => { detail.granted.includes('advertising'); });
    on('change', (detail) => detail.action === 'withdraw');
    const done: Promise<void> = show();
    void acceptCategory(['functional', 'analytics']);
    // The snippet's global is typed too.
    const version: string | undefined = window.JetConsent.version;
    // @ts-expect-error: not an event
    on('decided', () => {});
    // @ts-expect-error: a category is a string
    isGranted(42);
    export { granted, consentId, stop, done, version };
  `);
  for (const resolution of [['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['--module', 'esnext', '--moduleResolution', 'bundler']]) {
    run(project.path, process.execPath, [TSC, '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', ...resolution, 'check.ts']);
  }
});

test('a bundle that imports one function keeps only that function', () => {
  writeFileSync(join(project.path, 'app.mjs'), "import { isGranted } from 'jl-consent';\nconsole.log(isGranted('analytics'));\n");
  const [output] = buildSync({
    entryPoints: [join(project.path, 'app.mjs')], absWorkingDir: project.path, bundle: true, minify: true, format: 'esm', write: false,
  }).outputFiles;
  for (const left of ['showPreferences', 'acceptAll', 'jl-consent:', 'load', 'first-decision']) {
    assert.ok(!output.text.includes(left), `"${left}" was shaken out: ${output.text}`);
  }
  assert.ok(output.text.includes('JetConsent'));
  assert.ok(output.text.length < 300, `${output.text.length} bytes: ${output.text}`);
});

test("the jl-consent command copies the widget's files where a site serves them", () => {
  const printed = run(project.path, 'npx', ['--no-install', 'jl-consent', 'copy', 'public/jl-consent']);
  const copied = readdirSync(join(project.path, 'public', 'jl-consent')).sort();
  assert.deepEqual(copied, readdirSync(join(installed, 'dist')).sort());
  for (const file of copied) {
    assert.ok(readFileSync(join(project.path, 'public', 'jl-consent', file)).equals(readFileSync(join(installed, 'dist', file))), file);
  }
  assert.match(printed, /<script src="\/jl-consent\/consent\.js"><\/script>/);
  assert.equal(run(project.path, 'npx', ['--no-install', 'jl-consent', '--version']).trim(), VERSION);
  assert.throws(() => run(project.path, 'npx', ['--no-install', 'jl-consent', 'paste'], { stdio: 'pipe' }), /usage: jl-consent copy DIR/);
});

test('packing again from the same commit gives the same bytes, whatever the umask', () => {
  const again = temporaryFolder('jl-pack-again-');
  const umask = process.umask(0o077);
  try {
    const repacked = pack({ out: again.path });
    assert.ok(readFileSync(repacked.tarball).equals(readFileSync(tarball())), 'the same tarball bytes');
  } finally {
    process.umask(umask);
    again.remove();
  }
});
