// Report of bench/wasm-size: the analysis build's items (twiggy's JSON) grouped by crate, and by
// module for the widget and the core, with their share of the shipped wasm's brotli size.
//   node bench/wasm-size.mjs ITEMS.json SHIPPED.wasm [TOP]
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const [itemsPath, shippedPath, topArg] = process.argv.slice(2);
const items = JSON.parse(readFileSync(itemsPath, 'utf8'));
const shipped = readFileSync(shippedPath);
const shippedBrotli = brotliCompressSync(shipped, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const OURS = /\b(jl_consent_core|jl_consent)\[[0-9a-f]+\]::([a-z_0-9]+)/;

/** [group, module] of one item. */
function owner(name) {
  if (/^"|subsection|^custom section/.test(name)) return null; // the name section: not shipped
  if (name.startsWith('data segment')) return ['(data: texts, stylesheet, tables)', ''];
  if (/^mount\b/.test(name)) return ['jl_consent (widget)', 'mount (start-up, inlined)'];
  const ours = OURS.exec(name);
  if (ours) return ours[1] === 'jl_consent' ? ['jl_consent (widget)', ours[2]] : ['jl_consent_core', ours[2]];
  if (/\byew\[/.test(name)) return ['yew', ''];
  const crate = /([a-z_][a-z0-9_]*)\[[0-9a-f]+\]/.exec(name);
  if (crate) return [crate[1], ''];
  if (/^(import|export|type|elem|code|table|memory|global)\b|^__wbindgen|^__externref|^__wbg/.test(name)) return ['(wasm-bindgen glue and wasm sections)', ''];
  return ['(other, unnamed)', ''];
}

const groups = new Map();
const modules = new Map();
let total = 0;
for (const item of items) {
  const found = owner(item.name);
  if (!found) continue;
  const [group, module] = found;
  total += item.shallow_size;
  groups.set(group, (groups.get(group) || 0) + item.shallow_size);
  if (module) modules.set(`${group} › ${module}`, (modules.get(`${group} › ${module}`) || 0) + item.shallow_size);
}

const kb = (n) => (n / 1024).toFixed(1);
const row = (label, bytes) => `| ${label} | ${kb(bytes)} | ${(100 * bytes / total).toFixed(1)} % | ≈ ${kb(bytes / total * shippedBrotli)} |`;
console.log(`Analysis build: ${kb(total)} KB of code and data (the shipped file is ${kb(shipped.length)} KB raw, ${kb(shippedBrotli)} KB brotli; brotli per group is that size shared out by raw bytes, an estimate).\n`);
console.log('| crate | KB | share | KB brotli |\n|---|---:|---:|---:|');
for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1])) console.log(row(group, bytes));
console.log('\n| widget and core, by module | KB | share | KB brotli |\n|---|---:|---:|---:|');
for (const [module, bytes] of [...modules].sort((a, b) => b[1] - a[1]).filter(([, b]) => b >= 256)) console.log(row(module, bytes));
const top = Number(topArg || 0);
if (top > 0) {
  console.log(`\n| the ${top} largest items | bytes |\n|---|---:|`);
  for (const item of items.filter((i) => owner(i.name)).sort((a, b) => b.shallow_size - a.shallow_size).slice(0, top)) {
    console.log(`| ${item.name.replace(/\[[0-9a-f]+\]/g, '').replace(/\|/g, '\\|').slice(0, 140)} | ${item.shallow_size} |`);
  }
}
