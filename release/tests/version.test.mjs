// One version for the whole product: every copy agrees with Cargo.toml, a bump rewrites them all,
// and a copy left behind is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../../loader/bundle.mjs';
import { COPIES, ROOT, changelogSection, disagreements, productVersion, setVersion, workspaceCrates } from '../version.mjs';

/** A copy of the files that hold the version, in a temporary folder. */
function copyOfVersionFiles() {
  const root = mkdtempSync(join(tmpdir(), 'jl-version-'));
  const manifests = ['Cargo.toml', ...['core', 'api', 'server', 'dashboard', 'audit'].map((dir) => `${dir}/Cargo.toml`)];
  for (const file of [...manifests, ...COPIES.map((copy) => copy.file)]) cpSync(join(ROOT, file), join(root, file));
  return root;
}

test('every copy of the version agrees with Cargo.toml', () => {
  assert.match(productVersion(), /^\d+\.\d+\.\d+/);
  assert.deepEqual(disagreements(), []);
});

test('the workspace crates are the ones that inherit the version', () => {
  assert.deepEqual(workspaceCrates().sort(), ['jl-consent', 'jl-consent-api', 'jl-consent-audit', 'jl-consent-core', 'jl-consent-dashboard', 'jl-consent-server']);
  for (const dir of ['core', 'api', 'server', 'dashboard', 'audit']) {
    assert.match(readFileSync(join(ROOT, dir, 'Cargo.toml'), 'utf8'), /^version\.workspace = true$/m, `${dir}/Cargo.toml inherits the version`);
  }
});

test("stage 2 reports the product version as JetConsent.version", () => {
  assert.ok(bundle('consent-ui.js').includes(JSON.stringify(productVersion())));
});

test('a bump rewrites every copy a program can write, and names the changelog until its section is written', () => {
  const root = copyOfVersionFiles();
  try {
    const left = setVersion('7.8.9', root);
    assert.equal(productVersion(root), '7.8.9');
    assert.deepEqual(left, [`CHANGELOG.md: a section for the version (\`## [X.Y.Z] - YYYY-MM-DD\`) says ${productVersion()}, Cargo.toml says 7.8.9`]);
    assert.match(readFileSync(join(root, 'schema/jl-consent.schema.json'), 'utf8'), /"\$id": "https:\/\/jetfin\.kz\/jl-consent\/7\.8\.9\/jl-consent\.schema\.json"/);
    for (const lock of ['Cargo.lock', 'fuzz/Cargo.lock']) {
      assert.match(readFileSync(join(root, lock), 'utf8'), /name = "jl-consent-core"\nversion = "7\.8\.9"/, lock);
      assert.match(readFileSync(join(root, lock), 'utf8'), /name = "libfuzzer-sys"|name = "serde"/, `${lock} keeps other crates`);
    }
    const changelog = join(root, 'CHANGELOG.md');
    // The release's section takes the place of what [Unreleased] held (whatever that is today).
    writeFileSync(changelog, readFileSync(changelog, 'utf8')
      .replace(/## \[Unreleased\]\n[\s\S]*?(?=\n## \[)/, '## [Unreleased]\n\n## [7.8.9] - 2027-01-02\n\n### Fixed\n\n- Something.\n'));
    assert.deepEqual(disagreements(root), []);
    assert.equal(changelogSection('7.8.9', root), '## [7.8.9] - 2027-01-02\n\n### Fixed\n\n- Something.\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a copy that disagrees is named, with what it says', () => {
  const root = copyOfVersionFiles();
  try {
    const schema = join(root, 'schema/jl-consent.schema.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(`/${productVersion()}/`, '/0.9.0/'));
    const lock = join(root, 'Cargo.lock');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace(/(name = "jl-consent-server"\nversion = )"[^"]+"/, '$1"0.9.1"'));
    const problems = disagreements(root);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /^Cargo\.lock: .* says (.*, )?0\.9\.1/);
    assert.match(problems[1], /^schema\/jl-consent\.schema\.json: the `\$id` says 0\.9\.0, Cargo\.toml says /);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the release notes are the changelog's section for the version", () => {
  const section = changelogSection(productVersion());
  assert.ok(section.startsWith(`## [${productVersion()}] - `));
  assert.ok(!section.includes('## [Unreleased]'));
});
