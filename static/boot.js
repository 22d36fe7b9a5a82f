// Starts the wasm app without any inline script, so the page's CSP can be `script-src 'self'`.
// Trunk writes the (content-hashed) file names of the wasm-bindgen glue and the wasm module into the
// JSON data block #sso-doctor-assets (see `pattern_script` in Trunk.toml).
const assets = JSON.parse(document.getElementById("sso-doctor-assets").textContent);
const { default: init } = await import(new URL(assets.js, document.baseURI).href);
await init({ module_or_path: new URL(assets.wasm, document.baseURI).href });
