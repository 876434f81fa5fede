// Where things are, relative to this file (never an absolute path of one machine).
import { fileURLToPath } from 'node:url';

export const ROOT = new URL('../../', import.meta.url);
export const rootPath = (relative = '') => fileURLToPath(new URL(relative, ROOT));
export const DIST = rootPath('dist/');
export const PEERS_PREFIX = rootPath('bench/browser/peers/');
export const PEERS_MODULES = rootPath('bench/browser/peers/node_modules/');
export const RESULTS = rootPath('bench/results/');
export const README = rootPath('bench/README.md');
// The bare Yew banner as bench/yew-floor/measure builds it, and where the benchmark serves it.
export const FLOOR_BUILT = rootPath('bench/yew-floor/target/measured/');
export const FLOOR_PREFIX = '/floor/';
