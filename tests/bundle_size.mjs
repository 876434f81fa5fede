// The widget's bytes on a first visit (loader + wasm-bindgen glue + wasm; its CSS and texts are
// inside the wasm) and on a returning visit (the loader alone), raw and brotli.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url);
const FIRST_VISIT = ['consent.js', 'jl-consent.js', 'jl-consent_bg.wasm'];
const RETURNING_VISIT = ['consent.js'];

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function measure(files) {
  return files.map((name) => {
    const bytes = readFileSync(new URL(name, DIST));
    return { name, raw: bytes.length, brotli: brotli(bytes) };
  });
}

const total = (rows) => rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, brotli: sum.brotli + r.brotli }), { raw: 0, brotli: 0 });

const first = measure(FIRST_VISIT);
const returning = measure(RETURNING_VISIT);
console.log('file                      raw        brotli');
for (const row of first) console.log(`${row.name.padEnd(24)} ${kb(row.raw).padStart(9)} ${kb(row.brotli).padStart(10)}`);
const t = total(first);
console.log(`${'first visit, total'.padEnd(24)} ${kb(t.raw).padStart(9)} ${kb(t.brotli).padStart(10)}`);
const r = total(returning);
console.log(`${'returning visit, total'.padEnd(24)} ${kb(r.raw).padStart(9)} ${kb(r.brotli).padStart(10)}`);
console.log(JSON.stringify({ firstVisit: t, returningVisit: r, files: first }));
