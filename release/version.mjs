// The product's one version number (SemVer), declared once: `version` under [workspace.package]
// in Cargo.toml. The crates inherit it (so the server's and the audit's `--version` print it), the
// loader's bundle and the npm package read it from there at build time, and the few files that
// must hold it as text (the lock file, the configuration schema's `$id`, the changelog) are listed
// in COPIES: `scripts/version X.Y.Z` rewrites them and `scripts/version --check` (a step of
// scripts/test) fails when any disagrees.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** True for a SemVer 2.0 version such as 1.0.0 or 1.1.0-rc.1. */
export const isSemver = (text) => typeof text === 'string' && SEMVER.test(text);

const read = (root, path) => readFileSync(`${root}/${path}`, 'utf8');

/** The lines of the TOML table `[name]` in `text` (up to the next table). */
function tomlTable(text, name) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `[${name}]`);
  if (start < 0) return [];
  const end = lines.findIndex((line, at) => at > start && /^\s*\[/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The product version, as declared in Cargo.toml; throws when it is missing or not SemVer. */
export function productVersion(root = ROOT) {
  const line = tomlTable(read(root, 'Cargo.toml'), 'workspace.package').find((l) => /^\s*version\s*=/.test(l));
  const version = line && /=\s*"([^"]*)"/.exec(line)?.[1];
  if (!isSemver(version)) throw new Error(`Cargo.toml: [workspace.package] version ${JSON.stringify(version ?? null)} is not a SemVer version`);
  return version;
}

/** The workspace's own crates (the members that inherit the version), by name. */
export function workspaceCrates(root = ROOT) {
  const members = /members\s*=\s*\[([^\]]*)\]/.exec(tomlTable(read(root, 'Cargo.toml'), 'workspace').join('\n'))?.[1] ?? '';
  return [...members.matchAll(/"([^"]+)"/g)].map(([, dir]) => {
    const manifest = read(root, dir === '.' ? 'Cargo.toml' : `${dir}/Cargo.toml`);
    return /^\s*name\s*=\s*"([^"]+)"/m.exec(tomlTable(manifest, 'package').join('\n'))[1];
  });
}

/** The lock files that name the workspace's crates: its own, and the fuzz targets' (a workspace of their own). */
const LOCK_FILES = ['Cargo.lock', 'fuzz/Cargo.lock'];
const LOCK_ENTRY = /\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g;
const SCHEMA = 'schema/jl-consent.schema.json';
/** The configuration schema's `$id` for a version: one address per version, as a CDN path has. */
export const schemaId = (version) => `https://jetfin.kz/jl-consent/${version}/jl-consent.schema.json`;
const CHANGELOG = 'CHANGELOG.md';

/**
 * Every file that holds the version as text: what each holds (`found`, a list) and how to
 * rewrite it for another version (`rewrite(text, version, root)`, or null where a person writes it).
 */
export const COPIES = [
  ...LOCK_FILES.map((file) => ({
    file,
    what: "the workspace crates' entries",
    found(text, root) {
      const crates = new Set(workspaceCrates(root));
      return [...text.matchAll(LOCK_ENTRY)].filter(([, name]) => crates.has(name)).map(([, , version]) => version);
    },
    // The path crates' entries carry no checksum: their version line is all that changes.
    rewrite(text, version, root) {
      const crates = new Set(workspaceCrates(root));
      return text.replace(LOCK_ENTRY, (entry, name) => (crates.has(name) ? entry.replace(/version = "[^"]+"$/, `version = "${version}"`) : entry));
    },
  })),
  {
    file: SCHEMA,
    what: 'the `$id`',
    found: (text) => [JSON.parse(text).$id?.match(/\/([^/]+)\/jl-consent\.schema\.json$/)?.[1] ?? null],
    rewrite: (text, version) => text.replace(/("\$id":\s*")[^"]*(")/, `$1${schemaId(version)}$2`),
  },
  {
    file: CHANGELOG,
    what: 'a section for the version (`## [X.Y.Z] - YYYY-MM-DD`)',
    found: (text) => [...text.matchAll(/^## \[(\d[^\]]*)\] - \d{4}-\d{2}-\d{2}$/gm)].slice(0, 1).map(([, version]) => version),
    rewrite: null, // the section says what changed: a person writes it
  },
];

/** Each copy that disagrees with the product version, as a sentence; empty when all agree. */
export function disagreements(root = ROOT) {
  const version = productVersion(root);
  const problems = [];
  for (const copy of COPIES) {
    let found;
    try {
      found = copy.found(read(root, copy.file), root);
    } catch (error) {
      problems.push(`${copy.file}: could not be read (${error.message})`);
      continue;
    }
    if (!found.length || found.some((v) => v !== version)) {
      problems.push(`${copy.file}: ${copy.what} says ${found.length ? found.join(', ') : 'nothing'}, Cargo.toml says ${version}`);
    }
  }
  return problems;
}

/**
 * Sets the product version to `version` in Cargo.toml and rewrites every copy that a program can
 * write (the changelog's section is left to a person). Returns what still disagrees.
 */
export function setVersion(version, root = ROOT) {
  if (!isSemver(version)) throw new Error(`${JSON.stringify(version)} is not a SemVer version (X.Y.Z)`);
  const text = read(root, 'Cargo.toml');
  const table = text.indexOf('\n[workspace.package]\n');
  const at = table < 0 ? -1 : text.slice(table).search(/^version\s*=\s*"[^"]*"/m);
  if (at < 0) throw new Error('Cargo.toml has no version under [workspace.package]');
  const start = table + at;
  writeFileSync(`${root}/Cargo.toml`, text.slice(0, start) + text.slice(start).replace(/^version\s*=\s*"[^"]*"/m, `version = "${version}"`));
  for (const copy of COPIES) {
    if (copy.rewrite) writeFileSync(`${root}/${copy.file}`, copy.rewrite(read(root, copy.file), version, root));
  }
  return disagreements(root);
}

/** The changelog's section for `version` (its heading and text up to the next version), or null. */
export function changelogSection(version, root = ROOT) {
  const text = read(root, CHANGELOG);
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## [${version}] - `));
  if (start < 0) return null;
  const end = lines.findIndex((line, at) => at > start && (/^## \[/.test(line) || /^\[[^\]]+\]:\s/.test(line)));
  return `${lines.slice(start, end < 0 ? undefined : end).join('\n').trimEnd()}\n`;
}
