// Starts the wasm app without any inline script and without fetch(), so the page's CSP can be `script-src 'self'`
// and `connect-src 'none'`. Trunk writes the (content-hashed) file name of the wasm-bindgen glue into the JSON data
// block #sso-doctor-assets (see `pattern_script` in Trunk.toml); the post_build hook xtask/embed-wasm replaces the
// .wasm file with a JS module holding its bytes as a string (one character per byte, mapped back through `byteOf`)
// and names that module there as `wasm_module`. The long form of the rule documentation is not in the wasm: the hook
// (xtask/post-build) also writes it as a module named there as `rule_docs`, which the app imports on the first "Learn more" through
// `ssoDoctorRuleDocs()` below (src/ui/rule_docs.rs).
const assets = JSON.parse(document.getElementById("sso-doctor-assets").textContent);
if (!assets.wasm_module) {
  throw new Error("sso-doctor: built without the xtask/embed-wasm hook (no wasm_module in #sso-doctor-assets)");
}
const url = (path) => new URL(path, document.baseURI).href;
if (assets.rule_docs) {
  globalThis.ssoDoctorRuleDocs = () => import(url(assets.rule_docs));
}
const [{ default: init }, { default: text, byteOf }] = await Promise.all([
  import(url(assets.js)),
  import(url(assets.wasm_module)),
]);
const byteOfChar = Uint8Array.from(byteOf);
const bytes = new Uint8Array(text.length);
for (let i = 0; i < text.length; i++) {
  bytes[i] = byteOfChar[text.charCodeAt(i)];
}
await init({ module_or_path: bytes });
