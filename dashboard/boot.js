// Starts the dashboard's WebAssembly without an inline script, so the page runs under
// `script-src 'self' 'wasm-unsafe-eval'`. Trunk writes the hashed file names into a <meta> (see Trunk.toml).
const names = document.querySelector('meta[name="jl-dashboard-wasm"]');
if (names) {
  const bindings = await import(names.dataset.js);
  await bindings.default({ module_or_path: names.dataset.wasm });
} else {
  console.warn('jl-dashboard: the <meta name="jl-dashboard-wasm"> written by Trunk is missing');
}
