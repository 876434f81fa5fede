// The peer consent banners: exact npm versions, installed at bench time into a git-ignored folder
// (bench/browser/peers/node_modules), never committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEERS_MODULES, PEERS_PREFIX } from './paths.mjs';

export const PEER_PACKAGES = {
  'vanilla-cookieconsent': '3.1.0',
  klaro: '0.7.22',
  cookieconsent: '3.1.1',
  tarteaucitronjs: '1.34.0',
};

export function installedVersion(name) {
  const manifest = join(PEERS_MODULES, name, 'package.json');
  if (!existsSync(manifest)) return null;
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

/** Installs the exact versions that are missing (npm install --prefix …); a no-op when all are there. */
export function installPeers({ log = console.error } = {}) {
  const missing = Object.entries(PEER_PACKAGES).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length === 0) return;
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  log(`installing peers from npm into bench/browser/peers: ${specs.join(' ')}`);
  mkdirSync(PEERS_PREFIX, { recursive: true });
  // --ignore-scripts: only the packages' files are served, nothing of theirs runs on this machine.
  execFileSync('npm', [
    'install', '--prefix', PEERS_PREFIX, '--no-save', '--no-package-lock', '--no-audit', '--no-fund',
    '--ignore-scripts', '--loglevel=error', ...specs,
  ], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (const [name, version] of Object.entries(PEER_PACKAGES)) {
    const found = installedVersion(name);
    if (found !== version) throw new Error(`npm installed ${name}@${found}, expected ${version}`);
  }
}
